//! Issue 15's last words the shells wrote themselves, now the core's in English and Spanish:
//! the records screen (FHIR file and PDF report), the native reminder pickers and exact-alarm
//! note, the photo import errors, the scheduled list's counted heading, the problem alert's
//! title and the timeline's page buttons (`cargo xtask shell-words` counts what is left).

// Test helpers may unwrap: a failed unwrap here is a failed test, not a patient's crash.
#![allow(clippy::unwrap_used)]

use serde_json::json;
use shared::domain::{Clock, PatientRecord};
use shared::effects::StoreResult;
use shared::view::Screen;
use shared::{Aftercare, Core, Effect, Event, ViewModel};

mod common;

use common::checkins::{SESSION_START_MS, session};

fn core_in(tag: &str) -> Core<Aftercare> {
    let core = Core::<Aftercare>::new();
    let clock =
        Clock { now_utc_ms: SESSION_START_MS + 26 * 3_600_000, zone: "America/New_York".into() };
    let record = PatientRecord { sessions: vec![session()], ..PatientRecord::default() };
    for effect in core.process_event(Event::Start { clock }) {
        if let Effect::Store(mut request) = effect {
            core.resolve(&mut request, StoreResult::Loaded { record: record.clone() }).unwrap();
        }
    }
    core.process_event(Event::SetLanguage { tag: tag.into() });
    core
}

fn shown(core: &Core<Aftercare>, screen: Screen) -> ViewModel {
    let _ = core.process_event(Event::Show { screen });
    core.view()
}

/// Every word this change moved, as one document per language for review.
fn moved_words(tag: &str) -> serde_json::Value {
    let core = core_in(tag);
    let reminders = shown(&core, Screen::Reminders);
    let journal = shown(&core, Screen::Journal);
    let timeline = shown(&core, Screen::Timeline);
    let w = &reminders.reminders.words;
    let j = &journal.journal.words;
    json!({
        "records": reminders.records,
        "reminders": {
            "times_heading": w.times_heading,
            "morning_picker": w.morning_picker,
            "evening_picker": w.evening_picker,
            "quiet_hours": w.quiet_hours,
            "quiet_from": w.quiet_from,
            "quiet_until": w.quiet_until,
            "scheduled": w.scheduled,
            "exact_alarms_title": w.exact_alarms_title,
            "exact_alarms_body": w.exact_alarms_body,
            "exact_alarms_allow": w.exact_alarms_allow,
        },
        "journal": {
            "photo_unreadable": j.photo_unreadable,
            "photo_not_prepared": j.photo_not_prepared,
            "heic_needs_android_9": j.heic_needs_android_9,
        },
        "problem_title": journal.navigation.problem_title,
        "problem_dismiss": journal.navigation.problem_dismiss,
        "timeline_pages": timeline.timeline.pages_label,
    })
}

#[test]
fn the_moved_words_are_reviewed_in_both_languages() {
    insta::assert_json_snapshot!("shell_words_en", moved_words("en-US"));
    insta::assert_json_snapshot!("shell_words_es", moved_words("es-419"));
}

/// The heading counts exactly what the list below it shows, against the platform's cap.
#[test]
fn the_scheduled_heading_counts_the_list_it_heads() {
    for (tag, template) in [
        ("en", "Scheduled ({count} of at most {cap})"),
        ("es", "Programados ({count} de {cap} como máximo)"),
    ] {
        let view = shown(&core_in(tag), Screen::Reminders);
        let r = &view.reminders;
        assert!(!r.upcoming.is_empty());
        let expected = template
            .replace("{count}", &r.upcoming.len().to_string())
            .replace("{cap}", &r.cap.to_string());
        assert_eq!(r.words.scheduled, expected);
    }
}

/// The frame's alert title is there before the record loads (a start that fails shows it).
#[test]
fn the_problem_title_reads_spanish_before_the_record_loads() {
    let core = Core::<Aftercare>::new();
    let clock = Clock { now_utc_ms: SESSION_START_MS, zone: "America/New_York".into() };
    let _ = core.process_event(Event::Start { clock });
    core.process_event(Event::SetLanguage { tag: "es-US".into() });
    let view = core.view();
    assert!(!view.ready);
    assert_eq!(view.navigation.problem_title, "Algo salió mal");
}
