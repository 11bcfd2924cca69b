//! The bad-input catalogue (`reliability-research.md` §5), part 1: hostile or broken inputs to
//! the CLI, one line each. Every case must be refused with a clear error (exit code and a message
//! naming the problem) and must leave what is stored exactly as it was (see
//! `fixtures::fingerprint`).
//!
//! The catalogue is four test binaries (`bad_input_cli`, `bad_input_ffi`, `bad_input_clinic`,
//! `bad_input_disk_full`) so that a slow part (the clinic server, the tmpfs) cannot hold up or
//! time out the others; they share `fixtures.rs`.

// Helpers outside #[test] fns unwrap too: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used)]

mod fixtures;
mod hostile;

use std::path::Path;

use fixtures::{fingerprint, run, seeded_copy};
use hostile::*;

/// One CLI invocation: what to prepare, the arguments (`{file}` is the prepared file, `{huge}`
/// 100,000 characters), and the expected exit code and message (a substring of stderr).
pub struct CliCase {
    name: &'static str,
    setup: Setup,
    args: &'static [&'static str],
    code: i32,
    message: &'static str,
}

pub enum Setup {
    Nothing,
    /// Writes these bytes to `{file}` (outside the data dir).
    File(fn() -> Vec<u8>),
    /// Damages or replaces the data dir before the call.
    Tamper(fn(&Path)),
}

use Setup::{File, Nothing, Tamper};

const fn case(
    name: &'static str,
    setup: Setup,
    args: &'static [&'static str],
    code: i32,
    message: &'static str,
) -> CliCase {
    CliCase { name, setup, args, code, message }
}

#[rustfmt::skip]
static CLI_CASES: &[CliCase] = &[
    // dates, zones, clocks
    case("impossible date: 30 February", Nothing, &["session", "add", "--start", "2026-02-30T10:00", "--tz", "UTC", "--depth-mm", "1", "--area", "face"], 1, "2026-02-30T10:00"),
    case("month 13", Nothing, &["session", "add", "--start", "2026-13-01T10:00", "--tz", "UTC", "--depth-mm", "1", "--area", "face"], 1, "2026-13-01T10:00"),
    case("hour 25", Nothing, &["session", "add", "--start", "2026-03-01T25:00", "--tz", "UTC", "--depth-mm", "1", "--area", "face"], 1, "2026-03-01T25:00"),
    case("year beyond chrono's range", Nothing, &["session", "add", "--start", "+292278994-08-17T07:12:55Z", "--tz", "UTC", "--depth-mm", "1", "--area", "face"], 1, "+292278994"),
    case("session done in year 9999 (future)", Nothing, &["session", "add", "--start", "9999-12-31T23:59:59Z", "--tz", "UTC", "--depth-mm", "1", "--area", "face"], 1, "2 years ahead"),
    case("empty start", Nothing, &["session", "add", "--start", "", "--tz", "UTC", "--depth-mm", "1", "--area", "face"], 1, "cannot read `` as a date"),
    case("unknown zone", Nothing, &["session", "add", "--start", "2026-03-01T10:00", "--tz", "Mars/Olympus_Mons", "--depth-mm", "1", "--area", "face"], 1, "Mars/Olympus_Mons"),
    case("path-traversal zone", Nothing, &["session", "add", "--start", "2026-03-01T10:00", "--tz", "../../etc/passwd", "--depth-mm", "1", "--area", "face"], 1, "../../etc/passwd"),
    case("empty zone", Nothing, &["today", "--tz", ""], 1, "zone"),
    case("100,000-character zone", Nothing, &["today", "--tz", "{huge}"], 1, "zone"),
    case("--at that is not a date", Nothing, &["--at", "yesterday", "today", "--tz", "UTC"], 1, "yesterday"),
    case("clock moved back before the session", Nothing, &["--at", "2020-01-01T00:00:00Z", "checkin", "--redness", "1", "--swelling", "0", "--pain", "1", "--itch", "0", "--tz", "UTC"], 1, "session"),
    // numbers out of range
    case("needle depth 99 mm", Nothing, &["session", "add", "--start", "2026-03-01T10:00", "--tz", "UTC", "--depth-mm", "99", "--area", "face"], 1, "depth"),
    case("needle depth -1 mm", Nothing, &["session", "add", "--start", "2026-03-01T10:00", "--tz", "UTC", "--depth-mm", "-1", "--area", "face"], 1, "depth"),
    case("needle depth NaN", Nothing, &["session", "add", "--start", "2026-03-01T10:00", "--tz", "UTC", "--depth-mm", "NaN", "--area", "face"], 1, "depth"),
    case("unknown treated area", Nothing, &["session", "add", "--start", "2026-03-01T10:00", "--tz", "UTC", "--depth-mm", "1", "--area", "<script>"], 1, "<script>"),
    case("pain 11", Nothing, &["checkin", "--redness", "1", "--swelling", "0", "--pain", "11", "--itch", "0"], 1, "pain"),
    case("pain -1", Nothing, &["checkin", "--redness", "1", "--swelling", "0", "--pain", "-1", "--itch", "0"], 2, "unexpected argument '-1'"),
    case("pain \"seven\"", Nothing, &["checkin", "--redness", "1", "--swelling", "0", "--pain", "seven", "--itch", "0"], 2, "--pain"),
    case("temperature 1e309 (infinite)", Nothing, &["checkin", "--redness", "1", "--swelling", "0", "--pain", "1", "--itch", "0", "--temp-c", "1e309"], 1, "temperature"),
    case("temperature NaN", Nothing, &["checkin", "--redness", "1", "--swelling", "0", "--pain", "1", "--itch", "0", "--temp-c", "NaN"], 1, "temperature"),
    case("temperature 80 °C", Nothing, &["checkin", "--redness", "1", "--swelling", "0", "--pain", "1", "--itch", "0", "--temp-c", "80"], 1, "temperature"),
    case("unknown discharge", Nothing, &["checkin", "--redness", "1", "--swelling", "0", "--pain", "1", "--itch", "0", "--discharge", "'); DROP TABLE checkins;--"], 1, "unknown discharge"),
    case("100,000-character note", Nothing, &["checkin", "--redness", "1", "--swelling", "0", "--pain", "1", "--itch", "0", "--note", "{huge}"], 1, "too long"),
    case("quiet hours 25:00-07:00", Nothing, &["prefs", "set", "--quiet", "25:00-07:00"], 1, "25:00"),
    case("morning at 7 o'clock (no minutes)", Nothing, &["prefs", "set", "--morning", "7"], 1, "HH:MM"),
    case("reminder kind that does not exist", Nothing, &["prefs", "set", "--off", "everything"], 1, "everything"),
    // files
    case("zero-byte photo", File(empty), &["photo", "add", "{file}"], 1, "empty"),
    case("random bytes named .jpg", File(random_bytes), &["photo", "add", "{file}"], 1, "JPEG"),
    case("HTML named .jpg", File(html), &["photo", "add", "{file}"], 1, "JPEG"),
    case("SVG named .jpg", File(svg), &["photo", "add", "{file}"], 1, "JPEG"),
    case("PDF named .jpg", File(pdf), &["photo", "add", "{file}"], 1, "JPEG"),
    case("HEIC from an iPhone", File(heic), &["photo", "add", "{file}"], 1, "HEIC"),
    case("truncated JPEG", File(truncated_jpeg), &["photo", "add", "{file}"], 1, "incomplete"),
    case("JPEG header claiming 65000x65000", File(huge_dimensions_jpeg), &["photo", "add", "{file}"], 1, "65000"),
    case("PNG decompression bomb header (20000x20000)", File(png_bomb), &["photo", "add", "{file}"], 1, "20000"),
    case("31 MB file (over the 30 MB limit)", File(oversize), &["photo", "add", "{file}"], 1, "larger than 30 MB"),
    case("photo path that does not exist", Nothing, &["photo", "add", "/nonexistent/face.jpg"], 1, "cannot be read: entity not found"),
    case("photo id that does not exist", Nothing, &["photo", "delete", "999999"], 1, "999999"),
    case("care protocol that is not JSON", File(html), &["protocol", "use", "{file}"], 1, "care protocol: .: expected value"),
    case("care protocol in UTF-16", File(utf16_json), &["protocol", "use", "{file}"], 1, "UTF-8"),
    case("care protocol nested 10,000 deep", File(deep_json), &["protocol", "use", "{file}"], 1, "care protocol"),
    case("care protocol with binary bytes", File(random_bytes), &["protocol", "use", "{file}"], 1, "UTF-8"),
    case("care protocol: valid JSON, wrong shape", File(wrong_shape_json), &["protocol", "use", "{file}"], 1, "protocol"),
    // the database itself
    case("corrupt database (garbage header)", Tamper(corrupt_header), &["today", "--tz", "UTC"], 1, "not an Afterglow database"),
    case("database cut in half", Tamper(truncate_db), &["today", "--tz", "UTC"], 1, "damaged"),
    case("foreign SQLite file", Tamper(foreign_sqlite), &["today", "--tz", "UTC"], 1, "not an Afterglow database"),
    case("database from a newer version", Tamper(newer_version), &["today", "--tz", "UTC"], 1, "newer"),
    case("database path is a directory", Tamper(db_is_directory), &["today", "--tz", "UTC"], 1, "database"),
];

#[test]
fn cli_refuses_each_bad_input_and_keeps_the_record() {
    let failures: Vec<String> = CLI_CASES.iter().filter_map(check_cli_case).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CLI_CASES.len(),
        failures.join("\n")
    );
}

fn check_cli_case(case: &CliCase) -> Option<String> {
    let data = seeded_copy();
    let scratch = tempfile::tempdir().unwrap();
    let file = scratch.path().join("input.jpg");
    match case.setup {
        Nothing => {}
        File(bytes) => std::fs::write(&file, bytes()).unwrap(),
        Tamper(damage) => damage(data.path()),
    }
    let before = fingerprint(data.path());
    let huge = "x".repeat(100_000);
    let args: Vec<&str> = case
        .args
        .iter()
        .map(|a| match *a {
            "{file}" => file.to_str().unwrap(),
            "{huge}" => huge.as_str(),
            other => other,
        })
        .collect();
    let out = run(data.path(), &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code().unwrap_or(-1);
    let after = fingerprint(data.path());
    let mut problems = Vec::new();
    if code != case.code {
        problems.push(format!("exit {code}, expected {}", case.code));
    }
    if !stderr.contains(case.message) {
        problems.push(format!("stderr lacks {:?}", case.message));
    }
    if before != after {
        problems.push(format!("stored data changed:\n{before}->\n{after}"));
    }
    println!(
        "{:<50} exit {code}: {}",
        case.name,
        stderr.lines().next().unwrap_or("").chars().take(140).collect::<String>()
    );
    (!problems.is_empty())
        .then(|| format!("{}: {} (stderr: {})", case.name, problems.join("; "), stderr.trim()))
}
