//! The clinic share API's wire types and limits (documented in `clinic/API.md`): the one
//! definition of the contract. The app's core builds its requests and reads the answers with
//! these types; the clinic server parses the requests and writes the answers with them.
//!
//! Requests refuse unknown fields, so a client can never smuggle e.g. a `patient_id` in: the
//! token alone decides whose data it is. Answers accept unknown fields, so a newer server can
//! add to them without breaking older apps.

mod enroll;
mod responses;
mod upload;

pub use enroll::{ClinicInfo, EnrollRequest, EnrollResponse};
pub use responses::{CheckinResponse, ClinicResponses};
pub use upload::{
    Answers, CheckinStatus, CheckinUpload, Level, PhotoQuery, SessionUpload, UploadAck,
};

use serde::{Deserialize, Serialize};

pub const ENROLL_PATH: &str = "/api/v1/enroll";
/// Check-ins without the discharge answer and the signs.
pub const CHECKINS_V1_PATH: &str = "/api/v1/checkins";
/// Version 2 adds the discharge answer and every warning sign.
pub const CHECKINS_V2_PATH: &str = "/api/v2/checkins";
pub const SESSIONS_PATH: &str = "/api/v1/sessions";
pub const PHOTOS_PATH: &str = "/api/v1/photos";
/// `DELETE` ends the calling device's access (its bearer token); 204, idempotent (a token
/// already ended is 401).
pub const DEVICE_PATH: &str = "/api/v1/device";
/// `GET`: what the clinic did with this patient's check-ins ([`ClinicResponses`]).
pub const RESPONSES_PATH: &str = "/api/v1/checkins/responses";
/// Most check-ins one [`ClinicResponses`] answer carries.
pub const MAX_RESPONSES: usize = 100;
/// Longest reply staff can send a patient, in characters: a line, not a letter.
pub const MAX_REPLY_CHARS: usize = 280;
/// Days a device token may go unused before the server refuses it (`clinic serve
/// --device-idle-days`'s default); the app names it when it unlinks on the phone only.
pub const DEFAULT_DEVICE_IDLE_DAYS: u32 = 90;

/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 2_000;
/// Longest treated-area text, in characters.
pub const MAX_AREA_CHARS: usize = 100;
/// Most rule ids in one check-in.
pub const MAX_RULE_IDS: usize = 32;
/// Longest rule id; ids are letters, digits or `-_.`.
pub const MAX_RULE_ID_CHARS: usize = 32;

/// Whether `id` is a rule id the API accepts.
pub fn is_rule_id(id: &str) -> bool {
    (1..=MAX_RULE_ID_CHARS).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

/// The body of every error answer: a stable code and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// e.g. `invalid`, `rate_limited`, `gone`.
    #[serde(default)]
    pub error: String,
    #[serde(default)]
    pub message: String,
}
