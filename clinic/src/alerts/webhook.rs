//! Webhook alerts: a JSON POST signed with HMAC-SHA256 over `"<timestamp>.<body>"`, so the
//! receiver can check both who sent it and that it is fresh (replays carry an old timestamp).

use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::Message;

/// Webhook settings.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    /// Where to POST.
    pub url: String,
    /// Shared secret (read from a file, never a flag: flags show in `ps`).
    pub secret: Vec<u8>,
}

/// Header with the Unix time of sending.
pub const TIMESTAMP_HEADER: &str = "x-afterglow-timestamp";
/// Header with `sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`.
pub const SIGNATURE_HEADER: &str = "x-afterglow-signature";

/// The signature header's value for a timestamp and body.
pub fn signature(secret: &[u8], timestamp: &str, body: &[u8]) -> String {
    // HMAC takes a key of any length; this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

pub(super) struct Hook {
    config: WebhookConfig,
    client: reqwest::Client,
}

impl Hook {
    pub(super) fn new(config: WebhookConfig) -> Self {
        // No redirects: a signed alert goes to the configured URL or nowhere.
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(15))
            .build()
            .unwrap_or_default();
        Self { config, client }
    }

    pub(super) async fn send(&self, message: &Message) -> Result<(), String> {
        let body = serde_json::json!({
            "event": "checkin_alert",
            "alert_id": message.alert_id,
            "link": message.link,
        })
        .to_string();
        let timestamp = chrono::Utc::now().timestamp().to_string();
        let response = self
            .client
            .post(&self.config.url)
            .header("content-type", "application/json")
            .header(TIMESTAMP_HEADER, &timestamp)
            .header(SIGNATURE_HEADER, signature(&self.config.secret, &timestamp, body.as_bytes()))
            .body(body)
            .send()
            .await
            .map_err(|e| e.without_url().to_string())?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(format!("webhook answered {}", response.status()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_sha256_of_timestamp_dot_body() {
        // Expected value computed independently: Python
        // hmac.new(b"key", b"1700000000.{}", hashlib.sha256).hexdigest()
        assert_eq!(
            signature(b"key", "1700000000", b"{}"),
            "sha256=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae"
        );
        assert_ne!(signature(b"key", "1700000001", b"{}"), signature(b"key", "1700000000", b"{}"));
    }
}
