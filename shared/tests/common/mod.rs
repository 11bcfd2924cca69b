//! Builders shared by the core's integration tests.
#![allow(dead_code)]
// Test builders: a bad fixture should fail the test loudly.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use shared::domain::clock::{Now, parse_instant, parse_zone};
use shared::domain::{NewSession, Session, TreatedArea};

pub fn zone(name: &str) -> Tz {
    parse_zone(name).unwrap()
}

/// An instant from RFC 3339, or local `YYYY-MM-DDTHH:MM` in `zone`.
pub fn at(text: &str, zone_name: &str) -> DateTime<Utc> {
    parse_instant(text, zone(zone_name)).unwrap()
}

pub fn session(id: i64, start: DateTime<Utc>, zone_name: &str, depth_um: u32) -> Session {
    Session {
        id,
        details: NewSession {
            start_utc_ms: start.timestamp_millis(),
            zone: zone_name.into(),
            depth_um,
            areas: vec![TreatedArea::Face],
            device: None,
            notes: None,
            screening: Vec::new(),
        },
    }
}

pub fn now(instant: DateTime<Utc>, zone_name: &str) -> Now {
    Now { instant, zone: zone(zone_name) }
}
