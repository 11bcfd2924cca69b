//! Follow-up after a flagged check-in (clinical review, major 10): a "watch" or "contact your
//! clinic" result is asked about again, and the nudge never sounds optional after one.

use shared::checkin::Level;
use shared::reminders::{FollowUp, ReminderKind as K};

use crate::fixtures::*;

const LONDON: &str = "Europe/London";

fn flagged(level: Level, taken: &str) -> Setup {
    let z = zone(LONDON);
    let mut setup = Setup::new(vec![session(1, at("2026-03-02T10:30", z), LONDON)], z);
    let taken = at(taken, z);
    setup.check_ins = vec![taken];
    setup.follow_up = Some(FollowUp { taken, session_id: 1, level });
    setup
}

#[test]
fn major_8_a_watch_result_is_followed_up_the_next_day() {
    let setup = flagged(Level::Watch, "2026-03-04T13:00");
    let plan = setup.plan(at("2026-03-04T13:01", setup.zone));
    let follow_up = plan.iter().find(|r| r.id == "check_in:1:follow_up").expect("a follow-up");
    assert_eq!(follow_up.kind, K::CheckIn);
    assert_eq!(fires_local(follow_up, setup.zone), "2026-03-05T13:00");
    assert!(follow_up.body.contains("something to watch"), "{}", follow_up.body);
}

#[test]
fn major_8_a_contact_clinic_result_is_followed_up_within_12_hours_outside_quiet_hours() {
    // Taken at 16:00: 12 hours later is 04:00, inside the default quiet hours, so it moves to
    // their end the same morning.
    let setup = flagged(Level::ContactClinic, "2026-03-04T16:00");
    let plan = setup.plan(at("2026-03-04T16:01", setup.zone));
    let follow_up = plan.iter().find(|r| r.id == "check_in:1:follow_up").expect("a follow-up");
    let fires = fires_local(follow_up, setup.zone);
    assert!(fires.starts_with("2026-03-05T"), "{fires}");
    assert!(follow_up.body.contains("contact your clinic today"), "{}", follow_up.body);
}

#[test]
fn an_expected_result_has_no_follow_up() {
    let setup = flagged(Level::Expected, "2026-03-04T13:00");
    let plan = setup.plan(at("2026-03-04T13:01", setup.zone));
    assert!(plan.iter().all(|r| r.id != "check_in:1:follow_up"));
}

#[test]
fn major_8_the_nudge_after_a_flagged_result_does_not_say_no_pressure() {
    // Flagged on day 2 (Wed 4 Mar), then nothing on day 3: the nudge on Fri morning.
    let setup = flagged(Level::Watch, "2026-03-04T20:05");
    let plan = setup.plan(at("2026-03-05T21:00", setup.zone));
    let nudge = of_kind(&plan, K::CheckInNudge);
    assert_eq!(nudge.len(), 1);
    assert!(!nudge[0].body.to_lowercase().contains("no pressure"), "{}", nudge[0].body);
    assert!(nudge[0].body.contains("contact your clinic"), "{}", nudge[0].body);

    let mut calm = flagged(Level::Expected, "2026-03-04T20:05");
    calm.follow_up = None;
    let plan = calm.plan(at("2026-03-05T21:00", calm.zone));
    assert!(of_kind(&plan, K::CheckInNudge)[0].body.starts_with("No pressure"));
}
