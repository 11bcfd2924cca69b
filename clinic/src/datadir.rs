//! The data folder at rest (security review H4, permissions part): the folder holding the
//! database and photos is 0700 and every file in it 0600, so other accounts on the machine
//! read nothing. Checked at every start: a folder readable or writable by group or others is
//! refused (unless the operator says otherwise), and files left open by an older version are
//! tightened.

use std::path::{Path, PathBuf};

use crate::photos::PhotoStore;

/// Why the data folder is not fit to hold patient data.
#[derive(Debug, thiserror::Error)]
pub enum DataDirError {
    /// Group or others can reach the folder.
    #[error(
        "the data folder {dir} is open to other accounts (mode {mode:o}); run `chmod 700 {dir}` \
         (or start with --allow-open-permissions if something else protects it)"
    )]
    Open {
        /// The folder.
        dir: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The file system refused.
    #[error("{path}: {source}")]
    Io {
        /// What was being checked or created.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> DataDirError + '_ {
    move |source| DataDirError::Io { path: path.to_owned(), source }
}

/// The folder a database file lives in.
pub fn folder_of(db: &Path) -> PathBuf {
    match db.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Prepares the data folder of `db` before the database is opened: creates it 0700 when
/// absent, refuses it when open to group or others (unless `allow_open`), creates the
/// database file 0600 when absent, and tightens existing files (database, its WAL and shared
/// memory, the photo folder and photos) to 0600/0700. Answers how many were tightened.
pub fn prepare(db: &Path, allow_open: bool) -> Result<usize, DataDirError> {
    imp::prepare(db, allow_open, true)
}

/// [`prepare`] for a server whose records are in PostgreSQL: the same folder policy for its
/// photos (`<db>.photos/`), without making the unused database file.
pub fn prepare_photos_only(db: &Path, allow_open: bool) -> Result<usize, DataDirError> {
    imp::prepare(db, allow_open, false)
}

/// Writes `bytes` to a new file readable by this account only.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    imp::create_private(path)
}

/// Creates a folder (and its parents) readable by this account only.
pub fn create_private_dir(path: &Path) -> std::io::Result<()> {
    imp::create_private_dir(path)
}

#[cfg(unix)]
mod imp {
    use std::fs::{self, DirBuilder, OpenOptions, Permissions};
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
    use std::path::Path;

    use super::{DataDirError, PhotoStore, folder_of, io};

    const OPEN_BITS: u32 = 0o077;

    pub(super) fn create_private(path: &Path) -> std::io::Result<fs::File> {
        OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)
    }

    pub(super) fn create_private_dir(path: &Path) -> std::io::Result<()> {
        DirBuilder::new().recursive(true).mode(0o700).create(path)
    }

    /// Sets `mode` when the current one lets group or others in; answers whether it did.
    fn tighten(path: &Path, mode: u32) -> Result<bool, DataDirError> {
        let meta = match fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(io(path)(e)),
        };
        if meta.permissions().mode() & OPEN_BITS == 0 {
            return Ok(false);
        }
        fs::set_permissions(path, Permissions::from_mode(mode)).map_err(io(path))?;
        tracing::warn!(path = %path.display(), "permissions tightened to {mode:o}");
        Ok(true)
    }

    pub(super) fn prepare(
        db: &Path,
        allow_open: bool,
        create_db: bool,
    ) -> Result<usize, DataDirError> {
        let dir = folder_of(db);
        if !dir.exists() {
            create_private_dir(&dir).map_err(io(&dir))?;
        }
        let mode = fs::metadata(&dir).map_err(io(&dir))?.permissions().mode() & 0o777;
        if mode & OPEN_BITS != 0 {
            if !allow_open {
                return Err(DataDirError::Open { dir, mode });
            }
            tracing::warn!(dir = %dir.display(), "data folder is open to other accounts (allowed by flag)");
        }
        if create_db && !db.exists() {
            // SQLite takes an empty file as a new database; created here so it is never 0644.
            create_private(db).map_err(io(db))?;
        }
        let mut tightened = 0;
        let mut name = db.as_os_str().to_owned();
        let base = name.clone();
        for suffix in ["", "-wal", "-shm", "-journal"] {
            name.clone_from(&base);
            name.push(suffix);
            tightened += usize::from(tighten(Path::new(&name), 0o600)?);
        }
        let photos = PhotoStore::beside(db);
        let photo_dir = photos.dir();
        tightened += usize::from(tighten(photo_dir, 0o700)?);
        if photo_dir.is_dir() {
            for entry in fs::read_dir(photo_dir).map_err(io(photo_dir))? {
                let path = entry.map_err(io(photo_dir))?.path();
                tightened += usize::from(tighten(&path, 0o600)?);
            }
        }
        Ok(tightened)
    }
}

#[cfg(not(unix))]
mod imp {
    use std::fs;
    use std::path::Path;

    use super::DataDirError;

    pub(super) fn create_private(path: &Path) -> std::io::Result<fs::File> {
        fs::OpenOptions::new().write(true).create_new(true).open(path)
    }

    pub(super) fn create_private_dir(path: &Path) -> std::io::Result<()> {
        fs::create_dir_all(path)
    }

    /// Windows has no mode bits: the folder's ACL is the operator's (docs/operations.md).
    pub(super) fn prepare(
        _db: &Path,
        _allow_open: bool,
        _create_db: bool,
    ) -> Result<usize, DataDirError> {
        Ok(0)
    }
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn an_open_folder_is_refused_unless_allowed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let db = dir.path().join("clinic.db");
        let err = prepare(&db, false).unwrap_err();
        assert!(matches!(err, DataDirError::Open { mode: 0o755, .. }), "{err}");
        assert!(!db.exists(), "nothing created in a refused folder");
        prepare(&db, true).unwrap();
        assert_eq!(mode(&db), 0o600);
    }

    #[test]
    fn a_new_folder_is_private_and_old_open_files_are_tightened() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("a/b");
        let db = data.join("clinic.db");
        assert_eq!(prepare(&db, false).unwrap(), 0);
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&db), 0o600);
        // As an older version left them.
        let photos = data.join("clinic.db.photos");
        std::fs::create_dir(&photos).unwrap();
        std::fs::set_permissions(&photos, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(photos.join("x.jpg"), b"x").unwrap();
        std::fs::set_permissions(photos.join("x.jpg"), std::fs::Permissions::from_mode(0o644))
            .unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(prepare(&db, false).unwrap(), 3);
        assert_eq!(mode(&db), 0o600);
        assert_eq!(mode(&photos), 0o700);
        assert_eq!(mode(&photos.join("x.jpg")), 0o600);
    }
}
