//! Bad input and attacks on the share API.

use clinic::ratelimit::RateLimit;
use clinic::state::Limits;
use rstest::rstest;
use serde_json::json;

use crate::harness::{Server, checkin, jpeg};

#[rstest]
#[case::missing(None)]
#[case::not_bearer(Some("Basic dXNlcjpwYXNz".to_owned()))]
#[case::malformed(Some("Bearer not-a-token".to_owned()))]
#[case::unknown(Some(format!("Bearer {}", "ab".repeat(32))))]
#[tokio::test]
async fn bad_tokens_get_401(#[case] authorization: Option<String>) {
    let server = Server::start().await;
    let mut request = server
        .http
        .post(format!("{}/api/v1/checkins", server.url))
        .header("Idempotency-Key", "key-bad-token-1")
        .json(&checkin("expected", None));
    if let Some(value) = authorization {
        request = request.header("Authorization", value);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
}

#[tokio::test]
async fn a_revoked_token_gets_401_and_keeps_stored_data() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    assert_eq!(
        server.upload(&p.token, "key-before-revoke", &checkin("watch", None)).await.status(),
        201
    );
    assert!(
        server
            .store()
            .revoke_device(server.clinic(), &p.id, &p.device_id, chrono::Utc::now())
            .unwrap()
    );
    assert_eq!(
        server.upload(&p.token, "key-after-revoke", &checkin("watch", None)).await.status(),
        401
    );
    assert_eq!(server.detail(&p.id).unwrap().unwrap().checkins.len(), 1);
}

#[tokio::test]
async fn one_patients_token_cannot_touch_another_patients_data() {
    let server = Server::start().await;
    let a = server.patient("Ann Example").await;
    let b = server.patient("Bob Example").await;
    let ack_id = server.checkin_id(&a.token, "key-a-000001", &checkin("watch", None)).await;
    let a_checkin = ack_id.as_str();

    // B cannot read A's check-in: 404, exactly like a missing one.
    let response = server
        .http
        .get(format!("{}/api/v1/checkins/{a_checkin}", server.url))
        .bearer_auth(&b.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);

    // B cannot name A as the patient: unknown fields are refused.
    let mut body = checkin("urgent", None);
    body["patient_id"] = json!(a.id);
    assert_eq!(server.upload(&b.token, "key-b-000001", &body).await.status(), 422);

    // The same idempotency key from another device is that device's own key.
    assert_eq!(
        server.upload(&b.token, "key-a-000001", &checkin("watch", None)).await.status(),
        201
    );
    let store = server.store();
    assert_eq!(
        store
            .patient_detail(store.default_clinic().unwrap(), &a.id)
            .unwrap()
            .unwrap()
            .checkins
            .len(),
        1
    );
    assert_eq!(
        store
            .patient_detail(store.default_clinic().unwrap(), &b.id)
            .unwrap()
            .unwrap()
            .checkins
            .len(),
        1
    );
}

#[tokio::test]
async fn a_replayed_upload_is_stored_once_and_answers_the_same() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let body = checkin("contact_clinic", Some("same"));
    let first = server.upload(&p.token, "key-replay-01", &body).await;
    assert_eq!(first.status(), 201);
    let first: serde_json::Value = first.json().await.unwrap();
    for _ in 0..3 {
        let again = server.upload(&p.token, "key-replay-01", &body).await;
        assert_eq!(again.status(), 201);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.json::<serde_json::Value>().await.unwrap(), first);
    }
    // Same key, different body: refused, nothing stored.
    let other = checkin("urgent", Some("different"));
    assert_eq!(server.upload(&p.token, "key-replay-01", &other).await.status(), 422);
    // Photos replay too.
    for _ in 0..2 {
        assert_eq!(
            server.upload_photo(&p.token, "key-photo-rep", "image/jpeg", jpeg()).await.status(),
            201
        );
    }
    let detail = server.detail(&p.id).unwrap().unwrap();
    assert_eq!(detail.checkins.len(), 1);
    assert_eq!(detail.photos.len(), 1);
}

#[rstest]
#[case::missing(None, 400)]
#[case::too_short(Some("abc"), 400)]
#[case::traversal(Some("../../etc/passwd"), 400)]
#[case::fine(Some("\"quoted-key-1\""), 201)]
#[tokio::test]
async fn idempotency_keys_are_required_and_checked(#[case] key: Option<&str>, #[case] status: u16) {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let mut request = server
        .http
        .post(format!("{}/api/v1/checkins", server.url))
        .bearer_auth(&p.token)
        .json(&checkin("expected", None));
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    assert_eq!(request.send().await.unwrap().status(), status);
}

#[tokio::test]
async fn oversize_bodies_get_413_and_nothing_is_stored() {
    let limits = Limits { max_photo_bytes: 1024, ..Limits::default() };
    let server = Server::start_with(limits).await;
    let p = server.patient("Ann Example").await;
    let huge = checkin("watch", Some(&"x".repeat(100 * 1024)));
    assert_eq!(server.upload(&p.token, "key-huge-json", &huge).await.status(), 413);
    let mut big_photo = jpeg();
    big_photo.resize(4096, 0);
    assert_eq!(
        server.upload_photo(&p.token, "key-huge-photo", "image/jpeg", big_photo).await.status(),
        413
    );
    let detail = server.detail(&p.id).unwrap().unwrap();
    assert!(detail.checkins.is_empty() && detail.photos.is_empty());
}

#[tokio::test]
async fn a_note_over_2000_characters_is_refused_with_422() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let long = checkin("watch", Some(&"é".repeat(2001)));
    assert_eq!(server.upload(&p.token, "key-long-note", &long).await.status(), 422);
}

#[rstest]
#[case::html_as_jpeg("image/jpeg", b"<html><script>alert(1)</script></html>".to_vec())]
#[case::svg_as_jpeg("image/jpeg", b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".to_vec())]
#[case::png_as_jpeg("image/jpeg", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec())]
#[case::empty("image/jpeg", Vec::new())]
#[case::jpeg_as_html("text/html", jpeg())]
#[case::jpeg_without_type("application/octet-stream", jpeg())]
#[tokio::test]
async fn only_real_jpegs_declared_as_jpeg_are_accepted(
    #[case] content_type: &str,
    #[case] bytes: Vec<u8>,
) {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let response = server.upload_photo(&p.token, "key-photo-type", content_type, bytes).await;
    assert_eq!(response.status(), 415);
    assert!(server.detail(&p.id).unwrap().unwrap().photos.is_empty());
}

#[tokio::test]
async fn json_must_be_declared_as_json() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let response = server
        .http
        .post(format!("{}/api/v1/checkins", server.url))
        .bearer_auth(&p.token)
        .header("Idempotency-Key", "key-text-plain")
        .header("Content-Type", "text/plain")
        .body(checkin("watch", None).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
}

#[tokio::test]
async fn path_traversal_in_names_goes_nowhere() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    // A zone is a name too: only real IANA zones are accepted.
    let mut body = checkin("watch", None);
    body["zone"] = json!("../../../etc/passwd");
    assert_eq!(server.upload(&p.token, "key-zone-travers", &body).await.status(), 422);
    let response = server
        .http
        .post(format!(
            "{}/api/v1/photos?taken_at=2026-11-20T10:00:00Z&zone=..%2F..%2Fx",
            server.url
        ))
        .bearer_auth(&p.token)
        .header("Idempotency-Key", "key-photo-trav")
        .header("Content-Type", "image/jpeg")
        .body(jpeg())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    // Client-chosen names never become file names: the photo directory holds only hashes
    // (a folder per patient, named by the hash of its id, of files named by content hash).
    assert_eq!(
        server.upload_photo(&p.token, "key-photo-ok01", "image/jpeg", jpeg()).await.status(),
        201
    );
    let photo_dir = server.dir.path().join("clinic.db.photos");
    let hex = |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
    for folder in std::fs::read_dir(photo_dir).unwrap() {
        let folder = folder.unwrap();
        assert!(folder.path().is_dir() && hex(&folder.file_name().into_string().unwrap()));
        for entry in std::fs::read_dir(folder.path()).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let stem = name.strip_suffix(".jpg").unwrap();
            assert!(hex(stem), "{name}");
        }
    }
    // Traversal in API paths finds nothing.
    for path in ["/api/v1/checkins/..%2F..%2Fclinic.db", "/api/v1/checkins/../../etc/passwd"] {
        let response = server
            .http
            .get(format!("{}{path}", server.url))
            .bearer_auth(&p.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn a_flood_from_one_token_gets_429_and_others_are_unaffected() {
    let limits = Limits { device_rate: RateLimit { burst: 5, per_minute: 6 }, ..Limits::default() };
    let server = Server::start_with(limits).await;
    let flooder = server.patient("Ann Example").await;
    let other = server.patient("Bob Example").await;
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for i in 0..20 {
        let response = server
            .upload(&flooder.token, &format!("key-flood-{i:04}"), &checkin("watch", None))
            .await;
        if response.status() == 429 {
            retry_after = response.headers().get("retry-after").cloned();
        }
        statuses.push(response.status().as_u16());
    }
    assert_eq!(&statuses[..5], &[201; 5], "the burst is allowed");
    assert!(statuses[5..].iter().all(|s| *s == 429), "then refused: {statuses:?}");
    assert!(retry_after.is_some(), "429 says when to retry");
    assert_eq!(
        server.upload(&other.token, "key-other-0001", &checkin("watch", None)).await.status(),
        201
    );
}

#[tokio::test]
async fn a_json_body_nested_very_deep_is_refused_without_crashing() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let response = server
        .http
        .post(format!("{}/api/v1/checkins", server.url))
        .bearer_auth(&p.token)
        .header("Idempotency-Key", "key-deep-json1")
        .header("Content-Type", "application/json")
        .body(deep)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error());
    // The server still answers.
    assert_eq!(
        server.upload(&p.token, "key-after-deep", &checkin("watch", None)).await.status(),
        201
    );
}

#[tokio::test]
async fn guessing_invite_codes_is_rate_limited_per_address() {
    let limits =
        Limits { address_rate: RateLimit { burst: 3, per_minute: 1 }, ..Limits::default() };
    let server = Server::start_with(limits).await;
    let mut statuses = Vec::new();
    for guess in ["AAAA-AAAA-AAAA", "BBBB-BBBB-BBBB", "CCCC-CCCC-CCCC", "DDDD-DDDD-DDDD"] {
        statuses.push(server.enroll_raw(guess).await.status().as_u16());
    }
    assert_eq!(statuses, vec![404, 404, 404, 429]);
}

/// Uploads are group-committed; concurrent requests, including the same key sent twice at
/// once, must still each be stored exactly once with one answer per key.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_uploads_and_concurrent_retries_are_stored_exactly_once() {
    let server = std::sync::Arc::new(Server::start().await);
    let mut patients = Vec::new();
    for i in 0..3 {
        patients.push(server.patient(&format!("Patient {i}")).await);
    }
    let mut set = tokio::task::JoinSet::new();
    for (p, patient) in patients.iter().enumerate() {
        for n in 0..10 {
            let key = format!("key-conc-{p}-{n:04}");
            let body = checkin("watch", Some(&key));
            for _copy in 0..2 {
                let server = std::sync::Arc::clone(&server);
                let token = patient.token.clone();
                let (key, body) = (key.clone(), body.clone());
                set.spawn(async move {
                    let response = server.upload(&token, &key, &body).await;
                    let status = response.status().as_u16();
                    let ack: serde_json::Value = response.json().await.unwrap();
                    (key, status, ack)
                });
            }
        }
    }
    let mut answers: std::collections::HashMap<String, serde_json::Value> = Default::default();
    while let Some(joined) = set.join_next().await {
        let (key, status, ack) = joined.unwrap();
        assert_eq!(status, 201, "{ack}");
        if let Some(first) = answers.insert(key.clone(), ack.clone()) {
            assert_eq!(first, ack, "both copies of {key} got the same answer");
        }
    }
    assert_eq!(answers.len(), 30);
    for patient in &patients {
        assert_eq!(server.detail(&patient.id).unwrap().unwrap().checkins.len(), 10);
    }
}
