//! The database encrypted at rest (issue 19, docs/adr/0004): with `--db-key-file` the SQLite
//! file holds no patient text in clear, backs up encrypted and restores with its key; an older
//! server's plaintext file (with committed rows still in its WAL) is encrypted at start with
//! every row kept; a wrong key or none is refused with nothing changed; `db-key rotate` moves
//! the file to a new key, and a copy left by a crash is cleared by the next run. On SQLite
//! whatever the suite's backend: these tests are about the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clinic::Operations;
use clinic::state::Limits;
use clinic::store::Store;
use clinic::store::sqlite::SqliteStore;
use clinic::store::sqlite::cipher::{self, DbKey};
use rusqlite::OpenFlags;
use tempfile::TempDir;

use crate::harness::{
    STAFF_EMAIL, STAFF_PASSWORD, Server, checkin, cli_ok, cli_refused, clinic_cli, private_tempdir,
};
use crate::key_files::{new_key_file, sqlite_folder, start_error};

/// A patient name that must never be found in clear in an encrypted file.
const MARKER: &str = "Zebulon Cipherworth";

/// A key made by `clinic db-key new` in a folder of its own (outside any data folder).
fn new_key(keys: &TempDir, name: &str) -> PathBuf {
    let (path, said) = new_key_file(keys, "db-key", name);
    assert!(said.contains("--db-key-file"), "{said}");
    path
}

fn with_key(key: &Path) -> Operations {
    Operations { db_key_file: Some(key.to_owned()), ..Operations::default() }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The database file and its WAL, as bytes: neither plain SQLite nor holding the marker.
fn assert_encrypted(db: &Path) {
    let bytes = std::fs::read(db).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3\0"), "{} is plain SQLite", db.display());
    assert!(!contains(&bytes, MARKER.as_bytes()), "{} holds the name in clear", db.display());
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    if let Ok(bytes) = std::fs::read(&wal) {
        assert!(!contains(&bytes, MARKER.as_bytes()), "the WAL holds the name in clear");
    }
}

/// Rows per table, read with `key` (none: a plain file).
fn row_counts(db: &Path, key: Option<&DbKey>) -> BTreeMap<String, i64> {
    let conn = cipher::open(db, OpenFlags::SQLITE_OPEN_READ_ONLY, key).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let n = conn.query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0));
            (t, n.unwrap())
        })
        .collect()
}

/// The audit rows of `action`: (actor, patient id, subject).
pub fn audit_rows(
    db: &Path,
    key: Option<&DbKey>,
    action: &str,
) -> Vec<(String, Option<String>, Option<String>)> {
    let conn = cipher::open(db, OpenFlags::SQLITE_OPEN_READ_ONLY, key).unwrap();
    let mut statement = conn
        .prepare("SELECT actor, patient_id, subject FROM audit_log WHERE action = ?1 ORDER BY id")
        .unwrap();
    statement
        .query_map([action], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// [`row_counts`] but the audit log, which a rotation or encryption adds a row to.
fn record_counts(db: &Path, key: Option<&DbKey>) -> BTreeMap<String, i64> {
    let mut counts = row_counts(db, key);
    counts.remove("audit_log");
    counts
}

fn patients_named(db: &Path, key: Option<&DbKey>, name: &str) -> i64 {
    let conn = cipher::open(db, OpenFlags::SQLITE_OPEN_READ_ONLY, key).unwrap();
    conn.query_row("SELECT count(*) FROM patients WHERE name = ?1", [name], |r| r.get(0)).unwrap()
}

/// Every file in a folder with the SHA-256 of its bytes (to prove a refusal changed nothing);
/// not the -shm, an index SQLite may rewrite on any read.
fn folder_snapshot(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.to_string_lossy().ends_with("-shm"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, clinic::secrets::sha256_hex(std::fs::read(&p).unwrap()))
        })
        .collect()
}

fn restore(from: &Path, to: &Path, key: Option<&Path>) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_clinic"));
    command.env_remove("AFTERGLOW_DB_KEY_FILE").args(["restore", "--from"]).arg(from);
    command.arg("--to").arg(to);
    if let Some(key) = key {
        command.arg("--db-key-file").arg(key);
    }
    command.output().unwrap()
}

#[tokio::test]
async fn an_encrypted_database_holds_no_name_in_clear_and_backs_up_and_restores_with_its_key() {
    let keys = private_tempdir();
    let key_file = new_key(&keys, "db.key");
    let key = DbKey::load(&key_file, None).unwrap();
    let (dir, db) = sqlite_folder();
    let server = Server::start_on(dir, db.clone(), Limits::default(), with_key(&key_file)).await;
    let patient = server.patient(MARKER).await;
    server.checkin_id(&patient.token, "key-crypt-0001", &checkin("watch", Some(MARKER))).await;
    assert_encrypted(&db);

    // The backup's database is the same encrypted pages: no name in clear, and it needs the key.
    let backups = private_tempdir();
    let backup = backups.path().join("b1");
    cli_ok(&clinic_cli(&db, &["backup"], &["--to", backup.to_str().unwrap()], None));
    assert_encrypted(&backup.join("clinic.db"));
    assert_eq!(patients_named(&backup.join("clinic.db"), Some(&key), MARKER), 1);

    // Restoring without the key is refused before the new folder is made; with it, it serves.
    let restored_dir = private_tempdir();
    let data = restored_dir.path().join("data");
    let refused = restore(&backup, &data, None);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--db-key-file"));
    assert!(!data.exists());
    let out = restore(&backup, &data, Some(&key_file));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_encrypted(&data.join("clinic.db"));
    let restored = Server::start_on(
        restored_dir,
        data.join("clinic.db"),
        Limits::default(),
        with_key(&key_file),
    )
    .await;
    let names: Vec<String> = restored.summaries().unwrap().into_iter().map(|s| s.name).collect();
    assert_eq!(names, vec![MARKER.to_owned()]);
    restored.add_staff();
    let staff = restored.portal();
    assert_eq!(staff.login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 303);
    let page = staff.page(&format!("/patients/{}", patient.id)).await;
    assert!(page.contains(MARKER));
    // The chain verifies through the command line, given the key.
    let verified = cli_ok(&clinic_cli(&restored.db, &["audit", "verify"], &[], None));
    assert!(verified.contains("intact"), "{verified}");
}

#[tokio::test]
async fn an_older_plaintext_database_is_encrypted_at_start_with_every_row_kept() {
    let (dir, db) = sqlite_folder();
    // An older server's file as a crash left it: the last rows committed to the WAL only (the
    // files are copied while its connections are still open, so nothing was checkpointed).
    let source = private_tempdir();
    let source_db = source.path().join("clinic.db");
    {
        let store = SqliteStore::open(&source_db).unwrap();
        let clinic = store.default_clinic().unwrap();
        for name in [MARKER, "Second Patient"] {
            clinic::invite::create_patient_invite(&store, clinic, name, None, chrono::Utc::now())
                .unwrap();
        }
        for suffix in ["", "-wal", "-shm"] {
            let from = format!("{}{suffix}", source_db.display());
            std::fs::copy(&from, format!("{}{suffix}", db.display())).unwrap();
        }
    }
    let wal = std::fs::read(format!("{}-wal", db.display())).unwrap();
    assert!(contains(&wal, MARKER.as_bytes()), "the rows must be in the WAL for this test");
    let before = row_counts(&db, None);
    assert_eq!(before["patients"], 2);

    let keys = private_tempdir();
    let key_file = new_key(&keys, "db.key");
    let key = DbKey::load(&key_file, None).unwrap();
    let server = Server::start_on(dir, db.clone(), Limits::default(), with_key(&key_file)).await;
    assert_encrypted(&db);
    assert!(!PathBuf::from(format!("{}.rekey", db.display())).exists());
    // Every row kept, and one more: the audit row saying the file was encrypted.
    let mut expected = before.clone();
    *expected.get_mut("audit_log").unwrap() += 1;
    assert_eq!(row_counts(&db, Some(&key)), expected);
    assert_eq!(patients_named(&db, Some(&key), MARKER), 1);
    // The encryption is in the audit log, naming the key by its id only.
    let rows = audit_rows(&db, Some(&key), "db_encrypted");
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].0.as_str(), rows[0].1.as_deref()), ("server", None));
    assert!(rows[0].2.as_deref().unwrap().contains(&key.id().to_string()), "{rows:?}");
    let verified = cli_ok(&clinic_cli(&db, &["audit", "verify"], &[], None));
    assert!(verified.contains("intact"), "{verified}");
    // It keeps working: a new patient enrols and is stored encrypted.
    server.patient("Third Patient").await;
    assert_eq!(row_counts(&db, Some(&key))["patients"], 3);

    // A second start finds it encrypted and starts as it is.
    let (dir, db) = server.stop().await;
    let again = Server::start_on(dir, db.clone(), Limits::default(), with_key(&key_file)).await;
    assert_eq!(again.summaries().unwrap().len(), 3);
}

#[tokio::test]
async fn a_wrong_key_or_none_is_refused_with_nothing_changed() {
    let keys = private_tempdir();
    let (right, wrong) = (new_key(&keys, "right.key"), new_key(&keys, "wrong.key"));
    let (dir, db) = sqlite_folder();
    {
        let store =
            SqliteStore::open_keyed(&db, Some(&DbKey::load(&right, None).unwrap())).unwrap();
        let clinic = store.default_clinic().unwrap();
        clinic::invite::create_patient_invite(&store, clinic, MARKER, None, chrono::Utc::now())
            .unwrap();
    }
    let before = folder_snapshot(dir.path());

    let err = start_error(&db, with_key(&wrong)).await;
    assert!(err.contains("does not open") && err.contains("nothing was changed"), "{err}");
    let err = start_error(&db, Operations::default()).await;
    assert!(err.contains("encrypted") && err.contains("--db-key-file"), "{err}");
    // The command line says the same, for every command that opens the file.
    let out = clinic_cli(&db, &["clinic", "list"], &[], None);
    assert!(cli_refused(&out).contains("--db-key-file"));
    let out =
        clinic_cli(&db, &["clinic", "list"], &["--db-key-file", wrong.to_str().unwrap()], None);
    assert!(cli_refused(&out).contains("does not open"));
    // A key file other accounts can read, or one inside the data folder: refused.
    use std::os::unix::fs::PermissionsExt;
    let open = keys.path().join("open.key");
    std::fs::copy(&right, &open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert!(start_error(&db, with_key(&open)).await.contains("readable by other accounts"));
    let inside = dir.path().join("db.key");
    std::fs::copy(&right, &inside).unwrap();
    std::fs::set_permissions(&inside, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(start_error(&db, with_key(&inside)).await.contains("inside the data folder"));
    std::fs::remove_file(&inside).unwrap();

    assert_eq!(folder_snapshot(dir.path()), before, "a refused start changed the folder");
    // The right key still opens it.
    let out =
        clinic_cli(&db, &["clinic", "list"], &["--db-key-file", right.to_str().unwrap()], None);
    cli_ok(&out);
}

#[tokio::test]
async fn db_key_rotate_moves_the_database_to_the_new_key_and_a_crashed_copy_is_cleared() {
    let keys = private_tempdir();
    let (first, second, third) =
        (new_key(&keys, "1.key"), new_key(&keys, "2.key"), new_key(&keys, "3.key"));
    let (dir, db) = sqlite_folder();
    let server = Server::start_on(dir, db.clone(), Limits::default(), with_key(&first)).await;
    server.add_staff();
    server.patient(MARKER).await;
    let key = |path: &Path| DbKey::load(path, None).unwrap();
    let rotate = |from: &Path, to: &Path| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_clinic"));
        command.args(["db-key", "rotate", "--db"]).arg(&db);
        command.arg("--from").arg(from).arg("--to").arg(to).output().unwrap()
    };
    // While the server runs on it, a rotation is refused and the server keeps working.
    let refused = cli_refused(&rotate(&first, &second));
    assert!(refused.contains("in use") || refused.contains("locked"), "{refused}");
    assert!(!PathBuf::from(format!("{}.rekey", db.display())).exists());
    server.patient("Second Patient").await;
    let (_dir, db) = server.stop().await;
    let before = record_counts(&db, Some(&key(&first)));
    assert_eq!(before["patients"], 2);

    let out = cli_ok(&rotate(&first, &second));
    assert!(out.contains("re-encrypted"), "{out}");
    assert_encrypted(&db);
    assert_eq!(record_counts(&db, Some(&key(&second))), before);
    // Audited with the two key ids and the counts, and nothing about a patient.
    let rows = audit_rows(&db, Some(&key(&second)), "db_key_rotate");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].0.starts_with("cli:") && rows[0].1.is_none(), "{rows:?}");
    let subject = rows[0].2.clone().unwrap();
    assert!(
        subject.contains(&format!("{} -> {}", key(&first).id(), key(&second).id())),
        "{subject}"
    );
    assert!(!subject.contains(MARKER));
    let err = start_error(&db, with_key(&first)).await;
    assert!(err.contains("does not open"), "{err}");
    // The old key no longer rotates it; the same key on both sides is refused.
    assert!(cli_refused(&rotate(&first, &third)).contains("does not open"));
    assert!(cli_refused(&rotate(&second, &second)).contains("same key"));

    // A crash while the copy was written leaves the file under its key and a partial copy
    // beside it: the next run removes the copy and finishes.
    let copy = PathBuf::from(format!("{}.rekey", db.display()));
    std::fs::write(&copy, b"half a copy").unwrap();
    assert_eq!(record_counts(&db, Some(&key(&second))), before);
    cli_ok(&rotate(&second, &third));
    assert!(!copy.exists());
    assert_eq!(record_counts(&db, Some(&key(&third))), before);
    assert_eq!(audit_rows(&db, Some(&key(&third)), "db_key_rotate").len(), 2);
    let verified = cli_ok(&clinic_cli(
        &db,
        &["audit", "verify"],
        &["--db-key-file", third.to_str().unwrap()],
        None,
    ));
    assert!(verified.contains("intact"), "{verified}");
}

#[tokio::test]
async fn commands_given_the_key_leave_a_plaintext_file_as_it_is_and_a_restore_encrypts_its_copy() {
    let keys = private_tempdir();
    let key_file = new_key(&keys, "db.key");
    let key = DbKey::load(&key_file, None).unwrap();
    let (_dir, db) = sqlite_folder();
    {
        let store = SqliteStore::open(&db).unwrap();
        let clinic = store.default_clinic().unwrap();
        clinic::invite::create_patient_invite(&store, clinic, MARKER, None, chrono::Utc::now())
            .unwrap();
    }
    // Only the server's start encrypts the live file: a command beside a running server must
    // not replace the file under it.
    let with_key_arg = ["--db-key-file", key_file.to_str().unwrap()];
    cli_ok(&clinic_cli(&db, &["clinic", "list"], &with_key_arg, None));
    assert!(std::fs::read(&db).unwrap().starts_with(b"SQLite format 3\0"));
    let backups = private_tempdir();
    let backup = backups.path().join("b1");
    let mut rest = vec!["--to", backup.to_str().unwrap()];
    rest.extend(with_key_arg);
    cli_ok(&clinic_cli(&db, &["backup"], &rest, None));
    assert!(std::fs::read(&db).unwrap().starts_with(b"SQLite format 3\0"));
    // The plaintext backup restored with the key: the restored copy is encrypted.
    let restored = private_tempdir();
    let data = restored.path().join("data");
    let out = restore(&backup, &data, Some(&key_file));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_encrypted(&data.join("clinic.db"));
    assert_eq!(patients_named(&data.join("clinic.db"), Some(&key), MARKER), 1);
}

#[tokio::test]
async fn migrate_to_postgres_reads_an_encrypted_database_with_its_key() {
    let Some(server_url) = crate::pg::server_url() else {
        eprintln!("migrate_to_postgres (encrypted): not run ({} is not set)", crate::pg::ENV);
        return;
    };
    let keys = private_tempdir();
    let key_file = new_key(&keys, "db.key");
    let (dir, db) = sqlite_folder();
    let server = Server::start_on(dir, db.clone(), Limits::default(), with_key(&key_file)).await;
    server.patient(MARKER).await;
    let (_dir, db) = server.stop().await;
    let database = crate::pg::TestDatabase::create(&server_url);
    let copy = |key: Option<&Path>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_clinic"));
        command.env_remove("AFTERGLOW_DB_KEY_FILE");
        command.args(["migrate-to-postgres", "--database-url", &database.url, "--db"]).arg(&db);
        if let Some(key) = key {
            command.arg("--db-key-file").arg(key);
        }
        command.output().unwrap()
    };
    assert!(cli_refused(&copy(None)).contains("--db-key-file"));
    let report = cli_ok(&copy(Some(&key_file)));
    assert!(report.contains("copied and verified"), "{report}");
    assert!(report.contains("patients                   1"), "{report}");
}
