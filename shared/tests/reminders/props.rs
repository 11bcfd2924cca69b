//! Properties of the planner across zones, DST changes, travel and random preferences.

use chrono::{DateTime, Duration, LocalResult, TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;
use shared::domain::Session;
use shared::reminders::{QuietHours, Reminder, ReminderKind as K, ReminderPrefs, WallTime};

use crate::fixtures::*;

/// Zones with DST in both hemispheres, half-hour offsets, a 30-minute DST shift (Lord Howe),
/// transitions at midnight (Santiago), and zones without DST.
const ZONES: &[&str] = &[
    "Europe/London",
    "Europe/Paris",
    "America/New_York",
    "America/Los_Angeles",
    "America/Santiago",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "UTC",
];

fn a_zone() -> impl Strategy<Value = Tz> {
    prop::sample::select(ZONES).prop_map(zone)
}

fn wall(minutes: u32) -> WallTime {
    WallTime::new(u8::try_from(minutes / 60).unwrap(), u8::try_from(minutes % 60).unwrap())
}

/// Valid preferences (any times, any quiet range that leaves both times free).
fn prefs() -> impl Strategy<Value = ReminderPrefs> {
    (0..1440_u32, 0..1440_u32, prop::option::of((0..1440_u32, 0..1440_u32)), any::<[bool; 7]>())
        .prop_map(|(m, e, quiet, off)| ReminderPrefs {
            morning: wall(m),
            evening: wall(e),
            quiet: quiet.map(|(s, end)| QuietHours { start: wall(s), end: wall(end) }),
            off: K::ALL.into_iter().zip(off).filter(|(_, off)| *off).map(|(k, _)| k).collect(),
        })
        .prop_filter("valid preferences", |p| p.validate().is_ok())
}

/// A series of 1–6 sessions 4–6 weeks apart, from 2025 to 2027, each in a random zone.
fn series() -> impl Strategy<Value = Vec<Session>> {
    (
        0..(3 * 365 * 24_i64),
        prop::collection::vec((28..=42_i64, 0..(24 * 60_i64), prop::sample::select(ZONES)), 1..=6),
    )
        .prop_map(|(start_hours, gaps)| {
            let mut t =
                Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap() + Duration::hours(start_hours);
            gaps.into_iter()
                .enumerate()
                .map(|(i, (days, minutes, z))| {
                    let s = session(i64::try_from(i).unwrap() + 1, t, z);
                    t += Duration::days(days) + Duration::minutes(minutes);
                    s
                })
                .collect()
        })
}

/// A "now" from 3 weeks before the first session to 4 months after the last.
fn now_in(sessions: &[Session], fraction: f64) -> DateTime<Utc> {
    let first = sessions.first().unwrap().start() - Duration::days(21);
    let last = sessions.last().unwrap().start() + Duration::days(120);
    let span = (last - first).num_minutes() as f64;
    first + Duration::minutes((span * fraction) as i64)
}

fn check_ins(sessions: &[Session], picks: &[(u8, u16)]) -> Vec<DateTime<Utc>> {
    picks
        .iter()
        .map(|(i, minutes)| {
            let s = &sessions[usize::from(*i) % sessions.len()];
            s.start() + Duration::minutes(i64::from(*minutes) * 10)
        })
        .collect()
}

fn setup(
    sessions: Vec<Session>,
    z: Tz,
    prefs: ReminderPrefs,
    ins: Vec<DateTime<Utc>>,
    limit: usize,
) -> Setup {
    let mut s = Setup::new(sessions, z);
    s.prefs = prefs;
    s.check_ins = ins;
    s.limit = limit;
    s
}

fn dated_kind(kind: K) -> bool {
    !matches!(kind, K::Unlock)
}

/// The wall-clock time a dated reminder was meant for is the preferred one.
fn preferred_time(r: &Reminder, prefs: &ReminderPrefs) -> WallTime {
    if r.kind == K::CheckIn { prefs.evening } else { prefs.morning }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn nothing_fires_in_quiet_hours_and_the_cap_holds(
        sessions in series(), z in a_zone(), prefs in prefs(), fraction in 0.0..1.0_f64,
        picks in prop::collection::vec((any::<u8>(), 0..2000_u16), 0..12), limit in 1..100_usize,
    ) {
        let now = now_in(&sessions, fraction);
        let s = setup(sessions.clone(), z, prefs.clone(), check_ins(&sessions, &picks), limit);
        let plan = s.plan(now);
        prop_assert!(plan.len() <= limit);
        for r in &plan {
            prop_assert!(!prefs.is_quiet(r.fire_at.with_timezone(&z).time()), "{} quiet", r.id);
            prop_assert!(r.fire_at > now);
            prop_assert!(prefs.is_on(r.kind));
        }
        prop_assert!(plan.iter().filter(|r| r.kind == K::CheckInNudge).count() <= 1);
        let mut ids: Vec<&str> = plan.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        prop_assert_eq!(ids.len(), plan.len(), "ids are unique");
    }

    #[test]
    fn the_window_is_the_head_of_the_whole_plan(
        sessions in series(), z in a_zone(), prefs in prefs(), fraction in 0.0..1.0_f64,
        picks in prop::collection::vec((any::<u8>(), 0..2000_u16), 0..12), limit in 1..120_usize,
    ) {
        let now = now_in(&sessions, fraction);
        let ins = check_ins(&sessions, &picks);
        let window = setup(sessions.clone(), z, prefs.clone(), ins.clone(), limit).plan(now);
        let all = setup(sessions, z, prefs, ins, usize::MAX).plan(now);
        prop_assert_eq!(&window[..], &all[..limit.min(all.len())]);
    }

    #[test]
    fn the_plan_is_deterministic(
        sessions in series(), z in a_zone(), prefs in prefs(), fraction in 0.0..1.0_f64,
        picks in prop::collection::vec((any::<u8>(), 0..2000_u16), 0..12),
    ) {
        let now = now_in(&sessions, fraction);
        let ins = check_ins(&sessions, &picks);
        let a = setup(sessions.clone(), z, prefs.clone(), ins.clone(), 60).plan(now);
        let b = setup(sessions.clone(), z, prefs.clone(), ins.clone(), 60).plan(now);
        prop_assert_eq!(&a, &b);
        // Input order does not matter either.
        let mut reversed = sessions.clone();
        reversed.reverse();
        let mut ins_reversed = ins;
        ins_reversed.reverse();
        let c = setup(reversed, z, prefs, ins_reversed, 60).plan(now);
        prop_assert_eq!(a, c);
    }

    #[test]
    fn dated_reminders_keep_their_local_time_across_dst_and_travel(
        sessions in series(), z in a_zone(), prefs in prefs(), fraction in 0.0..1.0_f64,
    ) {
        let now = now_in(&sessions, fraction);
        let plan = setup(sessions, z, prefs.clone(), Vec::new(), usize::MAX).plan(now);
        for r in plan.iter().filter(|r| dated_kind(r.kind)) {
            let wanted = preferred_time(r, &prefs);
            prop_assert_eq!(r.meant_for.time(), wanted.naive().unwrap(), "{}", r.id);
            let local = r.fire_at.with_timezone(&z).naive_local();
            match z.from_local_datetime(&r.meant_for) {
                LocalResult::Single(_) | LocalResult::Ambiguous(..) => {
                    // 09:00 stays 09:00 (the earlier instant when the hour repeats).
                    prop_assert_eq!(local, r.meant_for, "{}", r.id);
                    if let LocalResult::Ambiguous(earlier, _) = z.from_local_datetime(&r.meant_for) {
                        prop_assert_eq!(r.fire_at, earlier.with_timezone(&Utc));
                    }
                }
                LocalResult::None => {
                    // Skipped: the first valid instant after it, i.e. right at a transition.
                    prop_assert!(local > r.meant_for);
                    let before = (r.fire_at - Duration::seconds(1)).with_timezone(&z);
                    prop_assert!(
                        z.offset_from_utc_datetime(&before.naive_utc())
                            != z.offset_from_utc_datetime(&r.fire_at.naive_utc())
                            || prefs.quiet.is_some(),
                        "{} fires at {local}, not at the end of the gap", r.id
                    );
                }
            }
        }
    }

    #[test]
    fn replanning_after_a_zone_change_drops_nothing_still_ahead(
        sessions in series(), from in a_zone(), to in a_zone(), fraction in 0.0..1.0_f64,
        morning in (8 * 60)..(20 * 60_u32), evening in (8 * 60)..(21 * 60_u32),
    ) {
        let prefs = ReminderPrefs { morning: wall(morning), evening: wall(evening), ..ReminderPrefs::default() };
        let now = now_in(&sessions, fraction);
        let before = setup(sessions.clone(), from, prefs.clone(), Vec::new(), usize::MAX).plan(now);
        let after = setup(sessions.clone(), to, prefs, Vec::new(), usize::MAX).plan(now);
        let horizon = now + Duration::hours(48);
        let last_do_hours = shared::protocol::default_protocol().dos.iter().map(|d| d.until_hours).max().unwrap();
        for r in before.iter().filter(|r| r.fire_at > horizon && r.kind != K::CheckInNudge) {
            if after.iter().any(|a| a.id == r.id && a.kind == r.kind) {
                continue;
            }
            // Only a dated reminder whose local time, read in the new zone, now falls outside
            // its session's recovery (before it, after the next session, or for morning care
            // after the protocol's last do) may go.
            prop_assert!(dated_kind(r.kind), "{} lost after travelling", r.id);
            let session = sessions.iter().find(|s| s.id == r.session_id).unwrap();
            let next = sessions.iter().find(|s| s.start() > session.start());
            let there = shared::reminders::wallclock::resolve_local(r.meant_for, to).unwrap();
            let outside = there < session.start()
                || next.is_some_and(|n| there >= n.start())
                || (r.kind == K::Prep && there >= session.start())
                || (r.kind == K::MorningCare && there >= session.after(last_do_hours));
            prop_assert!(outside, "{} lost after travelling ({} in {})", r.id, r.meant_for, to);
        }
    }
}
