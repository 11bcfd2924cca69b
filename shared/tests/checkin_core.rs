//! The check-in feature driven through the Crux core, resolving its storage effects by hand.

// Test helpers may unwrap: a failed unwrap here is a failed test, not a patient's crash.
#![allow(clippy::unwrap_used)]

use shared::checkin::{
    self, Checkin, CheckinAnswers, CheckinForm, Discharge, Level, NewCheckin, TemperatureInput,
    TemperatureUnit, TriageResult,
};
use shared::domain::{Clock, NewSession, PatientRecord, Session, TreatedArea};
use shared::effects::{StoreError, StoreErrorKind, StoreOperation, StoreResult};
use shared::view::{ErrorKind, Screen};
use shared::{Aftercare, Core, Effect, Event};

const DAY_MS: i64 = 24 * 3600 * 1000;
const SESSION_START_MS: i64 = 1_770_000_000_000;

fn session() -> Session {
    Session {
        id: 7,
        details: NewSession {
            start_utc_ms: SESSION_START_MS,
            zone: "America/New_York".into(),
            depth_um: 1000,
            areas: vec![TreatedArea::Face],
            device: None,
            notes: None,
        },
    }
}

fn stored_checkin(day: u32, redness: u8) -> Checkin {
    Checkin {
        id: 1,
        details: NewCheckin {
            taken_utc_ms: SESSION_START_MS + i64::from(day) * DAY_MS + 3_600_000,
            zone: "America/New_York".into(),
            session_id: Some(7),
            day_index: day,
            answers: CheckinAnswers {
                redness,
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

/// A core that has loaded `record`, with "now" `days` after the session start (plus 2 h).
fn core_at(record: PatientRecord, days: i64) -> Core<Aftercare> {
    let core = Core::<Aftercare>::new();
    let clock = Clock {
        now_utc_ms: SESSION_START_MS + days * DAY_MS + 7_200_000,
        zone: "Europe/Berlin".into(),
    };
    for effect in core.process_event(Event::Start { clock }) {
        if let Effect::Store(mut request) = effect {
            core.resolve(&mut request, StoreResult::Loaded { record: record.clone() }).unwrap();
        }
    }
    assert!(core.view().ready);
    core
}

fn form(redness: u8) -> CheckinForm {
    CheckinForm {
        redness,
        swelling: 0,
        pain: 1,
        itch: 0,
        temperature: Some(TemperatureInput { value: 98.6, unit: TemperatureUnit::Fahrenheit }),
        discharge: Some(Discharge::None),
        signs: vec![],
        note: None,
    }
}

fn submit(core: &Core<Aftercare>, form: CheckinForm) -> Vec<Effect> {
    core.process_event(Event::Checkin(checkin::Event::Submit { form }))
}

fn store_request(effects: Vec<Effect>) -> crux_core::Request<StoreOperation> {
    effects
        .into_iter()
        .find_map(|e| match e {
            Effect::Store(request) => Some(request),
            _ => None,
        })
        .expect("a store effect")
}

#[test]
fn a_check_in_is_placed_on_its_day_compared_with_yesterday_and_stored() {
    let record = PatientRecord {
        sessions: vec![session()],
        checkins: vec![stored_checkin(2, 1)],
        ..PatientRecord::default()
    };
    let core = core_at(record, 3);
    let mut request = store_request(submit(&core, form(2)));
    let StoreOperation::AddCheckin { checkin } = request.operation.clone() else {
        panic!("{:?}", request.operation)
    };
    assert_eq!(checkin.day_index, 3);
    assert_eq!(checkin.session_id, Some(7));
    assert_eq!(checkin.answers.temperature_tenths_c, Some(370));
    // Redness 2 after 1 yesterday, on day 3: worse than yesterday.
    assert_eq!(
        (checkin.triage.level, checkin.triage.rules.clone()),
        (Level::ContactClinic, vec!["C3".to_owned()])
    );

    let stored = Checkin { id: 2, details: checkin.clone() };
    core.resolve(&mut request, StoreResult::CheckinAdded { checkin: stored }).unwrap();
    // History and trend are built on the check-ins screen only.
    assert_eq!(core.view().checkins.history.total, 0);
    core.process_event(Event::Show { screen: Screen::Checkins });
    let view = core.view();
    assert_eq!(view.error, None);
    assert_eq!(view.checkins.last_result, Some(checkin.triage));
    assert_eq!(view.checkins.last_checkin_id, Some(2));
    assert_eq!(view.checkins.history.total, 2);
    assert_eq!(view.checkins.history.entries[0].id, 2, "newest first");
    assert_eq!(view.checkins.trend.days[3].redness, Some(2));
    assert_eq!(view.checkins.trend.days[2].redness, Some(1));
}

#[test]
fn a_check_in_before_the_first_session_is_refused_without_storing() {
    let record = PatientRecord { sessions: vec![session()], ..PatientRecord::default() };
    let core = core_at(record, -1);
    let effects = submit(&core, form(1));
    assert!(effects.iter().all(|e| matches!(e, Effect::Render(_))));
    let error = core.view().error.unwrap();
    assert_eq!(error.kind, ErrorKind::Invalid);
    assert!(error.message.contains("add your session first"), "{}", error.message);
}

#[test]
fn invalid_answers_and_storage_failures_are_shown_as_errors() {
    let record = PatientRecord { sessions: vec![session()], ..PatientRecord::default() };
    let core = core_at(record, 1);
    let mut hot = form(1);
    hot.temperature = Some(TemperatureInput { value: 60.0, unit: TemperatureUnit::Celsius });
    assert!(submit(&core, hot).iter().all(|e| matches!(e, Effect::Render(_))));
    assert!(core.view().error.unwrap().message.contains("check the thermometer reading"));

    let mut request = store_request(submit(&core, form(1)));
    let failed = StoreError {
        kind: StoreErrorKind::DiskFull,
        message: "the device is out of storage space".into(),
    };
    core.resolve(&mut request, StoreResult::Failed { error: failed }).unwrap();
    let view = core.view();
    assert_eq!(view.error.unwrap().kind, ErrorKind::Storage);
    assert_eq!(view.checkins.last_result, None);
    assert_eq!(view.checkins.history.total, 0);
}

#[test]
fn the_submit_event_crosses_the_bridge() {
    let event = Event::Checkin(checkin::Event::Submit { form: form(3) });
    let bytes = bincode::serialize(&event).unwrap();
    assert_eq!(bincode::deserialize::<Event>(&bytes).unwrap(), event);
}

#[test]
fn the_check_in_view_shape_is_reviewed() {
    let record = PatientRecord {
        sessions: vec![session()],
        checkins: vec![stored_checkin(2, 1)],
        ..PatientRecord::default()
    };
    let core = core_at(record, 3);
    let mut request = store_request(submit(&core, form(1)));
    let StoreOperation::AddCheckin { checkin } = request.operation.clone() else {
        panic!("{:?}", request.operation)
    };
    let stored = Checkin { id: 2, details: checkin };
    core.resolve(&mut request, StoreResult::CheckinAdded { checkin: stored }).unwrap();
    core.process_event(Event::Show { screen: Screen::Checkins });
    insta::assert_json_snapshot!(core.view().checkins);
}
