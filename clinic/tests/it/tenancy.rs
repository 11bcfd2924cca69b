//! Review M8: two clinics on one server. Every API and portal route is tried with the other
//! clinic's patient ids, check-in, photo and device ids, device tokens, invites and staff
//! sessions; each is refused with 404 (never 403: another clinic's ids do not exist for you),
//! changes nothing, and nothing of the other clinic shows in any page, export or audit page.

use clinic::api::wire::EnrollResponse;
use clinic::store::{ClinicId, ClinicSettings, NewInvite, Role};
use serde_json::json;

use crate::harness::{Patient, Portal, STAFF_PASSWORD, Server, checkin, jpeg};

/// One clinic's people and data, with markers that must never cross to the other clinic.
struct Side {
    clinic: ClinicId,
    patient: Patient,
    name: String,
    note: String,
    checkin: String,
    photo: String,
    nurse_email: String,
    admin_email: String,
    nurse: Portal,
    admin: Portal,
}

async fn side(server: &Server, clinic: ClinicId, tag: &str) -> Side {
    let name = format!("Patient {tag}namemarker");
    let note = format!("{tag}-notemarker");
    let invite = server.invite_in(clinic, &name);
    let response = server.enroll_raw(&invite.code).await;
    assert_eq!(response.status(), 201);
    let body: EnrollResponse = response.json().await.unwrap();
    let patient = Patient { id: body.patient_id, device_id: body.device_id, token: body.token };
    let ack_id = server
        .checkin_id(&patient.token, &format!("key-{tag}-checkin"), &checkin("urgent", Some(&note)))
        .await;
    let photo_key = format!("key-{tag}-photo1");
    assert_eq!(
        server.upload_photo(&patient.token, &photo_key, "image/jpeg", jpeg()).await.status(),
        201
    );
    let session = json!({ "performed_at": "2026-11-18T14:00:00Z", "zone": "Europe/London",
                          "depth_mm": 1.0, "area": format!("{tag}-areamarker") });
    let sent = server
        .http
        .post(format!("{}/api/v1/sessions", server.url))
        .bearer_auth(&patient.token)
        .header("Idempotency-Key", format!("key-{tag}-session"))
        .json(&session)
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 201);
    let detail = server.store().patient_detail(clinic, &patient.id).unwrap().unwrap();
    let (nurse_email, admin_email) =
        (format!("nurse@{tag}.example"), format!("admin@{tag}.example"));
    server.add_staff_in(clinic, &nurse_email, Role::Clinician);
    server.add_staff_in(clinic, &admin_email, Role::Admin);
    Side {
        clinic,
        checkin: ack_id.clone(),
        photo: detail.photos[0].id.clone(),
        nurse: server.logged_in(&nurse_email).await,
        admin: server.logged_in(&admin_email).await,
        patient,
        name,
        note,
        nurse_email,
        admin_email,
    }
}

async fn two_clinics() -> (Server, Side, Side) {
    let server = Server::start().await;
    let north = ClinicSettings { name: "North Clinic".into(), ..ClinicSettings::default() };
    let b_clinic = server.store().add_clinic("north", &north, chrono::Utc::now()).unwrap();
    let a = side(&server, server.clinic(), "alpha").await;
    let b = side(&server, b_clinic, "beta").await;
    (server, a, b)
}

/// Every route of `me`'s staff, aimed at `other`'s things, answers 404.
async fn portal_refuses(me: &Side, other: &Side) {
    let csrf = me.nurse.csrf().await;
    let (mine, theirs) = (&me.patient.id, &other.patient.id);
    let gets = [
        format!("/patients/{theirs}"),
        format!("/patients/{theirs}/fhir"),
        format!("/patients/{theirs}/photos/{}", other.photo),
        // Their photo under my patient's id.
        format!("/patients/{mine}/photos/{}", other.photo),
    ];
    for path in &gets {
        let response = me.nurse.get(path).await;
        assert_eq!(response.status(), 404, "{} GET {path}", me.nurse_email);
        let body = response.text().await.unwrap();
        assert!(!body.contains(&other.name) && !body.contains(&other.note), "{path}: {body}");
    }
    let posts = [
        format!("/patients/{theirs}/checkins/{}/handled", other.checkin),
        format!("/patients/{mine}/checkins/{}/handled", other.checkin),
        format!("/patients/{theirs}/devices/{}/revoke", other.patient.device_id),
        format!("/patients/{mine}/devices/{}/revoke", other.patient.device_id),
    ];
    for path in &posts {
        let status = me.nurse.post(path, &[("csrf", &csrf), ("note", "crossed")]).await.status();
        assert_eq!(status, 404, "{} POST {path}", me.nurse_email);
    }
    // The switcher will not move a session into a clinic its account does not work for.
    let other_id = other.clinic.get().to_string();
    let status = me.nurse.post("/clinic", &[("csrf", &csrf), ("clinic", &other_id)]).await.status();
    assert_eq!(status, 404);
    let admin_csrf = crate::harness::csrf_in(&me.admin.page("/audit").await);
    let status = me.admin.post("/clinic", &[("csrf", &admin_csrf), ("clinic", &other_id)]).await;
    assert_eq!(status.status(), 404);

    // Their urgent check-in's alert: not listed for me, not openable, not acknowledgeable.
    let alerts = me.nurse.page("/alerts").await;
    assert!(alerts.contains(&me.name) && !alerts.contains(&other.name), "{alerts}");
    let theirs_page = other.nurse.page("/alerts").await;
    let alert = theirs_page.split("id=\"alert-").nth(1).and_then(|t| t.split('"').next()).unwrap();
    assert!(!alerts.contains(&format!("id=\"alert-{alert}\"")), "alert {alert} listed");
    let status = me.nurse.get(&format!("/alerts/{alert}")).await.status();
    assert_eq!(status, 404, "{} opens alert {alert}", me.nurse_email);
    let path = format!("/alerts/{alert}/acknowledge");
    let status = me.nurse.post(&path, &[("csrf", &csrf)]).await.status();
    assert_eq!(status, 404, "{} acknowledges alert {alert}", me.nurse_email);
    assert!(other.nurse.page("/alerts").await.contains("Acknowledge"), "still open for them");

    // My pages and exports show my clinic only.
    let list = me.nurse.page("/patients").await;
    assert!(list.contains(&me.name) && !list.contains(&other.name), "{list}");
    let export = me.nurse.page(&format!("/patients/{mine}/fhir")).await;
    for marker in [&other.name, &other.note, &other.patient.id, &other.photo] {
        assert!(!export.contains(marker.as_str()), "FHIR export holds {marker}");
    }
    let audit = me.admin.page("/audit").await;
    for marker in [&other.patient.id, &other.nurse_email, &other.admin_email, &other.checkin] {
        assert!(!audit.contains(marker.as_str()), "audit page holds {marker}");
    }
    assert!(audit.contains(&me.nurse_email), "my clinic's own rows are there");
}

/// `me`'s device token, aimed at `other`'s check-in, is "not found".
async fn api_refuses(server: &Server, me: &Side, other: &Side) {
    let response = server
        .http
        .get(format!("{}/api/v1/checkins/{}", server.url, other.checkin))
        .bearer_auth(&me.patient.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    // A body cannot name a patient or a clinic: such an upload is refused outright, and an
    // upload with my token lands with my patient, in my clinic.
    let mut body = checkin("watch", Some("crossing"));
    body["patient_id"] = json!(other.patient.id);
    body["clinic_id"] = json!(other.clinic.get());
    let key = format!("key-cross-{}", me.patient.device_id);
    assert!(server.upload(&me.patient.token, &key, &body).await.status().is_client_error());
    let plain = checkin("watch", Some("crossing"));
    let key = format!("{key}-2");
    assert_eq!(server.upload(&me.patient.token, &key, &plain).await.status(), 201);
}

#[tokio::test]
async fn two_clinics_on_one_server_cannot_see_each_others_anything() {
    let (server, a, b) = two_clinics().await;
    for (me, other) in [(&a, &b), (&b, &a)] {
        portal_refuses(me, other).await;
        api_refuses(&server, me, other).await;
    }
    // Nothing either side tried changed the other: no notes, no revoked device, and each
    // patient holds exactly its own two check-ins (its own and its "crossing" upload).
    let store = server.store();
    for side in [&a, &b] {
        let detail = store.patient_detail(side.clinic, &side.patient.id).unwrap().unwrap();
        assert_eq!(detail.checkins.len(), 2);
        assert!(detail.checkins.iter().all(|c| c.notes.is_empty()));
        assert!(detail.devices.iter().all(|d| d.revoked_at.is_none()));
        assert_eq!(store.patient_summaries(side.clinic).unwrap().len(), 1);
    }
    // The store itself: another clinic's patient is not found, and gets no invite.
    assert!(store.patient_detail(a.clinic, &b.patient.id).unwrap().is_none());
    assert!(store.photo(a.clinic, &b.patient.id, &b.photo).unwrap().is_none());
    assert!(store.checkin_status(a.clinic, &b.patient.id, &b.checkin).unwrap().is_none());
    let now = chrono::Utc::now();
    let invite = NewInvite {
        code_hash: "x".repeat(64),
        patient_id: b.patient.id.clone(),
        now,
        expires_at: now + chrono::Duration::hours(1),
    };
    assert!(!store.add_invite(a.clinic, &invite).unwrap());
}

#[tokio::test]
async fn an_invite_enrols_into_its_own_clinic_and_tells_that_clinics_details() {
    let server = Server::start().await;
    let settings = ClinicSettings {
        name: "North Clinic".into(),
        phone: "+44 1632 960000".into(),
        after_hours_advice: "North: call 111.".into(),
        protocol_json: None,
        alert_emails: vec!["desk@north.example".into()],
    };
    let north = server.store().add_clinic("north", &settings, chrono::Utc::now()).unwrap();
    let invite = server.invite_in(north, "Nell North");
    let body: EnrollResponse = server.enroll_raw(&invite.code).await.json().await.unwrap();
    assert_eq!(body.clinic.name, "North Clinic");
    assert_eq!(body.clinic.phone, "+44 1632 960000");
    assert_eq!(body.clinic.after_hours_advice, "North: call 111.");
    let default = server.store().settings(server.clinic()).unwrap();
    let body: EnrollResponse =
        server.enroll_raw(&server.invite("Dora Default").code).await.json().await.unwrap();
    assert_eq!(body.clinic.name, default.name);
    assert!(server.store().patient_detail(north, &body.patient_id).unwrap().is_none());
}

#[tokio::test]
async fn staff_of_two_clinics_switch_between_them_and_see_one_at_a_time() {
    let (server, a, b) = two_clinics().await;
    // Alpha's nurse also becomes a clinician at North: the grant ends its sessions.
    assert!(server.store().grant_staff(b.clinic, &a.nurse_email, Role::Clinician).unwrap());
    assert_eq!(a.nurse.get("/patients").await.status(), 303, "old session ended");
    let nurse = server.logged_in(&a.nurse_email).await;
    let list = nurse.page("/patients").await;
    assert!(list.contains(&a.name) && !list.contains(&b.name));
    assert!(list.contains("North Clinic"), "the switcher offers the other clinic");

    let csrf = nurse.csrf().await;
    let b_id = b.clinic.get().to_string();
    let response = nurse.post("/clinic", &[("csrf", &csrf), ("clinic", &b_id)]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/patients");
    let list = nurse.page("/patients").await;
    assert!(list.contains(&b.name) && !list.contains(&a.name), "{list}");
    assert_eq!(nurse.get(&format!("/patients/{}", b.patient.id)).await.status(), 200);
    assert_eq!(nurse.get(&format!("/patients/{}", a.patient.id)).await.status(), 404);
    // What it did at North is in North's log, not Alpha's.
    let entries = server.store().clinic_audit_entries(b.clinic, 100).unwrap();
    assert!(entries.iter().any(|e| e.actor == a.nurse_email && e.action == "view_patient"));
    let alpha = server.store().clinic_audit_entries(a.clinic, 100).unwrap();
    assert!(!alpha.iter().any(|e| e.patient_id.as_deref() == Some(b.patient.id.as_str())));

    // A role is per clinic: admin at North does not make it an admin at Alpha.
    assert!(server.store().grant_staff(b.clinic, &a.nurse_email, Role::Admin).unwrap());
    let nurse = server.logged_in(&a.nurse_email).await;
    assert_eq!(nurse.get("/patients").await.status(), 200, "back in Alpha as a clinician");
    let csrf = nurse.csrf().await;
    nurse.post("/clinic", &[("csrf", &csrf), ("clinic", &b_id)]).await;
    assert_eq!(nurse.get("/patients").await.status(), 403);
    assert_eq!(nurse.get("/audit").await.status(), 200);

    // Taken off North: the session ends, and the next login stays in Alpha.
    assert!(server.store().revoke_staff(b.clinic, &a.nurse_email).unwrap());
    assert_eq!(nurse.get("/audit").await.status(), 303);
    let nurse = server.logged_in(&a.nurse_email).await;
    assert!(!nurse.page("/patients").await.contains("North Clinic"));

    // An account that works for no clinic any more gets no session at all.
    assert!(server.store().revoke_staff(b.clinic, &b.nurse_email).unwrap());
    let response = server.portal().login(&b.nurse_email, STAFF_PASSWORD).await;
    assert_eq!(response.status(), 403);
    assert!(response.text().await.unwrap().contains("works for no clinic"));
}
