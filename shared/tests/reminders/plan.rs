//! The planner on hand-picked series: what fires when, and the bad inputs of issue 5.

use chrono::{Duration, Timelike};
use shared::reminders::{QuietHours, ReminderKind as K, WallTime};

use crate::fixtures::*;

const LONDON: &str = "Europe/London";

fn london_series() -> Setup {
    let z = zone(LONDON);
    Setup::new(vec![session(1, at("2026-03-02T10:30", z), LONDON)], z)
}

#[test]
fn a_series_with_no_sessions_has_no_reminders() {
    let setup = Setup::new(Vec::new(), zone(LONDON));
    assert!(setup.plan(at("2026-03-02T10:30", zone(LONDON))).is_empty());
}

#[test]
fn one_session_gets_every_kind_at_the_right_local_time() {
    let setup = london_series();
    let z = setup.zone;
    let plan = setup.plan(at("2026-03-02T11:00", z));

    let makeup = plan.iter().find(|r| r.id == "unlock:1:no_makeup").unwrap();
    assert_eq!(fires_local(makeup, z), "2026-03-03T10:30");
    assert!(makeup.body.starts_with("From 10:30 on Tue 3 Mar"), "{}", makeup.body);
    assert!(makeup.title.starts_with("Makeup OK"));

    let check_ins = of_kind(&plan, K::CheckIn);
    let days: Vec<String> = check_ins.iter().map(|r| fires_local(r, z)).collect();
    assert_eq!(days.first().map(String::as_str), Some("2026-03-02T20:00"));
    assert_eq!(days[7], "2026-03-09T20:00", "daily through day 7");
    assert_eq!(days[8], "2026-03-16T20:00", "then weekly");
    assert_eq!(check_ins.len(), 8 + 11, "weekly until the results check on day 90");

    let mornings = of_kind(&plan, K::MorningCare);
    assert_eq!(mornings.len(), 28, "day 0's 08:30 is before the session; SPF runs 28 days");
    assert_eq!(mornings[0].id, "morning_care:1:2026-03-03");
    assert!(mornings[0].body.contains("SPF 30+") && mornings[0].body.contains("Cleanse gently"));
    assert!(!mornings[27].body.contains("Cleanse"), "cleansing advice ends on day 7");
    // 29 March 2026 is the UK's spring-forward day: 08:30 stays 08:30.
    for r in &mornings {
        assert_eq!(r.fire_at.with_timezone(&z).time().to_string(), "08:30:00", "{}", r.id);
    }

    let book = of_kind(&plan, K::BookNextSession);
    assert_eq!(book.len(), 1);
    assert_eq!(fires_local(book[0], z), "2026-03-30T08:30");
    let results = of_kind(&plan, K::ResultsPhoto);
    assert_eq!(results.len(), 1);
    assert_eq!(fires_local(results[0], z), "2026-05-31T08:30");
    assert_eq!(of_kind(&plan, K::CheckInNudge).len(), 1);
    assert!(of_kind(&plan, K::Prep).is_empty(), "no planned session, no preparation");
}

#[test]
fn the_window_holds_only_the_soonest_reminders_after_now() {
    let mut setup = london_series();
    let now = at("2026-03-02T11:00", setup.zone);
    let all = setup.plan(now);
    setup.limit = 20;
    let capped = setup.plan(now);
    assert!(all.len() > 20);
    assert_eq!(capped, all[..20].to_vec());
    assert!(capped.windows(2).all(|w| w[0].fire_at <= w[1].fire_at));
    assert!(capped.iter().all(|r| r.fire_at > now));
}

#[test]
fn a_morning_time_skipped_by_dst_fires_once_at_the_first_valid_instant() {
    let z = zone("America/New_York");
    let mut setup = Setup::new(vec![session(1, at("2026-03-01T10:00", z), "America/New_York")], z);
    setup.prefs.morning = WallTime::new(2, 30);
    setup.prefs.quiet = None;
    let plan = setup.plan(at("2026-03-01T12:00", z));
    let on_the_8th: Vec<_> = of_kind(&plan, K::MorningCare)
        .into_iter()
        .filter(|r| r.meant_for.date().to_string() == "2026-03-08")
        .collect();
    assert_eq!(on_the_8th.len(), 1, "once, not zero or twice");
    assert_eq!(on_the_8th[0].fire_at.to_rfc3339(), "2026-03-08T07:00:00+00:00"); // 03:00 EDT
    assert_eq!(on_the_8th[0].meant_for.time().to_string(), "02:30:00");
    let the_7th = plan.iter().find(|r| r.id == "morning_care:1:2026-03-07").unwrap();
    assert_eq!(fires_local(the_7th, z), "2026-03-07T02:30");
    let the_9th = plan.iter().find(|r| r.id == "morning_care:1:2026-03-09").unwrap();
    assert_eq!(fires_local(the_9th, z), "2026-03-09T02:30");
}

#[test]
fn a_morning_time_repeated_by_dst_fires_once_at_the_earlier_instant() {
    let z = zone("America/New_York");
    let mut setup = Setup::new(vec![session(1, at("2026-10-25T10:00", z), "America/New_York")], z);
    setup.prefs.morning = WallTime::new(1, 30);
    setup.prefs.quiet = None;
    let plan = setup.plan(at("2026-10-25T12:00", z));
    let fall_back: Vec<_> =
        plan.iter().filter(|r| r.meant_for.to_string() == "2026-11-01 01:30:00").collect();
    assert_eq!(fall_back.len(), 1);
    assert_eq!(fall_back[0].fire_at.to_rfc3339(), "2026-11-01T05:30:00+00:00"); // 01:30 EDT
}

#[test]
fn quiet_hours_move_an_unlock_to_their_end() {
    let z = zone(LONDON);
    let setup = Setup::new(vec![session(1, at("2026-05-04T23:00", z), LONDON)], z);
    let plan = setup.plan(at("2026-05-04T23:30", z));
    let makeup = plan.iter().find(|r| r.id == "unlock:1:no_makeup").unwrap();
    assert_eq!(fires_local(makeup, z), "2026-05-06T07:30");
    assert!(makeup.body.starts_with("From 23:00"), "the text keeps the true unlock time");
    let quiet = setup.prefs.quiet.unwrap();
    for r in &plan {
        assert!(!quiet.contains(r.fire_at.with_timezone(&z).time()), "{} is quiet", r.id);
    }
}

#[test]
fn major_14_antiviral_preparation_a_week_ahead_only_with_a_cold_sore_history() {
    let z = zone(LONDON);
    let mut setup = Setup::new(vec![session(7, at("2026-04-20T10:00", z), LONDON)], z);
    let now = at("2026-03-30T12:00", z);
    let ids = |setup: &Setup| -> Vec<String> {
        of_kind(&setup.plan(now), K::Prep).iter().map(|r| r.id.clone()).collect()
    };
    let without = ids(&setup);
    assert!(without.contains(&"prep:7:stop_retinoids".to_owned()), "{without:?}");
    assert!(!without.contains(&"prep:7:antiviral".to_owned()));
    assert!(!without.contains(&"prep:7:no_other_procedures_before".to_owned()), "due in the past");
    setup.profile.cold_sore_history = true;
    let with = ids(&setup);
    assert!(with.contains(&"prep:7:antiviral".to_owned()), "{with:?}");
    let plan = setup.plan(now);
    let antiviral = plan.iter().find(|r| r.id == "prep:7:antiviral").unwrap();
    // A week ahead, so there is time to get a prescription (clinical review, major 14).
    assert_eq!(fires_local(antiviral, z), "2026-04-13T08:30");
    assert_eq!(antiviral.title, "Before your session on Mon 20 Apr");
}

#[test]
fn booking_is_reminded_only_after_the_newest_session() {
    let z = zone(LONDON);
    let mut setup = london_series();
    setup.sessions.push(session(2, at("2026-04-06T10:30", z), LONDON));
    let plan = setup.plan(at("2026-03-02T11:00", z));
    let book = of_kind(&plan, K::BookNextSession);
    assert_eq!(book.len(), 1);
    assert_eq!(book[0].session_id, 2);
    let results = of_kind(&plan, K::ResultsPhoto);
    assert_eq!(results.iter().map(|r| r.session_id).collect::<Vec<_>>(), vec![2]);
    let last_of_first = of_kind(&plan, K::CheckIn).into_iter().rfind(|r| r.session_id == 1);
    // Session 1's weekly check-ins stop before session 2's day (day 35).
    assert_eq!(last_of_first.map(|r| fires_local(r, z)).as_deref(), Some("2026-03-30T20:00"));
}

#[test]
fn a_missed_check_in_gives_one_nudge_not_a_stream() {
    let mut setup = london_series();
    let z = setup.zone;
    setup.check_ins = vec![at("2026-03-02T20:05", z)];
    let missed = at("2026-03-03T21:00", z);
    let plan = setup.plan(missed);
    let nudges = of_kind(&plan, K::CheckInNudge);
    assert_eq!(nudges.len(), 1);
    assert_eq!(nudges[0].id, "check_in_nudge:1:2026-03-03");
    assert_eq!(fires_local(nudges[0], z), "2026-03-04T08:30");

    // The patient never checks in again: over the next week no other nudge ever appears.
    let mut seen = std::collections::BTreeSet::new();
    let mut now = at("2026-03-02T20:10", z);
    while now < at("2026-03-12T00:00", z) {
        for r in of_kind(&setup.plan(now), K::CheckInNudge) {
            seen.insert(r.id.clone());
        }
        now += Duration::minutes(30);
    }
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), vec!["check_in_nudge:1:2026-03-03"]);
}

#[test]
fn checking_in_cancels_the_nudge_and_today_s_reminder() {
    let mut setup = london_series();
    let z = setup.zone;
    setup.check_ins = vec![at("2026-03-02T20:05", z), at("2026-03-03T18:00", z)];
    let plan = setup.plan(at("2026-03-03T18:05", z));
    assert!(plan.iter().all(|r| r.id != "check_in:1:2026-03-03"), "answered before its reminder");
    let nudges = of_kind(&plan, K::CheckInNudge);
    assert_eq!(nudges.len(), 1);
    assert_eq!(nudges[0].id, "check_in_nudge:1:2026-03-04", "pre-scheduled for the next one");
}

#[test]
fn a_clock_moved_backwards_does_not_reschedule_what_has_fired() {
    let mut setup = london_series();
    let z = setup.zone;
    let last_check_in = at("2026-03-05T20:00", z);
    setup.check_ins = vec![at("2026-03-02T20:05", z), last_check_in];
    let behind = setup.plan(at("2026-03-01T09:00", z));
    assert!(!behind.is_empty());
    assert!(behind.iter().all(|r| r.fire_at > last_check_in));
    assert_eq!(behind, setup.plan(last_check_in));
}

#[test]
fn kinds_switched_off_are_not_planned() {
    let mut setup = london_series();
    setup.prefs.off = vec![K::CheckIn, K::CheckInNudge];
    let plan = setup.plan(at("2026-03-02T11:00", setup.zone));
    assert!(plan.iter().all(|r| r.kind != K::CheckIn && r.kind != K::CheckInNudge));
    assert!(!of_kind(&plan, K::MorningCare).is_empty());
}

#[test]
fn travel_keeps_daily_reminders_at_their_local_time_and_ids() {
    let setup = london_series();
    let now = at("2026-03-02T11:00", setup.zone);
    let mut tokyo = london_series();
    tokyo.zone = zone("Asia/Tokyo");
    let plan = tokyo.plan(now);
    for r in of_kind(&plan, K::MorningCare) {
        assert_eq!(r.fire_at.with_timezone(&tokyo.zone).hour(), 8);
        assert_eq!(r.fire_at.with_timezone(&tokyo.zone).minute(), 30);
    }
    let london_ids: Vec<String> =
        of_kind(&setup.plan(now), K::CheckIn).iter().skip(2).map(|r| r.id.clone()).collect();
    let tokyo_ids: Vec<String> = of_kind(&plan, K::CheckIn).iter().map(|r| r.id.clone()).collect();
    for id in &london_ids {
        assert!(tokyo_ids.contains(id), "{id} lost in Tokyo");
    }
}

#[test]
fn no_quiet_hours_at_all_is_allowed() {
    let mut setup = london_series();
    setup.prefs.quiet = None;
    setup.prefs.morning = WallTime::new(6, 0);
    assert_eq!(setup.prefs.validate(), Ok(()));
    let plan = setup.plan(at("2026-03-02T11:00", setup.zone));
    assert_eq!(fires_local(of_kind(&plan, K::MorningCare)[0], setup.zone), "2026-03-03T06:00");
    let _ = QuietHours::parse("22:00-07:30").unwrap();
}
