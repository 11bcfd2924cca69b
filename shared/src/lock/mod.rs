//! The optional app lock: when the patient turned it on, the app locks each time it goes to the
//! background (and when it opens) and stays locked until the platform says the patient unlocked
//! (Face ID, a fingerprint or the device passcode). The setting is stored with the patient's
//! record, off by default. Whether the platform can offer it is an input the shell reports
//! ([`Event::Available`]); a shell that never reports it (the web) shows neither the setting
//! nor the lock screen.

use crux_core::{Command, render::render};
use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::app::{self, Model};
use crate::effects::{Effect, StoreOperation, StoreResult, store};
use crate::i18n::Language;
use crate::view::ErrorKind;

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[repr(C)]
pub enum LockEvent {
    /// The platform can (or can no longer) authenticate the device owner.
    Available { available: bool },
    /// The patient turned the lock on or off.
    Set { on: bool },
    /// The app went to the background: lock if the patient asked for it.
    Background,
    /// The platform's answer to the unlock prompt.
    UnlockResult { unlocked: bool },
    #[serde(skip)]
    #[facet(skip)]
    Stored(bool, Box<StoreResult>),
}

/// Named apart from the app's `Event` for the generated Swift, Kotlin and TypeScript.
pub type Event = LockEvent;

impl Event {
    /// Sent by the shell on its own (not a patient's action): must not wipe a message.
    pub(crate) fn is_unattended(&self) -> bool {
        matches!(self, Self::Available { .. } | Self::Background | Self::Stored(..))
    }

    pub(crate) fn is_internal(&self) -> bool {
        matches!(self, Self::Stored(..))
    }
}

/// What the core keeps about the lock besides the stored setting.
#[derive(Default)]
pub struct LockModel {
    /// Reported by the shell; false until it says otherwise.
    available: bool,
    /// Locked since the last background (or since the record loaded with the lock on).
    locked: bool,
    /// The last unlock attempt failed.
    failed: bool,
}

impl LockModel {
    /// The record has loaded: an app opened with the lock on starts locked.
    pub(crate) fn loaded(&mut self, on: bool) {
        self.locked = on;
        self.failed = false;
    }
}

fn setting_on(model: &Model) -> bool {
    model.record.as_ref().is_some_and(|r| r.app_lock)
}

pub(crate) fn update(event: Event, model: &mut Model) -> Command<Effect, app::Event> {
    match event {
        Event::Available { available } => {
            model.lock.available = available;
            render()
        }
        Event::Set { on } => {
            if model.record.is_none() {
                return model.fail(ErrorKind::Storage, app::record_not_loaded);
            }
            store::request(StoreOperation::SaveAppLock { on })
                .then_send(move |result| app::Event::Lock(Event::Stored(on, Box::new(result))))
        }
        Event::Stored(on, result) if *result == StoreResult::Done => {
            if let Some(record) = model.record.as_mut() {
                record.app_lock = on;
            }
            // Turning it on does not lock now (the patient is here); turning it off unlocks.
            if !on {
                model.lock.locked = false;
                model.lock.failed = false;
            }
            render()
        }
        Event::Stored(_, result) => {
            model.fail(ErrorKind::Storage, |l| app::storage_message(&result, l))
        }
        Event::Background => {
            if setting_on(model) {
                model.lock.locked = true;
                model.lock.failed = false;
            }
            render()
        }
        Event::UnlockResult { unlocked } => {
            let lock = &mut model.lock;
            lock.locked = lock.locked && !unlocked;
            lock.failed = lock.locked;
            render()
        }
    }
}

/// The lock screen, shown over everything while the app is locked.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct LockScreenView {
    pub title: String,
    pub body: String,
    /// The button that asks the platform to authenticate; its answer is `UnlockResult`.
    pub unlock_label: String,
    /// Why the app asks, shown by the platform's own prompt (iOS requires one).
    pub reason: String,
    /// Why the last attempt did not unlock, in the patient's words.
    pub failure: Option<String>,
}

/// The setting's row (on the reminders and settings screen).
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct LockSettingView {
    pub label: String,
    pub hint: String,
    pub on: bool,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct LockView {
    /// `Some` while the app is locked: draw only this, and cover everything else.
    pub screen: Option<LockScreenView>,
    /// `None` when the platform cannot offer a lock (and on the web).
    pub setting: Option<LockSettingView>,
}

pub(crate) fn build_view(model: &Model) -> LockView {
    let lock = &model.lock;
    let on = setting_on(model);
    let words = &model.language.words().lock;
    LockView {
        screen: (on && lock.available && lock.locked).then(|| screen(model.language, lock.failed)),
        setting: (lock.available && model.record.is_some()).then(|| LockSettingView {
            label: words.setting_label.to_owned(),
            hint: words.setting_hint.to_owned(),
            on,
        }),
    }
}

fn screen(language: Language, failed: bool) -> LockScreenView {
    let words = &language.words().lock;
    LockScreenView {
        title: words.title.to_owned(),
        body: words.body.to_owned(),
        unlock_label: words.unlock.to_owned(),
        reason: words.reason.to_owned(),
        failure: failed.then(|| words.failed.to_owned()),
    }
}
