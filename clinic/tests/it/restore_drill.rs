//! The restore drill (review M10): back up with `clinic backup` while uploads run against a
//! live server, restore with `clinic restore` into a new folder, start a server on it, and find
//! every upload that was acknowledged before the backup started.

use std::os::unix::fs::PermissionsExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clinic::ratelimit::RateLimit;
use clinic::state::Limits;

use super::harness::{STAFF_EMAIL, STAFF_PASSWORD, Server, checkin, jpeg};

#[derive(Clone)]
struct Acked {
    photo: bool,
    id: String,
    patient: usize,
    at: Instant,
}

/// The harness JPEG with its JFIF density set to `n`, so each upload is a different file.
fn jpeg_numbered(n: u16) -> Vec<u8> {
    let mut v = jpeg();
    v[14..16].copy_from_slice(&n.max(1).to_be_bytes());
    v
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

async fn run_clinic(args: Vec<std::ffi::OsString>) -> String {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_clinic"))
        .args(args)
        .output()
        .await
        .unwrap();
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{text}");
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn restore_drill_keeps_every_upload_acknowledged_before_the_backup() {
    let limits = Limits {
        device_rate: RateLimit { burst: 100_000, per_minute: 1_000_000 },
        ..Limits::default()
    };
    let server = Arc::new(Server::start_sqlite_with(limits.clone()).await);
    server.add_staff();
    let mut patients = Vec::new();
    for n in 0..3 {
        patients.push(server.patient(&format!("Drill Patient {n}")).await);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let acked: Arc<Mutex<Vec<Acked>>> = Arc::default();
    let mut uploaders = Vec::new();
    for (index, patient) in patients.iter().enumerate() {
        let (server, stop, acked) = (Arc::clone(&server), Arc::clone(&stop), Arc::clone(&acked));
        let token = patient.token.clone();
        uploaders.push(tokio::spawn(async move {
            let mut n: u16 = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let key = format!("drill-{index}-{n:05}");
                let photo = n.is_multiple_of(3);
                let response = if photo {
                    let bytes = jpeg_numbered(u16::try_from(index).unwrap() * 10_000 + n);
                    server.upload_photo(&token, &key, "image/jpeg", bytes).await
                } else {
                    server.upload(&token, &key, &checkin("watch", Some("drill"))).await
                };
                assert_eq!(response.status(), 201, "{key}");
                let body: serde_json::Value = response.json().await.unwrap();
                let at = Instant::now();
                let id = body["id"].as_str().unwrap().to_owned();
                acked.lock().unwrap().push(Acked { photo, id, patient: index, at });
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;

    let work = super::harness::private_tempdir();
    let backup_dir = work.path().join("backup");
    let started = Instant::now();
    run_clinic(vec![
        "backup".into(),
        "--db".into(),
        server.db.clone().into_os_string(),
        "--to".into(),
        backup_dir.clone().into_os_string(),
    ])
    .await;
    let finished = Instant::now();
    // The server kept taking uploads after the backup too.
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    for task in uploaders {
        task.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    let before: Vec<&Acked> = acked.iter().filter(|a| a.at < started).collect();
    let during = acked.iter().filter(|a| a.at >= started && a.at < finished).count();
    let after = acked.iter().filter(|a| a.at >= finished).count();
    eprintln!(
        "drill: {} uploads acknowledged before the backup ({} photos), {during} during its {} ms, {after} after",
        before.len(),
        before.iter().filter(|a| a.photo).count(),
        (finished - started).as_millis()
    );
    assert!(before.len() >= 30, "the load ran: {}", before.len());
    assert!(after > 0, "the server kept serving during and after the backup");
    assert_eq!(mode(&backup_dir), 0o700);
    assert_eq!(mode(&backup_dir.join("clinic.db")), 0o600);

    let restored_dir = super::harness::private_tempdir();
    let data = restored_dir.path().join("data");
    run_clinic(vec![
        "restore".into(),
        "--from".into(),
        backup_dir.into_os_string(),
        "--to".into(),
        data.clone().into_os_string(),
    ])
    .await;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("clinic.db")), 0o600);
    let restored =
        Server::start_on(restored_dir, data.join("clinic.db"), limits, Default::default()).await;
    let portal = restored.portal();
    assert_eq!(portal.login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 303);
    for upload in before {
        let patient = &patients[upload.patient];
        if upload.photo {
            let response =
                portal.get(&format!("/patients/{}/photos/{}", patient.id, upload.id)).await;
            assert_eq!(response.status(), 200, "photo {}", upload.id);
            let bytes = response.bytes().await.unwrap();
            assert_eq!(&bytes[..2], &[0xFF, 0xD8], "photo {} is a JPEG", upload.id);
        } else {
            let response = restored
                .http
                .get(format!("{}/api/v1/checkins/{}", restored.url, upload.id))
                .bearer_auth(&patient.token)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "check-in {}", upload.id);
        }
    }
}
