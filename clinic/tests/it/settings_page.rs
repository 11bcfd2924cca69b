//! Issues 19 and 22: the admin's `/settings` page. It edits the session's clinic only (no id
//! in the URL; a form naming another clinic is refused), is for admins only, asks for CSRF and
//! a recent code, checks the alert addresses, and audits every change as `settings_changed`.

use chrono::Utc;
use clinic::store::{ClinicId, ClinicSettings, Role, SettingsUpdate};

use crate::harness::{ADMIN_EMAIL, Portal, Server, csrf_in};

const NORTH_ADMIN: &str = "boss@north.example";

/// A second clinic with its own name, phone and alert address, and its admin.
fn north(server: &Server) -> ClinicId {
    let settings = ClinicSettings {
        name: "North Clinic".into(),
        phone: "+44 1632 960111".into(),
        alert_emails: vec!["nell@north.example".into()],
        ..ClinicSettings::default()
    };
    let north = server.store().add_clinic("north", &settings, Utc::now()).unwrap();
    server.add_staff_in(north, NORTH_ADMIN, Role::Admin);
    north
}

/// A full form with the page's CSRF token and these fields.
async fn post(portal: &Portal, extra: &[(&str, &str)]) -> reqwest::Response {
    let csrf = csrf_in(&portal.page("/settings").await);
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("name", "Renamed Clinic"),
        ("phone", "+44 20 7946 0000"),
        ("after_hours", "Call 111.\r\nIn an emergency, 999."),
        ("alert_emails", "desk@renamed.example\r\nduty@renamed.example"),
    ];
    for (key, value) in extra {
        form.retain(|(k, _)| k != key);
        form.push((key, value));
    }
    portal.post("/settings", &form).await
}

fn changes(server: &Server) -> Vec<clinic::store::AuditEntry> {
    let all = server.store().audit_entries(500).unwrap();
    all.into_iter().filter(|e| e.action == "settings_changed").collect()
}

#[tokio::test]
async fn an_admin_changes_its_clinics_settings_and_the_change_is_audited() {
    let server = Server::start().await;
    let admin = server.admin().await;
    let page = admin.page("/settings").await;
    assert!(page.contains("href=\"/settings\""), "nav link for admins");
    assert!(page.contains("value=\"Your clinic\""), "{page}");

    let saved = post(&admin, &[]).await;
    assert_eq!(saved.status(), 200);
    assert!(saved.text().await.unwrap().contains("Saved."));
    let s = server.store().settings(server.clinic()).unwrap();
    assert_eq!(s.name, "Renamed Clinic");
    assert_eq!(s.phone, "+44 20 7946 0000");
    assert_eq!(s.after_hours_advice, "Call 111.\nIn an emergency, 999.");
    assert_eq!(s.alert_emails, ["desk@renamed.example", "duty@renamed.example"]);
    assert_eq!(s.protocol_json, None, "the protocol is kept");

    let rows = changes(&server);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].actor, ADMIN_EMAIL);
    assert_eq!(rows[0].subject.as_deref(), Some("name,phone,after_hours_advice,alert_emails"));
    let shown = server.store().clinic_audit_entries(server.clinic(), 500).unwrap();
    assert!(shown.iter().any(|e| e.action == "settings_changed"), "on the clinic's audit page");

    // The same form again changes nothing and writes no audit row.
    let again = post(&admin, &[]).await;
    assert!(again.text().await.unwrap().contains("Nothing changed."));
    assert_eq!(changes(&server).len(), 1);
    // A patient linking now is told the new name.
    let invite = server.invite("Pat Example");
    let enrolled: serde_json::Value = server.enroll_raw(&invite.code).await.json().await.unwrap();
    assert_eq!(enrolled["clinic"]["name"], "Renamed Clinic");
}

#[tokio::test]
async fn a_clinician_is_refused_and_sees_no_link() {
    let server = Server::start().await;
    let nurse = server.staff().await;
    assert_eq!(nurse.get("/settings").await.status(), 403);
    let csrf = nurse.csrf().await;
    let form = [("csrf", csrf.as_str()), ("name", "Taken"), ("phone", ""), ("after_hours", "")];
    assert_eq!(nurse.post("/settings", &form).await.status(), 403);
    assert!(!nurse.page("/patients").await.contains("href=\"/settings\""));
    assert_eq!(server.store().settings(server.clinic()).unwrap().name, "Your clinic");
    assert!(changes(&server).is_empty());
    // And nobody logged out gets it.
    let anonymous = server.portal().get("/settings").await;
    assert_eq!(anonymous.status(), 303);
}

#[tokio::test]
async fn an_admin_cannot_read_or_change_another_clinics_settings() {
    let server = Server::start().await;
    let north = north(&server);
    let before = server.store().settings(north).unwrap();
    let admin = server.admin().await;
    let page = admin.page("/settings").await;
    for other in ["North Clinic", "+44 1632 960111", "nell@north.example"] {
        assert!(!page.contains(other), "{other} shown to the default clinic's admin");
    }

    // A forged field naming North (by any name) is refused whole: nothing changes anywhere.
    let id = north.get().to_string();
    for field in ["clinic_id", "clinic", "id"] {
        let forged = post(&admin, &[(field, id.as_str())]).await;
        assert_eq!(forged.status(), 422, "{field}");
    }
    assert_eq!(server.store().settings(north).unwrap(), before);
    assert_eq!(server.store().settings(server.clinic()).unwrap().name, "Your clinic");
    assert!(changes(&server).is_empty());

    // The form without it changes the admin's own clinic, never North.
    assert_eq!(post(&admin, &[]).await.status(), 200);
    assert_eq!(server.store().settings(north).unwrap(), before);
    assert_eq!(server.store().settings(server.clinic()).unwrap().name, "Renamed Clinic");
    let north_log = server.store().clinic_audit_entries(north, 500).unwrap();
    assert!(!north_log.iter().any(|e| e.action == "settings_changed"), "not in North's log");

    // North's own admin sees and changes North only.
    let boss = server.logged_in(NORTH_ADMIN).await;
    let page = boss.page("/settings").await;
    assert!(page.contains("North Clinic") && page.contains("nell@north.example"), "{page}");
    assert!(!page.contains("desk@renamed.example"));
    let emails = [("name", "North Clinic"), ("alert_emails", "night@north.example")];
    assert_eq!(post(&boss, &emails).await.status(), 200);
    assert_eq!(server.store().settings(north).unwrap().alert_emails, ["night@north.example"]);
    let own = server.store().settings(server.clinic()).unwrap();
    assert_eq!(own.alert_emails, ["desk@renamed.example", "duty@renamed.example"]);
}

#[tokio::test]
async fn the_page_follows_the_sessions_clinic_after_a_switch() {
    let server = Server::start().await;
    let north = north(&server);
    server.add_staff_as(ADMIN_EMAIL, Role::Admin);
    server.store().grant_staff(north, ADMIN_EMAIL, Role::Admin).unwrap();
    let admin = server.logged_in(ADMIN_EMAIL).await;
    assert!(admin.page("/settings").await.contains("value=\"Your clinic\""));
    let csrf = csrf_in(&admin.page("/settings").await);
    let id = north.get().to_string();
    let switched = admin.post("/clinic", &[("csrf", &csrf), ("clinic", &id)]).await;
    assert_eq!(switched.status(), 303);
    assert!(admin.page("/settings").await.contains("value=\"North Clinic\""));
    assert_eq!(post(&admin, &[("alert_emails", "")]).await.status(), 200);
    assert!(server.store().settings(north).unwrap().alert_emails.is_empty());
    assert_eq!(server.store().settings(server.clinic()).unwrap().name, "Your clinic");
}

#[tokio::test]
async fn refused_forms_change_nothing() {
    let server = Server::start().await;
    let admin = server.admin().await;
    let unchanged = || {
        let s = server.store().settings(server.clinic()).unwrap();
        assert_eq!(s, ClinicSettings::default());
        assert!(changes(&server).is_empty());
    };
    // No CSRF token.
    assert_eq!(post(&admin, &[("csrf", "")]).await.status(), 403);
    unchanged();
    // A header smuggled in with an address, a malformed one, too many, no name.
    let eleven: Vec<String> = (0..11).map(|i| format!("s{i}@clinic.example")).collect();
    let eleven = eleven.join("\n");
    for (field, value, words) in [
        ("alert_emails", "desk@clinic.example\r\nBcc: spy@evil.example", "not a plain email"),
        ("alert_emails", "Desk <desk@clinic.example>", "not a plain email"),
        ("alert_emails", "nobody", "not a plain email"),
        ("alert_emails", eleven.as_str(), "at most 10"),
        ("name", "  ", "clinic name"),
        ("phone", "+44\r\nX-Header: 1", "phone number"),
    ] {
        let refused = post(&admin, &[(field, value)]).await;
        assert_eq!(refused.status(), 422, "{value:?}");
        let page = refused.text().await.unwrap();
        assert!(page.contains(words), "{value:?}: {page}");
        unchanged();
    }
    // A code older than the step-up window: first a fresh code, then back to the page.
    let old =
        (Utc::now() - chrono::Duration::minutes(11)).format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    server.raw().execute("UPDATE staff_sessions SET mfa_at = ?1", &[&old]).unwrap();
    let asked = post(&admin, &[]).await;
    assert_eq!(asked.status(), 303);
    assert_eq!(asked.headers()["location"], "/mfa?next=/settings");
    unchanged();
}

#[tokio::test]
async fn the_page_and_clinic_settings_protocol_at_once_each_keep_the_others_change() {
    let server = Server::start().await;
    let clinic = server.clinic();
    let dir = tempfile::tempdir().unwrap();
    let protocol = dir.path().join("protocol.json");
    std::fs::write(&protocol, shared::protocol::default_protocol_json()).unwrap();
    let set_protocol = || {
        let rest = ["--protocol", protocol.to_str().unwrap()];
        crate::harness::cli_ok(&crate::harness::clinic_cli(&server.db, &["settings"], &rest, None))
    };

    // The page's save as its handler makes it (read, apply the form, write what the form
    // changed), with the operator's `--protocol` landing between the read and the write.
    let page_read = server.store().settings(clinic).unwrap();
    set_protocol();
    let form = ClinicSettings { phone: "+44 20 7946 0001".into(), ..page_read.clone() };
    let change = SettingsUpdate::changing(&page_read, &form);
    assert_eq!(change, SettingsUpdate { phone: Some(form.phone.clone()), ..Default::default() });
    server.store().update_settings(clinic, &change).unwrap();
    let s = server.store().settings(clinic).unwrap();
    assert_eq!(s.phone, "+44 20 7946 0001", "the page's change");
    assert!(s.protocol_json.is_some(), "the protocol set meanwhile is kept");

    // The other way round, through the real page and command line: the operator's protocol
    // is written alone, so a name saved on the page just before it stays.
    server
        .store()
        .update_settings(
            clinic,
            &SettingsUpdate { protocol_json: Some(None), ..Default::default() },
        )
        .unwrap();
    let admin = server.admin().await;
    assert_eq!(post(&admin, &[]).await.status(), 200);
    set_protocol();
    let s = server.store().settings(clinic).unwrap();
    assert_eq!((s.name.as_str(), s.protocol_json.is_some()), ("Renamed Clinic", true));
    assert_eq!(post(&admin, &[("phone", "+44 20 7946 0002")]).await.status(), 200);
    let s = server.store().settings(clinic).unwrap();
    assert_eq!((s.phone.as_str(), s.protocol_json.is_some()), ("+44 20 7946 0002", true));
}
