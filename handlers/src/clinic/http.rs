//! One HTTP exchange with the clinic and what its answer means for the outbox (clinic/API.md,
//! "Retry policy for the app"). Messages name the problem, never the patient's data.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use serde::Deserialize;

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

/// What one attempt came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Stored (201/200), with the server's id when its answer said one.
    Stored { server_id: Option<String>, body: String },
    /// Try again later with the same key: network trouble, timeouts, 5xx, 429, garbage.
    Retry { reason: String, retry_after: Option<Duration>, stop_pass: bool },
    /// 401: the token is no longer accepted.
    Unauthorized,
    /// Another 4xx: the clinic will not take this request as it is.
    Refused { status: u16, code: String, reason: String },
}

#[derive(Deserialize)]
struct ApiError {
    #[serde(default)]
    error: String,
    #[serde(default)]
    message: String,
}

#[derive(Deserialize)]
struct Ack {
    id: String,
}

pub struct Request<'a> {
    pub url: String,
    pub token: Option<&'a str>,
    pub idempotency_key: Option<&'a str>,
    pub body: Body,
}

pub enum Body {
    Json(String),
    Jpeg { bytes: Vec<u8>, sha256_hex: String },
}

pub fn send(client: &Client, request: Request<'_>) -> Outcome {
    let mut builder: RequestBuilder = client.post(&request.url);
    if let Some(token) = request.token {
        builder = builder.header(AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(key) = request.idempotency_key {
        builder = builder.header("Idempotency-Key", key);
    }
    builder = match request.body {
        Body::Json(json) => builder.header(CONTENT_TYPE, "application/json").body(json),
        Body::Jpeg { bytes, sha256_hex } => builder
            .header(CONTENT_TYPE, "image/jpeg")
            .header("X-Content-SHA256", sha256_hex)
            .body(bytes),
    };
    match builder.send() {
        Ok(response) => classify(response),
        Err(e) => transport_error(&e),
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

fn transport_error(e: &reqwest::Error) -> Outcome {
    let reason = if e.is_timeout() {
        "the clinic did not answer in time"
    } else if e.is_connect() {
        "the clinic's server cannot be reached (offline, or the server is down)"
    } else if broke_off(e) {
        "the connection to the clinic broke off"
    } else {
        "the clinic's server sent an answer that is not HTTP"
    };
    Outcome::Retry { reason: reason.into(), retry_after: None, stop_pass: true }
}

fn classify(response: Response) -> Outcome {
    let status = response.status();
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let body = match response.text() {
        Ok(body) => body,
        Err(e) if status.is_success() => {
            // Stored, but the answer broke off: the replay on the next try confirms it.
            return Outcome::Retry {
                reason: format!("the clinic's answer broke off ({e})"),
                retry_after: None,
                stop_pass: true,
            };
        }
        Err(_) => String::new(),
    };
    let api_error = serde_json::from_str::<ApiError>(&body).ok();
    let server_says =
        api_error.as_ref().map(|e| e.message.trim()).filter(|m| !m.is_empty()).map_or_else(
            || format!("HTTP {}", status.as_u16()),
            |m| format!("{m} ({})", status.as_u16()),
        );
    match status {
        s if s.is_success() => {
            let server_id = serde_json::from_str::<Ack>(&body).ok().map(|a| a.id);
            Outcome::Stored { server_id, body }
        }
        StatusCode::UNAUTHORIZED => Outcome::Unauthorized,
        StatusCode::TOO_MANY_REQUESTS => Outcome::Retry {
            reason: "the clinic asked to slow down".into(),
            retry_after,
            stop_pass: true,
        },
        s if s.is_server_error() => Outcome::Retry {
            reason: format!("the clinic's server had a problem ({})", s.as_u16()),
            retry_after,
            stop_pass: false,
        },
        s if s.is_client_error() => Outcome::Refused {
            status: s.as_u16(),
            code: api_error.map(|e| e.error).unwrap_or_default(),
            reason: server_says,
        },
        // 1xx/3xx: not what the API answers (redirects are not followed).
        s => Outcome::Retry {
            reason: format!("the clinic answered unexpectedly (HTTP {})", s.as_u16()),
            retry_after,
            stop_pass: true,
        },
    }
}

/// Full-jitter exponential backoff (AWS architecture blog): uniform in [0, min(cap, base·2^n)],
/// at least one second so a broken server is not hammered.
pub fn backoff(attempts: u32, base: Duration, cap: Duration, random: u64) -> Duration {
    let exp = base.saturating_mul(1u32.checked_shl(attempts.min(30)).unwrap_or(u32::MAX));
    let ceiling = exp.min(cap).as_millis().max(1);
    let ceiling = u64::try_from(ceiling).unwrap_or(u64::MAX);
    Duration::from_millis((random % (ceiling + 1)).max(1_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_to_the_cap_and_stays_jittered() {
        let base = Duration::from_secs(2);
        let cap = Duration::from_secs(3600);
        for attempts in 0..40 {
            let ceiling = base.saturating_mul(1 << attempts.min(30)).min(cap);
            for random in [0, 1, 7_777, u64::MAX / 3, u64::MAX] {
                let d = backoff(attempts, base, cap, random);
                assert!(d >= Duration::from_secs(1) && d <= ceiling.max(Duration::from_secs(1)));
            }
        }
        assert_eq!(backoff(20, base, cap, 3_600_000), cap);
    }
}
