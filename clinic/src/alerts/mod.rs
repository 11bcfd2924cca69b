//! Staff alerts (issue 19): a check-in that asks the clinic to respond must reach a person.
//!
//! The database queues one alert per contact-clinic or urgent check-in, in the transaction that
//! stores the check-in (`migrations/sqlite/007_staff_alerts.sql`). A worker delivers each alert by
//! email (SMTP) and/or a signed webhook, retrying with backoff until it is delivered or staff
//! acknowledge it in the portal (`/alerts`). A message names no patient and no clinical detail:
//! only a link to the alert in the portal, behind the staff login. An email goes to the
//! addresses of the check-in's clinic (its `/settings` page or `clinic settings --alert-email`),
//! or to the server's `--smtp-to` when that clinic has none.

mod email;
mod flags;
pub mod portal;
pub mod queue;
pub mod recipients;
mod webhook;

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
pub use email::{SmtpConfig, SmtpSecurity};
pub use flags::AlertFlags;
pub use queue::AlertQueue;
pub use webhook::{WebhookConfig, signature};

/// A way an alert leaves the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// SMTP.
    Email,
    /// HTTP POST signed with HMAC-SHA256.
    Webhook,
}

impl Channel {
    /// The name stored in `staff_alert_deliveries.channel`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Webhook => "webhook",
        }
    }
}

/// Where alerts go (flags of `clinic serve`); neither set means the portal list only.
#[derive(Debug, Clone, Default)]
pub struct AlertConfig {
    /// Email over SMTP.
    pub smtp: Option<SmtpConfig>,
    /// A webhook.
    pub webhook: Option<WebhookConfig>,
    /// First retry delay; doubles per failed attempt up to [`MAX_BACKOFF`].
    pub first_retry: Option<Duration>,
}

/// The longest wait between two attempts of one delivery.
pub const MAX_BACKOFF: Duration = Duration::from_secs(300);
/// How often the worker looks for due deliveries (the trigger cannot wake it).
const POLL: Duration = Duration::from_millis(500);

impl AlertConfig {
    /// The channels configured.
    pub fn channels(&self) -> Vec<Channel> {
        let mut channels = Vec::new();
        if self.smtp.is_some() {
            channels.push(Channel::Email);
        }
        if self.webhook.is_some() {
            channels.push(Channel::Webhook);
        }
        channels
    }

    /// Wait after the `attempts`-th failure: first_retry × 2^(attempts−1), at most MAX_BACKOFF.
    pub fn backoff(&self, attempts: i64) -> Duration {
        let first = self.first_retry.unwrap_or(Duration::from_secs(1));
        let shift = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
        first.saturating_mul(1u32 << shift).min(MAX_BACKOFF)
    }
}

/// What a message says: a fixed sentence and the link. No name, level, note or time, so a
/// mailbox or webhook log holds nothing about a patient.
pub struct Message {
    /// Alert id.
    pub alert_id: i64,
    /// Portal link to the alert (behind the staff login).
    pub link: String,
}

impl Message {
    /// Builds the message for an alert; `public_url` is the server's base URL.
    pub fn new(alert_id: i64, public_url: &str) -> Self {
        let link = format!("{}/alerts/{alert_id}", public_url.trim_end_matches('/'));
        Self { alert_id, link }
    }

    /// Email subject.
    pub fn subject(&self) -> String {
        "Afterglow: a patient check-in is waiting for the clinic".to_owned()
    }

    /// Email body.
    pub fn text(&self) -> String {
        format!(
            "A patient's check-in asks the clinic to respond.\n\n\
             Open it in the staff portal (login required):\n{}\n\n\
             By design this message holds no patient details. Acknowledge the alert in the \
             portal once someone is on it.\n",
            self.link
        )
    }
}

/// Delivers due alerts until dropped (the task is aborted with the handle).
pub struct Worker {
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts the delivery worker when a channel is configured.
pub fn spawn(config: AlertConfig, queue: Arc<AlertQueue>, public_url: String) -> Option<Worker> {
    let channels = config.channels();
    if channels.is_empty() {
        return None;
    }
    let mailer = match &config.smtp {
        Some(smtp) => match email::Mailer::new(smtp) {
            Ok(m) => Some(m),
            Err(e) => {
                tracing::error!(error = %e, "SMTP settings rejected; email alerts are off");
                None
            }
        },
        None => None,
    };
    let hook = config.webhook.clone().map(webhook::Hook::new);
    let task = tokio::spawn(async move {
        loop {
            let now = Utc::now();
            let q = Arc::clone(&queue);
            let chans = channels.clone();
            let due = match tokio::task::spawn_blocking(move || q.due(&chans, now)).await {
                Ok(Ok(due)) => due,
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "alert queue read failed");
                    Vec::new()
                }
                Err(_) => Vec::new(),
            };
            for item in due {
                let message = Message::new(item.alert_id, &public_url);
                let result = match item.channel {
                    Channel::Email => match &mailer {
                        Some(m) => m.send(&message, &item.recipients).await,
                        None => Err("SMTP settings rejected at start".to_owned()),
                    },
                    Channel::Webhook => match &hook {
                        Some(h) => h.send(&message).await,
                        None => Err("no webhook".to_owned()),
                    },
                };
                let q = Arc::clone(&queue);
                let now = Utc::now();
                let next = now
                    + chrono::Duration::from_std(config.backoff(item.attempts + 1))
                        .unwrap_or_else(|_| chrono::Duration::seconds(300));
                let channel = item.channel;
                let id = item.alert_id;
                let outcome = result.clone();
                let written = tokio::task::spawn_blocking(move || match outcome {
                    Ok(()) => q.delivered(id, channel, now),
                    Err(e) => q.failed(id, channel, &e, next),
                })
                .await;
                match result {
                    Ok(()) => {
                        tracing::info!(alert = id, channel = channel.as_str(), "alert delivered")
                    }
                    Err(e) => tracing::warn!(
                        alert = id,
                        channel = channel.as_str(),
                        attempt = item.attempts + 1,
                        error = %e,
                        "alert delivery failed; will retry"
                    ),
                }
                if !matches!(written, Ok(Ok(()))) {
                    tracing::warn!(alert = id, "alert delivery state not saved");
                }
            }
            tokio::time::sleep(POLL).await;
        }
    });
    Some(Worker { task })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let config = AlertConfig::default();
        assert_eq!(config.backoff(1), Duration::from_secs(1));
        assert_eq!(config.backoff(2), Duration::from_secs(2));
        assert_eq!(config.backoff(4), Duration::from_secs(8));
        assert_eq!(config.backoff(30), MAX_BACKOFF);
    }

    #[test]
    fn message_is_a_sentence_and_a_link() {
        let m = Message::new(42, "https://clinic.example/");
        assert_eq!(m.link, "https://clinic.example/alerts/42");
        assert!(m.text().contains("https://clinic.example/alerts/42"));
    }
}
