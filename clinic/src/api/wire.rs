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

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn enroll_response_shape() {
        let response = EnrollResponse {
            api_version: 1,
            device_id: "fb368e75-bcf8-4b48-8b47-66807f074a80".into(),
            token: "d724…".into(),
            patient_id: "f0e79a3f-3fdc-45f7-a3b0-8a05eda7d709".into(),
            clinic: ClinicInfo {
                name: "Glow Clinic".into(),
                phone: "+44 20 0000 0000".into(),
                after_hours_advice: "Call 111.".into(),
            },
            care_protocol: serde_json::json!({ "format": 1 }),
        };
        insta::assert_json_snapshot!(response);
    }

    #[test]
    fn upload_ack_shape() {
        let ack = UploadAck {
            id: "0e6e316f-687a-40db-a4ae-2e34405f61fb".into(),
            kind: "checkin".into(),
            received_at: Utc.with_ymd_and_hms(2026, 11, 22, 0, 50, 7).unwrap(),
        };
        insta::assert_json_snapshot!(ack);
    }

    #[test]
    fn checkin_upload_refuses_unknown_fields_and_levels() {
        let ok = r#"{"recorded_at":"2026-11-21T09:30:00+01:00","zone":"Europe/Paris","level":"contact_clinic"}"#;
        let parsed: CheckinUpload = serde_json::from_str(ok).unwrap();
        assert_eq!(parsed.level, Level::ContactClinic);
        assert!(parsed.rule_ids.is_empty() && parsed.note.is_none());
        let extra = ok.replace("}", r#","patient_id":"x"}"#);
        assert!(serde_json::from_str::<CheckinUpload>(&extra).is_err());
        let level = ok.replace("contact_clinic", "fine");
        assert!(serde_json::from_str::<CheckinUpload>(&level).is_err());
    }
}
