//! Candidate reminders of every kind, before quiet hours and the rolling window apply.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::ReminderKind;
use super::checkins;
use super::plan::{Candidate, PlanInput};
use super::wallclock::at_local;
use crate::domain::{Session, clock};

/// A session with what the planner needs to know about its place in the series.
pub(super) struct Placed<'a> {
    pub session: &'a Session,
    /// The session's local date in the zone where it happened: day 0 of its recovery.
    pub day0: NaiveDate,
    pub next: Option<&'a Session>,
}

impl Placed<'_> {
    pub fn id(&self) -> i64 {
        self.session.id
    }

    /// Whether `instant` belongs to this session's recovery (after it, before the next one).
    pub fn covers(&self, instant: DateTime<Utc>) -> bool {
        instant >= self.session.start() && self.next.is_none_or(|n| instant < n.start())
    }
}

/// Every candidate, in no particular order.
pub(super) fn all(input: &PlanInput<'_>) -> Vec<Candidate> {
    let mut sessions: Vec<&Session> = input.sessions.iter().collect();
    sessions.sort_by_key(|s| (s.details.start_utc_ms, s.id));
    let placed: Vec<Placed<'_>> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let zone = clock::parse_zone(&s.details.zone).unwrap_or(input.zone);
            Placed {
                session: s,
                day0: local_date(s.start(), zone),
                next: sessions.get(i + 1).copied(),
            }
        })
        .collect();
    let mut out = Vec::new();
    for p in &placed {
        morning_care(input, p, &mut out);
        unlocks(input, p, &mut out);
        prep(input, p, &mut out);
        if p.next.is_none() {
            book_next(input, p, &mut out);
            results_photo(input, p, &mut out);
        }
    }
    checkins::candidates(input, &placed, &mut out);
    out
}

pub(super) fn local_date(instant: DateTime<Utc>, zone: Tz) -> NaiveDate {
    instant.with_timezone(&zone).date_naive()
}

/// "Sat 14 Mar".
pub(super) fn day_label(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

/// The instant of local midnight after `date` (end of that local day).
pub(super) fn end_of_day(date: NaiveDate, zone: Tz) -> Option<DateTime<Utc>> {
    at_local(date.succ_opt()?, NaiveTime::MIN, zone)
}

/// A candidate at a preferred local time on a local date.
pub(super) struct AtTime {
    pub kind: ReminderKind,
    pub key: String,
    pub title: String,
    pub body: String,
    pub relevant_until: Option<DateTime<Utc>>,
}

pub(super) fn dated(
    input: &PlanInput<'_>,
    session_id: i64,
    date: NaiveDate,
    time: NaiveTime,
    what: AtTime,
) -> Option<Candidate> {
    let at = at_local(date, time, input.zone)?;
    Some(Candidate {
        kind: what.kind,
        session_id,
        key: what.key,
        title: what.title,
        body: what.body,
        at,
        meant_for: date.and_time(time),
        relevant_until: what.relevant_until,
    })
}

/// The protocol's do's (SPF, gentle cleanse, moisturise...) each morning while any applies.
fn morning_care(input: &PlanInput<'_>, p: &Placed<'_>, out: &mut Vec<Candidate>) {
    let Some(morning) = input.prefs.morning.naive() else { return };
    let last_hour = input.protocol.dos.iter().map(|d| d.until_hours).max().unwrap_or(0);
    let days = i64::from(last_hour.div_ceil(24)) + 1;
    let earliest = local_date(input.now, input.zone) - Duration::days(2);
    for offset in 0..=days {
        let date = p.day0 + Duration::days(offset);
        if date < earliest {
            continue;
        }
        let Some(at) = at_local(date, morning, input.zone) else { continue };
        if !p.covers(at) {
            continue;
        }
        let elapsed_min = (at - p.session.start()).num_minutes();
        let active: Vec<&str> = input
            .protocol
            .dos
            .iter()
            .filter(|d| {
                i64::from(d.from_hours) * 60 <= elapsed_min
                    && elapsed_min < i64::from(d.until_hours) * 60
            })
            .map(|d| d.text.as_str())
            .collect();
        if active.is_empty() {
            continue;
        }
        out.extend(dated(
            input,
            p.id(),
            date,
            morning,
            AtTime {
                kind: ReminderKind::MorningCare,
                key: date.to_string(),
                title: format!("Morning skincare · day {offset}"),
                body: active.join(" · "),
                relevant_until: end_of_day(date, input.zone),
            },
        ));
    }
}

/// "Makeup OK again from 10:30": one reminder per restriction, when it ends. A restriction that a
/// later session restarts before it ends is not announced (it does not end then).
fn unlocks(input: &PlanInput<'_>, p: &Placed<'_>, out: &mut Vec<Candidate>) {
    for rule in &input.protocol.restrictions {
        let at = p.session.after(rule.hours);
        if !p.covers(at) || at <= input.now {
            continue;
        }
        let local = at.with_timezone(&input.zone).naive_local();
        out.push(Candidate {
            kind: ReminderKind::Unlock,
            session_id: p.id(),
            key: rule.id.clone(),
            title: rule.unlock.clone(),
            body: format!(
                "From {} on {}: {}. (Until then: {}.)",
                local.format("%H:%M"),
                day_label(local.date()),
                rule.unlock,
                rule.title
            ),
            at,
            meant_for: local,
            relevant_until: None,
        });
    }
}

/// Preparation tasks, each on the morning of the day it is due (antiviral only with a
/// cold-sore history: the protocol's `only_if`).
fn prep(input: &PlanInput<'_>, p: &Placed<'_>, out: &mut Vec<Candidate>) {
    let Some(morning) = input.prefs.morning.naive() else { return };
    let start = p.session.start();
    if start <= input.now {
        return;
    }
    let zone = clock::parse_zone(&p.session.details.zone).unwrap_or(input.zone);
    for rule in &input.protocol.prep_tasks {
        if rule.only_if.is_some_and(|flag| !input.profile.has(flag)) {
            continue;
        }
        let due = start - Duration::hours(i64::from(rule.before_hours));
        let date = local_date(due, zone);
        out.extend(dated(
            input,
            p.id(),
            date,
            morning,
            AtTime {
                kind: ReminderKind::Prep,
                key: rule.id.clone(),
                title: format!("Before your session on {}", day_label(p.day0)),
                body: rule.title.clone(),
                relevant_until: Some(start),
            },
        ));
    }
}

/// "Book your next session" on the morning the next-session window opens, for the newest
/// session only (a booked later session makes it moot).
fn book_next(input: &PlanInput<'_>, p: &Placed<'_>, out: &mut Vec<Candidate>) {
    let Some(morning) = input.prefs.morning.naive() else { return };
    let Some(window) = input.protocol.milestones.iter().find(|m| m.until_hours.is_some()) else {
        return;
    };
    let zone = clock::parse_zone(&p.session.details.zone).unwrap_or(input.zone);
    let opens = p.session.after(window.after_hours);
    let closes = window.until_hours.map(|h| p.session.after(h));
    out.extend(dated(
        input,
        p.id(),
        local_date(opens, zone),
        morning,
        AtTime {
            kind: ReminderKind::BookNextSession,
            key: window.id.clone(),
            title: "Time to book your next session".into(),
            body: format!(
                "{}: if you are continuing the series, book with your clinic for before {}.",
                window.title,
                closes.map_or_else(String::new, |c| day_label(local_date(c, zone)))
            ),
            relevant_until: closes,
        },
    ));
}

/// The results photo, on the morning of the results check after the newest session.
fn results_photo(input: &PlanInput<'_>, p: &Placed<'_>, out: &mut Vec<Candidate>) {
    let Some(morning) = input.prefs.morning.naive() else { return };
    let zone = clock::parse_zone(&p.session.details.zone).unwrap_or(input.zone);
    for m in input.protocol.milestones.iter().filter(|m| m.last_session_only) {
        out.extend(dated(
            input,
            p.id(),
            local_date(p.session.after(m.after_hours), zone),
            morning,
            AtTime {
                kind: ReminderKind::ResultsPhoto,
                key: m.id.clone(),
                title: "Time for your results photo".into(),
                body: format!(
                    "{}. Take it in the same place, light and angle as your first photo.",
                    m.title
                ),
                relevant_until: None,
            },
        ));
    }
}
