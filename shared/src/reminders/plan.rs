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
//! - Rolling window: only the soonest `limit` reminders after `now` (ties by id).

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::{ReminderKind, ReminderPrefs, candidates, wallclock};
use crate::domain::{Profile, Session};
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
    pub protocol: &'a CareProtocol,
    pub profile: &'a Profile,
    pub prefs: &'a ReminderPrefs,
    /// When the patient checked in (any order). Drives skipping answered check-ins and the nudge.
    pub check_ins: &'a [DateTime<Utc>],
    pub now: DateTime<Utc>,
    /// The patient's current zone.
    pub zone: Tz,
    /// How many pending reminders to return at most.
    pub limit: usize,
}

/// A reminder before quiet hours and the window are applied.
pub(super) struct Candidate {
    pub kind: ReminderKind,
    pub session_id: i64,
    /// The date (`YYYY-MM-DD`) or rule id that makes the id unique within kind and session.
    pub key: String,
    pub title: String,
    pub body: String,
    pub at: DateTime<Utc>,
    pub meant_for: NaiveDateTime,
    /// Dropped if quiet hours push it to or past this instant.
    pub relevant_until: Option<DateTime<Utc>>,
}

/// The pending reminders, soonest first, at most `input.limit`.
pub fn plan(input: &PlanInput<'_>) -> Vec<Reminder> {
    // A clock behind the patient's own last check-in is wrong: plan from the check-in instead,
    // so nothing already delivered is scheduled again.
    let now = input.check_ins.iter().copied().fold(input.now, DateTime::max);
    let input = PlanInput { now, ..*input };
    let mut reminders: Vec<Reminder> = candidates::all(&input)
        .into_iter()
        .filter(|c| input.prefs.is_on(c.kind))
        .filter_map(|c| {
            let fire_at = wallclock::out_of_quiet(c.at, input.prefs, input.zone)?;
            if c.relevant_until.is_some_and(|until| fire_at >= until) || fire_at <= now {
                return None;
            }
            Some(Reminder {
                id: format!("{}:{}:{}", c.kind.key(), c.session_id, c.key),
                kind: c.kind,
                session_id: c.session_id,
                title: c.title,
                body: c.body,
                fire_at,
                meant_for: c.meant_for,
            })
        })
        .collect();
    reminders.sort_by(|a, b| (a.fire_at, &a.id).cmp(&(b.fire_at, &b.id)));
    reminders.truncate(input.limit);
    reminders
}
