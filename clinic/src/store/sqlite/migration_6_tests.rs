//! Migration 6 (clinics) on a version-5 file holding data: nothing is lost, everything lands in
//! the default clinic, and the old settings become its settings.

use chrono::Utc;
use rusqlite::Connection;

use super::SqliteStore;
use super::schema::migrate_until;
use crate::store::{AuditCheck, NewAuditEntry, NewDevice, Redeemed, Role, Store};

const TABLES: [&str; 11] = [
    "staff",
    "staff_sessions",
    "patients",
    "invites",
    "devices",
    "checkins",
    "treatment_sessions",
    "photos",
    "checkin_notes",
    "idempotency",
    "audit_log",
];

const V5_ROWS: &str = "
INSERT INTO settings VALUES ('clinic', '{\"name\":\"Old Clinic\",\"phone\":\"+44 1\",\
  \"after_hours_advice\":\"Call 111\",\"public_url\":\"https://old.example.org\"}');
INSERT INTO staff (id, email, password_hash, created_at, role)
  VALUES (1, 'nurse@example.org', 'x', '2026-11-01T09:00:00.000Z', 'clinician'),
         (2, 'boss@example.org', 'x', '2026-11-01T09:00:00.000Z', 'admin');
INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, created_at, last_seen_at, mfa_at)
  VALUES ('s1', 1, 'c', '2026-11-01T09:00:00.000Z', '2026-11-01T09:00:00.000Z',
          '2026-11-01T09:00:00.000Z');
INSERT INTO patients VALUES ('p1', 'Ann', NULL, '2026-11-01T09:00:00.000Z');
INSERT INTO invites VALUES ('used', 'p1', '2026-11-01T09:00:00.000Z', '2026-11-04T09:00:00.000Z',
  '2026-11-01T10:00:00.000Z');
INSERT INTO invites VALUES ('open', 'p1', '2026-11-01T09:00:00.000Z', '2999-01-01T00:00:00.000Z',
  NULL);
INSERT INTO devices VALUES ('d1', 'p1', 'tok', 'phone', '2026-11-01T09:00:00.000Z', NULL);
INSERT INTO checkins VALUES ('c1', 'p1', 'd1', 'k1', '2026-11-02T09:00:00.000Z',
  'Europe/London', 'urgent', '[]', '{}', 'sore', '2026-11-02T09:00:00.000Z',
  '2026-11-02T10:00:00.000Z', 1, 'called her back');
INSERT INTO checkin_notes (checkin_id, staff_id, author, note, at)
  VALUES ('c1', 1, 'nurse@example.org', 'called her back', '2026-11-02T10:00:00.000Z');
INSERT INTO treatment_sessions VALUES ('t1', 'p1', 'd1', 'k2', '2026-11-01T12:00:00.000Z',
  'Europe/London', 0.5, 'cheek', NULL, '2026-11-01T12:00:00.000Z');
INSERT INTO photos VALUES ('ph1', 'p1', 'd1', 'k3', 'abc', 10, '2026-11-01T12:00:00.000Z',
  'Europe/London', '2026-11-01T12:00:00.000Z');
INSERT INTO idempotency VALUES ('d1', 'k1', 'h', 201, '{}', '2026-11-02T09:00:00.000Z');
";

fn counts(conn: &Connection) -> Vec<i64> {
    TABLES
        .iter()
        .map(|t| conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap())
        .collect()
}

#[test]
fn a_version_5_file_keeps_every_row_in_the_default_clinic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clinic.db");
    let before = {
        let mut conn = Connection::open(&path).unwrap();
        migrate_until(&mut conn, 5).unwrap();
        conn.execute_batch(V5_ROWS).unwrap();
        for (i, action) in ["view_patient", "mark_handled"].into_iter().enumerate() {
            let entry = NewAuditEntry {
                clinic: None,
                staff_id: Some(1),
                actor: "nurse@example.org".into(),
                action: action.into(),
                patient_id: Some("p1".into()),
                subject: Some(format!("row {i}")),
                address: None,
                now: Utc::now(),
            };
            super::audit::append_as_version_5(&mut conn, &entry).unwrap();
        }
        counts(&conn)
    };

    let store = SqliteStore::open(&path).unwrap();
    let after = counts(&store.reader());
    assert_eq!(before, after, "rows per table of {TABLES:?}");
    let unassigned: i64 = store
        .reader()
        .query_row(
            "SELECT (SELECT count(*) FROM patients WHERE clinic_id IS NOT 1) \
              + (SELECT count(*) FROM invites WHERE clinic_id IS NOT 1) \
              + (SELECT count(*) FROM devices WHERE clinic_id IS NOT 1) \
              + (SELECT count(*) FROM checkins WHERE clinic_id IS NOT 1) \
              + (SELECT count(*) FROM treatment_sessions WHERE clinic_id IS NOT 1) \
              + (SELECT count(*) FROM photos WHERE clinic_id IS NOT 1) \
              + (SELECT count(*) FROM checkin_notes WHERE clinic_id IS NOT 1) \
              + (SELECT count(*) FROM audit_log WHERE clinic_id IS NOT 1) \
              + (SELECT count(*) FROM staff_sessions WHERE clinic_id IS NOT 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unassigned, 0);

    let clinic = store.default_clinic().unwrap();
    let clinics = store.clinics().unwrap();
    assert_eq!(clinics.len(), 1);
    assert_eq!((clinics[0].slug.as_str(), clinics[0].patients), ("default", 1));
    let settings = store.settings(clinic).unwrap();
    assert_eq!(
        (settings.name.as_str(), settings.phone.as_str(), settings.after_hours_advice.as_str()),
        ("Old Clinic", "+44 1", "Call 111")
    );
    assert_eq!(store.public_url().unwrap(), "https://old.example.org");

    let detail = store.patient_detail(clinic, "p1").unwrap().unwrap();
    assert_eq!(
        (detail.devices.len(), detail.checkins.len(), detail.sessions.len(), detail.photos.len()),
        (1, 1, 1, 1)
    );
    assert_eq!(detail.checkins[0].notes[0].note, "called her back");
    assert_eq!(store.device_by_token("tok").unwrap().unwrap().clinic, clinic);
    let session = store.session("s1").unwrap().unwrap();
    assert_eq!((session.clinic, session.role), (clinic, Role::Clinician));
    let roles: Vec<Role> = store
        .staff_list()
        .unwrap()
        .iter()
        .map(|s| {
            assert_eq!(s.memberships.len(), 1);
            s.memberships[0].role
        })
        .collect();
    assert_eq!(roles, [Role::Clinician, Role::Admin]);
    assert_eq!(store.clinic_audit_entries(clinic, 10).unwrap().len(), 2);
    assert!(matches!(store.verify_audit().unwrap(), AuditCheck::Intact { rows: 2, .. }));

    // Rows from now on chain their clinic: moving one to another clinic breaks the chain.
    let north = store.add_clinic("north", &Default::default(), Utc::now()).unwrap();
    for (at, action) in [(Some(north), "view_patient"), (None, "login_failed")] {
        let entry = NewAuditEntry {
            clinic: at,
            staff_id: None,
            actor: "someone".into(),
            action: action.into(),
            patient_id: None,
            subject: None,
            address: None,
            now: Utc::now(),
        };
        store.audit(&entry).unwrap();
    }
    assert!(matches!(store.verify_audit().unwrap(), AuditCheck::Intact { rows: 4, .. }));
    store
        .conn()
        .execute_batch(
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET clinic_id = 1 WHERE id = 3;",
        )
        .unwrap();
    match store.verify_audit().unwrap() {
        AuditCheck::Broken { row, .. } => assert_eq!(row, 3),
        intact => panic!("a moved row went unnoticed: {intact:?}"),
    }

    // The invite left open before the upgrade still enrols, into the default clinic.
    let device = NewDevice { id: "d2".into(), token_hash: "tok2".into(), label: "new".into() };
    match store.redeem_invite("open", &device, Utc::now()).unwrap() {
        Redeemed::Enrolled { clinic: joined, patient_id, .. } => {
            assert_eq!((joined, patient_id.as_str()), (clinic, "p1"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_row_in_another_clinic_than_its_patient_is_refused_by_the_schema() {
    let store = SqliteStore::open(&tempfile::tempdir().unwrap().path().join("c.db")).unwrap();
    let north = store.add_clinic("north", &Default::default(), Utc::now()).unwrap();
    let conn = store.conn();
    conn.execute(
        "INSERT INTO patients (id, name, created_at, clinic_id) VALUES ('p', 'A', 'x', 1)",
        [],
    )
    .unwrap();
    let wrong = conn.execute(
        "INSERT INTO devices (id, patient_id, token_hash, label, created_at, clinic_id) \
         VALUES ('d', 'p', 't', 'l', 'x', ?1)",
        [north.get()],
    );
    assert!(wrong.is_err(), "a device in another clinic than its patient");
    let none =
        conn.execute("INSERT INTO patients (id, name, created_at) VALUES ('q', 'B', 'x')", []);
    assert!(none.is_err(), "a patient without a clinic");
    let moved = conn.execute("UPDATE patients SET clinic_id = ?1 WHERE id = 'p'", [north.get()]);
    assert!(moved.is_err(), "a patient moved to another clinic");
}
