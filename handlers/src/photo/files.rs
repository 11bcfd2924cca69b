//! The photos directory: content-addressed files, written so that a crash or a full disk never
//! leaves a half-written photo under a real name.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Relative to the data dir; also the prefix of every file name the core sees (the rows' crate
/// names the files).
pub use crate::store::photo_rows::{PHOTOS_DIR, content_name};
/// Temporary files start with this; anything left with it is debris from a crash.
const TEMP_PREFIX: &str = ".tmp-";

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Creates the directory, readable by the patient's account only.
pub fn ensure_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Writes `bytes` as `dir/name`: to a temporary file first, fsynced, renamed over the final
/// name, then the directory fsynced so the rename itself survives a power cut. On any error
/// the temporary file is removed and `dir/name` is untouched.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    let target = dir.join(name);
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!("{TEMP_PREFIX}{}-{n}-{name}", std::process::id()));
    let written = (|| {
        let mut options = File::options();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            // Faces are health data: readable by the patient's account only.
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, &target)?;
        sync_dir(dir)
    })();
    match written {
        Ok(()) => Ok(target),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(e)
        }
    }
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    Ok(())
}

/// Removes every file in `dir` that is not in `keep`: temporary debris from a crash, and files
/// whose row was deleted before the files could be (see `delete`). Returns how many went.
pub fn remove_unlisted(dir: &Path, keep: &std::collections::HashSet<String>) -> io::Result<usize> {
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_file() && !keep.contains(&name) {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}
