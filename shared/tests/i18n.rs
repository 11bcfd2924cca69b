//! Issue 15's first languages: the check-in form, every level's result and the urgent-help card
//! in English and Spanish, driven through the Crux core, and the switch between them.

// Test helpers may unwrap: a failed unwrap here is a failed test, not a patient's crash.
#![allow(clippy::unwrap_used)]

use shared::checkin::{
    self, Checkin, CheckinAnswer, CheckinForm, Discharge, Level, Sign, TemperatureInput,
    TemperatureUnit,
};
use shared::domain::{Clock, PatientRecord};
use shared::effects::{StoreError, StoreErrorKind, StoreOperation, StoreResult};
use shared::i18n::Language;
use shared::view::Screen;
use shared::{Aftercare, Core, Effect, Event};

mod common;

use common::checkins::{DAY_MS, SESSION_START_MS, session, stored_checkin};

fn record() -> PatientRecord {
    // Day 2: redness 1, so a redness 2 on day 3 is "worse than yesterday" (C3).
    PatientRecord {
        sessions: vec![session()],
        checkins: vec![stored_checkin(2, 1)],
        ..PatientRecord::default()
    }
}

/// A core on day `days` of the session, in the language of `tag`, on the check-ins screen.
fn core_at(days: i64, tag: &str) -> Core<Aftercare> {
    let core = Core::<Aftercare>::new();
    let clock = Clock {
        now_utc_ms: SESSION_START_MS + days * DAY_MS + 7_200_000,
        zone: "America/New_York".into(),
    };
    for effect in core.process_event(Event::Start { clock }) {
        if let Effect::Store(mut request) = effect {
            core.resolve(&mut request, StoreResult::Loaded { record: record() }).unwrap();
        }
    }
    core.process_event(Event::SetLanguage { tag: tag.into() });
    core.process_event(Event::Show { screen: Screen::Checkins });
    core
}

fn form(redness: u8, signs: Vec<Sign>, temperature: Option<&str>) -> CheckinForm {
    CheckinForm {
        redness: Some(redness),
        swelling: Some(0),
        pain: Some(1),
        itch: Some(0),
        temperature: temperature.map(|t| TemperatureInput::new(t, TemperatureUnit::Celsius)),
        discharge: Some(Discharge::None),
        signs,
        note: None,
    }
}

/// Submits `form` and stores it as the shell's store would.
fn check_in(core: &Core<Aftercare>, form: CheckinForm) {
    let effects = core.process_event(Event::Checkin(checkin::Event::Submit { form }));
    for effect in effects {
        if let Effect::Store(mut request) = effect {
            let StoreOperation::AddCheckin { checkin } = request.operation.clone() else {
                panic!("{:?}", request.operation)
            };
            let stored = Checkin { id: 2, details: checkin };
            core.resolve(&mut request, StoreResult::CheckinAdded { checkin: stored }).unwrap();
        }
    }
}

/// One check-in per level on day 3: (level, form).
fn one_per_level() -> Vec<(Level, CheckinForm)> {
    vec![
        (Level::Expected, form(1, vec![], Some("36.8"))),
        (Level::Watch, form(1, vec![Sign::Bumps], None)),
        (Level::ContactClinic, form(2, vec![], Some("36.8"))),
        (Level::Urgent, form(0, vec![Sign::Streaks, Sign::Bleeding], None)),
    ]
}

fn tag(language: Language) -> &'static str {
    match language {
        Language::En => "en-US",
        Language::Es => "es-419",
    }
}

#[test]
fn the_check_in_form_reads_in_both_languages() {
    for language in Language::ALL {
        let core = core_at(3, tag(language));
        let first = core.view();
        assert_eq!(first.language.current, language);
        // Past the urgent-first step, then "Next" with nothing answered: the problem is worded.
        core.process_event(Event::Checkin(checkin::Event::Next));
        core.process_event(Event::Checkin(checkin::Event::Next));
        let with_problem = core.view().checkins.form;
        core.process_event(Event::Checkin(checkin::Event::Answer {
            answer: CheckinAnswer::Redness { score: 9 },
        }));
        let out_of_range = core.view().checkins.form.and_then(|f| f.problem);
        insta::assert_json_snapshot!(
            format!("checkin_form_{}", language.tag()),
            serde_json::json!({
                "language": first.language,
                "questionnaire": first.checkins.questionnaire,
                "labels": first.checkins.labels,
                "first_step": first.checkins.form,
                "skin_step_unanswered": with_problem,
                "redness_out_of_range": out_of_range,
                "urgent_help": first.urgent_help,
            })
        );
    }
}

#[test]
fn every_levels_result_reads_in_both_languages() {
    for language in Language::ALL {
        let results: Vec<serde_json::Value> = one_per_level()
            .into_iter()
            .map(|(level, form)| {
                let core = core_at(3, tag(language));
                check_in(&core, form);
                let view = core.view().checkins;
                let result = view.last_result.clone().unwrap();
                assert_eq!(result.level, level, "{language:?}: {:?}", result.rules);
                let latest = view.history.entries.first().unwrap();
                serde_json::json!({
                    "level": level,
                    "title": view.last_result_title,
                    "detail": view.last_result_detail,
                    "advice": result.advice,
                    "rules": result.rules,
                    "history_line": [&latest.level_title, &latest.day_label, &latest.scores_label,
                        &latest.taken_label],
                })
            })
            .collect();
        insta::assert_json_snapshot!(format!("results_{}", language.tag()), results);
    }
}

/// The toggle re-renders the screen being shown: the same result, worded in the other
/// language, and back again to exactly what it was.
#[test]
fn switching_language_re_renders_the_same_screen() {
    let core = core_at(3, "en-GB");
    check_in(&core, form(1, vec![], Some("38.4")));
    let english = core.view();
    assert_eq!(english.language.switch_tag, "es");
    assert_eq!(english.language.switch_label, "Ver en español");
    let result = english.checkins.last_result.clone().unwrap();
    assert!(result.advice.starts_with("This is not what we expect on day 3."), "{}", result.advice);

    core.process_event(Event::SetLanguage { tag: english.language.switch_tag.clone() });
    let spanish = core.view();
    assert_eq!(spanish.screen, english.screen);
    let es_result = spanish.checkins.last_result.clone().unwrap();
    assert_eq!((es_result.level, &es_result.rules), (result.level, &result.rules));
    assert!(
        es_result.advice.starts_with("Esto no es lo que esperamos el día 3."),
        "{}",
        es_result.advice
    );
    assert!(
        es_result.advice.contains("en 4 horas"),
        "fever keeps its 4 hours: {}",
        es_result.advice
    );
    assert_eq!(
        spanish.checkins.last_result_title.as_deref(),
        Some("Comuníquese hoy con su clínica")
    );
    assert_eq!(spanish.checkins.labels.title, "Control diario");
    assert_eq!(spanish.urgent_help.title, "Cuándo buscar ayuda urgente");
    assert_eq!(spanish.language.switch_label, "View in English");

    core.process_event(Event::SetLanguage { tag: spanish.language.switch_tag.clone() });
    assert_eq!(core.view(), english);
}

#[test]
fn errors_during_a_check_in_read_in_the_patients_language() {
    let core = core_at(3, "es-ES");
    let mut bad = form(1, vec![], Some("38,5x"));
    check_in(&core, bad.clone());
    let error = core.view().error.unwrap();
    assert!(
        error.message.starts_with("no se puede leer `38,5x` como temperatura"),
        "{}",
        error.message
    );
    bad.temperature = None;
    bad.note = Some("\u{1b}[31m".into());
    check_in(&core, bad);
    assert_eq!(core.view().error.unwrap().message, "la nota contiene caracteres no válidos");
    // A full disk: the handler gives the kind, the core words it (the detail is not shown).
    let effects = core.process_event(Event::Checkin(checkin::Event::Submit {
        form: form(1, vec![], Some("36.8")),
    }));
    for effect in effects {
        if let Effect::Store(mut request) = effect {
            let error =
                StoreError { kind: StoreErrorKind::DiskFull, message: "SQLITE_FULL".into() };
            core.resolve(&mut request, StoreResult::Failed { error }).unwrap();
        }
    }
    assert_eq!(
        core.view().error.unwrap().message,
        "Este control no se guardó: este dispositivo no tiene espacio de almacenamiento; no se \
         cambió nada: libere espacio y vuelva a intentarlo"
    );
    // Switching language re-words the error on screen; it stays until the patient acts.
    core.process_event(Event::ChooseLanguage { tag: "en".into() });
    let error = core.view().error.expect("the error is still shown");
    assert_eq!(error.kind, shared::view::ErrorKind::Storage);
    assert!(error.message.starts_with("This check-in was not saved: this device is out of"));
    // A locale the app has no words for reads English.
    core.process_event(Event::SetLanguage { tag: "fr-FR".into() });
    assert_eq!(core.view().language.current, Language::En);
}

/// Issue 15, history: a stored check-in's English advice is re-worded in Spanish when its stored
/// inputs give back exactly that advice; one that does not (here a fixture's made-up advice)
/// stays English and says so.
#[test]
fn history_entries_are_reworded_where_faithful_and_labelled_where_not() {
    let core = core_at(3, "en-US");
    check_in(&core, form(2, vec![], Some("36.8")));
    core.process_event(Event::SetLanguage { tag: "es".into() });
    let history = core.view().checkins.history.entries;
    let fresh = history.iter().find(|e| e.id == 2).unwrap();
    assert_eq!(fresh.advice_lang, "es");
    assert!(fresh.advice.contains("Comuníquese hoy con su clínica"), "{}", fresh.advice);
    assert_eq!(fresh.advice_note, None);
    let old = history.iter().find(|e| e.id == 1).unwrap();
    assert_eq!(
        (old.advice.as_str(), old.advice_lang.as_str()),
        ("This is what we expect on day 2.", "en")
    );
    assert_eq!(
        old.advice_note.as_deref(),
        Some("Guardado en inglés, tal como lo recibió su clínica.")
    );
}
