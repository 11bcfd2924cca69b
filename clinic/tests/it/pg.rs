//! The integration suite on PostgreSQL. With `AFTERGLOW_TEST_POSTGRES=postgres://…` (a server
//! URL whose role may CREATE DATABASE and is no superuser, so row-level security binds it;
//! `cargo xtask test` starts one), every server the harness starts gets a fresh database of
//! its own, created here and dropped with the server. Without it, the suite runs on SQLite.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use chrono::{DateTime, Utc};
use clinic::store::*;

/// The variable naming the PostgreSQL server.
pub const ENV: &str = "AFTERGLOW_TEST_POSTGRES";

/// The PostgreSQL server to test against, if any.
pub fn server_url() -> Option<String> {
    std::env::var(ENV).ok().filter(|url| !url.trim().is_empty())
}

/// `url` naming database `name` instead of its own.
pub fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a postgres:// URL");
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let query = rest[end..].find('?').map_or("", |i| &rest[end + i..]);
    format!("{scheme}://{}/{name}{query}", &rest[..end])
}

/// Runs blocking client code on a thread of its own: the synchronous PostgreSQL client must
/// not block inside the tests' async runtime (it would panic).
pub fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(f).join().expect("database thread panicked"))
}

/// A database of one test, dropped (its connections ended) when the last handle goes.
pub struct TestDatabase {
    admin_url: String,
    name: String,
    /// The URL the server and the command line use.
    pub url: String,
}

impl TestDatabase {
    /// A new, empty database on the test server.
    pub fn create(admin_url: &str) -> Arc<Self> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let nanos = Utc::now().timestamp_subsec_nanos();
        let name = format!(
            "afterglow_it_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        off_runtime(|| {
            let mut client = ::postgres::Client::connect(admin_url, ::postgres::NoTls).unwrap();
            client.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        });
        let url = with_database(admin_url, &name);
        Arc::new(Self { admin_url: admin_url.to_owned(), name, url })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (&self.admin_url, &self.name);
        off_runtime(|| {
            if let Ok(mut client) = ::postgres::Client::connect(admin_url, ::postgres::NoTls) {
                // FORCE: a server of the test may still hold pooled connections.
                let _ =
                    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        });
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Which database stands behind a server's `db` path: the command-line helpers and
/// [`open_store`] look it up, so a test names its server's database the same on both
/// backends.
fn urls() -> &'static Mutex<HashMap<PathBuf, String>> {
    static URLS: OnceLock<Mutex<HashMap<PathBuf, String>>> = OnceLock::new();
    URLS.get_or_init(Mutex::default)
}

/// The database key of a SQLite server started with one (issue 19), so the test's own
/// connections and commands open its file.
fn keys() -> &'static Mutex<HashMap<PathBuf, PathBuf>> {
    static KEYS: OnceLock<Mutex<HashMap<PathBuf, PathBuf>>> = OnceLock::new();
    KEYS.get_or_init(Mutex::default)
}

/// Remembers `db`'s key file.
pub fn remember_key(db: &Path, key_file: &Path) {
    lock(keys()).insert(db.to_owned(), key_file.to_owned());
}

/// `db`'s key file, when its server was started with one.
pub fn key_file_for(db: &Path) -> Option<PathBuf> {
    lock(keys()).get(db).cloned()
}

fn key_for(db: &Path) -> Option<clinic::store::sqlite::cipher::DbKey> {
    key_file_for(db).map(|file| clinic::store::sqlite::cipher::DbKey::load(&file, None).unwrap())
}

/// Databases of servers that were stopped, kept for a restart on the same path.
fn parked() -> &'static Mutex<HashMap<PathBuf, Arc<TestDatabase>>> {
    static PARKED: OnceLock<Mutex<HashMap<PathBuf, Arc<TestDatabase>>>> = OnceLock::new();
    PARKED.get_or_init(Mutex::default)
}

/// The database for a server at `db`: the one it had before a stop, else a new one (when
/// testing on PostgreSQL). A server started on an existing SQLite file (a restored backup,
/// [`crate::harness::Server::start_sqlite`]) stays on SQLite.
pub fn database_for(db: &Path) -> Option<Arc<TestDatabase>> {
    if let Some(parked) = lock(parked()).remove(db) {
        return Some(parked);
    }
    if db.exists() {
        return None;
    }
    let admin = server_url()?;
    let database = TestDatabase::create(&admin);
    lock(urls()).insert(db.to_owned(), database.url.clone());
    Some(database)
}

/// Keeps a stopped server's database for [`database_for`].
pub fn park(db: &Path, database: Arc<TestDatabase>) {
    lock(parked()).insert(db.to_owned(), database);
}

/// Makes `database` the one behind `db` (a SQLite server's folder moved to PostgreSQL).
pub fn adopt(db: &Path, database: Arc<TestDatabase>) {
    lock(urls()).insert(db.to_owned(), database.url.clone());
    park(db, database);
}

/// The PostgreSQL URL standing behind `db`, if its server runs on PostgreSQL.
pub fn url_for(db: &Path) -> Option<String> {
    lock(urls()).get(db).cloned()
}

/// The store behind `db`, on whichever backend its server uses; callable from async tests.
pub fn open_store(db: &Path) -> Box<dyn Store> {
    match url_for(db) {
        Some(url) => {
            let store = off_runtime(|| clinic::store::postgres::PostgresStore::open(&url).unwrap());
            Box::new(OffRuntime(store))
        }
        None => Box::new(
            clinic::store::sqlite::SqliteStore::open_keyed(db, key_for(db).as_ref()).unwrap(),
        ),
    }
}

/// A store whose every call runs on a thread of its own ([`off_runtime`]).
struct OffRuntime<S>(S);

macro_rules! off_runtime_store {
    ($(fn $name:ident(&self $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty;)*) => {
        impl<S: Store> Store for OffRuntime<S> {
            $(fn $name(&self $(, $arg: $ty)*) -> $ret {
                let inner = &self.0;
                off_runtime(|| inner.$name($($arg),*))
            })*
        }
    };
}

off_runtime_store! {
    fn default_clinic(&self) -> StoreResult<ClinicId>;
    fn clinic_by_slug(&self, slug: &str) -> StoreResult<Option<ClinicId>>;
    fn add_clinic(&self, slug: &str, settings: &ClinicSettings, now: DateTime<Utc>) -> StoreResult<ClinicId>;
    fn clinics(&self) -> StoreResult<Vec<Clinic>>;
    fn settings(&self, clinic: ClinicId) -> StoreResult<ClinicSettings>;
    fn save_settings(&self, clinic: ClinicId, settings: &ClinicSettings) -> StoreResult<()>;
    fn update_settings(&self, clinic: ClinicId, change: &SettingsUpdate) -> StoreResult<()>;
    fn public_url(&self) -> StoreResult<String>;
    fn set_public_url(&self, url: &str) -> StoreResult<()>;
    fn add_staff(&self, clinic: ClinicId, email: &str, password_hash: &str, role: Role, now: DateTime<Utc>) -> StoreResult<i64>;
    fn grant_staff(&self, clinic: ClinicId, email: &str, role: Role) -> StoreResult<bool>;
    fn revoke_staff(&self, clinic: ClinicId, email: &str) -> StoreResult<bool>;
    fn switch_clinic(&self, token_hash: &str, clinic_id: i64) -> StoreResult<bool>;
    fn staff_list(&self) -> StoreResult<Vec<StaffSummary>>;
    fn set_staff_disabled(&self, email: &str, at: Option<DateTime<Utc>>) -> StoreResult<bool>;
    fn remove_staff(&self, email: &str, now: DateTime<Utc>) -> StoreResult<bool>;
    fn set_staff_password(&self, email: &str, password_hash: &str) -> StoreResult<bool>;
    fn staff_sessions(&self, email: &str) -> StoreResult<Option<Vec<SessionSummary>>>;
    fn end_staff_sessions(&self, email: &str) -> StoreResult<Option<usize>>;
    fn staff_by_email(&self, email: &str) -> StoreResult<Option<StaffRecord>>;
    fn login_throttle(&self, email: &str) -> StoreResult<LoginThrottle>;
    fn reserve_login(&self, email: &str, now: DateTime<Utc>, lock: &LockPolicy) -> StoreResult<LoginAttempt>;
    fn clear_login_failures(&self, email: &str) -> StoreResult<()>;
    fn release_login(&self, email: &str) -> StoreResult<()>;
    fn mfa(&self, staff_id: i64) -> StoreResult<MfaRecord>;
    fn set_pending_totp(&self, staff_id: i64, secret: &str) -> StoreResult<bool>;
    fn confirm_totp(&self, staff_id: i64, recovery_hashes: &[String], now: DateTime<Utc>) -> StoreResult<bool>;
    fn use_totp_step(&self, staff_id: i64, step: u64) -> StoreResult<bool>;
    fn use_recovery_code(&self, staff_id: i64, hash: &str, now: DateTime<Utc>) -> StoreResult<bool>;
    fn session_passed_mfa(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<()>;
    fn reset_mfa(&self, email: &str) -> StoreResult<Option<i64>>;
    fn create_session(&self, session: &NewStaffSession) -> StoreResult<()>;
    fn session(&self, token_hash: &str) -> StoreResult<Option<StaffSession>>;
    fn touch_session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<()>;
    fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    fn purge_sessions(&self, idle_before: DateTime<Utc>, started_before: DateTime<Utc>) -> StoreResult<usize>;
    fn create_patient(&self, clinic: ClinicId, patient: &NewPatient, invite: &NewInvite) -> StoreResult<()>;
    fn add_invite(&self, clinic: ClinicId, invite: &NewInvite) -> StoreResult<bool>;
    fn redeem_invite(&self, code_hash: &str, device: &NewDevice, now: DateTime<Utc>) -> StoreResult<Redeemed>;
    fn device_by_token(&self, token_hash: &str) -> StoreResult<Option<DeviceRecord>>;
    fn revoke_device(&self, clinic: ClinicId, patient_id: &str, device_id: &str, now: DateTime<Utc>) -> StoreResult<bool>;
    fn end_device(&self, clinic: ClinicId, device_id: &str, why: DeviceEnd, now: DateTime<Utc>) -> StoreResult<bool>;
    fn touch_device(&self, clinic: ClinicId, device_id: &str, now: DateTime<Utc>, since: DateTime<Utc>) -> StoreResult<()>;
    fn save_upload(&self, upload: &Upload, idempotency: &IdempotencyRecord) -> StoreResult<Saved>;
    fn checkin_status(&self, clinic: ClinicId, patient_id: &str, checkin_id: &str) -> StoreResult<Option<(DateTime<Utc>, bool)>>;
    fn patient_summaries(&self, clinic: ClinicId) -> StoreResult<Vec<PatientSummary>>;
    fn patient_detail(&self, clinic: ClinicId, patient_id: &str) -> StoreResult<Option<PatientDetail>>;
    fn photo(&self, clinic: ClinicId, patient_id: &str, photo_id: &str) -> StoreResult<Option<PhotoRecord>>;
    fn mark_handled(&self, clinic: ClinicId, handled: &Handled) -> StoreResult<bool>;
    fn mark_seen(&self, clinic: ClinicId, patient_id: &str, now: DateTime<Utc>) -> StoreResult<()>;
    fn checkin_responses(&self, clinic: ClinicId, patient_id: &str) -> StoreResult<Vec<share_api::CheckinResponse>>;
    fn erase_patient(&self, clinic: ClinicId, patient_id: &str) -> StoreResult<bool>;
    fn photo_bytes(&self, clinic: ClinicId, patient_id: &str, device_id: &str) -> StoreResult<(u64, u64)>;
    fn closed_patients(&self, before: DateTime<Utc>) -> StoreResult<Vec<(ClinicId, String)>>;
    fn photo_files(&self) -> StoreResult<Vec<(String, String)>>;
    fn audit(&self, entry: &NewAuditEntry) -> StoreResult<()>;
    fn clinic_audit_entries(&self, clinic: ClinicId, limit: u32) -> StoreResult<Vec<AuditEntry>>;
    fn audit_entries(&self, limit: u32) -> StoreResult<Vec<AuditEntry>>;
    fn verify_audit(&self) -> StoreResult<AuditCheck>;
}

/// Statements a test runs on a server's database behind the store's back (to age a session,
/// to try an edit the schema must refuse), on either backend. SQL is written for SQLite
/// (`?1`); on PostgreSQL `?N` becomes `$N`, and the connection sees every clinic's rows, as
/// an operator at the database would.
pub enum Raw {
    /// The SQLite file.
    Sqlite(rusqlite::Connection),
    /// The PostgreSQL database's URL (each statement connects afresh, off the runtime).
    Postgres(String),
}

impl Raw {
    pub fn open(db: &Path) -> Self {
        match url_for(db) {
            Some(url) => Self::Postgres(url),
            None => Self::Sqlite(Self::sqlite(db)),
        }
    }

    /// A connection to a SQLite server's file, with its key when it has one.
    pub fn sqlite(db: &Path) -> rusqlite::Connection {
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_CREATE;
        clinic::store::sqlite::cipher::open(db, flags, key_for(db).as_ref()).unwrap()
    }

    fn on_postgres<T: Send>(
        url: &str,
        sql: &str,
        f: impl FnOnce(&mut ::postgres::Client, &str) -> Result<T, ::postgres::Error> + Send,
    ) -> Result<T, String> {
        let mut dollar = String::with_capacity(sql.len());
        let mut chars = sql.chars().peekable();
        while let Some(c) = chars.next() {
            let numbered = c == '?' && chars.peek().is_some_and(char::is_ascii_digit);
            dollar.push(if numbered { '$' } else { c });
        }
        off_runtime(|| {
            let mut client = ::postgres::Client::connect(url, ::postgres::NoTls).unwrap();
            client.batch_execute("SET app.clinic_id = '*'").unwrap();
            f(&mut client, &dollar)
                .map_err(|e| format!("{e}: {}", e.as_db_error().map_or("", |d| d.message())))
        })
    }

    /// Runs a statement; how many rows it changed, or the database's refusal.
    pub fn execute(&self, sql: &str, params: &[&str]) -> Result<usize, String> {
        match self {
            Self::Sqlite(conn) => {
                conn.execute(sql, rusqlite::params_from_iter(params)).map_err(|e| e.to_string())
            }
            Self::Postgres(url) => Self::on_postgres(url, sql, |client, sql| {
                let params: Vec<&(dyn ::postgres::types::ToSql + Sync)> =
                    params.iter().map(|p| p as _).collect();
                client.execute(sql, &params).map(|n| usize::try_from(n).unwrap())
            }),
        }
    }

    /// The first column of the first row, as a number (`None` for SQL NULL).
    pub fn number(&self, sql: &str, params: &[&str]) -> Option<i64> {
        match self {
            Self::Sqlite(conn) => {
                conn.query_row(sql, rusqlite::params_from_iter(params), |r| r.get(0)).unwrap()
            }
            Self::Postgres(url) => Self::on_postgres(url, sql, |client, sql| {
                let params: Vec<&(dyn ::postgres::types::ToSql + Sync)> =
                    params.iter().map(|p| p as _).collect();
                client.query_one(sql, &params).map(|r| r.get(0))
            })
            .unwrap(),
        }
    }

    /// The first column of the first row, as text (`None` for SQL NULL).
    pub fn text(&self, sql: &str, params: &[&str]) -> Option<String> {
        match self {
            Self::Sqlite(conn) => {
                conn.query_row(sql, rusqlite::params_from_iter(params), |r| r.get(0)).unwrap()
            }
            Self::Postgres(url) => Self::on_postgres(url, sql, |client, sql| {
                let params: Vec<&(dyn ::postgres::types::ToSql + Sync)> =
                    params.iter().map(|p| p as _).collect();
                client.query_one(sql, &params).map(|r| r.get(0))
            })
            .unwrap(),
        }
    }
}
