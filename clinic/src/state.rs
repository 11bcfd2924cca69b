//! Shared server state and the bridge from async handlers to the synchronous store.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::client_addr::{ClientAddr, ProxyConfig};
use crate::error::ApiError;
use crate::password_gate::PasswordGate;
use crate::photos::PhotoBlobs;
use crate::ratelimit::{RateLimit, RateLimiter};
use crate::store::{Store, StoreError};

/// Tunables of a running server (flags of `clinic serve`).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest JSON body in bytes.
    pub max_json_bytes: usize,
    /// Largest photo in bytes.
    pub max_photo_bytes: usize,
    /// Bytes of photos one device may have stored (review M2): past it, 413 and nothing stored.
    pub device_photo_quota: u64,
    /// Bytes of photos one patient may have stored, all devices together.
    pub patient_photo_quota: u64,
    /// JPEG bytes the portal's FHIR download embeds at most (the most recent photos first;
    /// `portal/fhir_photos.rs`): the Bundle is built whole in memory.
    pub fhir_photo_bytes: u64,
    /// Per-device limit on the share API.
    pub device_rate: RateLimit,
    /// Per-client-address limit on enrollment and login (an IPv6 /64 is one address).
    pub address_rate: RateLimit,
    /// Server-wide limit on enrollment and on login, each counted apart, on top of the
    /// per-address one: many addresses together get no more than this (review M4).
    pub global_rate: RateLimit,
    /// Proxies whose forwarding headers name the client (`--trusted-proxy`).
    pub proxies: ProxyConfig,
    /// Days a device token may go unused before it is refused (401) and shown as expired.
    pub device_idle_days: u32,
    /// Set the `Secure` flag on cookies (the server is reached over HTTPS).
    pub secure_cookies: bool,
    /// Staff passwords verified at once (argon2id, 19 MiB each).
    pub password_permits: usize,
    /// Connections open at once; more are closed on arrival (security review M2).
    pub max_connections: usize,
    /// Time a client has to send a request's headers.
    pub header_timeout: Duration,
    /// Time for a whole request, body included: a body sent a byte at a time is cut off (408).
    pub request_timeout: Duration,
    /// FHIR downloads built at once: each holds its Bundle in memory (about 90 MiB at the
    /// photo budget's peak), so more are refused with 503 rather than queued.
    pub fhir_downloads: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_json_bytes: 64 * 1024,
            max_photo_bytes: 15 * 1024 * 1024,
            // The app sends 2048 px JPEGs under 2 MiB: 1 GiB is 500 photos from one phone,
            // several a day for a whole course of treatment; 2 GiB for a patient's phones.
            device_photo_quota: 1024 * 1024 * 1024,
            patient_photo_quota: 2 * 1024 * 1024 * 1024,
            fhir_photo_bytes: crate::portal::FHIR_PHOTO_BYTES,
            device_rate: RateLimit { burst: 30, per_minute: 120 },
            address_rate: RateLimit { burst: 20, per_minute: 30 },
            // Generous: a clinic's whole staff logging in at 8 am and a waiting room of
            // patients enrolling stay far below it; a botnet guessing invites does not.
            global_rate: RateLimit { burst: 200, per_minute: 600 },
            proxies: ProxyConfig::default(),
            device_idle_days: share_api::DEFAULT_DEVICE_IDLE_DAYS,
            secure_cookies: false,
            password_permits: PasswordGate::machine_size(),
            max_connections: 1024,
            header_timeout: Duration::from_secs(10),
            // A 15 MiB photo at 4 Mbit/s takes about 30 s; the app sends 2048 px JPEGs (< 2 MiB).
            request_timeout: Duration::from_secs(60),
            // 4 × ~90 MiB at most; a clinic's staff rarely download more than one at a time.
            fhir_downloads: 4,
        }
    }
}

/// Everything handlers share.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    photos: Arc<dyn PhotoBlobs>,
    limits: Limits,
    device_limiter: RateLimiter,
    address_limiter: RateLimiter,
    global_limiter: RateLimiter,
    passwords: Arc<PasswordGate>,
    fhir_gate: Arc<Semaphore>,
}

/// Seconds a refused FHIR download is told to wait: about one Bundle's build.
const FHIR_RETRY_AFTER_SECS: u64 = 5;

impl AppState {
    /// Bundles a store, the photo store and limits.
    pub fn new(store: Arc<dyn Store>, photos: Arc<dyn PhotoBlobs>, limits: Limits) -> Self {
        let device_limiter = RateLimiter::new(limits.device_rate);
        let address_limiter = RateLimiter::new(limits.address_rate);
        let global_limiter = RateLimiter::new(limits.global_rate);
        let passwords = Arc::new(PasswordGate::new(limits.password_permits));
        let fhir_gate = Arc::new(Semaphore::new(limits.fhir_downloads));
        let inner = Inner {
            store,
            photos,
            limits,
            device_limiter,
            address_limiter,
            global_limiter,
            passwords,
            fhir_gate,
        };
        Self { inner: Arc::new(inner) }
    }

    /// Runs a storage call on the blocking pool.
    pub async fn db<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
    {
        let store = Arc::clone(&self.inner.store);
        tokio::task::spawn_blocking(move || f(store.as_ref()))
            .await
            .map_err(|e| ApiError::Internal(format!("storage task: {e}")))?
            .map_err(ApiError::from)
    }

    /// Where photo bytes live.
    pub fn photos(&self) -> &Arc<dyn PhotoBlobs> {
        &self.inner.photos
    }

    /// The only way to check a staff password (bounded concurrency).
    pub fn passwords(&self) -> &Arc<PasswordGate> {
        &self.inner.passwords
    }

    /// The FHIR downloads' permits (tests hold them to stand for builds in progress).
    pub fn fhir_gate(&self) -> &Arc<Semaphore> {
        &self.inner.fhir_gate
    }

    /// A permit to build one FHIR download, held until the handler returns; none free: 503
    /// with `Retry-After`, at once (a queue would hold the memory the bound is there to cap).
    pub fn fhir_permit(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        Arc::clone(&self.inner.fhir_gate)
            .try_acquire_owned()
            .map_err(|_| ApiError::Busy { retry_after: FHIR_RETRY_AFTER_SECS })
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// How long a device token may go unused.
    pub fn device_idle(&self) -> chrono::Duration {
        chrono::Duration::days(i64::from(self.inner.limits.device_idle_days))
    }

    /// Takes a request from a device's budget.
    pub fn limit_device(&self, device_id: &str) -> Result<(), ApiError> {
        self.inner
            .device_limiter
            .check(device_id)
            .map_err(|retry_after| ApiError::TooMany { retry_after })
    }

    /// Takes a `kind` of request (`"login"`, `"enroll"`) from the client's budget, then from
    /// the server-wide one. A client over its own limit is refused before touching the shared
    /// budget, so one noisy address cannot spend it for everyone.
    pub fn limit_address(&self, kind: &str, client: ClientAddr) -> Result<(), ApiError> {
        let too_many = |retry_after| ApiError::TooMany { retry_after };
        self.inner
            .address_limiter
            .check(&format!("{kind}:{}", client.bucket()))
            .map_err(too_many)?;
        self.inner.global_limiter.check(kind).map_err(too_many)
    }
}
