//! Issue 15's everyday screens in English and Spanish, through the Crux core: Today (with the
//! default protocol's texts translated and dates in the locale), the timeline, onboarding and
//! the navigation, and a clinic's protocol left in the clinic's words with a note saying so.

// Test helpers may unwrap: a failed unwrap here is a failed test, not a patient's crash.
#![allow(clippy::unwrap_used)]

use shared::domain::{Clock, PatientRecord, Profile, Session};
use shared::effects::StoreResult;
use shared::view::{EntryKindView, Screen, ViewModel};
use shared::{Aftercare, Core, Effect, Event};

mod common;

use common::checkins::{DAY_MS, SESSION_START_MS, session};

/// Day 1 of a session, the next one booked 20 days later (too soon: a warning), and a
/// cold-sore history (a warning and an antiviral task before the next session).
fn record() -> PatientRecord {
    let mut next: Session = session();
    next.id = 8;
    next.details.start_utc_ms = SESSION_START_MS + 20 * DAY_MS;
    PatientRecord {
        sessions: vec![session(), next],
        profile: Profile { cold_sore_history: true, ..Profile::default() },
        ..PatientRecord::default()
    }
}

fn core_with(record: PatientRecord, hours: i64, tag: &str) -> Core<Aftercare> {
    let core = Core::<Aftercare>::new();
    let clock =
        Clock { now_utc_ms: SESSION_START_MS + hours * 3_600_000, zone: "America/New_York".into() };
    for effect in core.process_event(Event::Start { clock }) {
        if let Effect::Store(mut request) = effect {
            core.resolve(&mut request, StoreResult::Loaded { record: record.clone() }).unwrap();
        }
    }
    core.process_event(Event::SetLanguage { tag: tag.into() });
    core
}

fn today_lines(view: &ViewModel) -> Vec<String> {
    let today = view.today.as_ref().unwrap();
    let mut lines = vec![today.words.title.clone(), today.words.subtitle.clone()];
    for section in &today.sections {
        lines.push(section.title.clone());
        for line in &section.lines {
            lines.push(line.text.clone());
            lines.extend(line.time.clone());
        }
    }
    lines
}

#[test]
fn today_is_reviewed_in_both_languages() {
    let english = core_with(record(), 26, "en-US").view();
    let spanish = core_with(record(), 26, "es-US").view();
    insta::assert_json_snapshot!("today_en", english.today);
    insta::assert_json_snapshot!("today_es", spanish.today);
    // Line for line the same screen, and no English line left in the Spanish one.
    let (en, es) = (today_lines(&english), today_lines(&spanish));
    assert_eq!(en.len(), es.len());
    for (en, es) in en.iter().zip(&es) {
        assert_ne!(en, es, "not translated: {en}");
    }
    let es_today = spanish.today.unwrap();
    assert_eq!(es_today.words.protocol_note, None, "the app's own plan is translated");
    let unlocks = &es_today.restrictions;
    assert_eq!(unlocks[0].unlock, "Ejercicio permitido desde mañana 21:40", "{unlocks:#?}");
    assert!(es_today.words.subtitle.starts_with("Día 1 después de su sesión"));
}

#[test]
fn dates_read_in_the_patients_language() {
    // Day 1, 02:00 + 26 h: the swimming restriction ends on day 3, a weekday name away.
    let spanish = core_with(record(), 26, "es").view();
    let swim = spanish
        .today
        .unwrap()
        .restrictions
        .into_iter()
        .find(|r| r.id == "no_swimming_sauna")
        .unwrap();
    let weekdays = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"];
    assert!(
        weekdays.iter().any(|d| swim.unlock.contains(&format!("desde {d} "))),
        "{}",
        swim.unlock
    );
}

#[test]
fn the_timeline_and_navigation_read_spanish() {
    let core = core_with(record(), 26, "es-MX");
    core.process_event(Event::Show { screen: Screen::Timeline });
    let view = core.view();
    let page = &view.timeline;
    assert_eq!(page.title, "Calendario");
    assert!(page.page_label.starts_with("Página 1 de"), "{}", page.page_label);
    let first = page.entries.iter().find(|e| e.kind == EntryKindView::Session).unwrap();
    assert_eq!(first.title, "Sesión 1");
    assert_eq!(first.detail, format!("Sesión · sesión 1 · {}", first.at_label));
    assert!(page.entries.iter().any(|e| e.title == "Nada de alcohol el día antes"));
    let labels: Vec<&str> = view.navigation.places.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Hoy", "Calendario", "Control", "Fotos", "Avisos", "Clínica", "Registros", "Acerca de"]
    );
    assert_eq!(view.navigation.more, "Más");
}

#[test]
fn onboarding_is_reviewed_in_spanish() {
    let view = core_with(PatientRecord::default(), 1, "es-ES").view();
    insta::assert_json_snapshot!(
        "onboarding_es",
        serde_json::json!({
            "welcome": view.welcome,
            "session_form": view.session_form,
            "treated_areas": view.treated_areas,
            "screening": view.screening,
            "profile_form": view.profile_form,
            "today_title": view.today.unwrap().words.title,
            "about": view.about,
        })
    );
}

#[test]
fn a_clinics_protocol_stays_in_the_clinics_words_and_says_so() {
    let json = shared::protocol::default_protocol_json()
        .replace("\"afterglow_default\"", "\"clinic_plan\"")
        .replace("\"Exercise OK\"", "\"Gym OK\"");
    let record = PatientRecord { protocol_json: Some(json), ..record() };
    let spanish = core_with(record.clone(), 26, "es").view().today.unwrap();
    assert!(spanish.restrictions.iter().any(|r| r.unlock.starts_with("Gym OK desde ")));
    assert_eq!(
        spanish.words.protocol_note.as_deref(),
        Some(shared::i18n::Language::Es.words().today.clinic_protocol_note)
    );
    // The core's own words around the clinic's text are still Spanish.
    assert_eq!(spanish.sections[1].title, "Cuándo puede volver a hacerlo");
    let english = core_with(record, 26, "en").view().today.unwrap();
    assert_eq!(english.words.protocol_note, None, "English reads the clinic's English plan");
}

#[test]
fn the_frame_reads_spanish_before_and_after_the_record_loads() {
    let core = Core::<Aftercare>::new();
    let clock = Clock { now_utc_ms: SESSION_START_MS, zone: "America/New_York".into() };
    // The record has not answered yet: the loading line is already in the locale's language.
    let _ = core.process_event(Event::Start { clock });
    core.process_event(Event::SetLanguage { tag: "es-US".into() });
    let loading = core.view();
    assert!(!loading.ready);
    assert_eq!(loading.navigation.loading, "Cargando su registro…");
    assert_eq!(loading.update_ready, "Hay una versión nueva: volver a cargar");
    let view = core_with(record(), 26, "es").view();
    assert_eq!(view.navigation.skip_to_content, "Saltar al contenido");
    let english = core_with(record(), 26, "en").view();
    assert_eq!(english.navigation.skip_to_content, "Skip to content");
    assert_eq!(english.update_ready, "A new version is ready — reload");
}

/// Native review #7: the sessions screen (list, add, delete) reads the core's words: each
/// session's title (a booked one says so), its summary, and the delete button and question
/// that say what goes and what stays.
#[test]
fn the_sessions_screen_names_each_session_and_what_deleting_it_does() {
    for (tag, titles, delete, stays, list_title) in [
        (
            "en",
            ["Session 1", "Session 2 · booked"],
            "Delete session 2",
            "your check-ins and photos stay",
            "Your sessions",
        ),
        (
            "es",
            ["Sesión 1", "Sesión 2 · programada"],
            "Borrar la sesión 2",
            "sus controles y sus fotos se quedan",
            "Sus sesiones",
        ),
    ] {
        let core = core_with(record(), 30, tag);
        core.process_event(Event::Show { screen: Screen::Sessions });
        let view = core.view();
        let got: Vec<&str> = view.sessions.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(got, titles, "{tag}");
        let face = if tag == "en" { "Face" } else { "Cara" };
        for s in &view.sessions {
            assert!(s.summary.starts_with(&s.start_label), "{tag}: {}", s.summary);
            assert!(s.summary.ends_with(&format!("· 1 mm · {face}")), "{tag}: {}", s.summary);
        }
        assert_eq!(view.sessions[1].delete_label, delete);
        assert!(
            view.sessions[1].delete_question.contains(stays),
            "{}",
            view.sessions[1].delete_question
        );
        assert_eq!(view.session_form.list_title, list_title);
        assert_eq!(view.session_form.add, view.today.as_ref().unwrap().words.add_session, "{tag}");
        assert!(!view.session_form.keep.is_empty() && !view.session_form.start_hint.is_empty());
    }
}

/// Issue 15: a stored clinic protocol that no longer parses is said in the record's language,
/// the parser's reason kept for the clinic, and the default plan is shown.
#[test]
fn a_stored_protocol_that_cannot_be_used_is_said_in_the_patients_language() {
    let json = shared::protocol::default_protocol_json().replace("\"hours\": 24", "\"hours\": -24");
    for (tag, opening) in [
        ("en", "Your clinic's saved aftercare plan cannot be used ("),
        ("es", "No se puede usar el plan de cuidados guardado de su clínica ("),
    ] {
        let record = PatientRecord {
            protocol_json: Some(json.clone()),
            language_tag: Some(tag.into()),
            ..record()
        };
        let core = Core::<Aftercare>::new();
        let clock = Clock { now_utc_ms: SESSION_START_MS, zone: "America/New_York".into() };
        for effect in core.process_event(Event::Start { clock }) {
            if let Effect::Store(mut request) = effect {
                core.resolve(&mut request, StoreResult::Loaded { record: record.clone() }).unwrap();
            }
        }
        let view = core.view();
        let message = view.error.expect("the broken protocol is reported").message;
        assert!(message.starts_with(opening), "{tag}: {message}");
        assert!(message.contains("restrictions[0].hours"), "{tag}: {message}");
        assert!(view.care_protocol.is_default, "{tag}: the default plan is shown");
    }
}

/// A browser without lasting storage keeps the record in memory (web/core `WebStore`): the
/// patient is told on every screen, in their language, before and after the record loads.
#[test]
fn a_record_kept_in_memory_is_said_on_every_screen_in_the_patients_language() {
    let core = Core::<Aftercare>::new();
    let clock = Clock { now_utc_ms: SESSION_START_MS, zone: "Europe/Madrid".into() };
    let _ = core.process_event(Event::Start { clock });
    assert_eq!(core.view().record_in_memory, None, "lasting storage says nothing");
    core.process_event(Event::RecordInMemory);
    let loading = core.view().record_in_memory.expect("no notice while loading");
    assert_eq!(loading.title, "Nothing you enter is kept after you close this page");
    assert!(loading.lines.iter().any(|l| l.contains("normal window")), "{loading:?}");

    let spanish = core_with(record(), 26, "es-ES");
    assert_eq!(spanish.view().record_in_memory, None);
    spanish.process_event(Event::RecordInMemory);
    let view = spanish.view();
    assert!(view.ready);
    let notice = view.record_in_memory.expect("no notice once loaded");
    assert_eq!(notice.title, "Nada de lo que escriba se guarda al cerrar esta página");
    assert_eq!(notice.lines.len(), 3);
    // Other screens carry it too.
    spanish.process_event(Event::Show { screen: Screen::Checkins });
    assert_eq!(spanish.view().record_in_memory.map(|n| n.title), Some(notice.title));
}
