//! Storage as domain-level operations: the core says *what* to keep, the handler owns the schema.

use crux_core::{Command, Request, capability::Operation, command::RequestBuilder};
use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::checkin::{Checkin, NewCheckin};
use crate::domain::{NewSession, PatientRecord, Profile, Session};
use crate::reminders::ReminderPrefs;

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum StoreOperation {
    /// Load everything stored for the patient.
    LoadRecord,
    AddSession {
        session: NewSession,
    },
    DeleteSession {
        id: i64,
    },
    SaveProfile {
        profile: Profile,
    },
    /// A clinic protocol's JSON, or `None` to go back to the shipped default.
    SaveProtocol {
        json: Option<String>,
    },
    /// Keep a triaged check-in.
    AddCheckin {
        checkin: NewCheckin,
    },
    /// The patient's reminder preferences (already validated by the core).
    SaveReminderPrefs {
        prefs: ReminderPrefs,
    },
    /// The language the patient chose in the app, as its tag ("es"); kept across restarts.
    SaveLanguage {
        tag: String,
    },
    /// The app lock turned on or off; kept across restarts.
    SaveAppLock {
        on: bool,
    },
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum StoreResult {
    Loaded { record: PatientRecord },
    SessionAdded { session: Session },
    Done,
    Failed { error: StoreError },
    CheckinAdded { checkin: Checkin },
}

/// Why storage failed: the kind, which the core words in the patient's language
/// (`Language::store_error`), and the handler's own detail (never the patient's data), shown
/// only where the kind alone does not say what happened.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct StoreError {
    pub kind: StoreErrorKind,
    pub message: String,
}

#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum StoreErrorKind {
    /// Written by a newer version of Afterglow; left untouched.
    NewerVersion,
    /// The file is not an Afterglow database (or is damaged beyond reading).
    NotADatabase,
    /// The device is out of space; nothing was changed.
    DiskFull,
    /// The record asked for does not exist.
    NotFound,
    /// Anything else; the message says what.
    Other,
    /// The data file cannot be written (read-only, or no permission); nothing was changed.
    ReadOnly,
    /// Another instance of the app holds the data file; try again.
    Busy,
    /// Writing failed with an input/output error (often a full device); nothing was changed.
    WriteFailed,
}

impl Operation for StoreOperation {
    type Output = StoreResult;
}

/// Asks the shell to carry out a storage operation.
pub fn request<Effect, Event>(
    operation: StoreOperation,
) -> RequestBuilder<Effect, Event, impl Future<Output = StoreResult>>
where
    Effect: Send + From<Request<StoreOperation>> + 'static,
    Event: Send + 'static,
{
    Command::request_from_shell(operation)
}
