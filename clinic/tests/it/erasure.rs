//! Erasure (issue 19): `clinic patient erase` leaves no row or file with the patient's data,
//! keeps the other patient's, and the audit chain still verifies.

use clinic::store::AuditCheck;

use crate::harness::{Server, checkin, cli_ok, clinic_cli, jpeg};
use crate::pg;

const MARKER: &str = "ERASEME7f3a";

/// A JPEG whose scan data spells `text` (no 0xFF byte, so the structure stays valid).
fn jpeg_spelling(text: &str) -> Vec<u8> {
    let mut v = jpeg();
    let eoi = v.len() - 2;
    v.splice(eoi - 1..eoi, text.bytes());
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
        let response = server
            .upload_photo(&p.token, "key-p-0001", "image/jpeg", jpeg_spelling("SAMEBYTES"))
            .await;
        assert_eq!(response.status(), 201);
    }
    let response =
        server.upload_photo(&gone.token, "key-p-0002", "image/jpeg", jpeg_spelling(MARKER)).await;
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
    assert!(contains(&std::fs::read(&files[0]).unwrap(), "SAMEBYTES"));
    for file in &files {
        assert!(!contains(&std::fs::read(file).unwrap(), MARKER), "{}", file.display());
    }
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
