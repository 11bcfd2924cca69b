//! The web app's record as its IndexedDB build kept it, moved into SQLite. The fixture is a dump
//! of the record the browser tests left in Chromium, made by that build (`web/tests/legacy.mjs`,
//! since removed, `DUMP_INDEXEDDB=… cargo xtask web-test` at commit 03e5ed1): sessions (some
//! deleted), check-ins, photos, the clinic link, outbox items in each state, the profile,
//! protocol and reminder times.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns; a failed unwrap is a failed test

use afterglow_store::SqliteStore;
use afterglow_store::from_indexeddb::{self, Dump, Outcome};
use serde_json::Value;
use shared::checkin::NewCheckin;
use shared::domain::{NewSession, PatientRecord, Profile};
use shared::effects::{ClinicLink, OutboxItem, StoreOperation, StoreResult};
use shared::journal::Photo;
use shared::reminders::ReminderPrefs;

const FIXTURE: &str = include_str!("fixtures/indexeddb-v1.json");

fn fixture() -> Value {
    serde_json::from_str(FIXTURE).unwrap()
}

fn dump(value: &Value) -> Dump {
    from_indexeddb::parse(&value.to_string()).unwrap()
}

fn store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("afterglow.db")).unwrap();
    (dir, store)
}

fn load(store: &mut SqliteStore) -> PatientRecord {
    match store.handle(StoreOperation::LoadRecord) {
        StoreResult::Loaded { record } => record,
        other => panic!("{other:?}"),
    }
}

fn entries<'a>(fixture: &'a Value, name: &str) -> &'a Vec<Value> {
    fixture["stores"][name].as_array().unwrap()
}

fn meta<'a>(fixture: &'a Value, key: &str) -> &'a Value {
    entries(fixture, "meta").iter().find(|e| e["key"] == key).map_or(&Value::Null, |e| &e["value"])
}

#[test]
fn the_fixture_is_a_whole_record() {
    let f = fixture();
    for store in ["sessions", "checkins", "photos", "blobs", "outbox"] {
        assert!(!entries(&f, store).is_empty(), "the fixture has no {store}");
    }
    for key in
        ["profile", "protocol", "reminder_prefs", "clinic_link", "clinic_token", "patient_id"]
    {
        assert!(!meta(&f, key).is_null(), "the fixture has no {key}");
    }
}

#[test]
fn a_record_from_the_indexeddb_build_moves_whole_with_its_ids() {
    let f = fixture();
    let (_dir, mut store) = store();
    let Outcome::Moved(moved) = from_indexeddb::move_into(&mut store, &dump(&f)).unwrap() else {
        panic!("an empty store held a record")
    };
    let record = load(&mut store);

    // Every session and check-in, under its id, each field as the browser kept it.
    assert_eq!(moved.sessions, entries(&f, "sessions").len());
    assert_eq!(record.sessions.len(), moved.sessions);
    for e in entries(&f, "sessions") {
        let id = e["value"]["id"].as_i64().unwrap();
        let kept: NewSession = serde_json::from_value(e["value"]["details"].clone()).unwrap();
        let loaded = record.sessions.iter().find(|s| s.id == id).unwrap();
        assert_eq!(loaded.details, kept, "session {id}");
    }
    assert_eq!(record.checkins.len(), entries(&f, "checkins").len());
    for e in entries(&f, "checkins") {
        let id = e["value"]["id"].as_i64().unwrap();
        let kept: NewCheckin = serde_json::from_value(e["value"]["details"].clone()).unwrap();
        let loaded = record.checkins.iter().find(|c| c.id == id).unwrap();
        assert_eq!(loaded.details, kept, "check-in {id}");
    }
    // Photos: the rows as they were; each file named by its content, its blob named in `files`.
    assert_eq!(record.photos.len(), entries(&f, "photos").len());
    let blobs: Vec<&str> =
        entries(&f, "blobs").iter().map(|e| e["key"].as_str().unwrap()).collect();
    for e in entries(&f, "photos") {
        let kept: Photo = serde_json::from_value(e["value"].clone()).unwrap();
        let loaded = record.photos.iter().find(|p| p.id == kept.id).unwrap();
        assert_eq!(
            (loaded.taken_utc_ms, loaded.taken_source, loaded.session_id, loaded.day_index),
            (kept.taken_utc_ms, kept.taken_source, kept.session_id, kept.day_index)
        );
        assert_eq!((loaded.area, &loaded.note), (kept.area, &kept.note));
        assert_eq!(
            (loaded.width, loaded.height, &loaded.sha256),
            (kept.width, kept.height, &kept.sha256)
        );
        assert_eq!(loaded.file, kept.file, "the stored image keeps its name");
        for (from, to) in [(&kept.file, &loaded.file), (&kept.thumb_file, &loaded.thumb_file)] {
            assert!(blobs.contains(&from.as_str()), "{from} is not a stored blob");
            assert!(moved.files.iter().any(|m| &m.from == from && &m.to == to), "{from} → {to}");
        }
    }
    // The outbox: every item in its state, with its attempts and the reason it was shown.
    assert_eq!(record.outbox.len(), entries(&f, "outbox").len());
    for e in entries(&f, "outbox") {
        let kept: OutboxItem = serde_json::from_value(e["value"].clone()).unwrap();
        let loaded = record.outbox.iter().find(|i| i.id == kept.id).unwrap();
        assert_eq!(loaded, &kept);
    }
    let keys: Vec<String> = store
        .connection()
        .prepare("SELECT idempotency_key FROM outbox ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut kept_keys: Vec<(i64, String)> = entries(&f, "outbox")
        .iter()
        .map(|e| {
            (
                e["value"]["id"].as_i64().unwrap(),
                e["value"]["idempotency_key"].as_str().unwrap().into(),
            )
        })
        .collect();
    kept_keys.sort();
    assert_eq!(
        keys,
        kept_keys.into_iter().map(|(_, k)| k).collect::<Vec<_>>(),
        "a retry would send a new key"
    );

    // The settings and the link; the token is handed back for the secret store, not stored.
    let link: ClinicLink = serde_json::from_value(meta(&f, "clinic_link").clone()).unwrap();
    assert_eq!(record.clinic_link.as_deref(), Some(&link));
    assert_eq!(moved.clinic_token.as_deref(), meta(&f, "clinic_token").as_str());
    let prefs: ReminderPrefs = serde_json::from_value(meta(&f, "reminder_prefs").clone()).unwrap();
    assert_eq!(record.reminder_prefs, Some(prefs));
    let profile: Profile = serde_json::from_value(meta(&f, "profile").clone()).unwrap();
    assert_eq!(record.profile, profile);
    assert_eq!(record.language_tag.as_deref(), meta(&f, "language").as_str());
    assert_eq!(record.protocol_json.as_deref(), meta(&f, "protocol").as_str());
    let file = std::fs::read(_dir.path().join("afterglow.db")).unwrap();
    let token = moved.clinic_token.unwrap();
    assert!(
        !file.windows(token.len()).any(|w| w == token.as_bytes()),
        "the token is in the database"
    );
}

#[test]
fn a_store_that_holds_a_record_is_never_merged_into() {
    let f = fixture();
    let (_dir, mut store) = store();
    assert!(matches!(from_indexeddb::move_into(&mut store, &dump(&f)), Ok(Outcome::Moved(_))));
    let before = load(&mut store);
    assert!(matches!(from_indexeddb::move_into(&mut store, &dump(&f)), Ok(Outcome::AlreadyHeld)));
    assert_eq!(load(&mut store), before);
}

#[test]
fn a_row_that_cannot_be_read_moves_nothing() {
    let mut f = fixture();
    let last = f["stores"]["checkins"].as_array_mut().unwrap().last_mut().unwrap();
    last["value"]["details"]["answers"]["redness"] = Value::from("a lot");
    let (_dir, mut store) = store();
    let error = from_indexeddb::move_into(&mut store, &dump(&f)).unwrap_err();
    assert!(error.message.contains("a check-in"), "{}", error.message);
    assert!(!error.message.contains("a lot"), "the patient's text is in the error");
    assert_eq!(load(&mut store), PatientRecord::default(), "a part of the record was written");
}

#[test]
fn a_photo_without_its_image_moves_nothing() {
    let mut f = fixture();
    f["stores"]["blobs"].as_array_mut().unwrap().remove(0);
    let (_dir, mut store) = store();
    let error = from_indexeddb::move_into(&mut store, &dump(&f)).unwrap_err();
    assert!(error.message.contains("image is missing"), "{}", error.message);
    assert_eq!(load(&mut store), PatientRecord::default());
}

#[test]
fn a_newer_or_garbled_dump_is_refused_and_nothing_is_written() {
    let mut f = fixture();
    f["version"] = Value::from(2);
    let (_dir, mut store) = store();
    let error = from_indexeddb::move_into(&mut store, &dump(&f)).unwrap_err();
    assert!(error.message.contains("version 2"), "{}", error.message);
    assert!(from_indexeddb::parse("{\"version\": 1, \"stores\": [").is_err());
    assert_eq!(load(&mut store), PatientRecord::default());
}

#[test]
fn a_reference_to_a_deleted_session_reads_as_none() {
    let mut f = fixture();
    let first = &mut f["stores"]["checkins"].as_array_mut().unwrap()[0]["value"];
    first["details"]["session_id"] = Value::from(999_999);
    let id = first["id"].as_i64().unwrap();
    let (_dir, mut store) = store();
    from_indexeddb::move_into(&mut store, &dump(&f)).unwrap();
    let record = load(&mut store);
    assert_eq!(record.checkins.iter().find(|c| c.id == id).unwrap().details.session_id, None);
}

/// Deleted rows leave gaps in IndexedDB's ids; the moved rows keep theirs, because outbox items
/// and photos name check-ins and sessions by id.
#[test]
fn ids_after_a_gap_are_kept() {
    let mut f = fixture();
    for store in ["checkins", "photos"] {
        f["stores"][store].as_array_mut().unwrap().remove(0);
    }
    f["stores"]["outbox"].as_array_mut().unwrap().retain(|e| e["value"]["kind"] == "session");
    let ids = |f: &Value, store: &str| -> Vec<i64> {
        let mut ids: Vec<i64> =
            entries(f, store).iter().map(|e| e["value"]["id"].as_i64().unwrap()).collect();
        ids.sort_unstable();
        ids
    };
    let (_dir, mut store) = store();
    from_indexeddb::move_into(&mut store, &dump(&f)).unwrap();
    let record = load(&mut store);
    let mut checkins: Vec<i64> = record.checkins.iter().map(|c| c.id).collect();
    checkins.sort_unstable();
    assert_eq!(checkins, ids(&f, "checkins"));
    assert_eq!(record.photos.iter().map(|p| p.id).collect::<Vec<_>>(), ids(&f, "photos"));
}
