//! `clinic db-key new|rotate` (issue 19): make a database key, and move the SQLite file from one
//! key to another. Like the photo key, it never goes into the data folder or a backup. A
//! rotation is written to the audit log (`db_key_rotate`: the two key ids and the counts).

use std::path::PathBuf;

use clap::Subcommand;

use crate::datadir::folder_of;
use crate::store::sqlite::SqliteStore;
use crate::store::sqlite::cipher::{DbKey, FileState, file_state};
use crate::store::sqlite::rekey::reencrypt;

/// Database keys.
#[derive(Debug, Subcommand)]
pub enum DbKeyCommand {
    /// Write a new key: 32 random bytes as 64 hex digits and a newline, in a new file made 0600.
    /// Keep it outside the data folder (the server refuses it inside) and keep a copy apart from
    /// the backups: a lost key loses the database and every backup taken under it.
    New {
        /// The new key file (never overwritten).
        path: PathBuf,
    },
    /// Re-encrypt the database from the old key to the new one. Stop the server first and start
    /// it with the new key after. The file is replaced whole (an encrypted copy, checked, synced
    /// and renamed over it), so a crash leaves it under the old key or the new one.
    Rotate {
        /// The SQLite database file.
        #[arg(long)]
        db: PathBuf,
        /// The key the database is encrypted with now.
        #[arg(long, value_name = "PATH")]
        from: PathBuf,
        /// The key to encrypt it with.
        #[arg(long, value_name = "PATH")]
        to: PathBuf,
    },
}

/// Runs one db-key subcommand; the text to print, or why it failed.
pub fn run(command: &DbKeyCommand) -> Result<String, String> {
    match command {
        DbKeyCommand::New { path } => {
            let key = DbKey::create(path).map_err(|e| e.to_string())?;
            Ok(format!(
                "wrote database key {} to {} (mode 0600); start the server with --db-key-file {}",
                key.id(),
                path.display(),
                path.display()
            ))
        }
        DbKeyCommand::Rotate { db, from, to } => {
            let data = folder_of(db);
            let old = DbKey::load(from, Some(&data)).map_err(|e| e.to_string())?;
            let new = DbKey::load(to, Some(&data)).map_err(|e| e.to_string())?;
            if old.id() == new.id() {
                return Err("--from and --to hold the same key".into());
            }
            if file_state(db).map_err(|e| e.to_string())? != FileState::Opaque {
                return Err(format!(
                    "{} is not encrypted: start the server with --db-key-file {} to encrypt it",
                    db.display(),
                    to.display()
                ));
            }
            let copied = reencrypt(db, Some(&old), &new).map_err(|e| e.to_string())?;
            let subject = format!(
                "database key {} -> {}: {} tables, {} rows",
                old.id(),
                new.id(),
                copied.tables,
                copied.rows
            );
            let store = SqliteStore::open_keyed(db, Some(&new)).map_err(|e| e.to_string())?;
            crate::admin::record(&store, None, "db_key_rotate", None, Some(&subject)).map_err(
                |e| {
                    format!(
                        "the database is under key {} now, but the audit row was not written: {e}",
                        new.id()
                    )
                },
            )?;
            Ok(format!(
                "database key {} -> {}: {} tables, {} rows re-encrypted; start the server with \
                 --db-key-file {}",
                old.id(),
                new.id(),
                copied.tables,
                copied.rows,
                to.display()
            ))
        }
    }
}
