//! Review H1 and M3: the per-account lockout holds under concurrent guesses, and argon2 never
//! runs more often at once than the server has permits.

use clinic::portal::FREE_FAILURES;
use clinic::ratelimit::RateLimit;
use clinic::state::Limits;

use crate::harness::{STAFF_EMAIL, STAFF_PASSWORD, Server, csrf_in};

/// Sends `emails.len()` wrong-password logins at once (one shared login CSRF pair, as the
/// review's probe did) and returns the statuses.
async fn concurrent_wrong_logins(server: &Server, emails: &[String]) -> Vec<u16> {
    let page = server.http.get(format!("{}/login", server.url)).send().await.unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(emails.len()));
    let tasks: Vec<_> = emails
        .iter()
        .enumerate()
        .map(|(i, email)| {
            let (http, url, csrf, email) =
                (server.http.clone(), server.url.clone(), csrf.clone(), email.clone());
            let barrier = std::sync::Arc::clone(&barrier);
            tokio::spawn(async move {
                let password = format!("wrong password {i}");
                barrier.wait().await;
                http.post(format!("{url}/login"))
                    .header("cookie", format!("clinic_login_csrf={csrf}"))
                    .form(&[("email", email.as_str()), ("password", &password), ("csrf", &csrf)])
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    statuses
}

fn stored_failures(server: &Server, email: &str) -> u32 {
    let sql = "SELECT failures FROM login_throttle WHERE email = ?1";
    u32::try_from(server.raw().number(sql, &[email]).unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_wrong_logins_are_checked_at_most_the_allowed_number_of_times() {
    let server = Server::start().await;
    server.add_staff();
    let attempts = 14;
    let emails = vec![STAFF_EMAIL.to_owned(); attempts];
    let statuses = concurrent_wrong_logins(&server, &emails).await;

    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + refused, attempts, "{statuses:?}");
    assert!(checked >= 1 && checked <= FREE_FAILURES as usize, "{statuses:?}");
    // Only the reserved attempts reached argon2, and every one of them is on record.
    assert_eq!(server.passwords.checks(), checked as u64);
    assert_eq!(stored_failures(&server, STAFF_EMAIL), checked as u32);
    // Locked now, even with the right password.
    let portal = server.portal();
    assert_eq!(portal.login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 429);
    assert_eq!(server.passwords.checks(), checked as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_logins_never_runs_more_verifications_than_permits() {
    let limits = Limits {
        address_rate: RateLimit { burst: 100, per_minute: 100 },
        password_permits: 2,
        ..Limits::default()
    };
    let server = Server::start_with(limits).await;
    // Distinct unknown emails: no lockout, so every attempt is checked (against the dummy hash).
    let emails: Vec<String> = (0..12).map(|i| format!("ghost{i}@example.org")).collect();
    let statuses = concurrent_wrong_logins(&server, &emails).await;
    assert!(statuses.iter().all(|s| *s == 401), "{statuses:?}");
    assert_eq!(server.passwords.checks(), 12);
    assert!(server.passwords.peak() <= 2, "peak {}", server.passwords.peak());
    assert!(server.passwords.peak() >= 1);
}

#[tokio::test]
async fn a_successful_login_clears_the_count() {
    let server = Server::start().await;
    server.add_staff();
    let portal = server.portal();
    for _ in 0..FREE_FAILURES - 1 {
        assert_eq!(portal.login(STAFF_EMAIL, "not the password").await.status(), 401);
    }
    assert_eq!(stored_failures(&server, STAFF_EMAIL), FREE_FAILURES - 1);
    assert_eq!(portal.login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 303);
    assert_eq!(server.raw().number("SELECT count(*) FROM login_throttle", &[]), Some(0));
}
