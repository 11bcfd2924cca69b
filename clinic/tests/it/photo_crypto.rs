//! Photos encrypted at rest (issue 19): uploads are sealed on disk and served as sent; the wrong
//! key, a changed byte and a truncated file are refused with their reason; an older server's
//! plaintext files are sealed at start; a key rotation, interrupted and rerun, moves every file.
//! On SQLite whatever the suite's backend: these tests restart servers on their own folders.

use std::path::{Path, PathBuf};

use clinic::Operations;
use clinic::photos::format::{self, OpenError};
use clinic::photos::{PhotoKey, PhotoStore};
use clinic::state::Limits;
use tempfile::TempDir;

use crate::harness::{
    Portal, STAFF_EMAIL, STAFF_PASSWORD, Server, cli_ok, clinic_cli, jpeg, private_tempdir,
};
use crate::key_files::{new_key_file, sqlite_folder, start_error};

/// The harness JPEG with its JFIF density set to `n`: a different file that still decodes.
fn jpeg_numbered(n: u16) -> Vec<u8> {
    let mut v = jpeg();
    v[14..16].copy_from_slice(&n.to_be_bytes());
    v
}

/// A key made by `clinic photo-key new` in a folder of its own (outside any data folder).
fn new_key(keys: &TempDir, name: &str) -> PathBuf {
    let (path, _) = new_key_file(keys, "photo-key", name);
    path
}

fn with_key(key: &Path) -> Operations {
    Operations { photo_key_file: Some(key.to_owned()), ..Operations::default() }
}

/// Every photo file under a data folder: (patient folder name, photo name, path).
fn photo_files(db: &Path) -> Vec<(String, String, PathBuf)> {
    let store = PhotoStore::beside(db);
    let mut out = Vec::new();
    for folder in std::fs::read_dir(store.dir()).unwrap() {
        let folder = folder.unwrap();
        if !folder.file_type().unwrap().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(folder.path()).unwrap() {
            let path = file.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if let Some(sha) = name.strip_suffix(".jpg") {
                let folder = folder.file_name().to_string_lossy().into_owned();
                out.push((folder, sha.to_owned(), path));
            }
        }
    }
    out.sort();
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The file holds none of the JPEG: no start-of-image marker, no JFIF header, no run of it.
fn assert_sealed(file: &[u8], photo: &[u8]) {
    assert_ne!(file, photo);
    assert!(!file.starts_with(&[0xFF, 0xD8]), "starts like a JPEG");
    assert!(!contains(file, b"JFIF"), "holds the JFIF header");
    assert!(!contains(file, &photo[photo.len() - 24..]), "holds the JPEG's last bytes");
}

/// Uploads `photo` for `token` and answers its id.
async fn upload(server: &Server, token: &str, key: &str, photo: Vec<u8>) -> String {
    let response = server.upload_photo(token, key, "image/jpeg", photo).await;
    assert_eq!(response.status(), 201);
    let body: serde_json::Value = response.json().await.unwrap();
    body["id"].as_str().unwrap().to_owned()
}

/// A logged-in clinician (once per server: a second factor code is taken once).
async fn clinician(server: &Server) -> Portal {
    let portal = server.portal();
    assert_eq!(portal.login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 303);
    portal
}

/// A clinician's download of a photo: (status, bytes).
async fn download(portal: &Portal, patient: &str, photo: &str) -> (u16, Vec<u8>) {
    let response = portal.get(&format!("/patients/{patient}/photos/{photo}")).await;
    (response.status().as_u16(), response.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn an_uploaded_photo_is_sealed_on_disk_served_as_sent_backed_up_sealed_and_erased() {
    let keys = private_tempdir();
    let key = new_key(&keys, "photo.key");
    let (dir, db) = sqlite_folder();
    let server = Server::start_on(dir, db.clone(), Limits::default(), with_key(&key)).await;
    server.add_staff();
    let patient = server.patient("Sealed Sam").await;
    let photo = jpeg_numbered(5);
    let id = upload(&server, &patient.token, "key-p-0001", photo.clone()).await;

    let files = photo_files(&db);
    assert_eq!(files.len(), 1);
    assert_sealed(&std::fs::read(&files[0].2).unwrap(), &photo);
    assert_eq!(download(&clinician(&server).await, &patient.id, &id).await, (200, photo.clone()));

    // The backup copies the sealed file as it is; the restored server, given the key, serves it.
    let backups = private_tempdir();
    let backup = backups.path().join("b1");
    let out = cli_ok(&clinic_cli(&db, &["backup"], &["--to", backup.to_str().unwrap()], None));
    assert!(out.contains("1 photos (1 encrypted"), "{out}");
    let copied = photo_files(&backup.join("clinic.db"));
    assert_eq!(copied.len(), 1);
    assert_sealed(&std::fs::read(&copied[0].2).unwrap(), &photo);
    let restored_dir = private_tempdir();
    let data = restored_dir.path().join("data");
    let restore = std::process::Command::new(env!("CARGO_BIN_EXE_clinic"))
        .args(["restore", "--from"])
        .arg(&backup)
        .arg("--to")
        .arg(&data)
        .output()
        .unwrap();
    assert!(restore.status.success(), "{}", String::from_utf8_lossy(&restore.stderr));
    let restored =
        Server::start_on(restored_dir, data.join("clinic.db"), Limits::default(), with_key(&key))
            .await;
    assert_eq!(download(&clinician(&restored).await, &patient.id, &id).await, (200, photo));

    // Erasure still removes the patient's folder.
    cli_ok(&clinic_cli(&db, &["patient", "erase"], &[&patient.id], None));
    assert!(photo_files(&db).is_empty());
}

#[tokio::test]
async fn the_wrong_key_a_changed_byte_and_a_truncated_file_are_refused_with_their_reason() {
    let keys = private_tempdir();
    let (right, wrong) = (new_key(&keys, "right.key"), new_key(&keys, "wrong.key"));
    let (dir, db) = sqlite_folder();
    let server = Server::start_on(dir, db.clone(), Limits::default(), with_key(&right)).await;
    server.add_staff();
    let patient = server.patient("Tamper Tess").await;
    let photo = jpeg_numbered(6);
    let id = upload(&server, &patient.token, "key-p-0001", photo.clone()).await;
    let (dir, db) = server.stop().await;
    let path = photo_files(&db)[0].2.clone();
    let sealed = std::fs::read(&path).unwrap();

    // The wrong key, or none: the server does not start, and says why.
    let err = start_error(&db, with_key(&wrong)).await;
    assert!(
        err.contains("sealed with photo key") && err.contains("not with the key given"),
        "{err}"
    );
    let err = start_error(&db, Operations::default()).await;
    assert!(err.contains("are encrypted") && err.contains("--photo-key-file"), "{err}");
    // A key file other accounts can read, or inside the data folder: refused.
    let open = keys.path().join("open.key");
    std::fs::copy(&right, &open).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = start_error(&db, with_key(&open)).await;
    assert!(err.contains("readable by other accounts"), "{err}");
    let inside = dir.path().join("photo.key");
    std::fs::copy(&right, &inside).unwrap();
    std::fs::set_permissions(&inside, std::fs::Permissions::from_mode(0o600)).unwrap();
    let err = start_error(&db, with_key(&inside)).await;
    assert!(err.contains("inside the data folder"), "{err}");
    std::fs::remove_file(&inside).unwrap();

    // The right key: served; a changed byte, a truncated file, a file sealed with another key
    // put in its place: 500 with nothing of the file, the reason in the log.
    let server = Server::start_on(dir, db.clone(), Limits::default(), with_key(&right)).await;
    let portal = clinician(&server).await;
    assert_eq!(download(&portal, &patient.id, &id).await, (200, photo.clone()));
    let folder = path.parent().unwrap().file_name().unwrap().to_string_lossy().into_owned();
    let sha = clinic::secrets::sha256_hex(&photo);
    let mut changed = sealed.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x01;
    let other =
        format::seal(&PhotoKey::load(&wrong, None).unwrap(), &folder, &sha, &photo).unwrap();
    for bad in [changed, sealed[..sealed.len() - 10].to_vec(), other] {
        std::fs::write(&path, &bad).unwrap();
        let (status, body) = download(&portal, &patient.id, &id).await;
        assert_eq!(status, 500);
        assert!(!body.starts_with(&[0xFF, 0xD8]) && !contains(&body, &bad[50..80]));
    }
    let key = PhotoKey::load(&right, None).unwrap();
    let mut changed = sealed.clone();
    changed[middle] ^= 0x01;
    assert_eq!(format::open(&key, &folder, &sha, &changed), Err(OpenError::Tampered));
    let truncated = format::open(&key, &folder, &sha, &sealed[..sealed.len() - 10]);
    assert!(matches!(truncated, Err(OpenError::Truncated { .. })), "{truncated:?}");
    assert_eq!(format::open(&key, &folder, &sha, &photo), Err(OpenError::Plaintext));
}

#[tokio::test]
async fn an_older_servers_plaintext_photos_are_sealed_at_start_once() {
    let (dir, db) = sqlite_folder();
    let server = Server::start_on(dir, db.clone(), Limits::default(), Operations::default()).await;
    server.add_staff();
    let patient = server.patient("Plain Pat").await;
    let photo = jpeg_numbered(7);
    let id = upload(&server, &patient.token, "key-p-0001", photo.clone()).await;
    let (dir, db) = server.stop().await;
    let (_, sha, path) = photo_files(&db).remove(0);
    assert_eq!(std::fs::read(&path).unwrap(), photo, "a keyless server stores plaintext");
    // A crash's leftover beside it goes at the next start with a key.
    let leftover = path.with_file_name(format!("{sha}.tmp-999999"));
    std::fs::write(&leftover, &photo).unwrap();

    let keys = private_tempdir();
    let key = new_key(&keys, "photo.key");
    let server = Server::start_on(dir, db.clone(), Limits::default(), with_key(&key)).await;
    let sealed = std::fs::read(&path).unwrap();
    assert_sealed(&sealed, &photo);
    assert!(!leftover.exists());
    // A second start finds nothing to do (a new seal would draw a new nonce).
    let (dir, db) = server.stop().await;
    let server = Server::start_on(dir, db.clone(), Limits::default(), with_key(&key)).await;
    assert_eq!(std::fs::read(&path).unwrap(), sealed);
    assert_eq!(download(&clinician(&server).await, &patient.id, &id).await, (200, photo));
}

#[tokio::test]
async fn a_rotation_interrupted_and_run_again_moves_every_photo_to_the_new_key() {
    let keys = private_tempdir();
    let (old, new) = (new_key(&keys, "old.key"), new_key(&keys, "new.key"));
    let (dir, db) = sqlite_folder();
    let server = Server::start_on(dir, db.clone(), Limits::default(), with_key(&old)).await;
    server.add_staff();
    let (a, b) = (server.patient("Rota Ann").await, server.patient("Rota Ben").await);
    let mut uploads = Vec::new();
    for (n, (patient, key)) in
        [(&a, "key-p-0001"), (&a, "key-p-0002"), (&b, "key-p-0001")].into_iter().enumerate()
    {
        let photo = jpeg_numbered(10 + u16::try_from(n).unwrap());
        let id = upload(&server, &patient.token, key, photo.clone()).await;
        uploads.push((patient.id.clone(), id, photo));
    }
    let (dir, db) = server.stop().await;
    assert_eq!(photo_files(&db).len(), 3);
    let rotate = |max: &[&str]| {
        let mut rest = vec!["--from", old.to_str().unwrap(), "--to", new.to_str().unwrap()];
        rest.extend_from_slice(max);
        cli_ok(&clinic_cli(&db, &["photo-key", "rotate"], &rest, None))
    };

    // Stopped after one file (as a crash would leave it): both keys are now needed, so the
    // server refuses either alone.
    let out = rotate(&["--max-files", "1"]);
    assert!(out.contains("1 re-encrypted") && out.contains("2 left"), "{out}");
    for key in [&old, &new] {
        let err = start_error(&db, with_key(key)).await;
        assert!(err.contains("finish the rotation"), "{err}");
    }
    // The rerun skips the file already done and finishes.
    let out = rotate(&[]);
    assert!(out.contains("2 re-encrypted") && out.contains("1 already under the new key"), "{out}");
    assert!(out.contains("done"), "{out}");
    let out = rotate(&[]);
    assert!(out.contains("0 re-encrypted") && out.contains("3 already"), "{out}");
    // Each run is in the audit log: the key ids and the counts, no patient.
    let (old_id, new_id) = (
        PhotoKey::load(&old, None).unwrap().id().to_string(),
        PhotoKey::load(&new, None).unwrap().id().to_string(),
    );
    let rows = crate::db_crypto::audit_rows(&db, None, "photo_key_rotate");
    assert_eq!(rows.len(), 3, "{rows:?}");
    for (actor, patient, subject) in &rows {
        assert!(actor.starts_with("cli:") && patient.is_none(), "{rows:?}");
        let subject = subject.as_deref().unwrap();
        assert!(subject.contains(&format!("{old_id} -> {new_id}")), "{subject}");
        assert!(!subject.contains("Rota"), "{subject}");
    }
    assert!(rows[0].2.as_deref().unwrap().contains("1 re-encrypted, 0 sealed, 0 skipped, 2 left"));

    let (old_key, new_key) =
        (PhotoKey::load(&old, None).unwrap(), PhotoKey::load(&new, None).unwrap());
    for (folder, sha, path) in photo_files(&db) {
        let file = std::fs::read(&path).unwrap();
        let refused = format::open(&old_key, &folder, &sha, &file);
        assert!(matches!(refused, Err(OpenError::WrongKey { .. })), "{refused:?}");
        let opened = format::open(&new_key, &folder, &sha, &file).unwrap();
        assert_eq!(clinic::secrets::sha256_hex(&opened), sha);
    }
    let err = start_error(&db, with_key(&old)).await;
    assert!(err.contains("not with the key given"), "{err}");
    let server = Server::start_on(dir, db, Limits::default(), with_key(&new)).await;
    let portal = clinician(&server).await;
    for (patient, id, photo) in uploads {
        assert_eq!(download(&portal, &patient, &id).await, (200, photo));
    }
}
