//! `afterglow export fhir` and `afterglow report` end to end: the real binary and data dir,
//! the Bundle checked by a third-party FHIR validator (Python `fhir.resources`), the PDF by
//! `qpdf --check` and `pdftotext`.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use afterglow_handlers::photo::testdata;
use serde_json::Value;

fn afterglow(data: &Path, at: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_afterglow"))
        .env("LC_ALL", "C") // English whatever the developer's locale
        .arg("--data-dir")
        .arg(data)
        .args(["--at", at])
        .args(args)
        .env("TZ", "Europe/London")
        .output()
        .unwrap()
}

fn ok(data: &Path, at: &str, args: &[&str]) -> String {
    let out = afterglow(data, at, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A session on 8 March, check-ins on days 1, 2 and 4, one camera photo on day 2.
fn record(dir: &Path) -> std::path::PathBuf {
    let data = dir.join("data");
    let session = ["session", "add", "--start", "2026-03-08T10:00", "--tz", "Europe/London"];
    ok(
        &data,
        "2026-03-08T12:00:00Z",
        &[&session[..], &["--depth-mm", "1.0", "--area", "face"]].concat(),
    );
    for (at, answers) in [
        (
            "2026-03-09T18:00:00Z",
            "--redness 3 --swelling 2 --pain 4 --itch 2 --temp-c 37.1 --discharge none",
        ),
        ("2026-03-10T18:00:00Z", "--redness 2 --swelling 1 --pain 2 --itch 5 --discharge clear"),
        (
            "2026-03-12T18:00:00Z",
            "--redness 3 --swelling 1 --pain 6 --itch 3 --temp-c 38.4 --discharge pus --warmth",
        ),
    ] {
        let mut args = vec!["checkin"];
        args.extend(answers.split_whitespace());
        ok(&data, at, &args);
    }
    let jpeg = dir.join("IMG_0001.JPG");
    std::fs::write(&jpeg, testdata::camera_jpeg(640, 480, 90, None)).unwrap();
    ok(&data, "2026-03-10T11:00:00Z", &["photo", "add", jpeg.to_str().unwrap(), "--area", "face"]);
    data
}

const NOW: &str = "2026-03-13T09:00:00Z";

#[test]
fn fhir_export_validates_with_fhir_resources() {
    let dir = tempfile::tempdir().unwrap();
    let data = record(dir.path());
    let out = dir.path().join("bundle.json");
    let printed: Value = serde_json::from_str(&ok(
        &data,
        NOW,
        &["--json", "export", "fhir", "--out", out.to_str().unwrap(), "--photo", "1"],
    ))
    .unwrap();
    assert_eq!(printed["out"], out.to_str().unwrap());
    assert_eq!((printed["checkins"].as_u64(), printed["photos"].as_u64()), (Some(3), Some(1)));

    // Same record, same Bundle (ids are derived, not random), apart from the timestamp.
    let again = dir.path().join("again.json");
    ok(&data, NOW, &["export", "fhir", "--out", again.to_str().unwrap(), "--photo", "1"]);
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());

    // An unknown photo is refused and nothing is written.
    let bad = dir.path().join("bad.json");
    let refused =
        afterglow(&data, NOW, &["export", "fhir", "--out", bad.to_str().unwrap(), "--photo", "9"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no photo 9"));
    assert!(!bad.exists());

    ensure_fhir_resources();
    let script = r#"
import sys, json, collections
from fhir.resources.R4B.bundle import Bundle
raw = open(sys.argv[1]).read()
bundle = Bundle.model_validate_json(raw) if hasattr(Bundle, "model_validate_json") else Bundle.parse_raw(raw)
counts = collections.Counter(e.resource.__resource_type__ if hasattr(e.resource, "__resource_type__") else type(e.resource).__name__ for e in bundle.entry)
codes = sorted({c.code for e in bundle.entry if type(e.resource).__name__ in ("Observation", "DocumentReference")
                for c in ((e.resource.code if type(e.resource).__name__ == "Observation" else e.resource.type).coding or [])})
print(json.dumps({"type": bundle.type, "counts": counts, "codes": codes}))
"#;
    let checked = Command::new("python3").args(["-c", script]).arg(&out).output().unwrap();
    assert!(
        checked.status.success(),
        "fhir.resources rejected the Bundle:\n{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    let summary: Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(summary["type"], "collection");
    let c = &summary["counts"];
    assert_eq!(c["Patient"], 1);
    assert_eq!(c["Procedure"], 1);
    assert_eq!(c["QuestionnaireResponse"], 3);
    assert_eq!(c["Observation"], 3 * 4 + 2, "4 per check-in + 2 temperatures");
    assert_eq!(c["DocumentReference"], 1);
    assert_eq!(c["Binary"], 1);
    assert_eq!(
        summary["codes"],
        serde_json::json!(["247441003", "267038008", "418290006", "72170-4", "72514-3", "8310-5"])
    );
}

/// Installs `fhir.resources` (8.x, whose `R4B` module validates FHIR 4.3, identical to R4 for the
/// resources exported) when missing; a failed install fails the test.
fn ensure_fhir_resources() {
    let has = |py: &str| {
        Command::new("python3").args(["-c", py]).output().is_ok_and(|o| o.status.success())
    };
    if has("import fhir.resources.R4B.bundle") {
        return;
    }
    let install = Command::new("python3")
        .args(["-m", "pip", "install", "-q", "fhir.resources>=7,<9"])
        .output()
        .expect("python3 is needed to validate the FHIR export");
    assert!(
        install.status.success() && has("import fhir.resources.R4B.bundle"),
        "could not install the FHIR validator (pip install 'fhir.resources>=7,<9'): {}",
        String::from_utf8_lossy(&install.stderr)
    );
}

/// `qpdf` and `pdftotext` (Debian: qpdf, poppler-utils). Missing under CI is a failure;
/// elsewhere the PDF checks are skipped with a note.
fn pdf_tools() -> bool {
    let present = |tool: &str| Command::new(tool).arg("--version").output().is_ok();
    if present("qpdf") && present("pdftotext") {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must install qpdf and pdftotext: apt-get install qpdf poppler-utils"
    );
    eprintln!(
        "note: qpdf/pdftotext missing (apt-get install qpdf poppler-utils): PDF checks skipped"
    );
    false
}

#[test]
fn pdf_report_opens_and_its_text_has_the_check_in_days() {
    let dir = tempfile::tempdir().unwrap();
    let data = record(dir.path());
    let out = dir.path().join("report.pdf");
    let printed: Value = serde_json::from_str(&ok(
        &data,
        NOW,
        &[
            "--json",
            "report",
            "--out",
            out.to_str().unwrap(),
            "--photo",
            "1",
            "--tz",
            "Europe/London",
        ],
    ))
    .unwrap();
    assert_eq!(printed["out"], out.to_str().unwrap());
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(printed["bytes"].as_u64(), Some(bytes.len() as u64));
    if !pdf_tools() {
        return;
    }
    let check = Command::new("qpdf").arg("--check").arg(&out).output().unwrap();
    assert!(check.status.success(), "qpdf --check: {}", String::from_utf8_lossy(&check.stdout));
    let text = Command::new("pdftotext").args(["-layout"]).arg(&out).arg("-").output().unwrap();
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    for needle in [
        "Afterglow recovery report",
        "Day 1",
        "Day 2",
        "Day 4",
        "2026-03-09 18:00",
        "2026-03-12 18:00",
        "contact clinic today",
        "needle depth 1.00 mm",
        "Generated 2026-03-13 09:00",
        "Photos (1)",
    ] {
        assert!(text.contains(needle), "`{needle}` not in the PDF text:\n{text}");
    }
}
