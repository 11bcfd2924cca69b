//! Daily aftercare reminders: preferences, a pure planner, the notification schedule the shell
//! keeps, and an iCalendar export.
//!
//! The planner ([`plan`]) is a pure function; the app part ([`update`], [`sync`]) re-plans after
//! every event that changes the plan's inputs (a new newest check-in only updates the plan in
//! place: `incremental`) and sends the whole schedule to the shell only when it changed, so the
//! platform's pending notifications always equal the plan's rolling window.

mod basis;
mod candidates;
mod checkins;
pub mod ics;
mod incremental;
mod kind;
mod plan;
mod prefs;
mod relevant;
#[cfg(test)]
mod test_fixtures;
mod text;
mod update;
pub(crate) mod view;
pub mod wallclock;

pub use kind::ReminderKind;
pub use plan::{DEFAULT_CAP, FollowUp, PlanInput, Reminder, plan};
pub use prefs::{PrefsError, QuietHours, ReminderPrefs, WallTime};
pub use update::{Model, sync, update};
pub use view::{KindChoice, PrefsFormView, ReminderView, RemindersScreenWords, RemindersView};

use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::effects::StoreResult;

/// What a shell can tell the reminders feature.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[repr(C)]
pub enum RemindersEvent {
    /// Save new preferences (checked first; the schedule is re-planned once they are stored).
    SetPrefs { prefs: ReminderPrefs },
    /// Save the preferences as typed (times `HH:MM`, quiet hours `HH:MM-HH:MM` or empty); the
    /// core reads them and words what it cannot.
    SetPrefsTyped { form: PrefsForm },
    /// How many pending notifications the platform lets the app keep (default 60).
    SetPlatformCap { cap: u32 },
    /// Build the .ics export; it appears in the view as `reminders.calendar_ics`.
    ExportCalendar,

    #[serde(skip)]
    #[facet(skip)]
    PrefsStored(ReminderPrefs, StoreResult),
}

/// The preferences as a shell's form holds them: text as typed, and the kinds switched off.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct PrefsForm {
    pub morning: String,
    pub evening: String,
    /// Empty for no quiet hours.
    pub quiet: String,
    pub off: Vec<ReminderKind>,
}

impl PrefsForm {
    /// Reads the typed form; the preferences are then validated as any others.
    pub fn read(&self) -> Result<ReminderPrefs, PrefsError> {
        let quiet = self.quiet.trim();
        Ok(ReminderPrefs {
            morning: WallTime::parse(&self.morning)?,
            evening: WallTime::parse(&self.evening)?,
            quiet: if quiet.is_empty() { None } else { Some(QuietHours::parse(quiet)?) },
            off: self.off.clone(),
        })
    }
}

/// The feature's events under the house name (`reminders::Event`); the enum itself has a unique
/// name because the type generator needs one.
pub type Event = RemindersEvent;
