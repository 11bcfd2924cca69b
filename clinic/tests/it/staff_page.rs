//! Issue 18 / review H3: the admin's `/staff` page. Every action takes effect on the target's
//! next request, is audited like `clinic staff …` (actor the admin, with the address), asks for
//! CSRF and a recent code, and stays inside the admin's clinic.

use chrono::Utc;
use clinic::admin::lifecycle::{Actor, Change, Refusal, apply};
use clinic::store::{AuditEntry, ClinicSettings, Role};

use crate::harness::{
    ADMIN_EMAIL, Portal, STAFF_EMAIL, STAFF_PASSWORD, Server, checkin, csrf_in, text_of,
};

/// An account's id (disabled ones too), as the page's forms name it.
fn id_of(server: &Server, email: &str) -> i64 {
    let accounts = server.store().staff_list().unwrap();
    accounts.iter().find(|s| s.email == email).expect("account").id
}

/// The admin's CSRF token, read off the staff page.
async fn csrf(admin: &Portal) -> String {
    csrf_in(&admin.page("/staff").await)
}

async fn act(admin: &Portal, server: &Server, email: &str, action: &str) -> reqwest::Response {
    let path = format!("/staff/{}/{action}", id_of(server, email));
    admin.post(&path, &[("csrf", &csrf(admin).await)]).await
}

fn entries(server: &Server, action: &str) -> Vec<AuditEntry> {
    let all = server.store().audit_entries(500).unwrap();
    all.into_iter().filter(|e| e.action == action).collect()
}

/// The audit row of a page action: the admin by account and address, in the clinic's log.
fn assert_audited(server: &Server, action: &str, email: &str) {
    let rows = entries(server, action);
    let row = rows.first().unwrap_or_else(|| panic!("{action} audited"));
    assert_eq!(row.actor, ADMIN_EMAIL);
    assert_eq!(row.staff_id, Some(id_of(server, ADMIN_EMAIL)));
    assert_eq!(row.subject.as_deref(), Some(email));
    assert_eq!(row.address.as_deref(), Some("127.0.0.1"));
    let shown = server.store().clinic_audit_entries(server.clinic(), 500).unwrap();
    assert!(shown.iter().any(|e| e.action == action), "on the clinic's audit page");
}

/// Makes every session's last code look 11 minutes old (past the step-up window).
fn age_codes(server: &Server) {
    let old =
        (Utc::now() - chrono::Duration::minutes(11)).format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    let raw = server.raw();
    raw.execute("UPDATE staff_sessions SET mfa_at = ?1", &[&old]).unwrap();
    raw.execute("UPDATE staff SET totp_last_step = totp_last_step - 22", &[]).unwrap();
}

#[tokio::test]
async fn the_page_lists_the_clinics_accounts_and_is_linked_for_admins_only() {
    let server = Server::start().await;
    let nurse = server.staff().await;
    server.add_staff_without_mfa("new@example.org", Role::Clinician);
    let admin = server.admin().await;
    let page = admin.page("/staff").await;
    assert!(page.contains("href=\"/staff\""), "nav link");
    let row = &page[page.find(STAFF_EMAIL).expect("clinician listed")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("clinician") && row.contains("enabled") && row.contains("set up"));
    assert!(row.contains("<td>1</td>"), "one open session: {row}");
    assert!(!row.contains("never"), "logged in: {row}");
    let fresh = &page[page.find("new@example.org").unwrap()..];
    let fresh = &fresh[..fresh.find("</tr>").unwrap()];
    assert!(fresh.contains("not set up") && fresh.contains("never"), "{fresh}");
    assert!(!nurse.page("/patients").await.contains("href=\"/staff\""));
}

#[tokio::test]
async fn disabling_refuses_the_open_session_at_once_and_enabling_lets_the_account_back() {
    let server = Server::start().await;
    let nurse = server.staff().await;
    let admin = server.admin().await;
    let response = act(&admin, &server, STAFF_EMAIL, "disable").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/staff");
    let next = nurse.get("/patients").await;
    assert_eq!(next.headers()["location"], "/login", "the open session is refused");
    assert_eq!(server.portal().login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 401);
    assert!(admin.page("/staff").await.contains("disabled "));
    assert_audited(&server, "staff_disable", STAFF_EMAIL);

    assert_eq!(act(&admin, &server, STAFF_EMAIL, "enable").await.status(), 303);
    assert_eq!(server.portal().login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 303);
    assert_audited(&server, "staff_enable", STAFF_EMAIL);
}

#[tokio::test]
async fn removing_keeps_the_authors_name_on_history() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let ack_id = server.checkin_id(&p.token, "key-staffpage-1", &checkin("urgent", None)).await;
    let nurse = server.staff().await;
    let handled = format!("/patients/{}/checkins/{}/handled", p.id, ack_id);
    let nurse_csrf = nurse.csrf().await;
    assert_eq!(
        nurse.post(&handled, &[("csrf", &nurse_csrf), ("note", "called")]).await.status(),
        303
    );
    let admin = server.admin().await;
    assert_eq!(act(&admin, &server, STAFF_EMAIL, "remove").await.status(), 303);
    assert_eq!(nurse.get("/patients").await.headers()["location"], "/login");
    assert_eq!(server.portal().login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 401);
    assert!(!admin.page("/staff").await.contains(STAFF_EMAIL), "a tombstone is not listed");
    let detail = server.detail(&p.id).unwrap().unwrap();
    assert_eq!(detail.checkins[0].notes[0].author, STAFF_EMAIL);
    assert_audited(&server, "staff_remove", STAFF_EMAIL);
}

#[tokio::test]
async fn a_new_password_follows_the_rules_and_only_it_works_afterwards() {
    let server = Server::start().await;
    let nurse = server.staff().await;
    let admin = server.admin().await;
    let path = format!("/staff/{}/password", id_of(&server, STAFF_EMAIL));
    let refused = admin.post(&path, &[("csrf", &csrf(&admin).await), ("password", "short")]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("at least 12 characters"));
    assert_eq!(nurse.get("/patients").await.status(), 200, "nothing changed");

    let new = "a brand new long passphrase";
    let set = admin.post(&path, &[("csrf", &csrf(&admin).await), ("password", new)]).await;
    assert_eq!(set.status(), 303);
    assert_eq!(nurse.get("/patients").await.headers()["location"], "/login");
    assert_eq!(server.portal().login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 401);
    assert_eq!(server.portal().login(STAFF_EMAIL, new).await.status(), 303);
    assert_audited(&server, "staff_reset_password", STAFF_EMAIL);
}

#[tokio::test]
async fn end_sessions_logs_out_everywhere_and_reset_mfa_sends_back_to_enrolment() {
    let server = Server::start().await;
    let first = server.staff().await;
    let second = server.logged_in(STAFF_EMAIL).await;
    let admin = server.admin().await;
    assert_eq!(act(&admin, &server, STAFF_EMAIL, "end-sessions").await.status(), 303);
    assert_eq!(first.get("/patients").await.headers()["location"], "/login");
    assert_eq!(second.get("/patients").await.headers()["location"], "/login");
    assert_audited(&server, "staff_end_sessions", STAFF_EMAIL);

    let third = server.logged_in(STAFF_EMAIL).await;
    let old_secret = third.secret(STAFF_EMAIL);
    assert_eq!(act(&admin, &server, STAFF_EMAIL, "reset-mfa").await.status(), 303);
    assert_eq!(third.get("/patients").await.headers()["location"], "/login");
    assert!(admin.page("/staff").await.contains("not set up"));
    let (new_secret, _) = server.portal().enrol(STAFF_EMAIL, STAFF_PASSWORD).await;
    assert_ne!(old_secret, new_secret);
    assert_audited(&server, "staff_reset_mfa", STAFF_EMAIL);
}

#[tokio::test]
async fn clinicians_get_403_on_the_page_and_every_action() {
    let server = Server::start().await;
    let nurse = server.staff().await;
    server.add_staff_as("other@example.org", Role::Clinician);
    let other = id_of(&server, "other@example.org");
    let csrf = nurse.csrf().await;
    assert_eq!(nurse.get("/staff").await.status(), 403);
    for action in ["disable", "enable", "remove", "password", "end-sessions", "reset-mfa"] {
        let form = [("csrf", csrf.as_str()), ("password", "a brand new long passphrase")];
        let status = nurse.post(&format!("/staff/{other}/{action}"), &form).await.status();
        assert_eq!(status, 403, "{action}");
    }
    assert_eq!(server.logged_in("other@example.org").await.get("/patients").await.status(), 200);
    assert!(entries(&server, "staff_disable").is_empty());
}

#[tokio::test]
async fn an_admin_cannot_act_on_another_clinics_accounts() {
    let server = Server::start().await;
    let north = ClinicSettings { name: "North Clinic".into(), ..ClinicSettings::default() };
    let north = server.store().add_clinic("north", &north, Utc::now()).unwrap();
    server.add_staff_in(north, "nell@example.org", Role::Clinician);
    let admin = server.admin().await;
    assert!(!admin.page("/staff").await.contains("nell@example.org"));
    let nell = id_of(&server, "nell@example.org");
    let token = csrf(&admin).await;
    for action in ["disable", "remove", "password", "end-sessions", "reset-mfa"] {
        let form = [("csrf", token.as_str()), ("password", "a brand new long passphrase")];
        let status = admin.post(&format!("/staff/{nell}/{action}"), &form).await.status();
        assert_eq!(status, 404, "{action}");
    }
    assert_eq!(server.logged_in("nell@example.org").await.get("/patients").await.status(), 200);

    // An account of this clinic that also works for North is the operator's to change: its
    // password and second factor would open North too.
    server.store().grant_staff(server.clinic(), "nell@example.org", Role::Clinician).unwrap();
    let page = admin.page("/staff").await;
    assert!(page.contains("nell@example.org") && page.contains("Also works for another clinic"));
    let refused = admin.post(&format!("/staff/{nell}/disable"), &[("csrf", &token)]).await;
    assert_eq!(refused.status(), 403);
    assert!(server.store().staff_by_email("nell@example.org").unwrap().is_some(), "still live");
    assert!(entries(&server, "staff_disable").is_empty());
}

#[tokio::test]
async fn an_admin_cannot_disable_or_remove_itself_or_a_clinics_last_admin() {
    let server = Server::start().await;
    let admin = server.admin().await;
    for action in ["disable", "remove"] {
        let refused = act(&admin, &server, ADMIN_EMAIL, action).await;
        assert_eq!(refused.status(), 409, "{action}");
        assert!(
            text_of(&refused.text().await.unwrap(), "role=\"alert\">").contains("your own account")
        );
    }
    assert_eq!(admin.get("/staff").await.status(), 200, "still logged in");

    // The last-admin rule, through the same decision the page calls: an actor (here an admin
    // of the default clinic only) may not take away North's only admin.
    let north = ClinicSettings { name: "North Clinic".into(), ..ClinicSettings::default() };
    let north = server.store().add_clinic("north", &north, Utc::now()).unwrap();
    server.add_staff_in(north, "boss@example.org", Role::Admin);
    let actor = Actor {
        clinic: Some(server.clinic()),
        staff_id: Some(id_of(&server, ADMIN_EMAIL)),
        name: ADMIN_EMAIL.into(),
        address: None,
    };
    for change in [Change::Disable, Change::Remove] {
        let outcome =
            apply(&*server.store(), &actor, "boss@example.org", &change, Utc::now()).unwrap();
        assert!(matches!(outcome, Err(Refusal::LastAdmin { .. })), "{outcome:?}");
    }
    // With a second enabled admin there, it may.
    server.add_staff_in(north, "deputy@example.org", Role::Admin);
    let outcome =
        apply(&*server.store(), &actor, "boss@example.org", &Change::Disable, Utc::now()).unwrap();
    assert_eq!(outcome, Ok(0));
    assert!(entries(&server, "staff_disable").len() == 1);
}

#[tokio::test]
async fn actions_need_the_sessions_csrf_token() {
    let server = Server::start().await;
    let nurse = server.staff().await;
    let admin = server.admin().await;
    let path = format!("/staff/{}/disable", id_of(&server, STAFF_EMAIL));
    assert_eq!(admin.post(&path, &[]).await.status(), 403);
    assert_eq!(admin.post(&path, &[("csrf", &"0".repeat(64))]).await.status(), 403);
    let nurse_csrf = nurse.csrf().await;
    assert_eq!(admin.post(&path, &[("csrf", &nurse_csrf)]).await.status(), 403, "another's");
    assert_eq!(nurse.get("/patients").await.status(), 200);
    assert!(entries(&server, "staff_disable").is_empty());
}

#[tokio::test]
async fn actions_ask_for_a_fresh_code_after_ten_minutes() {
    let server = Server::start().await;
    let nurse = server.staff().await;
    let admin = server.admin().await;
    let csrf = csrf(&admin).await;
    age_codes(&server);
    let path = format!("/staff/{}/disable", id_of(&server, STAFF_EMAIL));
    let asked = admin.post(&path, &[("csrf", &csrf)]).await;
    assert_eq!(asked.status(), 303);
    assert_eq!(asked.headers()["location"], "/mfa?next=/staff");
    assert_eq!(admin.get("/staff").await.status(), 200, "the page itself stays open");
    assert!(server.store().staff_by_email(STAFF_EMAIL).unwrap().is_some(), "not disabled");
    let code = admin.current_code(ADMIN_EMAIL);
    assert_eq!(admin.submit_code(&code, "/staff").await.headers()["location"], "/staff");
    assert_eq!(admin.post(&path, &[("csrf", &csrf)]).await.status(), 303);
    assert_eq!(nurse.get("/patients").await.headers()["location"], "/login");
}
