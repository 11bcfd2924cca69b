//! Afterglow clinic server: enrollment, the share API and the staff portal.
//!
//! `clinic serve` runs [`serve`]; the integration tests start the same server on port 0.
//! Layout: `store/` (trait + SQLite), `api/` (share API v1, JSON), `portal/` (staff HTML),
//! `invite`, `photos`, `passwords`, `secrets`, `ratelimit`, `client_addr`, `state`, `error`; `alerts/` (staff
//! alerts by email and webhook), `datadir` (0700/0600 at rest), `backup` (backup and restore).

pub mod admin;
pub mod alerts;
pub mod api;
pub mod backup;
pub mod client_addr;
pub mod datadir;
pub mod erasure;
pub mod error;
pub mod invite;
pub mod mfa;
pub mod password_gate;
pub mod passwords;
pub mod photos;
pub mod portal;
pub mod ratelimit;
pub mod retention;
pub mod secrets;
mod serve;
pub mod state;
pub mod store;
pub mod webapp;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, HOST, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use tokio::net::TcpListener;
use tower_http::timeout::TimeoutLayer;

use crate::password_gate::PasswordGate;
use crate::photos::{PhotoBlobs, PhotoStore};
use crate::state::{AppState, Limits};
use crate::store::Store;
use crate::store::StoreError;
use crate::store::postgres::PostgresStore;
use crate::store::sqlite::SqliteStore;
use crate::store::sqlite::cipher::DbKey;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened (or is from a newer version).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Socket or photo directory trouble.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// Plain HTTP asked for on an address other machines can reach (review M1).
    #[error(
        "refusing plain-HTTP cookies on {0}: set an https public URL (`clinic settings \
         --public-url https://…`) or --secure-cookies, or listen on a loopback address"
    )]
    PlainHttp(SocketAddr),
    /// The data folder is open to other accounts (review H4).
    #[error(transparent)]
    DataDir(#[from] datadir::DataDirError),
    /// The photo key was refused, or the photo files do not fit it (issue 19).
    #[error(transparent)]
    PhotosAtRest(#[from] photos::AtRestError),
    /// The database key file was refused (issue 19), or given with PostgreSQL.
    #[error(transparent)]
    DbKey(#[from] photos::key::KeyFileError),
    /// `--db-key-file` is for the SQLite file; PostgreSQL's storage is the database server's.
    #[error("--db-key-file encrypts the SQLite file; it does not apply with --database-url")]
    DbKeyWithPostgres,
    /// The patient web app asked for without an origin of its own, or the other way round
    /// (review M11: never on the portal's origin).
    #[error(
        "the patient web app is served on its own origin: give --web-dir and --app-addr together \
         (and an address other than --addr)"
    )]
    AppOrigin,
}

/// What `clinic serve` needs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The SQLite file; with `database_url`, the records are in PostgreSQL and this only
    /// places the data folder and photos (`<file>.photos/`; the file itself is not made).
    pub db: PathBuf,
    /// A PostgreSQL database (`postgres://…`) instead of the SQLite file.
    pub database_url: Option<String>,
    /// Address to listen on; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Limits and cookie flags.
    pub limits: Limits,
    /// The built patient web app, served under `/app/` on `app_addr` (never on `addr`).
    pub web_dir: Option<PathBuf>,
    /// The patient app's own listener, so the app has an origin of its own (review M11): it
    /// serves the app (`web_dir`) and the device API (`/api/*`, bearer tokens, no cookies) and
    /// nothing of the portal; `addr` serves the portal and the API and not the app. Given
    /// together with `web_dir`.
    pub app_addr: Option<SocketAddr>,
}

/// What running a clinic adds to a [`ServeConfig`] (flags of `clinic serve`): where staff
/// alerts go, and whether an open data folder is tolerated.
#[derive(Debug, Clone, Default)]
pub struct Operations {
    /// Email and webhook alerts (none: the portal's alert list only).
    pub alerts: alerts::AlertConfig,
    /// Start even when the data folder is readable by group or others.
    pub allow_open_permissions: bool,
    /// Erase patients whose record has been closed this many days (at start, then daily);
    /// `None`: keep records until erased by hand.
    pub retention_days: Option<u32>,
    /// The photo key's file (outside the data folder, 0600/0400): photos sealed at rest.
    /// `None`: photos in plaintext, with a warning at start.
    pub photo_key_file: Option<PathBuf>,
    /// The database key's file (outside the data folder, 0600/0400): the SQLite file encrypted
    /// with SQLCipher, a plaintext one encrypted at start. `None`: the file stays plain (a
    /// warning at start); an encrypted file is then refused.
    pub db_key_file: Option<PathBuf>,
}

/// A server bound to its socket, ready to run.
pub struct Bound {
    listener: TcpListener,
    app: Router,
    /// The patient web app's own listener and routes, when served.
    patient_app: Option<(TcpListener, Router)>,
    passwords: Arc<PasswordGate>,
    fhir_gate: Arc<tokio::sync::Semaphore>,
    limits: Limits,
    alerts: alerts::AlertConfig,
    alert_queue: Arc<alerts::AlertQueue>,
    public_url: String,
    retention: Option<Retention>,
}

/// What the daily retention purge works on.
struct Retention {
    days: u32,
    store: Arc<dyn Store>,
    photos: Arc<dyn PhotoBlobs>,
}

impl Bound {
    /// The address actually bound (tells the port when 0 was asked for).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The patient web app's own address, when it is served.
    pub fn app_addr(&self) -> Option<std::io::Result<SocketAddr>> {
        self.patient_app.as_ref().map(|(listener, _)| listener.local_addr())
    }

    /// The server's password verifier (its counters tell how many checks ran).
    pub fn password_gate(&self) -> Arc<PasswordGate> {
        Arc::clone(&self.passwords)
    }

    /// The FHIR downloads' permits (how many builds may run at once).
    pub fn fhir_gate(&self) -> Arc<tokio::sync::Semaphore> {
        Arc::clone(&self.fhir_gate)
    }

    /// Serves until `shutdown` completes.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        // Delivers alerts until shutdown begins (not until the drain ends, so a server started
        // next on the same file never races this one for a delivery).
        let worker = alerts::spawn(self.alerts, self.alert_queue, self.public_url);
        let purge = self.retention.map(|r| retention::spawn_daily(r.store, r.photos, r.days));
        // One shutdown for both listeners.
        let (stop, stopped) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            shutdown.await;
            drop(worker);
            if let Some(purge) = purge {
                purge.abort();
            }
            let _ = stop.send(true);
        });
        let until_stopped = move || {
            let mut stopped = stopped.clone();
            async move {
                let _ = stopped.wait_for(|s| *s).await;
            }
        };
        let (max, header) = (self.limits.max_connections, self.limits.header_timeout);
        let portal = serve::run(self.listener, self.app, max, header, until_stopped());
        match self.patient_app {
            None => portal.await,
            Some((listener, app)) => {
                let patient = serve::run(listener, app, max, header, until_stopped());
                let (portal, patient) = tokio::join!(portal, patient);
                portal.and(patient)
            }
        }
    }
}

/// Opens the database (refusing a newer one untouched), prepares the photo directory and binds.
/// For embedding and tests: no alerts, and a data folder open to other accounts is tolerated
/// (files are still created 0600); `clinic serve` uses [`bind_with`], which refuses it.
pub async fn bind(config: &ServeConfig) -> Result<Bound, StartError> {
    bind_with(config, Operations { allow_open_permissions: true, ..Operations::default() }).await
}

/// [`bind`] with alerts and the data folder policy: by default an open folder is refused.
pub async fn bind_with(config: &ServeConfig, ops: Operations) -> Result<Bound, StartError> {
    let (store, alert_queue, public_url) = open_store(config, &ops).await?;
    let photos = PhotoStore::beside(&config.db);
    photos.ensure_dir()?;
    // Photo files of a server older than per-patient folders move into them before the first
    // request (a no-op once done).
    let rows = {
        let store = Arc::clone(&store);
        tokio::task::spawn_blocking(move || store.photo_files())
            .await
            .map_err(|e| StartError::Io(std::io::Error::other(e)))??
    };
    photos.migrate_flat(&rows)?;
    // Sealing an older server's plaintext files reads and writes each once: off the runtime.
    let (key_file, data) = (ops.photo_key_file.clone(), datadir::folder_of(&config.db));
    let photos = tokio::task::spawn_blocking(move || {
        photos::open_at_start(photos, key_file.as_deref(), &data)
    })
    .await
    .map_err(|e| StartError::Io(std::io::Error::other(e)))??;
    if let Some(days) = ops.retention_days {
        // The first purge runs before the first request; later ones daily (`Bound::run`).
        let (store, photos) = (Arc::clone(&store), Arc::clone(&photos));
        let erased = tokio::task::spawn_blocking(move || {
            retention::purge(store.as_ref(), photos.as_ref(), days, chrono::Utc::now())
        })
        .await
        .map_err(|e| StartError::Io(std::io::Error::other(e)))?
        .map_err(|e| StartError::Io(std::io::Error::other(e.to_string())))?;
        tracing::info!(erased, retention_days = days, "retention purge at start");
    }
    let mut limits = config.limits.clone();
    // Review M1: an https public URL means browsers reach the server over TLS, so cookies are
    // `Secure` (and `__Host-`) without anyone remembering a flag; plain HTTP stays for loopback.
    if public_url.starts_with("https://") {
        limits.secure_cookies = true;
    }
    for addr in std::iter::once(config.addr).chain(config.app_addr) {
        if !limits.secure_cookies && !addr.ip().is_loopback() {
            return Err(StartError::PlainHttp(addr));
        }
    }
    if config.web_dir.is_some() != config.app_addr.is_some()
        || config.app_addr.is_some_and(|a| a == config.addr && a.port() != 0)
    {
        return Err(StartError::AppOrigin);
    }
    let retention = ops.retention_days.map(|days| Retention {
        days,
        store: Arc::clone(&store),
        photos: Arc::clone(&photos),
    });
    let state = AppState::new(store, photos, limits.clone());
    let listener = TcpListener::bind(config.addr).await?;
    let passwords = Arc::clone(state.passwords());
    let fhir_gate = Arc::clone(state.fhir_gate());
    // The whole-request deadline wraps the patient app's files too.
    let outer = |router: Router| {
        router.layer(axum::Extension(Arc::clone(&alert_queue))).layer(
            TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                config.limits.request_timeout,
            ),
        )
    };
    let patient_app = match (&config.web_dir, config.app_addr) {
        (Some(dir), Some(addr)) => {
            let listener = TcpListener::bind(addr).await?;
            Some((listener, outer(patient_app(state.clone(), dir.clone()))))
        }
        _ => None,
    };
    Ok(Bound {
        listener,
        app: outer(app(state)),
        patient_app,
        passwords,
        fhir_gate,
        limits,
        alerts: ops.alerts,
        alert_queue,
        public_url,
        retention,
    })
}

/// Opens the records (refusing a newer database untouched) and the alert queue beside them,
/// and reads the public URL, on the blocking pool: the PostgreSQL client blocks on its own
/// runtime, which must not happen on an async worker thread.
async fn open_store(
    config: &ServeConfig,
    ops: &Operations,
) -> Result<(Arc<dyn Store>, Arc<alerts::AlertQueue>, String), StartError> {
    let db = config.db.clone();
    let url = config.database_url.clone();
    let allow_open = ops.allow_open_permissions;
    let key_file = ops.db_key_file.clone();
    let opened = tokio::task::spawn_blocking(move || -> Result<_, StartError> {
        let (store, queue): (Arc<dyn Store>, alerts::AlertQueue) = match url {
            Some(_) if key_file.is_some() => return Err(StartError::DbKeyWithPostgres),
            Some(url) => {
                // The data folder holds only photos here, under the same folder policy.
                datadir::prepare_photos_only(&db, allow_open)?;
                let store = PostgresStore::open(&url)?;
                let queue = alerts::AlertQueue::Postgres(store.alert_queue());
                (Arc::new(store), queue)
            }
            None => {
                datadir::prepare(&db, allow_open)?;
                let key = match &key_file {
                    Some(file) => Some(DbKey::load(file, Some(&datadir::folder_of(&db)))?),
                    None => {
                        tracing::warn!(
                            "the database is stored unencrypted: give --db-key-file \
                             (clinic db-key new PATH) to encrypt it"
                        );
                        None
                    }
                };
                let store = SqliteStore::open_keyed(&db, key.as_ref())?;
                (Arc::new(store), alerts::AlertQueue::open(&db, key.as_ref())?)
            }
        };
        let public_url = store.public_url()?;
        Ok((store, Arc::new(queue), public_url))
    });
    opened.await.map_err(|e| StartError::Io(std::io::Error::other(e)))?
}

/// The whole application: API, portal, and the frame every response passes through.
pub fn app(state: AppState) -> Router {
    let portal = Router::new()
        .merge(portal::router())
        .merge(alerts::portal::router())
        .layer(middleware::from_fn_with_state(state.clone(), portal_host));
    Router::new()
        .merge(api::router())
        .merge(portal)
        .layer(middleware::from_fn_with_state(state.clone(), client_addr::resolve))
        .layer(middleware::from_fn_with_state(state.clone(), frame))
        .with_state(state)
}

/// Review M11 in development: cookies are scoped by host, not port, and `cargo xtask dev`
/// serves the patient app as `localhost`, so a plain-HTTP portal reached as `localhost` sends
/// the browser to `127.0.0.1` (same port and path) before any cookie is set or read: the
/// portal's cookies never belong to the app's host. Over HTTPS the hosts are the operator's
/// (`__Host-` cookies, no `Domain`); the share API is not redirected.
async fn portal_host(State(state): State<AppState>, request: Request, next: Next) -> Response {
    use axum::response::IntoResponse;
    if !state.limits().secure_cookies {
        let host = request.headers().get(HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
        let (name, port) = match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => (name, Some(port)),
            _ => (host, None),
        };
        if name.eq_ignore_ascii_case("localhost") {
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
            let target = format!("http://127.0.0.1{port}{path}");
            return axum::response::Redirect::temporary(&target).into_response();
        }
    }
    next.run(request).await
}

/// The patient web app's origin (review M11): the app's files under `/app/` and the device API
/// (bearer tokens, never cookies), with the same frame as the portal's responses; no portal
/// route, so a staff cookie has nothing to ride here, and the portal's origin has no app page.
pub fn patient_app(state: AppState, web_dir: PathBuf) -> Router {
    Router::new()
        .merge(api::router())
        .merge(webapp::router(web_dir))
        .route("/", axum::routing::get(|| async { axum::response::Redirect::to("/app/") }))
        .layer(middleware::from_fn_with_state(state.clone(), client_addr::resolve))
        .layer(middleware::from_fn_with_state(state.clone(), frame))
        .with_state(state)
}

/// Security headers on every response, and one log line per request that names only the
/// method, path, status and duration: never bodies, queries, cookies or tokens.
async fn frame(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path: String = request.uri().path().chars().take(200).collect();
    let started = Instant::now();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    // Review L8: no window of another origin keeps a handle on ours, no other origin embeds our
    // responses (photos included), and the portal and API use no powerful browser feature.
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    headers.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
    // (The patient app's pages set their own: its photo journal uses the camera.)
    if !headers.contains_key("permissions-policy") {
        headers.insert(
            "permissions-policy",
            HeaderValue::from_static(
                "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
            ),
        );
    }
    // Review M1: once the operator says the server is reached over HTTPS, browsers are told
    // to use nothing else.
    if state.limits().secure_cookies {
        headers.insert(
            "strict-transport-security",
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    // The web app's files carry their own policy (webapp::APP_CSP); everything else the strict one.
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        );
    }
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    tracing::info!(
        method = %method,
        path = ?path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}
