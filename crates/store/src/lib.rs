//! SQLite storage for the patient's record: the one definition of what every `StoreOperation`
//! does, and of the journal's and the outbox's rows. Plain rusqlite and the core's types, no
//! other I/O, so it builds for the phones (through `afterglow_handlers`) and for
//! `wasm32-unknown-unknown` (rusqlite runs on `sqlite-wasm-rs` there).
//!
//! Connection rules: WAL, one writer (this struct owns the only connection), foreign keys on,
//! full sync on commit (a patient's record is worth an fsync). Writes run in transactions; a
//! failed write leaves the previous state.

mod app_lock;
mod checkins;
mod errors;
pub mod from_indexeddb;
mod language;
pub mod outbox;
pub mod photo_rows;
mod record;
mod reminder_prefs;
mod schema;

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use shared::effects::{StoreError, StoreOperation, StoreResult};

pub use errors::{open_error, query_error};
pub use record::now_ms;
pub use schema::{LATEST_VERSION, MIGRATIONS};

/// The patient's database.
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (creating if absent) and migrates the database at `path`.
    ///
    /// A file that is not an SQLite database, or that a newer Afterglow wrote, is refused with
    /// a clear error and left exactly as it was.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        errors::check_header(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let conn = Connection::open_with_flags(path, flags).map_err(errors::open_error)?;
        Self::prepare(conn)
    }

    /// Like [`SqliteStore::open`], for a database encrypted with SQLCipher (AES-256, HMAC per
    /// page) under `key`: 32 random bytes the shell keeps in the platform's secret store. A raw
    /// key skips SQLCipher's passphrase KDF (PBKDF2, ~0.3 s per open). A wrong key is refused as
    /// "not an Afterglow database" and the file is left untouched. See `docs/data-at-rest.md`.
    #[cfg(feature = "sqlcipher")]
    pub fn open_encrypted(path: &Path, key: &[u8; 32]) -> Result<Self, StoreError> {
        use std::fmt::Write as _;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let conn = Connection::open_with_flags(path, flags).map_err(errors::open_error)?;
        let mut hex = String::with_capacity(64);
        for byte in key {
            let _ = write!(hex, "{byte:02x}");
        }
        // The key must be the first statement on the connection.
        conn.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";")).map_err(errors::open_error)?;
        Self::prepare(conn)
    }

    /// A database in memory: it keeps the record for as long as this value lives, for a browser
    /// that offers no lasting storage to this page (and for tests).
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::prepare(Connection::open_in_memory().map_err(errors::open_error)?)
    }

    fn prepare(mut conn: Connection) -> Result<Self, StoreError> {
        schema::refuse_foreign_or_newer(&conn)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
        )
        .map_err(errors::open_error)?;
        schema::migrate(&mut conn)?;
        Ok(Self { conn })
    }

    /// Carries out one storage operation.
    pub fn handle(&mut self, operation: StoreOperation) -> StoreResult {
        let result = match operation {
            StoreOperation::LoadRecord => {
                record::load(&self.conn).map(|record| StoreResult::Loaded { record })
            }
            StoreOperation::AddSession { session } => record::add_session(&self.conn, session)
                .map(|session| StoreResult::SessionAdded { session }),
            StoreOperation::DeleteSession { id } => {
                record::delete_session(&mut self.conn, id).map(|()| StoreResult::Done)
            }
            StoreOperation::SaveProfile { profile } => {
                record::save_profile(&self.conn, &profile).map(|()| StoreResult::Done)
            }
            StoreOperation::SaveProtocol { json } => {
                record::save_protocol(&self.conn, json.as_deref()).map(|()| StoreResult::Done)
            }
            StoreOperation::AddCheckin { checkin } => checkins::add(&self.conn, checkin)
                .map(|checkin| StoreResult::CheckinAdded { checkin }),
            StoreOperation::SaveReminderPrefs { prefs } => {
                reminder_prefs::save(&self.conn, &prefs).map(|()| StoreResult::Done)
            }
            StoreOperation::SaveLanguage { tag } => {
                language::save(&self.conn, &tag).map(|()| StoreResult::Done)
            }
            StoreOperation::SaveAppLock { on } => {
                app_lock::save(&self.conn, on).map(|()| StoreResult::Done)
            }
        };
        result.unwrap_or_else(|error| StoreResult::Failed { error })
    }

    /// The connection for writes by sibling handlers (photos, the outbox), which keep to the
    /// same rules.
    pub fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// The underlying connection, for tests and tools that inspect the file.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
