//! The plan a new check-in updates in place ([`super::super::incremental`]) must be the plan a
//! whole re-plan makes, and the shell must be sent exactly the changes, whatever happened before:
//! sequences of check-ins (flagged or not, late, early, out of order), clock ticks and travel,
//! around New York's spring-forward and fall-back nights.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::{check_in_instants, plan_with, sync};
use crate::app::Model as AppModel;
use crate::checkin::{Checkin, CheckinAnswers, Level, NewCheckin, TriageResult};
use crate::domain::clock::Now;
use crate::domain::{PatientRecord, Session};
use crate::effects::{Effect, NotifyOperation};
use crate::reminders::test_fixtures::{ZONES, session};
use crate::reminders::{QuietHours, ReminderPrefs, WallTime};

#[derive(Clone, Debug)]
enum Step {
    /// The clock moves on by these minutes, then the patient checks in this many minutes from
    /// the clock (negative: a check-in stored late, older than the newest), with this level.
    CheckIn { after_min: i64, taken_min: i64, level: usize },
    /// The clock moves on.
    Tick { minutes: i64 },
    /// The patient is now in another zone.
    Travel { zone: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0..2_000_i64, prop_oneof![4 => Just(0_i64), 1 => -600..600_i64], 0..4_usize)
            .prop_map(|(after_min, taken_min, level)| Step::CheckIn { after_min, taken_min, level }),
        2 => (1..4_000_i64).prop_map(|minutes| Step::Tick { minutes }),
        1 => (0..ZONES.len()).prop_map(|zone| Step::Travel { zone }),
    ]
}

const LEVELS: [Level; 4] = [Level::Expected, Level::Watch, Level::ContactClinic, Level::Urgent];

fn checkin(id: i64, at: DateTime<Utc>, session_id: i64, level: Level) -> Checkin {
    Checkin {
        id,
        details: NewCheckin {
            taken_utc_ms: at.timestamp_millis(),
            zone: "America/New_York".into(),
            session_id: Some(session_id),
            day_index: 0,
            answers: CheckinAnswers::default(),
            triage: TriageResult {
                level,
                rules: Vec::new(),
                advice: String::new(),
                day_index: 0,
                flagged_for_sharing: false,
            },
        },
    }
}

/// Syncs and checks the result against a whole re-plan; returns the schedule sent, if any.
fn sync_and_check(model: &mut AppModel, cap: usize) -> Result<(), TestCaseError> {
    let mut command = sync(model);
    let sent: Vec<Vec<String>> = command
        .effects()
        .filter_map(|effect| match effect {
            Effect::Notify(request) => match &request.operation {
                NotifyOperation::ReplaceAll { notifications } => {
                    Some(notifications.iter().map(|n| n.id.clone()).collect())
                }
            },
            _ => None,
        })
        .collect();
    let replanned = plan_with(model, cap, &check_in_instants(model)).unwrap_or_default();
    prop_assert_eq!(model.reminders.pending(), &replanned[..]);
    let ids: Vec<String> = replanned.iter().map(|r| r.id.clone()).collect();
    match sent.as_slice() {
        [] => {}
        [one] => prop_assert_eq!(one, &ids),
        _ => prop_assert!(false, "the schedule was sent {} times", sent.len()),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_new_check_in_updates_the_plan_as_a_re_plan_would(
        first_day in 0..30_i64,
        first_minute in 0..1440_i64,
        gaps in prop::collection::vec((2..=60_i64, 0..1440_i64, 0..ZONES.len()), 0..4),
        start_offset_days in -10..40_i64,
        steps in prop::collection::vec(step(), 1..30),
        cap in prop_oneof![Just(2_usize), Just(5), Just(12), Just(60)],
        quiet in any::<bool>(),
        fall in any::<bool>(),
    ) {
        // Sessions around New York's clock changes: 2026-03-08 (spring) or 2026-11-01 (fall).
        let anchor = if fall {
            Utc.with_ymd_and_hms(2026, 10, 10, 14, 0, 0).unwrap()
        } else {
            Utc.with_ymd_and_hms(2026, 2, 15, 14, 0, 0).unwrap()
        };
        let mut t = anchor + Duration::days(first_day) + Duration::minutes(first_minute);
        let mut sessions: Vec<Session> = vec![session(1, t, "America/New_York")];
        for (i, (days, minutes, zone)) in gaps.iter().enumerate() {
            t += Duration::days(*days) + Duration::minutes(*minutes);
            sessions.push(session(i64::try_from(i).unwrap() + 2, t, ZONES[*zone]));
        }
        let prefs = ReminderPrefs {
            quiet: quiet.then(|| QuietHours { start: WallTime::new(21, 30), end: WallTime::new(8, 0) }),
            ..ReminderPrefs::default()
        };
        let mut model = AppModel::default();
        let mut now = anchor + Duration::days(first_day + start_offset_days);
        let mut zone: Tz = "America/New_York".parse().unwrap();
        model.now = Some(Now { instant: now, zone });
        model.reminders.cap = Some(cap);
        model.record = Some(PatientRecord {
            sessions: sessions.clone(),
            reminder_prefs: Some(prefs),
            ..PatientRecord::default()
        });
        sync_and_check(&mut model, cap)?;
        let mut next_id = 1;
        for step in steps {
            match step {
                Step::CheckIn { after_min, taken_min, level } => {
                    now += Duration::minutes(after_min);
                    model.now = Some(Now { instant: now, zone });
                    let taken = now + Duration::minutes(taken_min);
                    let session_id = sessions
                        .iter()
                        .rev()
                        .find(|s| s.start() <= taken)
                        .map_or(1, |s| s.id);
                    let new = checkin(next_id, taken, session_id, LEVELS[level]);
                    next_id += 1;
                    let record = model.record.as_mut().unwrap();
                    let at = record.checkins.partition_point(|c| c.order_key() <= new.order_key());
                    record.checkins.insert(at, new);
                }
                Step::Tick { minutes } => {
                    now += Duration::minutes(minutes);
                    model.now = Some(Now { instant: now, zone });
                }
                Step::Travel { zone: z } => {
                    zone = ZONES[z].parse().unwrap();
                    model.now = Some(Now { instant: now, zone });
                }
            }
            sync_and_check(&mut model, cap)?;
        }
    }
}

/// The sequences above take the incremental path, not only the re-plan: a week of evening
/// check-ins after a session, with the default cap, each after a clock tick, updates the plan
/// in place every time.
#[test]
fn evening_check_ins_update_the_plan_in_place() {
    let start = Utc.with_ymd_and_hms(2026, 3, 5, 15, 0, 0).unwrap();
    let zone: Tz = "America/New_York".parse().unwrap();
    let mut model = AppModel {
        now: Some(Now { instant: start, zone }),
        record: Some(PatientRecord {
            sessions: vec![session(1, start, "America/New_York")],
            ..PatientRecord::default()
        }),
        ..AppModel::default()
    };
    let _ = sync(&mut model);
    for day in 0..7 {
        // 18:30 in New York, before that evening's 20:00 reminder, across the spring-forward night.
        let date = start.with_timezone(&zone).date_naive() + Duration::days(day);
        let at = zone.from_local_datetime(&date.and_hms_opt(18, 30, 0).unwrap()).unwrap();
        let at = at.with_timezone(&Utc);
        model.now = Some(Now { instant: at, zone });
        // The clock's tick re-plans (reminders fired since the day before); the check-in after it
        // changes nothing else.
        let _ = sync(&mut model);
        let level = if day % 3 == 1 { Level::Watch } else { Level::Expected };
        model.record.as_mut().unwrap().checkins.push(checkin(day + 1, at, 1, level));
        let before = model.reminders.incremental_updates;
        let _ = sync(&mut model);
        assert_eq!(model.reminders.incremental_updates, before + 1, "day {day}");
        let replanned = plan_with(&model, 60, &check_in_instants(&model)).unwrap();
        assert_eq!(model.reminders.pending(), &replanned[..], "day {day}");
        let today = at.with_timezone(&zone).date_naive();
        assert!(
            !replanned.iter().any(|r| r.id == format!("check_in:1:{today}")),
            "day {day}: the answered check-in is still planned"
        );
    }
}
