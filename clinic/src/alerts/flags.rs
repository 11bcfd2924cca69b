//! The `clinic serve` flags for alerts, turned into an [`AlertConfig`].

use std::path::{Path, PathBuf};

use super::{AlertConfig, SmtpConfig, SmtpSecurity, WebhookConfig};

/// Where staff alerts go.
#[derive(Debug, Clone, clap::Args)]
pub struct AlertFlags {
    /// SMTP server for email alerts (email alerts are off without it).
    #[arg(long)]
    pub smtp_host: Option<String>,
    /// SMTP port.
    #[arg(long, default_value_t = 587)]
    pub smtp_port: u16,
    /// SMTP transport security.
    #[arg(long, value_enum, default_value_t = SmtpSecurity::Starttls)]
    pub smtp_security: SmtpSecurity,
    /// Sender address of alert emails.
    #[arg(long)]
    pub smtp_from: Option<String>,
    /// Recipient of alert emails (repeat for more).
    #[arg(long)]
    pub smtp_to: Vec<String>,
    /// SMTP login name (the password comes from --smtp-password-file).
    #[arg(long)]
    pub smtp_user: Option<String>,
    /// File holding the SMTP password (one line).
    #[arg(long)]
    pub smtp_password_file: Option<PathBuf>,
    /// URL that receives a signed POST per alert.
    #[arg(long)]
    pub webhook_url: Option<String>,
    /// File holding the webhook's HMAC secret (at least 32 characters).
    #[arg(long)]
    pub webhook_secret_file: Option<PathBuf>,
}

fn read_secret(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text.trim_end_matches(['\r', '\n']).to_owned())
}

/// https anywhere; plain http only to this machine (the host parsed, not a prefix: review L1).
fn check_webhook_url(url: &str) -> Result<(), String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("--webhook-url: {e}"))?;
    let host = parsed.host_str().unwrap_or("").trim_start_matches('[').trim_end_matches(']');
    let loopback = match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host == "localhost",
    };
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err("--webhook-url must be https (plain http only to this machine)".into()),
    }
}

impl AlertFlags {
    /// Checks the flags fit together and reads the secret files.
    pub fn into_config(self) -> Result<AlertConfig, String> {
        let smtp = match self.smtp_host {
            None => None,
            Some(host) => {
                let from = self.smtp_from.ok_or("--smtp-host needs --smtp-from")?;
                if self.smtp_to.is_empty() {
                    return Err("--smtp-host needs at least one --smtp-to".into());
                }
                // Refused at start rather than failing every delivery later.
                for address in std::iter::once(&from).chain(&self.smtp_to) {
                    address
                        .parse::<lettre::message::Mailbox>()
                        .map_err(|e| format!("email address {address:?}: {e}"))?;
                }
                let credentials = match (self.smtp_user, self.smtp_password_file) {
                    (Some(user), Some(file)) => Some((user, read_secret(&file)?)),
                    (None, None) => None,
                    _ => return Err("--smtp-user and --smtp-password-file go together".into()),
                };
                Some(SmtpConfig {
                    host,
                    port: self.smtp_port,
                    security: self.smtp_security,
                    from,
                    to: self.smtp_to,
                    credentials,
                })
            }
        };
        let webhook = match (self.webhook_url, self.webhook_secret_file) {
            (None, None) => None,
            (Some(url), Some(file)) => {
                let secret = read_secret(&file)?;
                if secret.len() < 32 {
                    return Err("the webhook secret must be at least 32 characters".into());
                }
                check_webhook_url(&url)?;
                Some(WebhookConfig { url, secret: secret.into_bytes() })
            }
            _ => return Err("--webhook-url and --webhook-secret-file go together".into()),
        };
        Ok(AlertConfig { smtp, webhook, first_retry: None })
    }
}

#[cfg(test)]
mod tests {
    use super::{AlertFlags, check_webhook_url};

    fn smtp(from: &str, to: &[&str]) -> AlertFlags {
        AlertFlags {
            smtp_host: Some("smtp.example.org".into()),
            smtp_port: 587,
            smtp_security: super::SmtpSecurity::Starttls,
            smtp_from: Some(from.into()),
            smtp_to: to.iter().map(|s| (*s).to_owned()).collect(),
            smtp_user: None,
            smtp_password_file: None,
            webhook_url: None,
            webhook_secret_file: None,
        }
    }

    #[test]
    fn smtp_flags_are_checked_at_start() {
        let config =
            smtp("Clinic <alerts@clinic.example>", &["duty@clinic.example"]).into_config().unwrap();
        assert_eq!(config.channels(), vec![super::super::Channel::Email]);
        assert!(smtp("not an address", &["duty@clinic.example"]).into_config().is_err());
        assert!(smtp("alerts@clinic.example", &["nobody"]).into_config().is_err());
        assert!(smtp("alerts@clinic.example", &[]).into_config().is_err());
    }

    #[test]
    fn plain_http_only_to_a_real_loopback_host() {
        assert!(check_webhook_url("https://hooks.example/x").is_ok());
        assert!(check_webhook_url("http://127.0.0.1:9000/x").is_ok());
        assert!(check_webhook_url("http://[::1]/x").is_ok());
        assert!(check_webhook_url("http://127.attacker.example/x").is_err());
        assert!(check_webhook_url("http://localhost.attacker.example/x").is_err());
        assert!(check_webhook_url("ftp://127.0.0.1/x").is_err());
    }
}
