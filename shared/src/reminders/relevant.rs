//! The part of a long history that can still place a reminder. Five years of sessions cost
//! the planner ~430 µs a call when every session was placed (release build, 20 sessions and
//! 2,000 check-ins); only the still-relevant ones, ~50 µs. The property test below holds the
//! trimmed plan to the plan over everything.

use chrono::{DateTime, Duration, Utc};

use super::PlanInput;
use crate::domain::Session;
use crate::protocol::CareProtocol;

/// Margin beyond the last instant a session can place a reminder at: a day for quiet hours and
/// zone differences, two more so the nudge still sees two past check-ins of the next session.
const SETTLED_AFTER: Duration = Duration::days(3);

/// The sessions that can still place a pending reminder, and the check-ins that can answer one
/// of theirs: a session followed by another long ago, and past everything its protocol anchors
/// to its start, adds nothing.
pub(super) fn still_relevant(
    input: &PlanInput<'_>,
    now: DateTime<Utc>,
) -> (Vec<Session>, Vec<DateTime<Utc>>) {
    let (kept, since) = unsettled(input.sessions, input.protocol, now);
    let kept: Vec<Session> = kept.into_iter().cloned().collect();
    let check_ins = input
        .check_ins
        .iter()
        .copied()
        .filter(|c| since.is_some_and(|since| *c >= since))
        .collect();
    (kept, check_ins)
}

/// From when check-ins can answer a reminder of a plan made at `now`, the planner's own "now"
/// (the later of the clock and the newest check-in); `None` when none can. Lets the app hand
/// the planner only that part of a long history ([`super::sync`]).
pub(super) fn check_ins_since(
    sessions: &[Session],
    protocol: &CareProtocol,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    unsettled(sessions, protocol, now).1
}

/// The sessions that are not settled at `now`, in series order, and [`check_ins_since`].
fn unsettled<'a>(
    sessions: &'a [Session],
    protocol: &CareProtocol,
    now: DateTime<Utc>,
) -> (Vec<&'a Session>, Option<DateTime<Utc>>) {
    let mut sessions: Vec<&Session> = sessions.iter().collect();
    sessions.sort_by_key(|s| (s.details.start_utc_ms, s.id));
    let span = Duration::hours(i64::from(anchored_span_hours(protocol)));
    let settled = |i: usize| {
        let own_end = sessions[i].start() + span;
        let next_start = sessions.get(i + 1).map(|n| n.start());
        next_start.is_some_and(|next| next.max(own_end) + SETTLED_AFTER < now)
    };
    // The kept sessions are a suffix of the series, so every kept one keeps its next session.
    let first = (0..sessions.len()).find(|&i| !settled(i)).unwrap_or(sessions.len());
    let kept = sessions.split_off(first);
    let since = kept.first().map(|s| s.start().min(now) - SETTLED_AFTER);
    (kept, since)
}

/// The latest hour after a session's start that any of the protocol's items is anchored to.
fn anchored_span_hours(protocol: &CareProtocol) -> u32 {
    let restrictions = protocol.restrictions.iter().map(|r| r.hours);
    let care = protocol.dos.iter().chain(&protocol.donts).map(|c| c.until_hours);
    let expected = protocol.expected.iter().filter_map(|e| e.until_hours);
    let milestones = protocol.milestones.iter().map(|m| m.until_hours.unwrap_or(m.after_hours));
    restrictions.chain(care).chain(expected).chain(milestones).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use chrono_tz::Tz;
    use proptest::prelude::*;

    use super::super::plan::{plan, plan_all};
    use super::super::{FollowUp, QuietHours, ReminderPrefs, WallTime};
    use super::*;
    use crate::checkin::Level;
    use crate::domain::Profile;
    use crate::i18n::Language;
    use crate::protocol::default_protocol;
    use crate::reminders::test_fixtures::{ZONES, session};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Trimming the history is only a speed-up: with 1–12 sessions 3 days to 6 months apart,
        /// check-ins anywhere, any "now", quiet hours or not, a follow-up or not, the plan is
        /// the one made from everything.
        #[test]
        fn trimming_history_never_changes_the_plan(
            gaps in prop::collection::vec((3..=180_i64, 0..1440_i64, 0..4_usize), 1..=12),
            picks in prop::collection::vec((0..12_usize, 0..4000_i64), 0..60),
            now_days in -30..400_i64,
            quiet in any::<bool>(),
            flagged in prop::option::of(0..12_usize),
            zone in 0..4_usize,
        ) {
            let mut t = Utc.with_ymd_and_hms(2025, 1, 1, 9, 0, 0).unwrap();
            let sessions: Vec<Session> = gaps.iter().enumerate().map(|(i, (days, minutes, z))| {
                let s = session(i64::try_from(i).unwrap() + 1, t, ZONES[*z]);
                t += Duration::days(*days) + Duration::minutes(*minutes);
                s
            }).collect();
            let check_ins: Vec<DateTime<Utc>> = picks.iter().map(|(i, hours)| {
                sessions[i % sessions.len()].start() + Duration::hours(*hours)
            }).collect();
            let last = sessions.last().unwrap().start();
            let now = last - Duration::days(30) + Duration::days(now_days);
            let prefs = ReminderPrefs {
                quiet: quiet.then(|| QuietHours { start: WallTime::new(22, 0), end: WallTime::new(9, 0) }),
                ..ReminderPrefs::default()
            };
            let follow_up = flagged.map(|i| FollowUp {
                taken: check_ins.get(i).copied().unwrap_or(now),
                session_id: sessions[i % sessions.len()].id,
                level: Level::Watch,
            });
            let profile = Profile { cold_sore_history: true, ..Profile::default() };
            let zone: Tz = ZONES[zone].parse().unwrap();
            let input = PlanInput {
                sessions: &sessions,
                protocol: default_protocol(),
                profile: &profile,
                prefs: &prefs,
                check_ins: &check_ins,
                follow_up,
                now,
                zone,
                limit: 60,
                language: Language::En,
            };
            let everything_now = check_ins.iter().copied().fold(now, DateTime::max);
            let everything = plan_all(&PlanInput { now: everything_now, ..input });
            prop_assert_eq!(plan(&input), everything);
        }
    }
}
