//! Share API v1 wire types (documented in `clinic/API.md`). Unknown fields are refused, so a
//! client can never smuggle e.g. a `patient_id` in: the token alone decides whose data it is.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::store::{Answers, Level};

/// `POST /api/v1/enroll` request.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// The code from the invite, as typed or scanned (`XXXX-XXXX-XXXX`, case and dashes free).
    pub invite_code: String,
    /// A label for the device, e.g. "iPhone" (shown to staff; keep names out of it).
    #[serde(default)]
    pub device_label: Option<String>,
    /// App version, for support.
    #[serde(default)]
    pub app_version: Option<String>,
}

/// Clinic details the app shows.
#[derive(Debug, Serialize, Deserialize)]
pub struct ClinicInfo {
    /// Clinic name.
    pub name: String,
    /// Phone number.
    pub phone: String,
    /// What to do outside opening hours.
    pub after_hours_advice: String,
}

/// `POST /api/v1/enroll` answer (201).
#[derive(Debug, Serialize, Deserialize)]
pub struct EnrollResponse {
    /// Always 1 for this API.
    pub api_version: u32,
    /// This device's id.
    pub device_id: String,
    /// Bearer token for every later call. Shown once; the server keeps only its hash.
    pub token: String,
    /// The patient this device writes for.
    pub patient_id: String,
    /// Clinic details.
    pub clinic: ClinicInfo,
    /// The care protocol JSON the app's core validates (`shared::protocol::parse`).
    pub care_protocol: serde_json::Value,
}

/// `POST /api/v1/checkins` request.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckinUpload {
    /// When the patient made the check-in (RFC 3339, any offset; stored as UTC).
    pub recorded_at: DateTime<Utc>,
    /// IANA zone the patient was in, e.g. `Europe/London`.
    pub zone: String,
    /// Triage level the app's rules decided.
    pub level: Level,
    /// Ids of the rules that fired, e.g. `["C1"]`.
    #[serde(default)]
    pub rule_ids: Vec<String>,
    /// Symptom answers.
    #[serde(default)]
    pub answers: Answers,
    /// The patient's own words (≤ 2000 characters).
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /api/v1/sessions` request.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionUpload {
    /// When the treatment was performed (RFC 3339).
    pub performed_at: DateTime<Utc>,
    /// IANA zone.
    pub zone: String,
    /// Needle depth in millimetres (0–3).
    #[serde(default)]
    pub depth_mm: Option<f64>,
    /// Treated area, e.g. "face" (≤ 100 characters).
    #[serde(default)]
    pub area: Option<String>,
    /// Note (≤ 2000 characters).
    #[serde(default)]
    pub note: Option<String>,
}

/// Query of `POST /api/v1/photos`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoQuery {
    /// When the photo was taken (RFC 3339).
    pub taken_at: DateTime<Utc>,
    /// IANA zone.
    pub zone: String,
}

/// Answer to every upload (201, and the same body again on a replay).
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, Clone)]
pub struct UploadAck {
    /// Server id of the stored record.
    pub id: String,
    /// `checkin`, `session` or `photo`.
    pub kind: String,
    /// When the server stored it.
    pub received_at: DateTime<Utc>,
}

/// `GET /api/v1/checkins/{id}` answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct CheckinStatus {
    /// Server id.
    pub id: String,
    /// When the server stored it.
    pub received_at: DateTime<Utc>,
    /// Whether clinic staff have marked it handled.
    pub handled: bool,
}
