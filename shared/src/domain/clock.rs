//! Instants and zones: parsing what people type, and the shell's clock reading.
//!
//! Rule of the house: instants are stored in UTC with the IANA zone they happened in; durations
//! are elapsed time; what a person reads is rendered in their *current* zone.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use facet::Facet;
use serde::{Deserialize, Serialize};

/// What the shell reports about "now": the instant and the zone the patient is in.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Clock {
    pub now_utc_ms: i64,
    /// IANA zone name, e.g. `Europe/Paris`.
    pub zone: String,
}

/// A clock reading that has been checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Now {
    pub instant: DateTime<Utc>,
    pub zone: Tz,
}

impl Clock {
    /// Checks the zone name and the instant.
    pub fn resolve(&self) -> Result<Now, TimeError> {
        Ok(Now { instant: instant_from_ms(self.now_utc_ms)?, zone: parse_zone(&self.zone)? })
    }
}

/// Why a time could not be understood. Messages are meant for the patient to read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// The zone is not an IANA time-zone name.
    #[error("unknown time zone `{0}`: use an IANA name such as Europe/London or America/New_York")]
    UnknownZone(String),
    /// Neither RFC 3339 nor local `YYYY-MM-DDTHH:MM`.
    #[error(
        "cannot read `{0}` as a date and time: use RFC 3339 (2026-03-07T22:00:00-05:00) or local YYYY-MM-DDTHH:MM"
    )]
    Unparseable(String),
    /// A local time that the zone skips (clocks went forward).
    #[error(
        "{local} does not exist in {zone}: the clocks went forward that night; pick another time"
    )]
    SkippedByDst { local: String, zone: String },
    /// A local time that happens twice (clocks went back).
    #[error(
        "{local} happens twice in {zone} (the clocks went back): give the offset, e.g. {earlier} or {later}"
    )]
    Ambiguous { local: String, zone: String, earlier: String, later: String },
    /// Outside what chrono can represent.
    #[error("the instant is out of range")]
    OutOfRange,
}

/// Parses an IANA zone name.
pub fn parse_zone(name: &str) -> Result<Tz, TimeError> {
    name.trim().parse::<Tz>().map_err(|_| TimeError::UnknownZone(name.to_owned()))
}

/// Converts UTC milliseconds to an instant.
pub fn instant_from_ms(ms: i64) -> Result<DateTime<Utc>, TimeError> {
    DateTime::<Utc>::from_timestamp_millis(ms).ok_or(TimeError::OutOfRange)
}

/// Parses either an RFC 3339 instant (its offset wins) or a local wall-clock time
/// `YYYY-MM-DDTHH:MM[:SS]` in `zone`. Local times the zone skips or repeats are refused with a
/// message saying why, rather than silently shifted.
pub fn parse_instant(input: &str, zone: Tz) -> Result<DateTime<Utc>, TimeError> {
    let input = input.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(input) {
        return Ok(instant.with_timezone(&Utc));
    }
    let local = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(input, format).ok())
        .ok_or_else(|| TimeError::Unparseable(input.to_owned()))?;
    match zone.from_local_datetime(&local) {
        LocalResult::Single(instant) => Ok(instant.with_timezone(&Utc)),
        LocalResult::None => {
            Err(TimeError::SkippedByDst { local: input.to_owned(), zone: zone.name().to_owned() })
        }
        LocalResult::Ambiguous(earlier, later) => Err(TimeError::Ambiguous {
            local: input.to_owned(),
            zone: zone.name().to_owned(),
            earlier: earlier.to_rfc3339(),
            later: later.to_rfc3339(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ny() -> Tz {
        parse_zone("America/New_York").unwrap()
    }

    #[test]
    fn rfc3339_keeps_its_offset() {
        let t = parse_instant("2026-03-07T22:00:00-05:00", ny()).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-08T03:00:00+00:00");
    }

    #[test]
    fn local_time_is_read_in_the_given_zone() {
        let t = parse_instant("2026-03-07T22:00", ny()).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-08T03:00:00+00:00");
    }

    #[test]
    fn spring_forward_gap_is_refused() {
        let err = parse_instant("2026-03-08T02:30", ny()).unwrap_err();
        assert!(matches!(err, TimeError::SkippedByDst { .. }), "{err}");
    }

    #[test]
    fn fall_back_overlap_asks_for_the_offset() {
        let err = parse_instant("2026-11-01T01:30", ny()).unwrap_err();
        assert!(err.to_string().contains("-04:00") && err.to_string().contains("-05:00"), "{err}");
    }

    #[test]
    fn impossible_dates_and_unknown_zones_are_clear_errors() {
        assert!(matches!(parse_instant("2026-02-30T10:00", ny()), Err(TimeError::Unparseable(_))));
        assert!(matches!(parse_zone("Mars/Olympus_Mons"), Err(TimeError::UnknownZone(_))));
    }
}
