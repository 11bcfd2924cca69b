//! The patient web app (`web/`, built by `cargo xtask dev`), served read-only under `/app/` when
//! `clinic serve --web-dir <dir> --app-addr <addr>` is given, on that listener only: an origin
//! of its own, never the portal's (review M11; `lib.rs` `patient_app`). That origin also serves
//! the device API (`/api/*`, bearer tokens), so the app calls it as `'self'` without CORS. Its
//! pages get their own CSP: the portal's `default-src 'none'` would block the app's scripts,
//! and WebAssembly needs `'wasm-unsafe-eval'` (never `'unsafe-eval'`).
//!
//! Files are sent precompressed: `cargo xtask web-build` writes `<file>.br` and `<file>.gz`
//! beside each asset, and [`negotiate`] picks one by the request's `Accept-Encoding`.

use std::path::{Component, Path, PathBuf};

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE, VARY,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

/// Where the app may load from and talk to: only this origin. `blob:` images are the photo
/// journal's object URLs; `mediastream:` the camera preview; the service worker and the web app
/// manifest come from this origin too.
pub const APP_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; media-src 'self' blob: mediastream:; \
     connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// The browser features the app's pages may use: the camera (the journal's ghost overlay), on
/// this origin only; none of the others the portal also refuses.
pub const APP_PERMISSIONS: &str =
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=()";

/// Routes `/app` and `/app/{*path}` to files under `dir` (`index.html` for anything that is
/// not a file, so reloads of in-app paths work).
pub fn router<S: Clone + Send + Sync + 'static>(dir: PathBuf) -> Router<S> {
    Router::new()
        .route("/app", get(|| async { Redirect::permanent("/app/") }))
        .route("/app/", get(index))
        .route("/app/{*path}", get(file))
        .with_state(dir)
}

async fn index(State(dir): State<PathBuf>, headers: HeaderMap) -> Response {
    serve(&dir, "index.html", &headers).await
}

async fn file(
    State(dir): State<PathBuf>,
    UrlPath(path): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    serve(&dir, &path, &headers).await
}

/// A content coding the server has files for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    fn token(self) -> &'static str {
        match self {
            Self::Brotli => "br",
            Self::Gzip => "gzip",
            Self::Identity => "identity",
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Self::Brotli => ".br",
            Self::Gzip => ".gz",
            Self::Identity => "",
        }
    }
}

/// The codings to try, best first, for an `Accept-Encoding` value (RFC 9110 §12.5.3): the
/// highest q-value wins, ties go br > gzip > identity, `q=0` refuses a coding, `*` stands for
/// any coding not named. Identity ends the list unless refused; a request that refuses
/// everything still gets identity (the app must load), so the list is never empty.
pub fn negotiate(accept: Option<&str>) -> Vec<Encoding> {
    let Some(accept) = accept else { return vec![Encoding::Identity] };
    let mut named: Vec<(String, f32)> = Vec::new();
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        if coding.is_empty() {
            continue;
        }
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|v| v.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        named.push((coding, q.clamp(0.0, 1.0)));
    }
    let q_of = |token: &str| {
        named
            .iter()
            .find(|(c, _)| c == token || (token == "gzip" && c == "x-gzip"))
            .map(|(_, q)| *q)
    };
    let star = q_of("*");
    let mut ranked: Vec<(Encoding, f32)> = [Encoding::Brotli, Encoding::Gzip, Encoding::Identity]
        .into_iter()
        .filter_map(|e| {
            let q = match (q_of(e.token()), e) {
                (Some(q), _) => q,
                // Identity, when not named, is acceptable (unless `*;q=0`) but the last choice.
                (None, Encoding::Identity) => {
                    if star == Some(0.0) {
                        0.0
                    } else {
                        0.001
                    }
                }
                (None, _) => star.unwrap_or(0.0),
            };
            (q > 0.0).then_some((e, q))
        })
        .collect();
    // Stable sort: equal q-values keep the br > gzip > identity order.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut out: Vec<Encoding> = ranked.into_iter().map(|(e, _)| e).collect();
    if !out.contains(&Encoding::Identity) {
        out.push(Encoding::Identity);
    }
    out
}

/// The first encoding in `order` that has a file beside `file`, with its bytes.
async fn pick(file: &Path, order: &[Encoding]) -> std::io::Result<(Encoding, Vec<u8>)> {
    for &encoding in order {
        if encoding == Encoding::Identity {
            return read(file.to_path_buf()).await.map(|bytes| (encoding, bytes));
        }
        let mut name = file.as_os_str().to_owned();
        name.push(encoding.suffix());
        if let Ok(bytes) = read(PathBuf::from(name)).await {
            return Ok((encoding, bytes));
        }
    }
    read(file.to_path_buf()).await.map(|bytes| (Encoding::Identity, bytes))
}

async fn serve(dir: &Path, path: &str, request: &HeaderMap) -> Response {
    let order = negotiate(request.get(ACCEPT_ENCODING).and_then(|v| v.to_str().ok()));
    let Some(relative) = safe_relative(path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let candidate = dir.join(&relative);
    let (file, (encoding, bytes)) = match pick(&candidate, &order).await {
        Ok(found) => (candidate, found),
        Err(_) if relative.extension().is_none() => {
            let index = dir.join("index.html");
            match pick(&index, &order).await {
                Ok(found) => (index, found),
                Err(_) => return StatusCode::NOT_FOUND.into_response(),
            }
        }
        Err(_) => return StatusCode::NOT_FOUND.into_response(),
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type(&file)));
    if encoding != Encoding::Identity {
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding.token()));
    }
    // Caches must keep one copy per encoding (every app file may have variants).
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    // Vite names built assets by content hash; everything else (index.html, the service worker,
    // the manifest) is revalidated, so a new deployment is seen on the next visit.
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(APP_CSP));
    headers.insert("permissions-policy", HeaderValue::from_static(APP_PERMISSIONS));
    response
}

/// Reads a file on the blocking pool (the files are small: the built app).
async fn read(path: PathBuf) -> std::io::Result<Vec<u8>> {
    tokio::task::spawn_blocking(move || std::fs::read(path))
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e)))
}

/// The path as plain components under the web dir; `None` for `..`, absolute paths and the like.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.as_os_str().is_empty() { Some(PathBuf::from("index.html")) } else { Some(out) }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_web_dir_are_refused() {
        assert_eq!(safe_relative("../secret"), None);
        assert_eq!(safe_relative("/etc/passwd"), None);
        assert_eq!(safe_relative("assets/../../x"), None);
        assert_eq!(safe_relative("assets/app.js"), Some(PathBuf::from("assets/app.js")));
        assert_eq!(safe_relative(""), Some(PathBuf::from("index.html")));
    }

    #[test]
    fn accept_encoding_is_negotiated_by_q_value() {
        use Encoding::{Brotli, Gzip, Identity};
        assert_eq!(negotiate(None), vec![Identity]);
        assert_eq!(negotiate(Some("gzip, deflate, br, zstd")), vec![Brotli, Gzip, Identity]);
        assert_eq!(negotiate(Some("gzip")), vec![Gzip, Identity]);
        assert_eq!(negotiate(Some("br;q=0.5, gzip;q=0.8")), vec![Gzip, Brotli, Identity]);
        assert_eq!(negotiate(Some("br;q=0, gzip")), vec![Gzip, Identity]);
        assert_eq!(negotiate(Some("*")), vec![Brotli, Gzip, Identity]);
        assert_eq!(negotiate(Some("identity")), vec![Identity]);
        assert_eq!(negotiate(Some("br;q=0.2, identity;q=0.5")), vec![Identity, Brotli]);
        // Refusing everything still loads the app.
        assert_eq!(negotiate(Some("*;q=0")), vec![Identity]);
    }

    #[test]
    fn wasm_is_served_as_wasm() {
        assert_eq!(content_type(Path::new("a/core_bg.wasm")), "application/wasm");
    }
}
