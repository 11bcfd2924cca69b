//! The default photo store: a folder beside the database, one sub-folder per patient.
//!
//! `<db>.photos/<sha256 of the patient id>/<sha256 of the bytes>.jpg`. The patient's folder is
//! named by a hash so that no patient id (nor anything a client sent) ever becomes a path, and
//! erasing a patient is removing one folder. Files are written to a temporary name, synced,
//! renamed and the folder synced, before the row that points at them is committed.
//!
//! Servers before this layout kept every photo flat in `<db>.photos/<sha>.jpg`, shared by every
//! patient who uploaded the same bytes; [`PhotoStore::migrate_flat`] moves them at start.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::PhotoBlobs;
use crate::secrets::sha256_hex;

/// The folder of photo files.
#[derive(Debug, Clone)]
pub struct PhotoStore {
    dir: PathBuf,
}

pub(super) fn is_sha256_hex(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

fn invalid(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, what.to_owned())
}

pub(super) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

impl PhotoStore {
    /// Photos for database `db` live in `<db>.photos/` beside it.
    pub fn beside(db: &Path) -> Self {
        let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".photos");
        Self { dir: db.with_file_name(name) }
    }

    /// Photos in `dir` (a backup's copy).
    pub fn at(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Creates the folder if needed (0700: photos are faces).
    pub fn ensure_dir(&self) -> std::io::Result<()> {
        crate::datadir::create_private_dir(&self.dir)
    }

    /// A patient's folder.
    pub fn patient_dir(&self, patient_id: &str) -> PathBuf {
        self.dir.join(sha256_hex(patient_id))
    }

    /// The file of one photo; the hash is checked to be hex so no stored value can ever point
    /// outside the folder.
    pub fn path(&self, patient_id: &str, sha256: &str) -> std::io::Result<PathBuf> {
        if !is_sha256_hex(sha256) {
            return Err(invalid("bad photo name"));
        }
        Ok(self.patient_dir(patient_id).join(format!("{sha256}.jpg")))
    }

    /// Moves photos of the flat layout (one file per distinct content, shared by patients)
    /// into each patient's folder: every `(patient id, sha256)` row gets its own file (a hard
    /// link where the file system allows, else a copy), and only once all are in place are the
    /// flat files removed, so a crash part-way leaves a state that the next start finishes.
    /// Flat files no row names (left by an upload whose row was never committed) go too.
    /// Returns how many patient files were made.
    pub fn migrate_flat(&self, rows: &[(String, String)]) -> std::io::Result<usize> {
        let flat = |sha: &str| self.dir.join(format!("{sha}.jpg"));
        let mut made = 0;
        for (patient_id, sha) in rows {
            let target = self.path(patient_id, sha)?;
            if target.exists() || !flat(sha).exists() {
                continue;
            }
            let folder = self.patient_dir(patient_id);
            crate::datadir::create_private_dir(&folder)?;
            if fs::hard_link(flat(sha), &target).is_err() {
                let bytes = fs::read(flat(sha))?;
                write_durably(&folder, &target, sha, &bytes)?;
            }
            sync_dir(&folder)?;
            made += 1;
        }
        let mut removed = false;
        for entry in fs::read_dir(&self.dir)? {
            let path = entry?.path();
            let is_flat = path.is_file()
                && path.extension().is_some_and(|e| e == "jpg")
                && path.file_stem().and_then(|s| s.to_str()).is_some_and(is_sha256_hex);
            if is_flat {
                fs::remove_file(&path)?;
                removed = true;
            }
        }
        if removed || made > 0 {
            sync_dir(&self.dir)?;
        }
        Ok(made)
    }
}

/// Writes `bytes` to a temporary name in `folder`, syncs, renames to `target` (replacing the
/// file there at once, never part of it), syncs the folder.
pub(super) fn write_durably(
    folder: &Path,
    target: &Path,
    sha: &str,
    bytes: &[u8],
) -> std::io::Result<()> {
    let tmp = folder.join(format!("{sha}.tmp-{}", std::process::id()));
    {
        // A leftover of a crash of an earlier process with this id; 0600 from creation.
        let _ = fs::remove_file(&tmp);
        let mut file = crate::datadir::create_private(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    fs::rename(&tmp, target)?;
    sync_dir(folder)
}

impl PhotoStore {
    /// Writes a patient's file `<sha256>.jpg` unless it exists (content-addressed: the same
    /// name always holds the same photo), making the patient's folder when needed.
    pub(super) fn store(&self, patient_id: &str, sha: &str, file: &[u8]) -> std::io::Result<()> {
        let path = self.path(patient_id, sha)?;
        if path.exists() {
            return Ok(());
        }
        let folder = self.patient_dir(patient_id);
        if !folder.exists() {
            crate::datadir::create_private_dir(&folder)?;
            sync_dir(&self.dir)?;
        }
        write_durably(&folder, &path, sha, file)
    }

    /// A patient's photo file as it is on disk (sealed or not).
    pub(super) fn read_file(&self, patient_id: &str, sha256: &str) -> std::io::Result<Vec<u8>> {
        fs::read(self.path(patient_id, sha256)?)
    }
}

impl PhotoBlobs for PhotoStore {
    fn put(&self, patient_id: &str, bytes: &[u8]) -> std::io::Result<String> {
        let sha = sha256_hex(bytes);
        self.store(patient_id, &sha, bytes)?;
        Ok(sha)
    }

    fn get(&self, patient_id: &str, sha256: &str) -> std::io::Result<Vec<u8>> {
        let bytes = self.read_file(patient_id, sha256)?;
        // Never serve ciphertext as a JPEG: a sealed file here means the key was not given
        // (the start refuses that; this covers a file put back while the server runs).
        if let Ok(super::format::Kind::Sealed(id)) = super::format::kind(&bytes) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("a photo file sealed with photo key {id}, and the server has no key"),
            ));
        }
        Ok(bytes)
    }

    fn delete_patient(&self, patient_id: &str) -> std::io::Result<usize> {
        let folder = self.patient_dir(patient_id);
        let count = match fs::read_dir(&folder) {
            Ok(entries) => entries.count(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        fs::remove_dir_all(&folder)?;
        sync_dir(&self.dir)?;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, PhotoStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = PhotoStore::beside(&dir.path().join("clinic.db"));
        store.ensure_dir().unwrap();
        (dir, store)
    }

    #[test]
    fn same_bytes_are_one_file_per_patient_and_erasure_touches_only_one() {
        let (_dir, store) = store();
        let a = store.put("patient-a", b"same").unwrap();
        assert_eq!(store.put("patient-a", b"same").unwrap(), a);
        assert_eq!(store.put("patient-b", b"same").unwrap(), a);
        assert_ne!(store.path("patient-a", &a).unwrap(), store.path("patient-b", &a).unwrap());
        assert_eq!(store.delete_patient("patient-a").unwrap(), 1);
        assert!(store.get("patient-a", &a).is_err());
        assert_eq!(store.get("patient-b", &a).unwrap(), b"same");
        assert_eq!(store.delete_patient("patient-a").unwrap(), 0);
        assert!(store.get("patient-b", "../../etc/passwd").is_err());
    }

    #[test]
    fn flat_files_move_into_each_patients_folder() {
        let (_dir, store) = store();
        let sha = sha256_hex(b"shared");
        fs::write(store.dir().join(format!("{sha}.jpg")), b"shared").unwrap();
        fs::write(store.dir().join(format!("{}.jpg", sha256_hex(b"orphan"))), b"orphan").unwrap();
        let rows = vec![("a".to_owned(), sha.clone()), ("b".to_owned(), sha.clone())];
        assert_eq!(store.migrate_flat(&rows).unwrap(), 2);
        assert_eq!(store.get("a", &sha).unwrap(), b"shared");
        assert_eq!(store.get("b", &sha).unwrap(), b"shared");
        let flat_left =
            fs::read_dir(store.dir()).unwrap().filter(|e| e.as_ref().unwrap().path().is_file());
        assert_eq!(flat_left.count(), 0);
        // Erasing one leaves the other's link.
        store.delete_patient("a").unwrap();
        assert_eq!(store.get("b", &sha).unwrap(), b"shared");
        // A second start finds nothing to do.
        assert_eq!(store.migrate_flat(&rows).unwrap(), 0);
    }
}
