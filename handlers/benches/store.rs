//! The patient's database: adding a check-in (one transaction, fsynced: WAL + synchronous=FULL)
//! and loading the whole record at start (500 check-ins, 5 sessions), measured against the
//! physical budget of a frame (8.3 ms at 120 Hz) and, for encryption at rest, plain SQLite
//! against SQLCipher in the same `cargo xtask bench` run: built with `--features sqlcipher`
//! the ids end in `sqlcipher` instead of `plain`.
//! Run: `cargo bench -p afterglow_handlers --bench store [--features sqlcipher]`.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use afterglow_handlers::SqliteStore;
use criterion::{Criterion, criterion_group};
use shared::checkin::{CheckinAnswers, Level, NewCheckin, TriageResult};
use shared::domain::{NewSession, TreatedArea};
use shared::effects::{StoreOperation, StoreResult};

#[cfg(feature = "sqlcipher")]
const VARIANT: &str = "sqlcipher";
#[cfg(not(feature = "sqlcipher"))]
const VARIANT: &str = "plain";

fn open(path: &Path) -> SqliteStore {
    #[cfg(feature = "sqlcipher")]
    return SqliteStore::open_encrypted(path, &[7; 32]).unwrap();
    #[cfg(not(feature = "sqlcipher"))]
    SqliteStore::open(path).unwrap()
}

fn checkin(session_id: i64, taken_utc_ms: i64) -> NewCheckin {
    NewCheckin {
        taken_utc_ms,
        zone: "Europe/Paris".into(),
        session_id: Some(session_id),
        day_index: 3,
        answers: CheckinAnswers {
            redness: Some(2),
            swelling: Some(1),
            pain: Some(3),
            itch: Some(2),
            note: Some("a little warm on the left cheek this morning".into()),
            ..CheckinAnswers::default()
        },
        triage: TriageResult {
            level: Level::Watch,
            rules: vec!["W1".into()],
            advice: "Keep an eye on it; check in again tonight.".into(),
            day_index: 3,
            flagged_for_sharing: false,
        },
    }
}

fn seeded(path: &Path, checkins: i64) -> (SqliteStore, i64) {
    let mut store = open(path);
    let mut session_id = 0;
    for s in 0..5 {
        let session = NewSession {
            start_utc_ms: s * 42 * 86_400_000,
            zone: "Europe/Paris".into(),
            depth_um: 1000,
            areas: vec![TreatedArea::Face],
            device: None,
            notes: None,
            screening: Vec::new(),
        };
        let StoreResult::SessionAdded { session } =
            store.handle(StoreOperation::AddSession { session })
        else {
            panic!("session")
        };
        session_id = session.id;
    }
    for i in 0..checkins {
        let result = store.handle(StoreOperation::AddCheckin { checkin: checkin(session_id, i) });
        assert!(matches!(result, StoreResult::CheckinAdded { .. }));
    }
    (store, session_id)
}

fn store(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, session_id) = seeded(&dir.path().join("insert.db"), 0);
    let mut at = 0;
    c.bench_function(&format!("store/checkin_insert_fsync/{VARIANT}"), |b| {
        b.iter(|| {
            at += 1;
            store.handle(StoreOperation::AddCheckin { checkin: checkin(session_id, at) })
        });
    });
    let (mut store, _) = seeded(&dir.path().join("load.db"), 500);
    c.bench_function(&format!("store/load_record_500_checkins/{VARIANT}"), |b| {
        b.iter(|| store.handle(StoreOperation::LoadRecord));
    });
    c.bench_function(&format!("store/open_and_load/{VARIANT}"), |b| {
        b.iter(|| open(&dir.path().join("load.db")).handle(StoreOperation::LoadRecord));
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = store
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
