//! Review M4: behind a trusted proxy each forwarded client has its own login budget, an IPv6
//! /64 is one client, forwarding headers from anyone else are ignored, a server-wide ceiling
//! holds across addresses, and the audit trail names the forwarded client.

use clinic::client_addr::{ProxyConfig, ProxyHeader, parse_cidr};
use clinic::ratelimit::RateLimit;
use clinic::state::Limits;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::redirect::Policy;
use serde_json::json;

use crate::harness::{Portal, STAFF_EMAIL, STAFF_PASSWORD, Server, csrf_in};

/// Two login attempts per address, then 429; loopback (where the test client connects from)
/// trusted as a proxy when `trusted`.
fn limits(trusted: bool, header: ProxyHeader) -> Limits {
    let trusted = if trusted { vec![parse_cidr("127.0.0.1/32").unwrap()] } else { Vec::new() };
    Limits {
        address_rate: RateLimit { burst: 2, per_minute: 1 },
        proxies: ProxyConfig { trusted, header },
        ..Limits::default()
    }
}

/// A browser whose every request carries `header: value`, as if a proxy had added it.
fn browser(server: &Server, header: &'static str, value: &str) -> Portal {
    let mut headers = HeaderMap::new();
    headers.insert(header, HeaderValue::from_str(value).unwrap());
    let http = reqwest::Client::builder()
        .redirect(Policy::none())
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .unwrap();
    Portal { http, url: server.url.clone(), db: server.db.clone() }
}

/// One wrong-password login for an unknown email (never locks: a fresh email each time).
async fn attempt(portal: &Portal, n: usize) -> u16 {
    let csrf = csrf_in(&portal.page("/login").await);
    let email = format!("ghost{n}@example.org");
    let form = [("email", email.as_str()), ("password", "not the password"), ("csrf", &csrf)];
    portal.post("/login", &form).await.status().as_u16()
}

async fn statuses(portal: &Portal, from: usize, count: usize) -> Vec<u16> {
    let mut out = Vec::new();
    for n in from..from + count {
        out.push(attempt(portal, n).await);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_clients_of_a_trusted_proxy_have_separate_login_buckets() {
    let server = Server::start_with(limits(true, ProxyHeader::XForwardedFor)).await;
    let alice = browser(&server, "x-forwarded-for", "203.0.113.10");
    let bob = browser(&server, "x-forwarded-for", "198.51.100.20");
    assert_eq!(statuses(&alice, 0, 3).await, [401, 401, 429]);
    // Alice spent her budget, not the proxy's: Bob still gets his two.
    assert_eq!(statuses(&bob, 10, 3).await, [401, 401, 429]);
    // A client-written entry to the left of Bob's real address changes nothing.
    let forged = browser(&server, "x-forwarded-for", "192.0.2.99, 198.51.100.20");
    assert_eq!(attempt(&forged, 20).await, 429);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_forwarded_header_works_the_same_when_chosen() {
    let server = Server::start_with(limits(true, ProxyHeader::Forwarded)).await;
    let alice = browser(&server, "forwarded", "for=\"[2001:db8:aa::1]:4711\";proto=https");
    let bob = browser(&server, "forwarded", "for=203.0.113.10");
    assert_eq!(statuses(&alice, 0, 3).await, [401, 401, 429]);
    assert_eq!(statuses(&bob, 10, 2).await, [401, 401]);
    // X-Forwarded-For is not the header this proxy writes: a client's copy is ignored, so
    // these all count against the proxy (loopback) itself.
    let sneaky = browser(&server, "x-forwarded-for", "192.0.2.1");
    assert_eq!(statuses(&sneaky, 20, 3).await, [401, 401, 429]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_trusted_proxy_forwarding_headers_are_ignored() {
    let server = Server::start_with(limits(false, ProxyHeader::XForwardedFor)).await;
    // A new spoofed address on every attempt: all of them are 127.0.0.1's.
    let mut seen = Vec::new();
    for n in 0..3 {
        let spoofer = browser(&server, "x-forwarded-for", &format!("203.0.113.{n}"));
        seen.push(attempt(&spoofer, n).await);
    }
    assert_eq!(seen, [401, 401, 429]);
    let spoofer = browser(&server, "forwarded", "for=198.51.100.7");
    assert_eq!(attempt(&spoofer, 9).await, 429);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn addresses_in_one_ipv6_slash_64_share_a_bucket() {
    let server = Server::start_with(limits(true, ProxyHeader::XForwardedFor)).await;
    let mut seen = Vec::new();
    for (n, address) in
        ["2001:db8:1:2::1", "2001:db8:1:2:ffff::9", "2001:db8:1:2:dead:beef:0:1"].iter().enumerate()
    {
        seen.push(attempt(&browser(&server, "x-forwarded-for", address), n).await);
    }
    assert_eq!(seen, [401, 401, 429]);
    // The neighbouring /64 is another subscriber.
    let neighbour = browser(&server, "x-forwarded-for", "2001:db8:1:3::1");
    assert_eq!(attempt(&neighbour, 10).await, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_wide_ceiling_holds_however_many_addresses() {
    let limits = Limits {
        address_rate: RateLimit { burst: 100, per_minute: 100 },
        global_rate: RateLimit { burst: 3, per_minute: 1 },
        ..limits(true, ProxyHeader::XForwardedFor)
    };
    let server = Server::start_with(limits).await;
    let mut seen = Vec::new();
    for n in 0..4 {
        let client = browser(&server, "x-forwarded-for", &format!("203.0.113.{n}"));
        seen.push(attempt(&client, n).await);
    }
    assert_eq!(seen, [401, 401, 401, 429]);
    // Enrollment has its own ceiling: an unknown code is still looked up (404), not refused.
    let enroll = server
        .http
        .post(format!("{}/api/v1/enroll", server.url))
        .json(&json!({ "invite_code": "ABCD-EFGH-JKLM", "device_label": "phone" }))
        .send()
        .await
        .unwrap();
    assert_eq!(enroll.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_trail_names_the_forwarded_client() {
    let server = Server::start_with(limits(true, ProxyHeader::XForwardedFor)).await;
    server.add_staff();
    let nurse = browser(&server, "x-forwarded-for", "192.0.2.1, 203.0.113.77");
    assert_eq!(nurse.login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 303);
    assert_eq!(nurse.get("/patients").await.status(), 200);
    let invite = server.invite("Ann Example");
    let enrolled = server
        .http
        .post(format!("{}/api/v1/enroll", server.url))
        .header("x-forwarded-for", "2001:db8::5")
        .json(&json!({ "invite_code": invite.code, "device_label": "phone" }))
        .send()
        .await
        .unwrap();
    assert_eq!(enrolled.status(), 201);

    let entries = server.store().audit_entries(100).unwrap();
    let address = |action: &str| {
        let entry = entries.iter().find(|e| e.action == action);
        entry.unwrap_or_else(|| panic!("no {action}")).address.clone()
    };
    for action in ["login_password_ok", "mfa_ok", "login", "list_patients"] {
        assert_eq!(address(action).as_deref(), Some("203.0.113.77"), "{action}");
    }
    assert_eq!(address("device_enrolled").as_deref(), Some("2001:db8::5"));
}

#[test]
fn a_bad_trusted_proxy_is_refused_before_starting() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clinic"))
        .args(["serve", "--db"])
        .arg(dir.path().join("clinic.db"))
        .args(["--trusted-proxy", "10.0.0.0/33"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not a CIDR or an IP address"), "{stderr}");
}
