//! No patient data in logs: the CLI run through a demo, a session, a check-in and a photo with
//! every logging switch on (RUST_LOG=trace, RUST_BACKTRACE=full) writes nothing of the patient's
//! own words to stderr — the stream a log collector captures — including when it fails.
//! stdout is the answer the patient asked for and may show them; it is not checked here.
//! (The clinic server's log gets the same check in `clinic/tests/it/cli.rs`.)

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::path::Path;
use std::process::Output;

const MARKERS: &[&str] = &["Zebulon Quillfeather", "my cheek itches like mad", "left jawline"];

fn afterglow(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_afterglow"))
        .env("LC_ALL", "C") // English whatever the developer's locale
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("RUST_LOG", "trace")
        .env("RUST_BACKTRACE", "full")
        .output()
        .unwrap()
}

#[test]
fn patient_words_never_reach_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let photo = dir.path().join("face.jpg");
    std::fs::write(&photo, afterglow_handlers::photo::testdata::seeded_jpeg(64, 48, 9)).unwrap();
    let photo = photo.to_str().unwrap();
    let long_note = format!("{} {}", MARKERS[1], "x".repeat(2100));
    let session_notes = format!("patient {}", MARKERS[0]);
    let checkin = ["checkin", "--redness", "1", "--swelling", "0", "--pain", "2", "--itch", "6"];
    let runs: Vec<(Vec<&str>, bool)> = vec![
        (vec!["demo", "--tz", "Europe/Paris"], true),
        (vec!["session", "add", "--start", "2026-01-10T10:00", "--tz", "Europe/Paris"], false),
        (
            vec![
                "session",
                "add",
                "--start",
                "2026-01-10T10:00",
                "--tz",
                "Europe/Paris",
                "--depth-mm",
                "1",
                "--area",
                "face",
                "--notes",
                &session_notes,
            ],
            true,
        ),
        ([&checkin[..], &["--note", MARKERS[1], "--tz", "Europe/Paris"]].concat(), true),
        // Refused: the error must not quote the note back.
        ([&checkin[..], &["--note", &long_note]].concat(), false),
        (vec!["photo", "add", photo, "--note", MARKERS[2], "--tz", "Europe/Paris"], true),
        (vec!["photo", "add", photo, "--note", MARKERS[2]], false), // duplicate
        (vec!["checkin", "list", "--tz", "Europe/Paris"], true),
        (vec!["photo", "list", "--tz", "Europe/Paris"], true),
        (vec!["today", "--tz", "Europe/Paris"], true),
    ];
    let mut stdout_has_words = false;
    for (args, succeeds) in &runs {
        let out = afterglow(&data, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.success(), *succeeds, "{args:?}: {stderr}");
        for marker in MARKERS {
            assert!(!stderr.contains(marker), "{args:?} logged {marker:?}: {stderr}");
        }
        if *succeeds {
            assert!(stderr.is_empty(), "{args:?} wrote to stderr: {stderr}");
        }
        stdout_has_words |=
            MARKERS.iter().any(|m| String::from_utf8_lossy(&out.stdout).contains(m));
    }
    // The markers were really stored and shown where the patient asked (the test can fail).
    assert!(stdout_has_words, "the patient's words never appeared in the answers");
}
