//! iCalendar (RFC 5545) export of the reminders and the series' milestones.
//!
//! Times are written in UTC (`DTSTART:20260309T200000Z`) with no VTIMEZONE. Every event is a
//! single occurrence whose instant the planner already resolved in the patient's zone (DST,
//! travel, quiet hours), so UTC loses nothing; and UTC is the one form Google Calendar, Apple
//! Calendar and Outlook all import the same way, whereas a hand-built VTIMEZONE (chrono-tz does
//! not expose transition rules) would risk a subtly wrong offset. The zone still travels as
//! `X-WR-TIMEZONE` (a display hint Google and Apple read) and in each description.

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use chrono_tz::Tz;

use super::Reminder;
use crate::domain::Session;
use crate::i18n::{Language, fill};
use crate::protocol::CareProtocol;

/// Domain part of every UID, so ids stay unique in the patient's calendar.
const UID_DOMAIN: &str = "afterglow.app";
/// How long a reminder event lasts in the calendar.
const REMINDER_MINUTES: i64 = 15;
/// How long a point milestone lasts in the calendar.
const MILESTONE_MINUTES: i64 = 30;

/// What the export reads. `reminders` should be the uncapped plan (a file has no platform cap).
#[derive(Clone, Copy, Debug)]
pub struct CalendarInput<'a> {
    pub reminders: &'a [Reminder],
    pub sessions: &'a [Session],
    pub protocol: &'a CareProtocol,
    /// The patient's current zone (named in the file; times are UTC).
    pub zone: Tz,
    /// Written as DTSTAMP, so the same inputs give the same bytes.
    pub now: DateTime<Utc>,
    /// The language of the calendar's own words (the reminders' are written by the planner).
    pub language: Language,
}

/// The `.ics` text: CRLF line ends, lines folded at 75 octets, text values escaped.
pub fn calendar(input: &CalendarInput<'_>) -> String {
    let words = &input.language.words().reminders;
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Afterglow//Aftercare reminders//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape(words.calendar_name)),
        format!("X-WR-TIMEZONE:{}", input.zone.name()),
    ];
    let stamp = utc(input.now);
    for r in input.reminders {
        let local = r.meant_for;
        let description = fill(
            words.calendar_meant_for,
            &[
                ("body", &r.body),
                ("time", &format!("{:02}:{:02}", local.hour(), local.minute())),
                ("day", &super::text::day_label(input.language, local.date())),
                ("year", &local.year().to_string()),
                ("zone", input.zone.name()),
            ],
        );
        lines.extend([
            "BEGIN:VEVENT".into(),
            format!("UID:{}", escape(&format!("{}@{UID_DOMAIN}", r.id))),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART:{}", utc(r.fire_at)),
            format!("DTEND:{}", utc(r.fire_at + Duration::minutes(REMINDER_MINUTES))),
            format!("SUMMARY:{}", escape(&r.title)),
            format!("DESCRIPTION:{}", escape(&description)),
            format!("CATEGORIES:{}", escape(r.kind.key())),
            "TRANSP:TRANSPARENT".into(),
            "BEGIN:VALARM".into(),
            "ACTION:DISPLAY".into(),
            format!("DESCRIPTION:{}", escape(&r.title)),
            "TRIGGER:PT0M".into(),
            "END:VALARM".into(),
            "END:VEVENT".into(),
        ]);
    }
    let mut sessions: Vec<&Session> = input.sessions.iter().collect();
    sessions.sort_by_key(|s| (s.details.start_utc_ms, s.id));
    for (i, session) in sessions.iter().enumerate() {
        let is_last = i + 1 == sessions.len();
        for m in input.protocol.milestones.iter().filter(|m| !m.last_session_only || is_last) {
            let start = session.after(m.after_hours);
            let end = m
                .until_hours
                .map_or(start + Duration::minutes(MILESTONE_MINUTES), |h| session.after(h));
            lines.extend([
                "BEGIN:VEVENT".into(),
                format!(
                    "UID:{}",
                    escape(&format!("milestone:{}:{}@{UID_DOMAIN}", session.id, m.id))
                ),
                format!("DTSTAMP:{stamp}"),
                format!("DTSTART:{}", utc(start)),
                format!("DTEND:{}", utc(end)),
                format!("SUMMARY:{}", escape(&m.title)),
                format!(
                    "DESCRIPTION:{}",
                    escape(&fill(
                        words.calendar_after_session,
                        &[("number", &(i + 1).to_string())]
                    ))
                ),
                "CATEGORIES:milestone".into(),
                "TRANSP:TRANSPARENT".into(),
                "END:VEVENT".into(),
            ]);
        }
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in &lines {
        fold_into(line, &mut out);
    }
    out
}

/// `20260309T200000Z` (by hand: chrono's `format` re-parses its pattern on every call).
fn utc(instant: DateTime<Utc>) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        instant.year(),
        instant.month(),
        instant.day(),
        instant.hour(),
        instant.minute(),
        instant.second()
    )
}

/// RFC 5545 §3.3.11 TEXT escaping: backslash, semicolon, comma and newline.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 §3.1: lines of at most 75 octets (CRLF excluded), continued with CRLF + one space,
/// never splitting a UTF-8 character.
fn fold_into(line: &str, out: &mut String) {
    if line.len() <= 75 {
        out.push_str(line);
        out.push_str("\r\n");
        return;
    }
    let mut budget = 75;
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > budget {
            out.push_str("\r\n ");
            used = 0;
            budget = 74; // the leading space counts
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_times_are_basic_format() {
        let t = DateTime::parse_from_rfc3339("2026-03-09T20:05:07+00:00").unwrap().to_utc();
        assert_eq!(utc(t), "20260309T200507Z");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let line = format!("DESCRIPTION:{}", "é".repeat(100));
        let mut out = String::new();
        fold_into(&line, &mut out);
        let physical: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(physical.len() > 2);
        for (i, l) in physical.iter().enumerate() {
            assert!(l.len() <= 75, "line {i} has {} octets", l.len());
            if i > 0 {
                assert!(l.starts_with(' '));
            }
        }
        let unfolded: String = out.replace("\r\n ", "").trim_end().to_owned();
        assert_eq!(unfolded, line);
    }

    #[test]
    fn short_lines_are_left_alone() {
        let mut out = String::new();
        fold_into("VERSION:2.0", &mut out);
        assert_eq!(out, "VERSION:2.0\r\n");
    }
}
