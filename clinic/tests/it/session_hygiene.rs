//! Staff session hygiene and browser hardening headers (security review L4, L8, M1 part).

use std::sync::Arc;

use chrono::{Duration, Utc};
use clinic::secrets::sha256_hex;
use clinic::state::Limits;
use clinic::store::NewStaffSession;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::redirect::Policy;

use crate::harness::{STAFF_EMAIL, STAFF_PASSWORD, Server};

fn sessions(server: &Server) -> usize {
    server.store().staff_sessions(STAFF_EMAIL).unwrap().unwrap().len()
}

/// Posts the login form from a browser whose cookies are `jar` (the login form's own CSRF pair
/// is planted, as the login page would have set it).
async fn login_with(server: &Server, jar: &Arc<Jar>) -> reqwest::Response {
    let url = server.url.parse().unwrap();
    jar.add_cookie_str("clinic_login_csrf=0123456789abcdef; Path=/login", &url);
    let http = reqwest::Client::builder()
        .redirect(Policy::none())
        .cookie_provider(Arc::clone(jar))
        .build()
        .unwrap();
    http.post(format!("{}/login", server.url))
        .form(&[("email", STAFF_EMAIL), ("password", STAFF_PASSWORD), ("csrf", "0123456789abcdef")])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_new_login_ends_the_session_the_browser_had() {
    let server = Server::start().await;
    server.add_staff();
    let jar = Arc::new(Jar::default());
    assert_eq!(login_with(&server, &jar).await.status(), 303);
    let url = server.url.parse().unwrap();
    let first = jar.cookies(&url).unwrap().to_str().unwrap().to_owned();
    assert_eq!(sessions(&server), 1);
    assert_eq!(login_with(&server, &jar).await.status(), 303);
    let second = jar.cookies(&url).unwrap().to_str().unwrap().to_owned();
    assert_ne!(first, second, "a fresh token");
    assert_eq!(sessions(&server), 1, "the browser's earlier session ended at the new login");
}

#[tokio::test]
async fn ended_sessions_are_purged_at_the_next_login() {
    let server = Server::start().await;
    server.add_staff();
    let store = server.store();
    let id = store.staff_by_email(STAFF_EMAIL).unwrap().unwrap().id;
    for (n, age) in [(1, Duration::hours(13)), (2, Duration::minutes(20))] {
        let session = NewStaffSession {
            token_hash: sha256_hex(format!("old-{n}")),
            staff_id: id,
            clinic: server.clinic(),
            csrf_token: format!("csrf-{n}"),
            now: Utc::now() - age,
        };
        store.create_session(&session).unwrap();
    }
    assert_eq!(sessions(&server), 2);
    assert_eq!(login_with(&server, &Arc::new(Jar::default())).await.status(), 303);
    assert_eq!(sessions(&server), 1, "only the new session is left");
}

#[tokio::test]
async fn the_session_cookie_ends_with_the_browser() {
    let server = Server::start().await;
    server.add_staff();
    let response = login_with(&server, &Arc::new(Jar::default())).await;
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|v| v.starts_with("clinic_session="))
        .unwrap()
        .to_owned();
    assert!(!cookie.contains("Max-Age"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
}

#[tokio::test]
async fn responses_carry_coop_corp_and_a_permissions_policy_and_hsts_only_over_https() {
    let server = Server::start().await;
    let response = server.http.get(format!("{}/login", server.url)).send().await.unwrap();
    let h = response.headers();
    assert_eq!(h["cross-origin-opener-policy"], "same-origin");
    assert_eq!(h["cross-origin-resource-policy"], "same-origin");
    assert!(h["permissions-policy"].to_str().unwrap().contains("camera=()"));
    assert!(h.get("strict-transport-security").is_none(), "plain HTTP: no HSTS");
    let secure = Server::start_with(Limits { secure_cookies: true, ..Limits::default() }).await;
    let response = secure.http.get(format!("{}/login", secure.url)).send().await.unwrap();
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
}
