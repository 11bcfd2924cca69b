//! The staff portal: access, CSRF, escaping, ordering, handled flags, FHIR and audit.

use clinic::state::Limits;
use rstest::rstest;

use crate::harness::{STAFF_EMAIL, STAFF_PASSWORD, Server, checkin, jpeg};

#[rstest]
#[case("/")]
#[case("/patients")]
#[case("/patients/00000000-0000-4000-8000-000000000000")]
#[case("/patients/x/fhir")]
#[case("/patients/x/photos/y")]
#[case("/audit")]
#[tokio::test]
async fn anonymous_visitors_are_sent_to_login(#[case] path: &str) {
    let server = Server::start().await;
    let response = server.portal().get(path).await;
    assert_eq!(response.status(), 303, "{path}");
    assert_eq!(response.headers()["location"], "/login");
}

#[tokio::test]
async fn anonymous_posts_are_sent_to_login_and_change_nothing() {
    let server = Server::start().await;
    let response = server.portal().post("/patients", &[("name", "Mallory")]).await;
    assert_eq!(response.status(), 303);
    assert!(server.summaries().unwrap().is_empty());
}

#[tokio::test]
async fn session_cookie_has_the_safe_flags() {
    for secure in [false, true] {
        let server =
            Server::start_with(Limits { secure_cookies: secure, ..Limits::default() }).await;
        server.add_staff();
        // The session cookie comes with the password step (it opens only the code page).
        let response = server.portal().password_login(STAFF_EMAIL, STAFF_PASSWORD).await;
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|v| v.contains("clinic_session="))
            .expect("session cookie");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
        assert_eq!(cookie.contains("Secure"), secure, "{cookie}");
        // Review M1: over HTTPS the name binds it to this exact origin and path.
        assert_eq!(cookie.starts_with("__Host-clinic_session="), secure, "{cookie}");
    }
}

#[tokio::test]
async fn forms_without_the_right_csrf_token_are_refused() {
    let server = Server::start().await;
    let staff = server.staff().await;
    assert_eq!(staff.post("/patients", &[("name", "No Token")]).await.status(), 403);
    let wrong = "0".repeat(64);
    assert_eq!(
        staff.post("/patients", &[("name", "Bad Token"), ("csrf", &wrong)]).await.status(),
        403
    );
    assert_eq!(staff.post("/logout", &[]).await.status(), 403);
    assert!(server.summaries().unwrap().is_empty());
    // With the page's token it works.
    let csrf = staff.csrf().await;
    let response = staff.post("/patients", &[("name", "Good Token"), ("csrf", &csrf)]).await;
    assert_eq!(response.status(), 201);
    let page = response.text().await.unwrap();
    assert!(page.contains("<svg"), "the invite page shows a QR code");
    assert_eq!(server.summaries().unwrap().len(), 1);
}

#[tokio::test]
async fn login_itself_needs_its_csrf_token() {
    let server = Server::start().await;
    server.add_staff();
    let portal = server.portal();
    let response =
        portal.post("/login", &[("email", STAFF_EMAIL), ("password", STAFF_PASSWORD)]).await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while() {
    let server = Server::start().await;
    server.add_staff();
    let portal = server.portal();
    for _ in 0..5 {
        assert_eq!(portal.login(STAFF_EMAIL, "wrong password!").await.status(), 401);
    }
    // Locked now: even the right password is not checked.
    assert_eq!(portal.login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 429);
    // Unknown emails are throttled the same way (no account enumeration).
    for _ in 0..5 {
        assert_eq!(portal.login("ghost@example.org", "whatever!!").await.status(), 401);
    }
    assert_eq!(portal.login("ghost@example.org", "whatever!!").await.status(), 429);
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let server = Server::start().await;
    let staff = server.staff().await;
    let csrf = staff.csrf().await;
    assert_eq!(staff.post("/logout", &[("csrf", &csrf)]).await.status(), 303);
    assert_eq!(staff.get("/patients").await.status(), 303);
    let actions: Vec<String> =
        server.store().audit_entries(100).unwrap().into_iter().rev().map(|e| e.action).collect();
    assert_eq!(
        actions,
        ["login_password_ok", "mfa_ok", "login", "list_patients", "logout"],
        "nothing read after logout"
    );
}

const SQL: &str = "'); DROP TABLE checkins;--";
const SCRIPT: &str = "<img src=x onerror=alert(1)><script>alert('x')</script>";

#[tokio::test]
async fn hostile_text_is_stored_verbatim_and_rendered_escaped() {
    let server = Server::start().await;
    let name = format!("Eve {SCRIPT}");
    let p = server.patient(&name).await;
    let note = format!("{SQL} {SCRIPT} \u{202e}rtl");
    assert_eq!(
        server.upload(&p.token, "key-hostile-01", &checkin("urgent", Some(&note))).await.status(),
        201
    );
    let detail = server.detail(&p.id).unwrap().unwrap();
    assert_eq!(detail.checkins[0].note.as_deref(), Some(note.as_str()), "stored verbatim");
    assert_eq!(detail.name, name);

    let staff = server.staff().await;
    let csrf = staff.csrf().await;
    let handled_note = format!("called back {SCRIPT} {SQL}");
    let checkin_id = &detail.checkins[0].id;
    let response = staff
        .post(
            &format!("/patients/{}/checkins/{checkin_id}/handled", p.id),
            &[("csrf", &csrf), ("note", &handled_note)],
        )
        .await;
    assert_eq!(response.status(), 303);

    for path in ["/patients".to_owned(), format!("/patients/{}", p.id)] {
        let page = staff.page(&path).await;
        assert!(!page.contains("<script"), "{path} has a raw script tag");
        assert!(!page.contains("<img src=x"), "{path} has a raw img tag");
        assert!(page.contains("&lt;script&gt;"), "{path} shows the text escaped");
    }
    let page = staff.page(&format!("/patients/{}", p.id)).await;
    assert!(page.contains("DROP TABLE checkins;--"));
    // The table survived, of course.
    assert_eq!(server.detail(&p.id).unwrap().unwrap().checkins.len(), 1);
}

#[tokio::test]
async fn patients_with_the_most_urgent_unresolved_check_in_come_first() {
    let server = Server::start().await;
    let quiet = server.patient("Quiet Patient").await;
    let watch = server.patient("Watch Patient").await;
    let urgent = server.patient("Urgent Patient").await;
    let fine = server.patient("Fine Patient").await;
    let _ = quiet;
    server.upload(&watch.token, "key-w-000001", &checkin("watch", None)).await;
    server.upload(&fine.token, "key-f-000001", &checkin("expected", None)).await;
    let ack_id = server.checkin_id(&urgent.token, "key-u-000001", &checkin("urgent", None)).await;

    let staff = server.staff().await;
    let order = |page: &str| -> Vec<usize> {
        ["Urgent Patient", "Watch Patient", "Fine Patient", "Quiet Patient"]
            .iter()
            .map(|n| page.find(n).unwrap())
            .collect()
    };
    let page = staff.page("/patients").await;
    let at = order(&page);
    assert!(at[0] < at[1] && at[1] < at[2] && at[2] < at[3], "{at:?}");

    // Once the urgent flag is handled, that patient drops below the watch one.
    let csrf = staff.csrf().await;
    let path = format!("/patients/{}/checkins/{}/handled", urgent.id, ack_id);
    assert_eq!(staff.post(&path, &[("csrf", &csrf), ("note", "called")]).await.status(), 303);
    let page = staff.page("/patients").await;
    assert!(page.find("Watch Patient").unwrap() < page.find("Urgent Patient").unwrap());
}

#[tokio::test]
async fn a_check_in_of_another_patient_cannot_be_handled_through_the_wrong_page() {
    let server = Server::start().await;
    let a = server.patient("Ann Example").await;
    let b = server.patient("Bob Example").await;
    let ack_id = server.checkin_id(&a.token, "key-a-000002", &checkin("urgent", None)).await;
    let staff = server.staff().await;
    let csrf = staff.csrf().await;
    let path = format!("/patients/{}/checkins/{}/handled", b.id, ack_id);
    assert_eq!(staff.post(&path, &[("csrf", &csrf), ("note", "x")]).await.status(), 404);
}

#[tokio::test]
async fn patient_page_shows_levels_chart_photos_and_serves_photos_safely() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    server.upload(&p.token, "key-c-000001", &checkin("watch", None)).await;
    server.upload(&p.token, "key-c-000002", &checkin("contact_clinic", None)).await;
    server.upload_photo(&p.token, "key-p-000001", "image/jpeg", jpeg()).await;
    let staff = server.staff().await;
    let page = staff.page(&format!("/patients/{}", p.id)).await;
    assert!(page.contains("contact clinic") && page.contains("watch"));
    assert!(page.contains("<svg") && page.contains("polyline"), "trend chart");
    let photo = server.detail(&p.id).unwrap().unwrap().photos[0].clone();
    let src = format!("/patients/{}/photos/{}", p.id, photo.id);
    assert!(page.contains(&src));
    let response = staff.get(&src).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(response.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(response.bytes().await.unwrap().to_vec(), jpeg());
    // Another patient's path does not reach the photo.
    let other = server.patient("Bob Example").await;
    assert_eq!(
        staff.get(&format!("/patients/{}/photos/{}", other.id, photo.id)).await.status(),
        404
    );
    assert_eq!(
        staff.get(&format!("/patients/{}/photos/..%2F..%2Fclinic.db", p.id)).await.status(),
        404
    );
}

#[tokio::test]
async fn fhir_bundle_has_patient_procedure_and_coded_observations() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    server.upload(&p.token, "key-c-000003", &checkin("watch", None)).await;
    let session = serde_json::json!({ "performed_at": "2026-11-18T14:00:00Z", "zone": "UTC", "depth_mm": 0.5 });
    server
        .http
        .post(format!("{}/api/v1/sessions", server.url))
        .bearer_auth(&p.token)
        .header("Idempotency-Key", "key-s-000003")
        .json(&session)
        .send()
        .await
        .unwrap();
    let staff = server.staff().await;
    let response = staff.get(&format!("/patients/{}/fhir", p.id)).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/fhir+json");
    let bundle: serde_json::Value = response.json().await.unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
    let resources: Vec<&serde_json::Value> =
        bundle["entry"].as_array().unwrap().iter().map(|e| &e["resource"]).collect();
    let kinds: Vec<&str> = resources.iter().map(|r| r["resourceType"].as_str().unwrap()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "Patient").count(), 1);
    assert_eq!(kinds.iter().filter(|k| **k == "Procedure").count(), 1);
    let codes: Vec<&str> = resources
        .iter()
        .filter(|r| r["resourceType"] == "Observation")
        .map(|r| r["code"]["coding"][0]["code"].as_str().unwrap())
        .collect();
    for code in ["72514-3", "8310-5", "247441003", "267038008", "418290006"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
}

#[tokio::test]
async fn every_read_of_patient_data_is_audited_and_visible_to_staff() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    server.upload_photo(&p.token, "key-p-000009", "image/jpeg", jpeg()).await;
    let photo_id = server.detail(&p.id).unwrap().unwrap().photos[0].id.clone();
    let staff = server.staff().await;
    staff.page("/patients").await;
    staff.page(&format!("/patients/{}", p.id)).await;
    staff.get(&format!("/patients/{}/fhir", p.id)).await;
    staff.get(&format!("/patients/{}/photos/{photo_id}", p.id)).await;
    let entries: Vec<_> = server
        .store()
        .audit_entries(100)
        .unwrap()
        .into_iter()
        .filter(|e| {
            e.staff_id.is_some()
                && !matches!(e.action.as_str(), "login" | "login_password_ok" | "mfa_ok")
        })
        .collect();
    let actions: Vec<(&str, Option<&str>)> =
        entries.iter().rev().map(|e| (e.action.as_str(), e.patient_id.as_deref())).collect();
    assert_eq!(
        actions,
        vec![
            ("list_patients", None),
            ("view_patient", Some(p.id.as_str())),
            ("export_fhir", Some(p.id.as_str())),
            ("view_photo", Some(p.id.as_str())),
        ]
    );
    assert!(entries.iter().all(|e| e.actor == STAFF_EMAIL));
    let page = server.admin().await.page("/audit").await;
    assert!(page.contains("export_fhir") && page.contains(STAFF_EMAIL));
}

#[tokio::test]
async fn staff_can_stop_a_device_sharing() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let staff = server.staff().await;
    let csrf = staff.csrf().await;
    let path = format!("/patients/{}/devices/{}/revoke", p.id, p.device_id);
    assert_eq!(staff.post(&path, &[("csrf", &csrf)]).await.status(), 303);
    assert_eq!(
        server.upload(&p.token, "key-revoked-1", &checkin("watch", None)).await.status(),
        401
    );
}

#[tokio::test]
async fn an_idle_session_ends_after_the_timeout() {
    let server = Server::start().await;
    let staff = server.staff().await;
    assert_eq!(staff.get("/patients").await.status(), 200);
    // Age the session as if 16 minutes had passed since its last request.
    let past = (chrono::Utc::now() - chrono::Duration::minutes(16))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    server.raw().execute("UPDATE staff_sessions SET last_seen_at = ?1", &[&past]).unwrap();
    let response = staff.get("/patients").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/login");
    let left = server.raw().number("SELECT count(*) FROM staff_sessions", &[]);
    assert_eq!(left, Some(0), "the dead session is deleted");
}
