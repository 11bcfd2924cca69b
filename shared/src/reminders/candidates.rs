//! Candidate reminders of every kind, before quiet hours and the rolling window apply.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::ReminderKind;
use super::checkins;
use super::plan::{Candidate, Key, PlanInput, Relevance};
use super::text::Text;
use super::wallclock::at_local;
use crate::domain::{Session, clock};

/// A session with what the planner needs to know about its place in the series.
pub(super) struct Placed<'a> {
    pub session: &'a Session,
    pub start: DateTime<Utc>,
    next_start: Option<DateTime<Utc>>,
    /// The zone where the session happened (the planning zone if the stored name is unknown).
    pub zone: Tz,
    /// The session's local date in that zone: day 0 of its recovery.
    pub day0: NaiveDate,
    pub next: Option<&'a Session>,
    /// The next session's day 0, in its own zone.
    pub next_day0: Option<NaiveDate>,
}

impl Placed<'_> {
    pub fn id(&self) -> i64 {
        self.session.id
    }

    /// Whether `instant` belongs to this session's recovery (after it, before the next one).
    pub fn covers(&self, instant: DateTime<Utc>) -> bool {
        instant >= self.start && self.next_start.is_none_or(|n| instant < n)
    }

    /// The local date of `instant` in the session's zone.
    pub fn date_of(&self, instant: DateTime<Utc>) -> NaiveDate {
        local_date(instant, self.zone)
    }
}

/// Every candidate, in no particular order; daily ones only up to `until` (a speed-up: the
/// caller filters exactly).
pub(super) fn all<'a>(input: &PlanInput<'a>, until: Option<DateTime<Utc>>) -> Vec<Candidate<'a>> {
    // The last local date worth looking at, with a day's slack for zone differences.
    let last_date = until.map(|u| local_date(u, input.zone) + Duration::days(1));
    let placed = place(input);
    let mut out = Vec::with_capacity(placed.len() * 64);
    for p in &placed {
        morning_care(input, p, last_date, &mut out);
        unlocks(input, p, &mut out);
        prep(input, p, &mut out);
        if p.next.is_none() {
            book_next(input, p, &mut out);
            results_photo(input, p, &mut out);
        }
    }
    checkins::candidates(input, &placed, last_date, &mut out);
    out
}

/// The check-in reminders, the nudge and the follow-up: the only candidates that the patient's
/// check-ins decide (all of them, however far ahead).
pub(super) fn from_check_ins<'a>(input: &PlanInput<'a>) -> Vec<Candidate<'a>> {
    let mut out = Vec::new();
    checkins::candidates(input, &place(input), None, &mut out);
    out
}

/// The sessions in series order, each with its place in the series.
fn place<'a>(input: &PlanInput<'a>) -> Vec<Placed<'a>> {
    let mut sessions: Vec<&Session> = input.sessions.iter().collect();
    sessions.sort_by_key(|s| (s.details.start_utc_ms, s.id));
    let zone_of = |s: &Session| clock::parse_zone(&s.details.zone).unwrap_or(input.zone);
    sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let zone = zone_of(s);
            let next = sessions.get(i + 1).copied();
            Placed {
                session: s,
                start: s.start(),
                next_start: next.map(|n| n.start()),
                zone,
                day0: local_date(s.start(), zone),
                next,
                next_day0: next.map(|n| local_date(n.start(), zone_of(n))),
            }
        })
        .collect()
}

pub(super) fn local_date(instant: DateTime<Utc>, zone: Tz) -> NaiveDate {
    instant.with_timezone(&zone).date_naive()
}

/// The instant of local midnight after `date` (end of that local day).
pub(super) fn end_of_day(date: NaiveDate, zone: Tz) -> Option<DateTime<Utc>> {
    at_local(date.succ_opt()?, NaiveTime::MIN, zone)
}

/// A candidate at a preferred local time on a local date.
pub(super) fn dated<'a>(
    input: &PlanInput<'_>,
    (kind, session_id, key): (ReminderKind, i64, Key<'a>),
    date: NaiveDate,
    time: NaiveTime,
    text: Text<'a>,
    relevance: Relevance,
) -> Option<Candidate<'a>> {
    let at = at_local(date, time, input.zone)?;
    Some(Candidate { kind, session_id, key, text, at, meant_for: date.and_time(time), relevance })
}

/// The protocol's do's (SPF, gentle cleanse, moisturise...) each morning while any applies.
fn morning_care<'a>(
    input: &PlanInput<'a>,
    p: &Placed<'_>,
    last_date: Option<NaiveDate>,
    out: &mut Vec<Candidate<'a>>,
) {
    let Some(morning) = input.prefs.morning.naive() else { return };
    let dos = &input.protocol.dos;
    let last_hour = dos.iter().map(|d| d.until_hours).max().unwrap_or(0);
    let days = i64::from(last_hour.div_ceil(24)) + 1;
    let earliest = local_date(input.now, input.zone) - Duration::days(2);
    for day in 0..=days {
        let date = p.day0 + Duration::days(day);
        if last_date.is_some_and(|last| date > last) {
            break;
        }
        if date < earliest {
            continue;
        }
        let Some(at) = at_local(date, morning, input.zone) else { continue };
        if !p.covers(at) {
            continue;
        }
        let elapsed_min = (at - p.start).num_minutes();
        let any_active = dos.iter().any(|d| {
            i64::from(d.from_hours) * 60 <= elapsed_min
                && elapsed_min < i64::from(d.until_hours) * 60
        });
        if any_active {
            out.push(Candidate {
                kind: ReminderKind::MorningCare,
                session_id: p.id(),
                key: Key::Date(date),
                text: Text::Morning { day, elapsed_min },
                at,
                meant_for: date.and_time(morning),
                relevance: Relevance::EndOfDay(date),
            });
        }
    }
}

/// "Makeup OK again from 10:30": one reminder per restriction, when it ends. A restriction that a
/// later session restarts before it ends is not announced (it does not end then).
fn unlocks<'a>(input: &PlanInput<'a>, p: &Placed<'_>, out: &mut Vec<Candidate<'a>>) {
    for rule in &input.protocol.restrictions {
        let at = p.session.after(rule.hours);
        if !p.covers(at) || at <= input.now - Duration::days(1) {
            continue;
        }
        out.push(Candidate {
            kind: ReminderKind::Unlock,
            session_id: p.id(),
            key: Key::Rule(&rule.id),
            text: Text::Unlock { rule },
            at,
            meant_for: at.with_timezone(&input.zone).naive_local(),
            relevance: Relevance::Always,
        });
    }
}

/// Preparation tasks, each on the morning of the day it is due (antiviral only with a
/// cold-sore history: the protocol's `only_if`).
fn prep<'a>(input: &PlanInput<'a>, p: &Placed<'_>, out: &mut Vec<Candidate<'a>>) {
    let Some(morning) = input.prefs.morning.naive() else { return };
    let start = p.start;
    if start <= input.now {
        return;
    }
    for rule in &input.protocol.prep_tasks {
        if rule.only_if.is_some_and(|flag| !input.profile.has(flag)) {
            continue;
        }
        let due = start - Duration::hours(i64::from(rule.before_hours));
        out.extend(dated(
            input,
            (ReminderKind::Prep, p.id(), Key::Rule(&rule.id)),
            p.date_of(due),
            morning,
            Text::Prep { rule, session_day: p.day0 },
            Relevance::Until(start),
        ));
    }
}

/// "Book your next session" on the morning the next-session window opens, for the newest
/// session only (a booked later session makes it moot).
fn book_next<'a>(input: &PlanInput<'a>, p: &Placed<'_>, out: &mut Vec<Candidate<'a>>) {
    let Some(morning) = input.prefs.morning.naive() else { return };
    let Some(window) = input.protocol.milestones.iter().find(|m| m.until_hours.is_some()) else {
        return;
    };
    let closes = window.until_hours.map(|h| p.session.after(h));
    out.extend(dated(
        input,
        (ReminderKind::BookNextSession, p.id(), Key::Rule(&window.id)),
        p.date_of(p.session.after(window.after_hours)),
        morning,
        Text::Book { window, closes: closes.map(|c| p.date_of(c)) },
        closes.map_or(Relevance::Always, Relevance::Until),
    ));
}

/// The results photo, on the morning of the results check after the newest session.
fn results_photo<'a>(input: &PlanInput<'a>, p: &Placed<'_>, out: &mut Vec<Candidate<'a>>) {
    let Some(morning) = input.prefs.morning.naive() else { return };
    for milestone in input.protocol.milestones.iter().filter(|m| m.last_session_only) {
        out.extend(dated(
            input,
            (ReminderKind::ResultsPhoto, p.id(), Key::Rule(&milestone.id)),
            p.date_of(p.session.after(milestone.after_hours)),
            morning,
            Text::Results { milestone },
            Relevance::Always,
        ));
    }
}
