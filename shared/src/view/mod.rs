//! View models: exactly what a screen shows, already formatted for the patient's current zone.
//! Long lists are paged so a frame never carries the whole history across the bridge.

mod failure;
pub(crate) mod format;
mod navigation;
mod records;
pub(crate) mod safety;
mod sessions;
mod timeline;
mod today;
mod today_sections;

pub(crate) use failure::Failure;

pub use format::{at_label, rfc3339};
pub use navigation::{NavigationView, Place, PlaceView};
pub use records::RecordsView;
pub use safety::{AboutView, NoticeView, UrgentHelpView, first_run_notice, first_run_notice_in};
pub use sessions::{SessionFormView, SessionView};
pub use timeline::{EntryKindView, TimelineEntryView, TimelinePage};
pub use today::{AdviceView, MilestoneView, PrepTaskView, RestrictionView, TodayView};
pub use today_sections::{TodayLine, TodaySection, TodaySectionKind, TodayWords};

use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::app::Model;
use crate::domain::Profile;

/// The screens whose data the view model carries. Only the shown screen's long lists are built:
/// a five-year timeline costs hundreds of microseconds to lay out, the today screen tens.
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum Screen {
    #[default]
    Today,
    Timeline,
    Sessions,
    /// Check-in history and trend chart.
    Checkins,
    /// Upcoming reminders and their settings.
    Reminders,
    /// The photo journal.
    Journal,
    /// The clinic link and the outbox of shared items.
    Sharing,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct ViewModel {
    pub screen: Screen,
    /// True once the stored record has loaded.
    pub ready: bool,
    /// What went wrong with the last thing the patient did, in their words.
    pub error: Option<ErrorView>,
    /// Set right after a session was stored (for "saved" feedback).
    pub last_saved_session_id: Option<i64>,
    /// The patient's current zone, in which every time below is shown.
    pub zone: String,
    pub profile: Profile,
    /// The "about you" questions with the answers so far (onboarding and its own screen).
    pub profile_form: crate::domain::ProfileForm,
    /// Not called `protocol`: that is a Swift keyword, and the generated Swift would not compile
    /// (the type generator does not escape keywords; `cargo xtask jvm-test` checks for them).
    pub care_protocol: ProtocolView,
    /// Filled on the sessions screen only.
    pub sessions: Vec<SessionView>,
    pub today: Option<TodayView>,
    /// Filled on the timeline screen only.
    pub timeline: TimelinePage,
    /// Check-in result, history and trend.
    pub checkins: crate::checkin::CheckinsView,
    pub reminders: crate::reminders::RemindersView,
    pub journal: crate::journal::JournalView,
    /// The clinic link and the outbox (items filled on the sharing screen only).
    pub sharing: crate::sharing::SharingView,
    /// The red flags and the emergency action, shown on Today (even before the record loads).
    pub urgent_help: UrgentHelpView,
    /// What the app is and is not.
    pub about: AboutView,
    /// Shown before the first session is added; `None` afterwards and before the record loads.
    pub welcome: Option<NoticeView>,
    /// Asked with every session added or booked; each "yes" goes into `SessionForm.screening`.
    pub screening: crate::domain::ScreeningForm,
    /// The areas a session or a photo can be of, in words, in the order to offer them.
    pub treated_areas: Vec<crate::domain::AreaChoice>,
    /// What a shell that updates itself (the web app's service worker) shows when a new version
    /// is waiting: the patient reloads when they choose, so a half-filled form is never lost.
    pub update_ready: String,
    /// Shown on every screen while the record is kept in memory only (`Event::RecordInMemory`):
    /// what that means and what to do.
    pub record_in_memory: Option<NoticeView>,
    /// The places the navigation offers, their words and order.
    pub navigation: NavigationView,
    /// The language of the translated screens and the toggle to the other one.
    pub language: crate::i18n::LanguageView,
    /// The session form's words (onboarding and adding a session).
    pub session_form: SessionFormView,
    /// The records screen's words (the FHIR file and the PDF report).
    pub records: RecordsView,
    /// The app lock: the lock screen while locked, the setting's row where the platform can lock.
    pub lock: crate::lock::LockView,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ErrorView {
    pub kind: ErrorKind,
    pub message: String,
}

#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum ErrorKind {
    /// Something the patient entered; fix and retry.
    Invalid,
    /// Storage failed; what was stored before is unchanged.
    Storage,
    /// The shell's clock or zone could not be read.
    Clock,
    /// Linking or sharing with the clinic failed; nothing stored was lost.
    Clinic,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct ProtocolView {
    pub id: String,
    pub version: String,
    pub name: String,
    pub is_default: bool,
}

pub(crate) fn build(model: &Model) -> ViewModel {
    let protocol = model.shown_protocol();
    let language = model.language;
    let Some(record) = &model.record else {
        return ViewModel {
            error: model.error.as_ref().map(|e| e.view(model.language)),
            zone: model.now.map(|n| n.zone.name().to_owned()).unwrap_or_default(),
            sharing: crate::sharing::build_view(model),
            // An urgent check-in submitted before the record loads still shows its advice.
            checkins: crate::checkin::view_of(model),
            urgent_help: safety::urgent_help(model.sharing.link.as_ref(), model.language),
            language: crate::i18n::LanguageView::of(model.language),
            about: safety::about(model),
            update_ready: language.words().navigation.update_ready.to_owned(),
            record_in_memory: record_in_memory(model),
            navigation: navigation::build(model.language),
            lock: crate::lock::build_view(model),
            ..ViewModel::default()
        };
    };
    let protocol_view = ProtocolView {
        id: protocol.id.clone(),
        version: protocol.version.clone(),
        name: protocol.name.clone(),
        is_default: model.protocol.is_none(),
    };
    let (today, timeline, sessions, zone) = match model.now {
        Some(now) => (
            Some(today::build(&record.sessions, protocol, &record.profile, now, language)),
            match model.screen {
                Screen::Timeline => timeline::build(
                    &record.sessions,
                    protocol,
                    &record.profile,
                    now,
                    model.timeline_page,
                    language,
                ),
                _ => TimelinePage::default(),
            },
            match model.screen {
                Screen::Sessions => sessions::build(&record.sessions, now, language),
                _ => Vec::new(),
            },
            now.zone.name().to_owned(),
        ),
        None => (None, TimelinePage::default(), Vec::new(), String::new()),
    };
    let mut today = today;
    if let Some(today) =
        today.as_mut().filter(|_| model.protocol.is_some() && language != crate::i18n::Language::En)
    {
        today.words.protocol_note = Some(language.words().today.clinic_protocol_note.to_owned());
    }
    ViewModel {
        screen: model.screen,
        ready: true,
        error: model.error.as_ref().map(|e| e.view(language)),
        last_saved_session_id: model.last_saved_session_id,
        zone,
        profile: record.profile.clone(),
        profile_form: crate::domain::profile::form(&record.profile, language),
        care_protocol: protocol_view,
        sessions,
        today,
        timeline,
        checkins: crate::checkin::view_of(model),
        reminders: crate::reminders::view::build(model),
        journal: if model.screen == Screen::Journal {
            crate::journal::build_view(model)
        } else {
            crate::journal::JournalView::default()
        },
        sharing: crate::sharing::build_view(model),
        urgent_help: safety::urgent_help(model.sharing.link.as_ref(), model.language),
        language: crate::i18n::LanguageView::of(model.language),
        about: safety::about(model),
        welcome: safety::welcome(model),
        screening: crate::domain::screening::form(language),
        treated_areas: crate::domain::area_choices(language),
        update_ready: language.words().navigation.update_ready.to_owned(),
        record_in_memory: record_in_memory(model),
        navigation: navigation::build(language),
        session_form: sessions::form(language, model.now),
        records: records::build(language),
        lock: crate::lock::build_view(model),
    }
}

/// The notice for a record kept in memory only, in the patient's language.
fn record_in_memory(model: &Model) -> Option<NoticeView> {
    let words = &model.language.words().navigation;
    model.record_in_memory.then(|| NoticeView {
        title: words.in_memory_title.to_owned(),
        lines: words.in_memory_lines.iter().map(|l| (*l).to_owned()).collect(),
    })
}
