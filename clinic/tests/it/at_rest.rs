//! The data folder at rest (review H4, permissions): 0700 folder, 0600 files, and a server that
//! refuses a folder other accounts can read unless told otherwise.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use clinic::{Operations, ServeConfig, StartError};

use super::harness::{Server, checkin, jpeg, private_tempdir};
use super::key_files::new_key_file;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test]
async fn every_file_the_server_writes_is_private() {
    let server = Server::start_sqlite().await;
    let patient = server.patient("Private Files").await;
    assert_eq!(
        server.upload(&patient.token, "rest-0001", &checkin("watch", None)).await.status(),
        201
    );
    let photo = server.upload_photo(&patient.token, "rest-0002", "image/jpeg", jpeg()).await;
    assert_eq!(photo.status(), 201);
    let data = server.db.parent().unwrap();
    assert_eq!(mode(data), 0o700);
    let mut checked = 0;
    let mut folders = vec![data.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let expected = if path.is_dir() { 0o700 } else { 0o600 };
            assert_eq!(mode(&path), expected, "{}", path.display());
            checked += 1;
            if path.is_dir() {
                folders.push(path);
            }
        }
    }
    // clinic.db, -wal, -shm, the photo folder, the patient's folder and the photo.
    assert!(checked >= 6, "{checked}");
}

#[tokio::test]
async fn an_open_data_folder_is_refused_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o750)).unwrap();
    let config = ServeConfig {
        db: dir.path().join("clinic.db"),
        // SQLite-file test (file modes of the database and its WAL): stays on SQLite.
        database_url: None,
        addr: "127.0.0.1:0".parse().unwrap(),
        limits: clinic::state::Limits::default(),
        web_dir: None,
        app_addr: None,
    };
    let refused = clinic::bind_with(&config, Operations::default()).await.err().expect("refused");
    assert!(matches!(refused, StartError::DataDir(_)), "{refused}");
    assert!(refused.to_string().contains("chmod 700"), "{refused}");
    assert!(!config.db.exists(), "nothing written into a refused folder");
    let ops = Operations { allow_open_permissions: true, ..Operations::default() };
    let bound = clinic::bind_with(&config, ops).await.expect("starts when allowed");
    drop(bound);
    assert_eq!(mode(&config.db), 0o600);
}

#[test]
fn the_binary_refuses_an_open_folder_and_starts_with_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let db = dir.path().join("clinic.db");
    let out = Command::new(env!("CARGO_BIN_EXE_clinic"))
        .args(["serve", "--db"])
        .arg(&db)
        .args(["--addr", "127.0.0.1:0", "--unencrypted"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("open to other accounts (mode 755)"), "{stderr}");

    let mut allowed = Command::new(env!("CARGO_BIN_EXE_clinic"));
    allowed.args(["serve", "--db"]).arg(&db);
    allowed.args(["--addr", "127.0.0.1:0", "--allow-open-permissions", "--unencrypted"]);
    let line = first_line(allowed);
    assert!(line.starts_with("listening on "), "{line}");
}

/// Issue 19: `clinic serve` stores nothing in plaintext unless told to. Without keys it stops
/// before the data folder is touched and names the missing flags; with both keys (made by the
/// CLI, outside the data folder) it starts; `--unencrypted` starts a trial server.
#[test]
fn the_binary_refuses_to_store_patient_data_unencrypted_unless_told() {
    let serve = |db: &Path, extra: &[&OsStr]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_clinic"));
        command.args(["serve", "--db"]).arg(db).args(["--addr", "127.0.0.1:0"]).args(extra);
        command.env_remove("AFTERGLOW_DB_KEY_FILE").env_remove("AFTERGLOW_PHOTO_KEY_FILE");
        command
    };
    let dir = private_tempdir();
    let db = dir.path().join("clinic.db");
    let out = serve(&db, &[]).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unencrypted: give --db-key-file and --photo-key-file"), "{stderr}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");

    let keys = private_tempdir();
    let (db_key, _) = new_key_file(&keys, "db-key", "db.key");
    let (photo_key, _) = new_key_file(&keys, "photo-key", "photo.key");
    let out = serve(&db, &["--db-key-file".as_ref(), db_key.as_os_str()]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("give --photo-key-file ("), "{stderr}");
    assert!(!db.exists(), "nothing written with one key missing");

    let both = [
        "--db-key-file".as_ref(),
        db_key.as_os_str(),
        "--photo-key-file".as_ref(),
        photo_key.as_os_str(),
    ];
    assert!(first_line(serve(&db, &both)).starts_with("listening on "));
    let trial = private_tempdir();
    let trial_db = trial.path().join("clinic.db");
    assert!(first_line(serve(&trial_db, &["--unencrypted".as_ref()])).starts_with("listening on "));
}

/// The first line a server prints (its address once it listens); the server is then stopped.
fn first_line(mut command: Command) -> String {
    let mut child = command
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    line
}

/// With PostgreSQL the records' storage is the database server's: only the photo key is asked
/// for, and the check comes before any connection is tried.
#[tokio::test]
async fn with_postgres_only_the_photo_key_is_required() {
    let dir = private_tempdir();
    let config = ServeConfig {
        db: dir.path().join("clinic.db"),
        database_url: Some("postgres://nobody@127.0.0.1:1/none".into()),
        addr: "127.0.0.1:0".parse().unwrap(),
        limits: clinic::state::Limits::default(),
        web_dir: None,
        app_addr: None,
    };
    let ops = Operations { require_encryption: true, ..Operations::default() };
    let refused = clinic::bind_with(&config, ops).await.err().expect("refused");
    assert!(
        matches!(&refused, StartError::Unencrypted(missing) if missing == "--photo-key-file"),
        "{refused}"
    );
}
