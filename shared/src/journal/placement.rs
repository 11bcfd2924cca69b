//! Where a photo belongs: its taken-at instant, its session and its day after that session.
//! Pure functions of the sessions and the clock, so the view can recompute them at any time.

use chrono::{DateTime, Duration, FixedOffset, Utc};

use super::TakenSource;
use crate::domain::Session;
use crate::domain::clock::{self, Now};

/// A photo may be dated this far ahead of "now" (camera clocks drift a little).
pub const FUTURE_TOLERANCE_MINUTES: i64 = 10;

/// Why a photo cannot be placed in the journal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlacementError {
    #[error(transparent)]
    Time(#[from] clock::TimeError),
    #[error(
        "add your first session before adding photos: each photo is placed by days after a session"
    )]
    NoSession,
    #[error(
        "the photo is dated {taken}, before your first session ({first}); check the date, or add that session first"
    )]
    BeforeFirstSession { taken: String, first: String },
    #[error(
        "the photo is dated {taken}, which is in the future; check the camera's clock or give the date"
    )]
    InTheFuture { taken: String },
}

/// A photo's taken-at instant and where it came from: the patient's date wins, then the
/// camera's (with its UTC offset; without one, read in the patient's current zone), then now.
pub fn taken_at(
    given: Option<&str>,
    camera_local: Option<&str>,
    camera_offset_minutes: Option<i32>,
    now: Now,
) -> Result<(DateTime<Utc>, TakenSource), PlacementError> {
    if let Some(given) = given {
        return Ok((clock::parse_instant(given, now.zone)?, TakenSource::Given));
    }
    if let Some(local) = camera_local {
        let camera = match camera_offset_minutes.and_then(|m| FixedOffset::east_opt(m * 60)) {
            Some(offset) => chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S")
                .ok()
                .and_then(|l| l.and_local_timezone(offset).single())
                .map(|t| t.with_timezone(&Utc)),
            None => clock::parse_instant(local, now.zone).ok(),
        };
        if let Some(camera) = camera {
            return Ok((camera, TakenSource::Camera));
        }
    }
    Ok((now.instant, TakenSource::ImportTime))
}

/// The session a photo belongs to (the latest one started at or before it) and the whole
/// 24-hour periods since that start (0 on the session day), as the timeline counts days.
pub fn place(taken: DateTime<Utc>, sessions: &[Session]) -> Option<(i64, u32)> {
    let session =
        sessions.iter().filter(|s| s.start() <= taken).max_by_key(|s| (s.start(), s.id))?;
    let days = (taken - session.start()).num_days();
    Some((session.id, u32::try_from(days).unwrap_or(u32::MAX)))
}

/// Checks a new photo's date against the series and the clock, then places it.
pub fn place_new(
    taken: DateTime<Utc>,
    sessions: &[Session],
    now: Now,
) -> Result<(i64, u32), PlacementError> {
    let label = |t: DateTime<Utc>| t.with_timezone(&now.zone).format("%-d %b %Y %H:%M").to_string();
    if taken > now.instant + Duration::minutes(FUTURE_TOLERANCE_MINUTES) {
        return Err(PlacementError::InTheFuture { taken: label(taken) });
    }
    let first = sessions.iter().map(Session::start).min().ok_or(PlacementError::NoSession)?;
    place(taken, sessions).ok_or_else(|| PlacementError::BeforeFirstSession {
        taken: label(taken),
        first: label(first),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::NewSession;
    use crate::domain::clock::parse_instant;

    fn session(id: i64, start: &str) -> Session {
        Session {
            id,
            details: NewSession {
                start_utc_ms: parse_instant(start, chrono_tz::UTC).unwrap().timestamp_millis(),
                zone: "Europe/London".into(),
                depth_um: 1000,
                areas: vec![],
                device: None,
                notes: None,
                screening: Vec::new(),
            },
        }
    }

    fn now(at: &str) -> Now {
        Now { instant: parse_instant(at, chrono_tz::UTC).unwrap(), zone: chrono_tz::Europe::London }
    }

    #[test]
    fn photos_are_placed_after_the_latest_session_before_them() {
        let sessions = [session(1, "2026-03-01T10:00:00Z"), session(2, "2026-04-01T10:00:00Z")];
        let at = |s| parse_instant(s, chrono_tz::UTC).unwrap();
        assert_eq!(place(at("2026-03-01T10:00:00Z"), &sessions), Some((1, 0)));
        assert_eq!(place(at("2026-03-04T09:59:00Z"), &sessions), Some((1, 2)));
        assert_eq!(place(at("2026-04-08T12:00:00Z"), &sessions), Some((2, 7)));
        assert_eq!(place(at("2026-02-28T12:00:00Z"), &sessions), None);
    }

    #[test]
    fn dates_before_the_series_or_in_the_future_are_refused() {
        let sessions = [session(1, "2026-03-01T10:00:00Z")];
        let now = now("2026-03-10T12:00:00Z");
        let at = |s| parse_instant(s, chrono_tz::UTC).unwrap();
        assert!(matches!(
            place_new(at("2026-02-01T10:00:00Z"), &sessions, now),
            Err(PlacementError::BeforeFirstSession { .. })
        ));
        assert!(matches!(
            place_new(at("2026-03-10T12:30:00Z"), &sessions, now),
            Err(PlacementError::InTheFuture { .. })
        ));
        assert_eq!(place_new(at("2026-03-10T12:05:00Z"), &sessions, now), Ok((1, 9)));
        assert_eq!(place_new(at("2026-03-05T12:00:00Z"), &[], now), Err(PlacementError::NoSession));
    }

    #[test]
    fn the_camera_date_uses_its_offset_or_the_patients_zone() {
        let now = now("2026-07-10T12:00:00Z");
        let (t, s) = taken_at(None, Some("2026-07-08T10:15:00"), Some(120), now).unwrap();
        assert_eq!(
            (t, s),
            (parse_instant("2026-07-08T08:15:00Z", chrono_tz::UTC).unwrap(), TakenSource::Camera)
        );
        // No offset: London wall time (BST, UTC+1 in July).
        let (t, _) = taken_at(None, Some("2026-07-08T10:15:00"), None, now).unwrap();
        assert_eq!(t, parse_instant("2026-07-08T09:15:00Z", chrono_tz::UTC).unwrap());
        let (t, s) =
            taken_at(Some("2026-07-01T08:00:00Z"), Some("2026-07-08T10:15:00"), None, now).unwrap();
        assert_eq!((t.to_rfc3339(), s), ("2026-07-01T08:00:00+00:00".into(), TakenSource::Given));
        assert_eq!(
            taken_at(None, None, None, now).unwrap(),
            (now.instant, TakenSource::ImportTime)
        );
    }
}
