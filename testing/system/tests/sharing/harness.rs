//! The sharing tests' harness: the real clinic server in a child process, the `afterglow`
//! binary on a temporary data dir, and a patient with a session, check-ins and a photo.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use afterglow_handlers::photo::testdata;
use serde_json::Value;

pub(crate) const DB_ENV: &str = "AFTERGLOW_TEST_CLINIC_DB";
pub(crate) const ADDR_ENV: &str = "AFTERGLOW_TEST_CLINIC_ADDR";
pub(crate) const STAFF_EMAIL: &str = "nurse@example.org";
pub(crate) const STAFF_PASSWORD: &str = "correct horse battery staple";
/// The patient's "now": two days after the session below.
pub(crate) const NOW: &str = "2026-11-22T10:00:00+01:00";

pub(crate) struct Clinic {
    pub(crate) _dir: tempfile::TempDir,
    pub(crate) db: PathBuf,
    pub(crate) addr: SocketAddr,
    pub(crate) child: Option<Child>,
    /// The nurse's second factor (base32), set up as if she had scanned the enrolment QR.
    pub(crate) totp_secret: String,
    /// The portal session, logged in once (a TOTP code is accepted only once).
    pub(crate) portal: std::sync::OnceLock<reqwest::blocking::Client>,
}

impl Clinic {
    pub(crate) fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("clinic.db");
        let store = clinic::store::sqlite::SqliteStore::open(&db).unwrap();
        use clinic::store::Store;
        let home = store.default_clinic().unwrap();
        let mut settings = store.settings(home).unwrap();
        settings.name = "Glow Clinic".into();
        settings.phone = "+44 20 0000 0000".into();
        settings.after_hours_advice = "Outside opening hours, call 111.".into();
        store.save_settings(home, &settings).unwrap();
        let hash = clinic::passwords::hash_new(STAFF_PASSWORD, STAFF_EMAIL).unwrap();
        let staff = store
            .add_staff(home, STAFF_EMAIL, &hash, clinic::store::Role::Clinician, chrono::Utc::now())
            .unwrap();
        let totp_secret = clinic::mfa::new_secret().unwrap();
        assert!(store.set_pending_totp(staff, &totp_secret).unwrap());
        assert!(store.confirm_totp(staff, &[], chrono::Utc::now()).unwrap());
        drop(store);
        let mut clinic = Self {
            _dir: dir,
            db,
            addr: "127.0.0.1:0".parse().unwrap(),
            child: None,
            totp_secret,
            portal: std::sync::OnceLock::new(),
        };
        clinic.run();
        clinic
    }

    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Starts the server on the saved address (port 0 the first time).
    pub(crate) fn run(&mut self) {
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
    pub(crate) fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    /// A fresh invite created `hours_ago` (72 h is the validity): (code, patient id).
    pub(crate) fn invite(&self, hours_ago: i64) -> (String, String) {
        use clinic::store::Store;
        let store = clinic::store::sqlite::SqliteStore::open(&self.db).unwrap();
        let at = chrono::Utc::now() - chrono::Duration::hours(hours_ago);
        let home = store.default_clinic().unwrap();
        let created =
            clinic::invite::create_patient_invite(&store, home, "Ann Example", None, at).unwrap();
        (created.code, created.patient_id)
    }

    pub(crate) fn count(&self, table: &str) -> i64 {
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
    }

    pub(crate) fn revoke_every_device(&self) {
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
        let home = store.default_clinic().unwrap();
        for (patient, device) in devices {
            assert!(store.revoke_device(home, &patient, &device, chrono::Utc::now()).unwrap());
        }
    }

    /// The patient's page as the logged-in nurse sees it.
    pub(crate) fn portal_page(&self, patient_id: &str) -> String {
        let http = self.portal.get_or_init(|| self.log_in());
        http.get(format!("{}/patients/{patient_id}", self.url())).send().unwrap().text().unwrap()
    }

    /// The nurse marks the patient's only check-in handled, with `reply` for the patient.
    pub(crate) fn handle_with_reply(&self, patient_id: &str, reply: &str) {
        let page = self.portal_page(patient_id);
        let marker = "name=\"csrf\" value=\"";
        let start = page.find(marker).unwrap() + marker.len();
        let csrf = &page[start..start + 64];
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        let id: String = conn.query_row("SELECT id FROM checkins", [], |r| r.get(0)).unwrap();
        let http = self.portal.get().unwrap();
        let answer = http
            .post(format!("{}/patients/{patient_id}/checkins/{id}/handled", self.url()))
            .form(&[("csrf", csrf), ("note", "called her"), ("reply", reply)])
            .send()
            .unwrap();
        assert!(answer.status().is_success() || answer.status().is_redirection());
    }

    /// Password, then the code her authenticator app would show.
    fn log_in(&self) -> reqwest::blocking::Client {
        let http = reqwest::blocking::Client::builder().cookie_store(true).build().unwrap();
        let csrf = |page: &str| {
            let marker = "name=\"csrf\" value=\"";
            let start = page.find(marker).unwrap() + marker.len();
            page[start..start + 64].to_owned()
        };
        let login = http.get(format!("{}/login", self.url())).send().unwrap().text().unwrap();
        let answer = http
            .post(format!("{}/login", self.url()))
            .form(&[("email", STAFF_EMAIL), ("password", STAFF_PASSWORD), ("csrf", &csrf(&login))])
            .send()
            .unwrap();
        assert!(answer.status().is_success() || answer.status().is_redirection());
        let page = http.get(format!("{}/mfa", self.url())).send().unwrap().text().unwrap();
        let code =
            clinic::mfa::totp(&self.totp_secret, STAFF_EMAIL).unwrap().generate_current().unwrap();
        let answer = http
            .post(format!("{}/mfa", self.url()))
            .form(&[("code", code.as_str()), ("csrf", &csrf(&page)), ("next", "/patients")])
            .send()
            .unwrap();
        assert!(answer.status().is_success() || answer.status().is_redirection());
        http
    }
}

impl Drop for Clinic {
    fn drop(&mut self) {
        self.kill();
    }
}

pub(crate) fn afterglow_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_afterglow-under-test"));
    command
        .env("LC_ALL", "C") // English whatever the developer's locale
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

pub(crate) fn afterglow(dir: &Path, args: &[&str]) -> Output {
    afterglow_env(dir, args, &[])
}

pub(crate) fn ok(dir: &Path, args: &[&str]) -> String {
    let out = afterglow(dir, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

pub(crate) fn failing(dir: &Path, args: &[&str]) -> String {
    let out = afterglow(dir, args);
    assert!(
        !out.status.success(),
        "{args:?} should fail: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).unwrap()
}

pub(crate) fn outbox(dir: &Path) -> Value {
    serde_json::from_str(&ok(dir, &["--json", "outbox"])).unwrap()
}

/// The answers of a check-in with red streaks spreading from the treated skin: urgent (triage
/// rule U4). After `checkin`.
pub(crate) const URGENT_ANSWERS: &[&str] = &[
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
];

/// The answers of a mild check-in two days after a session: expected. After `checkin`.
pub(crate) const EXPECTED_ANSWERS: &[&str] =
    &["--redness", "1", "--swelling", "0", "--pain", "1", "--itch", "0", "--discharge", "none"];

/// A session two days ago, and check-ins: an urgent one (red streaks) and an expected one.
pub(crate) fn patient_with_checkins(dir: &Path) {
    add_session(dir);
    let urgent =
        [&["--at", "2026-11-22T09:00:00+01:00", "checkin", "--temp-c", "37.0"], URGENT_ANSWERS];
    ok(dir, &urgent.concat());
    let expected =
        [&["--at", "2026-11-22T09:30:00+01:00", "checkin", "--temp-c", "36.8"], EXPECTED_ANSWERS];
    ok(dir, &expected.concat());
}

pub(crate) fn add_photo(dir: &Path) -> i64 {
    let file = dir.join("face.jpg");
    std::fs::write(&file, testdata::camera_jpeg(320, 240, 90, None)).unwrap();
    let out = ok(
        dir,
        &["--json", "--at", "2026-11-21T09:40:00+01:00", "photo", "add", file.to_str().unwrap()],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    v["id"].as_i64().unwrap()
}

pub(crate) fn states(outbox: &Value) -> Vec<String> {
    outbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["state"].as_str().unwrap().to_owned())
        .collect()
}

/// A session two days before [`NOW`], in Paris.
pub(crate) fn add_session(dir: &Path) {
    let args = "--at 2026-11-22T10:00:00+01:00 session add --start 2026-11-20T09:00 --tz Europe/Paris --depth-mm 1.0 --area face";
    ok(dir, &args.split(' ').collect::<Vec<_>>());
}
