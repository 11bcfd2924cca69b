//! A real server on 127.0.0.1 (port 0) over a temporary database, and a real HTTP client.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use chrono::{Duration, Utc};
use clinic::api::wire::EnrollResponse;
use clinic::invite::{CreatedInvite, create_patient_invite};
use clinic::password_gate::PasswordGate;
use clinic::secrets::{self, normalize_invite, sha256_hex};
use clinic::state::Limits;
use clinic::store::{ClinicId, NewInvite, PatientDetail, PatientSummary, Role, Store, StoreResult};
use clinic::{Operations, ServeConfig, passwords};
use reqwest::redirect::Policy;
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::sync::oneshot;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::pg::{self, TestDatabase};

pub const STAFF_EMAIL: &str = "nurse@example.org";
pub const ADMIN_EMAIL: &str = "admin@example.org";
pub const STAFF_PASSWORD: &str = "correct horse battery staple";

/// A real 2×3 px JPEG (JFIF APP0 first, so its density is at bytes 14..16): passes the
/// structure checks and decodes in full, as the server now requires (review M6).
pub fn jpeg() -> Vec<u8> {
    let mut v = Vec::new();
    let pixels: Vec<u8> = (0..6u8).flat_map(|i| [40 * i, 200 - 20 * i, 90]).collect();
    jpeg_encoder::Encoder::new(&mut v, 90)
        .encode(&pixels, 2, 3, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    assert_eq!(&v[6..11], b"JFIF\0");
    v
}

/// The same JPEG carrying EXIF GPS and a comment with a name, plus an appended payload.
pub fn jpeg_with_metadata() -> Vec<u8> {
    let clean = jpeg();
    let mut v = clean[..2].to_vec();
    let exif = b"Exif\0\0GPSLatitude 51.5074";
    v.extend([0xFF, 0xE1, 0x00, u8::try_from(exif.len() + 2).unwrap()]);
    v.extend_from_slice(exif);
    let comment = b"patient jane doe";
    v.extend([0xFF, 0xFE, 0x00, u8::try_from(comment.len() + 2).unwrap()]);
    v.extend_from_slice(comment);
    v.extend_from_slice(&clean[2..]);
    v.extend_from_slice(b"<html><script>alert(1)</script></html>");
    v
}

/// A check-in body.
pub fn checkin(level: &str, note: Option<&str>) -> Value {
    json!({
        "recorded_at": Utc::now().to_rfc3339(),
        "zone": "Europe/London",
        "level": level,
        "rule_ids": ["C1"],
        "answers": { "pain": 4, "redness": 2, "swelling": 1, "itching": 3, "temperature_c": 37.4 },
        "note": note,
    })
}

/// A temporary folder only this account can enter, as the server wants its data folder.
pub fn private_tempdir() -> TempDir {
    use std::os::unix::fs::PermissionsExt;
    tempfile::Builder::new().permissions(std::fs::Permissions::from_mode(0o700)).tempdir().unwrap()
}

pub struct Server {
    pub url: String,
    pub db: PathBuf,
    pub dir: TempDir,
    pub http: reqwest::Client,
    /// The server's password verifier, to count the checks it ran.
    pub passwords: Arc<PasswordGate>,
    /// The server's FHIR download permits.
    fhir_gate: Arc<tokio::sync::Semaphore>,
    /// Its PostgreSQL database, when the suite runs on PostgreSQL (`pg.rs`).
    database: Option<Arc<TestDatabase>>,
    _shutdown: oneshot::Sender<()>,
}

/// A patient enrolled with one device.
pub struct Patient {
    pub id: String,
    pub device_id: String,
    pub token: String,
}

impl Server {
    pub async fn start() -> Self {
        Self::start_with(Limits::default()).await
    }

    pub async fn start_with(limits: Limits) -> Self {
        Self::start_full(limits, Operations::default()).await
    }

    /// A server on SQLite whatever the suite's backend, for the tests of the SQLite file
    /// itself (backups, restores, file modes): an empty file is a new SQLite database.
    pub async fn start_sqlite() -> Self {
        Self::start_sqlite_with(Limits::default()).await
    }

    /// [`Self::start_sqlite`] with limits.
    pub async fn start_sqlite_with(limits: Limits) -> Self {
        let dir = private_tempdir();
        let db = dir.path().join("clinic.db");
        clinic::datadir::create_private(&db).unwrap();
        Self::start_in(dir, db, limits, Operations::default()).await
    }

    /// Statements behind the store's back, on either backend.
    pub fn raw(&self) -> pg::Raw {
        pg::Raw::open(&self.db)
    }

    /// A server with alerts or the data folder policy set.
    pub async fn start_ops(ops: Operations) -> Self {
        Self::start_full(Limits::default(), ops).await
    }

    async fn start_full(limits: Limits, ops: Operations) -> Self {
        let dir = private_tempdir();
        let db = dir.path().join("clinic.db");
        Self::start_in(dir, db, limits, ops).await
    }

    /// A server on an existing database (a restored backup, a restart) inside `dir`.
    pub async fn start_on(dir: TempDir, db: PathBuf, limits: Limits, ops: Operations) -> Self {
        Self::start_in(dir, db, limits, ops).await
    }

    /// Stops the server (as at shutdown) and hands back its folder and database.
    pub async fn stop(self) -> (TempDir, PathBuf) {
        drop(self._shutdown);
        // Let the accept loop see the shutdown and the alert worker be dropped.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        if let Some(database) = self.database {
            pg::park(&self.db, database);
        }
        (self.dir, self.db)
    }

    async fn start_in(dir: TempDir, db: PathBuf, limits: Limits, ops: Operations) -> Self {
        let database = pg::database_for(&db);
        if let Some(key) = &ops.db_key_file {
            pg::remember_key(&db, key);
        }
        let config = ServeConfig {
            db: db.clone(),
            database_url: database.as_ref().map(|d| d.url.clone()),
            addr: "127.0.0.1:0".parse().unwrap(),
            limits,
            web_dir: None,
            app_addr: None,
        };
        let bound = clinic::bind_with(&config, ops).await.unwrap();
        let addr = bound.local_addr().unwrap();
        let passwords = bound.password_gate();
        let fhir_gate = bound.fhir_gate();
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(bound.run(async {
            let _ = rx.await;
        }));
        let http = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
        let url = format!("http://{addr}");
        Self { url, db, dir, http, passwords, fhir_gate, database, _shutdown: tx }
    }

    /// The FHIR download permits (hold them to stand for downloads in progress).
    pub fn fhir_gate(&self) -> Arc<tokio::sync::Semaphore> {
        Arc::clone(&self.fhir_gate)
    }

    /// A second connection to the same database, for setting up and checking.
    pub fn store(&self) -> Box<dyn Store> {
        pg::open_store(&self.db)
    }

    /// `--db` or `--database-url` for an in-process admin command on this server's database.
    pub fn db_args(&self) -> clinic::admin::db::DbArgs {
        let database_url = pg::url_for(&self.db);
        let db = database_url.is_none().then(|| self.db.clone());
        let db_key_file = pg::key_file_for(&self.db);
        clinic::admin::db::DbArgs { db, database_url, db_key_file }
    }

    /// The default clinic: the one a single-clinic server has.
    pub fn clinic(&self) -> ClinicId {
        self.store().default_clinic().unwrap()
    }

    /// A patient of the default clinic, as its staff would read it.
    pub fn detail(&self, patient_id: &str) -> StoreResult<Option<PatientDetail>> {
        self.store().patient_detail(self.clinic(), patient_id)
    }

    /// The default clinic's patient list.
    pub fn summaries(&self) -> StoreResult<Vec<PatientSummary>> {
        self.store().patient_summaries(self.clinic())
    }

    pub fn invite(&self, name: &str) -> CreatedInvite {
        self.invite_in(self.clinic(), name)
    }

    /// An invite for a new patient of `clinic`.
    pub fn invite_in(&self, clinic: ClinicId, name: &str) -> CreatedInvite {
        create_patient_invite(&*self.store(), clinic, name, None, Utc::now()).unwrap()
    }

    /// An invite for an existing patient that expired an hour ago; returns its code.
    pub fn expired_invite(&self, patient_id: &str) -> String {
        let code = secrets::invite_code().unwrap();
        let now = Utc::now();
        let added = self
            .store()
            .add_invite(
                self.clinic(),
                &NewInvite {
                    code_hash: sha256_hex(normalize_invite(&code).unwrap()),
                    patient_id: patient_id.into(),
                    now: now - Duration::hours(80),
                    expires_at: now - Duration::hours(1),
                },
            )
            .unwrap();
        assert!(added, "the patient is the default clinic's");
        code
    }

    pub async fn enroll_raw(&self, code: &str) -> reqwest::Response {
        self.http
            .post(format!("{}/api/v1/enroll", self.url))
            .json(&json!({ "invite_code": code, "device_label": "test phone" }))
            .send()
            .await
            .unwrap()
    }

    pub async fn patient(&self, name: &str) -> Patient {
        let invite = self.invite(name);
        let response = self.enroll_raw(&invite.code).await;
        assert_eq!(response.status(), 201);
        let body: EnrollResponse = response.json().await.unwrap();
        Patient { id: body.patient_id, device_id: body.device_id, token: body.token }
    }

    pub async fn upload(&self, token: &str, key: &str, body: &Value) -> reqwest::Response {
        self.upload_to(1, token, key, body).await
    }

    /// Uploads a check-in that must be stored; the server's id for it.
    pub async fn checkin_id(&self, token: &str, key: &str, body: &Value) -> String {
        let response = self.upload(token, key, body).await;
        assert!(response.status().is_success(), "upload refused: {}", response.status());
        let ack: Value = response.json().await.unwrap();
        ack["id"].as_str().unwrap().to_owned()
    }

    /// A check-in to `/api/v{version}/checkins`.
    pub async fn upload_to(
        &self,
        version: u8,
        token: &str,
        key: &str,
        body: &Value,
    ) -> reqwest::Response {
        self.http
            .post(format!("{}/api/v{version}/checkins", self.url))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn upload_photo(
        &self,
        token: &str,
        key: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> reqwest::Response {
        self.http
            .post(format!(
                "{}/api/v1/photos?taken_at=2026-11-20T10:00:00Z&zone=Europe%2FLondon",
                self.url
            ))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .header("Content-Type", content_type)
            .body(bytes)
            .send()
            .await
            .unwrap()
    }

    /// The clinician account `STAFF_EMAIL`.
    pub fn add_staff(&self) {
        self.add_staff_as(STAFF_EMAIL, Role::Clinician);
    }

    /// An account with password `STAFF_PASSWORD` and a second factor already set up (as if its
    /// owner had scanned the QR); [`Portal::login`] computes its codes.
    pub fn add_staff_as(&self, email: &str, role: Role) {
        self.add_staff_in(self.clinic(), email, role);
    }

    /// [`Self::add_staff_as`] with its role in `clinic`.
    pub fn add_staff_in(&self, clinic: ClinicId, email: &str, role: Role) {
        let hash = passwords::hash_new(STAFF_PASSWORD, email).unwrap();
        let id = self.store().add_staff(clinic, email, &hash, role, Utc::now()).unwrap();
        let store = self.store();
        assert!(store.set_pending_totp(id, &clinic::mfa::new_secret().unwrap()).unwrap());
        assert!(store.confirm_totp(id, &[], Utc::now()).unwrap());
    }

    /// An account with password `STAFF_PASSWORD` whose first login shows the enrolment page.
    pub fn add_staff_without_mfa(&self, email: &str, role: Role) -> i64 {
        let hash = passwords::hash_new(STAFF_PASSWORD, email).unwrap();
        self.store().add_staff(self.clinic(), email, &hash, role, Utc::now()).unwrap()
    }

    /// A browser logged in as a new admin account `ADMIN_EMAIL`.
    pub async fn admin(&self) -> Portal {
        self.add_staff_as(ADMIN_EMAIL, Role::Admin);
        let portal = self.portal();
        let response = portal.login(ADMIN_EMAIL, STAFF_PASSWORD).await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/audit");
        portal
    }

    /// A browser-like client with a cookie jar, logged in as staff.
    pub async fn staff(&self) -> Portal {
        self.add_staff();
        let portal = self.portal();
        let response = portal.login(STAFF_EMAIL, STAFF_PASSWORD).await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/patients");
        portal
    }

    /// A browser logged in as `email` (password `STAFF_PASSWORD`, second factor set up).
    pub async fn logged_in(&self, email: &str) -> Portal {
        let portal = self.portal();
        let response = portal.login(email, STAFF_PASSWORD).await;
        assert_eq!(response.status(), 303, "login of {email}");
        portal
    }

    /// A browser-like client, not logged in.
    pub fn portal(&self) -> Portal {
        let http =
            reqwest::Client::builder().redirect(Policy::none()).cookie_store(true).build().unwrap();
        Portal { http, url: self.url.clone(), db: self.db.clone() }
    }
}

pub struct Portal {
    pub http: reqwest::Client,
    pub url: String,
    /// The server's database, where the harness reads an account's TOTP secret (what the
    /// person's authenticator app would hold).
    pub db: PathBuf,
}

/// The code an authenticator app shows for `secret` (base32) at `unix_seconds`, computed with
/// totp-rs directly: RFC 6238 defaults, independent of the server's own code path.
pub fn totp_code(secret: &str, unix_seconds: u64) -> String {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().unwrap();
    TOTP::new_unchecked(Algorithm::SHA1, 6, 1, 30, bytes, None, String::new())
        .generate(unix_seconds)
}

pub fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

/// The text after `marker` up to the next tag.
pub fn text_of<'a>(page: &'a str, marker: &str) -> &'a str {
    let start = page.find(marker).expect("marker in page") + marker.len();
    let end = page[start..].find('<').unwrap() + start;
    &page[start..end]
}

/// The value of the first hidden `csrf` field in a page.
pub fn csrf_in(page: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = page.find(marker).expect("page has a CSRF field") + marker.len();
    page[start..start + 64].to_owned()
}

impl Portal {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(format!("{}{path}", self.url)).send().await.unwrap()
    }

    pub async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.text().await.unwrap()
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http.post(format!("{}{path}", self.url)).form(form).send().await.unwrap()
    }

    /// The password step alone: a right password answers 303 to `/mfa`.
    pub async fn password_login(&self, email: &str, password: &str) -> reqwest::Response {
        let page = self.page("/login").await;
        let csrf = csrf_in(&page);
        self.post("/login", &[("email", email), ("password", password), ("csrf", &csrf)]).await
    }

    /// Both steps, as a person with the authenticator app would: the password, then the
    /// current code. Answers the last response (303 to the role's home when both were right).
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        let response = self.password_login(email, password).await;
        if response.status() != 303 || response.headers()["location"] != "/mfa" {
            return response;
        }
        let code = self.current_code(email);
        self.submit_code(&code, "").await
    }

    /// A first login: the password, then the enrolment page, whose key is read off the page
    /// (as a person would type it into the app) and confirmed with its current code. Answers
    /// the key and the page that shows the recovery codes.
    pub async fn enrol(&self, email: &str, password: &str) -> (String, String) {
        let response = self.password_login(email, password).await;
        assert_eq!(response.headers()["location"], "/mfa");
        let page = self.page("/mfa").await;
        let secret = text_of(&page, "id=\"totp-secret\">").to_owned();
        let code = totp_code(&secret, unix_now());
        let csrf = csrf_in(&page);
        let response = self.post("/mfa/enrol", &[("code", &code), ("csrf", &csrf)]).await;
        assert_eq!(response.status(), 200, "enrolment confirmed");
        (secret, response.text().await.unwrap())
    }

    /// A code the server will take now: the app's current one, or, when this account already
    /// used that step (a code is accepted once), the next step's (one step ahead is accepted),
    /// waiting for the clock when even that was used.
    pub fn current_code(&self, email: &str) -> String {
        let last: Option<i64> = match pg::url_for(&self.db) {
            Some(url) => pg::off_runtime(|| {
                let mut client = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
                let sql = "SELECT totp_last_step FROM staff WHERE email = $1";
                client.query_one(sql, &[&email]).unwrap().get(0)
            }),
            None => pg::Raw::sqlite(&self.db)
                .query_row("SELECT totp_last_step FROM staff WHERE email = ?1", [email], |r| {
                    r.get(0)
                })
                .unwrap(),
        };
        let wanted = last.map_or(0, |l| u64::try_from(l + 1).unwrap()).max(unix_now() / 30);
        while wanted > unix_now() / 30 + 1 {
            std::thread::sleep(std::time::Duration::from_millis(250));
        }
        totp_code(&self.secret(email), wanted * 30)
    }

    /// The account's TOTP secret as stored.
    pub fn secret(&self, email: &str) -> String {
        let store = pg::open_store(&self.db);
        let id = store.staff_by_email(email).unwrap().unwrap().id;
        store.mfa(id).unwrap().secret.unwrap()
    }

    /// Sends a code (or recovery code) from the code page.
    pub async fn submit_code(&self, code: &str, next: &str) -> reqwest::Response {
        let csrf = csrf_in(&self.page("/mfa").await);
        self.post("/mfa", &[("code", code), ("csrf", &csrf), ("next", next)]).await
    }

    /// The CSRF token of the logged-in session (read from a page, as a browser would).
    pub async fn csrf(&self) -> String {
        csrf_in(&self.page("/patients").await)
    }
}

/// `clinic <command…> --db <db> <rest…>` as the real binary, with `stdin` as the first input
/// line (a password prompt); `--database-url` instead when `db`'s server runs on PostgreSQL.
pub fn clinic_cli(db: &Path, command: &[&str], rest: &[&str], stdin: Option<&str>) -> Output {
    let target: Vec<std::ffi::OsString> = match pg::url_for(db) {
        Some(url) => vec!["--database-url".into(), url.into()],
        None => vec!["--db".into(), db.into()],
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_clinic"));
    // An encrypted file's key, for the commands that open it (others ignore the variable).
    match pg::key_file_for(db) {
        Some(key) => child.env("AFTERGLOW_DB_KEY_FILE", key),
        None => child.env_remove("AFTERGLOW_DB_KEY_FILE"),
    };
    let mut child = child
        .args(command)
        .args(target)
        .args(rest)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(format!("{text}\n").as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

/// The output of a command that must have succeeded.
pub fn cli_ok(out: &Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The error output of a command that must have failed.
pub fn cli_refused(out: &Output) -> String {
    assert!(!out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr.clone()).unwrap()
}
