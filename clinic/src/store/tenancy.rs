//! Clinics (review M8): the record, its settings, and the scope every patient-data call takes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::accounts::Role;

/// The clinic a store call is confined to. Only the store makes one, from a row: the staff
/// session's clinic, the device token's, the invite's, or a clinic the operator named on the
/// command line. A handler therefore gets one only from the session or device extractor, never
/// from a request body or path, and no call that reads or writes patient data can be made
/// without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClinicId(i64);

impl ClinicId {
    /// For the store backends only: the id read from a row.
    pub(in crate::store) const fn from_row(id: i64) -> Self {
        Self(id)
    }

    /// The row id (for SQL parameters, forms and messages).
    pub const fn get(self) -> i64 {
        self.0
    }
}

/// What the app is told about its clinic at enrollment, and the clinic's care protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicSettings {
    /// Clinic name shown in the app and the portal.
    pub name: String,
    /// Phone number patients call.
    pub phone: String,
    /// What to do outside opening hours.
    pub after_hours_advice: String,
    /// Care protocol JSON (validated) for new patients who get none of their own; `None`: the
    /// app's built-in protocol.
    pub protocol_json: Option<String>,
    /// Where this clinic's email alerts go (checked by [`crate::alerts::recipients`]); empty:
    /// to the server's `--smtp-to` addresses.
    #[serde(default)]
    pub alert_emails: Vec<String>,
}

impl Default for ClinicSettings {
    fn default() -> Self {
        Self {
            name: "Your clinic".into(),
            phone: String::new(),
            after_hours_advice: "Outside opening hours, if you feel very unwell, have a high fever, or redness is spreading fast, call your local emergency number.".into(),
            protocol_json: None,
            alert_emails: Vec::new(),
        }
    }
}

/// The `clinics.alert_emails` column: one address a line (a checked address holds no line
/// break), `''` for none.
/// Some of a clinic's settings, the others left as they are in the database when it is written
/// (issue 19): the settings page and `clinic settings --protocol` at the same moment each keep
/// the other's change, instead of the later read-modify-write putting back what it read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsUpdate {
    /// New name, if it changes.
    pub name: Option<String>,
    /// New phone, if it changes.
    pub phone: Option<String>,
    /// New after-hours advice, if it changes.
    pub after_hours_advice: Option<String>,
    /// New protocol (`Some(None)`: back to the app's), if it changes.
    pub protocol_json: Option<Option<String>>,
    /// New alert addresses, if they change.
    pub alert_emails: Option<Vec<String>>,
}

impl SettingsUpdate {
    /// The fields in which `after` differs from `before` (what a form was shown and what it
    /// sent back).
    pub fn changing(before: &ClinicSettings, after: &ClinicSettings) -> Self {
        fn differs<T: PartialEq + Clone>(a: &T, b: &T) -> Option<T> {
            (a != b).then(|| b.clone())
        }
        Self {
            name: differs(&before.name, &after.name),
            phone: differs(&before.phone, &after.phone),
            after_hours_advice: differs(&before.after_hours_advice, &after.after_hours_advice),
            protocol_json: differs(&before.protocol_json, &after.protocol_json),
            alert_emails: differs(&before.alert_emails, &after.alert_emails),
        }
    }

    /// Nothing to write.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

pub(crate) fn alert_emails_column(emails: &[String]) -> String {
    emails.join("\n")
}

/// The addresses in a `clinics.alert_emails` column.
pub(crate) fn alert_emails_from_column(column: &str) -> Vec<String> {
    column.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// Base URL the app uses when no public URL was set (server-wide: one server, one address).
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

/// A clinic as `clinic clinic list` shows it.
#[derive(Debug, Clone)]
pub struct Clinic {
    /// Its scope.
    pub id: ClinicId,
    /// Short name for the command line.
    pub slug: String,
    /// Name, phone, advice, protocol.
    pub settings: ClinicSettings,
    /// Patients it holds.
    pub patients: u32,
    /// When it was added.
    pub created_at: DateTime<Utc>,
}

/// A clinic a staff account works for, and its role there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    /// The clinic.
    pub clinic: ClinicId,
    /// Its short name.
    pub slug: String,
    /// Its display name.
    pub name: String,
    /// What the account may do there.
    pub role: Role,
}
