//! Builders shared by the core's integration tests.
#![allow(dead_code)]
// Test builders: a bad fixture should fail the test loudly.
#![allow(clippy::unwrap_used)]

pub mod checkins;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use crux_core::App;
use shared::domain::clock::{Now, parse_instant, parse_zone};
use shared::domain::{Clock, NewSession, PatientRecord, Session, TreatedArea};
use shared::effects::{StoreOperation, StoreResult};
use shared::{Aftercare, Model};

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

// Driving the app as a shell does.

pub fn clock(rfc3339: &str, zone: &str) -> Clock {
    Clock { now_utc_ms: at(rfc3339, "UTC").timestamp_millis(), zone: zone.into() }
}

/// The command renders and asks for no storage (it may re-plan reminders too).
pub fn expect_render(mut cmd: crux_core::Command<shared::Effect, shared::Event>) {
    let effects: Vec<_> = cmd.effects().collect();
    assert!(effects.iter().any(|e| matches!(e, shared::Effect::Render(_))), "no render");
    assert!(!effects.iter().any(|e| matches!(e, shared::Effect::Store(_))), "unexpected storage");
}

/// Starts the app and answers its load request with `record`.
pub fn started(record: PatientRecord, now: &str, zone: &str) -> (Aftercare, Model) {
    let app = Aftercare;
    let mut model = Model::default();
    let mut cmd = app.update(shared::Event::Start { clock: clock(now, zone) }, &mut model);
    let mut request = cmd.effects().next().unwrap().expect_store();
    assert_eq!(request.operation, StoreOperation::LoadRecord);
    request.resolve(StoreResult::Loaded { record }).unwrap();
    let loaded = cmd.events().next().unwrap();
    expect_render(app.update(loaded, &mut model));
    (app, model)
}
