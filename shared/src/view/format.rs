//! How instants read: RFC 3339 for machines, short labels for people, both in the display zone.

use chrono::{DateTime, Datelike, SecondsFormat, Utc};
use chrono_tz::Tz;

/// RFC 3339 with the offset the display zone has at that instant, e.g. `2026-03-08T23:00:00-04:00`.
pub fn rfc3339(instant: DateTime<Utc>, zone: Tz) -> String {
    instant.with_timezone(&zone).to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// A short label relative to `now`: "today 23:00", "tomorrow 09:30", "Sat 10:30",
/// "Sat 14 Mar 10:30", or with the year when it differs.
pub fn at_label(instant: DateTime<Utc>, zone: Tz, now: DateTime<Utc>) -> String {
    let local = instant.with_timezone(&zone);
    let today = now.with_timezone(&zone).date_naive();
    let days = (local.date_naive() - today).num_days();
    let time = local.format("%H:%M");
    match days {
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
    }
}
