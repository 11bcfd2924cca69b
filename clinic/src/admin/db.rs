//! Which database a command acts on: the SQLite file (`--db`, the zero-setup default) or a
//! PostgreSQL server (`--database-url`). Every subcommand that opens the store takes these.

use std::path::PathBuf;

use clap::Args;

use crate::store::postgres::{PostgresStore, is_postgres_url, redact_url};
use crate::store::sqlite::SqliteStore;
use crate::store::sqlite::cipher::{self, DbKey};
use crate::store::{Store, StoreResult};

/// `--db FILE` or `--database-url postgres://…`.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// SQLite database file (created if absent).
    #[arg(long, required_unless_present = "database_url", conflicts_with = "database_url")]
    pub db: Option<PathBuf>,
    /// A PostgreSQL database instead of the file: postgres://USER:PASSWORD@HOST:PORT/NAME. The
    /// role must own the database and must not bypass row-level security. Read from the
    /// environment when not given, which keeps the password off the process list.
    #[arg(long, value_name = "URL", env = "AFTERGLOW_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// The database key (`clinic db-key new PATH`) of an encrypted SQLite file: the one the
    /// server is started with. A plaintext file is used as it is (the server's start
    /// encrypts it); a new file is created encrypted.
    #[arg(
        long,
        value_name = "PATH",
        env = "AFTERGLOW_DB_KEY_FILE",
        conflicts_with = "database_url"
    )]
    pub db_key_file: Option<PathBuf>,
}

impl DbArgs {
    /// Opens (creating or migrating) the store.
    pub fn open(&self) -> Result<Box<dyn Store>, String> {
        let key = self.key()?;
        open_store(self.db.as_deref(), self.database_url.as_deref(), key.as_ref())
            .map_err(|e| e.to_string())
    }

    /// The database key, when a key file is named (checked like the server checks it).
    pub fn key(&self) -> Result<Option<DbKey>, String> {
        let (Some(file), Some(db)) = (&self.db_key_file, &self.db) else { return Ok(None) };
        DbKey::load(file, Some(&crate::datadir::folder_of(db))).map(Some).map_err(|e| e.to_string())
    }

    /// The database for messages: the file, or the URL without its password.
    pub fn describe(&self) -> String {
        match (&self.database_url, &self.db) {
            (Some(url), _) => redact_url(url),
            (None, Some(db)) => db.display().to_string(),
            (None, None) => String::new(),
        }
    }
}

/// The PostgreSQL store when a URL is given, else the SQLite file.
pub fn open_store(
    db: Option<&std::path::Path>,
    database_url: Option<&str>,
    key: Option<&DbKey>,
) -> StoreResult<Box<dyn Store>> {
    match (database_url, db) {
        (Some(url), _) => {
            if !is_postgres_url(url) {
                return Err(crate::store::StoreError::Corrupt(format!(
                    "--database-url must start with postgres:// (got {})",
                    redact_url(url)
                )));
            }
            Ok(Box::new(PostgresStore::open(url)?))
        }
        (None, Some(db)) => {
            let key = cipher::key_as_the_file_is(db, key)?;
            Ok(Box::new(SqliteStore::open_keyed(db, key)?))
        }
        (None, None) => Err(crate::store::StoreError::Corrupt("no database named".into())),
    }
}
