//! Whether the patient turned the app lock on (table `app_lock`, migration 009): one row, absent
//! until they first set it, which reads as off.

use rusqlite::{Connection, OptionalExtension, params};
use shared::effects::StoreError;

use super::errors::query_error;

pub(super) fn load(conn: &Connection) -> Result<bool, StoreError> {
    conn.query_row("SELECT enabled FROM app_lock WHERE id = 1", [], |r| r.get::<_, bool>(0))
        .optional()
        .map(|on| on.unwrap_or(false))
        .map_err(query_error)
}

pub(super) fn save(conn: &Connection, on: bool) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO app_lock (id, enabled) VALUES (1, ?1) \
         ON CONFLICT (id) DO UPDATE SET enabled = ?1",
        params![on],
    )
    .map(|_| ())
    .map_err(query_error)
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;
    use shared::effects::{StoreOperation, StoreResult};

    use crate::{MIGRATIONS, SqliteStore};

    fn stored(store: &mut SqliteStore) -> bool {
        match store.handle(StoreOperation::LoadRecord) {
            StoreResult::Loaded { record } => record.app_lock,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_lock_setting_outlasts_reopening_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let mut store = SqliteStore::open(&path).unwrap();
        assert!(!stored(&mut store), "never set: off");
        assert_eq!(store.handle(StoreOperation::SaveAppLock { on: true }), StoreResult::Done);
        drop(store);
        let mut store = SqliteStore::open(&path).unwrap();
        assert!(stored(&mut store));
        assert_eq!(store.handle(StoreOperation::SaveAppLock { on: false }), StoreResult::Done);
        assert!(!stored(&mut store));
    }

    #[test]
    fn a_file_from_before_the_lock_migrates_and_reads_off() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let conn = Connection::open(&path).unwrap();
            for (index, sql) in MIGRATIONS[..8].iter().enumerate() {
                conn.execute_batch(sql).unwrap();
                conn.pragma_update(None, "user_version", i64::try_from(index + 1).unwrap())
                    .unwrap();
            }
            conn.pragma_update(None, "application_id", crate::schema::APPLICATION_ID).unwrap();
            conn.execute("INSERT INTO language_choice (id, tag) VALUES (1, 'es')", []).unwrap();
        }
        let mut store = SqliteStore::open(&path).unwrap();
        match store.handle(StoreOperation::LoadRecord) {
            StoreResult::Loaded { record } => {
                assert!(!record.app_lock);
                assert_eq!(record.language_tag.as_deref(), Some("es"), "older data kept");
            }
            other => panic!("{other:?}"),
        }
    }
}
