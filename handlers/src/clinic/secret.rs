//! Where the clinic's token is kept: the platform's secret store on phones (Keychain, Keystore
//! through the shell), an owner-only file for the CLI. Never in the database, never logged.

use std::io::Write;
use std::path::PathBuf;

pub use afterglow_share_client::{SecretStore, TOKEN_KEY};

/// One file per key in a directory, created readable by the owner only (mode 0600 from the
/// start: the token is never on disk with wider permissions, not even for a moment).
#[derive(Debug, Clone)]
pub struct FileSecretStore {
    dir: PathBuf,
}

impl FileSecretStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(key)
    }
}

fn private_new_file(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

impl SecretStore for FileSecretStore {
    fn get(&self, key: &str) -> Result<Option<String>, String> {
        match std::fs::read_to_string(self.path(key)) {
            Ok(value) => Ok(Some(value.trim().to_owned()).filter(|v| !v.is_empty())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("read: {e}")),
        }
    }

    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        let target = self.path(key);
        let temp = self.path(&format!(".{key}.new"));
        let _ = std::fs::remove_file(&temp);
        let written = private_new_file(&temp)
            .and_then(|mut f| f.write_all(value.as_bytes()).and_then(|()| f.sync_all()))
            .and_then(|()| std::fs::rename(&temp, &target));
        written.map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            format!("write: {e}")
        })
    }

    fn delete(&self, key: &str) -> Result<(), String> {
        match std::fs::remove_file(self.path(key)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(format!("delete: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_file_is_owner_only_and_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileSecretStore::new(dir.path());
        assert_eq!(store.get(TOKEN_KEY).unwrap(), None);
        store.set(TOKEN_KEY, "first").unwrap();
        store.set(TOKEN_KEY, "second").unwrap();
        assert_eq!(store.get(TOKEN_KEY).unwrap().as_deref(), Some("second"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(TOKEN_KEY)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        store.delete(TOKEN_KEY).unwrap();
        store.delete(TOKEN_KEY).unwrap();
        assert_eq!(store.get(TOKEN_KEY).unwrap(), None);
    }
}
