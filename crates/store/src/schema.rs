//! Numbered, immutable migrations. `migrations/NNN_name.sql` brings the schema to
//! `user_version` NNN; each runs in its own transaction together with the version bump.

use rusqlite::{Connection, TransactionBehavior};
use shared::effects::{StoreError, StoreErrorKind};

use super::errors::{error, not_a_database, open_error, query_error};

/// `PRAGMA application_id` marking a file as Afterglow's ("AGLW").
pub(crate) const APPLICATION_ID: i32 = 0x4147_4c57;

/// Every migration in order; index + 1 is the version it produces.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/001_initial.sql"),
    include_str!("../migrations/002_checkins.sql"),
    include_str!("../migrations/003_reminder_prefs.sql"),
    include_str!("../migrations/004_photos.sql"),
    include_str!("../migrations/005_outbox.sql"),
    include_str!("../migrations/006_unanswered_scores.sql"),
    include_str!("../migrations/007_session_screening.sql"),
    include_str!("../migrations/008_language.sql"),
    include_str!("../migrations/009_app_lock.sql"),
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Refuses, without writing, a database another app or a newer Afterglow made.
pub(super) fn refuse_foreign_or_newer(conn: &Connection) -> Result<(), StoreError> {
    let version: i64 =
        conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(open_error)?;
    let app_id: i32 =
        conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(open_error)?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'table'", [], |r| r.get(0))
        .map_err(open_error)?;
    let ours = app_id == APPLICATION_ID || (app_id == 0 && version == 0 && tables == 0);
    if !ours {
        return Err(not_a_database());
    }
    if version > LATEST_VERSION {
        return Err(error(
            StoreErrorKind::NewerVersion,
            format!(
                "this data was written by a newer version of Afterglow (schema {version}; this one reads up to {LATEST_VERSION}); update the app — the data was left untouched"
            ),
        ));
    }
    Ok(())
}

/// Applies every migration the file has not seen yet.
pub(super) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: i64 =
        conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(query_error)?;
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let version = i64::try_from(index + 1).unwrap_or(i64::MAX);
        if version <= current {
            continue;
        }
        let tx =
            conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(query_error)?;
        tx.execute_batch(sql).map_err(query_error)?;
        tx.pragma_update(None, "user_version", version).map_err(query_error)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID).map_err(query_error)?;
        tx.commit().map_err(query_error)?;
    }
    Ok(())
}
