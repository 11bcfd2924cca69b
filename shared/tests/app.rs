//! The app driven as a shell would: send events, resolve the effects it asks for, read the view.

// Helpers outside #[test] fns unwrap too: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::{clock, expect_render, started};

use crux_core::App;
use shared::domain::{PatientRecord, Session, SessionForm, TreatedArea};
use shared::effects::{StoreError, StoreErrorKind, StoreOperation, StoreResult};
use shared::view::{ErrorKind, Screen};
use shared::{Aftercare, Event, Model};

fn dst_record() -> PatientRecord {
    let start = common::at("2026-03-07T22:00", "America/New_York");
    PatientRecord {
        sessions: vec![common::session(1, start, "America/New_York", 1000)],
        ..Default::default()
    }
}

#[test]
fn today_after_the_spring_forward_night() {
    let (app, model) = started(dst_record(), "2026-03-08T13:00:00Z", "America/New_York");
    let view = app.view(&model);
    let today = view.today.unwrap();
    assert_eq!(today.day_index, Some(0));
    let makeup = today.restrictions.iter().find(|r| r.id == "no_makeup").unwrap();
    assert_eq!(makeup.until, "2026-03-08T23:00:00-04:00");
    assert_eq!(makeup.unlock, "Makeup OK (use clean brushes) from today 23:00");
}

/// Issue "Every word from the core": Today's sections, their order and their words are the
/// core's; an empty section is left out, and a restriction carries its unlock as its "when".
#[test]
fn today_is_sections_in_order_with_the_core_s_words() {
    use shared::view::TodaySectionKind as Kind;
    let (app, model) = started(dst_record(), "2026-03-08T13:00:00Z", "America/New_York");
    let today = app.view(&model).today.unwrap();
    let kinds: Vec<Kind> = today.sections.iter().map(|s| s.kind).collect();
    let order = [
        Kind::Warnings,
        Kind::Restrictions,
        Kind::Dos,
        Kind::Donts,
        Kind::Expected,
        Kind::ComingUp,
    ];
    let mut expected = order.to_vec();
    expected.retain(|k| kinds.contains(k));
    assert_eq!(kinds, expected, "in reading order, nothing else");
    assert!(today.sections.iter().all(|s| !s.lines.is_empty() && !s.title.is_empty()));
    let restrictions = today.sections.iter().find(|s| s.kind == Kind::Restrictions).unwrap();
    let makeup = restrictions.lines.iter().find(|l| l.text.starts_with("No makeup")).unwrap();
    assert_eq!(makeup.time.as_deref(), Some("Makeup OK (use clean brushes) from today 23:00"));
    assert_eq!(today.words.title, today.phase_title);
    assert_eq!(
        today.words.subtitle,
        "Day 0 after your session · times in your zone, America/New_York"
    );
}

/// The timeline screen's words are the core's: each entry's kind, session and time in one
/// line, and the pager's labels.
#[test]
fn the_timeline_page_carries_its_words() {
    let (app, mut model) = started(dst_record(), "2026-03-08T13:00:00Z", "America/New_York");
    let _ = app.update(Event::Show { screen: Screen::Timeline }, &mut model);
    let page = app.view(&model).timeline;
    assert_eq!(page.title, "Timeline");
    assert_eq!(page.page_label, format!("Page {} of {}", page.page + 1, page.page_count));
    let first = &page.entries[0];
    assert!(
        first.detail.ends_with(&format!("· session 1 · {}", first.at_label)),
        "{}",
        first.detail
    );
}

#[test]
fn the_today_view_shape_is_reviewed() {
    let (app, model) = started(dst_record(), "2026-03-08T13:00:00Z", "America/New_York");
    insta::assert_json_snapshot!("today_dst_morning", app.view(&model).today);
}

#[test]
fn a_valid_session_is_stored_then_shown() {
    let (app, mut model) =
        started(PatientRecord::default(), "2026-06-01T12:00:00Z", "Europe/London");
    let form = SessionForm {
        start: "2026-05-31T10:00".into(),
        zone: "Europe/London".into(),
        depth_mm: "1.5".into(),
        areas: vec![TreatedArea::Face],
        device: None,
        notes: None,
        planned: false,
        screening: Vec::new(),
    };
    let mut cmd = app.update(Event::AddSession { form }, &mut model);
    let mut request = cmd.effects().next().unwrap().expect_store();
    let StoreOperation::AddSession { session } = request.operation.clone() else {
        panic!("not an add")
    };
    request
        .resolve(StoreResult::SessionAdded { session: Session { id: 7, details: session } })
        .unwrap();
    expect_render(app.update(cmd.events().next().unwrap(), &mut model));
    let view = app.view(&model);
    assert_eq!(view.last_saved_session_id, Some(7));
    assert_eq!(view.today.unwrap().day_index, Some(1));
    let _ = app.update(Event::Show { screen: Screen::Sessions }, &mut model);
    let view = app.view(&model);
    assert_eq!(view.sessions.len(), 1);
    assert_eq!(view.sessions[0].start, "2026-05-31T10:00:00+01:00");
}

/// A session at 3.5 mm, past the deepest the core accepts.
fn too_deep() -> SessionForm {
    SessionForm {
        start: "2026-05-31T10:00".into(),
        zone: "Europe/London".into(),
        depth_mm: "3.5".into(),
        areas: vec![TreatedArea::Face],
        device: None,
        notes: None,
        planned: false,
        screening: Vec::new(),
    }
}

#[test]
fn an_invalid_session_asks_for_no_storage_and_says_why() {
    let (app, mut model) =
        started(PatientRecord::default(), "2026-06-01T12:00:00Z", "Europe/London");
    let cmd = app.update(Event::AddSession { form: too_deep() }, &mut model);
    expect_render(cmd);
    let error = app.view(&model).error.unwrap();
    assert_eq!(error.kind, ErrorKind::Invalid);
    assert!(error.message.contains("3.50 mm"), "{}", error.message);
}

/// Native review #11: a message stays through the minute tick, a background sync and the
/// platform's notification cap, and goes when the patient does something.
#[test]
fn an_error_stays_until_the_patient_acts() {
    let (app, mut model) =
        started(PatientRecord::default(), "2026-06-01T12:00:00Z", "Europe/London");
    let _ = app.update(Event::AddSession { form: too_deep() }, &mut model);
    let shown = app.view(&model).error.unwrap();
    let _ = app.update(
        Event::ClockChanged { clock: clock("2026-06-01T12:01:00Z", "Europe/London") },
        &mut model,
    );
    let _ = app.update(Event::Sharing(shared::sharing::Event::Sync), &mut model);
    let _ = app
        .update(Event::Reminders(shared::reminders::Event::SetPlatformCap { cap: 64 }), &mut model);
    assert_eq!(app.view(&model).error, Some(shown), "still there after three unattended events");
    let _ = app.update(Event::Reminders(shared::reminders::Event::ExportCalendar), &mut model);
    assert_eq!(app.view(&model).error, None, "the patient's next action replaces it");
}

#[test]
fn a_storage_failure_keeps_the_record_and_explains() {
    let (app, mut model) = started(dst_record(), "2026-03-08T13:00:00Z", "America/New_York");
    let mut cmd = app.update(Event::DeleteSession { id: 1 }, &mut model);
    let mut request = cmd.effects().next().unwrap().expect_store();
    let error = StoreError {
        kind: StoreErrorKind::DiskFull,
        message: "the device is out of storage space".into(),
    };
    request.resolve(StoreResult::Failed { error }).unwrap();
    expect_render(app.update(cmd.events().next().unwrap(), &mut model));
    let view = app.view(&model);
    assert_eq!(view.today.unwrap().session.map(|s| s.id), Some(1));
    assert_eq!(view.error.unwrap().kind, ErrorKind::Storage);
}

#[test]
fn a_broken_clinic_protocol_is_refused_before_storage() {
    let (app, mut model) = started(dst_record(), "2026-03-08T13:00:00Z", "America/New_York");
    let json = shared::protocol::default_protocol_json().replace("\"hours\": 24", "\"hours\": -24");
    let cmd = app.update(Event::UseClinicProtocol { json }, &mut model);
    expect_render(cmd);
    let view = app.view(&model);
    assert!(view.error.unwrap().message.contains("restrictions[0].hours"));
    assert!(view.care_protocol.is_default);
}

#[test]
fn a_zone_change_moves_labels_not_unlocks() {
    let (app, mut model) = started(dst_record(), "2026-03-08T13:00:00Z", "America/New_York");
    let _ = app.update(
        Event::ClockChanged { clock: clock("2026-03-08T13:00:00Z", "Europe/Paris") },
        &mut model,
    );
    let today = app.view(&model).today.unwrap();
    let makeup = today.restrictions.iter().find(|r| r.id == "no_makeup").unwrap();
    assert_eq!(makeup.until, "2026-03-09T04:00:00+01:00");
}

#[test]
fn an_unknown_zone_from_the_shell_is_an_error_not_a_crash() {
    let app = Aftercare;
    let mut model = Model::default();
    let cmd =
        app.update(Event::Start { clock: clock("2026-03-08T13:00:00Z", "Not/AZone") }, &mut model);
    expect_render(cmd);
    assert_eq!(app.view(&model).error.unwrap().kind, ErrorKind::Clock);
}

#[test]
fn the_bincode_bridge_round_trips_a_today_view() {
    use crux_core::bridge::{Bridge, EffectId, Request};
    use shared::effects::EffectFfi;
    let bridge: Bridge<Aftercare> = Bridge::new(shared::Core::new());
    let start = Event::Start { clock: clock("2026-03-08T13:00:00Z", "America/New_York") };
    let mut out = Vec::new();
    bridge.update(&bincode::serialize(&start).unwrap(), &mut out).unwrap();
    let requests: Vec<Request<EffectFfi>> = bincode::deserialize(&out).unwrap();
    let EffectFfi::Store(StoreOperation::LoadRecord) = &requests[0].effect else {
        panic!("expected a load")
    };
    let loaded = bincode::serialize(&StoreResult::Loaded { record: dst_record() }).unwrap();
    out.clear();
    bridge.resolve(EffectId(requests[0].id.0), &loaded, &mut out).unwrap();
    let mut view = Vec::new();
    bridge.view(&mut view).unwrap();
    let view: shared::ViewModel = bincode::deserialize(&view).unwrap();
    assert_eq!(view.today.unwrap().restrictions[0].until, "2026-03-08T23:00:00-04:00");
    // Garbage from a shell is an error, not a panic.
    assert!(bridge.update(&[0xff, 0xff, 0xff, 0xff, 0x01], &mut out).is_err());
}

/// Major 13 (clinical review): the red-flag card is on every view, before any check-in and even
/// before the record loads; its action is the emergency number, and it lists every urgent sign.
#[test]
fn major_13_the_urgent_help_card_is_always_there_with_the_emergency_action_first() {
    let app = Aftercare;
    let unloaded = app.view(&Model::default());
    let (app, model) = started(dst_record(), "2026-03-08T13:00:00Z", "America/New_York");
    let loaded = app.view(&model);
    for card in [unloaded.urgent_help, loaded.urgent_help] {
        assert!(card.action.starts_with("Call your local emergency number"), "{}", card.action);
        assert!(!card.action.contains("clinic"), "{}", card.action);
        for sign in shared::checkin::Sign::URGENT_FIRST {
            assert!(card.signs.iter().any(|s| s == sign.question()), "{sign:?} missing");
        }
        assert!(card.signs.iter().any(|s| s.contains("38 °C")), "the fever row (U2)");
        assert_eq!(card.afterwards, None, "unlinked: no clinic line");
    }
}

/// Major 13: the About screen says what the app is not, and the triage table's status.
#[test]
fn major_13_about_says_not_a_diagnosis_not_monitored_and_the_table_version() {
    let (app, model) = started(dst_record(), "2026-03-08T13:00:00Z", "America/New_York");
    let about = app.view(&model).about;
    let not = about.what_it_is_not.join(" ");
    assert!(not.contains("does not diagnose"), "{not}");
    assert!(not.contains("does not watch what you share in real time"), "{not}");
    assert!(not.contains("emergency number"), "{not}");
    assert!(
        about.triage_table.starts_with(&format!(
            "Check-in triage table version {}",
            shared::checkin::TRIAGE_TABLE_VERSION
        )),
        "{}",
        about.triage_table
    );
    assert!(about.triage_table.contains("not yet signed off"), "{}", about.triage_table);
    assert!(about.care_protocol.contains("default"), "{}", about.care_protocol);
    insta::assert_json_snapshot!("about_and_urgent_help", (about, app.view(&model).urgent_help));
}

/// Major 13: the first-run notice is shown until the first session is stored, then never again.
#[test]
fn major_13_the_first_run_notice_shows_until_a_session_exists() {
    let (app, model) =
        started(PatientRecord::default(), "2026-03-08T13:00:00Z", "America/New_York");
    let notice = app.view(&model).welcome.unwrap();
    assert!(notice.lines.iter().any(|l| l.contains("does not diagnose")), "{notice:?}");
    assert!(notice.lines.iter().any(|l| l.contains("real time")), "{notice:?}");
    let (app, model) = started(dst_record(), "2026-03-08T13:00:00Z", "America/New_York");
    assert_eq!(app.view(&model).welcome, None);
    assert_eq!(Aftercare.view(&Model::default()).welcome, None, "not before the record loads");
}

/// Major 16 (clinical review): pus is described in full ("yellow, green or thick"), once, in the
/// questionnaire every shell draws, so a thick yellow discharge is never entered as "clear".
#[test]
fn major_16_the_pus_answer_names_yellow_green_and_thick() {
    let (app, model) = started(dst_record(), "2026-03-08T13:00:00Z", "America/New_York");
    let questions = app.view(&model).checkins.questionnaire;
    let pus = questions
        .discharge
        .iter()
        .find(|o| o.discharge == shared::checkin::Discharge::Pus)
        .unwrap();
    for word in ["Cloudy", "yellow", "green", "thick", "smell"] {
        assert!(pus.text.contains(word), "{word} missing from {:?}", pus.text);
    }
}

/// Major 15 (clinical review): every screening "yes" of a booked session is asked with the
/// session, stored with it, and shown as something to discuss before it; never a refusal.
#[test]
fn major_15_each_screening_answer_gives_a_warning_never_a_refusal() {
    use shared::domain::Screening;
    let (app, mut model) = started(dst_record(), "2026-03-20T13:00:00Z", "America/New_York");
    let asked: Vec<Screening> =
        app.view(&model).screening.questions.iter().map(|q| q.item).collect();
    assert_eq!(asked, Screening::ALL.to_vec(), "every question, in order");
    let form = SessionForm {
        start: "2026-04-20T10:00".into(),
        zone: "America/New_York".into(),
        depth_mm: "1".into(),
        areas: vec![TreatedArea::Face],
        device: None,
        notes: None,
        planned: true,
        screening: Screening::ALL.to_vec(),
    };
    let mut cmd = app.update(Event::AddSession { form }, &mut model);
    let mut request = cmd.effects().next().unwrap().expect_store();
    let StoreOperation::AddSession { session } = request.operation.clone() else {
        panic!("a screening answer must not refuse the session")
    };
    assert_eq!(session.screening.len(), Screening::ALL.len());
    request
        .resolve(StoreResult::SessionAdded { session: Session { id: 2, details: session } })
        .unwrap();
    expect_render(app.update(cmd.events().next().unwrap(), &mut model));
    let warnings = app.view(&model).today.unwrap().warnings;
    for item in Screening::ALL {
        assert!(
            warnings
                .iter()
                .any(|w| w.id == format!("screening_{}", item.key()) && w.text == item.warning()),
            "{item:?} has no warning: {warnings:?}"
        );
    }
    assert!(!warnings.iter().any(|w| w.id == "interval"), "six weeks apart is fine");
}

/// Major 15, the rest: age (devices are authorised from 22, R10, R12) and RF microneedling
/// (outside this plan, R13) are asked too, and each "yes" says what to discuss.
#[test]
fn major_15_age_and_rf_microneedling_are_asked() {
    use shared::domain::Screening;
    let (app, model) = started(dst_record(), "2026-03-20T13:00:00Z", "America/New_York");
    let questions = app.view(&model).screening.questions;
    let text = |item: Screening| questions.iter().find(|q| q.item == item).unwrap().text.clone();
    assert!(text(Screening::YoungerThan22).contains("22"));
    assert!(text(Screening::Radiofrequency).contains("radiofrequency (RF)"));
    assert!(Screening::YoungerThan22.warning().contains("discuss it with your clinic"));
    assert!(Screening::Radiofrequency.warning().contains("your clinic's RF aftercare"));
}

/// Major 15: a session booked less than four weeks after the last one is flagged.
#[test]
fn major_15_a_session_less_than_four_weeks_after_the_last_warns() {
    let mut record = dst_record();
    let next = common::at("2026-03-28T10:00", "America/New_York");
    record.sessions.push(common::session(2, next, "America/New_York", 1000));
    let (app, model) = started(record, "2026-03-20T13:00:00Z", "America/New_York");
    let warnings = app.view(&model).today.unwrap().warnings;
    let interval = warnings.iter().find(|w| w.id == "interval").unwrap();
    assert!(
        interval.text.starts_with("Your next session is 20 days after the last one"),
        "{}",
        interval.text
    );
}
