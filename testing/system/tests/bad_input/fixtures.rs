//! The seeded record every case starts from, and the fingerprint that proves a case changed
//! nothing stored.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use chrono::{Duration, Utc};

/// A data dir holding one session (two days ago), one check-in and one photo, made once with
/// the real CLI; each case works on its own copy.
pub fn seeded_copy() -> tempfile::TempDir {
    static TEMPLATE: OnceLock<tempfile::TempDir> = OnceLock::new();
    let template = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let start = (Utc::now() - Duration::days(2)).to_rfc3339();
        ok(&run(
            dir.path(),
            &[
                "session",
                "add",
                "--start",
                &start,
                "--tz",
                "Europe/Paris",
                "--depth-mm",
                "1",
                "--area",
                "face",
            ],
        ));
        ok(&run(
            dir.path(),
            &[
                "checkin",
                "--redness",
                "1",
                "--swelling",
                "0",
                "--pain",
                "2",
                "--itch",
                "1",
                "--note",
                "seeded note",
                "--tz",
                "Europe/Paris",
            ],
        ));
        let photo = dir.path().join("seed.jpg");
        std::fs::write(&photo, afterglow_handlers::photo::testdata::seeded_jpeg(64, 48, 3))
            .unwrap();
        ok(&run(dir.path(), &["photo", "add", photo.to_str().unwrap(), "--tz", "Europe/Paris"]));
        std::fs::remove_file(photo).unwrap();
        dir
    });
    let copy = tempfile::tempdir().unwrap();
    copy_dir(template.path(), copy.path());
    copy
}

/// Runs the real `afterglow` binary on `data_dir`.
pub fn run(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_afterglow-under-test"))
        .env("LC_ALL", "C") // English whatever the developer's locale
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        // Nothing from the environment the tests run in: the zone, a data dir or clinic
        // timeouts set there would change what a case sees.
        .env_remove("RUST_LOG")
        .env_remove("AFTERGLOW_DATA_DIR")
        .env_remove("AFTERGLOW_CLINIC_TIMEOUT_MS")
        .env_remove("AFTERGLOW_CLINIC_CONNECT_TIMEOUT_MS")
        .env("TZ", "UTC")
        .output()
        .unwrap()
}

fn ok(out: &Output) {
    assert!(out.status.success(), "seeding failed: {}", String::from_utf8_lossy(&out.stderr));
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// What is stored, as text: for a database SQLite can read, its logical content (every table's
/// rows in rowid order and the schema version, read from a copy so looking changes nothing);
/// for any other file (photos, a corrupt or foreign database) a hash of its bytes.
pub fn fingerprint(data_dir: &Path) -> String {
    fingerprint_except(data_dir, &[])
}

/// [`fingerprint`] leaving out some tables (logs that are meant to grow).
pub fn fingerprint_except(data_dir: &Path, skip_tables: &[&str]) -> String {
    let mut files = Vec::new();
    list(data_dir, &mut files);
    files.sort();
    let mut out = String::new();
    for file in files {
        let name = file.strip_prefix(data_dir).unwrap().display().to_string();
        if name.ends_with("-wal") || name.ends_with("-shm") {
            continue; // part of the database's logical content below
        }
        let content = if name.ends_with(".db") { logical(&file, skip_tables) } else { None };
        let content = content.unwrap_or_else(|| bytes_hash(&std::fs::read(&file).unwrap()));
        out.push_str(&format!("{name}: {content}\n"));
    }
    out
}

fn list(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { list(&path, files) } else { files.push(path) }
    }
}

fn logical(db: &Path, skip_tables: &[&str]) -> Option<String> {
    let scratch = tempfile::tempdir().unwrap();
    let copy = scratch.path().join("copy.db");
    std::fs::copy(db, &copy).unwrap();
    let wal = db.with_extension("db-wal");
    if wal.exists() {
        std::fs::copy(&wal, scratch.path().join("copy.db-wal")).unwrap();
    }
    let conn = rusqlite::Connection::open(&copy).ok()?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).ok()?;
    let mut out = format!("user_version {version}");
    let mut tables =
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").ok()?;
    let names: Vec<String> =
        tables.query_map([], |r| r.get(0)).ok()?.collect::<Result<_, _>>().ok()?;
    for table in names.iter().filter(|t| !skip_tables.contains(&t.as_str())) {
        let mut rows = conn.prepare(&format!("SELECT * FROM \"{table}\"")).ok()?;
        let columns = rows.column_count();
        let mut query = rows.query([]).ok()?;
        let mut dump = String::new();
        while let Some(row) = query.next().ok()? {
            for i in 0..columns {
                dump.push_str(&format!("{:?}|", row.get_ref(i).ok()?));
            }
            dump.push('\n');
        }
        out.push_str(&format!("; {table} {}", bytes_hash(dump.as_bytes())));
    }
    Some(out)
}

fn bytes_hash(bytes: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("{} bytes #{:016x}", bytes.len(), hasher.finish())
}
