//! Local wall-clock times to instants, the way a reminder needs them: a time the zone skips
//! (spring forward) fires at the first valid instant after it, once; a time the zone repeats
//! (fall back) fires once, at the earlier instant. Quiet hours push an instant to their end.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::ReminderPrefs;

/// Longest gap a zone has ever skipped: Samoa skipped all of 2011-12-30.
const MAX_GAP_MINUTES: i64 = 26 * 60;

/// The instant a local wall-clock time happens in `zone`.
///
/// Skipped times resolve to the first minute that exists after them (the end of the gap, e.g.
/// 02:30 on a spring-forward night in New York fires at 03:00 EDT); repeated times resolve to the
/// earlier of the two instants. `None` only outside chrono's range.
pub fn resolve_local(local: NaiveDateTime, zone: Tz) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, _) => Some(earlier.with_timezone(&Utc)),
        LocalResult::None => (1..=MAX_GAP_MINUTES).find_map(|m| {
            match zone.from_local_datetime(&(local + Duration::minutes(m))) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => {
                    Some(t.with_timezone(&Utc))
                }
                LocalResult::None => None,
            }
        }),
    }
}

/// The instant of `time` on local `date` in `zone` (see [`resolve_local`]).
pub fn at_local(date: NaiveDate, time: NaiveTime, zone: Tz) -> Option<DateTime<Utc>> {
    resolve_local(date.and_time(time), zone)
}

/// The local time of day of an instant in `zone`.
pub fn local_time_of(instant: DateTime<Utc>, zone: Tz) -> NaiveTime {
    instant.with_timezone(&zone).time()
}

/// Moves an instant that falls in the quiet hours to the end of them (the same night's end when
/// the range crosses midnight). Returns the instant unchanged when it is not quiet, and `None`
/// when even the moved instant would be quiet (only a pathological zone could do that).
pub fn out_of_quiet(
    instant: DateTime<Utc>,
    prefs: &ReminderPrefs,
    zone: Tz,
) -> Option<DateTime<Utc>> {
    let Some(quiet) = prefs.quiet else { return Some(instant) };
    let local = instant.with_timezone(&zone).naive_local();
    if !quiet.contains(local.time()) {
        return Some(instant);
    }
    let end_time = quiet.end.naive()?;
    let in_evening_part = quiet.crosses_midnight() && local.time() >= quiet.start.naive()?;
    let end_date = if in_evening_part { local.date().succ_opt()? } else { local.date() };
    let moved = at_local(end_date, end_time, zone)?;
    (!prefs.is_quiet(local_time_of(moved, zone))).then_some(moved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reminders::{QuietHours, WallTime};

    fn ny() -> Tz {
        "America/New_York".parse().unwrap()
    }

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    #[test]
    fn a_skipped_time_fires_at_the_end_of_the_gap() {
        let t = resolve_local(local("2026-03-08T02:30"), ny()).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-08T07:00:00+00:00"); // 03:00 EDT
    }

    #[test]
    fn a_repeated_time_fires_at_the_earlier_instant() {
        let t = resolve_local(local("2026-11-01T01:30"), ny()).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-01T05:30:00+00:00"); // 01:30 EDT, not EST
    }

    #[test]
    fn a_whole_skipped_day_resolves_to_the_next_day() {
        let samoa: Tz = "Pacific/Apia".parse().unwrap();
        let t = resolve_local(local("2011-12-30T09:00"), samoa).unwrap();
        assert_eq!(t.with_timezone(&samoa).naive_local(), local("2011-12-31T00:00"));
    }

    #[test]
    fn quiet_instants_move_to_the_end_of_the_quiet_hours() {
        let prefs = ReminderPrefs {
            quiet: Some(QuietHours { start: WallTime::new(22, 0), end: WallTime::new(7, 30) }),
            ..ReminderPrefs::default()
        };
        let late = resolve_local(local("2026-05-04T23:10"), ny()).unwrap();
        let early = resolve_local(local("2026-05-05T06:00"), ny()).unwrap();
        let expected = resolve_local(local("2026-05-05T07:30"), ny()).unwrap();
        assert_eq!(out_of_quiet(late, &prefs, ny()), Some(expected));
        assert_eq!(out_of_quiet(early, &prefs, ny()), Some(expected));
        let fine = resolve_local(local("2026-05-05T12:00"), ny()).unwrap();
        assert_eq!(out_of_quiet(fine, &prefs, ny()), Some(fine));
    }
}
