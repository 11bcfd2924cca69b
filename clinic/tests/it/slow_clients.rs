//! Slow and greedy clients (security review M2): half-sent headers and bodies are cut off, and
//! connections past the cap are closed on arrival. Raw sockets, because an HTTP client would
//! finish its request.

use std::time::Duration;

use clinic::state::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::harness::Server;

/// Far above the deadlines below, far below the review's 75 s probe.
const GIVE_UP: Duration = Duration::from_secs(20);

fn short_deadlines() -> Limits {
    Limits {
        header_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(2),
        ..Limits::default()
    }
}

async fn connect(server: &Server) -> TcpStream {
    TcpStream::connect(server.url.trim_start_matches("http://")).await.unwrap()
}

/// Reads until the server closes the connection; returns what it said.
async fn until_closed(stream: &mut TcpStream) -> String {
    let mut said = Vec::new();
    let read = tokio::time::timeout(GIVE_UP, stream.read_to_end(&mut said)).await;
    assert!(read.is_ok(), "the server still held the connection after {GIVE_UP:?}");
    String::from_utf8_lossy(&said).into_owned()
}

#[tokio::test]
async fn half_sent_headers_are_cut_off() {
    let server = Server::start_with(short_deadlines()).await;
    let mut stream = connect(&server).await;
    stream.write_all(b"GET /login HTTP/1.1\r\nHost: x\r\nX-Slow: ").await.unwrap();
    until_closed(&mut stream).await;
}

#[tokio::test]
async fn a_body_sent_a_byte_at_a_time_gets_408() {
    let server = Server::start_with(short_deadlines()).await;
    let p = server.patient("Ann Example").await;
    let mut stream = connect(&server).await;
    let head = format!(
        "POST /api/v1/checkins HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
         Idempotency-Key: key-slow-body\r\nContent-Type: application/json\r\n\
         Content-Length: 1000\r\n\r\n{{\"recorded_at\"",
        p.token
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // One more byte now and then, each well inside any per-read timeout.
    let drip = async {
        for _ in 0..40 {
            tokio::time::sleep(Duration::from_millis(300)).await;
            if stream.write_all(b" ").await.is_err() {
                break;
            }
        }
    };
    drip.await;
    let said = until_closed(&mut stream).await;
    assert!(said.starts_with("HTTP/1.1 408"), "answer: {said:?}");
    let detail = server.detail(&p.id).unwrap().unwrap();
    assert!(detail.checkins.is_empty(), "nothing half-sent is stored");
}

#[tokio::test]
async fn connections_past_the_cap_are_closed_and_served_again_once_one_ends() {
    let limits = Limits { max_connections: 2, ..Limits::default() };
    let server = Server::start_with(limits).await;
    let first = connect(&server).await;
    let _second = connect(&server).await;
    // Give the server time to accept both before the third arrives.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = connect(&server).await;
    let said = until_closed(&mut third).await;
    assert!(said.is_empty(), "a connection past the cap is closed unanswered: {said:?}");
    drop(first);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut fourth = connect(&server).await;
    fourth.write_all(b"GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let said = until_closed(&mut fourth).await;
    assert!(said.starts_with("HTTP/1.1 200"), "answer: {said:?}");
}
