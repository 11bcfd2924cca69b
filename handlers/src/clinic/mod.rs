//! The clinic link and the outbox (share API v1, `clinic/API.md`) for the CLI and the phones:
//! the share client's steps (`afterglow_share_client`, shared with the browser) sent with
//! blocking reqwest ([`http`]), the token in a [`SecretStore`], the link and the outbox in
//! SQLite (migration 005), and photos read from the data dir.
//!
//! What an answer means — retry with backoff, relink, failed, and the reason a patient reads —
//! is the core's decision (`shared::sharing::delivery`).

pub mod http;
pub use crate::store::outbox;
pub mod secret;

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use afterglow_share_client::{Request, ShareClient, Transport};
use shared::effects::{ClinicOperation, ClinicResult};
use shared::sharing::delivery::Backoff;
use shared::sharing::delivery::Exchange;

pub use afterglow_share_client::{OutboxDb, SecretStore, TOKEN_KEY, not_available};
pub use http::Timeouts;
pub use secret::FileSecretStore;

/// How the client behaves; tests shorten the waits.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClinicConfig {
    pub timeouts: Timeouts,
    /// How long to wait between tries (the core computes each wait from it).
    pub backoff: Backoff,
}

/// Blocking reqwest, and the photos in the data dir.
struct Blocking {
    http: reqwest::blocking::Client,
    data_dir: PathBuf,
}

impl Transport for Blocking {
    fn send(&self, request: Request<'_>) -> impl Future<Output = Exchange> {
        std::future::ready(http::send(&self.http, request))
    }

    fn read_stored(&self, file: &str) -> impl Future<Output = Option<Vec<u8>>> {
        std::future::ready(std::fs::read(self.data_dir.join(file)).ok())
    }
}

/// The token's store, whichever the platform gave (it moves to the clinic's thread).
struct Secrets(Box<dyn SecretStore + Send + Sync>);

impl SecretStore for Secrets {
    fn get(&self, key: &str) -> Result<Option<String>, String> {
        self.0.get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        self.0.set(key, value)
    }
    fn delete(&self, key: &str) -> Result<(), String> {
        self.0.delete(key)
    }
}

/// Talks to the linked clinic. Holds no connection: the caller passes the database's.
pub struct ClinicClient(ShareClient<Blocking, Secrets>);

impl std::fmt::Debug for ClinicClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClinicClient")
            .field("data_dir", &self.0.transport.data_dir)
            .finish_non_exhaustive()
    }
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
    afterglow_share_client::uuid_v4(b)
}

impl ClinicClient {
    /// `data_dir` is where the photo library keeps `photos/`.
    pub fn new(
        data_dir: impl Into<PathBuf>,
        secrets: Box<dyn SecretStore + Send + Sync>,
        config: ClinicConfig,
    ) -> Result<Self, String> {
        let transport =
            Blocking { http: http::client(config.timeouts)?, data_dir: data_dir.into() };
        Ok(Self(ShareClient {
            transport,
            secrets: Secrets(secrets),
            backoff: config.backoff,
            new_key: new_idempotency_key,
        }))
    }

    /// Carries out one clinic operation against the patient's database. Every request blocks
    /// this thread until it is answered or times out.
    pub fn handle(&self, db: &mut impl OutboxDb, operation: ClinicOperation) -> ClinicResult {
        futures_executor::block_on(self.0.handle(db, operation))
    }
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
