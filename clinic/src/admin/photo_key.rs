//! `clinic photo-key new|rotate` (issue 19): make a photo key, and move every photo from one
//! key to another. The key never goes into the data folder, the database or a backup; each
//! rotation run is written to the audit log (`photo_key_rotate`: the two key ids and the
//! counts, nothing about a patient).

use std::path::PathBuf;

use clap::Subcommand;

use crate::admin::db::open_store;
use crate::datadir::folder_of;
use crate::photos::{PhotoKey, PhotoStore, rotate};
use crate::store::sqlite::cipher::DbKey;

/// Photo keys.
#[derive(Debug, Subcommand)]
pub enum PhotoKeyCommand {
    /// Write a new key: 32 random bytes as 64 hex digits and a newline, in a new file made 0600.
    /// Keep it outside the data folder (the server refuses it inside) and keep a copy apart
    /// from the backups: a lost key loses every photo sealed with it.
    New {
        /// The new key file (never overwritten).
        path: PathBuf,
    },
    /// Re-encrypt every photo from the old key to the new one, one file at a time (each replaced
    /// whole). Stop the server first and start it with the new key after. Files already under
    /// the new key are skipped, so a rerun after a crash or --max-files finishes the job.
    Rotate {
        /// The SQLite database file (its photos are in `<file>.photos/`).
        #[arg(long, required_unless_present = "data_dir", conflicts_with = "data_dir")]
        db: Option<PathBuf>,
        /// A PostgreSQL server's data folder (photos in `<dir>/clinic.db.photos/`); with it,
        /// --database-url names the database the rotation is audited in.
        #[arg(long, requires = "database_url")]
        data_dir: Option<PathBuf>,
        /// The PostgreSQL database of a server started with --data-dir (for the audit row).
        #[arg(long, value_name = "URL", env = "AFTERGLOW_DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
        /// The database key of an encrypted SQLite file (for the audit row).
        #[arg(long, value_name = "PATH", env = "AFTERGLOW_DB_KEY_FILE")]
        db_key_file: Option<PathBuf>,
        /// The key the photos are sealed with now.
        #[arg(long, value_name = "PATH")]
        from: PathBuf,
        /// The key to seal them with.
        #[arg(long, value_name = "PATH")]
        to: PathBuf,
        /// Re-encrypt at most this many files in this run (a rerun does the rest).
        #[arg(long, value_name = "N")]
        max_files: Option<usize>,
    },
}

/// Runs one photo-key subcommand; the text to print, or why it failed.
pub fn run(command: &PhotoKeyCommand) -> Result<String, String> {
    match command {
        PhotoKeyCommand::New { path } => {
            let key = PhotoKey::create(path).map_err(|e| e.to_string())?;
            Ok(format!(
                "wrote photo key {} to {} (mode 0600); start the server with --photo-key-file {}",
                key.id(),
                path.display(),
                path.display()
            ))
        }
        PhotoKeyCommand::Rotate {
            db,
            data_dir,
            database_url,
            db_key_file,
            from,
            to,
            max_files,
        } => {
            let (db, url) = match (db, data_dir) {
                (Some(db), _) => (db.clone(), None),
                (None, Some(dir)) => (dir.join(crate::backup::DB_FILE), database_url.as_deref()),
                (None, None) => return Err("name --db or --data-dir".into()),
            };
            let data = folder_of(&db);
            let old = PhotoKey::load(from, Some(&data)).map_err(|e| e.to_string())?;
            let new = PhotoKey::load(to, Some(&data)).map_err(|e| e.to_string())?;
            // The store is opened first, so a wrong database key stops the run before any file
            // is touched and every run that changes files is audited.
            let db_key = match (db_key_file, url) {
                (Some(file), None) => {
                    Some(DbKey::load(file, Some(&data)).map_err(|e| e.to_string())?)
                }
                _ => None,
            };
            let store = open_store(url.is_none().then_some(db.as_path()), url, db_key.as_ref())
                .map_err(|e| e.to_string())?;
            let done = rotate(&PhotoStore::beside(&db), &old, &new, *max_files)
                .map_err(|e| e.to_string())?;
            let mut out = format!(
                "photo key {} -> {}: {} re-encrypted, {} plaintext sealed, {} already under the new key",
                old.id(),
                new.id(),
                done.rotated,
                done.sealed,
                done.skipped
            );
            let left = if done.remaining > 0 {
                format!(", {} left", done.remaining)
            } else {
                String::new()
            };
            let subject = format!(
                "photo key {} -> {}: {} re-encrypted, {} sealed, {} skipped{left}",
                old.id(),
                new.id(),
                done.rotated,
                done.sealed,
                done.skipped
            );
            crate::admin::record(store.as_ref(), None, "photo_key_rotate", None, Some(&subject))
                .map_err(|e| format!("{out}; but the audit row was not written: {e}"))?;
            if done.remaining > 0 {
                out.push_str(&format!("; {} left: run the same command again", done.remaining));
            } else {
                out.push_str(&format!(
                    "; done: start the server with --photo-key-file {}",
                    to.display()
                ));
            }
            Ok(out)
        }
    }
}
