//! The reminders screen: the preferences and the upcoming reminders, in the current zone.

use facet::Facet;
use serde::{Deserialize, Serialize};

use super::update::prefs_of;
use super::{DEFAULT_CAP, ReminderKind, ReminderPrefs};
use crate::app::Model;
use crate::view::{at_label, rfc3339};

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

fn form(prefs: &ReminderPrefs) -> PrefsFormView {
    PrefsFormView {
        morning_label: "Morning reminders at (HH:MM)".into(),
        morning: prefs.morning.to_string(),
        evening_label: "Check-in reminder at (HH:MM)".into(),
        evening: prefs.evening.to_string(),
        quiet_label: "Quiet hours, e.g. 22:00-07:30 (optional)".into(),
        quiet: prefs.quiet.map(|q| q.to_string()).unwrap_or_default(),
        kinds_label: "Remind me about".into(),
        kinds: ReminderKind::ALL
            .into_iter()
            .map(|kind| KindChoice { kind, label: kind.label().into(), on: prefs.is_on(kind) })
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
                fire_label: at_label(r.fire_at, now.zone, now.instant),
            })
            .collect()
    });
    let prefs = prefs_of(model);
    RemindersView {
        form: form(&prefs),
        prefs,
        cap: u32::try_from(cap).unwrap_or(u32::MAX),
        upcoming,
        calendar_ics: model.reminders.calendar.clone(),
    }
}
