//! SQLite storage for the patient's record.
//!
//! Connection rules: WAL, one writer (this struct owns the only connection), foreign keys on,
//! full sync on commit (a patient's record is worth an fsync). Writes run in transactions; a
//! failed write leaves the previous state.

mod checkins;
pub(crate) mod errors;
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
        let mut conn = Connection::open_with_flags(path, flags).map_err(errors::open_error)?;
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
