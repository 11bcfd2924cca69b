//! The real `afterglow` binary on a temporary data dir: the commands, their JSON, and bad input
//! that must fail clearly without changing what is stored.

// Helpers outside #[test] fns unwrap too: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const NY_MORNING: &str = "2026-03-08T09:00:00-04:00";

fn afterglow(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_afterglow"))
        .env("LC_ALL", "C") // English whatever the developer's locale
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("AFTERGLOW_DATA_DIR")
        .output()
        .unwrap()
}

fn ok_json(dir: &Path, args: &[&str]) -> Value {
    let out = afterglow(dir, &[&["--json"], args].concat());
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn add_dst_session(dir: &Path) {
    let out = afterglow(
        dir,
        &[
            "--at",
            NY_MORNING,
            "session",
            "add",
            "--start",
            "2026-03-07T22:00",
            "--tz",
            "America/New_York",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "missing --depth-mm and --area must be a usage error");
    ok_json(
        dir,
        &[
            "--at",
            NY_MORNING,
            "session",
            "add",
            "--start",
            "2026-03-07T22:00",
            "--tz",
            "America/New_York",
            "--depth-mm",
            "1.0",
            "--area",
            "face",
            "--area",
            "neck",
        ],
    );
}

#[test]
fn the_dst_case_from_the_issue() {
    let dir = tempfile::tempdir().unwrap();
    add_dst_session(dir.path());
    let today = ok_json(dir.path(), &["--at", NY_MORNING, "today", "--tz", "America/New_York"]);
    assert_eq!(today["day_index"], 0);
    assert_eq!(today["phase"], "fresh");
    let makeup =
        today["restrictions"].as_array().unwrap().iter().find(|r| r["id"] == "no_makeup").unwrap();
    assert_eq!(makeup["until"], "2026-03-08T23:00:00-04:00");
    for id in ["no_sweating", "no_sun", "no_actives", "no_swimming_sauna", "no_picking"] {
        assert!(today["restrictions"].as_array().unwrap().iter().any(|r| r["id"] == id), "{id}");
    }
    assert!(today["expected"].as_array().unwrap().iter().all(Value::is_string));
    assert!(
        today["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["id"].is_string() && m["at"].is_string())
    );
    assert!(today["prep_tasks"].is_array());
}

#[test]
fn the_patient_zone_changes_how_times_read() {
    let dir = tempfile::tempdir().unwrap();
    add_dst_session(dir.path());
    let today = ok_json(dir.path(), &["--at", NY_MORNING, "today", "--tz", "Asia/Tokyo"]);
    let makeup =
        today["restrictions"].as_array().unwrap().iter().find(|r| r["id"] == "no_makeup").unwrap();
    assert_eq!(makeup["until"], "2026-03-09T12:00:00+09:00");
}

#[test]
fn sessions_timeline_profile_and_protocol_persist_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    add_dst_session(dir.path());
    let planned = ok_json(
        dir.path(),
        &[
            "--at",
            NY_MORNING,
            "session",
            "add",
            "--start",
            "2026-04-12T10:00",
            "--tz",
            "America/New_York",
            "--depth-mm",
            "1.5",
            "--area",
            "face",
            "--planned",
            "--screen",
            "breastfeeding",
        ],
    );
    assert_eq!(planned["planned"], true);
    let sessions = ok_json(dir.path(), &["--at", NY_MORNING, "session", "list"]);
    assert_eq!(sessions.as_array().unwrap().len(), 2);

    let profile =
        ok_json(dir.path(), &["profile", "set", "--cold-sores", "true", "--fitzpatrick", "5"]);
    assert_eq!(profile["profile"]["fitzpatrick"], 5);
    let warnings: Vec<&str> =
        profile["warnings"].as_array().unwrap().iter().map(|w| w["id"].as_str().unwrap()).collect();
    assert!(
        warnings.contains(&"warn_cold_sores") && warnings.contains(&"warn_pigmentation"),
        "{warnings:?}"
    );

    let later = "2026-04-01T09:00:00-04:00";
    let today = ok_json(dir.path(), &["--at", later, "today", "--tz", "America/New_York"]);
    let prep: Vec<&str> =
        today["prep_tasks"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert!(prep.contains(&"antiviral"), "{prep:?}");
    // The booked session's screening answer is something to discuss before it (major 15).
    let warnings: Vec<&str> =
        today["warnings"].as_array().unwrap().iter().map(|w| w["id"].as_str().unwrap()).collect();
    assert!(warnings.contains(&"screening_breastfeeding"), "{warnings:?}");

    let timeline = ok_json(dir.path(), &["--at", later, "timeline", "--tz", "America/New_York"]);
    let entries = timeline.as_array().unwrap();
    assert_eq!(entries.iter().filter(|e| e["kind"] == "session").count(), 2);

    let protocol = dir.path().join("clinic.json");
    let json = shared_default()
        .replace("\"afterglow_default\"", "\"clinic_x\"")
        .replace("\"hours\": 24,", "\"hours\": 48,");
    std::fs::write(&protocol, json).unwrap();
    let used = ok_json(dir.path(), &["protocol", "use", protocol.to_str().unwrap()]);
    assert_eq!(used["id"], "clinic_x");
    let today = ok_json(dir.path(), &["--at", NY_MORNING, "today", "--tz", "America/New_York"]);
    let makeup =
        today["restrictions"].as_array().unwrap().iter().find(|r| r["id"] == "no_makeup").unwrap();
    assert_eq!(makeup["until"], "2026-03-09T23:00:00-04:00");
}

fn shared_default() -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_afterglow"))
        .env("LC_ALL", "C") // English whatever the developer's locale
        .args(["protocol", "template"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// Each bad input exits non-zero with a message naming the problem, and stores nothing.
#[test]
fn bad_input_is_refused_clearly_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    add_dst_session(dir.path());
    let db = dir.path().join("afterglow.db");
    let sessions_before = ok_json(dir.path(), &["--at", NY_MORNING, "session", "list"]);
    let add = |start: &str, tz: &str, depth: &str, extra: &[&str]| -> Vec<String> {
        let mut args = vec![
            "--at",
            NY_MORNING,
            "session",
            "add",
            "--start",
            start,
            "--tz",
            tz,
            "--depth-mm",
            depth,
            "--area",
            "face",
        ];
        args.extend_from_slice(extra);
        args.into_iter().map(String::from).collect()
    };
    let bad: Vec<(Vec<String>, &str)> = vec![
        (add("2026-03-07T22:00", "Mars/Olympus", "1", &[]), "unknown time zone"),
        (add("yesterday at noon", "Europe/Paris", "1", &[]), "cannot read"),
        (add("2026-02-30T10:00", "Europe/Paris", "1", &[]), "cannot read"),
        (add("2026-03-08T02:30", "America/New_York", "1", &[]), "does not exist"),
        (add("2026-03-07T22:00", "Europe/Paris", "-1", &[]), "not a number"),
        (add("2026-03-07T22:00", "Europe/Paris", "0", &[]), "more than 0 mm"),
        (add("2026-03-07T22:00", "Europe/Paris", "3.5", &[]), "outside what Afterglow covers"),
        (add("1990-03-07T22:00", "Europe/Paris", "1", &[]), "10 years"),
        (add("2031-03-07T22:00", "Europe/Paris", "1", &[]), "2 years ahead"),
        (add("2026-03-01T22:00", "Europe/Paris", "1", &["--planned"]), "future"),
        (
            add("2026-03-07T22:00", "Europe/Paris", "1", &["--notes", "bell\u{7}"]),
            "control characters",
        ),
        (
            vec![
                "session".into(),
                "add".into(),
                "--start".into(),
                "2026-03-07T22:00".into(),
                "--tz".into(),
                "Europe/Paris".into(),
                "--depth-mm".into(),
                "1".into(),
                "--area".into(),
                "elbow".into(),
            ],
            "unknown area",
        ),
        (vec!["--at".into(), "not-a-time".into(), "today".into()], "--at"),
        (vec!["today".into(), "--tz".into(), "Nowhere/City".into()], "unknown time zone"),
        (
            vec!["profile".into(), "set".into(), "--fitzpatrick".into(), "9".into()],
            "no skin type 9",
        ),
    ];
    for (args, expected) in bad {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = afterglow(dir.path(), &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: expected `{expected}` in: {stderr}");
    }
    let protocols = [
        ("{\"format\": 1,", "care protocol"),
        (r#"{"format": 1, "id": "x", "shoe_size": 4}"#, "shoe_size"),
    ];
    for (json, expected) in protocols {
        let file = dir.path().join("bad.json");
        std::fs::write(&file, json).unwrap();
        let out = afterglow(dir.path(), &["protocol", "use", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains(expected));
    }
    let overlapping = shared_default().replace("\"from_hours\": 24 }", "\"from_hours\": 0 }");
    let file = dir.path().join("overlap.json");
    std::fs::write(&file, overlapping).unwrap();
    let out = afterglow(dir.path(), &["protocol", "use", file.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("phases[1].from_hours"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    assert_eq!(ok_json(dir.path(), &["--at", NY_MORNING, "session", "list"]), sessions_before);
    assert_eq!(ok_json(dir.path(), &["protocol", "show"])["is_default"], true);
    assert!(db.exists());
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    add_dst_session(dir.path());
    let db = dir.path().join("afterglow.db");
    bump_user_version(&db);
    let before = std::fs::read(&db).unwrap();
    let out = afterglow(dir.path(), &["today"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer version of Afterglow"));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// Sets user_version far ahead with the sqlite3 header field (offset 60), as a newer app would.
fn bump_user_version(db: &Path) {
    // Checkpoint the WAL into the main file first so the header edit is the whole truth.
    let _ = afterglow(db.parent().unwrap(), &["session", "list"]);
    let mut bytes = std::fs::read(db).unwrap();
    bytes[60..64].copy_from_slice(&999_u32.to_be_bytes());
    std::fs::write(db, bytes).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(db.with_file_name(format!("afterglow.db{suffix}")));
    }
}

#[test]
fn demo_seeds_a_series_and_shows_today() {
    let dir = tempfile::tempdir().unwrap();
    let today = ok_json(dir.path(), &["demo", "--tz", "Europe/London"]);
    assert_eq!(today["day_index"], 0);
    assert!(!today["restrictions"].as_array().unwrap().is_empty());
    assert!(!today["prep_tasks"].as_array().unwrap().is_empty());
    // Running it again does not seed twice.
    ok_json(dir.path(), &["demo", "--tz", "Europe/London"]);
    assert_eq!(ok_json(dir.path(), &["session", "list"]).as_array().unwrap().len(), 3);
}
