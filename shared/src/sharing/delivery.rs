//! What an answer from the clinic means (clinic/API.md, "Retry policy for the app"), decided
//! once for every shell. The shells send the request the core built and report what came back
//! as an [`Exchange`] — facts only: a status, the `Retry-After` header, the body, or how the
//! transport failed. These functions turn that into the outbox's next state and the reason
//! (a [`ClinicReason`], worded by `sharing::reasons` when drawn); no shell classifies a
//! status, computes a backoff or writes a reason.
//!
//! Deterministic by design: the backoff's "full jitter" comes from a hash of the item's
//! idempotency key and attempt count, not from a random-number effect, so a test (or a second
//! tab) computes the same next attempt for the same item.

use chrono::DateTime;
use serde::{Deserialize, Serialize};

use share_api::{EnrollResponse, ErrorBody, UploadAck};

use crate::effects::{ClinicError, ClinicErrorKind, ClinicLink, ClinicReason};

/// What one HTTP exchange with the clinic came to, as the shell observed it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum Exchange {
    /// The clinic answered: its status, its `Retry-After` header as sent, and its body.
    Answered { status: u16, retry_after: Option<String>, body: String },
    /// A success status arrived but the body broke off: the clinic may have stored the item.
    AnswerCutShort { status: u16 },
    /// No HTTP answer.
    NoAnswer { transport: Transport },
}

impl Exchange {
    /// An HTTP answer as a transport saw it: the status, its `Retry-After` header as sent, and
    /// the body, or `None` when reading the body broke off. A success whose body broke off may
    /// have been stored by the clinic ([`Exchange::AnswerCutShort`]); a refusal whose body broke
    /// off is still a refusal, with no words of its own. Every transport (reqwest on the phones
    /// and the CLI, `fetch` in the browser) reports through this.
    pub fn observed(status: u16, retry_after: Option<String>, body: Option<String>) -> Self {
        match body {
            Some(body) => Self::Answered { status, retry_after, body },
            None if (200..300).contains(&status) => Self::AnswerCutShort { status },
            None => Self::Answered { status, retry_after, body: String::new() },
        }
    }
}

/// Why there was no HTTP answer.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    /// No answer within the shell's timeout.
    Timeout,
    /// Offline, DNS failure, connection refused (or, in a browser, blocked by policy).
    Unreachable,
    /// The connection dropped mid-exchange.
    BrokeOff,
    /// Something answered that is not HTTP.
    NotHttp,
}

/// How long to wait between tries: exponential from `base_ms`, capped at `cap_ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    pub base_ms: u64,
    pub cap_ms: u64,
}

impl Default for Backoff {
    fn default() -> Self {
        Self { base_ms: 2_000, cap_ms: 60 * 60 * 1_000 }
    }
}

/// The outbox item being tried: its key (the jitter's seed) and how often it was tried before.
#[derive(Clone, Copy, Debug)]
pub struct Attempt<'a> {
    pub idempotency_key: &'a str,
    pub attempts: u32,
}

/// The item's next state after one exchange.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Stored by the clinic (200/201), with its id when the answer named one.
    Sent { server_id: Option<String> },
    /// Stays queued until `next_attempt_utc_ms`. `stop_pass`: the rest of this pass would meet
    /// the same trouble (offline, asked to slow down), so the shell stops trying others now.
    Retry { next_attempt_utc_ms: i64, reason: ClinicReason, stop_pass: bool },
    /// 401: the clinic no longer accepts this device. The shell marks the link "relink
    /// needed", keeps the item queued with `reason`, and stops the pass.
    RelinkNeeded { reason: ClinicReason },
    /// Any other 4xx: the clinic will not take this item as it is; it stays, shown failed.
    Failed { reason: ClinicReason },
}

/// The error for an outbox or link the device could not read or write (`detail` names the
/// storage failure, never the patient's data).
pub fn storage_failure(detail: &str) -> ClinicError {
    ClinicError::new(ClinicErrorKind::Storage, ClinicReason::Storage { detail: detail.to_owned() })
}

/// What the next state of a queued item is, given the exchange its attempt came to.
pub fn judge_delivery(
    exchange: &Exchange,
    attempt: Attempt<'_>,
    backoff: Backoff,
    now_utc_ms: i64,
) -> Delivery {
    let retry = |reason: ClinicReason, retry_after_ms: Option<u64>, stop_pass: bool| {
        let wait = wait_ms(attempt, backoff, retry_after_ms);
        Delivery::Retry {
            next_attempt_utc_ms: now_utc_ms.saturating_add(i64::try_from(wait).unwrap_or(i64::MAX)),
            reason,
            stop_pass,
        }
    };
    match exchange {
        Exchange::NoAnswer { transport } => retry(transport_reason(*transport), None, true),
        Exchange::AnswerCutShort { .. } => {
            // The replay under the same key confirms it on the next try without storing twice.
            retry(ClinicReason::AnswerCutShort, None, true)
        }
        Exchange::Answered { status, retry_after, body } => {
            let retry_after_ms = retry_after.as_deref().and_then(|v| retry_after_ms(v, now_utc_ms));
            match *status {
                200..=299 => Delivery::Sent { server_id: ack_id(body) },
                401 => Delivery::RelinkNeeded { reason: ClinicReason::NoLongerAccepted },
                // The item shows when it is tried next, so the reason carries no wait.
                429 => retry(ClinicReason::SlowDown { wait_seconds: None }, retry_after_ms, true),
                500..=599 => retry(
                    ClinicReason::ServerProblem { status: *status, wait_seconds: None },
                    retry_after_ms,
                    false,
                ),
                400..=499 => Delivery::Failed {
                    reason: ClinicReason::Refused {
                        status: *status,
                        clinic_says: clinic_says(body),
                    },
                },
                // 1xx/3xx: not what the API answers (shells do not follow redirects).
                _ => retry(
                    ClinicReason::Unexpected { status: *status, clinic_says: None },
                    retry_after_ms,
                    true,
                ),
            }
        }
    }
}

/// The wait before the next try: full jitter over the exponential ceiling (at least a second,
/// so a broken server is not hammered); a later `Retry-After` wins, but never past the cap, so
/// a server cannot park an item for ever.
fn wait_ms(attempt: Attempt<'_>, backoff: Backoff, retry_after_ms: Option<u64>) -> u64 {
    let exponent = attempt.attempts.min(30);
    let ceiling = backoff.base_ms.saturating_mul(1u64 << exponent).min(backoff.cap_ms).max(1);
    let jittered = (seed(attempt.idempotency_key, attempt.attempts) % (ceiling + 1)).max(1_000);
    jittered.max(retry_after_ms.unwrap_or(0).min(backoff.cap_ms))
}

/// A well-mixed 64-bit number from the key and attempt count (FNV-1a, then SplitMix64's
/// finaliser), standing in for a random draw that every shell reproduces.
fn seed(key: &str, attempts: u32) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes().chain(attempts.to_le_bytes()) {
        h = (h ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// `Retry-After` as delay-seconds or an HTTP date, in milliseconds from now.
fn retry_after_ms(value: &str, now_utc_ms: i64) -> Option<u64> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(seconds.saturating_mul(1_000));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?.timestamp_millis();
    u64::try_from(at.saturating_sub(now_utc_ms)).ok()
}

pub(crate) fn transport_reason(transport: Transport) -> ClinicReason {
    match transport {
        Transport::Timeout => ClinicReason::Timeout,
        Transport::Unreachable => ClinicReason::Unreachable,
        Transport::BrokeOff => ClinicReason::BrokeOff,
        Transport::NotHttp => ClinicReason::NotHttp,
    }
}

fn ack_id(body: &str) -> Option<String> {
    serde_json::from_str::<UploadAck>(body).ok().map(|a| clean(&a.id, 100))
}

/// The clinic's own message from an error body, cleaned, when it sent one.
fn clinic_says(body: &str) -> Option<String> {
    serde_json::from_str::<ErrorBody>(body)
        .ok()
        .map(|e| clean(&e.message, 300))
        .filter(|m| !m.is_empty())
}

/// Server text as the patient may see it: one line, no control characters, bounded length.
fn clean(text: &str, max_chars: usize) -> String {
    let one_line: String =
        text.chars().map(|c| if c.is_control() { ' ' } else { c }).take(max_chars).collect();
    one_line.trim().to_owned()
}

/// What the clinic's answer to the unlink request (`DELETE /api/v1/device`) means.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum Unlinking {
    /// This device's access has ended: the clinic ended it now (2xx), had already ended it or
    /// does not know the token (401), or has no such device (404). The shell forgets the token
    /// and the link.
    Ended,
    /// Not known to have ended (no answer, 5xx, 429, an answer that is not the API's): the
    /// shell keeps the token and the link; `error` says why (the core frames it with the
    /// clinic's name: `sharing::reasons::unlink_not_ended`).
    NotEnded { error: ClinicError },
}

/// What the unlink exchange with the clinic's server came to.
pub fn judge_unlink(exchange: &Exchange) -> Unlinking {
    let not_ended = |kind, reason| Unlinking::NotEnded { error: ClinicError::new(kind, reason) };
    match exchange {
        Exchange::NoAnswer { transport: Transport::NotHttp } => {
            not_ended(ClinicErrorKind::BadResponse, ClinicReason::NotHttp)
        }
        Exchange::NoAnswer { transport } => {
            not_ended(ClinicErrorKind::Unreachable, transport_reason(*transport))
        }
        // A cut-short success still ended the access; the header arrived.
        Exchange::AnswerCutShort { status: 200..=299 } => Unlinking::Ended,
        Exchange::AnswerCutShort { .. } => {
            not_ended(ClinicErrorKind::Unreachable, ClinicReason::AnswerCutShort)
        }
        Exchange::Answered { status, body, .. } => match *status {
            200..=299 | 401 | 404 => Unlinking::Ended,
            429 => not_ended(
                ClinicErrorKind::ServerError,
                ClinicReason::SlowDown { wait_seconds: None },
            ),
            500..=599 => not_ended(
                ClinicErrorKind::ServerError,
                ClinicReason::ServerProblem { status: *status, wait_seconds: None },
            ),
            _ => not_ended(
                ClinicErrorKind::BadResponse,
                ClinicReason::Unexpected { status: *status, clinic_says: clinic_says(body) },
            ),
        },
    }
}

/// What linking gave the device. The token goes to the shell's secret store and nowhere else:
/// this type is neither in the view nor serialised to the core, and its `Debug` hides it.
#[derive(Serialize, Clone, PartialEq, Eq)]
pub struct Enrolment {
    pub link: ClinicLink,
    pub token: String,
    /// The clinic's protocol as sent; the core validates it before adopting it.
    pub care_protocol_json: String,
}

impl std::fmt::Debug for Enrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enrolment").field("link", &self.link).finish_non_exhaustive()
    }
}

/// The link (or why there is none) from the enrol exchange with `server`. A failure's reason
/// is framed with the server's address by `sharing::reasons::cannot_link`.
pub fn judge_enrolment(
    exchange: &Exchange,
    server: &str,
    auto_share: bool,
    now_utc_ms: i64,
) -> Result<Enrolment, ClinicError> {
    let failed = |kind, reason| Err(ClinicError::new(kind, reason));
    let body = match exchange {
        Exchange::NoAnswer { transport } => {
            let kind = match transport {
                Transport::NotHttp => ClinicErrorKind::BadResponse,
                Transport::Timeout | Transport::Unreachable | Transport::BrokeOff => {
                    ClinicErrorKind::Unreachable
                }
            };
            return failed(kind, transport_reason(*transport));
        }
        Exchange::AnswerCutShort { .. } => {
            return failed(ClinicErrorKind::Unreachable, ClinicReason::AnswerCutShort);
        }
        Exchange::Answered { status, retry_after, body } => {
            // Linking is the patient's own action: they read how long to wait before trying.
            let wait_seconds = retry_after
                .as_deref()
                .and_then(|v| retry_after_ms(v, now_utc_ms))
                .map(|ms| ms.div_ceil(1_000));
            match *status {
                200..=299 => body,
                404 | 400 => {
                    return failed(ClinicErrorKind::InvalidInvite, ClinicReason::InvalidInvite);
                }
                410 => return failed(ClinicErrorKind::ExpiredInvite, ClinicReason::ExpiredInvite),
                429 => {
                    return failed(
                        ClinicErrorKind::ServerError,
                        ClinicReason::SlowDown { wait_seconds },
                    );
                }
                500..=599 => {
                    return failed(
                        ClinicErrorKind::ServerError,
                        ClinicReason::ServerProblem { status: *status, wait_seconds },
                    );
                }
                _ => {
                    return failed(
                        ClinicErrorKind::Other,
                        ClinicReason::Refused { status: *status, clinic_says: clinic_says(body) },
                    );
                }
            }
        }
    };
    let Ok(answer) = serde_json::from_str::<EnrollResponse>(body) else {
        return failed(ClinicErrorKind::BadResponse, ClinicReason::NotAClinic);
    };
    Ok(Enrolment {
        link: ClinicLink {
            server: server.to_owned(),
            device_id: answer.device_id,
            clinic_name: clean(&answer.clinic.name, 200),
            clinic_phone: clean(&answer.clinic.phone, 50),
            after_hours_advice: answer.clinic.after_hours_advice,
            auto_share,
            relink_needed: false,
            linked_utc_ms: now_utc_ms,
        },
        token: answer.token,
        care_protocol_json: answer.care_protocol.to_string(),
    })
}

#[cfg(test)]
#[path = "delivery_tests.rs"]
mod tests;
