//! Sharing through the real `afterglow` binary with the real clinic server on loopback: the
//! server runs from the clinic crate's library in a child process (this test binary re-run as
//! `clinic_server_child`), so it can be killed with SIGKILL and restarted on the same database.
//! Misbehaving servers (500, 429, junk, too slow, 422) are tiny raw TCP servers.

// Helpers outside #[test] fns unwrap too: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use afterglow_handlers::photo::testdata;
use serde_json::Value;

const DB_ENV: &str = "AFTERGLOW_TEST_CLINIC_DB";
const ADDR_ENV: &str = "AFTERGLOW_TEST_CLINIC_ADDR";
const STAFF_EMAIL: &str = "nurse@example.org";
const STAFF_PASSWORD: &str = "correct horse battery staple";
/// The patient's "now": two days after the session below.
const NOW: &str = "2026-11-22T10:00:00+01:00";

/// The clinic server, run by the parent test as a child process.
#[test]
#[ignore = "the clinic server process of the sharing tests, started by them"]
fn clinic_server_child() {
    let (Ok(db), Ok(addr)) = (std::env::var(DB_ENV), std::env::var(ADDR_ENV)) else { return };
    let config = clinic::ServeConfig {
        db: PathBuf::from(db),
        addr: addr.parse().unwrap(),
        limits: clinic::state::Limits::default(),
        web_dir: None,
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let bound = clinic::bind(&config).await.unwrap();
        println!("listening on http://{}", bound.local_addr().unwrap());
        std::io::stdout().flush().unwrap();
        bound.run(std::future::pending()).await.unwrap();
    });
}

struct Clinic {
    _dir: tempfile::TempDir,
    db: PathBuf,
    addr: SocketAddr,
    child: Option<Child>,
}

impl Clinic {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("clinic.db");
        let store = clinic::store::sqlite::SqliteStore::open(&db).unwrap();
        use clinic::store::Store;
        let mut settings = store.settings().unwrap();
        settings.name = "Glow Clinic".into();
        settings.phone = "+44 20 0000 0000".into();
        settings.after_hours_advice = "Outside opening hours, call 111.".into();
        store.save_settings(&settings).unwrap();
        let hash = clinic::passwords::hash_new(STAFF_PASSWORD).unwrap();
        store.add_staff(STAFF_EMAIL, &hash, chrono::Utc::now()).unwrap();
        drop(store);
        let mut clinic = Self { _dir: dir, db, addr: "127.0.0.1:0".parse().unwrap(), child: None };
        clinic.run();
        clinic
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Starts the server on the saved address (port 0 the first time).
    fn run(&mut self) {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["clinic_server_child", "--exact", "--ignored", "--nocapture"])
            .env(DB_ENV, &self.db)
            .env(ADDR_ENV, self.addr.to_string())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let addr = loop {
            let line = lines.next().expect("the clinic server did not start").unwrap();
            if let Some(addr) = line.strip_prefix("listening on http://") {
                break addr.parse().unwrap();
            }
        };
        // Keep draining stdout so the child never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        self.addr = addr;
        self.child = Some(child);
    }

    /// SIGKILL: no shutdown, no flushing.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    /// A fresh invite created `hours_ago` (72 h is the validity): (code, patient id).
    fn invite(&self, hours_ago: i64) -> (String, String) {
        let store = clinic::store::sqlite::SqliteStore::open(&self.db).unwrap();
        let at = chrono::Utc::now() - chrono::Duration::hours(hours_ago);
        let created =
            clinic::invite::create_patient_invite(&store, "Ann Example", None, at).unwrap();
        (created.code, created.patient_id)
    }

    fn count(&self, table: &str) -> i64 {
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
    }

    fn revoke_every_device(&self) {
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        let devices: Vec<(String, String)> = conn
            .prepare("SELECT patient_id, id FROM devices")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let store = clinic::store::sqlite::SqliteStore::open(&self.db).unwrap();
        use clinic::store::Store;
        for (patient, device) in devices {
            assert!(store.revoke_device(&patient, &device, chrono::Utc::now()).unwrap());
        }
    }

    /// The patient's page as the logged-in nurse sees it.
    fn portal_page(&self, patient_id: &str) -> String {
        let http = reqwest::blocking::Client::builder().cookie_store(true).build().unwrap();
        let login = http.get(format!("{}/login", self.url())).send().unwrap().text().unwrap();
        let marker = "name=\"csrf\" value=\"";
        let start = login.find(marker).unwrap() + marker.len();
        let csrf = &login[start..start + 64];
        let answer = http
            .post(format!("{}/login", self.url()))
            .form(&[("email", STAFF_EMAIL), ("password", STAFF_PASSWORD), ("csrf", csrf)])
            .send()
            .unwrap();
        assert!(answer.status().is_success() || answer.status().is_redirection());
        http.get(format!("{}/patients/{patient_id}", self.url())).send().unwrap().text().unwrap()
    }
}

impl Drop for Clinic {
    fn drop(&mut self) {
        self.kill();
    }
}

fn afterglow_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_afterglow"));
    command
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("AFTERGLOW_DATA_DIR")
        .env("TZ", "Europe/Paris");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap()
}

fn afterglow(dir: &Path, args: &[&str]) -> Output {
    afterglow_env(dir, args, &[])
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = afterglow(dir, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn failing(dir: &Path, args: &[&str]) -> String {
    let out = afterglow(dir, args);
    assert!(
        !out.status.success(),
        "{args:?} should fail: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).unwrap()
}

fn outbox(dir: &Path) -> Value {
    serde_json::from_str(&ok(dir, &["--json", "outbox"])).unwrap()
}

/// A session two days ago, and check-ins: an urgent one (red streaks) and an expected one.
fn patient_with_checkins(dir: &Path) {
    ok(
        dir,
        &[
            "--at",
            NOW,
            "session",
            "add",
            "--start",
            "2026-11-20T09:00",
            "--tz",
            "Europe/Paris",
            "--depth-mm",
            "1.0",
            "--area",
            "face",
        ],
    );
    ok(
        dir,
        &[
            "--at",
            "2026-11-22T09:00:00+01:00",
            "checkin",
            "--redness",
            "2",
            "--swelling",
            "1",
            "--pain",
            "3",
            "--itch",
            "1",
            "--temp-c",
            "37.0",
            "--discharge",
            "none",
            "--streaks",
        ],
    );
    ok(
        dir,
        &[
            "--at",
            "2026-11-22T09:30:00+01:00",
            "checkin",
            "--redness",
            "1",
            "--swelling",
            "0",
            "--pain",
            "1",
            "--itch",
            "0",
            "--temp-c",
            "36.8",
            "--discharge",
            "none",
        ],
    );
}

fn add_photo(dir: &Path) -> i64 {
    let file = dir.join("face.jpg");
    std::fs::write(&file, testdata::camera_jpeg(320, 240, 90, None)).unwrap();
    let out = ok(
        dir,
        &["--json", "--at", "2026-11-21T09:40:00+01:00", "photo", "add", file.to_str().unwrap()],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    v["id"].as_i64().unwrap()
}

fn states(outbox: &Value) -> Vec<String> {
    outbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["state"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn shared_checkins_photos_and_sessions_reach_the_portal_exactly_once() {
    let clinic = Clinic::start();
    let (code, patient_id) = clinic.invite(0);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    patient_with_checkins(data);
    let photo = add_photo(data);

    let linked = ok(
        data,
        &["--at", NOW, "clinic", "link", "--server", &clinic.url(), "--code", &code.to_lowercase()],
    );
    assert!(
        linked.contains("Linked to Glow Clinic") && linked.contains("+44 20 0000 0000"),
        "{linked}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(data.join("clinic-token")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Linking sent nothing: the patient has not shared yet.
    assert_eq!(clinic.count("checkins"), 0);

    let photo_id = photo.to_string();
    let shared =
        ok(data, &["--at", NOW, "share", "--checkins", "all", "--photo", &photo_id, "--sessions"]);
    assert!(shared.contains("Queued 4 items"), "{shared}");
    let view = outbox(data);
    assert_eq!(states(&view), vec!["sent"; 4], "{view}");
    assert_eq!(
        (clinic.count("checkins"), clinic.count("photos"), clinic.count("treatment_sessions")),
        (2, 1, 1)
    );

    // Sharing again queues nothing; syncing sends nothing twice.
    let again =
        ok(data, &["--at", NOW, "share", "--checkins", "all", "--photo", &photo_id, "--sessions"]);
    assert!(again.contains("Nothing new to queue"), "{again}");
    ok(data, &["--at", NOW, "sync"]);
    assert_eq!(
        (clinic.count("checkins"), clinic.count("photos"), clinic.count("treatment_sessions")),
        (2, 1, 1)
    );

    // The crash window "stored by the clinic, not yet marked sent": the replay stores nothing.
    let local = rusqlite::Connection::open(data.join("afterglow.db")).unwrap();
    local.execute("UPDATE outbox SET state = 'queued', sent_utc_ms = NULL", []).unwrap();
    drop(local);
    ok(data, &["--at", NOW, "sync"]);
    assert_eq!(states(&outbox(data)), vec!["sent"; 4]);
    assert_eq!(
        (clinic.count("checkins"), clinic.count("photos"), clinic.count("treatment_sessions")),
        (2, 1, 1)
    );

    let page = clinic.portal_page(&patient_id);
    assert!(page.contains("urgent") && page.contains("expected"), "check-ins listed");
    assert!(page.contains(&format!("/patients/{patient_id}/photos/")), "photo listed");
    assert!(!page.contains("None shared yet."), "session listed");
}

#[test]
fn an_urgent_checkin_goes_at_once_with_auto_share_and_the_result_names_the_clinic() {
    let clinic = Clinic::start();
    let (code, _) = clinic.invite(0);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(
        data,
        &[
            "--at",
            NOW,
            "session",
            "add",
            "--start",
            "2026-11-20T09:00",
            "--tz",
            "Europe/Paris",
            "--depth-mm",
            "1.0",
            "--area",
            "face",
        ],
    );
    ok(
        data,
        &[
            "--at",
            NOW,
            "clinic",
            "link",
            "--server",
            &clinic.url(),
            "--code",
            &code,
            "--auto-share",
        ],
    );
    let result = ok(
        data,
        &[
            "--at",
            NOW,
            "checkin",
            "--redness",
            "2",
            "--swelling",
            "1",
            "--pain",
            "3",
            "--itch",
            "1",
            "--discharge",
            "none",
            "--streaks",
        ],
    );
    assert!(result.contains("Call Glow Clinic on +44 20 0000 0000"), "{result}");
    assert!(result.contains("Sent to your clinic."), "{result}");
    assert_eq!(clinic.count("checkins"), 1);
    // An expected result is not sent.
    ok(
        data,
        &[
            "--at",
            "2026-11-22T11:00:00+01:00",
            "checkin",
            "--redness",
            "1",
            "--swelling",
            "0",
            "--pain",
            "1",
            "--itch",
            "0",
            "--temp-c",
            "36.8",
            "--discharge",
            "none",
        ],
    );
    assert_eq!(clinic.count("checkins"), 1);
}

#[test]
fn a_server_killed_mid_share_gets_every_item_exactly_once_after_restart() {
    let mut clinic = Clinic::start();
    let (code, _) = clinic.invite(0);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(
        data,
        &[
            "--at",
            NOW,
            "session",
            "add",
            "--start",
            "2026-11-20T09:00",
            "--tz",
            "Europe/Paris",
            "--depth-mm",
            "1.0",
            "--area",
            "face",
        ],
    );
    const CHECKINS: i64 = 30;
    for i in 0..CHECKINS {
        let at = format!("2026-11-21T{:02}:{:02}:00+01:00", 10 + i / 60, i % 60);
        ok(
            data,
            &[
                "--at",
                &at,
                "checkin",
                "--redness",
                "1",
                "--swelling",
                "0",
                "--pain",
                "1",
                "--itch",
                "0",
                "--discharge",
                "none",
            ],
        );
    }
    ok(data, &["--at", NOW, "clinic", "link", "--server", &clinic.url(), "--code", &code]);

    let share = Command::new(env!("CARGO_BIN_EXE_afterglow"))
        .args(["--data-dir", data.to_str().unwrap(), "--at", NOW, "share", "--checkins", "all"])
        .env("TZ", "Europe/Paris")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill the server once some (not all) check-ins have arrived.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while clinic.count("checkins") < 3 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    clinic.kill();
    let out = share.wait_with_output().unwrap();
    assert!(out.status.success());
    let before = clinic.count("checkins");
    assert!(before < CHECKINS, "the kill came too late to test anything ({before})");
    let view = outbox(data);
    assert!(states(&view).iter().any(|s| s == "queued"), "{view}");
    // The item that met the dead server says why; the pass stopped there (offline).
    let items = view["items"].as_array().unwrap();
    let tried = items.iter().find(|i| i["state"] == "queued" && i["attempts"] == 1).unwrap();
    let reason = tried["reason"].as_str().unwrap();
    assert!(reason.contains("broke off") || reason.contains("cannot be reached"), "{tried}");

    // A new CLI process (the outbox is in SQLite) and the server back on the same database.
    clinic.run();
    // Later than any backoff: everything is due.
    let sync = ok(data, &["--at", "2026-11-22T12:00:00+01:00", "sync"]);
    assert!(sync.contains(&format!("{CHECKINS} sent")), "{sync}");
    assert_eq!(clinic.count("checkins"), CHECKINS);
    ok(data, &["--at", "2026-11-22T13:00:00+01:00", "sync"]);
    assert_eq!(clinic.count("checkins"), CHECKINS);
}

#[test]
fn a_revoked_device_is_told_to_link_again_and_keeps_its_items() {
    let clinic = Clinic::start();
    let (code, _) = clinic.invite(0);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    patient_with_checkins(data);
    ok(data, &["--at", NOW, "clinic", "link", "--server", &clinic.url(), "--code", &code]);
    clinic.revoke_every_device();
    let shared = ok(data, &["--at", NOW, "share", "--checkins", "all"]);
    assert!(shared.contains("relink needed: ask the clinic for a new invite"), "{shared}");
    let status = ok(data, &["clinic", "status"]);
    assert!(status.contains("no longer accepts this device"), "{status}");
    let view = outbox(data);
    assert_eq!(view["relink_needed"], true);
    assert_eq!(states(&view), vec!["queued", "queued"]);
    assert_eq!(clinic.count("checkins"), 0);
    // Sync does not knock on the door again; linking with a new invite sends the queue.
    ok(data, &["--at", NOW, "sync"]);
    let (code, _) = clinic.invite(0);
    ok(data, &["--at", NOW, "clinic", "link", "--server", &clinic.url(), "--code", &code]);
    assert_eq!(states(&outbox(data)), vec!["sent", "sent"]);
    assert_eq!(clinic.count("checkins"), 2);
    // Unlinking deletes the token and the link; what was shared stays listed.
    ok(data, &["clinic", "unlink"]);
    assert!(!data.join("clinic-token").exists());
    let view = outbox(data);
    assert_eq!(view["linked"], false);
    assert_eq!(states(&view), vec!["sent", "sent"]);
    let err = failing(data, &["--at", NOW, "sync"]);
    assert!(err.contains("link to your clinic first"), "{err}");
}

#[test]
fn bad_invites_and_an_unreachable_server_leave_the_device_unlinked() {
    let clinic = Clinic::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (expired, _) = clinic.invite(73);
    let err = failing(data, &["clinic", "link", "--server", &clinic.url(), "--code", &expired]);
    assert!(err.contains("expired or was already used"), "{err}");
    let (code, _) = clinic.invite(0);
    ok(data, &["clinic", "link", "--server", &clinic.url(), "--code", &code]);
    let other = tempfile::tempdir().unwrap();
    let err =
        failing(other.path(), &["clinic", "link", "--server", &clinic.url(), "--code", &code]);
    assert!(err.contains("expired or was already used"), "used invite: {err}");
    let err = failing(
        other.path(),
        &["clinic", "link", "--server", &clinic.url(), "--code", "AAAA-BBBB-CCCC"],
    );
    assert!(err.contains("does not know this invite code"), "{err}");
    let err = failing(
        other.path(),
        &["clinic", "link", "--server", "http://127.0.0.1:9", "--code", &code],
    );
    assert!(err.contains("cannot be reached"), "{err}");
    let err = failing(
        other.path(),
        &["clinic", "link", "--server", "http://clinic.example", "--code", &code],
    );
    assert!(err.contains("https://"), "{err}");
    assert!(!other.path().join("clinic-token").exists());
    let status = ok(other.path(), &["clinic", "status"]);
    assert!(status.starts_with("Not linked"), "{status}");
}

/// How a raw server answers uploads (enrollment always succeeds).
#[derive(Clone, Copy)]
enum Misbehaviour {
    Status500,
    TooMany { retry_after_s: u64 },
    Junk,
    Slow,
    Invalid,
}

/// A raw HTTP/1.1 server on loopback that enrolls anyone and then misbehaves. Records the
/// Idempotency-Key of every upload.
fn raw_server(how: Misbehaviour) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let keys = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&keys);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let seen = Arc::clone(&seen);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut head = String::new();
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    let lower = line.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    if let Some(v) = lower.strip_prefix("idempotency-key:") {
                        seen.lock().unwrap().push(v.trim().to_owned());
                    }
                    head.push_str(&line);
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let reply = |status: &str, extra: &str, body: &str| {
                    format!(
                        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n{body}",
                        body.len()
                    )
                };
                let answer = if head.starts_with("POST /api/v1/enroll") {
                    let protocol = shared::protocol::default_protocol_json();
                    let enrolled = format!(
                        r#"{{"api_version":1,"device_id":"dev","token":"{}","patient_id":"p","clinic":{{"name":"Raw Clinic","phone":"000","after_hours_advice":"none"}},"care_protocol":{protocol}}}"#,
                        "a".repeat(64)
                    );
                    reply("201 Created", "", &enrolled)
                } else {
                    match how {
                        Misbehaviour::Status500 => reply(
                            "500 Internal Server Error",
                            "",
                            r#"{"error":"internal","message":"boom"}"#,
                        ),
                        Misbehaviour::TooMany { retry_after_s } => reply(
                            "429 Too Many Requests",
                            &format!("Retry-After: {retry_after_s}\r\n"),
                            r#"{"error":"rate_limited","message":"slow down"}"#,
                        ),
                        Misbehaviour::Junk => "\u{1}\u{2}GARBAGE NOT HTTP\r\n\r\n".to_owned(),
                        Misbehaviour::Slow => {
                            std::thread::sleep(Duration::from_secs(3));
                            reply("201 Created", "", "{}")
                        }
                        Misbehaviour::Invalid => reply(
                            "422 Unprocessable Entity",
                            "",
                            r#"{"error":"invalid","message":"zone is not an IANA zone"}"#,
                        ),
                    }
                };
                let _ = stream.write_all(answer.as_bytes());
            });
        }
    });
    (url, keys)
}

fn linked_to_raw(how: Misbehaviour) -> (tempfile::TempDir, Arc<Mutex<Vec<String>>>) {
    let (url, keys) = raw_server(how);
    let dir = tempfile::tempdir().unwrap();
    patient_with_checkins(dir.path());
    ok(dir.path(), &["--at", NOW, "clinic", "link", "--server", &url, "--code", "AAAA-BBBB-CCCC"]);
    (dir, keys)
}

#[test]
fn server_trouble_keeps_items_queued_and_retries_with_the_same_key() {
    for (how, reason) in [
        (Misbehaviour::Status500, "the clinic's server had a problem (500)"),
        (Misbehaviour::Junk, "not HTTP"),
    ] {
        let (dir, keys) = linked_to_raw(how);
        let data = dir.path();
        ok(data, &["--at", NOW, "share", "--checkins", "flagged"]);
        let view = outbox(data);
        let item = &view["items"][0];
        assert_eq!(item["state"], "queued", "{view}");
        assert!(item["reason"].as_str().unwrap().contains(reason), "{item}");
        assert_eq!(item["attempts"], 1);
        assert!(item["next_attempt"].as_str().is_some(), "{item}");
        ok(data, &["--at", "2026-11-22T12:00:00+01:00", "sync"]);
        assert_eq!(outbox(data)["items"][0]["attempts"], 2);
        let keys = keys.lock().unwrap().clone();
        if matches!(how, Misbehaviour::Status500) {
            assert_eq!(keys.len(), 2);
            assert_eq!(keys[0], keys[1], "a retry reuses the idempotency key");
        }
    }
}

#[test]
fn a_slow_server_times_out_and_the_item_waits() {
    let (url, _) = raw_server(Misbehaviour::Slow);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    patient_with_checkins(data);
    ok(data, &["--at", NOW, "clinic", "link", "--server", &url, "--code", "AAAA-BBBB-CCCC"]);
    let out = afterglow_env(
        data,
        &["--at", NOW, "share", "--checkins", "flagged"],
        &[("AFTERGLOW_CLINIC_TIMEOUT_MS", "500")],
    );
    assert!(out.status.success());
    let item = &outbox(data)["items"][0];
    assert_eq!(item["state"], "queued");
    assert!(item["reason"].as_str().unwrap().contains("did not answer in time"), "{item}");
}

#[test]
fn rate_limiting_is_honoured_and_refusals_fail_with_the_clinics_words() {
    let (dir, _) = linked_to_raw(Misbehaviour::TooMany { retry_after_s: 120 });
    let data = dir.path();
    ok(data, &["--at", NOW, "share", "--checkins", "flagged"]);
    let item = &outbox(data)["items"][0];
    assert_eq!(item["state"], "queued");
    // NOW is 10:00 in Paris: Retry-After 120 s puts the next try at 10:02.
    assert_eq!(item["next_attempt"], "2026-11-22T10:02:00+01:00", "{item}");

    let (dir, _) = linked_to_raw(Misbehaviour::Invalid);
    let data = dir.path();
    let shared = ok(data, &["--at", NOW, "share", "--checkins", "all"]);
    assert!(shared.contains("failed"), "{shared}");
    let view = outbox(data);
    assert_eq!(states(&view), vec!["failed", "failed"]);
    assert!(
        view["items"][0]["reason"].as_str().unwrap().contains("zone is not an IANA zone (422)")
    );
    // Failed items are kept and not retried.
    ok(data, &["--at", "2026-11-22T12:00:00+01:00", "sync"]);
    assert_eq!(outbox(data)["items"][0]["attempts"], 1);
}

#[test]
fn without_auto_share_an_urgent_result_offers_to_share_and_nothing_leaves_until_asked() {
    let clinic = Clinic::start();
    let (code, _) = clinic.invite(0);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(
        data,
        &[
            "--at",
            NOW,
            "session",
            "add",
            "--start",
            "2026-11-20T09:00",
            "--tz",
            "Europe/Paris",
            "--depth-mm",
            "1.0",
            "--area",
            "face",
        ],
    );
    ok(data, &["--at", NOW, "clinic", "link", "--server", &clinic.url(), "--code", &code]);
    let out = ok(
        data,
        &[
            "--json",
            "--at",
            NOW,
            "checkin",
            "--redness",
            "2",
            "--swelling",
            "1",
            "--pain",
            "3",
            "--itch",
            "1",
            "--discharge",
            "none",
            "--streaks",
        ],
    );
    let result: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(result["offer_share"], true, "{result}");
    assert_eq!(clinic.count("checkins"), 0);
    let id = result["id"].as_i64().unwrap().to_string();
    let shared = ok(data, &["--at", NOW, "share", "--checkin", &id]);
    assert!(shared.contains("Queued 1 item"), "{shared}");
    assert_eq!(clinic.count("checkins"), 1);
}
