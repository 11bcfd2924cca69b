//! Putting a database under a key: an older server's plaintext file encrypted at start, and
//! `clinic db-key rotate` moving it from one key to another. Both write a whole encrypted copy
//! beside the file (`sqlcipher_export`), check it, sync it and rename it over the original, so
//! a crash at any point leaves either the old file (with its old key, or in clear) or the new
//! one: never a file half under one key. (`PRAGMA rekey` rewrites the pages in place; how its
//! journal behaves across a crash under WAL is not something this code wants to depend on.)

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::cipher::{self, DbKey};
use crate::store::{StoreError, StoreResult};

/// What a re-encryption copied: rows per table, the same in the old file and the new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    /// Tables copied.
    pub tables: usize,
    /// Rows copied, all tables together.
    pub rows: i64,
}

/// The copy's name while it is written: beside the database, so the rename stays on one file
/// system; a leftover from a crash is removed by the next run.
fn temporary(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(".rekey");
    path.with_file_name(name)
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |e| StoreError::Corrupt(format!("{}: {e}", path.display()))
}

/// Replaces the database at `path` (plaintext when `from` is `None`) with a copy encrypted with
/// `to`. The server must not be running on it (the WAL is folded in first; a busy file stops
/// this before anything is written).
pub fn reencrypt(path: &Path, from: Option<&DbKey>, to: &DbKey) -> StoreResult<Copied> {
    let copy = temporary(path);
    for stale in [sidecar(&copy, ""), sidecar(&copy, "-journal")] {
        if stale.exists() {
            std::fs::remove_file(&stale).map_err(io(&stale))?;
        }
    }
    let source = cipher::open(path, OpenFlags::SQLITE_OPEN_READ_WRITE, from)?;
    source.busy_timeout(std::time::Duration::from_secs(5))?;
    // Every page the WAL holds goes into the file now, so no WAL of the old file is left to be
    // read against the new one.
    let busy: i64 = source.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        return Err(StoreError::Key(format!(
            "{} is in use by another process: stop the server first; nothing was changed",
            path.display()
        )));
    }
    drop(crate::datadir::create_private(&copy).map_err(io(&copy))?);
    let copied = export(&source, &copy, to);
    let copied = match copied {
        Ok(copied) => copied,
        Err(e) => {
            let _ = std::fs::remove_file(&copy);
            return Err(e);
        }
    };
    // Leaves WAL mode so SQLite deletes the -wal and -shm files when this connection closes
    // (it needs the file to itself: another process's open connection stops it here).
    if let Err(e) = source.pragma_update(None, "journal_mode", "DELETE") {
        let _ = std::fs::remove_file(&copy);
        return Err(e.into());
    }
    drop(source);
    for side in [sidecar(path, "-wal"), sidecar(path, "-journal")] {
        if std::fs::metadata(&side).is_ok_and(|m| m.len() > 0) {
            let _ = std::fs::remove_file(&copy);
            return Err(StoreError::Key(format!(
                "{} is still in use (its {} is not empty): stop the server first; nothing was changed",
                path.display(),
                side.display()
            )));
        }
    }
    std::fs::File::open(&copy).and_then(|f| f.sync_all()).map_err(io(&copy))?;
    std::fs::rename(&copy, path).map_err(io(path))?;
    let folder = crate::datadir::folder_of(path);
    std::fs::File::open(&folder).and_then(|d| d.sync_all()).map_err(io(&folder))?;
    for side in [sidecar(path, "-wal"), sidecar(path, "-shm")] {
        let _ = std::fs::remove_file(side);
    }
    Ok(copied)
}

/// Writes `source` into the file `copy` encrypted with `to`, then checks the copy on its own
/// connection: integrity, and every table's row count equal to the source's.
fn export(source: &Connection, copy: &Path, to: &DbKey) -> StoreResult<Copied> {
    let (version, app_id): (i64, i64) = source.query_row(
        "SELECT (SELECT user_version FROM pragma_user_version), \
                (SELECT application_id FROM pragma_application_id)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let copy_name = copy.to_str().ok_or_else(|| StoreError::Key("path is not UTF-8".into()))?;
    source.execute("ATTACH DATABASE ?1 AS rekeyed KEY ?2", (copy_name, to.pragma_value()))?;
    source.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
    // sqlcipher_export copies schema and rows, not the header's numbers the server reads.
    source.pragma_update(Some("rekeyed"), "user_version", version)?;
    source.pragma_update(Some("rekeyed"), "application_id", app_id)?;
    source.execute_batch("DETACH DATABASE rekeyed")?;

    let check = cipher::open(copy, OpenFlags::SQLITE_OPEN_READ_ONLY, Some(to))?;
    let integrity: String = check.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        return Err(StoreError::Corrupt(format!(
            "the encrypted copy failed its check: {integrity}"
        )));
    }
    let tables: Vec<String> = source
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut rows = 0;
    for table in &tables {
        let sql = format!("SELECT count(*) FROM \"{}\"", table.replace('"', "\"\""));
        let before: i64 = source.query_row(&sql, [], |r| r.get(0))?;
        let after: i64 = check.query_row(&sql, [], |r| r.get(0))?;
        if before != after {
            return Err(StoreError::Corrupt(format!(
                "the encrypted copy of table {table} has {after} rows, the original {before}"
            )));
        }
        rows += before;
    }
    let header: (i64, i64) = check.query_row(
        "SELECT (SELECT user_version FROM pragma_user_version), \
                (SELECT application_id FROM pragma_application_id)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if header != (version, app_id) {
        return Err(StoreError::Corrupt("the encrypted copy lost its schema version".into()));
    }
    Ok(Copied { tables: tables.len(), rows })
}
