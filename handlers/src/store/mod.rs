//! SQLite storage for the patient's record.
//!
//! Connection rules: WAL, one writer (this struct owns the only connection), foreign keys on,
//! full sync on commit (a patient's record is worth an fsync). Writes run in transactions; a
//! failed write leaves the previous state.

mod app_lock;
mod checkins;
pub(crate) mod errors;
mod language;
mod record;
mod reminder_prefs;
mod schema;

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use shared::effects::{StoreError, StoreOperation, StoreResult};

pub use errors::open_error;
pub(crate) use errors::query_error;
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
            StoreOperation::AddSession { session } => record::add_session(&mut self.conn, session)
                .map(|session| StoreResult::SessionAdded { session }),
            StoreOperation::DeleteSession { id } => {
                record::delete_session(&mut self.conn, id).map(|()| StoreResult::Done)
            }
            StoreOperation::SaveProfile { profile } => {
                record::save_profile(&mut self.conn, &profile).map(|()| StoreResult::Done)
            }
            StoreOperation::SaveProtocol { json } => {
                record::save_protocol(&mut self.conn, json.as_deref()).map(|()| StoreResult::Done)
            }
            StoreOperation::AddCheckin { checkin } => checkins::add(&mut self.conn, checkin)
                .map(|checkin| StoreResult::CheckinAdded { checkin }),
            StoreOperation::SaveReminderPrefs { prefs } => {
                reminder_prefs::save(&mut self.conn, &prefs).map(|()| StoreResult::Done)
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

    /// The connection for writes by sibling handlers (photos), which keep to the same rules.
    pub(crate) fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// The underlying connection, for tests and tools that inspect the file.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
