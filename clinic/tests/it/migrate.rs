//! An existing version-1 database (as shipped) opens under this build without losing a row:
//! its audit rows are chained in order and its handled notes become the first history entry.

use clinic::store::sqlite::SqliteStore;
use clinic::store::{AuditCheck, Store};
use rusqlite::Connection;

const V1: &str = include_str!("../../migrations/sqlite/001_initial.sql");

#[test]
fn a_version_1_database_keeps_its_audit_rows_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clinic.db");
    {
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch(V1).unwrap();
        conn.execute_batch(
            "PRAGMA user_version = 1; PRAGMA application_id = 1095189324;
             INSERT INTO staff VALUES (1, 'nurse@example.org', 'x', '2026-11-01T09:00:00.000Z');
             INSERT INTO patients VALUES ('p1', 'Ann', NULL, '2026-11-01T09:00:00.000Z');
             INSERT INTO devices VALUES ('d1', 'p1', 'h', 'phone', '2026-11-01T09:00:00.000Z', NULL);
             INSERT INTO checkins VALUES ('c1', 'p1', 'd1', 'k1', '2026-11-02T09:00:00.000Z',
               'Europe/London', 'urgent', '[]', '{}', NULL, '2026-11-02T09:00:00.000Z',
               '2026-11-02T10:00:00.000Z', 1, 'called her back');
             INSERT INTO audit_log VALUES (1, '2026-11-02T10:00:00.000Z', 1, 'view_patient', 'p1');
             INSERT INTO audit_log VALUES (3, '2026-11-02T10:01:00.000Z', 1, 'mark_handled', 'p1');",
        )
        .unwrap();
    }
    let store = SqliteStore::open(&db).unwrap();
    let entries = store.audit_entries(10).unwrap();
    let rows: Vec<(i64, &str, &str)> =
        entries.iter().rev().map(|e| (e.id, e.actor.as_str(), e.action.as_str())).collect();
    assert_eq!(
        rows,
        [(1, "nurse@example.org", "view_patient"), (2, "nurse@example.org", "mark_handled")]
    );
    assert_eq!(entries[1].at.to_rfc3339(), "2026-11-02T10:00:00+00:00");
    assert!(matches!(store.verify_audit().unwrap(), AuditCheck::Intact { rows: 2, .. }));
    let detail = store.patient_detail(store.default_clinic().unwrap(), "p1").unwrap().unwrap();
    let note = &detail.checkins[0].notes[0];
    assert_eq!(
        (note.author.as_str(), note.note.as_str()),
        ("nurse@example.org", "called her back")
    );
    let version: i64 =
        Connection::open(&db).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, clinic::store::sqlite::LATEST_VERSION);
}
