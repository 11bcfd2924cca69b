//! Issue 15: the language a patient chooses in the app outlasts a restart, through the real
//! core and a real SQLite file, even when the phone's locale says otherwise.

// Test code may unwrap: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used)]

use afterglow_handlers::store::SqliteStore;
use shared::domain::Clock;
use shared::i18n::Language;
use shared::{Aftercare, Core, Effect, Event};

/// Sends `event` and carries out every storage request against `store`, as a shell would.
fn send(core: &Core<Aftercare>, store: &mut SqliteStore, event: Event) {
    let mut effects = core.process_event(event);
    while let Some(effect) = effects.pop() {
        if let Effect::Store(mut request) = effect {
            let result = store.handle(request.operation.clone());
            effects.extend(core.resolve(&mut request, result).unwrap());
        }
    }
}

fn start(
    path: &std::path::Path,
    locale: &str,
    locale_first: bool,
) -> (Core<Aftercare>, SqliteStore) {
    let mut store = SqliteStore::open(path).unwrap();
    let core = Core::<Aftercare>::new();
    let clock = Clock { now_utc_ms: 1_772_935_200_000, zone: "Europe/Madrid".into() };
    if locale_first {
        // The locale arrives while the record is still loading (the shells' usual order).
        let effects = core.process_event(Event::Start { clock });
        core.process_event(Event::SetLanguage { tag: locale.into() });
        for effect in effects {
            if let Effect::Store(mut request) = effect {
                let result = store.handle(request.operation.clone());
                core.resolve(&mut request, result).unwrap();
            }
        }
    } else {
        send(&core, &mut store, Event::Start { clock });
        send(&core, &mut store, Event::SetLanguage { tag: locale.into() });
    }
    (core, store)
}

#[test]
fn a_restart_keeps_the_spanish_the_patient_chose() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.db");
    {
        let (core, mut store) = start(&path, "en-US", false);
        assert_eq!(core.view().language.current, Language::En, "the locale decides at first");
        let tag = core.view().language.switch_tag;
        send(&core, &mut store, Event::ChooseLanguage { tag });
        assert_eq!(core.view().language.current, Language::Es);
        assert_eq!(core.view().navigation.places[0].label, "Hoy");
    }
    for locale_first in [true, false] {
        let (core, _store) = start(&path, "en-US", locale_first);
        let view = core.view();
        assert_eq!(view.language.current, Language::Es, "locale first: {locale_first}");
        assert_eq!(view.today.unwrap().words.title, "Agregue su primera sesión");
    }
    // Choosing English again is kept too.
    {
        let (core, mut store) = start(&path, "es-ES", false);
        send(&core, &mut store, Event::ChooseLanguage { tag: "en".into() });
    }
    let (core, _store) = start(&path, "es-ES", true);
    assert_eq!(core.view().language.current, Language::En);
}
