//! Why a clinic exchange did not succeed, as data: the handlers store it and pass it back, and
//! the core words it in the patient's language when it draws the screen (`sharing::reasons`).
//! A reason stored in the outbox keeps its meaning when the patient switches language.

use facet::Facet;
use serde::{Deserialize, Deserializer, Serialize};

/// Variant order is part of the bridge's wire format (bincode uses indices): only append.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum ClinicReason {
    /// No answer within the shell's timeout.
    Timeout,
    /// Offline, DNS failure, connection refused (or, in a browser, blocked by policy).
    Unreachable,
    /// The connection dropped mid-exchange.
    BrokeOff,
    /// Something answered that is not HTTP.
    NotHttp,
    /// A success status arrived but its body broke off.
    AnswerCutShort,
    /// 429. `wait_seconds`: the clinic's `Retry-After`, where the patient should wait it out.
    SlowDown { wait_seconds: Option<u64> },
    /// A 5xx status.
    ServerProblem { status: u16, wait_seconds: Option<u64> },
    /// A status the share API does not answer (1xx, 3xx, or a 4xx where none is expected);
    /// `clinic_says`: the clinic's own message, cleaned, when it sent one.
    Unexpected { status: u16, clinic_says: Option<String> },
    /// A 4xx other than 401 and 429: the clinic will not take the item as it is.
    Refused { status: u16, clinic_says: Option<String> },
    /// 401: the clinic no longer accepts this device.
    NoLongerAccepted,
    /// The server answered, but not with the share API's JSON.
    NotAClinic,
    /// The answers to the patient's check-ins could not be read.
    AnswersUnreadable,
    /// The invite code is unknown (404) or malformed (400).
    InvalidInvite,
    /// The invite expired or was already used (410).
    ExpiredInvite,
    /// No link (or no token) on this device.
    NotLinked,
    /// This build has no clinic client.
    NotAvailable,
    /// A queued photo was deleted from the journal after it was queued.
    PhotoGone,
    /// The outbox or link could not be read or written; `detail` names the storage failure
    /// (never the patient's data).
    Storage { detail: String },
    /// The clinic's key could not be kept in the phone's secret store; `detail` is the
    /// platform's error, never the key.
    SecretStore { detail: String },
    /// A reason an earlier version stored as text: shown as it was stored.
    EarlierText { text: String },
}

/// Reads a stored reason in a human-readable format (an outbox row's JSON in the browser's
/// store): the typed reason, or the plain text an earlier version stored, kept as
/// [`ClinicReason::EarlierText`]. The bridge's bincode reads only the typed form.
pub fn stored_reason<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ClinicReason>, D::Error> {
    if !d.is_human_readable() {
        return Option::<ClinicReason>::deserialize(d);
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Typed(ClinicReason),
        Text(String),
    }
    Ok(Option::<Stored>::deserialize(d)?.map(|stored| match stored {
        Stored::Typed(reason) => reason,
        Stored::Text(text) => ClinicReason::EarlierText { text },
    }))
}

impl ClinicReason {
    /// The reason from a stored column: its JSON, or an earlier version's plain text.
    pub fn from_stored(text: &str) -> Self {
        serde_json::from_str(text).unwrap_or_else(|_| Self::EarlierText { text: text.to_owned() })
    }

    /// The form [`Self::from_stored`] reads.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_reason_reads_back_and_earlier_text_is_kept() {
        for reason in [
            ClinicReason::Timeout,
            ClinicReason::ServerProblem { status: 503, wait_seconds: Some(30) },
            ClinicReason::Refused { status: 422, clinic_says: Some("no \"x\"".into()) },
        ] {
            assert_eq!(ClinicReason::from_stored(&reason.to_stored()), reason);
        }
        let earlier = "the clinic's server had a problem (500)";
        assert_eq!(
            ClinicReason::from_stored(earlier),
            ClinicReason::EarlierText { text: earlier.into() }
        );
    }

    #[test]
    fn an_outbox_row_from_the_earlier_browser_store_reads_its_text() {
        #[derive(Deserialize)]
        struct Row {
            #[serde(deserialize_with = "stored_reason")]
            last_error: Option<ClinicReason>,
        }
        let read = |json: &str| serde_json::from_str::<Row>(json).unwrap().last_error;
        assert_eq!(read(r#"{"last_error": null}"#), None);
        assert_eq!(read(r#"{"last_error": "timeout"}"#), Some(ClinicReason::Timeout));
        assert_eq!(
            read(r#"{"last_error": {"slow_down": {"wait_seconds": 5}}}"#),
            Some(ClinicReason::SlowDown { wait_seconds: Some(5) })
        );
        assert_eq!(
            read(r#"{"last_error": "the clinic did not answer in time"}"#),
            Some(ClinicReason::EarlierText { text: "the clinic did not answer in time".into() })
        );
    }
}
