//! The uploads (`POST /api/v1|v2/checkins`, `/api/v1/sessions`, `/api/v1/photos`) and their
//! acknowledgement. Times travel as RFC 3339 with the offset of the zone they were made in,
//! plus that zone's IANA name.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

/// Triage level of a check-in, as the app's rules decided it. Ordered by urgency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Within the expected course.
    Expected,
    /// Worth watching; nothing to do yet.
    Watch,
    /// The patient was told to contact the clinic.
    ContactClinic,
    /// The patient was told to seek urgent care.
    Urgent,
}

impl Level {
    /// The wire (and clinic database) spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Expected => "expected",
            Self::Watch => "watch",
            Self::ContactClinic => "contact_clinic",
            Self::Urgent => "urgent",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "expected" => Some(Self::Expected),
            "watch" => Some(Self::Watch),
            "contact_clinic" => Some(Self::ContactClinic),
            "urgent" => Some(Self::Urgent),
            _ => None,
        }
    }
}

/// Symptom answers of a check-in; every field optional (an unanswered score is left out,
/// never sent as 0).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    /// Pain 0–10 (NRS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pain: Option<u8>,
    /// Redness 0–4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redness: Option<u8>,
    /// Swelling 0–3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub swelling: Option<u8>,
    /// Itching 0–10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub itching: Option<u8>,
    /// Measured body temperature in °C (30–45).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature_c: Option<f64>,
    /// v2: what comes out of the skin, by key (`none`, `clear`, `blood`, `pus`); absent when
    /// not answered. Never present in a v1 upload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discharge: Option<String>,
    /// v2: every warning sign answered "yes", by key (`eye`, `warmth`, …). `None` in a v1
    /// upload (not sent by that app version), `Some([])` for "none of them".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signs: Option<Vec<String>>,
}

/// A check-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckinUpload {
    /// When the patient made it (any offset; the server stores UTC).
    pub recorded_at: DateTime<FixedOffset>,
    /// IANA zone the patient was in, e.g. `Europe/London`.
    pub zone: String,
    pub level: Level,
    /// Ids of the rules that decided the level, e.g. `["C1"]`.
    #[serde(default)]
    pub rule_ids: Vec<String>,
    #[serde(default)]
    pub answers: Answers,
    /// The patient's own words (at most [`crate::MAX_NOTE_CHARS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A treatment session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionUpload {
    pub performed_at: DateTime<FixedOffset>,
    /// IANA zone.
    pub zone: String,
    /// Needle depth in millimetres (0–3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth_mm: Option<f64>,
    /// Treated areas by key, comma-separated, e.g. `face, neck` (at most
    /// [`crate::MAX_AREA_CHARS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// Note (at most [`crate::MAX_NOTE_CHARS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The query of a photo upload (the body is the JPEG).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoQuery {
    pub taken_at: DateTime<FixedOffset>,
    /// IANA zone.
    pub zone: String,
}

/// The answer to every upload (201, and the same body again on a replay).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadAck {
    /// Server id of the stored record.
    pub id: String,
    /// `checkin`, `session` or `photo`.
    pub kind: String,
    /// When the server stored it.
    pub received_at: DateTime<Utc>,
}

/// `GET /api/v1/checkins/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinStatus {
    pub id: String,
    pub received_at: DateTime<Utc>,
    /// Whether clinic staff have marked it handled.
    pub handled: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkin_refuses_unknown_fields_and_levels() {
        let ok = r#"{"recorded_at":"2026-11-21T09:30:00+01:00","zone":"Europe/Paris","level":"contact_clinic"}"#;
        let parsed: CheckinUpload = serde_json::from_str(ok).unwrap();
        assert_eq!(parsed.level, Level::ContactClinic);
        assert_eq!(parsed.recorded_at.to_utc().to_rfc3339(), "2026-11-21T08:30:00+00:00");
        assert!(parsed.rule_ids.is_empty() && parsed.note.is_none());
        let extra = ok.replace('}', r#","patient_id":"x"}"#);
        assert!(serde_json::from_str::<CheckinUpload>(&extra).is_err());
        let level = ok.replace("contact_clinic", "fine");
        assert!(serde_json::from_str::<CheckinUpload>(&level).is_err());
    }

    #[test]
    fn a_checkin_goes_out_with_its_local_offset_and_without_unanswered_scores() {
        let upload = CheckinUpload {
            recorded_at: DateTime::parse_from_rfc3339("2026-03-08T09:00:00-04:00").unwrap(),
            zone: "America/New_York".into(),
            level: Level::Watch,
            rule_ids: vec!["W1".into()],
            answers: Answers { pain: Some(3), signs: Some(vec![]), ..Answers::default() },
            note: None,
        };
        let json = serde_json::to_value(&upload).unwrap();
        assert_eq!(json["recorded_at"], "2026-03-08T09:00:00-04:00");
        assert_eq!(json["answers"], serde_json::json!({ "pain": 3, "signs": [] }));
        assert!(json.get("note").is_none());
        let back: CheckinUpload = serde_json::from_value(json).unwrap();
        assert_eq!(back, upload);
    }

    #[test]
    fn levels_read_back_what_they_write() {
        for level in [Level::Expected, Level::Watch, Level::ContactClinic, Level::Urgent] {
            assert_eq!(Level::parse(level.as_str()), Some(level));
            assert_eq!(serde_json::to_value(level).unwrap(), level.as_str());
        }
        assert_eq!(Level::parse("fine"), None);
    }
}
