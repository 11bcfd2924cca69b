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
use super::candidates::{Placed, dated, local_date};
use super::plan::{Candidate, Key, PlanInput, Relevance};
use super::text::{DAILY_UNTIL_DAY, Text};
use super::wallclock::at_local;
use crate::checkin::Level;

/// Without a results milestone, weekly check-ins after the newest session stop on this day.
const DEFAULT_LAST_DAY: i64 = 90;

struct Scheduled {
    session_id: i64,
    day: i64,
    date: NaiveDate,
    at: DateTime<Utc>,
}

fn schedule(
    input: &PlanInput<'_>,
    placed: &[Placed<'_>],
    last_date: Option<NaiveDate>,
) -> Vec<Scheduled> {
    let Some(evening) = input.prefs.evening.naive() else { return Vec::new() };
    let mut out = Vec::new();
    for p in placed {
        let last_day = match p.next_day0 {
            Some(next_day0) => (next_day0 - p.day0).num_days() - 1,
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
            if last_date.is_some_and(|last| date > last) {
                break;
            }
            let Some(at) = at_local(date, evening, input.zone) else { continue };
            if p.covers(at) {
                out.push(Scheduled { session_id: p.id(), day, date, at });
            }
        }
    }
    out.sort_by_key(|s| s.at);
    out
}

/// The patient's check-ins as [`CheckIns::answered`] asks of them: their local dates, sorted
/// once, and the latest instant (any check-in at or after a reminder is one after the latest).
struct CheckIns {
    dates: Vec<NaiveDate>,
    latest: Option<DateTime<Utc>>,
}

impl CheckIns {
    fn new(instants: &[DateTime<Utc>], zone: chrono_tz::Tz) -> Self {
        let mut dates: Vec<NaiveDate> = instants.iter().map(|c| local_date(*c, zone)).collect();
        dates.sort_unstable();
        dates.dedup();
        Self { dates, latest: instants.iter().max().copied() }
    }

    fn answered(&self, s: &Scheduled) -> bool {
        self.dates.binary_search(&s.date).is_ok() || self.latest.is_some_and(|c| c >= s.at)
    }
}

pub(super) fn candidates<'a>(
    input: &PlanInput<'a>,
    placed: &[Placed<'_>],
    last_date: Option<NaiveDate>,
    out: &mut Vec<Candidate<'a>>,
) {
    let Some(evening) = input.prefs.evening.naive() else { return };
    let check_ins = CheckIns::new(input.check_ins, input.zone);
    let scheduled = schedule(input, placed, last_date);
    for s in scheduled.iter().filter(|s| s.at > input.now && !check_ins.answered(s)) {
        out.push(Candidate {
            kind: ReminderKind::CheckIn,
            session_id: s.session_id,
            key: Key::Date(s.date),
            text: Text::CheckIn { day: s.day },
            at: s.at,
            meant_for: s.date.and_time(evening),
            relevance: Relevance::EndOfDay(s.date),
        });
    }
    if let Some(nudge) = nudge(input, &scheduled, &check_ins) {
        out.push(nudge);
    }
    if let Some(follow_up) = follow_up(input) {
        out.push(follow_up);
    }
}

/// One check-in reminder a fixed elapsed time after a flagged result, so a "watch" or "contact
/// your clinic" is looked at again rather than left until the evening routine. A newer check-in
/// replaces the flagged one as the newest, which cancels it.
fn follow_up<'a>(input: &PlanInput<'_>) -> Option<Candidate<'a>> {
    let flagged = input.follow_up.filter(|f| f.level > Level::Expected)?;
    let at = flagged.taken + flagged.after();
    Some(Candidate {
        kind: ReminderKind::CheckIn,
        session_id: flagged.session_id,
        key: Key::Rule("follow_up"),
        text: Text::FollowUp { level: flagged.level },
        at,
        meant_for: at.with_timezone(&input.zone).naive_local(),
        relevance: Relevance::Always,
    })
}

fn nudge<'a>(
    input: &PlanInput<'_>,
    scheduled: &[Scheduled],
    check_ins: &CheckIns,
) -> Option<Candidate<'a>> {
    let morning = input.prefs.morning.naive()?;
    let split = scheduled.partition_point(|s| s.at <= input.now);
    let (past, future) = scheduled.split_at(split);
    let target = match past {
        [.., before, last] if !check_ins.answered(last) => {
            check_ins.answered(before).then_some(last)
        }
        [last] if !check_ins.answered(last) => Some(last),
        _ => future.iter().find(|s| !check_ins.answered(s)),
    }?;
    let date = target.date.succ_opt()?;
    dated(
        input,
        (ReminderKind::CheckInNudge, target.session_id, Key::Date(target.date)),
        date,
        morning,
        Text::Nudge {
            missed: target.date,
            after_flag: input.follow_up.is_some_and(|f| f.level > Level::Expected),
        },
        Relevance::EndOfDay(date),
    )
}
