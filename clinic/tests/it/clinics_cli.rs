//! `clinic clinic add|list`, `clinic staff grant|revoke` and `--clinic` on `staff add`,
//! `settings` and `invite`, run as the real binary; each change lands in its clinic's log.

use clinic::store::sqlite::SqliteStore;
use clinic::store::{ClinicId, Store};

use crate::harness::{STAFF_PASSWORD, cli_ok, cli_refused, clinic_cli};

fn actions(store: &SqliteStore, clinic: ClinicId) -> Vec<String> {
    let entries = store.clinic_audit_entries(clinic, 100).unwrap();
    entries.into_iter().rev().map(|e| e.action).collect()
}

#[test]
fn clinics_and_roles_per_clinic_are_managed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clinic.db");
    let add = ["--slug", "north", "--name", "North Clinic", "--phone", "+44 1"];
    assert!(
        cli_ok(&clinic_cli(&db, &["clinic", "add"], &add, None)).contains("clinic added: north")
    );
    assert!(
        cli_refused(&clinic_cli(&db, &["clinic", "add"], &add, None)).contains("already exists")
    );
    let bad = ["--slug", "no spaces", "--name", "X"];
    assert!(cli_refused(&clinic_cli(&db, &["clinic", "add"], &bad, None)).contains("short name"));
    let list = cli_ok(&clinic_cli(&db, &["clinic", "list"], &[], None));
    assert!(list.contains("default") && list.contains("north") && list.contains("North Clinic"));

    let nell = ["--email", "nell@example.org", "--clinic", "north", "--role", "admin"];
    cli_ok(&clinic_cli(&db, &["staff", "add"], &nell, Some(STAFF_PASSWORD)));
    cli_ok(&clinic_cli(
        &db,
        &["staff", "add"],
        &["--email", "nurse@example.org"],
        Some(STAFF_PASSWORD),
    ));
    let grant = ["--email", "nurse@example.org", "--clinic", "north", "--role", "clinician"];
    assert!(
        cli_ok(&clinic_cli(&db, &["staff", "grant"], &grant, None)).contains("clinician in north")
    );
    let nowhere = ["--email", "nurse@example.org", "--clinic", "nowhere", "--role", "admin"];
    assert!(
        cli_refused(&clinic_cli(&db, &["staff", "grant"], &nowhere, None)).contains("no clinic")
    );
    let staff = cli_ok(&clinic_cli(&db, &["staff", "list"], &[], None));
    assert!(staff.contains("north:admin"), "{staff}");
    assert!(staff.contains("default:clinician,north:clinician"), "{staff}");

    cli_ok(&clinic_cli(&db, &["settings"], &["--clinic", "north", "--phone", "+44 2"], None));
    let png = dir.path().join("invite.png");
    let png = png.to_str().unwrap();
    cli_ok(&clinic_cli(&db, &["invite"], &["--name", "Dora Default", "--png", png], None));
    let invite = ["--clinic", "north", "--name", "Nell Patient", "--png", png];
    cli_ok(&clinic_cli(&db, &["invite"], &invite, None));

    let store = SqliteStore::open(&db).unwrap();
    let (default, north) =
        (store.default_clinic().unwrap(), store.clinic_by_slug("north").unwrap().unwrap());
    assert_eq!(store.settings(north).unwrap().phone, "+44 2");
    assert_eq!(store.settings(default).unwrap().name, "Your clinic", "the default is untouched");
    let patients: Vec<(String, u32)> =
        store.clinics().unwrap().into_iter().map(|c| (c.slug, c.patients)).collect();
    assert_eq!(patients, [("default".to_owned(), 1), ("north".to_owned(), 1)]);

    let revoke = ["--email", "nurse@example.org", "--clinic", "north"];
    cli_ok(&clinic_cli(&db, &["staff", "revoke"], &revoke, None));
    assert!(
        cli_refused(&clinic_cli(&db, &["staff", "revoke"], &revoke, None))
            .contains("no role in north")
    );
    let staff = cli_ok(&clinic_cli(&db, &["staff", "list"], &[], None));
    assert!(!staff.contains("north:clinician"), "{staff}");

    assert_eq!(
        actions(&store, north),
        [
            "clinic_add",
            "staff_add",
            "staff_set_role_clinician",
            "settings_changed",
            "create_patient_invite",
            "staff_revoke"
        ]
    );
    assert_eq!(actions(&store, default), ["staff_add", "create_patient_invite"]);
}

#[test]
fn settings_sets_checks_and_clears_a_clinics_alert_addresses() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clinic.db");
    let add = ["--slug", "north", "--name", "North Clinic"];
    cli_ok(&clinic_cli(&db, &["clinic", "add"], &add, None));
    let set = [
        "--clinic",
        "north",
        "--alert-email",
        "desk@north.example",
        "--alert-email",
        "duty@north.example",
    ];
    let out = cli_ok(&clinic_cli(&db, &["settings"], &set, None));
    assert!(out.contains("alerts to:   desk@north.example, duty@north.example"), "{out}");
    // Each flag is one address: a header smuggled after a line break, or two in one, is refused.
    for bad in ["desk@north.example\r\nBcc: spy@evil.example", "a@north.example, b@north.example"] {
        let refused = cli_refused(&clinic_cli(
            &db,
            &["settings"],
            &["--clinic", "north", "--alert-email", bad],
            None,
        ));
        assert!(refused.contains("not a plain email address"), "{refused}");
    }
    let store = SqliteStore::open(&db).unwrap();
    let (default, north) =
        (store.default_clinic().unwrap(), store.clinic_by_slug("north").unwrap().unwrap());
    assert_eq!(
        store.settings(north).unwrap().alert_emails,
        ["desk@north.example", "duty@north.example"]
    );
    assert!(store.settings(default).unwrap().alert_emails.is_empty(), "the default is untouched");

    // Other settings leave the list alone; --clear-alert-emails empties it.
    cli_ok(&clinic_cli(&db, &["settings"], &["--clinic", "north", "--phone", "+44 3"], None));
    assert_eq!(store.settings(north).unwrap().alert_emails.len(), 2);
    let out = cli_ok(&clinic_cli(
        &db,
        &["settings"],
        &["--clinic", "north", "--clear-alert-emails"],
        None,
    ));
    assert!(out.contains("alerts to:   the server's --smtp-to"), "{out}");
    assert!(store.settings(north).unwrap().alert_emails.is_empty());
    assert_eq!(
        actions(&store, north),
        ["clinic_add", "settings_changed", "settings_changed", "settings_changed"]
    );
}
