//! The language the patient chose in the app (table `language_choice`, migration 008): one row,
//! absent until they choose, so the platform's locale decides until then.

use rusqlite::{Connection, OptionalExtension, params};
use shared::effects::StoreError;

use super::errors::query_error;

pub(super) fn load(conn: &Connection) -> Result<Option<String>, StoreError> {
    conn.query_row("SELECT tag FROM language_choice WHERE id = 1", [], |r| r.get(0))
        .optional()
        .map_err(query_error)
}

pub(super) fn save(conn: &Connection, tag: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO language_choice (id, tag) VALUES (1, ?1) \
         ON CONFLICT (id) DO UPDATE SET tag = ?1",
        params![tag],
    )
    .map(|_| ())
    .map_err(query_error)
}

#[cfg(test)]
mod tests {
    use shared::effects::{StoreOperation, StoreResult};

    use crate::SqliteStore;

    fn stored_tag(store: &mut SqliteStore) -> Option<String> {
        match store.handle(StoreOperation::LoadRecord) {
            StoreResult::Loaded { record } => record.language_tag,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_chosen_language_outlasts_reopening_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let mut store = SqliteStore::open(&path).unwrap();
        assert_eq!(stored_tag(&mut store), None, "never chosen: the locale decides");
        let saved = store.handle(StoreOperation::SaveLanguage { tag: "es".into() });
        assert_eq!(saved, StoreResult::Done);
        drop(store);
        let mut store = SqliteStore::open(&path).unwrap();
        assert_eq!(stored_tag(&mut store).as_deref(), Some("es"));
        store.handle(StoreOperation::SaveLanguage { tag: "en".into() });
        assert_eq!(stored_tag(&mut store).as_deref(), Some("en"));
        let bad = store.handle(StoreOperation::SaveLanguage { tag: String::new() });
        assert!(matches!(bad, StoreResult::Failed { .. }), "{bad:?}");
    }
}
