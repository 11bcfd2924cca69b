//! Review M7 and M9: logins, lockouts, enrollments, exports, revocations, notes and admin
//! actions are audited with who, from where and when; the log is append-only and
//! hash-chained, `clinic audit verify` names a tampered row, and notes keep their history.

use std::process::Command;

use chrono::Utc;
use clinic::store::{AuditCheck, AuditEntry, NewAuditEntry, Store};
use rusqlite::Connection;

use crate::harness::{STAFF_EMAIL, STAFF_PASSWORD, Server, checkin};

fn entries(server: &Server) -> Vec<AuditEntry> {
    let mut entries = server.store().audit_entries(1000).unwrap();
    entries.reverse();
    entries
}

fn verify(db: &std::path::Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_clinic"))
        .args(["audit", "verify", "--db"])
        .arg(db)
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    (out.status.success(), String::from_utf8(out.stdout).unwrap())
}

#[tokio::test]
async fn logins_lockouts_enrollment_notes_revocation_and_export_are_audited() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let ack_id = server.checkin_id(&p.token, "key-audit-001", &checkin("urgent", None)).await;
    let checkin_id = ack_id.clone();
    server.add_staff();
    let staff = server.portal();
    assert_eq!(staff.login(STAFF_EMAIL, "not my password").await.status(), 401);
    assert_eq!(staff.login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 303);
    let csrf = staff.csrf().await;
    let handled = format!("/patients/{}/checkins/{checkin_id}/handled", p.id);
    assert_eq!(staff.post(&handled, &[("csrf", &csrf), ("note", "first")]).await.status(), 303);
    assert_eq!(staff.get(&format!("/patients/{}/fhir", p.id)).await.status(), 200);
    let revoke = format!("/patients/{}/devices/{}/revoke", p.id, p.device_id);
    assert_eq!(staff.post(&revoke, &[("csrf", &csrf)]).await.status(), 303);
    assert_eq!(staff.post("/logout", &[("csrf", &csrf)]).await.status(), 303);
    // Someone guessing at an unknown account until it locks.
    let guesser = server.portal();
    for _ in 0..6 {
        guesser.login("ghost@example.org", "guess guess").await;
    }

    let entries = entries(&server);
    let find = |action: &str| {
        entries.iter().find(|e| e.action == action).unwrap_or_else(|| panic!("no {action}"))
    };
    let staff_id = find("login").staff_id;
    assert!(staff_id.is_some());
    let failed = find("login_failed");
    assert_eq!((failed.actor.as_str(), failed.staff_id), (STAFF_EMAIL, staff_id));
    assert_eq!(failed.subject.as_deref(), Some("attempt 1"));
    let enrolled = find("device_enrolled");
    assert_eq!(enrolled.subject.as_deref(), Some(p.device_id.as_str()));
    assert_eq!(enrolled.patient_id.as_deref(), Some(p.id.as_str()));
    assert_eq!(find("mark_handled").subject.as_deref(), Some(checkin_id.as_str()));
    assert_eq!(find("revoke_device").subject.as_deref(), Some(p.device_id.as_str()));
    assert_eq!(find("export_fhir").staff_id, staff_id);
    assert_eq!(find("logout").staff_id, staff_id);
    let lockout = find("login_failed_lockout");
    assert_eq!((lockout.actor.as_str(), lockout.staff_id), ("ghost@example.org", None));
    assert_eq!(lockout.subject.as_deref(), Some("attempt 5"));
    assert_eq!(find("login_refused_locked").actor, "ghost@example.org");
    // Every row: a client address and a time; the chain is intact.
    let now = Utc::now();
    for e in &entries {
        assert_eq!(e.address.as_deref(), Some("127.0.0.1"), "{e:?}");
        assert!(e.at <= now && now - e.at < chrono::Duration::minutes(5), "{e:?}");
    }
    assert!(
        matches!(server.store().verify_audit().unwrap(), AuditCheck::Intact { rows, .. } if rows == entries.len() as u64)
    );
}

fn append(store: &dyn Store, n: usize) {
    for i in 0..n {
        store
            .audit(&NewAuditEntry {
                clinic: None,
                staff_id: None,
                actor: "test".into(),
                action: format!("action_{i}"),
                patient_id: None,
                subject: None,
                address: Some("192.0.2.1".into()),
                now: Utc::now(),
            })
            .unwrap();
    }
}

#[test]
fn the_audit_log_refuses_update_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clinic.db");
    append(&clinic::store::sqlite::SqliteStore::open(&db).unwrap(), 3);
    let conn = Connection::open(&db).unwrap();
    let update = conn.execute("UPDATE audit_log SET action = 'nothing' WHERE id = 2", []);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = conn.execute("DELETE FROM audit_log WHERE id = 2", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert!(verify(&db).0);
}

#[test]
fn verify_names_an_edited_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clinic.db");
    append(&clinic::store::sqlite::SqliteStore::open(&db).unwrap(), 5);
    let (ok, report) = verify(&db);
    assert!(ok && report.contains("intact: 5 rows"), "{report}");
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update; \
         UPDATE audit_log SET action = 'list_patients' WHERE id = 3;",
    )
    .unwrap();
    let (ok, report) = verify(&db);
    assert!(!ok);
    assert!(report.contains("row 3 was edited"), "{report}");
}

#[test]
fn verify_names_a_removed_row_and_a_rewritten_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clinic.db");
    append(&clinic::store::sqlite::SqliteStore::open(&db).unwrap(), 5);
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2;")
        .unwrap();
    let (ok, report) = verify(&db);
    assert!(!ok);
    assert!(report.contains("row 2 was removed"), "{report}");

    // Renumbering the rows after it and fixing the edited row's own hash still breaks the
    // chain at the next row.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clinic.db");
    append(&clinic::store::sqlite::SqliteStore::open(&db).unwrap(), 5);
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update; \
         UPDATE audit_log SET row_hash = '00' || substr(row_hash, 3) WHERE id = 4;",
    )
    .unwrap();
    let (ok, report) = verify(&db);
    assert!(!ok);
    assert!(report.contains("row 4"), "{report}");
}

#[tokio::test]
async fn a_second_note_on_a_check_in_keeps_the_first() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let ack_id = server.checkin_id(&p.token, "key-notes-01", &checkin("urgent", None)).await;
    let path = format!("/patients/{}/checkins/{}/handled", p.id, ack_id);
    let staff = server.staff().await;
    let csrf = staff.csrf().await;
    let note1 = "FIRST-NOTE called patient, advised ER";
    let note2 = "SECOND-NOTE nothing to do";
    assert_eq!(staff.post(&path, &[("csrf", &csrf), ("note", note1)]).await.status(), 303);
    let first_handled = server.detail(&p.id).unwrap().unwrap().checkins[0].handled_at;
    assert_eq!(staff.post(&path, &[("csrf", &csrf), ("note", note2)]).await.status(), 303);

    let page = staff.page(&format!("/patients/{}", p.id)).await;
    assert!(page.contains("FIRST-NOTE") && page.contains("SECOND-NOTE"));
    let detail = server.detail(&p.id).unwrap().unwrap();
    let c = &detail.checkins[0];
    assert_eq!(c.handled_at, first_handled, "handled time is the first handling");
    let notes: Vec<(&str, &str)> =
        c.notes.iter().map(|n| (n.author.as_str(), n.note.as_str())).collect();
    assert_eq!(notes, [(STAFF_EMAIL, note1), (STAFF_EMAIL, note2)]);
    let edit = server.raw().execute("UPDATE checkin_notes SET note = 'x'", &[]);
    assert!(edit.unwrap_err().contains("append-only"));
}
