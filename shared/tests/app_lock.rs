//! The optional app lock: the core decides when the app is locked and says every word of the
//! lock screen and of the setting; the shell reports what the platform can do and its answers.

// Helpers outside #[test] fns unwrap too: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use crux_core::App;
use shared::domain::PatientRecord;
use shared::effects::{StoreOperation, StoreResult};
use shared::lock::Event as LockEvent;
use shared::view::ErrorKind;
use shared::{Aftercare, Event, Model};

fn started(app_lock: bool) -> (Aftercare, Model) {
    let record = PatientRecord { app_lock, ..PatientRecord::default() };
    common::started(record, "2026-03-08T13:00:00Z", "Europe/Madrid")
}

fn send(app: &Aftercare, model: &mut Model, event: LockEvent) {
    common::expect_render(app.update(Event::Lock(event), model));
}

/// Turns the lock on or off; the store answers `answer`. Returns the operation asked for.
fn set(app: &Aftercare, model: &mut Model, on: bool, answer: StoreResult) -> StoreOperation {
    let mut cmd = app.update(Event::Lock(LockEvent::Set { on }), model);
    let mut request = cmd.effects().find_map(|e| e.into_store()).expect("a store request");
    let operation = request.operation.clone();
    request.resolve(answer).unwrap();
    for next in cmd.events() {
        let _ = app.update(next, model);
    }
    operation
}

fn locked(app: &Aftercare, model: &Model) -> bool {
    app.view(model).lock.screen.is_some()
}

#[test]
fn off_by_default_and_never_locks_when_off() {
    let (app, mut model) = started(false);
    send(&app, &mut model, LockEvent::Available { available: true });
    let setting = app.view(&model).lock.setting.expect("the platform can lock: the row is shown");
    assert!(!setting.on);
    assert_eq!(setting.label, "Lock Afterglow");
    send(&app, &mut model, LockEvent::Background);
    assert!(!locked(&app, &model), "off: going to the background never locks");
}

#[test]
fn on_it_locks_after_the_background_and_only_a_success_unlocks() {
    let (app, mut model) = started(false);
    send(&app, &mut model, LockEvent::Available { available: true });
    let asked = set(&app, &mut model, true, StoreResult::Done);
    assert_eq!(asked, StoreOperation::SaveAppLock { on: true });
    assert!(app.view(&model).lock.setting.unwrap().on);
    assert!(!locked(&app, &model), "turning it on does not lock the patient out now");

    send(&app, &mut model, LockEvent::Background);
    let screen = app.view(&model).lock.screen.expect("locked after the background");
    assert_eq!(screen.title, "Afterglow is locked");
    assert_eq!(screen.unlock_label, "Unlock");
    assert_eq!(screen.reason, "Unlock to see your aftercare record.");
    assert_eq!(screen.failure, None);

    send(&app, &mut model, LockEvent::UnlockResult { unlocked: false });
    let screen = app.view(&model).lock.screen.expect("a failed attempt keeps it locked");
    assert_eq!(
        screen.failure.as_deref(),
        Some("Not unlocked. Try again, or use your device passcode.")
    );

    send(&app, &mut model, LockEvent::UnlockResult { unlocked: true });
    assert!(!locked(&app, &model));
    send(&app, &mut model, LockEvent::UnlockResult { unlocked: false });
    assert!(!locked(&app, &model), "a late failure does not lock an unlocked app");
}

#[test]
fn a_stored_lock_locks_the_app_as_it_opens_and_turning_it_off_unlocks() {
    let (app, mut model) = started(true);
    send(&app, &mut model, LockEvent::Available { available: true });
    assert!(locked(&app, &model), "opened with the lock on: locked until unlocked");
    let asked = set(&app, &mut model, false, StoreResult::Done);
    assert_eq!(asked, StoreOperation::SaveAppLock { on: false });
    assert!(!locked(&app, &model));
    send(&app, &mut model, LockEvent::Background);
    assert!(!locked(&app, &model));
}

#[test]
fn a_platform_that_cannot_lock_shows_neither_the_setting_nor_the_screen() {
    // The web shell never reports availability.
    let (app, mut model) = started(true);
    send(&app, &mut model, LockEvent::Background);
    let view = app.view(&model).lock;
    assert_eq!(view.setting, None);
    assert_eq!(view.screen, None, "no way to unlock here, so no lock screen");
    // A passcode removed while the lock was on: the patient is not shut out.
    send(&app, &mut model, LockEvent::Available { available: true });
    assert!(locked(&app, &model));
    send(&app, &mut model, LockEvent::Available { available: false });
    assert!(!locked(&app, &model));
}

#[test]
fn a_failed_save_keeps_the_setting_and_says_so() {
    let (app, mut model) = started(false);
    send(&app, &mut model, LockEvent::Available { available: true });
    let failed = StoreResult::Failed {
        error: shared::effects::StoreError {
            kind: shared::effects::StoreErrorKind::Other,
            message: "the disk is full".into(),
        },
    };
    set(&app, &mut model, true, failed);
    let view = app.view(&model);
    assert!(!view.lock.setting.unwrap().on, "not stored, so still off");
    let error = view.error.expect("the failure is shown");
    assert_eq!(error.kind, ErrorKind::Storage);
    send(&app, &mut model, LockEvent::Background);
    assert!(!locked(&app, &model));
}

#[test]
fn going_to_the_background_does_not_wipe_a_message_the_patient_has_not_read() {
    let (app, mut model) = started(false);
    let failed = StoreResult::Failed {
        error: shared::effects::StoreError {
            kind: shared::effects::StoreErrorKind::Other,
            message: "the disk is full".into(),
        },
    };
    set(&app, &mut model, true, failed);
    send(&app, &mut model, LockEvent::Available { available: true });
    send(&app, &mut model, LockEvent::Background);
    assert!(app.view(&model).error.is_some());
}

#[test]
fn every_word_of_the_lock_is_in_spanish_too() {
    let (app, mut model) = started(true);
    // The choice is stored too; only the words matter here.
    let _ = app.update(Event::ChooseLanguage { tag: "es".into() }, &mut model);
    send(&app, &mut model, LockEvent::Available { available: true });
    send(&app, &mut model, LockEvent::UnlockResult { unlocked: false });
    let view = app.view(&model).lock;
    let screen = view.screen.unwrap();
    assert_eq!(screen.title, "Afterglow está bloqueada");
    assert_eq!(screen.unlock_label, "Desbloquear");
    assert_eq!(screen.reason, "Desbloquee para ver su registro de cuidados.");
    assert_eq!(
        screen.failure.as_deref(),
        Some("No se desbloqueó. Inténtelo de nuevo o use el código de su dispositivo.")
    );
    let setting = view.setting.unwrap();
    assert_eq!(setting.label, "Bloquear Afterglow");
    assert!(setting.hint.contains("código del dispositivo"));
}
