//! Raw HTTP servers that answer 500, 429, junk, too slowly or 422: items stay queued or fail with
//! the clinic's words, and retries reuse the idempotency key.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::harness::*;

/// How a raw server answers uploads (enrollment always succeeds).
#[derive(Clone, Copy)]
enum Misbehaviour {
    Status500,
    TooMany { retry_after_s: u64 },
    Junk,
    Slow,
    Invalid,
}

/// A raw HTTP/1.1 server on loopback that enrolls anyone and then misbehaves. Records the
/// Idempotency-Key of every upload.
fn raw_server(how: Misbehaviour) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let keys = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&keys);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let seen = Arc::clone(&seen);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut head = String::new();
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    let lower = line.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    if let Some(v) = lower.strip_prefix("idempotency-key:") {
                        seen.lock().unwrap().push(v.trim().to_owned());
                    }
                    head.push_str(&line);
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let reply = |status: &str, extra: &str, body: &str| {
                    format!(
                        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n{body}",
                        body.len()
                    )
                };
                let answer = if head.starts_with("POST /api/v1/enroll") {
                    let protocol = shared::protocol::default_protocol_json();
                    let enrolled = format!(
                        r#"{{"api_version":1,"device_id":"dev","token":"{}","patient_id":"p","clinic":{{"name":"Raw Clinic","phone":"000","after_hours_advice":"none"}},"care_protocol":{protocol}}}"#,
                        "a".repeat(64)
                    );
                    reply("201 Created", "", &enrolled)
                } else {
                    match how {
                        Misbehaviour::Status500 => reply(
                            "500 Internal Server Error",
                            "",
                            r#"{"error":"internal","message":"boom"}"#,
                        ),
                        Misbehaviour::TooMany { retry_after_s } => reply(
                            "429 Too Many Requests",
                            &format!("Retry-After: {retry_after_s}\r\n"),
                            r#"{"error":"rate_limited","message":"slow down"}"#,
                        ),
                        Misbehaviour::Junk => "\u{1}\u{2}GARBAGE NOT HTTP\r\n\r\n".to_owned(),
                        Misbehaviour::Slow => {
                            std::thread::sleep(Duration::from_secs(3));
                            reply("201 Created", "", "{}")
                        }
                        Misbehaviour::Invalid => reply(
                            "422 Unprocessable Entity",
                            "",
                            r#"{"error":"invalid","message":"zone is not an IANA zone"}"#,
                        ),
                    }
                };
                let _ = stream.write_all(answer.as_bytes());
            });
        }
    });
    (url, keys)
}

fn linked_to_raw(how: Misbehaviour) -> (tempfile::TempDir, Arc<Mutex<Vec<String>>>) {
    let (url, keys) = raw_server(how);
    let dir = tempfile::tempdir().unwrap();
    patient_with_checkins(dir.path());
    ok(dir.path(), &["--at", NOW, "clinic", "link", "--server", &url, "--code", "AAAA-BBBB-CCCC"]);
    (dir, keys)
}

#[test]
fn server_trouble_keeps_items_queued_and_retries_with_the_same_key() {
    for (how, reason) in [
        (Misbehaviour::Status500, "the clinic's server had a problem (500)"),
        (Misbehaviour::Junk, "not HTTP"),
    ] {
        let (dir, keys) = linked_to_raw(how);
        let data = dir.path();
        ok(data, &["--at", NOW, "share", "--checkins", "flagged"]);
        let view = outbox(data);
        let item = &view["items"][0];
        assert_eq!(item["state"], "queued", "{view}");
        assert!(item["reason"].as_str().unwrap().contains(reason), "{item}");
        assert_eq!(item["attempts"], 1);
        assert!(item["next_attempt"].as_str().is_some(), "{item}");
        ok(data, &["--at", "2026-11-22T12:00:00+01:00", "sync"]);
        assert_eq!(outbox(data)["items"][0]["attempts"], 2);
        let keys = keys.lock().unwrap().clone();
        if matches!(how, Misbehaviour::Status500) {
            assert_eq!(keys.len(), 2);
            assert_eq!(keys[0], keys[1], "a retry reuses the idempotency key");
        }
    }
}

#[test]
fn a_slow_server_times_out_and_the_item_waits() {
    let (url, _) = raw_server(Misbehaviour::Slow);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    patient_with_checkins(data);
    ok(data, &["--at", NOW, "clinic", "link", "--server", &url, "--code", "AAAA-BBBB-CCCC"]);
    let out = afterglow_env(
        data,
        &["--at", NOW, "share", "--checkins", "flagged"],
        &[("AFTERGLOW_CLINIC_TIMEOUT_MS", "500")],
    );
    assert!(out.status.success());
    let item = &outbox(data)["items"][0];
    assert_eq!(item["state"], "queued");
    assert!(item["reason"].as_str().unwrap().contains("did not answer in time"), "{item}");
}

#[test]
fn rate_limiting_is_honoured_and_refusals_fail_with_the_clinics_words() {
    let (dir, _) = linked_to_raw(Misbehaviour::TooMany { retry_after_s: 120 });
    let data = dir.path();
    ok(data, &["--at", NOW, "share", "--checkins", "flagged"]);
    let item = &outbox(data)["items"][0];
    assert_eq!(item["state"], "queued");
    // NOW is 10:00 in Paris: Retry-After 120 s puts the next try at 10:02.
    assert_eq!(item["next_attempt"], "2026-11-22T10:02:00+01:00", "{item}");

    let (dir, _) = linked_to_raw(Misbehaviour::Invalid);
    let data = dir.path();
    let shared = ok(data, &["--at", NOW, "share", "--checkins", "all"]);
    assert!(shared.contains("2 refused by the clinic"), "{shared}");
    let view = outbox(data);
    assert_eq!(states(&view), vec!["failed", "failed"]);
    assert!(
        view["items"][0]["reason"].as_str().unwrap().contains("zone is not an IANA zone (422)")
    );
    // Failed items are kept and not retried.
    ok(data, &["--at", "2026-11-22T12:00:00+01:00", "sync"]);
    assert_eq!(outbox(data)["items"][0]["attempts"], 1);
}
