//! The timeline engine across zones, DST changes (both directions), travel, local midnight and
//! leap days: hand-picked cases first, then properties over random zones and instants.

// Helpers outside #[test] fns unwrap too: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::{DateTime, Duration, Offset, TimeZone, Utc};
use chrono_tz::{TZ_VARIANTS, Tz};
use common::{at, session};
use proptest::prelude::*;
use shared::domain::Profile;
use shared::protocol::default_protocol;
use shared::timeline::{series_entries, today};
use shared::view::rfc3339;

fn restriction_until(
    sessions: &[shared::domain::Session],
    now: DateTime<Utc>,
    id: &str,
) -> Option<DateTime<Utc>> {
    let t = today(sessions, default_protocol(), &Profile::default(), now);
    t.restrictions.into_iter().find(|r| r.id == id).map(|r| r.until)
}

#[test]
fn spring_forward_keeps_24_elapsed_hours() {
    // The acceptance case: the night the clocks go forward in New York.
    let start = at("2026-03-07T22:00", "America/New_York");
    let sessions = [session(1, start, "America/New_York", 1000)];
    let until =
        restriction_until(&sessions, at("2026-03-08T09:00", "America/New_York"), "no_makeup")
            .unwrap();
    assert_eq!(until - start, Duration::hours(24));
    assert_eq!(rfc3339(until, common::zone("America/New_York")), "2026-03-08T23:00:00-04:00");
}

#[test]
fn fall_back_keeps_24_elapsed_hours() {
    let start = at("2026-10-31T22:00", "America/New_York");
    let sessions = [session(1, start, "America/New_York", 1000)];
    let until =
        restriction_until(&sessions, at("2026-11-01T09:00", "America/New_York"), "no_makeup")
            .unwrap();
    assert_eq!(rfc3339(until, common::zone("America/New_York")), "2026-11-01T21:00:00-05:00");
}

#[test]
fn travel_changes_labels_not_instants() {
    let start = at("2026-06-01T10:00", "Europe/Paris");
    let sessions = [session(1, start, "Europe/Paris", 1500)];
    let now = at("2026-06-01T20:00", "Europe/Paris");
    let until = restriction_until(&sessions, now, "no_makeup").unwrap();
    assert_eq!(rfc3339(until, common::zone("Europe/Paris")), "2026-06-02T10:00:00+02:00");
    assert_eq!(rfc3339(until, common::zone("America/Los_Angeles")), "2026-06-02T01:00:00-07:00");
    assert_eq!(rfc3339(until, common::zone("Asia/Tokyo")), "2026-06-02T17:00:00+09:00");
}

#[test]
fn leap_day_session_unlocks_on_the_first_of_march() {
    let start = at("2028-02-29T10:00", "Europe/London");
    let sessions = [session(1, start, "Europe/London", 1000)];
    let now = at("2028-03-01T09:59", "Europe/London");
    let t = today(&sessions, default_protocol(), &Profile::default(), now);
    assert_eq!(t.day_index, Some(0));
    let until = restriction_until(&sessions, now, "no_makeup").unwrap();
    assert_eq!(rfc3339(until, common::zone("Europe/London")), "2028-03-01T10:00:00+00:00");
    let t = today(
        &sessions,
        default_protocol(),
        &Profile::default(),
        at("2028-03-01T10:00", "Europe/London"),
    );
    assert_eq!(t.day_index, Some(1));
}

#[test]
fn session_at_local_midnight_counts_day_zero_until_the_next_midnight() {
    let start = at("2026-04-10T00:00", "Asia/Kolkata");
    let sessions = [session(1, start, "Asia/Kolkata", 500)];
    let t = today(
        &sessions,
        default_protocol(),
        &Profile::default(),
        at("2026-04-10T23:59", "Asia/Kolkata"),
    );
    assert_eq!(t.day_index, Some(0));
    assert_eq!(t.phase_id, "fresh");
}

#[test]
fn depth_picks_the_end_of_expected_redness() {
    let protocol = default_protocol();
    let redness = |depth_um: u32, hours: i64| {
        let start = at("2026-05-01T12:00", "UTC");
        let sessions = [session(1, start, "UTC", depth_um)];
        let t = today(&sessions, protocol, &Profile::default(), start + Duration::hours(hours));
        t.expected.iter().any(|(id, _, _)| id == "sunburn_redness")
    };
    assert!(redness(500, 23) && !redness(500, 24));
    assert!(redness(1500, 71) && !redness(1500, 72));
    assert!(redness(2500, 119) && !redness(2500, 120));
}

#[test]
fn a_planned_session_brings_its_preparation_tasks() {
    let first = at("2026-01-05T10:00", "Europe/Berlin");
    let next = at("2026-02-09T10:00", "Europe/Berlin");
    let sessions =
        [session(1, first, "Europe/Berlin", 1000), session(2, next, "Europe/Berlin", 1000)];
    let profile = Profile { cold_sore_history: true, ..Profile::default() };
    let t = today(&sessions, default_protocol(), &profile, at("2026-02-01T10:00", "Europe/Berlin"));
    let ids: Vec<&str> = t.prep_tasks.iter().map(|p| p.id.as_str()).collect();
    assert!(ids.contains(&"antiviral") && ids.contains(&"stop_retinoids"), "{ids:?}");
    let retinoids = t.prep_tasks.iter().find(|p| p.id == "stop_retinoids").unwrap();
    assert_eq!(next - retinoids.due, Duration::hours(120));
    // Without the flag there is no antiviral task.
    let t = today(
        &sessions,
        default_protocol(),
        &Profile::default(),
        at("2026-02-01T10:00", "Europe/Berlin"),
    );
    assert!(t.prep_tasks.iter().all(|p| p.id != "antiviral"));
}

#[test]
fn before_any_session_the_phase_is_preparing() {
    let next = at("2026-02-09T10:00", "Europe/Berlin");
    let sessions = [session(1, next, "Europe/Berlin", 1000)];
    let t = today(
        &sessions,
        default_protocol(),
        &Profile::default(),
        at("2026-02-01T10:00", "Europe/Berlin"),
    );
    assert_eq!(t.phase_id, "preparing");
    assert_eq!(t.day_index, None);
    assert!(t.restrictions.is_empty());
    assert!(!t.prep_tasks.is_empty());
    let none = today(&[], default_protocol(), &Profile::default(), next);
    assert_eq!(none.phase_id, "no_sessions");
}

#[test]
fn overlapping_sessions_take_the_latest_end() {
    let a = at("2026-05-01T10:00", "UTC");
    let b = at("2026-05-03T10:00", "UTC");
    let sessions = [session(1, a, "UTC", 1000), session(2, b, "UTC", 1000)];
    let until = restriction_until(&sessions, at("2026-05-03T12:00", "UTC"), "no_actives").unwrap();
    assert_eq!(until, b + Duration::hours(168));
}

fn any_zone() -> impl Strategy<Value = Tz> {
    (0..TZ_VARIANTS.len()).prop_map(|i| TZ_VARIANTS[i])
}

/// Instants between 2000 and 2037, in whole minutes.
fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
    (946_684_800_i64 / 60..2_114_380_800_i64 / 60)
        .prop_map(|m| Utc.timestamp_opt(m * 60, 0).unwrap())
}

/// Instants within two days of a DST change in zones that have them (both hemispheres).
fn near_dst_change() -> impl Strategy<Value = (Tz, DateTime<Utc>)> {
    let changes = [
        ("America/New_York", "2026-03-08T07:00:00Z"),
        ("America/New_York", "2026-11-01T06:00:00Z"),
        ("Europe/London", "2026-03-29T01:00:00Z"),
        ("Europe/London", "2026-10-25T01:00:00Z"),
        ("Australia/Sydney", "2026-04-04T16:00:00Z"),
        ("Australia/Sydney", "2026-10-03T16:00:00Z"),
        ("America/Santiago", "2026-04-05T03:00:00Z"),
        ("Australia/Lord_Howe", "2026-04-04T15:00:00Z"),
    ];
    (0..changes.len(), -48 * 60..48 * 60_i64).prop_map(move |(i, minutes)| {
        let (zone, change) = changes[i];
        let change = DateTime::parse_from_rfc3339(change).unwrap().with_timezone(&Utc);
        (zone.parse().unwrap(), change + Duration::minutes(minutes))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Every active restriction ends exactly its rule's elapsed hours after the start, is still
    /// in the future, and none that should be active is missing — in any zone.
    #[test]
    fn restrictions_are_elapsed_time_in_any_zone(
        session_zone in any_zone(), start in any_instant(), minutes_later in 0..(10 * 24 * 60_i64),
    ) {
        let sessions = [session(1, start, session_zone.name(), 1200)];
        let now = start + Duration::minutes(minutes_later);
        let protocol = default_protocol();
        let t = today(&sessions, protocol, &Profile::default(), now);
        for rule in &protocol.restrictions {
            let end = start + Duration::hours(i64::from(rule.hours));
            let shown = t.restrictions.iter().find(|r| r.id == rule.id);
            prop_assert_eq!(shown.map(|r| r.until), (end > now).then_some(end));
        }
        prop_assert_eq!(t.day_index, Some(u32::try_from(minutes_later / (24 * 60)).unwrap()));
    }

    /// Across DST changes, windows stay elapsed time and the day index counts 24 h periods.
    #[test]
    fn dst_changes_do_not_move_windows((zone, start) in near_dst_change(), hours_later in 0..200_i64) {
        let sessions = [session(1, start, zone.name(), 1000)];
        let now = start + Duration::hours(hours_later);
        let t = today(&sessions, default_protocol(), &Profile::default(), now);
        prop_assert_eq!(t.day_index, Some(u32::try_from(hours_later / 24).unwrap()));
        if let Some(makeup) = t.restrictions.iter().find(|r| r.id == "no_makeup") {
            prop_assert_eq!(makeup.until - start, Duration::hours(24));
        }
        // Rendered in the zone, the instant reads back identically with the zone's offset.
        for r in &t.restrictions {
            let text = rfc3339(r.until, zone);
            let parsed = DateTime::parse_from_rfc3339(&text).unwrap();
            prop_assert_eq!(parsed.with_timezone(&Utc), r.until);
            let offset = r.until.with_timezone(&zone).offset().fix();
            prop_assert_eq!(parsed.offset().local_minus_utc(), offset.local_minus_utc());
        }
    }

    /// Travelling (a new display zone) changes how times read, never which instants they are.
    #[test]
    fn travel_never_moves_an_instant(start in any_instant(), from in any_zone(), to in any_zone(), hours_later in 0..400_i64) {
        let sessions = [session(1, start, from.name(), 800)];
        let now = start + Duration::hours(hours_later);
        let t = today(&sessions, default_protocol(), &Profile::default(), now);
        for r in &t.restrictions {
            let here = DateTime::parse_from_rfc3339(&rfc3339(r.until, from)).unwrap();
            let there = DateTime::parse_from_rfc3339(&rfc3339(r.until, to)).unwrap();
            prop_assert_eq!(here, there);
        }
    }

    /// A session entered as local midnight (when that time exists) starts day 0.
    #[test]
    fn local_midnight_sessions_start_day_zero(zone in any_zone(), day in 0..3650_i64) {
        let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + Duration::days(day);
        let local = format!("{}T00:00", date.format("%Y-%m-%d"));
        if let Ok(start) = shared::domain::clock::parse_instant(&local, zone) {
            let sessions = [session(1, start, zone.name(), 1000)];
            let t = today(&sessions, default_protocol(), &Profile::default(), start);
            prop_assert_eq!(t.day_index, Some(0));
            prop_assert_eq!(t.phase_id.as_str(), "fresh");
        }
    }

    /// The series timeline is in time order and has every session once.
    #[test]
    fn series_entries_are_ordered(starts in proptest::collection::vec(any_instant(), 0..12)) {
        let mut starts = starts;
        starts.sort();
        let sessions: Vec<_> = starts.iter().enumerate().map(|(i, s)| session(i as i64 + 1, *s, "UTC", 1000)).collect();
        let entries = series_entries(&sessions, default_protocol(), &Profile::default());
        prop_assert!(entries.windows(2).all(|w| w[0].at <= w[1].at));
        let session_entries = entries.iter().filter(|e| e.kind == shared::timeline::EntryKind::Session).count();
        prop_assert_eq!(session_entries, sessions.len());
    }
}
