//! Staff alerts: an urgent or contact-clinic check-in reaches the clinic by email (a real SMTP
//! conversation with a sink this test starts) and by a signed webhook, retried until delivered,
//! and staff acknowledge it in the portal.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::HeaderMap;
use clinic::Operations;
use clinic::alerts::{AlertConfig, SmtpConfig, SmtpSecurity, WebhookConfig, signature};

use super::harness::{Server, checkin, csrf_in};
use super::smtp_sink::SmtpSink;

const NAME: &str = "Zebedee Alertnamemarker";
const NOTE: &str = "NOTEMARKER my chin is on fire";

pub fn smtp_to(port: u16) -> AlertConfig {
    AlertConfig {
        smtp: Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port,
            security: SmtpSecurity::None,
            from: "Afterglow <alerts@clinic.example>".into(),
            to: vec!["duty@clinic.example".into()],
            credentials: None,
        }),
        ..AlertConfig::default()
    }
}

pub fn ops(alerts: AlertConfig) -> Operations {
    Operations { alerts, ..Operations::default() }
}

fn attempts(server: &Server) -> i64 {
    server
        .raw()
        .number("SELECT coalesce(max(attempts), 0) FROM staff_alert_deliveries", &[])
        .unwrap()
}

#[tokio::test]
async fn an_urgent_checkin_is_emailed_within_seconds_with_no_patient_data() {
    let sink = SmtpSink::start(0).await;
    let server = Server::start_ops(ops(smtp_to(sink.port))).await;
    let patient = server.patient(NAME).await;
    // An expected check-in alerts nobody.
    let calm = server.upload(&patient.token, "calm-0001", &checkin("expected", None)).await;
    assert_eq!(calm.status(), 201);
    let urgent = server.upload(&patient.token, "urgent-0001", &checkin("urgent", Some(NOTE))).await;
    assert_eq!(urgent.status(), 201);
    let took = sink.wait_for(1, 10).await.expect("an email at the sink within 10 s");
    eprintln!("alert email arrived {} ms after the upload was acknowledged", took.as_millis());
    assert!(took < Duration::from_secs(5), "took {took:?}");
    // Nothing more comes: one alert, one email, and none for the calm check-in.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mails = sink.mails();
    assert_eq!(mails.len(), 1, "{mails:?}");
    let mail = &mails[0];
    assert!(mail.contains("To: duty@clinic.example"), "{mail}");
    assert!(mail.contains("http://127.0.0.1:8080/alerts/1"), "{mail}");
    for secret in ["Zebedee", "Alertnamemarker", "NOTEMARKER", patient.id.as_str(), "urgent"] {
        assert!(!mail.contains(secret), "{secret} in {mail}");
    }
}

#[tokio::test]
async fn a_sink_that_is_down_at_first_gets_the_mail_when_it_comes_up() {
    // A free port with nothing listening on it yet.
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let server = Server::start_ops(ops(smtp_to(port))).await;
    let patient = server.patient(NAME).await;
    let up = server.upload(&patient.token, "contact-0001", &checkin("contact_clinic", None)).await;
    assert_eq!(up.status(), 201);
    let started = std::time::Instant::now();
    while attempts(&server) < 2 {
        assert!(started.elapsed() < Duration::from_secs(10), "no retry after a failure");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let sink = SmtpSink::start(port).await;
    let took = sink.wait_for(1, 20).await.expect("the mail arrives once the sink is up");
    eprintln!(
        "delivered {} ms after the sink came up ({} failed attempts before)",
        took.as_millis(),
        attempts(&server) - 1
    );
    assert_eq!(sink.mails().len(), 1);
}

#[tokio::test]
async fn an_undelivered_alert_survives_a_server_restart() {
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let first = Server::start_ops(ops(smtp_to(port))).await;
    let patient = first.patient(NAME).await;
    let up = first.upload(&patient.token, "urgent-0009", &checkin("urgent", None)).await;
    assert_eq!(up.status(), 201);
    let started = std::time::Instant::now();
    while attempts(&first) < 1 {
        assert!(started.elapsed() < Duration::from_secs(10), "no attempt");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (dir, db) = first.stop().await;
    let sink = SmtpSink::start(port).await;
    let second =
        Server::start_on(dir, db, clinic::state::Limits::default(), ops(smtp_to(port))).await;
    let took = sink.wait_for(1, 20).await.expect("the restarted server delivers the alert");
    eprintln!("delivered {} ms after the restart", took.as_millis());
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(sink.mails().len(), 1, "once, not once per server");
    drop(second);
}

#[tokio::test]
async fn acknowledging_an_alert_stops_its_retries() {
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let server = Server::start_ops(ops(smtp_to(port))).await;
    let patient = server.patient(NAME).await;
    let up = server.upload(&patient.token, "urgent-0010", &checkin("urgent", None)).await;
    assert_eq!(up.status(), 201);
    let started = std::time::Instant::now();
    while attempts(&server) < 1 {
        assert!(started.elapsed() < Duration::from_secs(10), "no attempt");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let portal = server.staff().await;
    let csrf = csrf_in(&portal.page("/alerts").await);
    assert_eq!(portal.post("/alerts/1/acknowledge", &[("csrf", &csrf)]).await.status(), 303);
    let after_ack = attempts(&server);
    // Wait past the moment the next retry was due: none is made once someone is on it.
    let next =
        server.raw().text("SELECT next_attempt_at FROM staff_alert_deliveries", &[]).unwrap();
    let due_in = chrono::DateTime::parse_from_rfc3339(&next).unwrap().to_utc() - chrono::Utc::now();
    let wait = due_in.to_std().unwrap_or_default() + Duration::from_millis(1500);
    assert!(wait < Duration::from_secs(20), "{wait:?}");
    tokio::time::sleep(wait).await;
    assert_eq!(attempts(&server), after_ack);
}

#[tokio::test]
async fn a_webhook_gets_a_signed_post_with_only_the_link() {
    let secret = b"0123456789abcdef0123456789abcdef".to_vec();
    let received: Arc<Mutex<Vec<(HeaderMap, String)>>> = Arc::default();
    let kept = Arc::clone(&received);
    let hook = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let kept = Arc::clone(&kept);
            async move {
                kept.lock().unwrap().push((headers, body));
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook_addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, hook).await.unwrap() });
    let alerts = AlertConfig {
        webhook: Some(WebhookConfig {
            url: format!("http://{hook_addr}/hook"),
            secret: secret.clone(),
        }),
        ..AlertConfig::default()
    };
    let server = Server::start_ops(ops(alerts)).await;
    let patient = server.patient(NAME).await;
    let up = server.upload(&patient.token, "urgent-0002", &checkin("urgent", Some(NOTE))).await;
    assert_eq!(up.status(), 201);
    let started = std::time::Instant::now();
    while received.lock().unwrap().is_empty() {
        assert!(started.elapsed() < Duration::from_secs(10), "no webhook call");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (headers, body) = received.lock().unwrap()[0].clone();
    let timestamp = headers["x-afterglow-timestamp"].to_str().unwrap();
    let signed = headers["x-afterglow-signature"].to_str().unwrap();
    assert_eq!(signed, signature(&secret, timestamp, body.as_bytes()));
    assert_ne!(
        signed,
        signature(b"another secret of thirty-two chars", timestamp, body.as_bytes())
    );
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["link"], "http://127.0.0.1:8080/alerts/1");
    for secret in ["Zebedee", "NOTEMARKER", patient.id.as_str(), "urgent"] {
        assert!(!body.contains(secret), "{secret} in {body}");
    }
}

#[tokio::test]
async fn staff_see_unacknowledged_alerts_first_and_acknowledging_is_audited() {
    let server = Server::start().await;
    let first = server.patient("Ada Firstalert").await;
    let second = server.patient("Bea Secondalert").await;
    let up = server.upload(&first.token, "urgent-0003", &checkin("urgent", None)).await;
    assert_eq!(up.status(), 201);
    let up = server.upload(&second.token, "contact-0003", &checkin("contact_clinic", None)).await;
    assert_eq!(up.status(), 201);
    let portal = server.staff().await;
    let page = portal.page("/alerts").await;
    assert_eq!(page.matches("Acknowledge</button>").count(), 2, "{page}");
    // The newer alert (second patient) is listed first while both are open.
    assert!(page.find("Bea Secondalert").unwrap() < page.find("Ada Firstalert").unwrap());

    // Without the form's CSRF token nothing changes.
    let refused = portal.post("/alerts/2/acknowledge", &[("csrf", "")]).await;
    assert_eq!(refused.status(), 403);
    let csrf = csrf_in(&page);
    let done = portal.post("/alerts/2/acknowledge", &[("csrf", &csrf)]).await;
    assert_eq!(done.status(), 303);
    // Twice is "not found": it is acknowledged already.
    let again = portal.post("/alerts/2/acknowledge", &[("csrf", &csrf)]).await;
    assert_eq!(again.status(), 404);

    let page = portal.page("/alerts").await;
    assert_eq!(page.matches("Acknowledge</button>").count(), 1);
    // Now the open (older) alert comes first and the acknowledged one after it.
    assert!(page.find("Ada Firstalert").unwrap() < page.find("Bea Secondalert").unwrap());
    assert!(page.contains("by nurse@example.org"), "{page}");

    let audited = server.raw().number(
        "SELECT count(*) FROM audit_log WHERE action = 'acknowledge_alert' \
         AND patient_id = ?1 AND subject = '2'",
        &[&second.id],
    );
    assert_eq!(audited, Some(1));

    // The link in a message leads, after login, to the patient's page.
    let open = portal.get("/alerts/1").await;
    assert_eq!(open.status(), 303);
    assert_eq!(open.headers()["location"], format!("/patients/{}", first.id));
    // And without a login, to the login page.
    let anonymous = server.portal().get("/alerts/1").await;
    assert_eq!(anonymous.status(), 303);
    assert!(anonymous.headers()["location"].to_str().unwrap().starts_with("/login"));
}
