//! Erasure (issue 19): `clinic patient erase` leaves no row or file with the patient's data,
//! keeps the other patient's, and the audit chain still verifies.

use clinic::store::AuditCheck;

use crate::harness::{ADMIN_EMAIL, Server, checkin, cli_ok, clinic_cli, csrf_in, jpeg};
use crate::pg;

const MARKER: &str = "ERASEME7f3a";

/// The harness JPEG with its JFIF density set to `n`: a different file that still decodes.
fn jpeg_numbered(n: u16) -> Vec<u8> {
    let mut v = jpeg();
    v[14..16].copy_from_slice(&n.to_be_bytes());
    v
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// `clinic patient erase <id>` on this server's database (and its photo folder on PostgreSQL).
pub fn erase_cli(server: &Server, patient_id: &str) -> std::process::Output {
    let data_dir = server.dir.path().to_string_lossy().into_owned();
    let mut rest = vec![patient_id];
    if pg::url_for(&server.db).is_some() {
        rest.extend(["--data-dir", &data_dir]);
    }
    clinic_cli(&server.db, &["patient", "erase"], &rest, None)
}

#[tokio::test]
async fn an_erased_patient_leaves_no_row_or_file_and_the_other_keeps_theirs() {
    let server = Server::start().await;
    let gone = server.patient(&format!("{MARKER} Name")).await;
    let kept = server.patient("Keep Bee").await;
    for (p, note) in [(&gone, MARKER), (&kept, "keep-note")] {
        server.checkin_id(&p.token, "key-c-0001", &checkin("urgent", Some(note))).await;
        let response =
            server.upload_photo(&p.token, "key-p-0001", "image/jpeg", jpeg_numbered(7)).await;
        assert_eq!(response.status(), 201);
    }
    let response =
        server.upload_photo(&gone.token, "key-p-0002", "image/jpeg", jpeg_numbered(8)).await;
    assert_eq!(response.status(), 201);
    let photo_dir = server.dir.path().join("clinic.db.photos");
    assert_eq!(files_under(&photo_dir).len(), 3, "identical bytes of two patients: two files");

    let out = cli_ok(&erase_cli(&server, &gone.id));
    assert!(out.contains("2 photo file(s)"), "{out}");

    assert!(server.detail(&gone.id).unwrap().is_none());
    let raw = server.raw();
    for table in ["checkins", "photos", "devices", "invites", "staff_alerts", "treatment_sessions"]
    {
        let sql = format!("SELECT count(*) FROM {table} WHERE patient_id = ?1");
        assert_eq!(raw.number(&sql, &[&gone.id]), Some(0), "{table}");
    }
    let left =
        raw.number("SELECT count(*) FROM idempotency WHERE device_id = ?1", &[&gone.device_id]);
    assert_eq!(left, Some(0));
    let kept_detail = server.detail(&kept.id).unwrap().unwrap();
    assert_eq!((kept_detail.checkins.len(), kept_detail.photos.len()), (1, 1));
    let files = files_under(&photo_dir);
    assert_eq!(files.len(), 1);
    assert_eq!(std::fs::read(&files[0]).unwrap(), jpeg_numbered(7));
    assert!(
        files[0].starts_with(clinic::photos::PhotoStore::beside(&server.db).patient_dir(&kept.id))
    );
    if pg::url_for(&server.db).is_none() {
        // The bytes are gone from the file, not only unlinked (secure_delete + checkpoint).
        let mut bytes = std::fs::read(&server.db).unwrap();
        bytes.extend(std::fs::read(server.db.with_extension("db-wal")).unwrap_or_default());
        assert!(!contains(&bytes, MARKER), "the patient's data is still in the database file");
        assert!(contains(&bytes, "Keep Bee"));
    }

    // The erased device is refused; the other still works.
    let refused = server.upload(&gone.token, "key-c-0002", &checkin("expected", None)).await;
    assert_eq!(refused.status(), 401);
    server.checkin_id(&kept.token, "key-c-0002", &checkin("expected", None)).await;

    let store = server.store();
    assert!(matches!(store.verify_audit().unwrap(), AuditCheck::Intact { .. }));
    let entries = store.audit_entries(100).unwrap();
    let erasure = entries.iter().find(|e| e.action == "erase_patient").unwrap();
    assert_eq!(erasure.patient_id.as_deref(), Some(gone.id.as_str()));

    // Again: no such patient, refused, nothing else touched.
    assert!(!erase_cli(&server, &gone.id).status.success());
    assert_eq!(files_under(&photo_dir).len(), 1);
}

#[tokio::test]
async fn a_clinic_admin_erases_a_patient_from_the_portal_and_a_clinician_cannot() {
    let server = Server::start().await;
    let gone = server.patient("Portal Erased").await;
    let kept = server.patient("Portal Kept").await;
    for p in [&gone, &kept] {
        let response = server.upload_photo(&p.token, "key-p-0001", "image/jpeg", jpeg()).await;
        assert_eq!(response.status(), 201);
    }
    let clinician = server.staff().await;
    let csrf = clinician.csrf().await;
    let form = [("csrf", csrf.as_str()), ("patient_id", &gone.id), ("confirm", &gone.id)];
    assert_eq!(clinician.post("/erase", &form).await.status(), 403);
    assert!(server.detail(&gone.id).unwrap().is_some());

    let admin = server.admin().await;
    let csrf = csrf_in(&admin.page("/erase").await);
    // The id typed twice must match.
    let mismatch = [("csrf", csrf.as_str()), ("patient_id", &gone.id), ("confirm", &kept.id)];
    let page = admin.post("/erase", &mismatch).await.text().await.unwrap();
    assert!(page.contains("not the same"), "{page}");
    assert!(server.detail(&gone.id).unwrap().is_some());

    let form = [("csrf", csrf.as_str()), ("patient_id", &gone.id), ("confirm", &gone.id)];
    let response = admin.post("/erase", &form).await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("1 photo file(s)"));
    assert!(server.detail(&gone.id).unwrap().is_none());
    assert_eq!(server.detail(&kept.id).unwrap().unwrap().photos.len(), 1);
    let photo_dir = server.dir.path().join("clinic.db.photos");
    assert_eq!(files_under(&photo_dir).len(), 1);
    let store = server.store();
    assert!(matches!(store.verify_audit().unwrap(), AuditCheck::Intact { .. }));
    let entries = store.audit_entries(100).unwrap();
    let erasure = entries.iter().find(|e| e.action == "erase_patient").unwrap();
    assert_eq!(erasure.actor, ADMIN_EMAIL);
}

/// Moves every row of the patient back to `at`, as if nothing had happened since.
fn backdate(server: &Server, patient_id: &str, at: &str) {
    let raw = server.raw();
    for sql in [
        "UPDATE patients SET created_at = ?2 WHERE id = ?1",
        "UPDATE invites SET created_at = ?2 WHERE patient_id = ?1",
        "UPDATE devices SET created_at = ?2, last_used_at = ?2 WHERE patient_id = ?1",
        "UPDATE checkins SET received_at = ?2 WHERE patient_id = ?1",
        "UPDATE photos SET received_at = ?2 WHERE patient_id = ?1",
    ] {
        raw.execute(sql, &[patient_id, at]).unwrap();
    }
}

#[tokio::test]
async fn retention_erases_closed_records_at_start_and_keeps_open_ones() {
    let server = Server::start().await;
    let closed = server.patient("Closed Long Ago").await;
    let waiting = server.patient("Urgent Unanswered").await;
    let recent = server.patient("Recent Visitor").await;
    server.checkin_id(&closed.token, "key-c-0001", &checkin("watch", None)).await;
    let response = server.upload_photo(&closed.token, "key-p-0001", "image/jpeg", jpeg()).await;
    assert_eq!(response.status(), 201);
    server.checkin_id(&waiting.token, "key-c-0001", &checkin("urgent", None)).await;
    server.checkin_id(&recent.token, "key-c-0001", &checkin("watch", None)).await;
    let long_ago = "2026-01-01T00:00:00.000Z";
    backdate(&server, &closed.id, long_ago);
    backdate(&server, &waiting.id, long_ago);
    assert_eq!(server.detail(&closed.id).unwrap().unwrap().photos.len(), 1);

    let (dir, db) = server.stop().await;
    let ops = clinic::Operations { retention_days: Some(30), ..clinic::Operations::default() };
    let server = Server::start_on(dir, db, clinic::state::Limits::default(), ops).await;
    assert!(server.detail(&closed.id).unwrap().is_none(), "closed 11 months ago: erased");
    assert!(server.detail(&waiting.id).unwrap().is_some(), "an urgent check-in waits: kept");
    assert!(server.detail(&recent.id).unwrap().is_some(), "active: kept");
    let photo_dir = server.dir.path().join("clinic.db.photos");
    assert!(files_under(&photo_dir).is_empty());
    let store = server.store();
    assert!(matches!(store.verify_audit().unwrap(), AuditCheck::Intact { .. }));
    let entries = store.audit_entries(100).unwrap();
    let purge = entries.iter().find(|e| e.action == "erase_patient").unwrap();
    assert_eq!(
        (purge.actor.as_str(), purge.patient_id.as_deref()),
        ("retention", Some(closed.id.as_str()))
    );

    // A second run finds nothing: the other two are open.
    let photos = clinic::photos::PhotoStore::beside(&server.db);
    assert_eq!(clinic::retention::purge(&*store, &photos, 30, chrono::Utc::now()).unwrap(), 0);
}
