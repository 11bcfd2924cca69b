//! The check-in feature driven through the Crux core, resolving its storage effects by hand.

// Test helpers may unwrap: a failed unwrap here is a failed test, not a patient's crash.
#![allow(clippy::unwrap_used)]

use shared::checkin::{
    self, Checkin, CheckinForm, Discharge, Level, Sign, TemperatureInput, TemperatureUnit,
};
use shared::domain::{Clock, PatientRecord};
use shared::effects::{StoreError, StoreErrorKind, StoreOperation, StoreResult};
use shared::view::{ErrorKind, Screen};
use shared::{Aftercare, Core, Effect, Event};

mod common;

use common::checkins::{DAY_MS, SESSION_START_MS, session, stored_checkin};

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
        redness: Some(redness),
        swelling: Some(0),
        pain: Some(1),
        itch: Some(0),
        temperature: Some(TemperatureInput::new("98.6", TemperatureUnit::Fahrenheit)),
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

/// Issue "Every word from the core": the form is the core's. An urgent-first "yes" on the
/// first step is sent at once with that sign alone, every score unanswered, and the result
/// replaces the form until the patient starts a new one.
#[test]
fn an_urgent_first_yes_sends_only_that_sign_with_every_score_unanswered() {
    let record = PatientRecord { sessions: vec![session()], ..PatientRecord::default() };
    let core = core_at(record, 3);
    let form = core.view().checkins.form.unwrap();
    assert_eq!(form.step, checkin::CheckinStep::UrgentFirst);
    let urgent = Sign::URGENT_FIRST[0];
    let request =
        store_request(answer(&core, checkin::CheckinAnswer::Sign { sign: urgent, yes: true }));
    let StoreOperation::AddCheckin { checkin } = request.operation.clone() else {
        panic!("{:?}", request.operation)
    };
    assert_eq!(checkin.answers.signs, vec![urgent]);
    let a = &checkin.answers;
    assert_eq!((a.redness, a.swelling, a.pain, a.itch), (None, None, None, None));
    assert_eq!((a.temperature_tenths_c, a.discharge), (None, None));
    assert_eq!(checkin.triage.level, Level::Urgent);
    let view = core.view().checkins;
    assert_eq!(view.form, None, "the result is shown, even before it is stored");
    assert_eq!(view.last_result.map(|r| r.level), None, "…as soon as storage answers");
}

/// The stepped form through the core: each "Next" checks its step, the last one stores the
/// whole check-in, and "New check-in" brings back an empty form; a refused check-in keeps
/// every answer on the form.
#[test]
fn the_stepped_form_stores_a_whole_check_in_and_starts_over_empty() {
    use checkin::CheckinAnswer as A;
    let record = PatientRecord { sessions: vec![session()], ..PatientRecord::default() };
    let core = core_at(record, 3);
    let next = || core.process_event(Event::Checkin(checkin::Event::Next));
    next();
    next();
    let form = core.view().checkins.form.unwrap();
    assert_eq!(form.step, checkin::CheckinStep::Skin, "redness and swelling first");
    assert!(form.problem.unwrap().starts_with("Redness is not answered"));
    for a in [A::Redness { score: 1 }, A::Swelling { score: 0 }] {
        answer(&core, a);
    }
    next();
    for a in [A::Pain { score: 2 }, A::Itch { score: 0 }] {
        answer(&core, a);
    }
    next();
    answer(&core, A::Discharge { discharge: Discharge::Clear });
    answer(&core, A::Sign { sign: Sign::Warmth, yes: true });
    next();
    answer(&core, A::Temperature { text: "37,1".into() });
    let mut request = store_request(next());
    let StoreOperation::AddCheckin { checkin } = request.operation.clone() else {
        panic!("{:?}", request.operation)
    };
    let a = &checkin.answers;
    assert_eq!((a.redness, a.swelling, a.pain, a.itch), (Some(1), Some(0), Some(2), Some(0)));
    assert_eq!((a.temperature_tenths_c, a.signs.clone()), (Some(371), vec![Sign::Warmth]));
    core.resolve(
        &mut request,
        StoreResult::CheckinAdded { checkin: Checkin { id: 2, details: checkin } },
    )
    .unwrap();
    let view = core.view().checkins;
    assert_eq!((view.form, view.last_checkin_id), (None, Some(2)));

    core.process_event(Event::Checkin(checkin::Event::StartNew));
    let form = core.view().checkins.form.unwrap();
    assert_eq!(
        (form.step, form.redness, form.signs.len()),
        (checkin::CheckinStep::UrgentFirst, None, 0)
    );
    answer(&core, A::Redness { score: 3 });
    core.process_event(Event::Checkin(checkin::Event::StartNew));
    assert_eq!(core.view().checkins.form.unwrap().redness, Some(3), "a form in progress is kept");
}

fn answer(core: &Core<Aftercare>, answer: checkin::CheckinAnswer) -> Vec<Effect> {
    core.process_event(Event::Checkin(checkin::Event::Answer { answer }))
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
    hot.temperature = Some(TemperatureInput::new("60.0", TemperatureUnit::Celsius));
    assert!(submit(&core, hot).iter().all(|e| matches!(e, Effect::Render(_))));
    assert!(core.view().error.unwrap().message.contains("check the thermometer reading"));

    let mut request = store_request(submit(&core, form(1)));
    let failed = StoreError {
        kind: StoreErrorKind::DiskFull,
        message: "the device is out of storage space".into(),
    };
    core.resolve(&mut request, StoreResult::Failed { error: failed }).unwrap();
    let view = core.view();
    let error = view.error.unwrap();
    assert_eq!(error.kind, ErrorKind::Storage);
    assert!(error.message.starts_with("This check-in was not saved"), "{}", error.message);
    // The advice stands (it was decided before storing); nothing claims to be stored.
    assert_eq!(view.checkins.last_result.unwrap().level, Level::Expected);
    assert_eq!(view.checkins.last_checkin_id, None);
    assert_eq!(view.checkins.history.total, 0);
}

const EMERGENCY: &str = "Call your local emergency number or go to an emergency department now.";
const URGENT_CARE: &str = "Seek urgent care now: go to urgent care or an emergency department, or call your local emergency number.";

/// Critical 1 and 2 (clinical review), unlinked: every urgent sign alone gives its emergency
/// instruction as the first sentence, and the clinic only after it.
#[test]
fn critical_1_every_urgent_sign_puts_the_emergency_instruction_first() {
    use shared::checkin::Sign;
    for sign in Sign::URGENT_FIRST {
        let record = PatientRecord { sessions: vec![session()], ..PatientRecord::default() };
        let core = core_at(record, 2);
        let mut request =
            store_request(submit(&core, CheckinForm { signs: vec![sign], ..form(1) }));
        let StoreOperation::AddCheckin { checkin } = request.operation.clone() else { panic!() };
        core.resolve(
            &mut request,
            StoreResult::CheckinAdded { checkin: Checkin { id: 3, details: checkin } },
        )
        .unwrap();
        let view = core.view();
        let result = view.checkins.last_result.unwrap();
        assert_eq!(result.level, Level::Urgent, "{sign:?}");
        let first =
            if matches!(sign, Sign::Allergy | Sign::Systemic) { EMERGENCY } else { URGENT_CARE };
        assert!(result.advice.starts_with(first), "{sign:?}: {}", result.advice);
        let clinic = result.advice.find("clinic").unwrap();
        assert!(clinic > first.len(), "{sign:?}: the clinic comes after the instruction");
        assert_eq!(view.checkins.clinic_advice, None, "unlinked: no clinic line");
    }
}

/// Critical 2: signs of sepsis are asked among the urgent-first questions and are urgent even
/// with a normal temperature (U6); with a fever they are urgent too.
#[test]
fn critical_2_sepsis_signs_are_asked_first_and_urgent() {
    use shared::checkin::Sign;
    let record = PatientRecord { sessions: vec![session()], ..PatientRecord::default() };
    let core = core_at(record, 1);
    let asked = core.view().checkins.questionnaire.urgent_first;
    assert!(asked.iter().any(|q| q.sign == Sign::Systemic && q.text.contains("confusion")));
    let mut fever = form(1);
    fever.temperature = Some(TemperatureInput::new("40.0", TemperatureUnit::Celsius));
    fever.signs = vec![Sign::Systemic];
    let request = store_request(submit(&core, fever));
    let StoreOperation::AddCheckin { checkin } = request.operation else { panic!() };
    assert_eq!(checkin.triage.level, Level::Urgent);
    assert_eq!(checkin.triage.rules, ["U6"]);
    assert!(checkin.triage.advice.starts_with(EMERGENCY));
}

/// Critical 3: the urgent-first answers decide before anything else is checked. An invalid
/// other answer, no session yet, a record not loaded, or a full disk cannot hide them.
mod critical_3 {
    use super::*;
    use proptest::prelude::*;
    use shared::checkin::Sign;

    #[derive(Debug, Clone, Copy)]
    enum Trouble {
        Nothing,
        NoSessionYet,
        DiskFull,
    }

    fn any_trouble() -> impl Strategy<Value = Trouble> {
        prop_oneof![Just(Trouble::Nothing), Just(Trouble::NoSessionYet), Just(Trouble::DiskFull)]
    }

    fn any_form() -> impl Strategy<Value = CheckinForm> {
        (
            proptest::sample::subsequence(Sign::URGENT_FIRST.to_vec(), 1..=6),
            proptest::sample::subsequence(Sign::OTHERS.to_vec(), 0..=5),
            (0_u8..=9, 0_u8..=9, 0_u8..=20, 0_u8..=20),
            prop_oneof![Just(None), (-500.0_f64..500.0).prop_map(Some), Just(Some(f64::NAN))],
            prop_oneof![
                Just(None),
                Just(Some("fine".to_owned())),
                Just(Some("bad\u{1b}[31m".to_owned()))
            ],
        )
            .prop_map(|(urgent, others, (redness, swelling, pain, itch), temp, note)| {
                CheckinForm {
                    redness: Some(redness),
                    swelling: Some(swelling),
                    pain: Some(pain),
                    itch: Some(itch),
                    temperature: temp.map(|value| {
                        TemperatureInput::new(value.to_string(), TemperatureUnit::Celsius)
                    }),
                    discharge: None,
                    signs: urgent.into_iter().chain(others).collect(),
                    note,
                }
            })
    }

    proptest! {
        #[test]
        fn an_urgent_sign_always_gives_urgent_advice(form in any_form(), trouble in any_trouble()) {
            let record = PatientRecord { sessions: vec![session()], ..PatientRecord::default() };
            let days = if matches!(trouble, Trouble::NoSessionYet) { -1 } else { 2 };
            let core = core_at(record, days);
            let effects = submit(&core, form);
            if let Some(mut request) = effects.into_iter().find_map(|e| match e {
                Effect::Store(r) => Some(r),
                _ => None,
            }) {
                let answer = match trouble {
                    Trouble::DiskFull => StoreResult::Failed {
                        error: StoreError { kind: StoreErrorKind::DiskFull, message: "the disk is full".into() },
                    },
                    _ => {
                        let StoreOperation::AddCheckin { checkin } = request.operation.clone() else { panic!() };
                        StoreResult::CheckinAdded { checkin: Checkin { id: 9, details: checkin } }
                    }
                };
                core.resolve(&mut request, answer).unwrap();
            }
            let view = core.view();
            let result = view.checkins.last_result.expect("advice is shown");
            prop_assert_eq!(result.level, Level::Urgent);
            prop_assert!(result.advice.starts_with(EMERGENCY) || result.advice.starts_with(URGENT_CARE));
        }
    }

    #[test]
    fn before_the_record_loads_an_urgent_sign_still_gets_advice() {
        let core = Core::<Aftercare>::new();
        let form = CheckinForm { signs: vec![Sign::Allergy], ..form(1) };
        submit(&core, form);
        let view = core.view();
        assert!(view.error.is_some());
        assert!(view.checkins.last_result.unwrap().advice.starts_with(EMERGENCY));
    }
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

/// Major 10 (clinical review): the urgent check-in sent at once stores what was answered and
/// nothing else; a full check-in with a score left out is refused, naming it.
#[test]
fn major_10_an_urgent_only_check_in_stores_no_scores() {
    let record = PatientRecord {
        sessions: vec![session()],
        checkins: vec![stored_checkin(1, 2)],
        ..PatientRecord::default()
    };
    let core = core_at(record, 2);
    let urgent = CheckinForm {
        redness: None,
        swelling: None,
        pain: None,
        itch: None,
        temperature: None,
        discharge: None,
        signs: vec![checkin::Sign::Allergy],
        note: None,
    };
    let mut request = store_request(submit(&core, urgent));
    let StoreOperation::AddCheckin { checkin } = request.operation.clone() else {
        panic!("{:?}", request.operation)
    };
    let a = &checkin.answers;
    assert_eq!((a.redness, a.swelling, a.pain, a.itch), (None, None, None, None));
    assert_eq!(checkin.triage.level, Level::Urgent);
    let stored = Checkin { id: 2, details: checkin };
    core.resolve(&mut request, StoreResult::CheckinAdded { checkin: stored }).unwrap();
    core.process_event(Event::Show { screen: Screen::Checkins });
    let view = core.view().checkins;
    let newest = &view.history.entries[0];
    assert_eq!(newest.redness, None);
    assert!(newest.scores_label.contains("not answered"), "{}", newest.scores_label);
    assert!(!newest.counts_for_day, "no values for the trend");
    let day2 = view.trend.days.iter().find(|d| d.day_index == 2).unwrap();
    assert_eq!((day2.redness, day2.pain), (None, None), "no zeros drawn");

    let half = CheckinForm { pain: None, ..form(1) };
    assert!(store_request_or_none(submit(&core, half)).is_none(), "refused before storing");
    let error = core.view().error.unwrap();
    assert!(error.message.contains("pain is not answered"), "{}", error.message);
}

fn store_request_or_none(effects: Vec<Effect>) -> Option<crux_core::Request<StoreOperation>> {
    effects.into_iter().find_map(|e| match e {
        Effect::Store(request) => Some(request),
        _ => None,
    })
}
