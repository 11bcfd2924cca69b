//! Review M8: every portal route checked against every role. Clinicians get patient data and
//! nothing else; admins get the audit log and no patient data; anonymous visitors get the
//! login page. A refused request changes nothing and reads nothing.

use clinic::store::Role;

use crate::harness::{ADMIN_EMAIL, Portal, STAFF_EMAIL, Server, checkin, jpeg};

#[derive(Clone, Copy, Debug)]
enum Who {
    Anonymous,
    Clinician,
    Admin,
}

async fn call(portal: &Portal, method: &str, path: &str, csrf: &str) -> u16 {
    let response = match method {
        "GET" => portal.get(path).await,
        _ => portal.post(path, &[("csrf", csrf), ("note", "noted"), ("name", "New Patient")]).await,
    };
    response.status().as_u16()
}

#[tokio::test]
async fn every_route_answers_each_role_as_its_role_allows() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let ack_id = server.checkin_id(&p.token, "key-roles-001", &checkin("urgent", None)).await;
    assert_eq!(
        server.upload_photo(&p.token, "key-roles-002", "image/jpeg", jpeg()).await.status(),
        201
    );
    let photo = server.detail(&p.id).unwrap().unwrap().photos[0].id.clone();
    let clinician = server.staff().await;
    let admin = server.admin().await;
    let anonymous = server.portal();
    // An account for the staff page's actions (not logged in: ending its sessions or removing
    // it leaves the matrix's own browsers alone).
    server.add_staff_as("other@example.org", Role::Clinician);
    let other = server.store().staff_by_email("other@example.org").unwrap().unwrap().id;
    let clinician_csrf = clinician.csrf().await;
    let admin_csrf = crate::harness::csrf_in(&admin.page("/audit").await);

    let id = &p.id;
    let checkin_id = ack_id.as_str();
    // (method, path, clinician, admin); anonymous always goes to the login page (303).
    let matrix: Vec<(&str, String, u16, u16)> = vec![
        ("GET", "/".into(), 303, 303),
        ("GET", "/patients".into(), 200, 403),
        ("POST", "/patients".into(), 201, 403),
        ("GET", format!("/patients/{id}"), 200, 403),
        ("GET", format!("/patients/{id}/fhir"), 200, 403),
        ("GET", format!("/patients/{id}/photos/{photo}"), 200, 403),
        ("POST", format!("/patients/{id}/checkins/{checkin_id}/handled"), 303, 403),
        ("POST", format!("/patients/{id}/devices/{}/revoke", p.device_id), 303, 403),
        ("GET", "/audit".into(), 403, 200),
        // The urgent check-in above made alert 1.
        ("GET", "/alerts".into(), 200, 403),
        ("GET", "/alerts/1".into(), 303, 403),
        ("POST", "/alerts/1/acknowledge".into(), 303, 403),
        ("GET", "/staff".into(), 403, 200),
        ("POST", format!("/staff/{other}/end-sessions"), 403, 303),
        ("POST", format!("/staff/{other}/reset-mfa"), 403, 303),
        ("POST", format!("/staff/{other}/disable"), 403, 303),
        ("POST", format!("/staff/{other}/enable"), 403, 303),
        // The matrix's form has no password: the rules refuse an empty one.
        ("POST", format!("/staff/{other}/password"), 403, 422),
        ("POST", format!("/staff/{other}/remove"), 403, 303),
    ];
    // Admins first: their refusals must leave the data for the clinician's turn untouched.
    for who in [Who::Anonymous, Who::Admin, Who::Clinician] {
        for (method, path, as_clinician, as_admin) in &matrix {
            let (portal, csrf, expected) = match who {
                Who::Anonymous => (&anonymous, "", 303),
                Who::Clinician => (&clinician, clinician_csrf.as_str(), *as_clinician),
                Who::Admin => (&admin, admin_csrf.as_str(), *as_admin),
            };
            let status = call(portal, method, path, csrf).await;
            assert_eq!(status, expected, "{who:?} {method} {path}");
        }
        if let Who::Admin = who {
            // Nothing the admin tried reached patient data.
            let detail = server.detail(id).unwrap().unwrap();
            assert!(detail.checkins[0].notes.is_empty());
            assert!(detail.devices[0].revoked_at.is_none());
            let entries = server.store().audit_entries(1000).unwrap();
            assert!(
                entries.iter().filter(|e| e.actor == ADMIN_EMAIL).all(|e| e.patient_id.is_none()),
                "{entries:?}"
            );
        }
    }
    // The root sends each role home.
    assert_eq!(clinician.get("/").await.headers()["location"], "/patients");
    assert_eq!(admin.get("/").await.headers()["location"], "/audit");
    // Logout works for every role.
    assert_eq!(admin.post("/logout", &[("csrf", &admin_csrf)]).await.status(), 303);
    assert_eq!(clinician.post("/logout", &[("csrf", &clinician_csrf)]).await.status(), 303);
}

#[tokio::test]
async fn a_role_change_ends_sessions_and_takes_effect_at_the_next_login() {
    let server = Server::start().await;
    let clinician = server.staff().await;
    assert_eq!(clinician.get("/patients").await.status(), 200);
    server.store().grant_staff(server.clinic(), STAFF_EMAIL, Role::Admin).unwrap();
    assert_eq!(clinician.get("/patients").await.status(), 303, "session ended");
    let again = server.portal();
    let response = again.login(STAFF_EMAIL, crate::harness::STAFF_PASSWORD).await;
    assert_eq!(response.headers()["location"], "/audit");
    assert_eq!(again.get("/patients").await.status(), 403);
    assert_eq!(again.get("/audit").await.status(), 200);
}
