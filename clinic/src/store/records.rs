//! Plain data passed in and out of [`super::Store`].

use chrono::{DateTime, Utc};

use super::tenancy::ClinicId;
pub use share_api::{Answers, Level};

/// A patient to create.
#[derive(Debug, Clone)]
pub struct NewPatient {
    /// Random UUID.
    pub id: String,
    /// Name as staff typed it.
    pub name: String,
    /// Care protocol JSON (already validated), or `None` for the app's default.
    pub protocol_json: Option<String>,
    /// Creation time.
    pub now: DateTime<Utc>,
}

/// An invite to create.
#[derive(Debug, Clone)]
pub struct NewInvite {
    /// SHA-256 of the normalised code.
    pub code_hash: String,
    /// For whom.
    pub patient_id: String,
    /// Creation time.
    pub now: DateTime<Utc>,
    /// Not redeemable after this.
    pub expires_at: DateTime<Utc>,
}

/// A device to register when an invite is redeemed.
#[derive(Debug, Clone)]
pub struct NewDevice {
    /// Random UUID.
    pub id: String,
    /// SHA-256 of the bearer token.
    pub token_hash: String,
    /// Label the app sent (e.g. "iPhone").
    pub label: String,
}

/// Outcome of redeeming an invite.
#[derive(Debug, Clone)]
pub enum Redeemed {
    /// The device is registered for this patient.
    Enrolled {
        /// The clinic the invite (and now the device) belongs to.
        clinic: ClinicId,
        /// The patient's id.
        patient_id: String,
        /// The patient's care protocol JSON, else the clinic's, if either was set.
        protocol_json: Option<String>,
    },
    /// No invite with that code.
    Unknown,
    /// The invite expired.
    Expired,
    /// The invite was already used.
    AlreadyUsed,
}

/// A registered device.
#[derive(Debug, Clone)]
pub struct DeviceRecord {
    /// The clinic it belongs to: the scope of everything it uploads.
    pub clinic: ClinicId,
    /// Device id.
    pub id: String,
    /// The only patient this device may write for.
    pub patient_id: String,
    /// Set once the clinic or the patient stopped sharing, or the token expired.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Its last authenticated request as recorded (at most [`LAST_USED_EVERY_MINUTES`] stale),
    /// else its enrollment.
    pub last_used_at: DateTime<Utc>,
}

/// How often, at most, a device's `last_used_at` is written. The idle limit is counted in
/// days, so a last use up to this stale changes nothing, and a burst of uploads costs one
/// extra write (and fsync on the single writer) instead of one per request.
pub const LAST_USED_EVERY_MINUTES: i64 = 10;

/// Who or what ended a device's access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceEnd {
    /// Staff pressed *Stop sharing*.
    Staff,
    /// The patient unlinked the app (`DELETE /api/v1/device`).
    Patient,
    /// The token went unused longer than the idle limit.
    Expired,
}

impl DeviceEnd {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Staff => "staff",
            Self::Patient => "patient",
            Self::Expired => "expired",
        }
    }

    /// Reads a stored name (an unknown one reads as staff's: the oldest meaning).
    pub fn from_stored(text: &str) -> Self {
        match text {
            "patient" => Self::Patient,
            "expired" => Self::Expired,
            _ => Self::Staff,
        }
    }
}

/// A check-in to store.
#[derive(Debug, Clone)]
pub struct NewCheckin {
    /// Server id (random UUID).
    pub id: String,
    /// When the patient made it.
    pub recorded_at: DateTime<Utc>,
    /// IANA zone the patient was in.
    pub zone: String,
    /// Triage level.
    pub level: Level,
    /// Ids of the rules that fired, e.g. "C1".
    pub rule_ids: Vec<String>,
    /// Symptom answers.
    pub answers: Answers,
    /// Free-text note, stored verbatim.
    pub note: Option<String>,
}

/// A treatment session, as uploaded and as read back.
#[derive(Debug, Clone)]
pub struct TreatmentSession {
    /// Server id (random UUID).
    pub id: String,
    /// When it was performed.
    pub performed_at: DateTime<Utc>,
    /// IANA zone.
    pub zone: String,
    /// Needle depth in mm.
    pub depth_mm: Option<f64>,
    /// Treated area.
    pub area: Option<String>,
    /// Free-text note.
    pub note: Option<String>,
}

/// A photo whose bytes are already on disk under its SHA-256.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    /// Server id (random UUID).
    pub id: String,
    /// Hex SHA-256 of the stored bytes (the file name).
    pub sha256: String,
    /// Size in bytes.
    pub byte_len: u64,
    /// When it was taken.
    pub taken_at: DateTime<Utc>,
    /// IANA zone.
    pub zone: String,
}

/// Something a device uploads.
#[derive(Debug, Clone)]
pub enum Upload {
    /// A symptom check-in.
    Checkin(NewCheckin),
    /// A treatment session.
    Session(TreatmentSession),
    /// A photo.
    Photo(NewPhoto),
}

/// The idempotency record stored with an upload.
#[derive(Debug, Clone)]
pub struct IdempotencyRecord {
    /// The uploading device's clinic (from its token, never from the request).
    pub clinic: ClinicId,
    /// Uploading device.
    pub device_id: String,
    /// Its patient (uploads are always written to this patient).
    pub patient_id: String,
    /// `Idempotency-Key` header value.
    pub key: String,
    /// SHA-256 of the request body (and query for photos).
    pub body_sha256: String,
    /// HTTP status of the first answer.
    pub status: u16,
    /// JSON body of the first answer.
    pub response: String,
    /// Receive time.
    pub now: DateTime<Utc>,
}

/// Outcome of [`super::Store::save_upload`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Stored now.
    Created,
    /// Same key and body seen before: here is the original answer.
    Replayed {
        /// Original status.
        status: u16,
        /// Original JSON body.
        response: String,
    },
    /// Same key, different body.
    KeyReused,
}
