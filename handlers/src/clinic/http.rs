//! One HTTP exchange with the clinic, reported as facts (`shared::sharing::delivery::Exchange`):
//! what it means for the outbox is the core's decision, not this file's.

use std::time::Duration;

use afterglow_share_client::{Body, Method, Request};
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use shared::sharing::delivery::{Exchange, Transport};

/// How long to wait; shortened in tests.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub connect: Duration,
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self { connect: Duration::from_secs(5), request: Duration::from_secs(20) }
    }
}

pub fn client(timeouts: Timeouts) -> Result<Client, String> {
    Client::builder()
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.request)
        // The token must never follow a redirect to another host.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Afterglow/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("the HTTP client cannot start: {e}"))
}

/// Sends one request and reports what came back; the core's `judge_*` decide what it means.
pub fn send(client: &Client, request: Request<'_>) -> Exchange {
    let mut builder: RequestBuilder = match request.method {
        Method::Get => client.get(&request.url),
        Method::Post => client.post(&request.url),
        Method::Delete => client.delete(&request.url),
    };
    if let Some(token) = request.token {
        builder = builder.header(AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(key) = request.idempotency_key {
        builder = builder.header("Idempotency-Key", key);
    }
    builder = match request.body {
        Body::Empty => builder,
        Body::Json(json) => builder.header(CONTENT_TYPE, "application/json").body(json),
        Body::Jpeg { bytes, sha256_hex } => builder
            .header(CONTENT_TYPE, "image/jpeg")
            .header("X-Content-SHA256", sha256_hex)
            .body(bytes),
    };
    match builder.send() {
        Ok(response) => observe(response),
        Err(e) => Exchange::NoAnswer { transport: transport(&e) },
    }
}

/// Whether the connection dropped mid-exchange (server killed, network lost), as opposed to
/// the server answering something that is not HTTP.
fn broke_off(e: &reqwest::Error) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset, UnexpectedEof};
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && matches!(io.kind(), BrokenPipe | ConnectionAborted | ConnectionReset | UnexpectedEof)
        {
            return true;
        }
        if cause.to_string().contains("connection closed before message completed") {
            return true;
        }
        source = cause.source();
    }
    false
}

fn transport(e: &reqwest::Error) -> Transport {
    if e.is_timeout() {
        Transport::Timeout
    } else if e.is_connect() {
        Transport::Unreachable
    } else if broke_off(e) {
        Transport::BrokeOff
    } else {
        Transport::NotHttp
    }
}

fn observe(response: Response) -> Exchange {
    let status = response.status();
    let retry_after =
        response.headers().get(RETRY_AFTER).and_then(|v| v.to_str().ok()).map(str::to_owned);
    Exchange::observed(status.as_u16(), retry_after, response.text().ok())
}
