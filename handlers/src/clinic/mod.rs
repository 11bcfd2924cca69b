//! The clinic link and the outbox (share API v1, `clinic/API.md`) on the shell side.
//!
//! The core builds every request; this handler keeps the token in a [`SecretStore`], the link
//! and the outbox in SQLite (migration 005), and sends. Each item gets its idempotency key once,
//! when it is queued, and keeps it on every retry, so a crash between "the clinic stored it" and
//! "we marked it sent" ends in a replay the clinic answers without storing twice.
//!
//! Retry policy (API.md): network errors, timeouts, 5xx and 429 stay queued with exponential
//! backoff and full jitter (`Retry-After` honoured); 401 stops the queue and marks the link
//! "relink needed" (data kept); other 4xx mark the item failed with the clinic's message.

pub mod http;
pub mod outbox;
pub mod secret;

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::Connection;

use crate::SqliteStore;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use shared::effects::{
    ClinicError, ClinicErrorKind, ClinicLink, ClinicOperation, ClinicResult, EnrollDraft,
    OutboxBody, StoreError,
};

pub use http::Timeouts;
pub use secret::{FileSecretStore, SecretStore, TOKEN_KEY};

use http::{Body, Outcome, Request};

/// How the client behaves; tests shorten the waits.
#[derive(Debug, Clone, Copy)]
pub struct ClinicConfig {
    pub timeouts: Timeouts,
    /// First retry waits up to this (doubling per attempt, full jitter).
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
}

impl Default for ClinicConfig {
    fn default() -> Self {
        Self {
            timeouts: Timeouts::default(),
            backoff_base: Duration::from_secs(2),
            backoff_cap: Duration::from_secs(3600),
        }
    }
}

/// Talks to the linked clinic. Holds no connection: the caller passes the database's.
pub struct ClinicClient {
    http: reqwest::blocking::Client,
    secrets: Box<dyn SecretStore>,
    data_dir: PathBuf,
    config: ClinicConfig,
}

impl std::fmt::Debug for ClinicClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClinicClient").field("data_dir", &self.data_dir).finish_non_exhaustive()
    }
}

/// `POST /api/v1/enroll`'s answer (the parts the app keeps).
#[derive(Deserialize)]
struct EnrollResponse {
    device_id: String,
    token: String,
    clinic: ClinicInfo,
    care_protocol: serde_json::Value,
}

#[derive(Deserialize)]
struct ClinicInfo {
    name: String,
    phone: String,
    after_hours_advice: String,
}

fn failed(kind: ClinicErrorKind, message: impl Into<String>) -> ClinicResult {
    ClinicResult::Failed { error: ClinicError { kind, message: message.into() } }
}

fn storage(e: StoreError) -> ClinicResult {
    failed(ClinicErrorKind::Storage, e.message)
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    // Without randomness the jitter is 0 and the key falls back below; both stay correct.
    let _ = getrandom::fill(&mut bytes);
    u64::from_le_bytes(bytes)
}

/// A random (version 4) UUID for an idempotency key.
pub fn new_idempotency_key() -> String {
    let mut b = [0u8; 16];
    if getrandom::fill(&mut b).is_err() {
        // No OS randomness: still unique per device (time + counter), which is all a key needs.
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        b[..8].copy_from_slice(&now_ms().to_le_bytes());
        b[8..].copy_from_slice(&n.to_le_bytes());
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl ClinicClient {
    /// `data_dir` is where the photo library keeps `photos/`.
    pub fn new(
        data_dir: impl Into<PathBuf>,
        secrets: Box<dyn SecretStore>,
        config: ClinicConfig,
    ) -> Result<Self, String> {
        Ok(Self {
            http: http::client(config.timeouts)?,
            secrets,
            data_dir: data_dir.into(),
            config,
        })
    }

    /// Carries out one clinic operation against the patient's database.
    pub fn handle(&self, store: &mut SqliteStore, operation: ClinicOperation) -> ClinicResult {
        let conn = store.connection_mut();
        match operation {
            ClinicOperation::Enroll { enrollment } => self.enroll(conn, &enrollment),
            ClinicOperation::Unlink => self.unlink(conn),
            ClinicOperation::Enqueue { items } => {
                match outbox::load_link(conn) {
                    Ok(Some(_)) => {}
                    Ok(None) => {
                        return failed(ClinicErrorKind::NotLinked, "link to your clinic first");
                    }
                    Err(e) => return storage(e),
                }
                match outbox::enqueue(conn, &items, now_ms(), new_idempotency_key) {
                    Ok(_) => self.report(conn),
                    Err(e) => storage(e),
                }
            }
            ClinicOperation::Deliver { now_utc_ms } => match self.deliver(conn, now_utc_ms) {
                Ok(()) => self.report(conn),
                Err(e) => storage(e),
            },
        }
    }

    fn report(&self, conn: &Connection) -> ClinicResult {
        match (outbox::load_link(conn), outbox::load_items(conn)) {
            (Ok(link), Ok(items)) => ClinicResult::Outbox { link, items },
            (Err(e), _) | (_, Err(e)) => storage(e),
        }
    }

    fn enroll(&self, conn: &Connection, draft: &EnrollDraft) -> ClinicResult {
        let request = Request {
            url: format!("{}{}", draft.server, draft.path),
            token: None,
            idempotency_key: None,
            body: Body::Json(draft.body_json.clone()),
        };
        let body = match http::send(&self.http, request) {
            Outcome::Stored { body, .. } => body,
            Outcome::Retry { reason, retry_after, .. } => {
                let kind = if reason.contains("not HTTP") {
                    ClinicErrorKind::BadResponse
                } else if ["reached", "in time", "broke off"].iter().any(|w| reason.contains(w)) {
                    ClinicErrorKind::Unreachable
                } else {
                    ClinicErrorKind::ServerError
                };
                let wait = retry_after.map_or_else(String::new, |d| {
                    format!(" (wait {} s before trying again)", d.as_secs())
                });
                return failed(kind, format!("cannot link to {}: {reason}{wait}", draft.server));
            }
            Outcome::Unauthorized => {
                return failed(ClinicErrorKind::Other, "the clinic refused the request (401)");
            }
            Outcome::Refused { status: 404, .. } => {
                return failed(
                    ClinicErrorKind::InvalidInvite,
                    "the clinic does not know this invite code: check it, or ask the clinic for a new one",
                );
            }
            Outcome::Refused { status: 410, .. } => {
                return failed(
                    ClinicErrorKind::ExpiredInvite,
                    "this invite has expired or was already used: ask the clinic for a new one",
                );
            }
            Outcome::Refused { reason, .. } => {
                return failed(ClinicErrorKind::Other, format!("the clinic refused: {reason}"));
            }
        };
        let Ok(answer) = serde_json::from_str::<EnrollResponse>(&body) else {
            return failed(
                ClinicErrorKind::BadResponse,
                format!("{} answered, but not as an Afterglow clinic does", draft.server),
            );
        };
        let link = ClinicLink {
            server: draft.server.clone(),
            device_id: answer.device_id,
            clinic_name: answer.clinic.name,
            clinic_phone: answer.clinic.phone,
            after_hours_advice: answer.clinic.after_hours_advice,
            auto_share: draft.auto_share,
            relink_needed: false,
            linked_utc_ms: now_ms(),
        };
        if let Err(e) = self.secrets.set(TOKEN_KEY, &answer.token) {
            return failed(ClinicErrorKind::Storage, e);
        }
        if let Err(e) = outbox::save_link(conn, &link) {
            let _ = self.secrets.delete(TOKEN_KEY);
            return storage(e);
        }
        ClinicResult::Linked { link, care_protocol_json: answer.care_protocol.to_string() }
    }

    fn unlink(&self, conn: &Connection) -> ClinicResult {
        if let Err(e) = self.secrets.delete(TOKEN_KEY) {
            return failed(ClinicErrorKind::Storage, e);
        }
        match outbox::delete_link(conn) {
            Ok(()) => ClinicResult::Unlinked,
            Err(e) => storage(e),
        }
    }

    /// One pass over the due items. Stops early where going on cannot help (offline, 429, 401).
    fn deliver(&self, conn: &Connection, now: i64) -> Result<(), StoreError> {
        let Some(link) = outbox::load_link(conn)? else { return Ok(()) };
        if link.relink_needed {
            return Ok(());
        }
        let token = match self.secrets.get(TOKEN_KEY) {
            Ok(Some(token)) => token,
            // The token is gone (or unreadable): only linking again can bring it back.
            Ok(None) | Err(_) => return outbox::mark_relink_needed(conn),
        };
        for item in outbox::due(conn, now)? {
            let body = match &item.body {
                OutboxBody::Json { json } => Body::Json(json.clone()),
                OutboxBody::Photo { photo_id } => match self.photo_bytes(conn, *photo_id)? {
                    Some(body) => body,
                    None => {
                        outbox::mark_failed(
                            conn,
                            item.id,
                            "the photo is no longer in the journal, so it cannot be sent",
                        )?;
                        continue;
                    }
                },
            };
            let request = Request {
                url: format!("{}{}", link.server, item.path),
                token: Some(&token),
                idempotency_key: Some(&item.idempotency_key),
                body,
            };
            match http::send(&self.http, request) {
                Outcome::Stored { server_id, .. } => {
                    outbox::mark_sent(conn, item.id, now, server_id.as_deref())?;
                }
                Outcome::Retry { reason, retry_after, stop_pass } => {
                    let wait = retry_after.unwrap_or_else(|| {
                        http::backoff(
                            item.attempts,
                            self.config.backoff_base,
                            self.config.backoff_cap,
                            random_u64(),
                        )
                    });
                    outbox::mark_retry(conn, item.id, now.saturating_add(millis(wait)), &reason)?;
                    if stop_pass {
                        break;
                    }
                }
                Outcome::Unauthorized => {
                    outbox::mark_relink_needed(conn)?;
                    outbox::mark_waiting(
                        conn,
                        item.id,
                        "the clinic no longer accepts this device: link again",
                    )?;
                    break;
                }
                Outcome::Refused { reason, .. } => {
                    outbox::mark_failed(
                        conn,
                        item.id,
                        &format!("the clinic refused it: {reason}"),
                    )?;
                }
            }
        }
        Ok(())
    }

    /// The stored JPEG (already oriented and stripped at import) and its SHA-256.
    fn photo_bytes(&self, conn: &Connection, photo_id: i64) -> Result<Option<Body>, StoreError> {
        let Some(sha) = outbox::photo_sha256(conn, photo_id)? else { return Ok(None) };
        let path = self.data_dir.join(crate::photo::stored_file(&sha));
        let Ok(bytes) = std::fs::read(&path) else { return Ok(None) };
        let sha256_hex: String =
            Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        Ok(Some(Body::Jpeg { bytes, sha256_hex }))
    }
}

/// Answers every operation with "not available": for shells built without a clinic client.
pub fn not_available(operation: &ClinicOperation) -> ClinicResult {
    let _ = operation;
    failed(ClinicErrorKind::NotLinked, "linking to a clinic is not available in this version")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_version_4_uuids_and_differ() {
        let a = new_idempotency_key();
        let b = new_idempotency_key();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
    }
}
