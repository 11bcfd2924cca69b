//! `clinic backup` and `clinic restore` (security review M10).
//!
//! A backup is a folder: `clinic.db` (a single-file copy made with SQLite's online backup API,
//! in one step under one read transaction, so it is one consistent moment of the database even
//! while the server writes), `clinic.db.photos/` (every photo that copy points at, each checked
//! against its SHA-256 name) and `backup.json` (what was copied). Photos can be copied after
//! the database because a photo file is written and synced before the row that names it
//! commits, and files are never changed once written: every row in the copy already had its
//! file. Folders are 0700 and files 0600 like the data folder. An encrypted database (issue 19)
//! is copied under its own key, page for page, so the backup's `clinic.db` is encrypted too and
//! needs the same key to be restored.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use crate::datadir::{create_private, create_private_dir};
use crate::photos::PhotoStore;
use crate::photos::format::{self, Kind};
use crate::secrets::sha256_hex;
use crate::store::sqlite::cipher::{self, DbKey, FileState};
use crate::store::sqlite::{LATEST_VERSION, SqliteStore};

/// The database file's name inside a backup and a restored data folder.
pub const DB_FILE: &str = "clinic.db";
const MANIFEST: &str = "backup.json";

/// What a backup holds (`backup.json`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// When the database copy was taken.
    pub taken_at: DateTime<Utc>,
    /// Schema version of the copy.
    pub schema_version: i64,
    /// SHA-256 of `clinic.db` as written.
    pub db_sha256: String,
    /// Photo files copied.
    pub photos: usize,
    /// How many of them are sealed with a photo key (issue 19): the key is not in the backup,
    /// so restoring them needs the key they were sealed with. 0 in backups of older servers.
    #[serde(default)]
    pub sealed_photos: usize,
}

/// Why a backup or restore stopped.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The destination already holds something.
    #[error("{0} exists and is not empty; give a new folder")]
    NotEmpty(PathBuf),
    /// The backup is damaged or incomplete.
    #[error("the backup is not usable: {0}")]
    Damaged(String),
    /// SQLite failed.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database could not be opened: a wrong or missing key, a newer file.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// The file system failed.
    #[error("{path}: {source}")]
    Io {
        /// Which file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io { path: path.to_owned(), source }
}

/// Creates `dir` 0700, refusing one that exists with anything in it.
fn fresh_dir(dir: &Path) -> Result<(), BackupError> {
    if dir.exists() && fs::read_dir(dir).map_err(io(dir))?.next().is_some() {
        return Err(BackupError::NotEmpty(dir.to_owned()));
    }
    create_private_dir(dir).map_err(io(dir))
}

/// Writes a file 0600 and syncs it.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), BackupError> {
    let mut file = create_private(path).map_err(io(path))?;
    file.write_all(bytes).map_err(io(path))?;
    file.sync_all().map_err(io(path))
}

fn sync_dir(dir: &Path) -> Result<(), BackupError> {
    fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))
}

/// The photos a database points at: (patient id, hash).
fn photo_hashes(conn: &Connection) -> Result<Vec<(String, String)>, BackupError> {
    let mut statement =
        conn.prepare("SELECT DISTINCT patient_id, sha256 FROM photos ORDER BY patient_id, sha256")?;
    let rows = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<(String, String)>, _>>()?;
    Ok(rows)
}

/// Copies every photo `conn` points at from `from` to `to`, checking each plaintext one
/// against its name and each sealed one's structure; answers (files, sealed files).
fn copy_photos(
    conn: &Connection,
    from: &PhotoStore,
    to: &Path,
) -> Result<(usize, usize), BackupError> {
    create_private_dir(to).map_err(io(to))?;
    let rows = photo_hashes(conn)?;
    let mut sealed = 0;
    let target = PhotoStore::at(to.to_owned());
    for (patient_id, sha) in &rows {
        let mut source = from.path(patient_id, sha).map_err(io(from.dir()))?;
        // A backup taken before per-patient folders keeps photos flat; the source is never
        // changed, the copy gets the new layout.
        if !source.exists() && from.dir().join(format!("{sha}.jpg")).exists() {
            source = from.dir().join(format!("{sha}.jpg"));
        }
        let bytes = fs::read(&source).map_err(io(&source))?;
        // A sealed file (issue 19) is copied as it is: no key is needed and the backup holds
        // no plaintext; its header and length are checked here, its contents when opened.
        match format::kind(&bytes) {
            Ok(Kind::Sealed(_)) => {
                format::check_length(&bytes)
                    .map_err(|e| BackupError::Damaged(format!("photo {sha}: {e}")))?;
                sealed += 1;
            }
            _ if sha256_hex(&bytes) != *sha => {
                return Err(BackupError::Damaged(format!("photo {sha} does not match its name")));
            }
            _ => {}
        }
        let folder = target.patient_dir(patient_id);
        if !folder.exists() {
            create_private_dir(&folder).map_err(io(&folder))?;
        }
        write_private(&target.path(patient_id, sha).map_err(io(to))?, &bytes)?;
        sync_dir(&folder)?;
    }
    sync_dir(to)?;
    Ok((rows.len(), sealed))
}

/// Backs up the database `db` (live or not; encrypted with `key` when given) and its photos
/// into the new folder `to`.
pub fn backup(db: &Path, to: &Path, key: Option<&DbKey>) -> Result<Manifest, BackupError> {
    if !db.is_file() {
        return Err(BackupError::Io {
            path: db.to_owned(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        });
    }
    if key.is_none() && cipher::file_state(db)? == FileState::Opaque {
        return Err(cipher::needs_key(db).into());
    }
    // A plaintext database is copied as it is (the server's next start with the key encrypts
    // the live file, not its backups).
    let key = cipher::key_as_the_file_is(db, key)?;
    fresh_dir(to)?;
    let copy_path = to.join(DB_FILE);
    // Created 0600 before SQLite writes a byte of it.
    drop(create_private(&copy_path).map_err(io(&copy_path))?);
    let source = cipher::open(db, OpenFlags::SQLITE_OPEN_READ_ONLY, key)?;
    source.busy_timeout(std::time::Duration::from_secs(5))?;
    // Under the same key: SQLCipher's backup copies pages as they are, key for key.
    let mut copy = cipher::open(&copy_path, OpenFlags::SQLITE_OPEN_READ_WRITE, key)?;
    let taken_at = Utc::now();
    {
        // -1: every page in one step, so a write by the server cannot restart the copy.
        let backup = Backup::new(&source, &mut copy)?;
        let mut tries = 0;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                // Busy or locked: another connection held a lock for a moment; try again.
                _ if tries < 100 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                _ => return Err(BackupError::Damaged("the database stayed locked".into())),
            }
        }
    }
    drop(source);
    // One self-contained file: no WAL beside it.
    copy.pragma_update(None, "journal_mode", "DELETE")?;
    let schema_version: i64 = copy.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let (photos, sealed_photos) =
        copy_photos(&copy, &PhotoStore::beside(db), &to.join(format!("{DB_FILE}.photos")))?;
    drop(copy);
    let db_bytes = fs::read(&copy_path).map_err(io(&copy_path))?;
    fs::File::open(&copy_path).and_then(|f| f.sync_all()).map_err(io(&copy_path))?;
    let manifest = Manifest {
        taken_at,
        schema_version,
        db_sha256: sha256_hex(&db_bytes),
        photos,
        sealed_photos,
    };
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| BackupError::Damaged(format!("manifest: {e}")))?;
    write_private(&to.join(MANIFEST), &json)?;
    sync_dir(to)?;
    Ok(manifest)
}

/// Restores the backup in `from` into the new data folder `to` (`to/clinic.db` plus photos),
/// checking the database's integrity and every photo before answering. An encrypted backup needs
/// the key it was taken with.
pub fn restore(from: &Path, to: &Path, key: Option<&DbKey>) -> Result<Manifest, BackupError> {
    let manifest_path = from.join(MANIFEST);
    let manifest: Manifest =
        serde_json::from_slice(&fs::read(&manifest_path).map_err(io(&manifest_path))?)
            .map_err(|e| BackupError::Damaged(format!("{MANIFEST}: {e}")))?;
    let source_db = from.join(DB_FILE);
    let db_bytes = fs::read(&source_db).map_err(io(&source_db))?;
    if sha256_hex(&db_bytes) != manifest.db_sha256 {
        return Err(BackupError::Damaged(format!("{DB_FILE} does not match {MANIFEST}")));
    }
    if manifest.schema_version > LATEST_VERSION {
        return Err(BackupError::Damaged(format!(
            "written by a newer server (schema {}; this build reads up to {LATEST_VERSION})",
            manifest.schema_version
        )));
    }
    if key.is_none() && cipher::file_state(&source_db)? == FileState::Opaque {
        return Err(cipher::needs_key(&source_db).into());
    }
    // A plaintext backup (taken before the key) is checked as it is; the restored copy is
    // encrypted with the key by the open below.
    let read_key = cipher::key_as_the_file_is(&source_db, key)?;
    // The key is proved on the backup itself, before the new folder is made.
    drop(cipher::open(&source_db, OpenFlags::SQLITE_OPEN_READ_ONLY, read_key)?);
    fresh_dir(to)?;
    let target_db = to.join(DB_FILE);
    write_private(&target_db, &db_bytes)?;
    let conn = cipher::open(&target_db, OpenFlags::SQLITE_OPEN_READ_WRITE, read_key)?;
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        return Err(BackupError::Damaged(format!("integrity check: {integrity}")));
    }
    let (photos, sealed_photos) =
        copy_photos(&conn, &PhotoStore::beside(&source_db), &to.join(format!("{DB_FILE}.photos")))?;
    drop(conn);
    sync_dir(to)?;
    // Opening it the way the server will (migrations, foreign or newer file refused) proves it
    // starts.
    SqliteStore::open_keyed(&target_db, key).map_err(|e| BackupError::Damaged(e.to_string()))?;
    Ok(Manifest { photos, sealed_photos, ..manifest })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photos::PhotoBlobs;

    #[test]
    fn a_damaged_backup_is_refused_and_nothing_is_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("data/clinic.db");
        crate::datadir::prepare(&db, false).unwrap();
        drop(SqliteStore::open(&db).unwrap());
        let photos = PhotoStore::beside(&db);
        photos.ensure_dir().unwrap();
        let sha = photos.put("someone", b"pretend photo").unwrap();
        // A row pointing at the photo is not needed for this test: only files named by rows
        // are copied, so a backup of a database without rows has none.
        let out = dir.path().join("backup");
        let manifest = backup(&db, &out, None).unwrap();
        assert_eq!(manifest.photos, 0);
        assert!(
            !PhotoStore::at(out.join("clinic.db.photos")).path("someone", &sha).unwrap().exists()
        );
        assert!(matches!(backup(&db, &out, None), Err(BackupError::NotEmpty(_))));

        // A byte changed in the copy: refused before anything is written.
        let mut bytes = fs::read(out.join(DB_FILE)).unwrap();
        bytes[100] ^= 1;
        fs::write(out.join(DB_FILE), bytes).unwrap();
        let target = dir.path().join("restored");
        assert!(matches!(restore(&out, &target, None), Err(BackupError::Damaged(_))));
        assert!(!target.exists());
    }
}
