//! Email alerts over SMTP with `lettre` (STARTTLS by default; implicit TLS or plain for a relay
//! on the same host).

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::Message;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (submission port 587); refused without it.
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No TLS: only for a relay on the same machine or a test sink.
    None,
}

/// SMTP settings.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    /// Server host name.
    pub host: String,
    /// Server port.
    pub port: u16,
    /// Transport security.
    pub security: SmtpSecurity,
    /// Sender address.
    pub from: String,
    /// Recipients (a shared clinic inbox, a duty phone's mail-to-SMS gateway…) of the alerts
    /// of every clinic that has no alert addresses of its own.
    pub to: Vec<String>,
    /// User name and password, when the server wants a login.
    pub credentials: Option<(String, String)>,
}

pub(super) struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    to: Vec<Mailbox>,
}

impl Mailer {
    pub(super) fn new(config: &SmtpConfig) -> Result<Self, String> {
        let builder = match config.security {
            SmtpSecurity::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.host)
                    .map_err(|e| e.to_string())?
            }
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&config.host)
                .map_err(|e| e.to_string())?,
            SmtpSecurity::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host)
            }
        };
        let mut builder = builder.port(config.port).timeout(Some(Duration::from_secs(15)));
        if let Some((user, password)) = &config.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        let from = config.from.parse::<Mailbox>().map_err(|e| format!("--smtp-from: {e}"))?;
        let to = config
            .to
            .iter()
            .map(|a| a.parse::<Mailbox>().map_err(|e| format!("--smtp-to {a}: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        if to.is_empty() {
            return Err("no --smtp-to recipient".to_owned());
        }
        Ok(Self { transport: builder.build(), from, to })
    }

    /// Sends to `clinic_to`, the alert's clinic's own addresses, or to the server's `--smtp-to`
    /// when it has none. The clinic's were checked where they were set
    /// ([`super::recipients`]); parsing them again here is the mail header's own guard.
    pub(super) async fn send(&self, message: &Message, clinic_to: &[String]) -> Result<(), String> {
        let clinic_to = clinic_to
            .iter()
            .map(|a| a.parse::<Mailbox>().map_err(|_| "a clinic alert address is malformed"))
            .collect::<Result<Vec<_>, _>>()?;
        let to = if clinic_to.is_empty() { &self.to } else { &clinic_to };
        let mut mail =
            lettre::Message::builder().from(self.from.clone()).subject(message.subject());
        for to in to {
            mail = mail.to(to.clone());
        }
        let mail =
            mail.header(ContentType::TEXT_PLAIN).body(message.text()).map_err(|e| e.to_string())?;
        self.transport.send(mail).await.map(|_| ()).map_err(|e| e.to_string())
    }
}
