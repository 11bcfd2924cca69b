//! The forms the shells fill in and send back as they are: the "about you" questions and the
//! reminder preferences as typed. The core holds their words and reads what was typed.

// Helpers outside #[test] fns unwrap too: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use crux_core::App;
use shared::domain::{PatientRecord, ProfileFlag};
use shared::effects::{StoreOperation, StoreResult};
use shared::reminders::{PrefsForm, ReminderKind, RemindersEvent};
use shared::view::ErrorKind;
use shared::{Aftercare, Event, Model};

/// Sends `event`, which must ask to store something; resolves it with `Done` and returns the
/// operation it asked for.
fn stored(app: &Aftercare, model: &mut Model, event: Event) -> StoreOperation {
    let mut cmd = app.update(event, model);
    let mut request = cmd.effects().find_map(|e| e.into_store()).expect("a store request");
    let operation = request.operation.clone();
    request.resolve(StoreResult::Done).unwrap();
    for next in cmd.events() {
        let _ = app.update(next, model);
    }
    operation
}

fn loaded() -> (Aftercare, Model) {
    common::started(PatientRecord::default(), "2026-03-08T13:00:00Z", "Europe/Madrid")
}

#[test]
fn the_profile_form_is_worded_by_the_core_and_each_answer_is_saved() {
    let (app, mut model) = loaded();
    let form = app.view(&model).profile_form;
    assert_eq!(form.questions.len(), 5);
    assert!(form.questions.iter().all(|q| !q.yes), "nothing answered yet");
    assert_eq!(form.skin_types.len(), 7, "not sure, then types 1 to 6");
    assert!(form.skin_types[0].chosen && form.skin_types[0].skin_type.is_none());

    let op =
        stored(&app, &mut model, Event::AnswerProfile { flag: ProfileFlag::Pregnant, yes: true });
    let StoreOperation::SaveProfile { profile } = op else { panic!("{op:?}") };
    assert!(profile.pregnant && !profile.cold_sore_history);
    let op = stored(&app, &mut model, Event::ChooseSkinType { skin_type: Some(5) });
    let StoreOperation::SaveProfile { profile } = op else { panic!("{op:?}") };
    assert!(profile.pregnant, "choosing the skin type keeps the answers");
    assert_eq!(profile.fitzpatrick, Some(5));

    let form = app.view(&model).profile_form;
    let pregnant = form.questions.iter().find(|q| q.flag == ProfileFlag::Pregnant).unwrap();
    assert!(pregnant.yes);
    assert!(form.skin_types.iter().any(|c| c.chosen && c.skin_type == Some(5)));
    insta::assert_json_snapshot!("profile_form_answered", form);
}

#[test]
fn the_skin_type_is_chosen_not_answered_and_out_of_range_is_refused() {
    let (app, mut model) = loaded();
    let _ = app
        .update(Event::AnswerProfile { flag: ProfileFlag::DarkerSkinType, yes: true }, &mut model);
    let error = app.view(&model).error.unwrap();
    assert_eq!(error.kind, ErrorKind::Invalid);
    assert!(error.message.contains("skin type"), "{}", error.message);
    let mut cmd = app.update(Event::ChooseSkinType { skin_type: Some(9) }, &mut model);
    assert!(cmd.effects().all(|e| e.into_store().is_none()), "nothing is saved");
    let message = app.view(&model).error.unwrap().message;
    assert_eq!(message, "there is no skin type 9: the types are 1 to 6");

    let _ = app.update(Event::SetLanguage { tag: "es-MX".into() }, &mut model);
    let _ = app.update(Event::ChooseSkinType { skin_type: Some(0) }, &mut model);
    let message = app.view(&model).error.unwrap().message;
    assert_eq!(message, "no existe el tipo de piel 0: los tipos van del 1 al 6");
}

#[test]
fn typed_reminder_prefs_are_read_by_the_core() {
    let (app, mut model) = loaded();
    let form = app.view(&model).reminders.form;
    assert_eq!(form.kinds.len(), ReminderKind::ALL.len());
    assert!(form.kinds.iter().all(|k| k.on && k.label == k.kind.label()));
    // What the view shows, sent back unchanged, is the same preferences.
    let before = app.view(&model).reminders.prefs;
    let typed = PrefsForm {
        morning: form.morning.clone(),
        evening: form.evening.clone(),
        quiet: form.quiet.clone(),
        off: vec![],
    };
    let op =
        stored(&app, &mut model, Event::Reminders(RemindersEvent::SetPrefsTyped { form: typed }));
    assert_eq!(op, StoreOperation::SaveReminderPrefs { prefs: before });

    let typed = PrefsForm {
        morning: " 7:05 ".into(),
        evening: "21:30".into(),
        quiet: String::new(),
        off: vec![ReminderKind::CheckInNudge],
    };
    let op =
        stored(&app, &mut model, Event::Reminders(RemindersEvent::SetPrefsTyped { form: typed }));
    let StoreOperation::SaveReminderPrefs { prefs } = op else { panic!("{op:?}") };
    assert_eq!((prefs.morning.hour, prefs.morning.minute), (7, 5));
    assert_eq!(prefs.quiet, None, "empty quiet hours are none");
    let form = app.view(&model).reminders.form;
    assert_eq!((form.morning.as_str(), form.quiet.as_str()), ("07:05", ""));
    assert!(!form.kinds.iter().find(|k| k.kind == ReminderKind::CheckInNudge).unwrap().on);
}

#[test]
fn a_mistyped_reminder_time_is_named_and_nothing_is_stored() {
    let (app, mut model) = loaded();
    for (morning, quiet, named) in [
        ("25:00", "", "25:00"),
        ("7", "", "7"),
        ("08:00", "22:00", "22:00"),
        ("08:00", "22:00-7:5", "7:5"),
    ] {
        let typed = PrefsForm {
            morning: morning.into(),
            evening: "20:00".into(),
            quiet: quiet.into(),
            off: vec![],
        };
        let mut cmd =
            app.update(Event::Reminders(RemindersEvent::SetPrefsTyped { form: typed }), &mut model);
        assert!(cmd.effects().all(|e| e.into_store().is_none()), "{morning} {quiet}: stored");
        let error = app.view(&model).error.unwrap();
        assert!(error.message.contains(named), "{morning} {quiet}: {}", error.message);
    }
}

/// Issue 15: what the session form refuses is worded by the core in the patient's language, with
/// what was typed in it; nothing is stored.
#[test]
fn a_refused_session_is_explained_in_spanish_and_nothing_is_stored() {
    use shared::domain::{SessionForm, TreatedArea};
    let (app, mut model) = loaded();
    let _ = app.update(Event::SetLanguage { tag: "es-ES".into() }, &mut model);
    let form = |depth: &str, start: &str| SessionForm {
        start: start.into(),
        zone: "Europe/Madrid".into(),
        depth_mm: depth.into(),
        areas: vec![TreatedArea::Face],
        device: None,
        notes: None,
        planned: false,
        screening: Vec::new(),
    };
    for (form, expected) in [
        (
            form("1.5.5", "2026-03-07T10:00"),
            "la profundidad de la aguja \"1.5.5\" no es un número de milímetros como 1,5 (como mucho 3 decimales)",
        ),
        (
            form("1.0", "2026-03-29T02:30"),
            "2026-03-29T02:30 no existe en Europe/Madrid: esa noche se adelantaron los relojes; elija otra hora",
        ),
    ] {
        let mut cmd = app.update(Event::AddSession { form }, &mut model);
        assert!(cmd.effects().all(|e| e.into_store().is_none()), "nothing is stored");
        let error = app.view(&model).error.unwrap();
        assert_eq!((error.kind, error.message.as_str()), (ErrorKind::Invalid, expected));
    }
}

/// The session form opens the same in every shell: on this minute in the patient's zone (also
/// on the morning the clocks change, and after a flight), 0.5 mm, the face; sent untouched, the
/// core stores it as a session started at that minute.
#[test]
fn the_session_form_opens_on_this_minute_and_is_stored_as_it_opened() {
    use shared::domain::{SessionForm, TreatedArea};
    let (app, mut model) =
        common::started(PatientRecord::default(), "2026-03-08T13:00:27.500Z", "Asia/Kolkata");
    let form = app.view(&model).session_form;
    let minute_ms = common::clock("2026-03-08T13:00:00Z", "UTC").now_utc_ms;
    assert_eq!(form.initial.start, "2026-03-08T18:30");
    assert_eq!(form.initial_start_typed, "2026-03-08 18:30", "as the start's hint writes it");
    assert_eq!(form.initial.zone, "Asia/Kolkata");
    assert_eq!(form.initial_start_utc_ms, minute_ms);
    assert_eq!(
        (form.initial.depth_mm.as_str(), form.initial.areas.as_slice()),
        ("0.5", &[TreatedArea::Face][..])
    );
    assert!(!form.initial.planned && form.initial.screening.is_empty());

    // New York moved to summer time at 07:00 UTC that day: 13:00 UTC is 09:00 there.
    let travelled = common::clock("2026-03-08T13:00:27.500Z", "America/New_York");
    let _ = app.update(Event::ClockChanged { clock: travelled }, &mut model);
    let form = app.view(&model).session_form;
    assert_eq!(
        (form.initial.start.as_str(), form.initial.zone.as_str()),
        ("2026-03-08T09:00", "America/New_York")
    );
    assert_eq!(form.initial_start_utc_ms, minute_ms);

    // Typed as the hint writes it, or as an instant (a date picker's), it is the same start.
    for start in [form.initial_start_typed.clone(), "2026-03-08T13:00:00Z".to_owned()] {
        let typed = SessionForm { start, ..form.initial.clone() };
        let StoreOperation::AddSession { session } =
            stored(&app, &mut model, Event::AddSession { form: typed })
        else {
            panic!("not stored")
        };
        assert_eq!(session.start_utc_ms, minute_ms);
    }
    let StoreOperation::AddSession { session } =
        stored(&app, &mut model, Event::AddSession { form: form.initial })
    else {
        panic!("the form as it opened was not stored as a session")
    };
    assert_eq!((session.start_utc_ms, session.depth_um), (minute_ms, 500));
    assert_eq!(session.zone, "America/New_York");
}
