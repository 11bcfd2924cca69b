//! A 1 mm session on the face in New York and a stored check-in after it, for the check-in and
//! language tests.

use shared::checkin::{Checkin, CheckinAnswers, Discharge, Level, NewCheckin, TriageResult};
use shared::domain::{NewSession, Session, TreatedArea};

pub const DAY_MS: i64 = 24 * 3600 * 1000;
pub const SESSION_START_MS: i64 = 1_770_000_000_000;

pub fn session() -> Session {
    Session {
        id: 7,
        details: NewSession {
            start_utc_ms: SESSION_START_MS,
            zone: "America/New_York".into(),
            depth_um: 1000,
            areas: vec![TreatedArea::Face],
            device: None,
            notes: None,
            screening: Vec::new(),
        },
    }
}

pub fn stored_checkin(day: u32, redness: u8) -> Checkin {
    Checkin {
        id: 1,
        details: NewCheckin {
            taken_utc_ms: SESSION_START_MS + i64::from(day) * DAY_MS + 3_600_000,
            zone: "America/New_York".into(),
            session_id: Some(7),
            day_index: day,
            answers: CheckinAnswers {
                redness: Some(redness),
                swelling: Some(0),
                pain: Some(0),
                itch: Some(0),
                temperature_tenths_c: Some(368),
                discharge: Some(Discharge::None),
                ..CheckinAnswers::default()
            },
            triage: TriageResult {
                level: Level::Expected,
                rules: vec!["E2".into()],
                advice: "This is what we expect on day 2.".into(),
                day_index: day,
                flagged_for_sharing: false,
            },
        },
    }
}
