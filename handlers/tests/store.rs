//! The SQLite store on real files: round trips, migrations, and files it must refuse untouched.

// Helpers outside #[test] fns unwrap too: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::sync::{Arc, Mutex};

use afterglow_handlers::store::LATEST_VERSION;
use afterglow_handlers::{SqliteStore, StoreMiddleware};
use rusqlite::Connection;
use shared::domain::{NewSession, Profile, Screening, TreatedArea};
use shared::effects::{StoreErrorKind, StoreOperation, StoreResult};

fn session(start_utc_ms: i64) -> NewSession {
    NewSession {
        start_utc_ms,
        zone: "Europe/Paris".into(),
        depth_um: 1500,
        areas: vec![TreatedArea::Face, TreatedArea::StretchMarks],
        device: Some("pen".into()),
        notes: Some("'); DROP TABLE sessions; -- \u{202e}rtl".into()),
        // Stored with the session and read back (clinical review, major 15).
        screening: vec![Screening::Diabetes, Screening::Breastfeeding],
    }
}

fn load(store: &mut SqliteStore) -> shared::domain::PatientRecord {
    match store.handle(StoreOperation::LoadRecord) {
        StoreResult::Loaded { record } => record,
        other => panic!("load failed: {other:?}"),
    }
}

fn schema(conn: &Connection) -> Vec<String> {
    let mut statement =
        conn.prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name").unwrap();
    statement.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn a_record_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("afterglow.db");
    {
        let mut store = SqliteStore::open(&path).unwrap();
        let added =
            store.handle(StoreOperation::AddSession { session: session(1_772_935_200_000) });
        assert!(matches!(added, StoreResult::SessionAdded { .. }));
        let profile =
            Profile { cold_sore_history: true, fitzpatrick: Some(5), ..Profile::default() };
        assert_eq!(store.handle(StoreOperation::SaveProfile { profile }), StoreResult::Done);
        let json = Some(shared::protocol::default_protocol_json().to_owned());
        assert_eq!(store.handle(StoreOperation::SaveProtocol { json }), StoreResult::Done);
    }
    let mut store = SqliteStore::open(&path).unwrap();
    let record = load(&mut store);
    assert_eq!(record.sessions.len(), 1);
    assert_eq!(record.sessions[0].details, session(1_772_935_200_000));
    assert_eq!(record.profile.fitzpatrick, Some(5));
    assert!(record.protocol_json.is_some());
    assert_eq!(store.handle(StoreOperation::SaveProtocol { json: None }), StoreResult::Done);
    assert_eq!(load(&mut store).protocol_json, None);
}

#[test]
fn deleting_an_unknown_session_is_not_found_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("a.db")).unwrap();
    store.handle(StoreOperation::AddSession { session: session(1) });
    let StoreResult::Failed { error } = store.handle(StoreOperation::DeleteSession { id: 99 })
    else {
        panic!("expected failure")
    };
    assert_eq!(error.kind, StoreErrorKind::NotFound);
    assert_eq!(load(&mut store).sessions.len(), 1);
}

#[test]
fn the_database_is_in_wal_mode_with_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("a.db")).unwrap();
    let conn = store.connection();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!((mode.as_str(), fk), ("wal", 1));
}

/// application-services' `MigratedDatabaseFile`: every frozen schema upgrades to exactly what a
/// fresh install creates, and its data stays readable.
#[test]
fn golden_v1_upgrades_to_the_fresh_schema() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("v1.db");
    Connection::open(&old).unwrap().execute_batch(include_str!("golden/v1.sql")).unwrap();
    let mut upgraded = SqliteStore::open(&old).unwrap();
    let fresh = SqliteStore::open(&dir.path().join("fresh.db")).unwrap();
    assert_eq!(schema(upgraded.connection()), schema(fresh.connection()));
    let version: i64 =
        upgraded.connection().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, LATEST_VERSION);
    let record = load(&mut upgraded);
    assert_eq!(record.sessions[0].details.areas, vec![TreatedArea::Face, TreatedArea::Neck]);
    assert!(record.profile.cold_sore_history);
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("afterglow.db");
    drop(SqliteStore::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", LATEST_VERSION + 1).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
    let before = bytes(&path);
    let Err(error) = SqliteStore::open(&path) else { panic!("a newer database was opened") };
    assert_eq!(error.kind, StoreErrorKind::NewerVersion);
    assert!(error.message.contains("newer version"), "{}", error.message);
    assert_eq!(bytes(&path), before);
}

#[test]
fn files_that_are_not_our_database_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, Vec<u8>); 3] = [
        ("text.db", b"hello, this is a shopping list\n".repeat(50)),
        ("truncated.db", b"SQLite format 3\0".iter().copied().chain([0x10, 0x00, 0x01]).collect()),
        ("garbage.db", (0..8192_u32).map(|i| (i * 7919 % 251) as u8).collect()),
    ];
    for (name, content) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &content).unwrap();
        let Err(error) = SqliteStore::open(&path) else { panic!("{name} was opened") };
        assert_eq!(error.kind, StoreErrorKind::NotADatabase, "{name}: {}", error.message);
        assert_eq!(bytes(&path), content, "{name} was modified");
    }
    // Another application's SQLite database is not ours either.
    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes (t TEXT); PRAGMA journal_mode=DELETE;")
        .unwrap();
    let before = bytes(&other);
    assert_eq!(SqliteStore::open(&other).err().map(|e| e.kind), Some(StoreErrorKind::NotADatabase));
    assert_eq!(bytes(&other), before);
}

#[test]
fn a_corrupted_page_gives_a_clear_error_not_a_wipe() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("afterglow.db");
    {
        let mut store = SqliteStore::open(&path).unwrap();
        for i in 0..200 {
            store.handle(StoreOperation::AddSession { session: session(i) });
        }
        store
            .connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
            .unwrap();
    }
    let mut content = bytes(&path);
    let page = 4096;
    for b in &mut content[page * 2..page * 3] {
        *b = 0xA5;
    }
    std::fs::write(&path, &content).unwrap();
    let result = SqliteStore::open(&path).map(|mut s| s.handle(StoreOperation::LoadRecord));
    match result {
        Err(e) => assert_eq!(e.kind, StoreErrorKind::NotADatabase),
        Ok(StoreResult::Failed { error }) => {
            assert_eq!(error.kind, StoreErrorKind::NotADatabase, "{}", error.message)
        }
        Ok(other) => panic!("a corrupted database loaded: {other:?}"),
    }
    assert_eq!(bytes(&path).len(), content.len());
}

/// The middleware form used by the mobile library: a real core, storage on the worker thread,
/// the follow-up render arriving through the callback.
#[test]
fn the_middleware_handles_storage_for_a_real_core() {
    use crux_core::middleware::Layer;
    use shared::{Aftercare, Core, Effect, Event};

    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("a.db")).unwrap();
    store.handle(StoreOperation::AddSession { session: session(1_772_935_200_000) });
    let core = Core::<Aftercare>::new().handle_effects_using(StoreMiddleware::start(store));
    let (done, rendered) = std::sync::mpsc::channel();
    let done = Arc::new(Mutex::new(done));
    let clock = shared::domain::Clock {
        now_utc_ms: 1_772_935_200_000 + 3_600_000,
        zone: "Europe/Paris".into(),
    };
    let immediate = core.update(Event::Start { clock }, move |effects: Vec<Effect>| {
        if effects.iter().any(|e| matches!(e, Effect::Render(_))) {
            let _ = done.lock().unwrap().send(());
        }
    });
    assert!(
        immediate.iter().all(|e| !matches!(e, Effect::Store(_))),
        "storage leaked to the shell"
    );
    rendered.recv_timeout(std::time::Duration::from_secs(10)).expect("no render after load");
    let today = core.view().today.unwrap();
    assert_eq!(today.session.map(|s| s.id), Some(1));
    assert_eq!(today.day_index, Some(0));
}
