//! Test fixtures the reminder planner's tests share: a session in a zone, and the zones that
//! catch DST and half-hour offsets.

use chrono::{DateTime, Utc};

use crate::domain::{NewSession, Session, TreatedArea};

/// No DST, northern and southern DST, and a half-hour DST shift.
pub(crate) const ZONES: [&str; 4] =
    ["Europe/London", "America/New_York", "Australia/Lord_Howe", "UTC"];

/// A 1 mm face session starting at `start` in `zone`.
pub(crate) fn session(id: i64, start: DateTime<Utc>, zone: &str) -> Session {
    Session {
        id,
        details: NewSession {
            start_utc_ms: start.timestamp_millis(),
            zone: zone.into(),
            depth_um: 1000,
            areas: vec![TreatedArea::Face],
            device: None,
            notes: None,
            screening: Vec::new(),
        },
    }
}
