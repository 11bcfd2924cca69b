//! Talking to the patient's clinic (the share API of `clinic/API.md`) as an effect.
//!
//! The core decides *what* is sent: it builds every request (API path with its query, and the
//! JSON body, or the stored photo's id) so that a shell only does transport. The shell side
//! (`afterglow_handlers::clinic` on native, the TypeScript shell on the web) owns the token
//! (secret store or an owner-only file), the outbox table, the idempotency keys (made once at
//! enqueue), retries with exponential backoff and jitter, `Retry-After`, and the stop on 401.

use crux_core::{Command, Request, capability::Operation, command::RequestBuilder};
use facet::Facet;
use serde::{Deserialize, Serialize};

pub use super::clinic_reason::{ClinicReason, stored_reason};

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum ClinicOperation {
    /// Enroll this device with an invite: `POST {server}{request.path}` with the JSON body, no
    /// token. On 201 the shell keeps the token, stores the link (with `auto_share`) and answers
    /// `Linked`.
    Enroll { enrollment: EnrollDraft },
    /// Forget the token and the link on this device only; queued items stay (shown as not
    /// delivered). After [`Self::Revoke`] ended the access, or when the patient chose to unlink
    /// on this phone only.
    Unlink,
    /// Queue items for delivery. An item already in the outbox (same `kind` and `local_id`) is
    /// not queued twice. Answers `Outbox`.
    Enqueue { items: Vec<OutboxDraft> },
    /// Try every queued item whose next attempt is due at `now_utc_ms`. Answers `Outbox`.
    Deliver { now_utc_ms: i64 },
    /// Ask the clinic to end this device's access: `DELETE {link.server}{path}` with the
    /// token, no body, judged by `sharing::delivery::judge_unlink`. When it says the access
    /// ended, forget the token and the link (as `Unlink`) and answer `Unlinked`; otherwise keep
    /// both and answer `Failed` with its error. With no token stored there is nothing to end:
    /// forget the link and answer `Unlinked`.
    Revoke { path: String },
    /// Ask what the clinic did with this patient's check-ins: `GET {link.server}{path}` with
    /// the token, the answer judged by `sharing::answers::judge_answers` (which gives the
    /// `ClinicResult` to return). Not linked, or no token: `Failed` with `NotLinked`.
    FetchAnswers { path: String },
}

/// Everything needed to enroll: where, and the exact request.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct EnrollDraft {
    /// The clinic's base URL, without a trailing slash (e.g. `https://clinic.example`).
    pub server: String,
    /// `/api/v1/enroll`.
    pub path: String,
    /// `{"invite_code": "...", "app_version": "..."}`.
    pub body_json: String,
    /// Whether the patient chose, while linking, to send "contact clinic" and "urgent"
    /// check-ins automatically. The shell stores it with the link.
    pub auto_share: bool,
}

/// One item to send, fully built by the core.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct OutboxDraft {
    pub kind: OutboxKind,
    /// The local record's id (check-in, photo or session): with `kind`, the dedupe key.
    pub local_id: i64,
    /// What the patient sees, e.g. "Check-in Day 3".
    pub label: String,
    /// API path with its query, e.g. `/api/v1/checkins` or
    /// `/api/v1/photos?taken_at=2026-11-21T09%3A31%3A00Z&zone=Europe%2FParis`.
    pub path: String,
    pub body: OutboxBody,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum OutboxBody {
    /// `Content-Type: application/json`.
    Json { json: String },
    /// The stored (oriented, metadata-free) JPEG of this photo, `Content-Type: image/jpeg`,
    /// with `X-Content-SHA256`.
    Photo { photo_id: i64 },
}

#[derive(
    Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum OutboxKind {
    Checkin,
    Photo,
    Session,
}

impl OutboxKind {
    pub fn key(self) -> &'static str {
        match self {
            Self::Checkin => "checkin",
            Self::Photo => "photo",
            Self::Session => "session",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [Self::Checkin, Self::Photo, Self::Session].into_iter().find(|k| k.key() == key)
    }
}

#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum OutboxState {
    /// Waiting for delivery (first try, or a retry after a network error, 5xx or 429).
    Queued,
    /// The clinic stored it (201, or the same answer replayed).
    Sent,
    /// The clinic refused it (a 4xx other than 401/429); `last_error` says why. Not retried.
    Failed,
}

impl OutboxState {
    pub fn key(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [Self::Queued, Self::Sent, Self::Failed].into_iter().find(|k| k.key() == key)
    }
}

/// One outbox item as the shell keeps it.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: i64,
    pub kind: OutboxKind,
    pub local_id: i64,
    pub label: String,
    pub state: OutboxState,
    /// Delivery attempts made so far.
    pub attempts: u32,
    pub queued_utc_ms: i64,
    /// When the next attempt is due (queued items only).
    pub next_attempt_utc_ms: Option<i64>,
    pub sent_utc_ms: Option<i64>,
    /// Why the last attempt did not succeed (never the patient's data); the core words it.
    #[serde(deserialize_with = "stored_reason")]
    pub last_error: Option<ClinicReason>,
}

/// The link to a clinic, as the shell stores it (the token is kept apart, never here).
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ClinicLink {
    pub server: String,
    pub device_id: String,
    pub clinic_name: String,
    pub clinic_phone: String,
    pub after_hours_advice: String,
    pub auto_share: bool,
    /// The clinic refused the token (401): the queue is stopped until the patient links again.
    pub relink_needed: bool,
    pub linked_utc_ms: i64,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum ClinicResult {
    /// Enrolled. `care_protocol_json` is the clinic's protocol as sent; the core validates it
    /// before adopting it.
    Linked {
        link: ClinicLink,
        care_protocol_json: String,
    },
    Unlinked,
    /// The stored link (if any) and every outbox item, oldest first (at start they come with
    /// the record: `PatientRecord::clinic_link` and `outbox`).
    Outbox {
        link: Option<ClinicLink>,
        items: Vec<OutboxItem>,
    },
    Failed {
        error: ClinicError,
    },
    /// The clinic's answers to the patient's check-ins, newest first.
    Answers {
        checkins: Vec<ClinicAnswer>,
    },
}

/// What the clinic did with one of the patient's check-ins (share API `CheckinResponse`).
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ClinicAnswer {
    /// The check-in's instant as sent (to the millisecond): how the core finds its check-in.
    pub recorded_utc_ms: i64,
    /// When staff first had it in front of them.
    pub seen_utc_ms: Option<i64>,
    pub handled_utc_ms: Option<i64>,
    /// Staff's latest words to the patient (one line, at most 280 characters).
    pub reply: Option<String>,
    pub reply_utc_ms: Option<i64>,
}

/// Why a clinic operation failed: its kind (what the core does next) and the reason (what the
/// patient reads, worded by the core in their language).
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ClinicError {
    pub kind: ClinicErrorKind,
    pub reason: ClinicReason,
}

impl ClinicError {
    pub fn new(kind: ClinicErrorKind, reason: ClinicReason) -> Self {
        Self { kind, reason }
    }
}

#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum ClinicErrorKind {
    /// No connection, DNS failure or timeout: try again later.
    Unreachable,
    /// The invite code is unknown (404) or malformed.
    InvalidInvite,
    /// The invite expired or was already used (410): ask the clinic for a new one.
    ExpiredInvite,
    /// The clinic refused the token (401): link again.
    RelinkNeeded,
    /// The clinic answered 5xx (or 429 while enrolling).
    ServerError,
    /// The answer was not the API's (wrong JSON, not HTTP at all).
    BadResponse,
    /// Not linked to a clinic.
    NotLinked,
    /// The outbox or link could not be read or written on the device.
    Storage,
    /// Anything else; the reason says what.
    Other,
}

impl Operation for ClinicOperation {
    type Output = ClinicResult;
}

/// Asks the shell side to carry out a clinic operation.
pub fn request<Effect, Event>(
    operation: ClinicOperation,
) -> RequestBuilder<Effect, Event, impl Future<Output = ClinicResult>>
where
    Effect: Send + From<Request<ClinicOperation>> + 'static,
    Event: Send + 'static,
{
    Command::request_from_shell(operation)
}
