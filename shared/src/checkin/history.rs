//! Stored check-ins and the questions asked of them: which session and day a check-in belongs
//! to, which one counts for a day (the latest), and the previous day's for the trend rules.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use facet::Facet;
use serde::{Deserialize, Serialize};

use super::answers::CheckinAnswers;
use super::rules::EXPECTED_COURSES;
use super::triage::TriageResult;
use crate::domain::Session;

/// A triaged check-in, before storage gives it an id.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct NewCheckin {
    pub taken_utc_ms: i64,
    /// IANA zone the patient was in.
    pub zone: String,
    /// The session it was measured against; `None` once that session has been deleted.
    pub session_id: Option<i64>,
    /// Whole elapsed 24 h periods since that session started.
    pub day_index: u32,
    pub answers: CheckinAnswers,
    /// What the patient was told, kept as it was said.
    pub triage: TriageResult,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Checkin {
    pub id: i64,
    pub details: NewCheckin,
}

impl Checkin {
    /// Order of the history: by instant, then by id (two check-ins in the same millisecond).
    pub fn order_key(&self) -> (i64, i64) {
        (self.details.taken_utc_ms, self.id)
    }
}

/// The newest session that has started at `now` (sessions sorted by start, as the record keeps
/// them): the one a check-in is measured against, as the timeline does.
pub fn current_session(sessions: &[Session], now: DateTime<Utc>) -> Option<&Session> {
    let started = sessions.partition_point(|s| s.start() <= now);
    started.checked_sub(1).and_then(|i| sessions.get(i))
}

/// Whole elapsed 24 h periods from the session's start to `at` (0 on the session day).
pub fn day_index(session: &Session, at: DateTime<Utc>) -> u32 {
    u32::try_from((at - session.start()).num_days()).unwrap_or(0)
}

/// The check-in that counts for the most recent day before `day` of `session_id`: the latest
/// one taken on that day. `checkins` must be in history order.
pub fn previous_day(checkins: &[Checkin], session_id: i64, day: u32) -> Option<&Checkin> {
    checkins
        .iter()
        .rev()
        // A check-in without scores (urgent, sent before them) is no baseline to compare with.
        .filter(|c| {
            c.details.session_id == Some(session_id)
                && c.details.day_index < day
                && c.details.answers.has_scores()
        })
        .max_by_key(|c| (c.details.day_index, c.order_key()))
}

/// The check-in that counts for each day of `session_id` (the latest of the day with scores:
/// one sent without them has no values to draw).
pub fn counted_by_day(checkins: &[Checkin], session_id: i64) -> BTreeMap<u32, &Checkin> {
    let mut days = BTreeMap::new();
    // History order: a later check-in of the same day replaces an earlier one.
    let counted =
        |c: &&Checkin| c.details.session_id == Some(session_id) && c.details.answers.has_scores();
    for c in checkins.iter().filter(counted) {
        days.insert(c.details.day_index, c);
    }
    days
}

/// The highest score that is part of the expected course on a day (the chart's band; the
/// lower edge is always 0). `None` past the ceiling or on a day no expected row covers.
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpectedBand {
    pub redness_max: u8,
    pub swelling_max: u8,
    pub pain_max: u8,
}

/// The band for `day`, from the same rows (E1–E3) the triage uses.
pub fn expected_band(day: u32, redness_end_days: u32, ceiling_days: u32) -> Option<ExpectedBand> {
    if day > ceiling_days {
        return None;
    }
    let covering = EXPECTED_COURSES.iter().filter(|c| (c.first_day..=c.last_day).contains(&day));
    covering
        .map(|c| ExpectedBand {
            // Past the depth band's expected end, redness is no longer expected at all.
            redness_max: if day > redness_end_days { 0 } else { c.redness_max },
            swelling_max: c.swelling_max,
            pain_max: c.pain_max,
        })
        .reduce(|a, b| ExpectedBand {
            redness_max: a.redness_max.max(b.redness_max),
            swelling_max: a.swelling_max.max(b.swelling_max),
            pain_max: a.pain_max.max(b.pain_max),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_the_expected_rows_and_the_depth() {
        let band =
            |d, end| expected_band(d, end, 7).map(|b| (b.redness_max, b.swelling_max, b.pain_max));
        assert_eq!(band(0, 3), Some((3, 1, 3)));
        assert_eq!(band(2, 3), Some((2, 1, 2)));
        assert_eq!(band(3, 3), Some((2, 1, 2)));
        assert_eq!(band(4, 3), Some((0, 0, 2)));
        assert_eq!(band(4, 5), Some((1, 0, 2)));
        assert_eq!(band(2, 1), Some((0, 1, 2)));
        assert_eq!(band(7, 5), Some((0, 0, 2)));
        assert_eq!(band(8, 5), None);
    }
}
