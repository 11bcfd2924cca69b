//! [`SealedPhotos`]: the photo store with every file sealed under the photo key (issue 19).
//! Names stay content-addressed (SHA-256 of the plaintext) and the files stay in the same
//! per-patient folders, so erasure, quotas and backups work on them unchanged.

use std::sync::Arc;

use super::key::PhotoKey;
use super::{PhotoBlobs, PhotoStore, format};
use crate::secrets::sha256_hex;

/// Photos sealed at rest, in a [`PhotoStore`]'s folders.
#[derive(Debug, Clone)]
pub struct SealedPhotos {
    files: PhotoStore,
    key: Arc<PhotoKey>,
}

impl SealedPhotos {
    /// Seals into (and opens from) `files` with `key`.
    pub fn new(files: PhotoStore, key: Arc<PhotoKey>) -> Self {
        Self { files, key }
    }
}

impl PhotoBlobs for SealedPhotos {
    fn put(&self, patient_id: &str, bytes: &[u8]) -> std::io::Result<String> {
        let sha = sha256_hex(bytes);
        if self.files.path(patient_id, &sha)?.exists() {
            return Ok(sha);
        }
        let sealed = format::seal(&self.key, &sha256_hex(patient_id), &sha, bytes)?;
        self.files.store(patient_id, &sha, &sealed)?;
        Ok(sha)
    }

    fn get(&self, patient_id: &str, sha256: &str) -> std::io::Result<Vec<u8>> {
        let file = self.files.read_file(patient_id, sha256)?;
        Ok(format::open(&self.key, &sha256_hex(patient_id), sha256, &file)?)
    }

    fn delete_patient(&self, patient_id: &str) -> std::io::Result<usize> {
        self.files.delete_patient(patient_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_files_hold_no_plaintext_and_open_only_in_their_own_folder() {
        let dir = tempfile::tempdir().unwrap();
        let files = PhotoStore::beside(&dir.path().join("clinic.db"));
        files.ensure_dir().unwrap();
        let sealed = SealedPhotos::new(files.clone(), Arc::new(PhotoKey::from_bytes(&[7; 32])));
        let photo = b"\xFF\xD8\xFF\xE0 a face \xFF\xD9";
        let sha = sealed.put("patient-a", photo).unwrap();
        assert_eq!(sha, sha256_hex(photo));
        let on_disk = std::fs::read(files.path("patient-a", &sha).unwrap()).unwrap();
        assert!(!on_disk.starts_with(b"\xFF\xD8"));
        assert_eq!(sealed.get("patient-a", &sha).unwrap(), photo);
        // The plain store refuses to hand out ciphertext.
        assert!(files.get("patient-a", &sha).is_err());
        // Moved into another patient's folder: refused.
        std::fs::create_dir(files.patient_dir("patient-b")).unwrap();
        std::fs::write(files.path("patient-b", &sha).unwrap(), &on_disk).unwrap();
        let err = sealed.get("patient-b", &sha).unwrap_err();
        assert!(err.to_string().contains("does not authenticate"), "{err}");
        assert_eq!(sealed.delete_patient("patient-a").unwrap(), 1);
    }
}
