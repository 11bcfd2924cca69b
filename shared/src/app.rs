//! The Crux app: events in, model updated, effects out.

use crux_core::{App, Command, render::render};
use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::checkin;
use crate::domain::{Clock, PatientRecord, Profile, ProfileFlag, SessionForm, clock::Now};
use crate::effects::{Effect, StoreOperation, StoreResult, store};
use crate::i18n::Language;
use crate::journal;
use crate::protocol::{self, CareProtocol};
use crate::reminders;
use crate::sharing;
use crate::view::{self, Screen, ViewModel};

/// The Afterglow app.
#[derive(Default)]
pub struct Aftercare;

/// Everything a shell can tell the core, plus the core's own follow-ups (last, never sent by shells).
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[repr(C)]
pub enum Event {
    /// The app opened: load the record. The clock says when and where the patient is.
    Start {
        clock: Clock,
    },
    /// Time passed, or the patient moved to another zone.
    ClockChanged {
        clock: Clock,
    },
    AddSession {
        form: SessionForm,
    },
    DeleteSession {
        id: i64,
    },
    SetProfile {
        profile: Profile,
    },
    /// One "about you" question answered (the questions are `ViewModel.profile_form`).
    AnswerProfile {
        flag: ProfileFlag,
        yes: bool,
    },
    /// The skin type chosen; `None` is "not sure".
    ChooseSkinType {
        skin_type: Option<u8>,
    },
    /// Use a clinic's care protocol (JSON, checked before it is stored).
    UseClinicProtocol {
        json: String,
    },
    UseDefaultProtocol,
    /// Show a screen; the view model then carries that screen's data.
    Show {
        screen: Screen,
    },
    /// Show the timeline at `page` (0-based).
    ShowTimelinePage {
        page: u32,
    },
    /// Symptom check-ins: submit, page the history.
    Checkin(checkin::Event),
    /// Reminder preferences, the platform's notification cap, the calendar export.
    Reminders(reminders::Event),
    /// The photo journal's events.
    Journal(journal::Event),
    /// Linking to a clinic, sharing, the outbox.
    Sharing(sharing::Event),
    /// The platform's locale as a BCP-47 tag, sent right after `Start`: the language until the
    /// patient chooses one in the app (`ChooseLanguage`), which then wins across restarts.
    /// Untranslated languages read English.
    SetLanguage {
        tag: String,
    },

    /// The patient chose a language in the app (the toggle's `switch_tag`): shown at once and
    /// stored, so it outlasts a restart and the platform's locale.
    ChooseLanguage {
        tag: String,
    },
    /// The optional app lock: the setting, the platform's availability, going to the
    /// background, the unlock prompt's answer.
    Lock(crate::lock::Event),
    /// The shell could not keep the record on the device (a browser without lasting storage,
    /// such as some private windows): it is kept in memory until the app is closed, and the
    /// patient is told so on every screen.
    RecordInMemory,

    #[serde(skip)]
    #[facet(skip)]
    Loaded(StoreResult),
    #[serde(skip)]
    #[facet(skip)]
    SessionStored(StoreResult),
    #[serde(skip)]
    #[facet(skip)]
    ProfileStored(Profile, StoreResult),
    #[serde(skip)]
    #[facet(skip)]
    ProtocolStored(Option<String>, StoreResult),
    #[serde(skip)]
    #[facet(skip)]
    SessionDeleted(i64, StoreResult),
    #[serde(skip)]
    #[facet(skip)]
    LanguageStored(StoreResult),
}

/// What the core knows. Shells never see it; they see [`ViewModel`].
#[derive(Default)]
pub struct Model {
    pub(crate) now: Option<Now>,
    /// `None` until the store has answered.
    pub(crate) record: Option<PatientRecord>,
    pub(crate) protocol: Option<CareProtocol>,
    pub(crate) error: Option<view::Failure>,
    pub(crate) last_saved_session_id: Option<i64>,
    pub(crate) timeline_page: Option<u32>,
    pub(crate) screen: Screen,
    pub(crate) checkin: checkin::CheckinState,
    pub(crate) reminders: reminders::Model,
    pub(crate) journal: journal::JournalModel,
    pub(crate) sharing: sharing::SharingModel,
    pub(crate) language: crate::i18n::Language,
    /// The patient chose `language` in the app (now or in a stored record): the platform's
    /// locale no longer changes it.
    pub(crate) language_chosen: bool,
    pub(crate) lock: crate::lock::LockModel,
    /// The record lasts only as long as the app is open ([`Event::RecordInMemory`]).
    pub(crate) record_in_memory: bool,
}

impl Model {
    /// The clinic's protocol if one is in use, else the shipped default.
    pub(crate) fn protocol(&self) -> &CareProtocol {
        self.protocol.as_ref().unwrap_or_else(|| protocol::default_protocol())
    }

    /// The protocol as the patient reads it: the shipped default in their language, a clinic's
    /// as the clinic wrote it. Only texts differ from [`Model::protocol`], never windows.
    pub(crate) fn shown_protocol(&self) -> &CareProtocol {
        self.protocol.as_ref().unwrap_or_else(|| protocol::default_protocol_in(self.language))
    }

    pub(crate) fn fail(
        &mut self,
        kind: view::ErrorKind,
        words: impl Fn(Language) -> String,
    ) -> Command<Effect, Event> {
        self.show(view::Failure::new(kind, words))
    }

    /// Shows a failure already worded (one a check returned).
    pub(crate) fn show(&mut self, failure: view::Failure) -> Command<Effect, Event> {
        self.error = Some(failure);
        render()
    }
}

fn save(
    operation: StoreOperation,
    then: impl FnOnce(StoreResult) -> Event + Send + 'static,
) -> Command<Effect, Event> {
    store::request(operation).then_send(then)
}

impl App for Aftercare {
    type Event = Event;
    type Model = Model;
    type ViewModel = ViewModel;
    type Effect = Effect;

    fn update(&self, event: Event, model: &mut Model) -> Command<Effect, Event> {
        let command = Self::dispatch(event, model);
        // Every event may change what should be scheduled; sync sends only real changes.
        command.and(reminders::sync(model))
    }

    fn view(&self, model: &Model) -> ViewModel {
        view::build(model)
    }
}

impl Aftercare {
    fn dispatch(event: Event, model: &mut Model) -> Command<Effect, Event> {
        use view::ErrorKind::{Invalid, Storage};
        let from_shell = match &event {
            Event::Loaded(_)
            | Event::SessionStored(_)
            | Event::ProfileStored(..)
            | Event::ProtocolStored(..)
            | Event::SessionDeleted(..)
            | Event::LanguageStored(..)
            | Event::Reminders(reminders::Event::PrefsStored(..)) => false,
            Event::Checkin(e) => e.is_from_shell(),
            Event::Journal(e) => !e.is_internal(),
            Event::Sharing(e) => !e.is_internal(),
            Event::Lock(e) => !e.is_internal(),
            _ => true,
        };
        // Only something the patient did replaces a message: the minute tick, a background sync
        // and the platform's notification cap arrive on their own and must not wipe an error
        // before it was read (native review #11).
        let unattended = matches!(
            event,
            Event::ClockChanged { .. }
                | Event::Sharing(sharing::Event::Sync)
                | Event::Reminders(reminders::Event::SetPlatformCap { .. })
                // The locale sent at start, or the toggle: a message such as "this check-in was
                // not saved" stays until the patient acts on it, re-worded in the new language.
                | Event::SetLanguage { .. }
                | Event::ChooseLanguage { .. }
                | Event::RecordInMemory
        ) || matches!(&event, Event::Lock(e) if e.is_unattended());
        if from_shell && !unattended {
            model.error = None;
            model.last_saved_session_id = None;
            model.reminders.calendar = None;
        }
        match event {
            Event::Start { clock } => match clock.resolve() {
                Ok(now) => {
                    model.now = Some(now);
                    save(StoreOperation::LoadRecord, Event::Loaded)
                }
                Err(e) => model.fail(view::ErrorKind::Clock, |l| l.time_error(&e)),
            },
            Event::ClockChanged { clock } => match clock.resolve() {
                Ok(now) => {
                    model.now = Some(now);
                    render()
                }
                Err(e) => model.fail(view::ErrorKind::Clock, |l| l.time_error(&e)),
            },
            Event::Loaded(StoreResult::Loaded { mut record }) => {
                record.sessions.sort_by_key(|s| (s.details.start_utc_ms, s.id));
                record.checkins.sort_by_key(checkin::Checkin::order_key);
                // Room for this run's check-ins: the first one stored would otherwise move the
                // whole history to a larger allocation (~80 µs at 2,000 check-ins).
                record.checkins.reserve(checkin::HEADROOM);
                // The language first: a stored protocol that cannot be used is said in it.
                if let Some(tag) = record.language_tag.as_deref() {
                    model.language = crate::i18n::Language::from_tag(tag);
                    model.language_chosen = true;
                }
                model.protocol = match record.protocol_json.as_deref().map(protocol::parse) {
                    None => None,
                    Some(Ok(p)) => Some(p),
                    Some(Err(e)) => {
                        // The parser's reason stays English: it is for the clinic that wrote it.
                        let detail = e.to_string();
                        model.error = Some(view::Failure::new(Invalid, |l| {
                            crate::i18n::fill(l.stored_protocol_unusable(), &[("detail", &detail)])
                        }));
                        None
                    }
                };
                sharing::take_stored(model, &mut record);
                model.lock.loaded(record.app_lock);
                model.record = Some(record);
                render()
            }
            Event::Loaded(result) => model.fail(Storage, |l| storage_message(&result, l)),
            Event::AddSession { form } => {
                let Some(now) = model.now else {
                    return model.fail(view::ErrorKind::Clock, clock_not_set);
                };
                if model.record.is_none() {
                    return model.fail(Storage, record_not_loaded);
                }
                match form.validate(now.instant) {
                    Ok(session) => {
                        save(StoreOperation::AddSession { session }, Event::SessionStored)
                    }
                    Err(e) => model.fail(Invalid, |l| l.session_error(&e)),
                }
            }
            Event::SessionStored(StoreResult::SessionAdded { session }) => {
                if let Some(record) = model.record.as_mut() {
                    model.last_saved_session_id = Some(session.id);
                    let at = record.sessions.partition_point(|s| {
                        (s.details.start_utc_ms, s.id) <= (session.details.start_utc_ms, session.id)
                    });
                    record.sessions.insert(at, session);
                }
                render()
            }
            Event::DeleteSession { id } => {
                save(StoreOperation::DeleteSession { id }, move |r| Event::SessionDeleted(id, r))
            }
            Event::SessionDeleted(id, StoreResult::Done) => {
                if let Some(record) = model.record.as_mut() {
                    record.sessions.retain(|s| s.id != id);
                }
                render()
            }
            Event::AnswerProfile { flag, yes } => {
                match model.record.as_ref().map(|r| r.profile.answered(flag, yes)) {
                    None => model.fail(Storage, record_not_loaded),
                    Some(Ok(profile)) => Self::dispatch(Event::SetProfile { profile }, model),
                    // A shell's mistake (a list answered yes or no), for its developer.
                    Some(Err(message)) => model.fail(Invalid, |_| message.clone()),
                }
            }
            Event::ChooseSkinType { skin_type } => {
                match model
                    .record
                    .as_ref()
                    .map(|r| Profile { fitzpatrick: skin_type, ..r.profile.clone() })
                {
                    None => model.fail(Storage, record_not_loaded),
                    Some(profile) => Self::dispatch(Event::SetProfile { profile }, model),
                }
            }
            Event::SetProfile { profile } => match profile.validate() {
                Ok(()) => {
                    let stored = profile.clone();
                    save(StoreOperation::SaveProfile { profile }, move |r| {
                        Event::ProfileStored(stored, r)
                    })
                }
                Err(typed) => {
                    model.fail(Invalid, |l| crate::domain::profile::no_such_skin_type(typed, l))
                }
            },
            Event::ProfileStored(profile, StoreResult::Done) => {
                if let Some(record) = model.record.as_mut() {
                    record.profile = profile;
                }
                render()
            }
            Event::UseClinicProtocol { json } => match protocol::parse(&json) {
                Ok(_) => {
                    let stored = Some(json.clone());
                    save(StoreOperation::SaveProtocol { json: Some(json) }, move |r| {
                        Event::ProtocolStored(stored, r)
                    })
                }
                // The parser's reason, for the clinic that wrote the protocol.
                Err(e) => model.fail(Invalid, |_| e.to_string()),
            },
            Event::UseDefaultProtocol => save(StoreOperation::SaveProtocol { json: None }, |r| {
                Event::ProtocolStored(None, r)
            }),
            Event::ProtocolStored(json, StoreResult::Done) => {
                model.protocol = json.as_deref().and_then(|j| protocol::parse(j).ok());
                if let Some(record) = model.record.as_mut() {
                    record.protocol_json = json;
                }
                render()
            }
            Event::SetLanguage { tag } => {
                if !model.language_chosen {
                    model.language = crate::i18n::Language::from_tag(&tag);
                }
                render()
            }
            Event::ChooseLanguage { tag } => {
                let language = crate::i18n::Language::from_tag(&tag);
                model.language = language;
                model.language_chosen = true;
                if let Some(record) = model.record.as_mut() {
                    record.language_tag = Some(language.tag().to_owned());
                }
                let tag = language.tag().to_owned();
                render().and(save(StoreOperation::SaveLanguage { tag }, Event::LanguageStored))
            }
            Event::LanguageStored(StoreResult::Done) => Command::done(),
            Event::RecordInMemory => {
                model.record_in_memory = true;
                render()
            }
            Event::Show { screen } => {
                model.screen = screen;
                model.timeline_page = None;
                render()
            }
            Event::ShowTimelinePage { page } => {
                model.screen = Screen::Timeline;
                model.timeline_page = Some(page);
                render()
            }
            Event::Checkin(event) => checkin::update(event, model),
            Event::Reminders(event) => reminders::update(event, model),
            Event::Journal(event) => journal::update(event, model),
            Event::Sharing(event) => sharing::update(event, model),
            Event::Lock(event) => crate::lock::update(event, model),
            Event::SessionStored(result)
            | Event::SessionDeleted(_, result)
            | Event::ProfileStored(_, result)
            | Event::ProtocolStored(_, result)
            | Event::LanguageStored(result) => model.fail(Storage, |l| storage_message(&result, l)),
        }
    }
}

/// The clock is not set yet (a shell sent an event before `Start`).
pub(crate) fn clock_not_set(language: Language) -> String {
    language.words().errors.clock_not_set.to_owned()
}

/// The record is not loaded yet (a shell sent an event before `Start` finished).
pub(crate) fn record_not_loaded(language: Language) -> String {
    language.words().errors.record_not_loaded.to_owned()
}

/// What a failed storage step means, in the patient's language.
pub(crate) fn storage_message(result: &StoreResult, language: crate::i18n::Language) -> String {
    match result {
        StoreResult::Failed { error } => language.store_error(error),
        other => crate::i18n::fill(
            language.storage_words().out_of_turn,
            &[("detail", result_name(other))],
        ),
    }
}

fn result_name(result: &StoreResult) -> &'static str {
    match result {
        StoreResult::Loaded { .. } => "loaded",
        StoreResult::SessionAdded { .. } => "session added",
        StoreResult::Done => "done",
        StoreResult::CheckinAdded { .. } => "check-in added",
        StoreResult::Failed { .. } => "failed",
    }
}
