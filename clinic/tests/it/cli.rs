//! The `clinic` binary itself: staff add, invite, refusing a newer database, and what the
//! server writes to its log.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use clinic::store::Store;
use clinic::store::sqlite::{LATEST_VERSION, SqliteStore};
use serde_json::json;

use crate::harness::{Portal, STAFF_PASSWORD, checkin, csrf_in, jpeg};

fn clinic() -> Command {
    Command::new(env!("CARGO_BIN_EXE_clinic"))
}

fn staff_add(db: &Path, email: &str, password: &str) -> std::process::Output {
    let mut child = clinic()
        .args(["staff", "add", "--db"])
        .arg(db)
        .args(["--email", email])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn staff_add_reads_the_password_from_stdin_and_applies_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clinic.db");
    assert!(staff_add(&db, "a@example.org", STAFF_PASSWORD).status.success());
    let short = staff_add(&db, "b@example.org", "short");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12 characters"));
    // Long enough but guessable: refused with zxcvbn's advice (review L5).
    let common = staff_add(&db, "c@example.org", "Afterglow2026!");
    assert!(!common.status.success());
    let stderr = String::from_utf8_lossy(&common.stderr);
    assert!(stderr.contains("too easy to guess (strength "), "{stderr}");
    let own_email = staff_add(&db, "dana.whitfield@example.org", "dana.whitfield2026");
    assert!(String::from_utf8_lossy(&own_email.stderr).contains("too easy to guess"));
    let dup = staff_add(&db, "A@example.org", STAFF_PASSWORD);
    assert!(String::from_utf8_lossy(&dup.stderr).contains("already exists"));
}

#[test]
fn invite_prints_a_code_and_writes_a_qr_png() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clinic.db");
    let png = dir.path().join("invite.png");
    let out = clinic()
        .args(["invite", "--db"])
        .arg(&db)
        .args(["--name", "Ann Example", "--png"])
        .arg(&png)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("invite code: "));
    assert!(stdout.contains('█'), "terminal QR code");
    assert_eq!(&std::fs::read(&png).unwrap()[..4], b"\x89PNG");

    // A protocol that the app's core would refuse is refused here too.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"format\": 1}").unwrap();
    let out = clinic()
        .args(["invite", "--db"])
        .arg(&db)
        .args(["--name", "Bob", "--protocol"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("care protocol is not valid"));
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = super::harness::private_tempdir();
    let db = dir.path().join("clinic.db");
    drop(SqliteStore::open(&db).unwrap());
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1).unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let out = clinic()
        .args(["serve", "--db"])
        .arg(&db)
        .args(["--addr", "127.0.0.1:0", "--unencrypted"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("newer version of the clinic server"), "{stderr}");
    assert!(stderr.contains("left untouched"), "{stderr}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "file bytes unchanged");
    assert!(!dir.path().join("clinic.db-wal").exists());
}

/// Runs the real binary with logging on, drives a full flow with marker text in the patient
/// name, notes and handled note, and checks that none of it reached the log.
#[tokio::test]
async fn patient_names_and_notes_never_reach_the_server_log() {
    const NAME: &str = "Zebedee Lognamemarker";
    const NOTE: &str = "NOTEMARKER itchy chin";
    const HANDLED: &str = "HANDLEDMARKER called her";
    let dir = super::harness::private_tempdir();
    let db = dir.path().join("clinic.db");
    assert!(staff_add(&db, "nurse@example.org", STAFF_PASSWORD).status.success());
    let store = SqliteStore::open(&db).unwrap();
    let invite = clinic::invite::create_patient_invite(
        &store,
        store.default_clinic().unwrap(),
        NAME,
        None,
        chrono::Utc::now(),
    )
    .unwrap();

    let mut child = clinic()
        .args(["serve", "--db"])
        .arg(&db)
        // Plaintext: the test made the invite in the file without a key, and the portal helper
        // reads the staff's TOTP secret from it; encryption is tested in db_crypto.rs.
        .args(["--addr", "127.0.0.1:0", "--unencrypted"])
        .env("RUST_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("listening on ").unwrap().to_owned();
    let mut stderr = child.stderr.take().unwrap();
    let log = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });

    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    let enrolled: serde_json::Value = http
        .post(format!("{url}/api/v1/enroll"))
        .json(&json!({ "invite_code": invite.code, "device_label": "phone" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = enrolled["token"].as_str().unwrap();
    let ack: serde_json::Value = http
        .post(format!("{url}/api/v1/checkins"))
        .bearer_auth(token)
        .header("Idempotency-Key", "key-log-000001")
        .json(&checkin("urgent", Some(NOTE)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // A rejected upload carrying the note (unknown field) is not logged either.
    let mut bad = checkin("urgent", Some(NOTE));
    bad["extra"] = json!(NOTE);
    http.post(format!("{url}/api/v1/checkins"))
        .bearer_auth(token)
        .header("Idempotency-Key", "key-log-000002")
        .json(&bad)
        .send()
        .await
        .unwrap();
    http.post(format!("{url}/api/v1/photos?taken_at=2026-11-20T10:00:00Z&zone=UTC"))
        .bearer_auth(token)
        .header("Idempotency-Key", "key-log-000003")
        .header("Content-Type", "image/jpeg")
        .body(jpeg())
        .send()
        .await
        .unwrap();

    let portal = Portal { http: http.clone(), url: url.clone(), db: db.clone() };
    portal.enrol("nurse@example.org", STAFF_PASSWORD).await;
    let page = http.get(format!("{url}/patients")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(NAME), "the portal itself shows the name");
    let csrf = csrf_in(&page);
    let patient = format!("{url}/patients/{}", invite.patient_id);
    http.get(&patient).send().await.unwrap();
    http.post(format!("{patient}/checkins/{}/handled", ack["id"].as_str().unwrap()))
        .form(&[("csrf", csrf.as_str()), ("note", HANDLED)])
        .send()
        .await
        .unwrap();
    http.get(format!("{patient}/fhir")).send().await.unwrap();

    // Stop the server and read everything it logged.
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap();
    child.wait().unwrap();
    let log = log.join().unwrap();
    assert!(log.contains("request"), "the log was captured: {log}");
    assert!(log.contains("/api/v1/checkins"), "requests are logged");
    for marker in ["Zebedee", "Lognamemarker", "NOTEMARKER", "HANDLEDMARKER", token] {
        assert!(!log.contains(marker), "{marker} leaked into the log:\n{log}");
    }
}
