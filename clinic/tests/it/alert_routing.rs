//! Issues 19 and 22: a check-in's email alert goes to its own clinic's alert addresses (or to
//! the server's `--smtp-to` when the clinic has none), never to another clinic's, and still
//! names no patient. Checked on the envelope (who really gets the mail) and the `To:` header.

use chrono::Utc;
use clinic::api::wire::EnrollResponse;
use clinic::store::{ClinicId, ClinicSettings};

use super::alerts::{ops, smtp_to};
use super::harness::{Patient, Server, checkin};
use super::smtp_sink::SmtpSink;

/// A clinic with these alert addresses.
fn clinic_with(server: &Server, slug: &str, emails: &[&str]) -> ClinicId {
    let settings = ClinicSettings {
        name: format!("{slug} clinic"),
        alert_emails: emails.iter().map(|e| (*e).to_owned()).collect(),
        ..ClinicSettings::default()
    };
    server.store().add_clinic(slug, &settings, Utc::now()).unwrap()
}

/// A patient of `clinic` with a linked phone.
async fn patient_of(server: &Server, clinic: ClinicId, name: &str) -> Patient {
    let invite = server.invite_in(clinic, name);
    let response = server.enroll_raw(&invite.code).await;
    assert_eq!(response.status(), 201);
    let body: EnrollResponse = response.json().await.unwrap();
    Patient { id: body.patient_id, device_id: body.device_id, token: body.token }
}

/// The mail about `patient`'s alert (found by the alert's link).
fn mail_about<'a>(server: &Server, mails: &'a [String], patient: &Patient) -> &'a str {
    let alert = server
        .raw()
        .number("SELECT id FROM staff_alerts WHERE patient_id = ?1", &[&patient.id])
        .unwrap();
    let linked = |mail: &str| -> Option<i64> {
        let rest = mail.split("/alerts/").nth(1)?;
        rest.chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok()
    };
    let found: Vec<&String> = mails.iter().filter(|m| linked(m) == Some(alert)).collect();
    assert_eq!(found.len(), 1, "one mail for alert {alert}: {mails:?}");
    found[0]
}

/// The envelope's recipients and the `To:` header of a mail the sink kept.
fn recipients(mail: &str) -> (Vec<String>, String) {
    let envelope = mail
        .lines()
        .filter_map(|l| l.strip_prefix("RCPT TO:"))
        .map(|a| a.trim().trim_start_matches('<').trim_end_matches('>').to_owned())
        .collect();
    let to = mail.lines().find_map(|l| l.strip_prefix("To: ")).unwrap_or("").to_owned();
    (envelope, to)
}

#[tokio::test]
async fn each_clinics_alert_reaches_only_its_own_addresses() {
    let sink = SmtpSink::start(0).await;
    let server = Server::start_ops(ops(smtp_to(sink.port))).await;
    let north = clinic_with(&server, "north", &["nell@north.example", "desk@north.example"]);
    let south = clinic_with(&server, "south", &["sam@south.example"]);
    let in_north = patient_of(&server, north, "Norah Northmarker").await;
    let in_south = patient_of(&server, south, "Saul Southmarker").await;
    // The default clinic has no addresses of its own: the server's --smtp-to.
    let in_default = server.patient("Dora Defaultmarker").await;
    for (patient, key) in
        [(&in_north, "north-0001"), (&in_south, "south-0001"), (&in_default, "default-0001")]
    {
        let up = server.upload(&patient.token, key, &checkin("urgent", Some("NOTEMARKER"))).await;
        assert_eq!(up.status(), 201);
    }
    sink.wait_for(3, 20).await.expect("three alert emails");
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    let mails = sink.mails();
    assert_eq!(mails.len(), 3, "one mail per alert: {mails:?}");

    let (envelope, to) = recipients(mail_about(&server, &mails, &in_north));
    assert_eq!(envelope, ["nell@north.example", "desk@north.example"]);
    assert_eq!(to, "nell@north.example, desk@north.example");
    let (envelope, to) = recipients(mail_about(&server, &mails, &in_south));
    assert_eq!(envelope, ["sam@south.example"]);
    assert_eq!(to, "sam@south.example");
    let (envelope, to) = recipients(mail_about(&server, &mails, &in_default));
    assert_eq!(envelope, ["duty@clinic.example"]);
    assert_eq!(to, "duty@clinic.example");

    // Still no patient in any message: no name, id, note or level.
    for mail in &mails {
        for patient in [&in_north, &in_south, &in_default] {
            assert!(!mail.contains(&patient.id), "patient id in {mail}");
        }
        for secret in ["Northmarker", "Southmarker", "Defaultmarker", "NOTEMARKER", "urgent"] {
            assert!(!mail.contains(secret), "{secret} in {mail}");
        }
    }
}

#[tokio::test]
async fn a_changed_address_reaches_alerts_still_being_retried() {
    // Nothing listens at first, so the alert waits for a retry.
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let server = Server::start_ops(ops(smtp_to(port))).await;
    let patient = server.patient("Rita Retrymarker").await;
    let up = server.upload(&patient.token, "retry-0001", &checkin("contact_clinic", None)).await;
    assert_eq!(up.status(), 201);
    let started = std::time::Instant::now();
    while server
        .raw()
        .number("SELECT coalesce(max(attempts), 0) FROM staff_alert_deliveries", &[])
        .unwrap()
        < 1
    {
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "no attempt");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // The clinic's admin sets its own address (the store call the settings page makes).
    let clinic = server.clinic();
    let store = server.store();
    let mut settings = store.settings(clinic).unwrap();
    settings.alert_emails = vec!["late@default.example".into()];
    store.save_settings(clinic, &settings).unwrap();
    let sink = SmtpSink::start(port).await;
    sink.wait_for(1, 20).await.expect("the retried alert arrives");
    let (envelope, _) = recipients(&sink.mails()[0]);
    assert_eq!(envelope, ["late@default.example"]);
}
