//! Review M2: per-device and per-patient photo storage quotas. Past either, an upload gets
//! 413 and nothing is stored (no row, no file); the other patient is unaffected.

use chrono::{Duration, Utc};
use clinic::api::wire::EnrollResponse;
use clinic::secrets::{self, normalize_invite, sha256_hex};
use clinic::state::Limits;
use clinic::store::NewInvite;

use crate::harness::{Server, jpeg};

/// The harness JPEG with its JFIF density set to `n`: a different file of the same size.
fn jpeg_numbered(n: u16) -> Vec<u8> {
    let mut v = jpeg();
    v[14..16].copy_from_slice(&n.to_be_bytes());
    v
}

fn file_count(server: &Server) -> usize {
    let dir = server.dir.path().join("clinic.db.photos");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|d| std::fs::read_dir(d.unwrap().path()).unwrap().count())
        .sum()
}

#[tokio::test]
async fn past_a_device_or_patient_quota_uploads_get_413_and_nothing_is_stored() {
    // An upload is counted at its size, a stored photo at its stripped size (the encoder's
    // JFIF extras go).
    let size = jpeg().len() as u64;
    let stored = clinic::photos::strip_metadata(&jpeg()).unwrap().len() as u64;
    let limits = Limits {
        device_photo_quota: 2 * stored + size,
        patient_photo_quota: 3 * stored + size,
        ..Limits::default()
    };
    let server = Server::start_with(limits).await;
    let p = server.patient("Ann Example").await;
    let other = server.patient("Bea Example").await;
    for n in 1..=3 {
        let response = server
            .upload_photo(&p.token, &format!("key-quota-{n:04}"), "image/jpeg", jpeg_numbered(n))
            .await;
        assert_eq!(response.status(), 201, "photo {n}");
    }
    let refused =
        server.upload_photo(&p.token, "key-quota-0004", "image/jpeg", jpeg_numbered(4)).await;
    assert_eq!(refused.status(), 413);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"], "quota_exceeded", "{body}");
    assert_eq!(server.detail(&p.id).unwrap().unwrap().photos.len(), 3);
    assert_eq!(file_count(&server), 3);

    // A second phone of the same patient has its own device quota but shares the patient's.
    let code = secrets::invite_code().unwrap();
    let now = Utc::now();
    let invite = NewInvite {
        code_hash: sha256_hex(normalize_invite(&code).unwrap()),
        patient_id: p.id.clone(),
        now,
        expires_at: now + Duration::hours(1),
    };
    assert!(server.store().add_invite(server.clinic(), &invite).unwrap());
    let second: EnrollResponse = server.enroll_raw(&code).await.json().await.unwrap();
    let response =
        server.upload_photo(&second.token, "key-quota-0005", "image/jpeg", jpeg_numbered(5)).await;
    assert_eq!(response.status(), 201);
    let response =
        server.upload_photo(&second.token, "key-quota-0006", "image/jpeg", jpeg_numbered(6)).await;
    assert_eq!(response.status(), 413, "the patient's quota");
    assert_eq!(server.detail(&p.id).unwrap().unwrap().photos.len(), 4);
    assert_eq!(file_count(&server), 4);

    // Another patient is unaffected.
    let response = server.upload_photo(&other.token, "key-quota-0001", "image/jpeg", jpeg()).await;
    assert_eq!(response.status(), 201);
}
