//! Numbered, immutable migrations: `migrations/sqlite/NNN_name.sql` (listed with their
//! PostgreSQL twins in [`crate::store::migrations`]) brings the schema to `user_version` NNN;
//! each runs in its own transaction together with the version bump, and with its Rust step
//! when it has one (work SQL cannot do, such as hashing).

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::audit::chain_version_1_rows;
use super::clinics::settings_to_default_clinic;
pub use crate::store::migrations::{LATEST_VERSION, MIGRATIONS};
use crate::store::{StoreError, StoreResult};

/// `PRAGMA application_id` marking a file as the clinic server's ("AGCL").
const APPLICATION_ID: i32 = 0x4147_434c;

/// The Rust step a version runs after its script, in the same transaction.
fn then(version: i64) -> Option<fn(&Transaction<'_>) -> StoreResult<()>> {
    match version {
        2 => Some(chain_version_1_rows),
        6 => Some(settings_to_default_clinic),
        _ => None,
    }
}

/// Refuses, with reads only, a database another program or a newer server wrote.
pub(super) fn refuse_foreign_or_newer(conn: &Connection) -> StoreResult<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let tables: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'table'", [], |r| {
            r.get(0)
        })?;
    let ours = app_id == APPLICATION_ID || (app_id == 0 && version == 0 && tables == 0);
    if !ours {
        return Err(StoreError::NotOurs);
    }
    if version > LATEST_VERSION {
        return Err(StoreError::NewerVersion { found: version, supported: LATEST_VERSION });
    }
    Ok(())
}

/// Applies every migration the file has not seen yet.
pub(super) fn migrate(conn: &mut Connection) -> StoreResult<()> {
    migrate_until(conn, LATEST_VERSION)
}

/// Applies the migrations the file has not seen yet, up to version `last` (tests build a file
/// of an older version with it).
pub(super) fn migrate_until(conn: &mut Connection, last: i64) -> StoreResult<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for migration in MIGRATIONS {
        let version = migration.version;
        if version <= current || version > last {
            continue;
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(migration.sqlite)?;
        if let Some(step) = then(version) {
            step(&tx)?;
        }
        tx.pragma_update(None, "user_version", version)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_database_reaches_latest_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        refuse_foreign_or_newer(&conn).unwrap();
        migrate(&mut conn).unwrap();
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, LATEST_VERSION);
        // Running again is a no-op.
        migrate(&mut conn).unwrap();
    }

    #[test]
    fn newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1).unwrap();
        let err = refuse_foreign_or_newer(&conn).unwrap_err();
        assert!(matches!(err, StoreError::NewerVersion { .. }), "{err}");
    }

    #[test]
    fn foreign_database_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE other (x)").unwrap();
        assert!(matches!(refuse_foreign_or_newer(&conn), Err(StoreError::NotOurs)));
    }
}
