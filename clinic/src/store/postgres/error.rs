//! PostgreSQL errors without patient data, and reading rows without panics.

use std::fmt;

use postgres::Row;
use postgres::error::SqlState;
use postgres::types::FromSql;

use crate::store::{StoreError, StoreResult};

/// A PostgreSQL error as the store reports it: the SQLSTATE and constraint of a server error
/// (its message and detail can quote the values of the row, e.g. a patient id), or the
/// client's own description of a connection error (which has no row data).
#[derive(Debug)]
pub struct PgError(postgres::Error);

impl PgError {
    /// The server's SQLSTATE, if the server reported the error.
    pub fn code(&self) -> Option<&SqlState> {
        self.0.code()
    }
}

impl fmt::Display for PgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_db_error() {
            Some(db) => {
                write!(f, "PostgreSQL error {}", db.code().code())?;
                if let Some(constraint) = db.constraint() {
                    write!(f, " on constraint {constraint}")?;
                }
                Ok(())
            }
            None => {
                write!(f, "PostgreSQL: {}", self.0)?;
                // The cause (refused, timed out, a TLS handshake) names no row data.
                match std::error::Error::source(&self.0) {
                    Some(cause) => write!(f, ": {cause}"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl std::error::Error for PgError {}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        Self::Postgres(PgError(e))
    }
}

/// Whether `e` is a unique-key violation (a duplicate email or slug).
pub(super) fn is_unique_violation(e: &postgres::Error) -> bool {
    e.code() == Some(&SqlState::UNIQUE_VIOLATION)
}

/// Column `i` of `row`; a type mismatch is a corrupt row, not a panic.
pub(super) fn col<'a, T: FromSql<'a>>(row: &'a Row, i: usize) -> StoreResult<T> {
    row.try_get(i).map_err(|e| StoreError::Corrupt(format!("column {i}: {}", PgError(e))))
}

/// A count or other non-negative number read as `u32`.
pub(super) fn count(row: &Row, i: usize) -> StoreResult<u32> {
    let n: i64 = col(row, i)?;
    u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("column {i} out of range")))
}
