//! What the at-rest encryption tests (`db_crypto`, `photo_crypto`) share: key files made by the
//! real CLI, a SQLite data folder of their own, and the reason a server refuses to start.

use std::path::{Path, PathBuf};

use clinic::state::Limits;
use clinic::{Operations, ServeConfig};
use tempfile::TempDir;

use crate::harness::private_tempdir;

/// A key made by `clinic <kind> new` (`db-key` or `photo-key`) in a folder of its own, outside
/// any data folder, readable by its owner only; with what the command printed.
pub fn new_key_file(keys: &TempDir, kind: &str, name: &str) -> (PathBuf, String) {
    let path = keys.path().join(name);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clinic"))
        .args([kind, "new"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    (path, String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A SQLite data folder whatever the suite's backend, so a server can be stopped and started
/// again on the same file.
pub fn sqlite_folder() -> (TempDir, PathBuf) {
    let dir = private_tempdir();
    let db = dir.path().join("clinic.db");
    clinic::datadir::create_private(&db).unwrap();
    (dir, db)
}

/// Why a server on `db` does not start with `ops`.
pub async fn start_error(db: &Path, ops: Operations) -> String {
    let config = ServeConfig {
        db: db.to_owned(),
        database_url: None,
        addr: "127.0.0.1:0".parse().unwrap(),
        limits: Limits::default(),
        web_dir: None,
        app_addr: None,
    };
    match clinic::bind_with(&config, ops).await {
        Ok(_) => panic!("the server started"),
        Err(e) => e.to_string(),
    }
}
