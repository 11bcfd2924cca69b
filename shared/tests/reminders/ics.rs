//! The .ics export, read back by a real iCalendar parser (Python's `icalendar` package).
//!
//! The test installs `icalendar` with pip when it is missing; if Python or the package cannot
//! be had, the test fails (it never skips silently).

use std::io::Write;
use std::process::{Command, Stdio};

use shared::i18n::Language;
use shared::reminders::ics::{CalendarInput, calendar};

use crate::fixtures::*;

const PARSE: &str = r#"
import json, sys
import icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
errors = [str(e) for c in cal.walk() for e in getattr(c, "errors", [])]
events = [
    {"uid": str(e["UID"]), "summary": str(e["SUMMARY"]),
     "description": str(e.get("DESCRIPTION", "")),
     "start": e.decoded("DTSTART").isoformat()}
    for e in cal.walk("VEVENT")
]
print(json.dumps({"errors": errors, "events": events, "tz": str(cal.get("X-WR-TIMEZONE"))}))
"#;

fn python_has_icalendar() -> bool {
    Command::new("python3").args(["-c", "import icalendar"]).status().is_ok_and(|s| s.success())
}

fn parse_with_python(ics: &str) -> serde_json::Value {
    if !python_has_icalendar() {
        let installed = Command::new("python3")
            .args(["-m", "pip", "install", "-q", "icalendar"])
            .status()
            .is_ok_and(|s| s.success());
        assert!(installed && python_has_icalendar(), "python3 with `icalendar` is required");
    }
    let mut child = Command::new("python3")
        .args(["-c", PARSE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(ics.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "icalendar refused the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn export() -> (String, Vec<String>) {
    let z = zone("Europe/Paris");
    let mut setup = Setup::new(
        vec![
            session(1, at("2026-03-02T10:30", z), "Europe/Paris"),
            session(2, at("2026-04-06T10:30", z), "Europe/Paris"),
        ],
        z,
    );
    // Text that needs escaping and folding ends up in the file.
    setup.protocol.restrictions[0].unlock =
        "Makeup OK; use clean brushes, a new sponge\nand a gentle, fragrance-free remover — très doux".into();
    let now = at("2026-03-02T11:00", z);
    let plan = setup.plan(now);
    let ids = plan.iter().map(|r| format!("{}@afterglow.app", r.id)).collect();
    let ics = calendar(&CalendarInput {
        reminders: &plan,
        sessions: &setup.sessions,
        protocol: &setup.protocol,
        zone: z,
        now,
        language: Language::En,
    });
    (ics, ids)
}

#[test]
fn the_export_is_read_back_by_a_real_parser_with_every_event_and_uid() {
    let (ics, reminder_uids) = export();
    let parsed = parse_with_python(&ics);
    assert_eq!(parsed["errors"], serde_json::json!([]), "{parsed}");
    assert_eq!(parsed["tz"], "Europe/Paris");
    let events = parsed["events"].as_array().unwrap();
    // 6 milestones after session 1, 6 after session 2 (the results check only after the last).
    let milestones = 5 + 6;
    assert_eq!(events.len(), reminder_uids.len() + milestones);
    let uids: Vec<&str> = events.iter().map(|e| e["uid"].as_str().unwrap()).collect();
    for uid in &reminder_uids {
        assert!(uids.contains(&uid.as_str()), "{uid} missing");
    }
    assert!(uids.contains(&"milestone:2:results_check@afterglow.app"));
    assert!(!uids.contains(&"milestone:1:results_check@afterglow.app"));
    let mut unique = uids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), uids.len(), "UIDs are unique");
    let makeup = events.iter().find(|e| e["uid"] == "unlock:1:no_makeup@afterglow.app").unwrap();
    assert_eq!(
        makeup["summary"],
        "Makeup OK; use clean brushes, a new sponge\nand a gentle, fragrance-free remover — très doux"
    );
    assert_eq!(makeup["start"], "2026-03-03T09:30:00+00:00");
}

#[test]
fn the_export_has_crlf_lines_of_at_most_75_octets() {
    let (ics, _) = export();
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
    let mut folded = 0;
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        folded += usize::from(line.starts_with(' '));
    }
    assert!(folded > 0, "the long summary was folded");
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    assert_eq!(export().0, export().0);
}
