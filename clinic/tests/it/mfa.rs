//! The staff second factor (review H2) over loopback: enrolment, the code step of every login,
//! the lockout counting wrong codes, single-use recovery codes, step-up, clock skew, reset.

use clinic::admin::staff::{StaffCommand, run};
use clinic::store::Role;

use crate::harness::{STAFF_EMAIL, STAFF_PASSWORD, Server, checkin, csrf_in, totp_code, unix_now};
use crate::pg::off_runtime;

fn recovery_codes_in(page: &str) -> Vec<String> {
    let list = &page[page.find("id=\"recovery-codes\"").expect("recovery code list")..];
    let list = &list[..list.find("</ul>").unwrap()];
    list.split("<code>").skip(1).map(|c| c[..c.find('<').unwrap()].to_owned()).collect()
}

fn actions(server: &Server) -> Vec<String> {
    server.store().audit_entries(200).unwrap().into_iter().rev().map(|e| e.action).collect()
}

/// Makes every session's last code look 11 minutes old (past the step-up window).
fn age_codes(server: &Server) {
    let old = (chrono::Utc::now() - chrono::Duration::minutes(11))
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string();
    let raw = server.raw();
    raw.execute("UPDATE staff_sessions SET mfa_at = ?1", &[&old]).unwrap();
    // Those minutes also put every used code's step in the past.
    raw.execute("UPDATE staff SET totp_last_step = totp_last_step - 22", &[]).unwrap();
}

#[tokio::test]
async fn first_login_enrols_with_a_qr_and_the_key_and_shows_ten_recovery_codes_once() {
    let server = Server::start().await;
    server.add_staff_without_mfa(STAFF_EMAIL, Role::Clinician);
    let portal = server.portal();
    assert_eq!(
        portal.password_login(STAFF_EMAIL, STAFF_PASSWORD).await.headers()["location"],
        "/mfa"
    );
    let page = portal.page("/mfa").await;
    assert!(page.contains("<svg"), "a QR code");
    // A wrong code does not enrol.
    let csrf = csrf_in(&page);
    let wrong = portal.post("/mfa/enrol", &[("code", "000000"), ("csrf", &csrf)]).await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(portal.get("/patients").await.headers()["location"], "/mfa");
    // The same key is shown again after the failure (kept until confirmed).
    let again = portal.page("/mfa").await;
    assert_eq!(
        crate::harness::text_of(&page, "id=\"totp-secret\">"),
        crate::harness::text_of(&again, "id=\"totp-secret\">")
    );
    drop(portal);

    let portal = server.portal();
    let (secret, shown) = portal.enrol(STAFF_EMAIL, STAFF_PASSWORD).await;
    let codes = recovery_codes_in(&shown);
    assert_eq!(codes.len(), 10);
    assert_eq!(portal.get("/patients").await.status(), 200);
    // Only hashes are stored: no recovery code appears in the database (the SQLite file, or
    // every stored code hash on PostgreSQL).
    let text = match crate::pg::url_for(&server.db) {
        None => String::from_utf8_lossy(&std::fs::read(&server.db).unwrap()).into_owned(),
        Some(_) => server
            .raw()
            .text("SELECT string_agg(code_hash, ' ') FROM staff_recovery_codes", &[])
            .unwrap(),
    };
    for code in &codes {
        assert!(!text.contains(code.as_str()) && !text.contains(&code.replace('-', "")));
    }
    // Enrolment is confirmed once: the page now asks for a code, never shows the key again.
    let other = server.portal();
    other.password_login(STAFF_EMAIL, STAFF_PASSWORD).await;
    let page = other.page("/mfa").await;
    assert!(!page.contains(&secret) && !page.contains("<svg"));
    let log = actions(&server);
    assert!(log.contains(&"mfa_enrol_failed".to_owned()), "{log:?}");
    assert!(log.contains(&"mfa_enrolled".to_owned()), "{log:?}");
}

#[tokio::test]
async fn half_logged_in_sessions_open_nothing_but_the_code_page() {
    let server = Server::start().await;
    server.add_staff();
    server.add_staff_as("boss@example.org", Role::Admin);
    let p = server.patient("Ann").await;
    let portal = server.portal();
    assert_eq!(portal.password_login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 303);
    for path in [
        "/".to_owned(),
        "/patients".to_owned(),
        format!("/patients/{}", p.id),
        format!("/patients/{}/fhir", p.id),
        "/audit".to_owned(),
    ] {
        let response = portal.get(&path).await;
        assert_eq!(response.status(), 303, "{path}");
        assert_eq!(response.headers()["location"], "/mfa", "{path}");
    }
    let csrf = csrf_in(&portal.page("/mfa").await);
    let revoke = format!("/patients/{}/devices/{}/revoke", p.id, p.device_id);
    assert_eq!(portal.post(&revoke, &[("csrf", &csrf)]).await.headers()["location"], "/mfa");
    let create = portal.post("/patients", &[("name", "Bob"), ("csrf", &csrf)]).await;
    assert_eq!(create.headers()["location"], "/mfa");
    assert_eq!(server.upload(&p.token, "key-half-1", &checkin("watch", None)).await.status(), 201);
    // The right code opens the portal.
    let response = portal.submit_code(&portal.current_code(STAFF_EMAIL), "").await;
    assert_eq!(response.headers()["location"], "/patients");
    assert_eq!(portal.get("/patients").await.status(), 200);
}

#[tokio::test]
async fn wrong_codes_are_refused_and_count_towards_the_lockout() {
    let server = Server::start().await;
    server.add_staff();
    let portal = server.portal();
    portal.password_login(STAFF_EMAIL, STAFF_PASSWORD).await;
    let right = portal.current_code(STAFF_EMAIL);
    let wrong = if right == "123456" { "654321" } else { "123456" };
    for _ in 0..clinic::portal::FREE_FAILURES {
        assert_eq!(portal.submit_code(wrong, "").await.status(), 401);
    }
    // Locked: even the right code is not checked, and a new password login is refused too.
    assert_eq!(portal.submit_code(&right, "").await.status(), 429);
    assert_eq!(server.portal().password_login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 429);
    assert_eq!(portal.get("/patients").await.headers()["location"], "/mfa");
    let log = actions(&server);
    assert_eq!(log.iter().filter(|a| *a == "mfa_failed").count(), 5, "{log:?}");
    assert!(log.contains(&"mfa_refused_locked".to_owned()), "{log:?}");
}

#[tokio::test]
async fn a_right_password_does_not_wipe_earlier_wrong_codes() {
    let server = Server::start().await;
    server.add_staff();
    let portal = server.portal();
    portal.password_login(STAFF_EMAIL, STAFF_PASSWORD).await;
    let wrong = if portal.current_code(STAFF_EMAIL) == "123456" { "654321" } else { "123456" };
    for _ in 0..4 {
        assert_eq!(portal.submit_code(wrong, "").await.status(), 401);
    }
    // A new password login keeps the four; the fifth wrong code locks.
    let again = server.portal();
    assert_eq!(again.password_login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 303);
    assert_eq!(again.submit_code(wrong, "").await.status(), 401);
    assert_eq!(again.submit_code(&again.current_code(STAFF_EMAIL), "").await.status(), 429);
}

#[tokio::test]
async fn a_recovery_code_works_once() {
    let server = Server::start().await;
    server.add_staff_without_mfa(STAFF_EMAIL, Role::Clinician);
    let (_, shown) = server.portal().enrol(STAFF_EMAIL, STAFF_PASSWORD).await;
    let codes = recovery_codes_in(&shown);
    let first = server.portal();
    first.password_login(STAFF_EMAIL, STAFF_PASSWORD).await;
    // Typed in lower case with a space instead of dashes still counts.
    let typed = codes[0].to_lowercase().replace('-', " ");
    assert_eq!(first.submit_code(&typed, "").await.headers()["location"], "/patients");
    let second = server.portal();
    second.password_login(STAFF_EMAIL, STAFF_PASSWORD).await;
    assert_eq!(second.submit_code(&codes[0], "").await.status(), 401, "spent");
    assert_eq!(second.submit_code(&codes[1], "").await.status(), 303, "another one works");
    let log = actions(&server);
    assert_eq!(log.iter().filter(|a| *a == "mfa_recovery_used").count(), 2, "{log:?}");
    let id = server.store().staff_by_email(STAFF_EMAIL).unwrap().unwrap().id;
    assert_eq!(server.store().mfa(id).unwrap().recovery_left, 8);
}

#[tokio::test]
async fn a_code_is_accepted_once() {
    let server = Server::start().await;
    server.add_staff();
    let first = server.portal();
    first.password_login(STAFF_EMAIL, STAFF_PASSWORD).await;
    let code = first.current_code(STAFF_EMAIL);
    assert_eq!(first.submit_code(&code, "").await.status(), 303);
    let second = server.portal();
    second.password_login(STAFF_EMAIL, STAFF_PASSWORD).await;
    assert_eq!(second.submit_code(&code, "").await.status(), 401, "replayed");
    assert_eq!(second.submit_code(&second.current_code(STAFF_EMAIL), "").await.status(), 303);
}

#[tokio::test]
async fn codes_one_step_off_are_accepted_and_three_steps_off_are_not() {
    let server = Server::start().await;
    server.add_staff();
    for (offset, accepted) in [(-30i64, true), (30, true), (-90, false), (90, false)] {
        let portal = server.portal();
        portal.password_login(STAFF_EMAIL, STAFF_PASSWORD).await;
        // The step is read just before the code is sent, and never in a step's last two seconds:
        // a boundary passing in between would make one step off two (a slow login under load
        // once did).
        if unix_now() % 30 >= 28 {
            tokio::time::sleep(std::time::Duration::from_secs(3)).await;
        }
        let now = unix_now();
        let code = totp_code(&portal.secret(STAFF_EMAIL), now.checked_add_signed(offset).unwrap());
        let status = portal.submit_code(&code, "").await.status();
        assert_eq!(status == 303, accepted, "offset {offset}: {status}");
    }
}

#[tokio::test]
async fn exports_and_revocations_ask_for_a_fresh_code_after_ten_minutes() {
    let server = Server::start().await;
    let staff = server.staff().await;
    let p = server.patient("Ann").await;
    let export = format!("/patients/{}/fhir", p.id);
    assert_eq!(staff.get(&export).await.status(), 200, "fresh from login");
    age_codes(&server);
    let asked = staff.get(&export).await;
    assert_eq!(asked.status(), 303);
    assert_eq!(asked.headers()["location"], format!("/mfa?next={export}").as_str());
    // Other pages stay open; the export waits for the code and then goes where it was going.
    assert_eq!(staff.get("/patients").await.status(), 200);
    let response = staff.submit_code(&staff.current_code(STAFF_EMAIL), &export).await;
    assert_eq!(response.headers()["location"], export.as_str());
    assert_eq!(staff.get(&export).await.status(), 200);
    // A foreign `next` goes home instead.
    age_codes(&server);
    let response = staff.submit_code(&staff.current_code(STAFF_EMAIL), "//evil.example/").await;
    assert_eq!(response.headers()["location"], "/patients");

    age_codes(&server);
    let csrf = staff.csrf().await;
    let revoke = format!("/patients/{}/devices/{}/revoke", p.id, p.device_id);
    let asked = staff.post(&revoke, &[("csrf", &csrf)]).await;
    assert_eq!(asked.headers()["location"], format!("/mfa?next=/patients/{}", p.id).as_str());
    assert_eq!(
        server.upload(&p.token, "key-stepup-1", &checkin("watch", None)).await.status(),
        201,
        "not revoked"
    );
    staff.submit_code(&staff.current_code(STAFF_EMAIL), "").await;
    assert_eq!(staff.post(&revoke, &[("csrf", &csrf)]).await.status(), 303);
    assert_eq!(
        server.upload(&p.token, "key-stepup-2", &checkin("watch", None)).await.status(),
        401
    );
}

#[tokio::test]
async fn reset_mfa_ends_sessions_and_the_next_login_enrols_again() {
    let server = Server::start().await;
    let staff = server.staff().await;
    let old = staff.secret(STAFF_EMAIL);
    let command = StaffCommand::ResetMfa { db: server.db_args(), email: STAFF_EMAIL.into() };
    let out = off_runtime(|| run(&command)).unwrap();
    assert!(out.contains("reset"), "{out}");
    assert_eq!(staff.get("/patients").await.headers()["location"], "/login");
    let (new, _) = server.portal().enrol(STAFF_EMAIL, STAFF_PASSWORD).await;
    assert_ne!(old, new);
    assert!(actions(&server).contains(&"staff_reset_mfa".to_owned()));
    let ghost = StaffCommand::ResetMfa { db: server.db_args(), email: "ghost@example.org".into() };
    assert!(off_runtime(|| run(&ghost)).is_err());
}
