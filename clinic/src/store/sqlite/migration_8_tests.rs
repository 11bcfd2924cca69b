//! Migration 8 (device activity) on a version-7 file holding devices: earlier revocations are
//! staff's, and each device's last use is its latest upload, else its enrollment.

use rusqlite::Connection;

use super::SqliteStore;
use super::schema::migrate_until;
use crate::store::{DeviceEnd, Store};

const V7_ROWS: &str = "
INSERT INTO patients (id, name, protocol_json, created_at, clinic_id)
  VALUES ('p1', 'Ann', NULL, '2026-01-01T09:00:00.000Z', 1);
INSERT INTO devices (id, patient_id, token_hash, label, created_at, revoked_at, clinic_id)
  VALUES ('busy', 'p1', 'tok-busy', 'phone', '2026-01-01T09:00:00.000Z', NULL, 1),
         ('quiet', 'p1', 'tok-quiet', 'tablet', '2026-01-02T09:00:00.000Z', NULL, 1),
         ('gone', 'p1', 'tok-gone', 'old phone', '2026-01-01T10:00:00.000Z',
          '2026-01-03T09:00:00.000Z', 1);
INSERT INTO checkins (id, patient_id, device_id, idempotency_key, recorded_at, zone, level,
  rule_ids, answers_json, note, received_at, clinic_id)
  VALUES ('c1', 'p1', 'busy', 'k1', '2026-02-01T09:00:00.000Z', 'Europe/London', 'watch',
          '[]', '{}', NULL, '2026-02-01T09:00:05.000Z', 1);
INSERT INTO photos (id, patient_id, device_id, idempotency_key, sha256, byte_len, taken_at, zone,
  received_at, clinic_id)
  VALUES ('ph1', 'p1', 'busy', 'k2', 'abc', 10, '2026-03-01T12:00:00.000Z', 'Europe/London',
          '2026-03-01T12:00:07.000Z', 1);
";

#[test]
fn a_version_7_file_gets_last_use_from_its_uploads_and_staff_as_revoker() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clinic.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        migrate_until(&mut conn, 7).unwrap();
        conn.execute_batch(V7_ROWS).unwrap();
    }

    let store = SqliteStore::open(&path).unwrap();
    let used = |token: &str| store.device_by_token(token).unwrap().unwrap().last_used_at;
    assert_eq!(used("tok-busy").to_rfc3339(), "2026-03-01T12:00:07+00:00", "latest upload");
    assert_eq!(used("tok-quiet").to_rfc3339(), "2026-01-02T09:00:00+00:00", "enrollment");

    let clinic = store.default_clinic().unwrap();
    let detail = store.patient_detail(clinic, "p1").unwrap().unwrap();
    let ends: Vec<(&str, Option<DeviceEnd>)> =
        detail.devices.iter().map(|d| (d.id.as_str(), d.revoked_by)).collect();
    assert_eq!(
        ends,
        [("busy", None), ("gone", Some(DeviceEnd::Staff)), ("quiet", None)],
        "ordered by enrollment"
    );
    // A new revocation keeps its cause; the schema refuses an unknown one.
    assert!(store.end_device(clinic, "quiet", DeviceEnd::Patient, chrono::Utc::now()).unwrap());
    assert!(!store.end_device(clinic, "quiet", DeviceEnd::Expired, chrono::Utc::now()).unwrap());
    let conn = Connection::open(&path).unwrap();
    let refused = conn.execute("UPDATE devices SET revoked_by = 'nobody' WHERE id = 'busy'", []);
    assert!(refused.is_err(), "CHECK on revoked_by");
}
