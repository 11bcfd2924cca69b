//! The reminders screen: the preferences and the upcoming reminders, in the current zone.

use facet::Facet;
use serde::{Deserialize, Serialize};

use super::update::prefs_of;
use super::{DEFAULT_CAP, ReminderKind, ReminderPrefs};
use crate::app::Model;
use crate::i18n::{Language, fill};
use crate::view::format::at_label_in;
use crate::view::rfc3339;

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct RemindersView {
    pub prefs: ReminderPrefs,
    /// How many reminders the schedule holds at most (the platform cap).
    pub cap: u32,
    /// The pending schedule, soonest first (exactly what the shell was asked to schedule).
    pub upcoming: Vec<ReminderView>,
    /// The .ics text right after `ExportCalendar`; `None` otherwise.
    pub calendar_ics: Option<String>,
    /// The preferences as a form fills in, sent back as `SetPrefsTyped`.
    pub form: PrefsFormView,
    /// The screen's own words.
    pub words: RemindersScreenWords,
}

/// The reminders screen's heading, buttons and (web) note, in the patient's language.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct RemindersScreenWords {
    pub title: String,
    pub coming_up: String,
    pub save: String,
    pub export_calendar: String,
    pub allow_notifications: String,
    /// `{count}`: the notifications the open page has set (the web shell knows it).
    pub page_note_allowed: String,
    pub page_note_not_allowed: String,
    /// The native time pickers' section and quiet-hours switch and bounds.
    pub times_heading: String,
    pub morning_picker: String,
    pub evening_picker: String,
    pub quiet_hours: String,
    pub quiet_from: String,
    pub quiet_until: String,
    /// "Scheduled (3 of at most 64)": the upcoming list's heading, counted.
    pub scheduled: String,
    /// Android without the exact-alarm permission: what it means and the button that asks.
    pub exact_alarms_title: String,
    pub exact_alarms_body: String,
    pub exact_alarms_allow: String,
}

impl RemindersScreenWords {
    fn of(language: Language, scheduled: usize, cap: usize) -> Self {
        let w = &language.words().reminders;
        let device = &language.words().device;
        Self {
            title: w.title.into(),
            coming_up: w.coming_up.into(),
            save: w.save.into(),
            export_calendar: w.export_calendar.into(),
            allow_notifications: w.allow_notifications.into(),
            page_note_allowed: w.page_note_allowed.into(),
            page_note_not_allowed: w.page_note_not_allowed.into(),
            times_heading: device.times_heading.into(),
            morning_picker: device.morning_picker.into(),
            evening_picker: device.evening_picker.into(),
            quiet_hours: device.quiet_hours.into(),
            quiet_from: device.quiet_from.into(),
            quiet_until: device.quiet_until.into(),
            scheduled: fill(
                device.scheduled,
                &[("count", scheduled.to_string().as_str()), ("cap", cap.to_string().as_str())],
            ),
            exact_alarms_title: device.exact_alarms_title.into(),
            exact_alarms_body: device.exact_alarms_body.into(),
            exact_alarms_allow: device.exact_alarms_allow.into(),
        }
    }
}

/// The preferences form: each field's label and current text, and every kind with its switch.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct PrefsFormView {
    pub morning_label: String,
    pub morning: String,
    pub evening_label: String,
    pub evening: String,
    pub quiet_label: String,
    /// `HH:MM-HH:MM`, or empty for none.
    pub quiet: String,
    pub kinds_label: String,
    pub kinds: Vec<KindChoice>,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct KindChoice {
    pub kind: ReminderKind,
    pub label: String,
    pub on: bool,
}

fn form(prefs: &ReminderPrefs, language: Language) -> PrefsFormView {
    let words = &language.words().reminders;
    PrefsFormView {
        morning_label: words.morning_label.into(),
        morning: prefs.morning.to_string(),
        evening_label: words.evening_label.into(),
        evening: prefs.evening.to_string(),
        quiet_label: words.quiet_label.into(),
        quiet: prefs.quiet.map(|q| q.to_string()).unwrap_or_default(),
        kinds_label: words.kinds_label.into(),
        kinds: ReminderKind::ALL
            .into_iter()
            .map(|kind| KindChoice {
                kind,
                label: kind.label_in(language).into(),
                on: prefs.is_on(kind),
            })
            .collect(),
    }
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ReminderView {
    pub id: String,
    pub kind: ReminderKind,
    pub title: String,
    pub body: String,
    /// RFC 3339 with the current zone's offset.
    pub fire_at: String,
    /// The local wall-clock time it was meant for, `YYYY-MM-DDTHH:MM`.
    pub local_time: String,
    /// "tomorrow 08:30", for people.
    pub fire_label: String,
}

pub(crate) fn build(model: &Model) -> RemindersView {
    let cap = model.reminders.cap.unwrap_or(DEFAULT_CAP);
    // Formatting the whole pending schedule is worth it only on the reminders screen.
    let on_screen = model.screen == crate::view::Screen::Reminders;
    let upcoming = model.now.filter(|_| on_screen).map_or_else(Vec::new, |now| {
        model
            .reminders
            .pending()
            .iter()
            .map(|r| ReminderView {
                id: r.id.clone(),
                kind: r.kind,
                title: r.title.clone(),
                body: r.body.clone(),
                fire_at: rfc3339(r.fire_at, now.zone),
                local_time: crate::view::format::local_minutes(r.meant_for),
                fire_label: at_label_in(model.language, r.fire_at, now.zone, now.instant),
            })
            .collect()
    });
    let prefs = prefs_of(model);
    RemindersView {
        form: form(&prefs, model.language),
        words: RemindersScreenWords::of(model.language, upcoming.len(), cap),
        prefs,
        cap: u32::try_from(cap).unwrap_or(u32::MAX),
        upcoming,
        calendar_ics: model.reminders.calendar.clone(),
    }
}
