//! Review M5: a device ends its own access (`DELETE /api/v1/device`), tokens expire after
//! `--device-idle-days` unused, last use is recorded and shown to staff with how access ended.

use chrono::{Duration, SecondsFormat, Utc};
use clinic::api::wire::EnrollResponse;
use clinic::secrets::{self, normalize_invite, sha256_hex};
use clinic::state::Limits;
use clinic::store::{DeviceEnd, NewInvite};

use crate::harness::{Patient, Server, checkin, jpeg};

async fn unlink(server: &Server, token: &str) -> reqwest::Response {
    server
        .http
        .delete(format!("{}{}", server.url, share_api::DEVICE_PATH))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// A second phone of the same patient, enrolled with a fresh invite.
async fn second_device(server: &Server, patient: &Patient) -> Patient {
    let code = secrets::invite_code().unwrap();
    let now = Utc::now();
    let invite = NewInvite {
        code_hash: sha256_hex(normalize_invite(&code).unwrap()),
        patient_id: patient.id.clone(),
        now,
        expires_at: now + Duration::hours(1),
    };
    assert!(server.store().add_invite(server.clinic(), &invite).unwrap());
    let response = server.enroll_raw(&code).await;
    assert_eq!(response.status(), 201);
    let body: EnrollResponse = response.json().await.unwrap();
    assert_eq!(body.patient_id, patient.id);
    Patient { id: body.patient_id, device_id: body.device_id, token: body.token }
}

/// Moves a device's last use (and enrollment) `days` into the past, as time passing would.
fn idle_for(server: &Server, device_id: &str, days: i64) {
    let past = (Utc::now() - Duration::days(days)).to_rfc3339_opts(SecondsFormat::Millis, true);
    let changed = server
        .raw()
        .execute(
            "UPDATE devices SET last_used_at = ?1, created_at = ?1 WHERE id = ?2",
            &[&past, device_id],
        )
        .unwrap();
    assert_eq!(changed, 1);
}

fn ends(server: &Server, patient_id: &str) -> Vec<(String, Option<DeviceEnd>)> {
    let detail = server.detail(patient_id).unwrap().unwrap();
    detail.devices.into_iter().map(|d| (d.id, d.revoked_by)).collect()
}

#[tokio::test]
async fn after_unlink_every_upload_is_refused_and_the_data_stays() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    assert_eq!(
        server.upload(&p.token, "key-before-unlink", &checkin("watch", None)).await.status(),
        201
    );

    let response = unlink(&server, &p.token).await;
    assert_eq!(response.status(), 204);
    assert!(response.bytes().await.unwrap().is_empty());

    assert_eq!(
        server.upload(&p.token, "key-after-unlink", &checkin("watch", None)).await.status(),
        401
    );
    assert_eq!(
        server.upload_to(2, &p.token, "key-after-unlink2", &checkin("watch", None)).await.status(),
        401
    );
    let photo = server.upload_photo(&p.token, "key-photo-after", "image/jpeg", jpeg()).await;
    assert_eq!(photo.status(), 401);
    let session = server
        .http
        .post(format!("{}/api/v1/sessions", server.url))
        .bearer_auth(&p.token)
        .header("Idempotency-Key", "key-session-after")
        .json(
            &serde_json::json!({ "performed_at": "2026-11-18T14:00:00Z", "zone": "Europe/London" }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(session.status(), 401);
    assert_eq!(server.detail(&p.id).unwrap().unwrap().checkins.len(), 1, "kept");
    assert_eq!(ends(&server, &p.id), [(p.device_id.clone(), Some(DeviceEnd::Patient))]);

    let audit = server.store().audit_entries(100).unwrap();
    let row = audit.iter().find(|e| e.action == "device_unlinked").expect("audited");
    assert_eq!(row.actor, "device");
    assert_eq!(row.subject.as_deref(), Some(p.device_id.as_str()));
    assert_eq!(row.patient_id.as_deref(), Some(p.id.as_str()));
    assert_eq!(row.address.as_deref(), Some("127.0.0.1"), "the client address, as for staff");
}

#[tokio::test]
async fn unlinking_twice_gets_401_the_second_time_and_changes_nothing() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    assert_eq!(unlink(&server, &p.token).await.status(), 204);
    let first = server.detail(&p.id).unwrap().unwrap().devices[0].revoked_at;
    let again = unlink(&server, &p.token).await;
    assert_eq!(again.status(), 401);
    assert_eq!(again.headers()["www-authenticate"], "Bearer");
    assert_eq!(server.detail(&p.id).unwrap().unwrap().devices[0].revoked_at, first);
    let unlinked = server
        .store()
        .audit_entries(100)
        .unwrap()
        .iter()
        .filter(|e| e.action == "device_unlinked")
        .count();
    assert_eq!(unlinked, 1);
    // Unknown and malformed tokens: the same 401.
    assert_eq!(unlink(&server, &"ab".repeat(32)).await.status(), 401);
    assert_eq!(unlink(&server, "not a token").await.status(), 401);
    let bare = server.http.delete(format!("{}/api/v1/device", server.url)).send().await.unwrap();
    assert_eq!(bare.status(), 401);
}

#[tokio::test]
async fn unlinking_one_phone_leaves_the_patients_other_phone_working() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let other = second_device(&server, &p).await;
    assert_eq!(unlink(&server, &p.token).await.status(), 204);
    assert_eq!(
        server.upload(&p.token, "key-first-phone", &checkin("watch", None)).await.status(),
        401
    );
    assert_eq!(
        server.upload(&other.token, "key-other-phone", &checkin("watch", None)).await.status(),
        201
    );
    assert_eq!(
        ends(&server, &p.id),
        [(p.device_id.clone(), Some(DeviceEnd::Patient)), (other.device_id.clone(), None)]
    );
}

#[tokio::test]
async fn a_token_unused_past_the_idle_limit_is_refused_and_stays_refused() {
    let limits = Limits { device_idle_days: 30, ..Limits::default() };
    let server = Server::start_with(limits).await;
    let p = server.patient("Ann Example").await;
    let recent = second_device(&server, &p).await;
    idle_for(&server, &p.device_id, 31);
    idle_for(&server, &recent.device_id, 29);

    assert_eq!(
        server.upload(&p.token, "key-idle-device", &checkin("watch", None)).await.status(),
        401
    );
    assert_eq!(
        server.upload(&recent.token, "key-recent-dev", &checkin("watch", None)).await.status(),
        201
    );
    assert_eq!(
        ends(&server, &p.id),
        [(p.device_id.clone(), Some(DeviceEnd::Expired)), (recent.device_id.clone(), None)]
    );
    // The use just now was recorded: the recent phone's idle clock started again.
    let detail = server.detail(&p.id).unwrap().unwrap();
    assert!(Utc::now() - detail.devices[1].last_used_at < Duration::minutes(1));
    let audit = server.store().audit_entries(100).unwrap();
    assert!(audit.iter().any(|e| e.action == "device_expired"
        && e.subject.as_deref() == Some(p.device_id.as_str())
        && e.address.as_deref() == Some("127.0.0.1")));

    // Expiry is written down: a server started with a longer limit does not bring it back.
    let (dir, db) = server.stop().await;
    let limits = Limits { device_idle_days: 365, ..Limits::default() };
    let server = Server::start_on(dir, db, limits, clinic::Operations::default()).await;
    assert_eq!(
        server.upload(&p.token, "key-idle-again", &checkin("watch", None)).await.status(),
        401
    );
    assert_eq!(unlink(&server, &p.token).await.status(), 401, "already ended");
}

#[tokio::test]
async fn last_use_is_written_once_per_interval_not_per_request() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let stored = || {
        server
            .raw()
            .text("SELECT last_used_at FROM devices WHERE id = ?1", &[&p.device_id])
            .unwrap()
    };
    let enrolled = stored();
    assert_eq!(
        server.upload(&p.token, "key-interval-1", &checkin("watch", None)).await.status(),
        201
    );
    assert_eq!(stored(), enrolled, "within the interval of the enrollment: no write");
    idle_for(&server, &p.device_id, 2);
    let old = stored();
    assert_eq!(
        server.upload(&p.token, "key-interval-2", &checkin("watch", None)).await.status(),
        201
    );
    let touched = stored();
    assert!(touched > old, "{touched} after {old}");
    assert_eq!(
        server.upload(&p.token, "key-interval-3", &checkin("watch", None)).await.status(),
        201
    );
    assert_eq!(stored(), touched);
}

#[tokio::test]
async fn the_patient_page_shows_last_use_and_how_each_access_ended() {
    let limits = Limits { device_idle_days: 30, ..Limits::default() };
    let server = Server::start_with(limits).await;
    let p = server.patient("Ann Example").await;
    let by_staff = second_device(&server, &p).await;
    let idle = second_device(&server, &p).await;
    let active = second_device(&server, &p).await;
    assert_eq!(unlink(&server, &p.token).await.status(), 204);
    assert!(
        server
            .store()
            .revoke_device(server.clinic(), &p.id, &by_staff.device_id, Utc::now())
            .unwrap()
    );
    idle_for(&server, &idle.device_id, 45);
    let last_use = Utc::now() - Duration::days(45);

    let staff = server.staff().await;
    let page = staff.page(&format!("/patients/{}", p.id)).await;
    assert!(page.contains("unlinked by the patient "), "{page}");
    assert!(page.contains("revoked by staff "), "{page}");
    // Not yet refused (no request since), but past the limit: shown as expired already.
    assert!(page.contains("expired (unused too long)"), "{page}");
    assert!(page.contains(&format!("last used {}", last_use.format("%Y-%m-%d"))), "{page}");
    assert_eq!(page.matches("last used ").count(), 4);
    // Only the active device can still be stopped.
    assert_eq!(page.matches("Stop sharing").count(), 1);
    let _ = active;
}
