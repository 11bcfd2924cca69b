//! Review H3: `clinic staff …` against a running server's database. Disabling, removing,
//! resetting a password and ending sessions take effect on the very next request; a removed
//! account's history keeps its name.

use std::path::Path;
use std::process::Output;

use clinic::store::AuditCheck;

use crate::harness::{STAFF_EMAIL, STAFF_PASSWORD, Server, checkin, cli_ok, clinic_cli};

fn staff(db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    clinic_cli(db, &["staff", args[0]], &args[1..], stdin)
}

#[tokio::test]
async fn a_disabled_account_is_refused_on_its_next_request_and_at_login() {
    let server = Server::start().await;
    let portal = server.staff().await;
    assert_eq!(portal.get("/patients").await.status(), 200);
    let list = cli_ok(&staff(&server.db, &["list"], None));
    let line = list.lines().find(|l| l.contains(STAFF_EMAIL)).unwrap();
    assert!(
        line.contains(" yes ") && !line.contains("never"),
        "second factor and last login: {list}"
    );
    cli_ok(&staff(&server.db, &["disable", "--email", STAFF_EMAIL], None));
    let next = portal.get("/patients").await;
    assert_eq!(next.status(), 303, "the logged-in browser is sent to the login page");
    assert_eq!(next.headers()["location"], "/login");
    assert_eq!(server.portal().login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 401);
    assert!(cli_ok(&staff(&server.db, &["list"], None)).contains("disabled"));

    cli_ok(&staff(&server.db, &["enable", "--email", STAFF_EMAIL], None));
    assert_eq!(server.portal().login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 303);
    let actions: Vec<String> =
        server.store().audit_entries(100).unwrap().into_iter().map(|e| e.action).collect();
    assert!(actions.contains(&"staff_disable".into()) && actions.contains(&"staff_enable".into()));
}

#[tokio::test]
async fn sessions_can_be_listed_and_ended_everywhere() {
    let server = Server::start().await;
    let first = server.staff().await;
    let second = server.portal();
    assert_eq!(second.login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 303);
    let listed = cli_ok(&staff(&server.db, &["sessions", "--email", STAFF_EMAIL], None));
    assert!(listed.starts_with("2 session(s)"), "{listed}");
    let ended = cli_ok(&staff(&server.db, &["end-sessions", "--email", STAFF_EMAIL], None));
    assert!(ended.contains("ended 2 session(s)"), "{ended}");
    assert_eq!(first.get("/patients").await.status(), 303);
    assert_eq!(second.get("/patients").await.status(), 303);
}

#[tokio::test]
async fn a_password_reset_ends_sessions_and_only_the_new_password_works() {
    let server = Server::start().await;
    let portal = server.staff().await;
    let new_password = "a different long passphrase";
    let out = staff(&server.db, &["reset-password", "--email", STAFF_EMAIL], Some("short"));
    assert!(!out.status.success(), "the password rules apply");
    cli_ok(&staff(&server.db, &["reset-password", "--email", STAFF_EMAIL], Some(new_password)));
    assert_eq!(portal.get("/patients").await.status(), 303);
    assert_eq!(server.portal().login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 401);
    assert_eq!(server.portal().login(STAFF_EMAIL, new_password).await.status(), 303);
}

#[tokio::test]
async fn a_removed_account_keeps_its_name_on_what_it_wrote() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let ack_id = server.checkin_id(&p.token, "key-remove-01", &checkin("urgent", None)).await;
    let portal = server.staff().await;
    let csrf = portal.csrf().await;
    let path = format!("/patients/{}/checkins/{}/handled", p.id, ack_id);
    assert_eq!(portal.post(&path, &[("csrf", &csrf), ("note", "called back")]).await.status(), 303);

    let removed = cli_ok(&staff(&server.db, &["remove", "--email", STAFF_EMAIL], None));
    assert!(removed.contains("removed"), "{removed}");
    assert_eq!(portal.get("/patients").await.status(), 303);
    assert_eq!(server.portal().login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 401);
    let again = staff(&server.db, &["disable", "--email", STAFF_EMAIL], None);
    assert!(!again.status.success(), "a removed account is gone for the lifecycle commands");

    // History still names the author; nothing dangles.
    let detail = server.detail(&p.id).unwrap().unwrap();
    assert_eq!(detail.checkins[0].notes[0].author, STAFF_EMAIL);
    let entries = server.store().audit_entries(100).unwrap();
    assert!(entries.iter().any(|e| e.action == "mark_handled" && e.actor == STAFF_EMAIL));
    // PostgreSQL refuses a dangling reference at every write; SQLite is asked here.
    if let crate::pg::Raw::Sqlite(conn) = server.raw() {
        let dangling: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(dangling, 0);
    }
    assert!(matches!(server.store().verify_audit().unwrap(), AuditCheck::Intact { .. }));

    // The address is free for a new account, which is a different person.
    cli_ok(&staff(&server.db, &["add", "--email", STAFF_EMAIL], Some("another long passphrase")));
    let list = cli_ok(&staff(&server.db, &["list"], None));
    assert!(
        list.contains(&format!("removed-1:{STAFF_EMAIL}")) && list.contains("active"),
        "{list}"
    );
}
