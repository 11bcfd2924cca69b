//! The database encrypted at rest (issue 19, docs/adr/0004): SQLCipher with a 32-byte key read
//! from a key file outside the data folder, the same kind of file as the photo key
//! ([`crate::photos::key`]). Every connection is given the key before anything else (`PRAGMA
//! key`, as a raw key, so no passphrase derivation runs per connection) and then reads the
//! schema, so a wrong key is found before a byte is written.

use std::path::Path;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::photos::KeyId;
use crate::photos::key::{KeyFileError, create_key_file, read_key_file};
use crate::store::{StoreError, StoreResult};

/// A loaded database key: the value `PRAGMA key` takes (wiped when dropped) and its id.
pub struct DbKey {
    pragma: Zeroizing<String>,
    id: KeyId,
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DbKey({})", self.id)
    }
}

impl DbKey {
    /// A key from its 32 bytes.
    pub fn from_bytes(bytes: &[u8; 32]) -> Self {
        let mut hash = Sha256::new();
        // Another label than the photo key's: one key file used for both shows two ids.
        hash.update(b"afterglow database key id v1\0");
        hash.update(bytes);
        let mut id = [0u8; 8];
        id.copy_from_slice(&hash.finalize()[..8]);
        // SQLCipher's raw-key form: the 32 bytes are the AES key, no PBKDF2 on every open.
        let pragma = Zeroizing::new(format!("x'{}'", hex::encode(bytes)));
        Self { pragma, id: KeyId(id) }
    }

    /// Reads a key file, refusing one that other accounts may read or that lies inside
    /// `data_folder`.
    pub fn load(path: &Path, data_folder: Option<&Path>) -> Result<Self, KeyFileError> {
        Ok(Self::from_bytes(&*read_key_file(path, data_folder)?))
    }

    /// Makes a new random key in a new file (0600, never over an existing one).
    pub fn create(path: &Path) -> Result<Self, KeyFileError> {
        Ok(Self::from_bytes(&*create_key_file(path)?))
    }

    /// What `PRAGMA key` and `ATTACH … KEY` take.
    pub(super) fn pragma_value(&self) -> &str {
        self.pragma.as_str()
    }

    /// The key's id (safe to print and log).
    pub fn id(&self) -> KeyId {
        self.id
    }
}

/// What a database file is, from its first bytes alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// Absent or empty: a new database.
    New,
    /// A plain SQLite file (its header says so in clear).
    Plain,
    /// Anything else: encrypted, or not a database at all.
    Opaque,
}

/// Reads the first 16 bytes of `path`.
pub fn file_state(path: &Path) -> StoreResult<FileState> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::New),
        Err(e) => return Err(StoreError::Corrupt(format!("{}: {e}", path.display()))),
    };
    let mut head = Vec::with_capacity(16);
    file.by_ref()
        .take(16)
        .read_to_end(&mut head)
        .map_err(|e| StoreError::Corrupt(format!("{}: {e}", path.display())))?;
    Ok(match head.as_slice() {
        [] => FileState::New,
        b"SQLite format 3\0" => FileState::Plain,
        _ => FileState::Opaque,
    })
}

/// The key for a command that works on the file as it is: `key` for an encrypted or a new file,
/// none for a plaintext one. Only the server's start encrypts a plaintext file
/// ([`super::SqliteStore::open_keyed`]): it is then the only process using it, whereas a
/// command run beside a live server must not replace the file under it.
pub fn key_as_the_file_is<'k>(
    path: &Path,
    key: Option<&'k DbKey>,
) -> StoreResult<Option<&'k DbKey>> {
    Ok(match file_state(path)? {
        FileState::Plain => None,
        FileState::New | FileState::Opaque => key,
    })
}

/// Opens `path` with `flags`; with a key, unlocks it and proves the key by reading the schema.
pub fn open(path: &Path, flags: OpenFlags, key: Option<&DbKey>) -> StoreResult<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    if let Some(key) = key {
        unlock(&conn, key, path)?;
    }
    Ok(conn)
}

/// Gives `conn` the key and reads the schema with it (reads only: a wrong key changes nothing).
pub fn unlock(conn: &Connection, key: &DbKey, path: &Path) -> StoreResult<()> {
    let cipher: Option<String> =
        conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).optional()?;
    if cipher.is_none() {
        return Err(StoreError::Key(
            "this build of the server has no SQLCipher: it cannot open an encrypted database"
                .into(),
        ));
    }
    // Reading a file with a WAL beside it opens the WAL, and the last connection to close
    // checkpoints it into the file: a connection with the wrong key must not, so until the key
    // is proved this one does not checkpoint on close.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
    conn.pragma_update(None, "key", key.pragma_value())?;
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => {
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)?;
            Ok(())
        }
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
            Err(StoreError::Key(format!(
                "the database key {} does not open {}: the file is encrypted with another key, \
                 or damaged; nothing was changed",
                key.id(),
                path.display()
            )))
        }
        Err(e) => Err(e.into()),
    }
}

/// The refusal for an opaque file opened without a key.
pub fn needs_key(path: &Path) -> StoreError {
    StoreError::Key(format!(
        "{} is not a plain SQLite file: it is encrypted (give the database key with \
         --db-key-file) or it is not a clinic database; nothing was changed",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sqlite::SqliteStore;

    /// The database and its WAL (the -shm is an index SQLite may rewrite on any read).
    fn files(dir: &Path) -> Vec<(String, String)> {
        let mut out: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| !p.to_string_lossy().ends_with("-shm"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, crate::secrets::sha256_hex(std::fs::read(&p).unwrap()))
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_wrong_key_reads_nothing_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("clinic.db");
        let (right, wrong) = (DbKey::from_bytes(&[7; 32]), DbKey::from_bytes(&[8; 32]));
        drop(SqliteStore::open_keyed(&db, Some(&right)).unwrap());
        let before = files(dir.path());
        // The store's last connection to close is its reader, which leaves the WAL: the case
        // where a checkpoint on close would write to the file.
        assert!(before.iter().any(|(name, _)| name.ends_with("-wal")), "{before:?}");
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let err = open(&db, flags, Some(&wrong)).unwrap_err();
        assert!(err.to_string().contains("does not open"), "{err}");
        assert_eq!(files(dir.path()), before);
        assert_eq!(file_state(&db).unwrap(), FileState::Opaque);
        assert!(matches!(SqliteStore::open(&db), Err(StoreError::Key(_))));
        assert_eq!(files(dir.path()), before);
        drop(SqliteStore::open_keyed(&db, Some(&right)).unwrap());
    }
}
