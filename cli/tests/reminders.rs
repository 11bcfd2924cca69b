//! The real `afterglow` binary on a temporary data dir: reminders, their .ics export and the
//! reminder preferences.

// Test helpers outside `#[test]` functions may unwrap too (clippy.toml covers only the latter).
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

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

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = afterglow(dir, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(dir, &all)).unwrap()
}

fn with_a_session() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(
        dir.path(),
        &[
            "--at",
            "2026-03-02T12:00:00Z",
            "session",
            "add",
            "--start",
            "2026-03-02T10:30",
            "--tz",
            "Europe/London",
            "--depth-mm",
            "1.5",
            "--area",
            "face",
        ],
    );
    dir
}

#[test]
fn reminders_json_lists_the_window_with_the_documented_shape() {
    let dir = with_a_session();
    let list = json(
        dir.path(),
        &["reminders", "--from", "2026-03-02T11:00:00Z", "--tz", "Europe/London", "--limit", "5"],
    );
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 5);
    let first = list[0].as_object().unwrap();
    let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["body", "fire_at", "id", "kind", "local_time", "title"]);
    assert_eq!(first["id"], "check_in:1:2026-03-02");
    assert_eq!(first["kind"], "check_in");
    assert_eq!(first["fire_at"], "2026-03-02T20:00:00+00:00");
    assert_eq!(first["local_time"], "2026-03-02T20:00");

    // Travel: the same plan read in New York keeps 20:00 local, with New York's offset.
    let ny = json(
        dir.path(),
        &["reminders", "--from", "2026-03-02T11:00:00Z", "--tz", "America/New_York"],
    );
    let check_in = ny.as_array().unwrap().iter().find(|r| r["kind"] == "check_in").unwrap();
    assert_eq!(check_in["fire_at"], "2026-03-02T20:00:00-05:00");
    assert_eq!(
        ny.as_array().unwrap().len(),
        56,
        "the whole one-session plan fits the default cap of 60"
    );
}

#[test]
fn prefs_set_changes_the_plan_and_bad_prefs_change_nothing() {
    let dir = with_a_session();
    let prefs = json(
        dir.path(),
        &[
            "prefs",
            "set",
            "--morning",
            "07:45",
            "--evening",
            "21:00",
            "--quiet",
            "22:30-07:00",
            "--off",
            "check_in_nudge",
        ],
    );
    assert_eq!(prefs["morning"], "07:45");
    assert_eq!(prefs["quiet"], "22:30-07:00");
    assert_eq!(prefs["off"], serde_json::json!(["check_in_nudge"]));

    for bad in [
        vec!["prefs", "set", "--quiet", "07:00-07:00"],
        vec!["prefs", "set", "--morning", "23:00"],
        vec!["prefs", "set", "--evening", "25:00"],
        vec!["prefs", "set", "--off", "lunch"],
    ] {
        let out = afterglow(dir.path(), &bad);
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
        assert!(!out.stderr.is_empty());
    }
    let err = String::from_utf8(
        afterglow(dir.path(), &["prefs", "set", "--quiet", "07:00-07:00"]).stderr,
    )
    .unwrap();
    assert!(err.contains("whole day"), "{err}");
    assert_eq!(json(dir.path(), &["prefs", "show"]), prefs, "stored prefs survived bad input");

    let list =
        json(dir.path(), &["reminders", "--from", "2026-03-02T11:00:00Z", "--tz", "Europe/London"]);
    let list = list.as_array().unwrap();
    assert!(list.iter().all(|r| r["kind"] != "check_in_nudge"));
    let check_in = list.iter().find(|r| r["kind"] == "check_in").unwrap();
    assert_eq!(check_in["local_time"], "2026-03-02T21:00");
    let morning = list.iter().find(|r| r["kind"] == "morning_care").unwrap();
    assert_eq!(morning["local_time"], "2026-03-03T07:45");
}

#[test]
fn reminders_ics_writes_a_calendar_file() {
    let dir = with_a_session();
    let out = dir.path().join("plan.ics");
    let report = json(
        dir.path(),
        &[
            "reminders",
            "ics",
            "--out",
            out.to_str().unwrap(),
            "--from",
            "2026-03-02T11:00:00Z",
            "--tz",
            "Europe/London",
        ],
    );
    let ics = std::fs::read_to_string(&out).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    let events = ics.matches("BEGIN:VEVENT").count();
    assert_eq!(report["events"], events);
    assert_eq!(events, 56 + 6, "every pending reminder and the six milestones");
    assert!(ics.contains("UID:unlock:1:no_makeup@afterglow.app\r\n"));
    assert!(!dir.path().join("plan.ics.partial").exists());
}

#[test]
fn no_sessions_means_no_reminders() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(json(dir.path(), &["reminders", "--tz", "UTC"]), serde_json::json!([]));
    assert!(ok(dir.path(), &["reminders", "--tz", "UTC"]).contains("No reminders pending"));
}

/// Issue 15: a reminder-preference error reads in the patient's language (`--lang es`), worded
/// by the catalogue: a time that cannot be read, a kind that does not exist, quiet hours that
/// cover the whole day. Nothing is stored.
#[test]
fn bad_prefs_are_explained_in_spanish_with_lang_es() {
    let dir = with_a_session();
    let before = json(dir.path(), &["prefs", "show"]);
    let spanish = |args: &[&str]| {
        let mut all = vec!["--lang", "es"];
        all.extend_from_slice(args);
        let out = afterglow(dir.path(), &all);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let err = spanish(&["prefs", "set", "--evening", "25:00"]);
    assert!(err.contains("no se puede leer `25:00` como hora del día"), "{err}");
    let err = spanish(&["prefs", "set", "--off", "lunch"]);
    assert!(err.contains("No existe el tipo de recordatorio \"lunch\""), "{err}");
    assert!(err.contains("check_in_nudge"), "{err}");
    let err = spanish(&["prefs", "set", "--quiet", "07:00-07:00"]);
    assert!(err.contains("cubren todo el día"), "{err}");
    assert_eq!(json(dir.path(), &["prefs", "show"]), before, "nothing stored");
}

/// Issue 15: the terminal's own listings and flag errors come from the catalogue too
/// (i18n/terminal.rs): the preferences, the reminder plan's heading, the trend table's headings
/// and an unknown area, in Spanish with `--lang es` and in English without it.
#[test]
fn the_terminals_own_words_read_in_spanish_with_lang_es() {
    let dir = with_a_session();
    let es = |args: &[&str]| {
        let mut all = vec!["--lang", "es"];
        all.extend_from_slice(args);
        ok(dir.path(), &all)
    };
    let prefs = es(&["prefs", "show"]);
    assert!(prefs.contains("recordatorios de la mañana: "), "{prefs}");
    assert!(prefs.contains("horas de silencio: "), "{prefs}");
    assert!(ok(dir.path(), &["prefs", "show"]).contains("morning reminders: "));
    let plan = es(&["--at", "2026-03-02T12:00:00Z", "reminders", "--tz", "UTC"]);
    assert!(plan.contains("recordatorios programados (como máximo"), "{plan}");
    let trend = es(&["--at", "2026-03-03T12:00:00Z", "trend", "--tz", "UTC"]);
    let heading = trend.lines().next().unwrap_or_default();
    assert!(heading.contains("enrojecimiento") && heading.contains("hinchazón"), "{trend}");

    let mut args = vec!["--lang", "es", "photo", "add", "missing.jpg", "--area", "elbow"];
    let out = afterglow(dir.path(), &args);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("zona desconocida `elbow`; use una de: face"), "{err}");
    args.drain(..2);
    let out = afterglow(dir.path(), &args);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unknown area `elbow`; use one of: face"), "{err}");
}
