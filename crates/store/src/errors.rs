//! Turning SQLite's errors into kinds the core words for the patient (`Language::store_error`),
//! with a message for logs and the CLI's developers. Messages never contain the patient's data.

use std::io::Read;
use std::path::Path;

use rusqlite::ErrorCode;
use shared::effects::{StoreError, StoreErrorKind};

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

pub(super) fn error(kind: StoreErrorKind, message: impl Into<String>) -> StoreError {
    StoreError { kind, message: message.into() }
}

/// Refuses an existing, non-empty file that does not start with SQLite's header, before SQLite
/// gets a chance to write anything to it.
pub(super) fn check_header(path: &Path) -> Result<(), StoreError> {
    let Ok(mut file) = std::fs::File::open(path) else {
        return Ok(()); // absent: SQLite creates it; unreadable: open reports it
    };
    let mut header = [0_u8; 16];
    match file.read(&mut header) {
        Ok(0) => Ok(()),
        Ok(n) if n == header.len() && &header == SQLITE_HEADER => Ok(()),
        Ok(_) => Err(not_a_database()),
        Err(e) => Err(error(StoreErrorKind::Other, format!("cannot read the database file: {e}"))),
    }
}

pub(super) fn not_a_database() -> StoreError {
    error(
        StoreErrorKind::NotADatabase,
        "the data file is not an Afterglow database or is damaged; it was left untouched",
    )
}

/// Maps an error met while opening.
pub fn open_error(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => not_a_database(),
        _ => query_error(e),
    }
}

/// Maps an error met while reading or writing.
pub fn query_error(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => error(
            StoreErrorKind::DiskFull,
            "the device is out of storage space; nothing was changed — free some space and try again",
        ),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => not_a_database(),
        // A full disk often surfaces as an I/O error instead of SQLITE_FULL: growing the WAL
        // index (-shm) or syncing fails (seen on a full tmpfs in tests/bad_input).
        Some(ErrorCode::SystemIoFailure) => error(
            StoreErrorKind::WriteFailed,
            "the data file cannot be written (input/output error; is the device full?); nothing \
             was changed — free some space and try again",
        ),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => error(
            StoreErrorKind::ReadOnly,
            "the data file cannot be written (permissions); nothing was changed",
        ),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            error(StoreErrorKind::Busy, "the data file is busy in another app instance; try again")
        }
        _ => error(StoreErrorKind::Other, format!("storage failed: {}", describe(&e))),
    }
}

/// SQLite's own words, without any bound parameter values.
fn describe(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(code, _) => format!("{:?}", code.code),
        rusqlite::Error::FromSqlConversionFailure(column, _, _) => {
            format!("column {column} unreadable")
        }
        other => other.to_string().chars().take(120).collect(),
    }
}
