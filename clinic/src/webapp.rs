//! The patient web app (`web/`, built by `cargo xtask dev`), served read-only under `/app/` when
//! `clinic serve --web-dir <dir>` is given: same origin as the share API, so the app calls it
//! without CORS. Its pages get their own CSP: the portal's `default-src 'none'` would block the
//! app's scripts, and WebAssembly needs `'wasm-unsafe-eval'` (never `'unsafe-eval'`).

use std::path::{Component, Path, PathBuf};

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

/// Where the app may load from and talk to: only this origin. `blob:` images are the photo
/// journal's object URLs; `mediastream:` the camera preview.
pub const APP_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; media-src 'self' blob: mediastream:; \
     connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Routes `/app` and `/app/{*path}` to files under `dir` (`index.html` for anything that is
/// not a file, so reloads of in-app paths work).
pub fn router<S: Clone + Send + Sync + 'static>(dir: PathBuf) -> Router<S> {
    Router::new()
        .route("/app", get(|| async { Redirect::permanent("/app/") }))
        .route("/app/", get(index))
        .route("/app/{*path}", get(file))
        .with_state(dir)
}

async fn index(State(dir): State<PathBuf>) -> Response {
    serve(&dir, "index.html").await
}

async fn file(State(dir): State<PathBuf>, UrlPath(path): UrlPath<String>) -> Response {
    serve(&dir, &path).await
}

async fn serve(dir: &Path, path: &str) -> Response {
    let Some(relative) = safe_relative(path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let candidate = dir.join(&relative);
    let (file, bytes) = match read(candidate.clone()).await {
        Ok(bytes) => (candidate, bytes),
        Err(_) if relative.extension().is_none() => {
            let index = dir.join("index.html");
            match read(index.clone()).await {
                Ok(bytes) => (index, bytes),
                Err(_) => return StatusCode::NOT_FOUND.into_response(),
            }
        }
        Err(_) => return StatusCode::NOT_FOUND.into_response(),
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type(&file)));
    // Vite names built assets by content hash; everything else (index.html) is revalidated.
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(APP_CSP));
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
        "json" | "webmanifest" => "application/json",
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
    fn wasm_is_served_as_wasm() {
        assert_eq!(content_type(Path::new("a/core_bg.wasm")), "application/wasm");
    }
}
