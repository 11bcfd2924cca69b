//! What the clinic did with the patient's shared check-ins: seen, handled, a short reply.
//! The app asks for it with the sync it already runs (`GET` [`crate::RESPONSES_PATH`]), so no
//! push service is needed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `GET /api/v1/checkins/responses`: the calling patient's check-ins that staff have seen,
/// handled or answered, newest first (at most [`crate::MAX_RESPONSES`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ClinicResponses {
    #[serde(default)]
    pub checkins: Vec<CheckinResponse>,
}

/// One check-in's answer from the clinic. The app finds its own check-in by `recorded_at`
/// (the instant it sent, to the millisecond); the server's id is not kept on the phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinResponse {
    pub recorded_at: DateTime<Utc>,
    /// When staff first opened the patient's page after it arrived (or handled it).
    #[serde(default)]
    pub seen_at: Option<DateTime<Utc>>,
    /// When staff marked it handled.
    #[serde(default)]
    pub handled_at: Option<DateTime<Utc>>,
    /// Staff's latest words to the patient (at most [`crate::MAX_REPLY_CHARS`]).
    #[serde(default)]
    pub reply: Option<String>,
    #[serde(default)]
    pub reply_at: Option<DateTime<Utc>>,
}
