//! The photo key (issue 19): 32 random bytes in a file of its own, written as 64 hex digits and
//! a newline, held outside the data folder so that a copy of the folder (a stolen disk image, a
//! stray backup) holds no key to its photos. The database key (`store::sqlite::cipher`) is the
//! same kind of file, read and written by [`read_key_file`] and [`create_key_file`].

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::KeyInit;
use chacha20poly1305::{Key, XChaCha20Poly1305};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

/// Eight bytes naming a key without revealing it: the start of a SHA-256 of the key under a
/// fixed label. Written into every sealed file, so the wrong key is told apart from a damaged
/// file before any decryption.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId(pub [u8; 8]);

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

/// Why a key file was refused.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// The file system refused.
    #[error("key file {path}: {source}")]
    Io {
        /// The key file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Other accounts may read it (or it is no plain file).
    #[error(
        "key file {path} is readable by other accounts (mode {mode:o}): run `chmod 600 {path}`"
    )]
    Open {
        /// The key file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// It lies inside the data folder, so every copy of the folder would carry its key.
    #[error(
        "key file {path} is inside the data folder {data}: keep it elsewhere (e.g. \
         /etc/afterglow/), or a copy of the folder carries its own key"
    )]
    InsideDataFolder {
        /// The key file.
        path: PathBuf,
        /// The data folder.
        data: PathBuf,
    },
    /// Not 64 hex digits.
    #[error("key file {0} does not hold a key: expected 64 hex digits (32 bytes)")]
    Malformed(PathBuf),
    /// `photo-key new` would overwrite a file.
    #[error(
        "{0} exists; a new key goes to a new file (a lost key loses everything encrypted with it)"
    )]
    Exists(PathBuf),
    /// The OS random source failed.
    #[error(transparent)]
    Random(#[from] crate::secrets::RandomError),
}

/// A loaded photo key: the cipher (which wipes its key when dropped) and its id.
pub struct PhotoKey {
    pub(super) cipher: XChaCha20Poly1305,
    id: KeyId,
}

impl fmt::Debug for PhotoKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhotoKey({})", self.id)
    }
}

impl PhotoKey {
    /// A key from its 32 bytes.
    pub fn from_bytes(bytes: &[u8; 32]) -> Self {
        let mut hash = Sha256::new();
        hash.update(b"afterglow photo key id v1\0");
        hash.update(bytes);
        let digest = hash.finalize();
        let mut id = [0u8; 8];
        id.copy_from_slice(&digest[..8]);
        let mut key = Key::from(*bytes);
        let cipher = XChaCha20Poly1305::new(&key);
        // The cipher keeps (and on drop wipes) its own copy; this one goes now.
        key.as_mut_slice().zeroize();
        Self { cipher, id: KeyId(id) }
    }

    /// The key's id (safe to print and log).
    pub fn id(&self) -> KeyId {
        self.id
    }

    /// Reads a key file, refusing one that other accounts may read or that lies inside
    /// `data_folder` (symbolic links resolved).
    pub fn load(path: &Path, data_folder: Option<&Path>) -> Result<Self, KeyFileError> {
        Ok(Self::from_bytes(&*read_key_file(path, data_folder)?))
    }

    /// Makes a new random key in a new file (0600, never over an existing one) and loads it.
    pub fn create(path: &Path) -> Result<Self, KeyFileError> {
        Ok(Self::from_bytes(&*create_key_file(path)?))
    }
}

/// The 32 bytes of a key file, refusing one that other accounts may read or that lies inside
/// `data_folder` (symbolic links resolved).
pub fn read_key_file(
    path: &Path,
    data_folder: Option<&Path>,
) -> Result<Zeroizing<[u8; 32]>, KeyFileError> {
    let io = |source| KeyFileError::Io { path: path.to_owned(), source };
    let meta = std::fs::metadata(path).map_err(io)?;
    let mode = permission_bits(&meta);
    if !meta.is_file() || mode & 0o077 != 0 {
        return Err(KeyFileError::Open { path: path.to_owned(), mode });
    }
    if let Some(data) = data_folder {
        let key = std::fs::canonicalize(path).map_err(io)?;
        let data = std::fs::canonicalize(data).map_err(io)?;
        if key.starts_with(&data) {
            return Err(KeyFileError::InsideDataFolder { path: path.to_owned(), data });
        }
    }
    let text = Zeroizing::new(std::fs::read_to_string(path).map_err(io)?);
    let mut bytes = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(text.trim(), bytes.as_mut())
        .map_err(|_| KeyFileError::Malformed(path.to_owned()))?;
    Ok(bytes)
}

/// Writes 32 new random bytes as a key file (0600, synced, never over an existing file).
pub fn create_key_file(path: &Path) -> Result<Zeroizing<[u8; 32]>, KeyFileError> {
    let io = |source| KeyFileError::Io { path: path.to_owned(), source };
    if path.exists() {
        return Err(KeyFileError::Exists(path.to_owned()));
    }
    let bytes = Zeroizing::new(crate::secrets::random_bytes::<32>()?);
    let text = Zeroizing::new(format!("{}\n", hex::encode(bytes.as_ref())));
    let mut file = crate::datadir::create_private(path).map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)?;
    Ok(bytes)
}

#[cfg(unix)]
fn permission_bits(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn permission_bits(_meta: &std::fs::Metadata) -> u32 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_is_refused_when_open_inside_the_data_folder_or_malformed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let path = dir.path().join("photo.key");
        let key = PhotoKey::create(&path).unwrap();
        assert!(matches!(PhotoKey::create(&path), Err(KeyFileError::Exists(_))));
        assert_eq!(PhotoKey::load(&path, Some(&data)).unwrap().id(), key.id());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
        assert!(PhotoKey::load(&path, Some(&data)).is_ok());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let err = PhotoKey::load(&path, Some(&data)).unwrap_err();
        assert!(err.to_string().contains("chmod 600"), "{err}");
        let inside = data.join("photo.key");
        PhotoKey::create(&inside).unwrap();
        let err = PhotoKey::load(&inside, Some(&data)).unwrap_err();
        assert!(matches!(err, KeyFileError::InsideDataFolder { .. }), "{err}");
        let bad = dir.path().join("bad.key");
        crate::datadir::create_private(&bad).unwrap().write_all(b"not hex\n").unwrap();
        assert!(matches!(PhotoKey::load(&bad, None), Err(KeyFileError::Malformed(_))));
    }
}
