//! The clinic link and the outbox (share API v1, `clinic/API.md`) on the shell side.
//!
//! The core builds every request; this handler keeps the token in a [`SecretStore`], the link
//! and the outbox in SQLite (migration 005), and sends. Each item gets its idempotency key once,
//! when it is queued, and keeps it on every retry, so a crash between "the clinic stored it" and
//! "we marked it sent" ends in a replay the clinic answers without storing twice.
//!
//! What an answer means — retry with backoff, relink, failed, and the reason a patient reads —
//! is the core's decision (`shared::sharing::delivery`); this file stores what it decided.

pub mod http;
pub use crate::store::outbox;
pub mod secret;

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::Connection;

use crate::SqliteStore;
use sha2::{Digest, Sha256};
use shared::effects::{
    ClinicError, ClinicErrorKind, ClinicOperation, ClinicReason, ClinicResult, EnrollDraft,
    OutboxBody, StoreError,
};
use shared::sharing::answers::{judge_answers, not_linked};
use shared::sharing::delivery::{
    Attempt, Backoff, Delivery, Unlinking, judge_delivery, judge_enrolment, judge_unlink,
    storage_failure,
};

pub use http::Timeouts;
pub use secret::{FileSecretStore, SecretStore, TOKEN_KEY};

use http::{Body, Method, Request};

/// How the client behaves; tests shorten the waits.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClinicConfig {
    pub timeouts: Timeouts,
    /// How long to wait between tries (the core computes each wait from it).
    pub backoff: Backoff,
}

/// The patient's database as the clinic handler uses it: one short step at a time, never held
/// while a request is on the network. The CLI runs each step on its one connection; the mobile
/// library on its one writer thread, between storage and photo jobs (`middleware.rs`).
pub trait OutboxDb {
    /// Runs `step` on the connection; an error when the database is gone.
    fn run<T: Send + 'static>(
        &mut self,
        step: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError>;
}

impl OutboxDb for SqliteStore {
    fn run<T: Send + 'static>(
        &mut self,
        step: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        step(self.connection_mut())
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

fn failed(kind: ClinicErrorKind, reason: ClinicReason) -> ClinicResult {
    ClinicResult::Failed { error: ClinicError::new(kind, reason) }
}

fn storage(e: StoreError) -> ClinicResult {
    ClinicResult::Failed { error: storage_failure(&e.message) }
}

/// The secret store could not do its part; `detail` is the platform's error, never the token.
fn secret_store(detail: String) -> ClinicResult {
    failed(ClinicErrorKind::Storage, ClinicReason::SecretStore { detail })
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
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
    pub fn handle(&self, db: &mut impl OutboxDb, operation: ClinicOperation) -> ClinicResult {
        match operation {
            ClinicOperation::Enroll { enrollment } => self.enroll(db, &enrollment),
            ClinicOperation::Unlink => self.unlink(db),
            ClinicOperation::Revoke { path } => self.revoke(db, &path),
            ClinicOperation::FetchAnswers { path } => self.fetch_answers(db, &path),
            ClinicOperation::Enqueue { items } => {
                let queued = db.run(move |conn| {
                    if outbox::load_link(conn)?.is_none() {
                        return Ok(false);
                    }
                    outbox::enqueue(conn, &items, now_ms(), new_idempotency_key).map(|_| true)
                });
                match queued {
                    Ok(true) => self.report(db),
                    Ok(false) => failed(ClinicErrorKind::NotLinked, ClinicReason::NotLinked),
                    Err(e) => storage(e),
                }
            }
            ClinicOperation::Deliver { now_utc_ms } => match self.deliver(db, now_utc_ms) {
                Ok(()) => self.report(db),
                Err(e) => storage(e),
            },
        }
    }

    fn report(&self, db: &mut impl OutboxDb) -> ClinicResult {
        match db.run(|conn| Ok((outbox::load_link(conn)?, outbox::load_items(conn)?))) {
            Ok((link, items)) => ClinicResult::Outbox { link, items },
            Err(e) => storage(e),
        }
    }

    fn enroll(&self, db: &mut impl OutboxDb, draft: &EnrollDraft) -> ClinicResult {
        let request = Request {
            method: Method::Post,
            url: format!("{}{}", draft.server, draft.path),
            token: None,
            idempotency_key: None,
            body: Body::Json(draft.body_json.clone()),
        };
        let exchange = http::send(&self.http, request);
        let answer = match judge_enrolment(&exchange, &draft.server, draft.auto_share, now_ms()) {
            Ok(answer) => answer,
            Err(error) => return ClinicResult::Failed { error },
        };
        let link = answer.link;
        if let Err(e) = self.secrets.set(TOKEN_KEY, &answer.token) {
            return secret_store(e);
        }
        let saved = link.clone();
        if let Err(e) = db.run(move |conn| outbox::save_link(conn, &saved)) {
            let _ = self.secrets.delete(TOKEN_KEY);
            return storage(e);
        }
        ClinicResult::Linked { link, care_protocol_json: answer.care_protocol_json }
    }

    fn unlink(&self, db: &mut impl OutboxDb) -> ClinicResult {
        if let Err(e) = self.secrets.delete(TOKEN_KEY) {
            return secret_store(e);
        }
        match db.run(|conn| outbox::delete_link(conn)) {
            Ok(()) => ClinicResult::Unlinked,
            Err(e) => storage(e),
        }
    }

    /// Asks the clinic to end this device's access; forgets token and link once the core's
    /// judge says it ended, keeps both otherwise.
    fn revoke(&self, db: &mut impl OutboxDb, path: &str) -> ClinicResult {
        let link = match db.run(|conn| outbox::load_link(conn)) {
            Ok(Some(link)) => link,
            Ok(None) => return self.unlink(db),
            Err(e) => return storage(e),
        };
        let token = match self.secrets.get(TOKEN_KEY) {
            Ok(Some(token)) => token,
            // No token on this device: there is no access left to end.
            Ok(None) => return self.unlink(db),
            Err(e) => return secret_store(e),
        };
        let request = Request {
            method: Method::Delete,
            url: format!("{}{path}", link.server),
            token: Some(&token),
            idempotency_key: None,
            body: Body::Empty,
        };
        let exchange = http::send(&self.http, request);
        match judge_unlink(&exchange) {
            Unlinking::Ended => self.unlink(db),
            Unlinking::NotEnded { error } => ClinicResult::Failed { error },
        }
    }

    /// Asks what the clinic did with the patient's check-ins; the core judges the answer.
    fn fetch_answers(&self, db: &mut impl OutboxDb, path: &str) -> ClinicResult {
        let link = match db.run(|conn| outbox::load_link(conn)) {
            Ok(Some(link)) => link,
            Ok(None) => return not_linked(),
            Err(e) => return storage(e),
        };
        let token = match self.secrets.get(TOKEN_KEY) {
            Ok(Some(token)) => token,
            Ok(None) => return not_linked(),
            Err(e) => return secret_store(e),
        };
        let request = Request {
            method: Method::Get,
            url: format!("{}{path}", link.server),
            token: Some(&token),
            idempotency_key: None,
            body: Body::Empty,
        };
        judge_answers(&http::send(&self.http, request))
    }

    /// One pass over the due items. Stops early where going on cannot help (offline, 429, 401).
    /// Each row change is its own step: the database is free while a request is out.
    fn deliver(&self, db: &mut impl OutboxDb, now: i64) -> Result<(), StoreError> {
        let Some(link) = db.run(|conn| outbox::load_link(conn))? else { return Ok(()) };
        if link.relink_needed {
            return Ok(());
        }
        let token = match self.secrets.get(TOKEN_KEY) {
            Ok(Some(token)) => token,
            // The token is gone (or unreadable): only linking again can bring it back.
            Ok(None) | Err(_) => return db.run(|conn| outbox::mark_relink_needed(conn)),
        };
        for item in db.run(move |conn| outbox::due(conn, now))? {
            let id = item.id;
            let body = match &item.body {
                OutboxBody::Json { json } => Body::Json(json.clone()),
                OutboxBody::Photo { photo_id } => match self.photo_bytes(db, *photo_id)? {
                    Some(body) => body,
                    None => {
                        let gone = ClinicReason::PhotoGone;
                        db.run(move |conn| outbox::mark_failed(conn, id, &gone))?;
                        continue;
                    }
                },
            };
            let request = Request {
                method: Method::Post,
                url: format!("{}{}", link.server, item.path),
                token: Some(&token),
                idempotency_key: Some(&item.idempotency_key),
                body,
            };
            let attempt =
                Attempt { idempotency_key: &item.idempotency_key, attempts: item.attempts };
            let exchange = http::send(&self.http, request);
            match judge_delivery(&exchange, attempt, self.config.backoff, now) {
                Delivery::Sent { server_id } => {
                    db.run(move |conn| outbox::mark_sent(conn, id, now, server_id.as_deref()))?;
                }
                Delivery::Retry { next_attempt_utc_ms, reason, stop_pass } => {
                    db.run(move |conn| outbox::mark_retry(conn, id, next_attempt_utc_ms, &reason))?;
                    if stop_pass {
                        break;
                    }
                }
                Delivery::RelinkNeeded { reason } => {
                    db.run(move |conn| {
                        outbox::mark_relink_needed(conn)?;
                        outbox::mark_waiting(conn, id, &reason)
                    })?;
                    break;
                }
                Delivery::Failed { reason } => {
                    db.run(move |conn| outbox::mark_failed(conn, id, &reason))?;
                }
            }
        }
        Ok(())
    }

    /// The stored JPEG (already oriented and stripped at import) and its SHA-256.
    fn photo_bytes(
        &self,
        db: &mut impl OutboxDb,
        photo_id: i64,
    ) -> Result<Option<Body>, StoreError> {
        let Some(sha) = db.run(move |conn| outbox::photo_sha256(conn, photo_id))? else {
            return Ok(None);
        };
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
    failed(ClinicErrorKind::NotLinked, ClinicReason::NotAvailable)
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
