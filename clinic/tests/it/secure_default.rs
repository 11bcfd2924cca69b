//! Review M1: cookies are `Secure` with a `__Host-` name whenever the public URL is https,
//! with no flag to remember; plain-HTTP cookies are served only on loopback.

use clinic::state::Limits;
use clinic::store::Store;
use clinic::store::sqlite::SqliteStore;
use clinic::{ServeConfig, StartError};

fn config(dir: &tempfile::TempDir, addr: &str) -> ServeConfig {
    ServeConfig {
        db: dir.path().join("clinic.db"),
        // The start-up refusals tested here come before and apart from the database's backend: SQLite.
        database_url: None,
        addr: addr.parse().unwrap(),
        limits: Limits::default(),
        web_dir: None,
        app_addr: None,
    }
}

#[tokio::test]
async fn an_https_public_url_makes_cookies_secure_and_host_prefixed() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(&dir, "127.0.0.1:0");
    let store = SqliteStore::open(&config.db).unwrap();
    store.set_public_url("https://clinic.example.org").unwrap();
    let bound = clinic::bind(&config).await.unwrap();
    let url = format!("http://{}", bound.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(bound.run(async {
        let _ = rx.await;
    }));
    let response = reqwest::get(format!("{url}/login")).await.unwrap();
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Secure-clinic_login_csrf="), "{cookie}");
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(response.headers().contains_key("strict-transport-security"));
    drop(tx);
}

#[tokio::test]
async fn plain_http_cookies_are_refused_off_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let refused = clinic::bind(&config(&dir, "0.0.0.0:0")).await;
    assert!(matches!(refused, Err(StartError::PlainHttp(_))), "{:?}", refused.err());
    let mut secure = config(&dir, "127.0.0.1:0");
    secure.limits.secure_cookies = true;
    assert!(clinic::bind(&secure).await.is_ok());
}
