//! The built `afterglow` binary on a real data dir: check-ins triage as the vignette table says,
//! bad input is refused without losing anything, and history and trend persist across runs.

// Test and bench helpers may unwrap: a failed unwrap here is a failed run, not a patient's crash.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use rstest::rstest;
use serde_json::Value;

/// The session every test starts from: 2026-03-01 09:00 UTC, 1.0 mm (expected redness: 3 days).
const SESSION_START: &str = "2026-03-01T09:00:00Z";

fn afterglow(dir: &Path, at: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_afterglow"))
        .env("LC_ALL", "C") // English whatever the developer's locale
        .arg("--data-dir")
        .arg(dir)
        .args(["--at", at, "--json"])
        .args(args)
        .env("TZ", "UTC")
        .output()
        .unwrap()
}

fn ok_json(dir: &Path, at: &str, args: &[&str]) -> Value {
    let out = afterglow(dir, at, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn error_of(dir: &Path, at: &str, args: &[&str]) -> String {
    let out = afterglow(dir, at, args);
    assert!(!out.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn with_session(depth_mm: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let args = ["session", "add", "--start", SESSION_START, "--tz", "UTC", "--depth-mm", depth_mm];
    ok_json(dir.path(), SESSION_START, &[&args[..], &["--area", "face"]].concat());
    dir
}

/// "now" = the session start plus `day` days and `hour` hours.
fn at(day: u32, hour: u32) -> String {
    format!("2026-03-{:02}T{:02}:00:00Z", 1 + day, 9 + hour)
}

fn checkin(dir: &Path, now: &str, answers: &str) -> Value {
    let mut args = vec!["checkin"];
    args.extend(answers.split_whitespace());
    ok_json(dir, now, &args)
}

const CALM: &str = "--redness 0 --swelling 0 --pain 0 --itch 0 --temp-c 36.8 --discharge none";

#[rstest]
#[case::day3_red_warm_oozing_cheek(
    "1.0",
    None,
    3,
    "--redness 3 --swelling 1 --pain 3 --itch 0 --warmth --discharge pus",
    "contact_clinic",
    &["C1"]
)]
#[case::day1_bright_red_sunburn_feeling(
    "1.0",
    None,
    1,
    "--redness 3 --swelling 1 --pain 2 --itch 1 --warmth --temp-c 36.9 --discharge none",
    "expected",
    &["E1"]
)]
#[case::allergy("1.0", None, 0, "--redness 2 --swelling 1 --pain 1 --itch 0 --allergy", "urgent", &["U1"])]
#[case::fever_f_100_4(
    "1.0",
    None,
    4,
    "--redness 0 --swelling 0 --pain 1 --itch 0 --temp-f 100.4 --discharge none",
    "contact_clinic",
    &["C2"]
)]
#[case::fever_c_37_9(
    "1.0",
    None,
    4,
    "--redness 0 --swelling 0 --pain 1 --itch 0 --temp-c 37.9 --discharge none",
    "expected",
    &["E3"]
)]
#[case::worse_than_yesterday_on_day2(
    "1.0",
    Some("--redness 1 --swelling 0 --pain 1 --itch 0 --temp-c 36.8 --discharge none"),
    2,
    "--redness 2 --swelling 0 --pain 1 --itch 0 --temp-c 36.8 --discharge none",
    "contact_clinic",
    &["C3"]
)]
#[case::redness_lasting_past_its_end("0.5", None, 4, "--redness 2 --swelling 0 --pain 0 --itch 0", "contact_clinic", &["C7"])]
#[case::deep_red_on_day1("1.0", None, 1, "--redness 4 --swelling 1 --pain 2 --itch 0", "watch", &["W1"])]
// Clinical review, minor 23: no thermometer is an answer ("feeling feverish" is asked instead).
#[case::no_thermometer_is_an_answer(
    "1.0",
    None,
    1,
    "--redness 2 --swelling 0 --pain 1 --itch 0 --discharge none",
    "expected",
    &["E1"]
)]
#[case::sepsis_signs_are_urgent(
    "1.0",
    None,
    3,
    "--redness 1 --swelling 0 --pain 1 --itch 0 --discharge none --systemic",
    "urgent",
    &["U6"]
)]
fn vignettes_triage_as_the_table_says(
    #[case] depth_mm: &str,
    #[case] yesterday: Option<&str>,
    #[case] day: u32,
    #[case] answers: &str,
    #[case] level: &str,
    #[case] rules: &[&str],
) {
    let dir = with_session(depth_mm);
    if let Some(yesterday) = yesterday {
        checkin(dir.path(), &at(day - 1, 0), yesterday);
    }
    let result = checkin(dir.path(), &at(day, 1), answers);
    assert_eq!(result["level"], level, "{result}");
    assert_eq!(result["rules"], serde_json::json!(rules), "{result}");
    assert_eq!(result["day_index"], day);
    assert_eq!(result["flagged_for_sharing"], level == "contact_clinic" || level == "urgent");
    let advice = result["advice"].as_str().unwrap();
    if level == "contact_clinic" {
        assert!(advice.contains(&format!("not what we expect on day {day}")), "{advice}");
    }
}

#[test]
fn history_and_trend_persist_across_runs() {
    let dir = with_session("1.0");
    let d = dir.path();
    checkin(
        d,
        &at(1, 0),
        "--redness 3 --swelling 1 --pain 2 --itch 0 --temp-c 36.8 --discharge none",
    );
    // Two check-ins within a minute on day 3: both kept, the latest counts for the day.
    checkin(d, "2026-03-04T12:00:00Z", "--redness 1 --swelling 0 --pain 1 --itch 0 --note שלום");
    let last = checkin(d, "2026-03-04T12:00:40Z", CALM);
    assert_eq!(last["level"], "expected");

    let history = ok_json(d, &at(5, 0), &["checkin", "list"]);
    let entries = history.as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0]["taken"], "2026-03-04T12:00:40+00:00");
    assert_eq!(entries[0]["counts_for_day"], true);
    assert_eq!(entries[1]["counts_for_day"], false);
    assert_eq!(entries[1]["note"], "שלום");
    assert_eq!(entries[2]["day_index"], 1);
    assert_eq!(entries[2]["temperature"], "36.8 °C");

    let trend = ok_json(d, &at(5, 0), &["trend"]);
    let days = trend.as_array().unwrap();
    assert_eq!(days.len(), 8, "days 0 to the 7-day ceiling");
    assert_eq!(days[0]["redness"], Value::Null);
    assert_eq!(days[1]["redness"], 3);
    assert_eq!(days[3]["redness"], 0, "the latest check-in of day 3 counts");
    assert_eq!(days[3]["level"], "expected");
    assert_eq!(days[1]["expected"]["redness_max"], 3);
    assert_eq!(days[4]["expected"]["redness_max"], 0, "1.0 mm: redness expected for 3 days");
    assert_eq!(days[6]["future"], true);
}

#[test]
fn bad_input_is_refused_and_nothing_is_lost() {
    let empty = tempfile::tempdir().unwrap();
    let message = error_of(
        empty.path(),
        &at(0, 1),
        &["checkin", "--redness", "1", "--swelling", "0", "--pain", "0", "--itch", "0"],
    );
    assert!(message.contains("add your session first"), "{message}");

    let dir = with_session("1.0");
    let d = dir.path();
    checkin(d, &at(1, 0), CALM);
    let base = ["checkin", "--redness", "1", "--swelling", "0", "--pain", "0", "--itch", "0"];
    let long_note = "x".repeat(100 * 1024);
    for (extra, expected) in [
        (vec!["--temp-c", "60"], "check the thermometer reading"),
        (vec!["--temp-c", "20"], "check the thermometer reading"),
        (vec!["--temp-f", "120"], "check the thermometer reading"),
        (vec!["--note", long_note.as_str()], "too long"),
        (vec!["--note", "bell\u{7}"], "control characters"),
        (vec!["--discharge", "green"], "unknown discharge"),
    ] {
        let message = error_of(d, &at(2, 0), &[&base[..], &extra[..]].concat());
        assert!(message.contains(expected), "{extra:?}: {message}");
    }
    let message = error_of(
        d,
        &at(2, 0),
        &["checkin", "--redness", "9", "--swelling", "0", "--pain", "0", "--itch", "0"],
    );
    assert!(message.contains("redness must be a whole number from 0 to 4, not 9"), "{message}");
    let history = ok_json(d, &at(2, 0), &["checkin", "list"]);
    assert_eq!(history.as_array().unwrap().len(), 1, "the stored check-in is still there, alone");
}

/// Issue "Every word from the core": the CLI speaks the patient's language from `--lang` or,
/// without it, the environment's locale; the triage itself does not change with it.
#[test]
fn the_advice_reads_in_spanish_from_lang_or_the_locale() {
    let dir = with_session("1.0");
    let urgent = "--redness 2 --swelling 1 --pain 1 --itch 0 --allergy";
    let english = checkin(dir.path(), &at(0, 1), urgent);
    let mut args = vec!["--lang", "es", "checkin"];
    args.extend(urgent.split_whitespace());
    let spanish = ok_json(dir.path(), &at(0, 2), &args);
    assert_eq!(spanish["level"], english["level"]);
    assert_eq!(spanish["rules"], english["rules"]);
    let advice = spanish["advice"].as_str().unwrap();
    assert!(advice.contains("Llame ahora"), "{advice}");
    assert_ne!(advice, english["advice"].as_str().unwrap());
    let from_locale = Command::new(env!("CARGO_BIN_EXE_afterglow"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["--at", &at(0, 3), "--json", "checkin"])
        .args(urgent.split_whitespace())
        .env("TZ", "UTC")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "es_MX.UTF-8")
        .output()
        .unwrap();
    assert!(from_locale.status.success(), "{}", String::from_utf8_lossy(&from_locale.stderr));
    let from_locale: Value = serde_json::from_slice(&from_locale.stdout).unwrap();
    assert_eq!(from_locale["advice"], spanish["advice"]);
}
