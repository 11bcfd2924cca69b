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
            .planned
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
    RemindersView {
        prefs: prefs_of(model),
        cap: u32::try_from(cap).unwrap_or(u32::MAX),
        upcoming,
        calendar_ics: model.reminders.calendar.clone(),
    }
}
