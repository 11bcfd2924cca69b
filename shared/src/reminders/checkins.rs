//! Check-in reminders and the missed-check-in nudge.
//!
//! The check-in is daily on days 0–7 after a session, then weekly until the next session (after
//! the newest session: until the results check). A day counts as answered when the patient
//! checked in on that local date, or at any time after its reminder.
//!
//! The nudge is "one gentle nudge, not a stream": at most one nudge is ever pending. It is
//! scheduled ahead for the next unanswered check-in day (the morning after it) so that it
//! arrives even if the app is not opened, and re-planning cancels it once the patient checks
//! in. After a missed day whose nudge has been sent, nothing more is nudged until the patient
//! checks in again (two missed days in a row mean the patient chose not to, not that they forgot).

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::ReminderKind;
use super::candidates::{AtTime, Placed, dated, day_label, end_of_day, local_date};
use super::plan::{Candidate, PlanInput};
use super::wallclock::at_local;
use crate::domain::clock;

/// Days after the session with a daily check-in (0–7).
const DAILY_UNTIL_DAY: i64 = 7;
/// Without a results milestone, weekly check-ins after the newest session stop on this day.
const DEFAULT_LAST_DAY: i64 = 90;

struct Scheduled {
    session_id: i64,
    day: i64,
    date: NaiveDate,
    at: DateTime<Utc>,
}

fn schedule(input: &PlanInput<'_>, placed: &[Placed<'_>]) -> Vec<Scheduled> {
    let Some(evening) = input.prefs.evening.naive() else { return Vec::new() };
    let mut out = Vec::new();
    for p in placed {
        let last_day = match p.next {
            Some(next) => {
                let zone = clock::parse_zone(&next.details.zone).unwrap_or(input.zone);
                (local_date(next.start(), zone) - p.day0).num_days() - 1
            }
            None => input
                .protocol
                .milestones
                .iter()
                .find(|m| m.last_session_only)
                .map_or(DEFAULT_LAST_DAY, |m| i64::from(m.after_hours.div_ceil(24))),
        };
        let days = (0..=DAILY_UNTIL_DAY.min(last_day))
            .chain((2..).map(|week| week * 7).take_while(|day| *day <= last_day));
        for day in days {
            let date = p.day0 + Duration::days(day);
            let Some(at) = at_local(date, evening, input.zone) else { continue };
            if p.covers(at) {
                out.push(Scheduled { session_id: p.id(), day, date, at });
            }
        }
    }
    out.sort_by_key(|s| s.at);
    out
}

fn answered(input: &PlanInput<'_>, s: &Scheduled) -> bool {
    input.check_ins.iter().any(|c| *c >= s.at || local_date(*c, input.zone) == s.date)
}

pub(super) fn candidates(input: &PlanInput<'_>, placed: &[Placed<'_>], out: &mut Vec<Candidate>) {
    let Some(evening) = input.prefs.evening.naive() else { return };
    let scheduled = schedule(input, placed);
    for s in scheduled.iter().filter(|s| s.at > input.now && !answered(input, s)) {
        let (title, body) = if s.day <= DAILY_UNTIL_DAY {
            (
                format!("Daily check-in · day {}", s.day),
                "How does your skin feel today? It takes under a minute.".to_owned(),
            )
        } else {
            (
                format!("Weekly check-in · week {}", s.day / 7),
                "A quick look at how your skin is doing. It takes under a minute.".to_owned(),
            )
        };
        out.extend(dated(
            input,
            s.session_id,
            s.date,
            evening,
            AtTime {
                kind: ReminderKind::CheckIn,
                key: s.date.to_string(),
                title,
                body,
                relevant_until: end_of_day(s.date, input.zone),
            },
        ));
    }
    if let Some(nudge) = nudge(input, &scheduled) {
        out.push(nudge);
    }
}

fn nudge(input: &PlanInput<'_>, scheduled: &[Scheduled]) -> Option<Candidate> {
    let morning = input.prefs.morning.naive()?;
    let split = scheduled.partition_point(|s| s.at <= input.now);
    let (past, future) = scheduled.split_at(split);
    let target = match past {
        [.., before, last] if !answered(input, last) => answered(input, before).then_some(last),
        [last] if !answered(input, last) => Some(last),
        _ => future.iter().find(|s| !answered(input, s)),
    }?;
    let date = target.date.succ_opt()?;
    dated(
        input,
        target.session_id,
        date,
        morning,
        AtTime {
            kind: ReminderKind::CheckInNudge,
            key: target.date.to_string(),
            title: "Yesterday's check-in is still open".into(),
            body: format!(
                "No pressure: if you have a minute, tell us how your skin felt on {}. If anything worries you, contact your clinic.",
                day_label(target.date)
            ),
            relevant_until: end_of_day(date, input.zone),
        },
    )
}
