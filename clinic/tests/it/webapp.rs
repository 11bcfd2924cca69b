//! The patient web app's files over HTTP: precompressed variants chosen by `Accept-Encoding`,
//! every answer decoding to the same bytes, and the caching each kind of file needs.

use std::io::{Read, Write};

use clinic::ServeConfig;
use clinic::state::Limits;
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use tempfile::TempDir;
use tokio::sync::oneshot;

const SCRIPT: &str = "assets/index-Bq3xk9a1.js";

/// A built app as `cargo xtask web-build` leaves it: files with `.br` and `.gz` beside them.
fn web_dir() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("assets")).unwrap();
    let script = "export const words = 'Afterglow aftercare companion';\n".repeat(200);
    let files = [
        ("index.html", "<!doctype html><title>Afterglow</title>".repeat(20)),
        (SCRIPT, script),
        ("sw.js", "self.addEventListener('fetch', () => {});\n".repeat(20)),
        ("manifest.webmanifest", r#"{"name":"Afterglow","start_url":"/app/"}"#.to_owned()),
    ];
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap();
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams { quality: 11, ..Default::default() };
        brotli::BrotliCompress(&mut text.as_bytes(), &mut br, &params).unwrap();
        std::fs::write(format!("{}.br", path.display()), br).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(text.as_bytes()).unwrap();
        std::fs::write(format!("{}.gz", path.display()), gz.finish().unwrap()).unwrap();
    }
    dir
}

struct App {
    url: String,
    web: TempDir,
    _db: TempDir,
    _shutdown: oneshot::Sender<()>,
}

async fn start() -> App {
    let web = web_dir();
    let db = tempfile::tempdir().unwrap();
    let config = ServeConfig {
        db: db.path().join("clinic.db"),
        // Serving the web app does not touch the database: SQLite on either suite run.
        database_url: None,
        addr: "127.0.0.1:0".parse().unwrap(),
        limits: Limits::default(),
        web_dir: Some(web.path().to_path_buf()),
    };
    let bound = clinic::bind(&config).await.unwrap();
    let addr = bound.local_addr().unwrap();
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(bound.run(async {
        let _ = rx.await;
    }));
    App { url: format!("http://{addr}/app/"), web, _db: db, _shutdown: tx }
}

/// The raw answer (this client decodes nothing itself): encoding, Vary, Cache-Control, body.
async fn get(url: &str, accept: Option<&str>) -> (Option<String>, Option<String>, String, Vec<u8>) {
    let mut request = reqwest::Client::new().get(url);
    if let Some(accept) = accept {
        request = request.header(ACCEPT_ENCODING, accept);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    let header = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &reqwest::header::HeaderValue| v.to_str().unwrap().to_owned())
    };
    let encoding = header(CONTENT_ENCODING);
    let vary = header(VARY);
    let cache = header(CACHE_CONTROL).unwrap();
    (encoding, vary, cache, response.bytes().await.unwrap().to_vec())
}

fn decode(encoding: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        Some("br") => brotli::BrotliDecompress(&mut &body[..], &mut out).unwrap(),
        Some("gzip") => {
            flate2::read::GzDecoder::new(body).read_to_end(&mut out).unwrap();
        }
        None => out = body.to_vec(),
        Some(other) => panic!("unexpected Content-Encoding {other}"),
    }
    out
}

#[tokio::test]
async fn brotli_gzip_and_identity_decode_to_the_same_bytes() {
    let app = start().await;
    let original = std::fs::read(app.web.path().join(SCRIPT)).unwrap();
    let url = format!("{}{SCRIPT}", app.url);
    let cases = [
        (Some("gzip, deflate, br, zstd"), Some("br")),
        (Some("gzip"), Some("gzip")),
        (Some("br;q=0.4, gzip;q=0.9"), Some("gzip")),
        (Some("br;q=0, gzip;q=0"), None),
        (Some("identity"), None),
        (None, None),
    ];
    for (accept, expected) in cases {
        let (encoding, vary, cache, body) = get(&url, accept).await;
        assert_eq!(encoding.as_deref(), expected, "Accept-Encoding {accept:?}");
        assert_eq!(vary.as_deref(), Some("accept-encoding"), "Vary for {accept:?}");
        assert_eq!(cache, "public, max-age=31536000, immutable");
        assert_eq!(decode(encoding.as_deref(), &body), original, "{accept:?}");
        if expected.is_some() {
            assert!(
                body.len() < original.len() / 4,
                "{accept:?}: {} of {}",
                body.len(),
                original.len()
            );
        }
    }
}

#[tokio::test]
async fn the_page_the_worker_and_the_manifest_are_revalidated() {
    let app = start().await;
    for path in ["", "sw.js", "manifest.webmanifest", "today"] {
        let (encoding, vary, cache, body) = get(&format!("{}{path}", app.url), Some("br")).await;
        assert_eq!(cache, "no-cache", "{path}");
        assert_eq!(vary.as_deref(), Some("accept-encoding"));
        assert_eq!(encoding.as_deref(), Some("br"));
        assert!(!decode(Some("br"), &body).is_empty());
    }
    let response = reqwest::get(format!("{}manifest.webmanifest", app.url)).await.unwrap();
    assert_eq!(response.headers()[CONTENT_TYPE], "application/manifest+json");
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("worker-src 'self'") && csp.contains("manifest-src 'self'"), "{csp}");
}
