//! `clinic photo-key new|rotate` (issue 19): make a photo key, and move every photo from one
//! key to another. The key never goes into the data folder, the database or a backup.

use std::path::PathBuf;

use clap::Subcommand;

use crate::datadir::folder_of;
use crate::photos::{PhotoKey, PhotoStore, rotate};

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
        /// A PostgreSQL server's data folder (photos in `<dir>/clinic.db.photos/`).
        #[arg(long)]
        data_dir: Option<PathBuf>,
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
        PhotoKeyCommand::Rotate { db, data_dir, from, to, max_files } => {
            let db = match (db, data_dir) {
                (Some(db), _) => db.clone(),
                (None, Some(dir)) => dir.join(crate::backup::DB_FILE),
                (None, None) => return Err("name --db or --data-dir".into()),
            };
            let data = folder_of(&db);
            let old = PhotoKey::load(from, Some(&data)).map_err(|e| e.to_string())?;
            let new = PhotoKey::load(to, Some(&data)).map_err(|e| e.to_string())?;
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
