//! Enrollment and the share API: the happy paths and their contracts.

use clinic::api::wire::{EnrollResponse, UploadAck};
use serde_json::json;

use crate::harness::{Server, checkin, jpeg};

#[tokio::test]
async fn enrollment_gives_token_clinic_details_and_a_valid_protocol() {
    let server = Server::start().await;
    let mut settings = server.store().settings(server.clinic()).unwrap();
    settings.name = "Glow Clinic".into();
    settings.phone = "+44 20 7946 0000".into();
    server.store().save_settings(server.clinic(), &settings).unwrap();
    let invite = server.invite("Ann Example");

    // Codes are forgiving about case and dashes, as people type them.
    let typed = invite.code.to_lowercase().replace('-', "");
    let response = server.enroll_raw(&typed).await;
    assert_eq!(response.status(), 201);
    let body: EnrollResponse = response.json().await.unwrap();
    assert_eq!(body.api_version, 1);
    assert_eq!(body.token.len(), 64, "256-bit token in hex");
    assert_eq!(body.patient_id, invite.patient_id);
    assert_eq!(body.clinic.name, "Glow Clinic");
    assert_eq!(body.clinic.phone, "+44 20 7946 0000");
    assert!(!body.clinic.after_hours_advice.is_empty());
    let protocol = serde_json::to_string(&body.care_protocol).unwrap();
    shared::protocol::parse(&protocol).expect("the app's core accepts the protocol");

    // The token is stored only as a hash (in the SQLite file and its WAL, or in PostgreSQL's
    // devices table, the only place a token goes).
    let (raw, wal) = match crate::pg::url_for(&server.db) {
        None => (
            std::fs::read(&server.db).unwrap(),
            std::fs::read(server.db.with_extension("db-wal")).unwrap_or_default(),
        ),
        Some(_) => {
            let sql = "SELECT string_agg(d::text, ' ') FROM devices d";
            (server.raw().text(sql, &[]).unwrap().into_bytes(), Vec::new())
        }
    };
    let needle = body.token.as_bytes();
    for bytes in [&raw, &wal] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "token stored in clear");
    }
}

#[tokio::test]
async fn an_invite_works_once_and_not_after_expiry() {
    let server = Server::start().await;
    let invite = server.invite("Ann Example");
    assert_eq!(server.enroll_raw(&invite.code).await.status(), 201);
    assert_eq!(server.enroll_raw(&invite.code).await.status(), 410, "second use");
    let expired = server.expired_invite(&invite.patient_id);
    assert_eq!(server.enroll_raw(&expired).await.status(), 410, "expired");
    assert_eq!(server.enroll_raw("ZZZZ-ZZZZ-ZZZZ").await.status(), 404, "unknown");
    assert_eq!(server.enroll_raw("not a code").await.status(), 404, "malformed");
}

#[tokio::test]
async fn uploads_of_every_kind_are_stored_for_the_tokens_patient() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;

    let response =
        server.upload(&p.token, "key-checkin-0001", &checkin("watch", Some("sore"))).await;
    assert_eq!(response.status(), 201);
    let ack: UploadAck = response.json().await.unwrap();
    assert_eq!(ack.kind, "checkin");

    let session = json!({ "performed_at": "2026-11-18T14:00:00Z", "zone": "Europe/London",
                          "depth_mm": 1.0, "area": "face" });
    let response = server
        .http
        .post(format!("{}/api/v1/sessions", server.url))
        .bearer_auth(&p.token)
        .header("Idempotency-Key", "key-session-0001")
        .json(&session)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);

    let response = server.upload_photo(&p.token, "key-photo-00001", "image/jpeg", jpeg()).await;
    assert_eq!(response.status(), 201);

    let detail = server.detail(&p.id).unwrap().unwrap();
    assert_eq!(detail.checkins.len(), 1);
    assert_eq!(detail.checkins[0].rule_ids, vec!["C1".to_owned()]);
    assert_eq!(detail.checkins[0].answers.pain, Some(4));
    assert_eq!(detail.sessions.len(), 1);
    assert_eq!(detail.photos.len(), 1);

    // The app can read back its own upload's status.
    let status = server
        .http
        .get(format!("{}/api/v1/checkins/{}", server.url, ack.id))
        .bearer_auth(&p.token)
        .send()
        .await
        .unwrap();
    assert_eq!(status.status(), 200);
}

#[tokio::test]
async fn a_photo_with_a_wrong_digest_is_refused() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let response = server
        .http
        .post(format!("{}/api/v1/photos?taken_at=2026-11-20T10:00:00Z&zone=UTC", server.url))
        .bearer_auth(&p.token)
        .header("Idempotency-Key", "key-photo-00002")
        .header("Content-Type", "image/jpeg")
        .header("X-Content-SHA256", "00".repeat(32))
        .body(jpeg())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(server.detail(&p.id).unwrap().unwrap().photos.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_invite_raced_from_two_phones_enrolls_exactly_one() {
    let server = std::sync::Arc::new(Server::start().await);
    let invite = server.invite("Ann Example");
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..6 {
        let server = std::sync::Arc::clone(&server);
        let code = invite.code.clone();
        set.spawn(async move { server.enroll_raw(&code).await.status().as_u16() });
    }
    let mut statuses = Vec::new();
    while let Some(status) = set.join_next().await {
        statuses.push(status.unwrap());
    }
    statuses.sort_unstable();
    assert_eq!(statuses, vec![201, 410, 410, 410, 410, 410]);
    let detail = server.detail(&invite.patient_id).unwrap().unwrap();
    assert_eq!(detail.devices.len(), 1);
}

#[tokio::test]
async fn photo_metadata_and_trailers_are_stripped_before_storing() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let dirty = crate::harness::jpeg_with_metadata();
    let response = server.upload_photo(&p.token, "key-photo-meta1", "image/jpeg", dirty).await;
    assert_eq!(response.status(), 201);
    let photo = server.detail(&p.id).unwrap().unwrap().photos[0].clone();
    let path = clinic::photos::PhotoStore::beside(&server.db).path(&p.id, &photo.sha256).unwrap();
    let stored = std::fs::read(path).unwrap();
    assert_eq!(stored, jpeg(), "only the image itself is kept");
    for marker in [&b"GPSLatitude"[..], b"jane doe", b"<script>"] {
        assert!(!stored.windows(marker.len()).any(|w| w == marker));
    }
}
