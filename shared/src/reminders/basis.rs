//! What the current plan was made from, and what changed since: the app's [`super::sync`]
//! skips planning when nothing did and updates the plan in place for a new newest check-in.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::update::{follow_up_of, prefs_of, taken_ms};
use super::{FollowUp, ReminderPrefs};
use crate::app::Model as AppModel;
use crate::domain::{Profile, Session};
use crate::i18n::Language;

/// The inputs of the current plan. With the same inputs, planning again before the plan's
/// soonest reminder fires gives the same schedule, so [`super::sync`] skips it: the planner then costs
/// nothing on the many events that change none of its inputs (paging, clock ticks).
pub(super) struct Basis {
    pub sessions: Vec<Session>,
    pub profile: Profile,
    pub prefs: ReminderPrefs,
    pub protocol_json: Option<String>,
    /// Titles and bodies are written in it.
    pub language: Language,
    pub zone: Tz,
    pub cap: usize,
    /// Every check-in's instant as stored (UTC ms), in history order.
    pub check_in_ms: Vec<i64>,
    pub follow_up: Option<FollowUp>,
    /// The soonest planned reminder's instant: from then on the window must roll.
    pub valid_until: Option<DateTime<Utc>>,
}

/// What changed since the current plan was made.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Change {
    /// Nothing the plan depends on.
    Nothing,
    /// Only a check-in, newer than every other, was added.
    NewestCheckIn,
    /// Something else: re-plan.
    Other,
}

impl Basis {
    pub fn change(&self, model: &AppModel, cap: usize, from: DateTime<Utc>) -> Change {
        let (Some(record), Some(now)) = (model.record.as_ref(), model.now) else {
            return Change::Other;
        };
        let same_rest = self.valid_until.is_none_or(|until| from < until)
            && self.zone == now.zone
            && self.cap == cap
            && self.sessions == record.sessions
            && self.profile == record.profile
            && self.protocol_json == record.protocol_json
            && self.language == model.language
            && self.prefs == prefs_of(model);
        if !same_rest {
            return Change::Other;
        }
        // Stored milliseconds, compared in place and in one pass: turning 2,000 of them into
        // instants, or walking the history twice, on every event cost more than the rest of
        // this check.
        let (known, checkins) = (self.check_in_ms.as_slice(), record.checkins.as_slice());
        let Some((same, added)) = checkins.split_at_checked(known.len()) else {
            return Change::Other;
        };
        if !known.iter().copied().eq(same.iter().map(taken_ms)) {
            return Change::Other;
        }
        match added {
            [] if self.follow_up == follow_up_of(model) => Change::Nothing,
            [newest] if known.last().is_none_or(|ms| *ms <= taken_ms(newest)) => {
                Change::NewestCheckIn
            }
            _ => Change::Other,
        }
    }
}
