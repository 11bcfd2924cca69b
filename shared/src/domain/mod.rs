//! The patient's record: treatment sessions, profile flags, and the clock the shell reports.
//!
//! Types here cross the bridge (they derive `Facet` for type generation), so instants travel as
//! UTC milliseconds plus an IANA zone name; [`clock`] turns them into `chrono` values.

pub mod clock;
pub mod profile;
pub mod screening;
pub mod session;

pub use clock::{Clock, TimeError};
pub use profile::{Profile, ProfileFlag, ProfileForm, ProfileQuestion, SkinTypeChoice};
pub use screening::{Screening, ScreeningForm, ScreeningQuestion};
pub use session::{
    AreaChoice, NewSession, Session, SessionError, SessionForm, TreatedArea, area_choices,
};

use facet::Facet;
use serde::{Deserialize, Serialize};

/// Everything stored for one patient, as the storage effect loads it.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct PatientRecord {
    pub profile: Profile,
    /// Sessions in start order.
    pub sessions: Vec<Session>,
    /// A clinic's care protocol as JSON; `None` means the shipped default.
    pub protocol_json: Option<String>,
    /// Symptom check-ins, oldest first.
    pub checkins: Vec<crate::checkin::Checkin>,
    /// Reminder preferences; `None` means never set (the defaults apply).
    pub reminder_prefs: Option<crate::reminders::ReminderPrefs>,
    /// Journal photos in taken-at order.
    pub photos: Vec<crate::journal::Photo>,
    /// The clinic this device is linked to (the token is kept apart, never here).
    pub clinic_link: Option<Box<crate::effects::ClinicLink>>,
    /// Everything ever shared with the clinic, oldest first (the sharing feature keeps it).
    pub outbox: Vec<crate::effects::OutboxItem>,
    /// The language the patient chose in the app (a BCP-47 tag, "es"); `None` until they
    /// choose, and the platform's locale decides. Missing in records stored before it existed.
    #[serde(default)]
    pub language_tag: Option<String>,
    /// The patient asked for the app lock (off by default; missing in records stored before it
    /// existed, which load as off).
    #[serde(default)]
    pub app_lock: bool,
}
