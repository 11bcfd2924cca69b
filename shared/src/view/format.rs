//! How instants read: RFC 3339 for machines, short labels for people, both in the display zone.

use chrono::{DateTime, Datelike, NaiveDateTime, SecondsFormat, Timelike, Utc};
use chrono_tz::Tz;

use crate::i18n::{Language, fill};

/// RFC 3339 with the offset the display zone has at that instant, e.g. `2026-03-08T23:00:00-04:00`.
pub fn rfc3339(instant: DateTime<Utc>, zone: Tz) -> String {
    instant.with_timezone(&zone).to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// A short label relative to `now`: "today 23:00", "tomorrow 09:30", "Sat 10:30",
/// "Sat 14 Mar 10:30", or with the year when it differs. Written by hand: chrono's `format`
/// parses its pattern on every call, and a history page writes twenty of these per view.
pub fn at_label(instant: DateTime<Utc>, zone: Tz, now: DateTime<Utc>) -> String {
    at_label_in(Language::En, instant, zone, now)
}

/// [`at_label`] in the patient's language ("sábado 10:30", "hoy 23:00"): a small table per
/// language (`i18n::words::DateWords`), not chrono's locales (ADR 0003).
pub fn at_label_in(
    language: Language,
    instant: DateTime<Utc>,
    zone: Tz,
    now: DateTime<Utc>,
) -> String {
    let names = &language.words().dates;
    let local = instant.with_timezone(&zone).naive_local();
    let today = now.with_timezone(&zone).date_naive();
    let date = local.date();
    let days = (date - today).num_days();
    let time = format!("{:02}:{:02}", local.hour(), local.minute());
    let weekday = names.weekdays[date.weekday().num_days_from_monday() as usize % 7];
    let month = names.months[date.month0() as usize % 12];
    let day = date.day();
    match days {
        0 => fill(names.today, &[("time", &time)]),
        1 => fill(names.tomorrow, &[("time", &time)]),
        -1 => fill(names.yesterday, &[("time", &time)]),
        2..=6 => format!("{weekday} {time}"),
        _ if date.year() == today.year() => format!("{weekday} {day} {month} {time}"),
        _ => match date.year() {
            year @ 0..=9999 => format!("{weekday} {day} {month} {year:04} {time}"),
            _ => local.format("%a %-d %b %Y %H:%M").to_string(),
        },
    }
}

/// "Sat 14 Mar", "sábado 14 mar". Written by hand: chrono's `format` parses its pattern on
/// every call, and reminder planning (which runs after every event) writes up to 60 of these.
pub(crate) fn date_label(language: Language, date: chrono::NaiveDate) -> String {
    let names = &language.words().dates;
    let weekday = names.weekdays[date.weekday().num_days_from_monday() as usize % 7];
    let month = names.months[date.month0() as usize % 12];
    format!("{weekday} {} {month}", date.day())
}

/// A local wall-clock time to the minute, `YYYY-MM-DDTHH:MM` (chrono's `%Y-%m-%dT%H:%M`, by
/// hand for the same reason as [`at_label`]: the schedule writes sixty per re-plan).
pub fn local_minutes(at: NaiveDateTime) -> String {
    match at.year() {
        year @ 0..=9999 => format!(
            "{year:04}-{:02}-{:02}T{:02}:{:02}",
            at.month(),
            at.day(),
            at.hour(),
            at.minute()
        ),
        _ => at.format("%Y-%m-%dT%H:%M").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::clock::parse_instant;

    #[test]
    fn labels_read_naturally() {
        let z: Tz = "Europe/Paris".parse().unwrap();
        let now = parse_instant("2026-03-05T10:00", z).unwrap();
        let at = |s| at_label(parse_instant(s, z).unwrap(), z, now);
        assert_eq!(at("2026-03-05T23:00"), "today 23:00");
        assert_eq!(at("2026-03-06T09:30"), "tomorrow 09:30");
        assert_eq!(at("2026-03-07T10:30"), "Sat 10:30");
        assert_eq!(at("2026-03-14T10:30"), "Sat 14 Mar 10:30");
        assert_eq!(at("2027-01-02T08:00"), "Sat 2 Jan 2027 08:00");
        let es = |s| at_label_in(Language::Es, parse_instant(s, z).unwrap(), z, now);
        assert_eq!(es("2026-03-05T23:00"), "hoy 23:00");
        assert_eq!(es("2026-03-04T09:30"), "ayer 09:30");
        assert_eq!(es("2026-03-07T10:30"), "sábado 10:30");
        assert_eq!(es("2026-03-14T10:30"), "sábado 14 mar 10:30");
    }

    /// The labels as chrono's patterns wrote them before they were written by hand.
    fn chrono_label(instant: DateTime<Utc>, zone: Tz, now: DateTime<Utc>) -> String {
        let local = instant.with_timezone(&zone);
        let today = now.with_timezone(&zone).date_naive();
        let time = local.format("%H:%M");
        match (local.date_naive() - today).num_days() {
            0 => format!("today {time}"),
            1 => format!("tomorrow {time}"),
            -1 => format!("yesterday {time}"),
            2..=6 => format!("{} {time}", local.format("%a")),
            _ if local.year() == now.with_timezone(&zone).year() => {
                local.format("%a %-d %b %H:%M").to_string()
            }
            _ => local.format("%a %-d %b %Y %H:%M").to_string(),
        }
    }

    const ZONES: [&str; 6] = [
        "Europe/Paris",
        "America/New_York",
        "Australia/Lord_Howe",
        "Pacific/Chatham",
        "Asia/Kolkata",
        "UTC",
    ];

    proptest::proptest! {
        /// Any instant from year -300 to 12000, "now" within a year of it or anywhere, any zone.
        #[test]
        fn hand_written_labels_match_chrono(
            ms in -71_000_000_000_000_i64..317_000_000_000_000,
            near in -400_000_000_000_i64..400_000_000_000,
            anywhere in proptest::bool::ANY,
            zone in 0..ZONES.len(),
        ) {
            let z: Tz = ZONES[zone].parse().unwrap();
            let at = DateTime::<Utc>::from_timestamp_millis(ms).unwrap();
            let now = if anywhere { at - chrono::Duration::milliseconds(near * 700) } else { at + chrono::Duration::milliseconds(near) };
            proptest::prop_assert_eq!(at_label(at, z, now), chrono_label(at, z, now));
            let local = at.with_timezone(&z).naive_local();
            proptest::prop_assert_eq!(local_minutes(local), local.format("%Y-%m-%dT%H:%M").to_string());
        }
    }
}
