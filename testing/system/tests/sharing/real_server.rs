//! Against the real clinic server: delivery exactly once, kill and restart, auto-share and the
//! share offer, revocation, bad invites.

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use super::harness::*;

#[test]
fn shared_checkins_photos_and_sessions_reach_the_portal_exactly_once() {
    let clinic = Clinic::start();
    let (code, patient_id) = clinic.invite(0);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    patient_with_checkins(data);
    let photo = add_photo(data);

    let linked = ok(
        data,
        &["--at", NOW, "clinic", "link", "--server", &clinic.url(), "--code", &code.to_lowercase()],
    );
    assert!(
        linked.contains("Glow Clinic (http") && linked.contains("+44 20 0000 0000"),
        "{linked}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(data.join("clinic-token")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Linking sent nothing: the patient has not shared yet.
    assert_eq!(clinic.count("checkins"), 0);

    let photo_id = photo.to_string();
    let shared =
        ok(data, &["--at", NOW, "share", "--checkins", "all", "--photo", &photo_id, "--sessions"]);
    assert!(shared.contains("Outbox: 4 sent"), "{shared}");
    let view = outbox(data);
    assert_eq!(states(&view), vec!["sent"; 4], "{view}");
    assert_eq!(
        (clinic.count("checkins"), clinic.count("photos"), clinic.count("treatment_sessions")),
        (2, 1, 1)
    );

    // Sharing again queues nothing; syncing sends nothing twice.
    let again =
        ok(data, &["--at", NOW, "share", "--checkins", "all", "--photo", &photo_id, "--sessions"]);
    assert!(again.contains("Outbox: 4 sent\n"), "nothing new was queued: {again}");
    ok(data, &["--at", NOW, "sync"]);
    assert_eq!(
        (clinic.count("checkins"), clinic.count("photos"), clinic.count("treatment_sessions")),
        (2, 1, 1)
    );

    // The crash window "stored by the clinic, not yet marked sent": the replay stores nothing.
    let local = rusqlite::Connection::open(data.join("afterglow.db")).unwrap();
    local.execute("UPDATE outbox SET state = 'queued', sent_utc_ms = NULL", []).unwrap();
    drop(local);
    ok(data, &["--at", NOW, "sync"]);
    assert_eq!(states(&outbox(data)), vec!["sent"; 4]);
    assert_eq!(
        (clinic.count("checkins"), clinic.count("photos"), clinic.count("treatment_sessions")),
        (2, 1, 1)
    );

    let page = clinic.portal_page(&patient_id);
    assert!(page.contains("urgent") && page.contains("expected"), "check-ins listed");
    assert!(page.contains(&format!("/patients/{patient_id}/photos/")), "photo listed");
    assert!(!page.contains("None shared yet."), "session listed");
}

#[test]
fn an_urgent_checkin_goes_at_once_with_auto_share_and_the_result_names_the_clinic() {
    let clinic = Clinic::start();
    let (code, _) = clinic.invite(0);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    add_session(data);
    ok(
        data,
        &[
            "--at",
            NOW,
            "clinic",
            "link",
            "--server",
            &clinic.url(),
            "--code",
            &code,
            "--auto-share",
        ],
    );
    let result = ok(data, &urgent_checkin(&[]));
    // Emergency first, the clinic second (clinical review, critical 1).
    let emergency = result.find("Seek urgent care now").expect("the emergency instruction");
    let clinic_line = result
        .find("After you have sought urgent care, also let Glow Clinic know on +44 20 0000 0000")
        .expect("the clinic, second");
    assert!(emergency < clinic_line, "{result}");
    assert!(!result.contains("Call Glow Clinic"), "{result}");
    assert!(result.contains("Sent to your clinic."), "{result}");
    assert_eq!(clinic.count("checkins"), 1);
    // An expected result is not sent.
    let expected =
        [&["--at", "2026-11-22T11:00:00+01:00", "checkin", "--temp-c", "36.8"], EXPECTED_ANSWERS];
    ok(data, &expected.concat());
    assert_eq!(clinic.count("checkins"), 1);
}

#[test]
fn the_patient_reads_that_the_clinic_saw_and_answered_their_urgent_checkin() {
    let clinic = Clinic::start();
    let (code, patient_id) = clinic.invite(0);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    add_session(data);
    let link = ["--at", NOW, "clinic", "link", "--server", &clinic.url(), "--code", &code];
    ok(data, &[&link[..], &["--auto-share"]].concat());
    assert!(ok(data, &urgent_checkin(&[])).contains("Sent to your clinic."));
    let before = ok(data, &["--at", NOW, "sync"]);
    assert!(!before.contains("Glow Clinic replied") && !before.contains("Seen by"), "{before}");

    clinic.portal_page(&patient_id);
    let seen = ok(data, &["--at", NOW, "sync"]);
    assert!(seen.contains("Seen by Glow Clinic"), "{seen}");

    clinic.handle_with_reply(&patient_id, "We'll call you before noon");
    let answered = ok(data, &["--at", NOW, "sync"]);
    assert!(answered.contains("Handled by Glow Clinic"), "{answered}");
    assert!(answered.contains(": “We'll call you before noon”"), "{answered}");
}

#[test]
fn a_server_killed_mid_share_gets_every_item_exactly_once_after_restart() {
    let mut clinic = Clinic::start();
    let (code, _) = clinic.invite(0);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    add_session(data);
    const CHECKINS: i64 = 30;
    for i in 0..CHECKINS {
        let at = format!("2026-11-21T{:02}:{:02}:00+01:00", 10 + i / 60, i % 60);
        ok(data, &[&["--at", &at, "checkin"], EXPECTED_ANSWERS].concat());
    }
    ok(data, &["--at", NOW, "clinic", "link", "--server", &clinic.url(), "--code", &code]);

    let share = Command::new(env!("CARGO_BIN_EXE_afterglow-under-test"))
        .env("LC_ALL", "C") // English whatever the developer's locale
        .args(["--data-dir", data.to_str().unwrap(), "--at", NOW, "share", "--checkins", "all"])
        .env("TZ", "Europe/Paris")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill the server once some (not all) check-ins have arrived.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while clinic.count("checkins") < 3 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    clinic.kill();
    let out = share.wait_with_output().unwrap();
    assert!(out.status.success());
    let before = clinic.count("checkins");
    assert!(before < CHECKINS, "the kill came too late to test anything ({before})");
    let view = outbox(data);
    assert!(states(&view).iter().any(|s| s == "queued"), "{view}");
    // The item that met the dead server says why; the pass stopped there (offline).
    let items = view["items"].as_array().unwrap();
    let tried = items.iter().find(|i| i["state"] == "queued" && i["attempts"] == 1).unwrap();
    let reason = tried["reason"].as_str().unwrap();
    assert!(reason.contains("broke off") || reason.contains("cannot be reached"), "{tried}");

    // A new CLI process (the outbox is in SQLite) and the server back on the same database.
    clinic.run();
    // Later than any backoff: everything is due.
    let sync = ok(data, &["--at", "2026-11-22T12:00:00+01:00", "sync"]);
    assert!(sync.contains(&format!("{CHECKINS} sent")), "{sync}");
    assert_eq!(clinic.count("checkins"), CHECKINS);
    ok(data, &["--at", "2026-11-22T13:00:00+01:00", "sync"]);
    assert_eq!(clinic.count("checkins"), CHECKINS);
}

#[test]
fn a_revoked_device_is_told_to_link_again_and_keeps_its_items() {
    let clinic = Clinic::start();
    let (code, _) = clinic.invite(0);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    patient_with_checkins(data);
    ok(data, &["--at", NOW, "clinic", "link", "--server", &clinic.url(), "--code", &code]);
    clinic.revoke_every_device();
    let shared = ok(data, &["--at", NOW, "share", "--checkins", "all"]);
    assert!(shared.contains("no longer accepts this device. Link again"), "{shared}");
    let status = ok(data, &["clinic", "status"]);
    assert!(status.contains("no longer accepts this device"), "{status}");
    let view = outbox(data);
    assert_eq!(view["relink_needed"], true);
    assert_eq!(states(&view), vec!["queued", "queued"]);
    assert_eq!(clinic.count("checkins"), 0);
    // Sync does not knock on the door again; linking with a new invite sends the queue.
    ok(data, &["--at", NOW, "sync"]);
    let (code, _) = clinic.invite(0);
    ok(data, &["--at", NOW, "clinic", "link", "--server", &clinic.url(), "--code", &code]);
    assert_eq!(states(&outbox(data)), vec!["sent", "sent"]);
    assert_eq!(clinic.count("checkins"), 2);
    // Unlinking ends the access at the clinic, then deletes the token and the link; what was
    // shared stays listed.
    let token = std::fs::read_to_string(data.join("clinic-token")).unwrap();
    ok(data, &["clinic", "unlink"]);
    assert!(!data.join("clinic-token").exists());
    assert_eq!(upload_with(&clinic, token.trim()), 401, "the clinic refuses the old token");
    let view = outbox(data);
    assert_eq!(view["linked"], false);
    assert_eq!(states(&view), vec!["sent", "sent"]);
    let err = failing(data, &["--at", NOW, "sync"]);
    assert!(err.contains("link to your clinic first"), "{err}");
}

#[test]
fn bad_invites_and_an_unreachable_server_leave_the_device_unlinked() {
    let clinic = Clinic::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (expired, _) = clinic.invite(73);
    let err = failing(data, &["clinic", "link", "--server", &clinic.url(), "--code", &expired]);
    assert!(err.contains("expired or was already used"), "{err}");
    let (code, _) = clinic.invite(0);
    ok(data, &["clinic", "link", "--server", &clinic.url(), "--code", &code]);
    let other = tempfile::tempdir().unwrap();
    let err =
        failing(other.path(), &["clinic", "link", "--server", &clinic.url(), "--code", &code]);
    assert!(err.contains("expired or was already used"), "used invite: {err}");
    let err = failing(
        other.path(),
        &["clinic", "link", "--server", &clinic.url(), "--code", "AAAA-BBBB-CCCC"],
    );
    assert!(err.contains("does not know this invite code"), "{err}");
    let err = failing(
        other.path(),
        &["clinic", "link", "--server", "http://127.0.0.1:9", "--code", &code],
    );
    assert!(err.contains("cannot be reached"), "{err}");
    let err = failing(
        other.path(),
        &["clinic", "link", "--server", "http://clinic.example", "--code", &code],
    );
    assert!(err.contains("https://"), "{err}");
    assert!(!other.path().join("clinic-token").exists());
    let status = ok(other.path(), &["clinic", "status"]);
    assert!(status.starts_with("Not linked"), "{status}");
}

#[test]
fn without_auto_share_an_urgent_result_offers_to_share_and_nothing_leaves_until_asked() {
    let clinic = Clinic::start();
    let (code, _) = clinic.invite(0);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    add_session(data);
    ok(data, &["--at", NOW, "clinic", "link", "--server", &clinic.url(), "--code", &code]);
    let out = ok(data, &urgent_checkin(&["--json"]));
    let result: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(result["offer_share"], true, "{result}");
    assert_eq!(clinic.count("checkins"), 0);
    let id = result["id"].as_i64().unwrap().to_string();
    let shared = ok(data, &["--at", NOW, "share", "--checkin", &id]);
    assert!(shared.contains("Outbox: 1 sent"), "{shared}");
    assert_eq!(clinic.count("checkins"), 1);
}

/// A check-in upload with `token`, straight to the server: its status.
fn upload_with(clinic: &Clinic, token: &str) -> u16 {
    let body = serde_json::json!({
        "recorded_at": "2026-11-22T10:00:00+01:00",
        "zone": "Europe/Paris",
        "level": "watch",
    });
    reqwest::blocking::Client::new()
        .post(format!("{}/api/v1/checkins", clinic.url()))
        .bearer_auth(token)
        .header("Idempotency-Key", "after-unlink-0001")
        .json(&body)
        .send()
        .unwrap()
        .status()
        .as_u16()
}

#[test]
fn unlinking_ends_the_access_at_the_clinic_and_the_portal_says_so() {
    let clinic = Clinic::start();
    let (code, patient_id) = clinic.invite(0);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(data, &["--at", NOW, "clinic", "link", "--server", &clinic.url(), "--code", &code]);
    let token = std::fs::read_to_string(data.join("clinic-token")).unwrap();
    let token = token.trim();
    assert_eq!(upload_with(&clinic, token), 201, "linked: the token works");

    let out = ok(data, &["clinic", "unlink"]);
    assert!(out.starts_with("Not linked"), "{out}");
    assert!(!data.join("clinic-token").exists());
    assert_eq!(upload_with(&clinic, token), 401);
    let page = clinic.portal_page(&patient_id);
    assert!(page.contains("unlinked by the patient"), "{page}");
}

#[test]
fn an_unreachable_clinic_keeps_the_link_until_the_patient_unlinks_here_only() {
    let mut clinic = Clinic::start();
    let (code, _) = clinic.invite(0);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(data, &["--at", NOW, "clinic", "link", "--server", &clinic.url(), "--code", &code]);
    let token = std::fs::read_to_string(data.join("clinic-token")).unwrap();
    clinic.kill();

    let err = failing(data, &["clinic", "unlink"]);
    assert!(
        err.contains("Glow Clinic could not be reached to end this phone's access: the clinic's server cannot be reached"),
        "{err}"
    );
    assert!(err.contains("Try again: afterglow clinic unlink"), "{err}");
    assert!(
        err.contains("Unlink on this phone only: afterglow clinic unlink --here-only"),
        "{err}"
    );
    assert!(err.contains("ends by itself after 90 days without use"), "{err}");
    assert!(data.join("clinic-token").exists(), "the token is kept");
    assert!(ok(data, &["clinic", "status"]).contains("Glow Clinic (http"));

    let out = ok(data, &["clinic", "unlink", "--here-only"]);
    assert!(out.starts_with("Not linked"), "{out}");
    assert!(!data.join("clinic-token").exists(), "no token kept after the local unlink");
    // The clinic never heard of it: the old token works until staff stop it or it expires.
    clinic.run();
    assert_eq!(upload_with(&clinic, token.trim()), 201);
}

/// `afterglow [global…] --at NOW checkin` with the urgent answers.
fn urgent_checkin<'a>(global: &[&'a str]) -> Vec<&'a str> {
    [global, &["--at", NOW, "checkin"], URGENT_ANSWERS].concat()
}
