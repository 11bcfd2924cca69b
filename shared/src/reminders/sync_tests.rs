//! The app's re-plan hands the planner only the check-ins it can use ([`planner_check_ins`]):
//! the plan must be the one made from every check-in, whatever the history and the clock.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::super::{FollowUp, PlanInput, QuietHours, ReminderPrefs, WallTime, plan};
use super::planner_check_ins;
use crate::checkin::{Checkin, CheckinAnswers, Level, NewCheckin, TriageResult};
use crate::domain::{Profile, Session};
use crate::i18n::Language;
use crate::protocol::default_protocol;
use crate::reminders::test_fixtures::{ZONES, session};

fn checkin(id: i64, at: DateTime<Utc>) -> Checkin {
    Checkin {
        id,
        details: NewCheckin {
            taken_utc_ms: at.timestamp_millis(),
            zone: "UTC".into(),
            session_id: None,
            day_index: 0,
            answers: CheckinAnswers::default(),
            triage: TriageResult {
                level: Level::Expected,
                rules: Vec::new(),
                advice: String::new(),
                day_index: 0,
                flagged_for_sharing: false,
            },
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// With 1–12 sessions 3 days to 6 months apart, 0–80 check-ins anywhere (before the first
    /// session and after the clock too), any clock, quiet hours or not, a follow-up or not: the
    /// plan from the check-ins handed over equals the plan from all of them.
    #[test]
    fn the_handed_over_check_ins_plan_as_all_of_them(
        gaps in prop::collection::vec((3..=180_i64, 0..1440_i64, 0..4_usize), 1..=12),
        picks in prop::collection::vec((0..12_usize, -200..4000_i64), 0..80),
        now_days in -30..400_i64,
        quiet in any::<bool>(),
        flagged in any::<bool>(),
        zone in 0..4_usize,
    ) {
        let mut t = Utc.with_ymd_and_hms(2025, 1, 1, 9, 0, 0).unwrap();
        let sessions: Vec<Session> = gaps.iter().enumerate().map(|(i, (days, minutes, z))| {
            let s = session(i64::try_from(i).unwrap() + 1, t, ZONES[*z]);
            t += Duration::days(*days) + Duration::minutes(*minutes);
            s
        }).collect();
        let mut checkins: Vec<Checkin> = picks.iter().zip(1..).map(|((i, hours), id)| {
            checkin(id, sessions[i % sessions.len()].start() + Duration::hours(*hours))
        }).collect();
        checkins.sort_by_key(Checkin::order_key);
        let all: Vec<DateTime<Utc>> = checkins
            .iter()
            .map(|c| DateTime::from_timestamp_millis(c.details.taken_utc_ms).unwrap())
            .collect();
        let last = sessions.last().unwrap().start();
        let from = last - Duration::days(30) + Duration::days(now_days);
        let prefs = ReminderPrefs {
            quiet: quiet.then(|| QuietHours { start: WallTime::new(22, 0), end: WallTime::new(9, 0) }),
            ..ReminderPrefs::default()
        };
        let follow_up = all.last().filter(|_| flagged).map(|taken| FollowUp {
            taken: *taken,
            session_id: sessions.last().unwrap().id,
            level: Level::Watch,
        });
        let protocol = default_protocol();
        let handed = planner_check_ins(&checkins, &sessions, protocol, from);
        prop_assert!(handed.len() <= all.len());
        let profile = Profile { cold_sore_history: true, ..Profile::default() };
        let zone: Tz = ZONES[zone].parse().unwrap();
        let input = PlanInput {
            sessions: &sessions,
            protocol,
            profile: &profile,
            prefs: &prefs,
            check_ins: &all,
            follow_up,
            now: from,
            zone,
            limit: 60,
            language: Language::En,
        };
        prop_assert_eq!(plan(&PlanInput { check_ins: &handed, ..input }), plan(&input));
    }
}

/// A long settled history is not handed over: only what the current session can use.
#[test]
fn five_years_hand_over_only_the_current_session() {
    let start = Utc.with_ymd_and_hms(2021, 1, 1, 9, 0, 0).unwrap();
    let sessions: Vec<Session> =
        (0..20).map(|i| session(i + 1, start + Duration::days(42 * i), "UTC")).collect();
    let checkins: Vec<Checkin> =
        (0..2_000).map(|i| checkin(i + 1, start + Duration::minutes(288 * 2 * i))).collect();
    let from = sessions.last().unwrap().start() + Duration::days(21);
    let handed = planner_check_ins(&checkins, &sessions, default_protocol(), from);
    assert!(!handed.is_empty() && handed.len() < 200, "{} handed over", handed.len());
}
