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
    /// The portal's origin (the server's `addr`).
    portal: String,
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
        app_addr: Some("127.0.0.1:0".parse().unwrap()),
    };
    let bound = clinic::bind(&config).await.unwrap();
    let portal = format!("http://{}", bound.local_addr().unwrap());
    let addr = bound.app_addr().unwrap().unwrap();
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(bound.run(async {
        let _ = rx.await;
    }));
    App { url: format!("http://{addr}/app/"), portal, web, _db: db, _shutdown: tx }
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

/// Review M11: the app and the portal never share an origin. The app's listener serves the app
/// and the device API and no portal page; the portal's listener serves no app page.
#[tokio::test]
async fn the_app_and_the_portal_have_an_origin_each() {
    let app = start().await;
    let origin = app.url.trim_end_matches("/app/");
    let client =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let status = |url: String| {
        let client = client.clone();
        async move { client.get(&url).send().await.unwrap().status().as_u16() }
    };
    // The app on its own origin, with the app's headers.
    let page = client.get(&app.url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert_eq!(page.headers()["permissions-policy"], clinic::webapp::APP_PERMISSIONS);
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    assert_eq!(page.headers()["cross-origin-opener-policy"], "same-origin");
    assert_eq!(status(format!("{origin}/")).await, 303, "the app origin's root leads to the app");
    // No portal page on the app's origin.
    for path in ["/login", "/patients", "/mfa", "/staff", "/audit", "/alerts", "/logout"] {
        assert_eq!(status(format!("{origin}{path}")).await, 404, "{path} on the app origin");
    }
    // The device API is there: without a bearer token it answers 401, not 404.
    assert_eq!(
        status(format!("{origin}/api/v1/checkins/1")).await,
        401,
        "no device API on the app origin"
    );
    // No app page on the portal's origin; the portal is there.
    for path in
        ["/app", "/app/", "/app/sw.js", "/app/manifest.webmanifest", &format!("/app/{SCRIPT}")]
    {
        assert_eq!(
            status(format!("{}{path}", app.portal)).await,
            404,
            "{path} on the portal origin"
        );
    }
    assert_eq!(status(format!("{}/login", app.portal)).await, 200);
    let login = client.get(format!("{}/login", app.portal)).send().await.unwrap();
    let csp = login.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.starts_with("default-src 'none'"), "portal CSP: {csp}");
    assert!(login.headers()["permissions-policy"].to_str().unwrap().starts_with("camera=()"));
    // In development the app is `localhost`: the portal reached by that name goes to 127.0.0.1
    // before any cookie is set, so its cookies never belong to the app's host.
    let port = app.portal.rsplit(':').next().unwrap();
    let by_name = client
        .get(format!("{}/login?next=/patients", app.portal))
        .header("host", format!("localhost:{port}"))
        .send()
        .await
        .unwrap();
    assert_eq!(by_name.status(), 307);
    assert_eq!(
        by_name.headers()["location"],
        format!("http://127.0.0.1:{port}/login?next=/patients")
    );
    assert!(by_name.headers().get("set-cookie").is_none());
    // The share API is not redirected (native apps in development may name `localhost`).
    let api = client
        .get(format!("{}/api/v1/checkins/1", app.portal))
        .header("host", format!("localhost:{port}"))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 401);
}

/// The app needs its own origin: a web dir without an app address (or the portal's own address)
/// is refused at start.
#[tokio::test]
async fn the_app_is_never_served_on_the_portal_origin() {
    let web = web_dir();
    let db = tempfile::tempdir().unwrap();
    let base = ServeConfig {
        db: db.path().join("clinic.db"),
        database_url: None,
        addr: "127.0.0.1:18123".parse().unwrap(),
        limits: Limits::default(),
        web_dir: Some(web.path().to_path_buf()),
        app_addr: None,
    };
    assert!(matches!(clinic::bind(&base).await, Err(clinic::StartError::AppOrigin)));
    let same = ServeConfig { app_addr: Some(base.addr), ..base.clone() };
    assert!(matches!(clinic::bind(&same).await, Err(clinic::StartError::AppOrigin)));
}
