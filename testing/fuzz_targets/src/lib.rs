//! The fuzz targets' bodies, shared by `cargo fuzz` (nightly, `testing/fuzz/fuzz_targets/`) and
//! by the stable regression test that replays the committed corpus
//! (`testing/system/tests/fuzz_corpus.rs`).
//! Each function must not panic on any input; a panic (or an invariant below failing) is a
//! finding.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// A scratch directory that lives as long as the process (fuzzing runs millions of inputs
/// against one opened core, store and server).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("afterglow-fuzz-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

// ---------------------------------------------------------------------------------------------
// FFI: bytes arriving at `CoreFfi::update` / `resolve`, as Swift and Kotlin send them.

struct Silent;

impl ffi_lib::CruxShell for Silent {
    fn process_effects(&self, _effects: Vec<u8>) {}
}

fn core() -> &'static ffi_lib::CoreFfi {
    static CORE: OnceLock<Arc<ffi_lib::CoreFfi>> = OnceLock::new();
    CORE.get_or_init(|| {
        let dir = scratch("ffi");
        ffi_lib::CoreFfi::new(dir.display().to_string(), Arc::new(Silent)).expect("open core")
    })
}

/// First byte: 0 → `update(rest)`, else `resolve(id from the next 4 bytes, rest)`. Any result
/// but `Internal` (a caught panic) is fine; so is any view afterwards.
pub fn ffi_bytes(data: &[u8]) {
    let core = core();
    let result = match data.split_first() {
        None => core.update(Vec::new()),
        Some((0, rest)) => core.update(rest.to_vec()),
        Some((_, rest)) => {
            let (id, output) = rest.split_at(rest.len().min(4));
            let mut id_bytes = [0_u8; 4];
            id_bytes[..id.len()].copy_from_slice(id);
            core.resolve(u32::from_le_bytes(id_bytes), output.to_vec())
        }
    };
    assert!(
        !matches!(result, Err(ffi_lib::CoreFailure::Internal { .. })),
        "a panic reached the FFI guard: {result:?}"
    );
    assert!(!matches!(core.view(), Err(ffi_lib::CoreFailure::Internal { .. })));
}

// ---------------------------------------------------------------------------------------------
// The care-protocol JSON parser (clinics send it at enrolment; `afterglow protocol use`).

pub fn protocol_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(protocol) = shared::protocol::parse(text) {
        // Whatever validates must be usable: phases and depths answer without panicking.
        for hours in [-1, 0, 1, 24, 24 * 400, i64::MAX] {
            let _ = protocol.phase_at(hours);
        }
        for depth in [0.0, 0.5, 3.0, f64::NAN] {
            let _ = protocol.redness_days(depth);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The photo pipeline: probe (header facts, camera date) and the full import processing.

pub fn photo_import(data: &[u8]) {
    use afterglow_handlers::photo::{Limits, process};
    // Small limits keep each run fast; the checks are the same code.
    let limits =
        Limits { max_bytes: 1 << 20, max_side: 1024, max_pixels: 1 << 20, ..Limits::default() };
    static LIBRARY: OnceLock<(PathBuf, afterglow_handlers::PhotoLibrary)> = OnceLock::new();
    let (dir, library) = LIBRARY.get_or_init(|| {
        let dir = scratch("photo");
        let store = afterglow_handlers::SqliteStore::open(&dir.join("afterglow.db")).expect("db");
        let library = afterglow_handlers::PhotoLibrary::open(&dir, &store).expect("photos");
        (dir, library.with_limits(limits))
    });
    let source = dir.join("source.bin");
    if std::fs::write(&source, data).is_ok() {
        let _ = library.probe(&source.display().to_string());
    }
    if let Ok(processed) = process(data, &limits) {
        assert!(processed.width > 0 && processed.height > 0);
        assert!(processed.stored.starts_with(&[0xFF, 0xD8]), "stored photo is not a JPEG");
    }
}

// ---------------------------------------------------------------------------------------------
// The clinic server: an arbitrary request through its full router (share API and portal).

struct Clinic {
    runtime: tokio::runtime::Runtime,
    app: axum::Router,
    token: String,
}

fn clinic() -> &'static Clinic {
    static CLINIC: OnceLock<Clinic> = OnceLock::new();
    CLINIC.get_or_init(|| {
        use clinic::store::sqlite::SqliteStore;
        let dir = scratch("clinic");
        let db = dir.join("clinic.db");
        let store = Arc::new(SqliteStore::open(&db).expect("clinic db"));
        let default_clinic = {
            use clinic::store::Store;
            store.default_clinic().expect("clinic")
        };
        let invite = clinic::invite::create_patient_invite(
            store.as_ref(),
            default_clinic,
            "Fuzz Patient",
            None,
            chrono::Utc::now(),
        )
        .expect("invite");
        let photos = clinic::photos::PhotoStore::beside(&db);
        photos.ensure_dir().expect("photo dir");
        let many = clinic::ratelimit::RateLimit { burst: u32::MAX / 2, per_minute: u32::MAX / 2 };
        let limits = clinic::state::Limits {
            device_rate: many,
            address_rate: many,
            global_rate: many,
            ..clinic::state::Limits::default()
        };
        let app =
            clinic::app(clinic::state::AppState::new(store, std::sync::Arc::new(photos), limits));
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let body = serde_json::json!({ "invite_code": invite.code }).to_string();
        let response =
            runtime.block_on(send(&app, "POST", "/api/v1/enroll", &[json()], body.into()));
        let bytes = runtime
            .block_on(axum::body::to_bytes(response.into_body(), 1 << 20))
            .expect("enrol body");
        let enrolled: serde_json::Value = serde_json::from_slice(&bytes).expect("enrol json");
        let token = enrolled["token"].as_str().expect("token").to_owned();
        Clinic { runtime, app, token }
    })
}

fn json() -> (&'static str, String) {
    ("content-type", "application/json".into())
}

async fn send(
    app: &axum::Router,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> axum::response::Response {
    use tower::ServiceExt;
    let mut request = axum::http::Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, value.as_str());
    }
    let Ok(mut request) = request.body(axum::body::Body::from(body)) else {
        // Header bytes the HTTP layer itself refuses never reach the server.
        return axum::response::Response::new(axum::body::Body::empty());
    };
    let peer: SocketAddr = ([127, 0, 0, 1], 40_000).into();
    request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
    app.clone().oneshot(request).await.expect("infallible router")
}

const ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/v1/enroll"),
    ("POST", "/api/v1/checkins"),
    ("POST", "/api/v1/sessions"),
    ("POST", "/api/v1/photos?taken_at=2026-11-20T10:00:00Z&zone=Europe%2FLondon"),
    ("GET", "/api/v1/checkins/00000000-0000-4000-8000-000000000000"),
    ("POST", "/login"),
];

/// Byte 0 picks the route; byte 1's bits pick the headers (token, content type, key); bytes
/// 2..10 are the idempotency key; the rest is the body. A 5xx answer is a finding: bad input
/// must get a 4xx.
pub fn clinic_request(data: &[u8]) {
    let clinic = clinic();
    let (route, flags) = (data.first().copied().unwrap_or(0), data.get(1).copied().unwrap_or(0));
    let key = data.get(2..10).map(|k| String::from_utf8_lossy(k).into_owned()).unwrap_or_default();
    let body = data.get(10..).unwrap_or_default().to_vec();
    let (method, path) = ROUTES[usize::from(route) % ROUTES.len()];
    let mut headers = Vec::new();
    if flags & 1 != 0 {
        headers.push(("authorization", format!("Bearer {}", clinic.token)));
    }
    match flags >> 1 & 3 {
        0 => headers.push(json()),
        1 => headers.push(("content-type", "image/jpeg".into())),
        2 => headers.push(("content-type", "application/x-www-form-urlencoded".into())),
        _ => {}
    }
    if flags & 8 != 0 {
        headers.push(("idempotency-key", format!("fuzz-{key}")));
    }
    let response = clinic.runtime.block_on(send(&clinic.app, method, path, &headers, body));
    assert!(
        !response.status().is_server_error(),
        "{method} {path} answered {} to bad input",
        response.status()
    );
}
