//! The share API's client (`clinic/API.md`), once for every platform: enrolling, delivering the
//! outbox, ending the device's access and asking for the clinic's answers.
//!
//! What an answer means — retry with backoff, relink, failed, and the reason a patient reads —
//! is the core's decision (`shared::sharing`); this crate carries the steps out against what a
//! platform gives: the record's database ([`OutboxDb`]), the token's store ([`SecretStore`]),
//! one HTTP exchange ([`Transport`]) and fresh idempotency keys. The phones and the CLI send with
//! blocking reqwest (`afterglow_handlers::clinic`), the browser with `fetch` (`web/core`), so the
//! steps are `async`: a blocking transport's future is ready at once.
//!
//! Each item gets its idempotency key once, when it is queued, and keeps it on every retry, so a
//! crash between "the clinic stored it" and "we marked it sent" ends in a replay the clinic
//! answers without storing twice. Each row change is its own step on the database, which is free
//! while a request is out.

mod request;

use std::future::Future;

use afterglow_store::outbox;
use afterglow_store::photo_rows::stored_file;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use shared::effects::{
    ClinicError, ClinicErrorKind, ClinicOperation, ClinicReason, ClinicResult, EnrollDraft,
    OutboxBody, StoreError,
};
use shared::sharing::answers::{judge_answers, not_linked};
use shared::sharing::delivery::{
    Attempt, Backoff, Delivery, Exchange, Unlinking, judge_delivery, judge_enrolment, judge_unlink,
    storage_failure,
};

pub use request::{Body, Method, Request};

/// The name the token is stored under.
pub const TOKEN_KEY: &str = "clinic-token";

/// The patient's database as the client uses it: one short step at a time, never held while a
/// request is on the network.
pub trait OutboxDb {
    /// Runs `step` on the connection; an error when the database is gone.
    fn run<T: Send + 'static>(
        &mut self,
        step: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError>;
}

impl OutboxDb for afterglow_store::SqliteStore {
    fn run<T: Send + 'static>(
        &mut self,
        step: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        step(self.connection_mut())
    }
}

/// Where the token is kept: the platform's secret store on phones, an owner-only file for the
/// CLI, a file of its own in the browser's private storage. Never the record, never a log.
pub trait SecretStore {
    fn get(&self, key: &str) -> Result<Option<String>, String>;
    fn set(&self, key: &str, value: &str) -> Result<(), String>;
    fn delete(&self, key: &str) -> Result<(), String>;
}

/// The network, and the stored photo files an upload sends.
pub trait Transport {
    /// Sends one request and reports what came back: the answer, or why there was none. No
    /// judgement: that is the core's.
    fn send(&self, request: Request<'_>) -> impl Future<Output = Exchange>;
    /// A stored file's bytes by the name rows give it (`photos/<sha256>.jpg`, relative to the
    /// data dir); `None` when it is not there or cannot be read.
    fn read_stored(&self, file: &str) -> impl Future<Output = Option<Vec<u8>>>;
}

/// The client: a transport, the token's store, the backoff the core computes waits from, and
/// where idempotency keys come from (a random UUID each call).
pub struct ShareClient<T, S> {
    pub transport: T,
    pub secrets: S,
    pub backoff: Backoff,
    pub new_key: fn() -> String,
}

impl<T, S> std::fmt::Debug for ShareClient<T, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShareClient").field("backoff", &self.backoff).finish_non_exhaustive()
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

/// A version 4 UUID, as idempotency keys are written, from 16 random bytes (each platform has its
/// own source of randomness).
pub fn uuid_v4(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// Answers every operation with "not available": for shells built without a clinic client.
pub fn not_available(operation: &ClinicOperation) -> ClinicResult {
    let _ = operation;
    failed(ClinicErrorKind::NotLinked, ClinicReason::NotAvailable)
}

impl<T: Transport, S: SecretStore> ShareClient<T, S> {
    /// Carries out one clinic operation against the patient's database.
    pub async fn handle(&self, db: &mut impl OutboxDb, operation: ClinicOperation) -> ClinicResult {
        match operation {
            ClinicOperation::Enroll { enrollment } => self.enroll(db, &enrollment).await,
            ClinicOperation::Unlink => self.unlink(db),
            ClinicOperation::Revoke { path } => self.revoke(db, &path).await,
            ClinicOperation::FetchAnswers { path } => self.fetch_answers(db, &path).await,
            ClinicOperation::Enqueue { items } => {
                let new_key = self.new_key;
                let queued = db.run(move |conn| {
                    if outbox::load_link(conn)?.is_none() {
                        return Ok(false);
                    }
                    outbox::enqueue(conn, &items, afterglow_store::now_ms(), new_key).map(|_| true)
                });
                match queued {
                    Ok(true) => report(db),
                    Ok(false) => failed(ClinicErrorKind::NotLinked, ClinicReason::NotLinked),
                    Err(e) => storage(e),
                }
            }
            ClinicOperation::Deliver { now_utc_ms } => match self.deliver(db, now_utc_ms).await {
                Ok(()) => report(db),
                Err(e) => storage(e),
            },
        }
    }

    async fn enroll(&self, db: &mut impl OutboxDb, draft: &EnrollDraft) -> ClinicResult {
        let request = Request {
            method: Method::Post,
            url: format!("{}{}", draft.server, draft.path),
            token: None,
            idempotency_key: None,
            body: Body::Json(draft.body_json.clone()),
        };
        let exchange = self.transport.send(request).await;
        let answer = match judge_enrolment(
            &exchange,
            &draft.server,
            draft.auto_share,
            afterglow_store::now_ms(),
        ) {
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
    async fn revoke(&self, db: &mut impl OutboxDb, path: &str) -> ClinicResult {
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
        match judge_unlink(&self.transport.send(request).await) {
            Unlinking::Ended => self.unlink(db),
            Unlinking::NotEnded { error } => ClinicResult::Failed { error },
        }
    }

    /// Asks what the clinic did with the patient's check-ins; the core judges the answer.
    async fn fetch_answers(&self, db: &mut impl OutboxDb, path: &str) -> ClinicResult {
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
        judge_answers(&self.transport.send(request).await)
    }

    /// One pass over the due items. Stops early where going on cannot help (offline, 429, 401).
    async fn deliver(&self, db: &mut impl OutboxDb, now: i64) -> Result<(), StoreError> {
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
                OutboxBody::Photo { photo_id } => match self.photo(db, *photo_id).await? {
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
            let exchange = self.transport.send(request).await;
            let attempt =
                Attempt { idempotency_key: &item.idempotency_key, attempts: item.attempts };
            match judge_delivery(&exchange, attempt, self.backoff, now) {
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

    /// The stored JPEG of journal photo `photo_id` and its SHA-256; `None` when the row or
    /// the file is gone.
    async fn photo(
        &self,
        db: &mut impl OutboxDb,
        photo_id: i64,
    ) -> Result<Option<Body>, StoreError> {
        let Some(sha) = db.run(move |conn| outbox::photo_sha256(conn, photo_id))? else {
            return Ok(None);
        };
        let Some(bytes) = self.transport.read_stored(&stored_file(&sha)).await else {
            return Ok(None);
        };
        let sha256_hex = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        Ok(Some(Body::Jpeg { bytes, sha256_hex }))
    }
}

/// The link and every outbox item, oldest first.
fn report(db: &mut impl OutboxDb) -> ClinicResult {
    match db.run(|conn| Ok((outbox::load_link(conn)?, outbox::load_items(conn)?))) {
        Ok((link, items)) => ClinicResult::Outbox { link, items },
        Err(e) => storage(e),
    }
}
