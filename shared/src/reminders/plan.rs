//! The planner: a pure function from the series, the protocol, the profile, the preferences, the
//! patient's check-ins, "now" and the current zone to the reminders that should be pending.
//!
//! Rules (documented here because shells and tests rely on them):
//! - Daily reminders (morning care, check-ins, the nudge) and dated tasks (prep, booking, results
//!   photo) fire at a preferred **local** time of the current zone, so 09:00 stays 09:00 after
//!   travel or DST. A time the zone skips fires at the first valid instant after it, once; a
//!   repeated time fires once, at the earlier instant ([`super::wallclock`]).
//! - Unlocks fire at the instant the restriction ends (elapsed time from the session).
//! - Nothing fires in quiet hours: a quiet instant moves to the end of the quiet hours. A
//!   reminder whose moved instant is no longer useful is dropped: daily ones (and the nudge)
//!   when the move carries them past their local day, prep tasks when it carries them past the
//!   session start, booking when past the window's close. Unlocks and the results photo always
//!   move, never drop.
//! - Ids are stable: `kind:session:local date` for daily reminders (the date counted in the
//!   session's own zone, so it survives travel) and `kind:session:rule` for rule-based ones.
//! - Rolling window: only the soonest `limit` reminders after `now` (ties by kind, session,
//!   key). Titles and bodies are written only for the reminders that make the window: planning
//!   runs after every event, and formatting text is most of its cost.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::candidates::{self, end_of_day};
use super::text::Text;
use super::{ReminderKind, ReminderPrefs, wallclock};
use crate::checkin::Level;
use crate::domain::{Profile, Session};
use crate::i18n::Language;
use crate::protocol::CareProtocol;

/// iOS keeps the 64 soonest pending local notifications; 60 leaves room for the shell's own.
pub const DEFAULT_CAP: usize = 60;

/// One planned reminder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminder {
    /// Stable across re-plans (see the module docs).
    pub id: String,
    pub kind: ReminderKind,
    pub session_id: i64,
    pub title: String,
    pub body: String,
    /// When it fires (after quiet-hours and DST adjustments).
    pub fire_at: DateTime<Utc>,
    /// The local wall-clock time it was meant for, in the zone planned for.
    pub meant_for: NaiveDateTime,
}

/// Everything the planner reads.
#[derive(Clone, Copy, Debug)]
pub struct PlanInput<'a> {
    /// The series, in any order.
    pub sessions: &'a [Session],
    /// The protocol as the patient reads it: windows decide, texts are written into reminders.
    pub protocol: &'a CareProtocol,
    pub profile: &'a Profile,
    pub prefs: &'a ReminderPrefs,
    /// When the patient checked in (any order). Drives skipping answered check-ins and the nudge.
    pub check_ins: &'a [DateTime<Utc>],
    /// The newest check-in, when its result was above "expected": it asks for a follow-up.
    pub follow_up: Option<FollowUp>,
    pub now: DateTime<Utc>,
    /// The patient's current zone.
    pub zone: Tz,
    /// How many pending reminders to return at most.
    pub limit: usize,
    /// The language titles and bodies are written in.
    pub language: Language,
}

/// A flagged check-in (watch, contact clinic or urgent) that asks to be checked again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FollowUp {
    pub taken: DateTime<Utc>,
    pub session_id: i64,
    pub level: Level,
}

impl FollowUp {
    /// Elapsed time until the follow-up check-in. "Watch" is looked at again the next day; a
    /// "contact clinic" or urgent result sooner, on the same or the next morning
    /// (clinical review, major 10: a flagged result must not be left to the daily routine).
    pub fn after(self) -> Duration {
        match self.level {
            Level::Expected | Level::Watch => Duration::hours(24),
            Level::ContactClinic | Level::Urgent => Duration::hours(12),
        }
    }
}

/// What makes an id unique within its kind and session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Key<'a> {
    /// The local date (in the session's zone) of a daily reminder.
    Date(NaiveDate),
    /// The protocol rule of a rule-based reminder.
    Rule(&'a str),
}

impl std::fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Date(date) => write!(f, "{date}"),
            Key::Rule(rule) => f.write_str(rule),
        }
    }
}

/// Until when a reminder is still worth sending if quiet hours push it later.
#[derive(Clone, Copy, Debug)]
pub(super) enum Relevance {
    Always,
    /// Until local midnight after this date (in the planning zone).
    EndOfDay(NaiveDate),
    Until(DateTime<Utc>),
}

/// A reminder before quiet hours and the window are applied.
pub(super) struct Candidate<'a> {
    pub kind: ReminderKind,
    pub session_id: i64,
    pub key: Key<'a>,
    pub text: Text<'a>,
    pub at: DateTime<Utc>,
    pub meant_for: NaiveDateTime,
    pub relevance: Relevance,
}

/// The pending reminders, soonest first, at most `input.limit`.
pub fn plan(input: &PlanInput<'_>) -> Vec<Reminder> {
    // A clock behind the patient's own last check-in is wrong: plan from the check-in instead,
    // so nothing already delivered is scheduled again.
    let now = input.check_ins.iter().copied().fold(input.now, DateTime::max);
    if input.limit == 0 {
        return Vec::new();
    }
    let (sessions, check_ins) = super::relevant::still_relevant(input, now);
    plan_all(&PlanInput { now, sessions: &sessions, check_ins: &check_ins, ..*input })
}

/// [`plan`] over every session and check-in given, from `input.now`.
pub(super) fn plan_all(input: &PlanInput<'_>) -> Vec<Reminder> {
    let now = input.now;
    // The window usually fills within days, so look a little ahead first and further only if
    // needed. Stopping at a horizon is exact: quiet hours only ever move a reminder later, so
    // anything due after the horizon fires after it.
    let horizons: &[Option<Duration>] = if input.limit == usize::MAX {
        &[None]
    } else {
        &[Some(Duration::days(14)), Some(Duration::days(56)), None]
    };
    let mut kept = Vec::new();
    for horizon in horizons {
        let until = horizon.map(|h| now + h);
        kept = pending(input, until);
        let Some(until) = until else { break };
        if kept.len() >= input.limit {
            kept.select_nth_unstable_by(input.limit - 1, order);
            if kept[input.limit - 1].0 <= until {
                break;
            }
        }
    }
    if input.limit < kept.len() {
        kept.select_nth_unstable_by(input.limit, order);
        kept.truncate(input.limit);
    }
    kept.sort_unstable_by(order);
    kept.into_iter().map(|pending| written(input, pending)).collect()
}

/// A pending candidate as a reminder, its title and body written.
pub(super) fn written(
    input: &PlanInput<'_>,
    (fire_at, c): (DateTime<Utc>, Candidate<'_>),
) -> Reminder {
    let (title, body) = c.text.render(input.protocol, c.meant_for, input.language);
    Reminder {
        id: format!("{}:{}:{}", c.kind.key(), c.session_id, c.key),
        kind: c.kind,
        session_id: c.session_id,
        title,
        body,
        fire_at,
        meant_for: c.meant_for,
    }
}

/// (kind, session, key) is unique, so this order is total and unstable sorts are deterministic.
pub(super) fn order(
    (a_at, a): &(DateTime<Utc>, Candidate<'_>),
    (b_at, b): &(DateTime<Utc>, Candidate<'_>),
) -> std::cmp::Ordering {
    (a_at, a.kind, a.session_id, a.key).cmp(&(b_at, b.kind, b.session_id, b.key))
}

/// Candidates due by `until` (all if `None`) that fire after now, with their fire instants.
fn pending<'a>(
    input: &PlanInput<'a>,
    until: Option<DateTime<Utc>>,
) -> Vec<(DateTime<Utc>, Candidate<'a>)> {
    candidates::all(input, until)
        .into_iter()
        .filter(|c| until.is_none_or(|until| c.at <= until))
        .filter_map(|c| Some((fire_at(input, &c)?, c)))
        .collect()
}

/// When a candidate fires, or `None` when it does not: its kind is switched off, it is past, or
/// quiet hours push it past the point where it is still useful.
pub(super) fn fire_at(input: &PlanInput<'_>, c: &Candidate<'_>) -> Option<DateTime<Utc>> {
    // Quiet hours last less than a day, so nothing a day in the past can be moved past now.
    if !input.prefs.is_on(c.kind) || c.at <= input.now - Duration::days(1) {
        return None;
    }
    let fire_at = wallclock::out_of_quiet(c.at, input.prefs, input.zone)?;
    if fire_at <= input.now {
        return None;
    }
    if fire_at != c.at {
        let until = match c.relevance {
            Relevance::Always => None,
            Relevance::EndOfDay(date) => end_of_day(date, input.zone),
            Relevance::Until(until) => Some(until),
        };
        if until.is_some_and(|until| fire_at >= until) {
            return None;
        }
    }
    Some(fire_at)
}
