//! Why an exchange with the clinic did not succeed, in the patient's language. The handlers
//! and the judges in `delivery` and `answers` give a [`ClinicReason`] as data; it is worded
//! here when the screen is drawn, so a reason stored in the outbox reads in the language the
//! patient has now.

use super::InviteError;
use crate::effects::ClinicReason;
use crate::i18n::{Language, clinic_reasons::ClinicReasonWords, fill};

/// The reason as a clause ("the clinic did not answer in time"), for a sentence to carry.
pub fn word(reason: &ClinicReason, language: Language) -> String {
    let w = language.clinic_reason_words();
    let status_only =
        |template: &str, status: u16| fill(template, &[("status", &status.to_string())]);
    let saying = |plain: &str, with: &str, status: u16, says: &Option<String>| match says {
        Some(says) => fill(with, &[("status", &status.to_string()), ("clinic_says", says)]),
        None => status_only(plain, status),
    };
    match reason {
        ClinicReason::Timeout => w.timeout.to_owned(),
        ClinicReason::Unreachable => w.unreachable.to_owned(),
        ClinicReason::BrokeOff => w.broke_off.to_owned(),
        ClinicReason::NotHttp => w.not_http.to_owned(),
        ClinicReason::AnswerCutShort => w.answer_cut_short.to_owned(),
        ClinicReason::SlowDown { wait_seconds } => {
            with_wait(w, w.slow_down.to_owned(), *wait_seconds)
        }
        ClinicReason::ServerProblem { status, wait_seconds } => {
            with_wait(w, status_only(w.server_problem, *status), *wait_seconds)
        }
        ClinicReason::Unexpected { status, clinic_says } => {
            saying(w.unexpected, w.unexpected_saying, *status, clinic_says)
        }
        ClinicReason::Refused { status, clinic_says } => {
            saying(w.refused, w.refused_saying, *status, clinic_says)
        }
        ClinicReason::NoLongerAccepted => w.no_longer_accepted.to_owned(),
        ClinicReason::NotAClinic => w.not_a_clinic.to_owned(),
        ClinicReason::AnswersUnreadable => w.answers_unreadable.to_owned(),
        ClinicReason::InvalidInvite => w.invalid_invite.to_owned(),
        ClinicReason::ExpiredInvite => w.expired_invite.to_owned(),
        ClinicReason::NotLinked => w.not_linked.to_owned(),
        ClinicReason::NotAvailable => w.not_available.to_owned(),
        ClinicReason::PhotoGone => w.photo_gone.to_owned(),
        ClinicReason::Storage { detail } => fill(w.storage, &[("detail", detail)]),
        ClinicReason::SecretStore { detail } => fill(w.secret_store, &[("detail", detail)]),
        ClinicReason::EarlierText { text } => text.clone(),
    }
}

/// Linking to `server` failed: the sentence the link form shows.
pub fn cannot_link(reason: &ClinicReason, server: &str, language: Language) -> String {
    let w = language.clinic_reason_words();
    fill(w.cannot_link, &[("server", server), ("reason", &word(reason, language))])
}

/// Unlinking could not end the access at `clinic`; the link is kept.
pub fn unlink_not_ended(reason: &ClinicReason, clinic: &str, language: Language) -> String {
    let w = language.clinic_reason_words();
    fill(w.unlink_not_ended, &[("clinic", clinic), ("reason", &word(reason, language))])
}

/// What is wrong with the invite the patient typed or scanned.
pub fn invite_error(error: &InviteError, language: Language) -> String {
    let w = language.clinic_reason_words();
    match error {
        InviteError::CodeLength => w.invite_code_length.to_owned(),
        InviteError::CodeCharacter(c) => {
            fill(w.invite_code_character, &[("character", &c.to_string())])
        }
        InviteError::NoServer => w.invite_no_server.to_owned(),
        InviteError::Scheme => w.invite_scheme.to_owned(),
        InviteError::BadServer => w.invite_bad_server.to_owned(),
        InviteError::NotAnInvite => w.invite_not_an_invite.to_owned(),
    }
}

fn with_wait(w: &ClinicReasonWords, clause: String, wait_seconds: Option<u64>) -> String {
    match wait_seconds {
        Some(seconds) => clause + &fill(w.wait, &[("seconds", &seconds.to_string())]),
        None => clause,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of every reason, with data where it carries some.
    fn every_reason() -> Vec<ClinicReason> {
        vec![
            ClinicReason::Timeout,
            ClinicReason::Unreachable,
            ClinicReason::BrokeOff,
            ClinicReason::NotHttp,
            ClinicReason::AnswerCutShort,
            ClinicReason::SlowDown { wait_seconds: Some(30) },
            ClinicReason::ServerProblem { status: 503, wait_seconds: None },
            ClinicReason::Unexpected { status: 302, clinic_says: None },
            ClinicReason::Unexpected { status: 418, clinic_says: Some("teapot".into()) },
            ClinicReason::Refused { status: 422, clinic_says: None },
            ClinicReason::Refused { status: 413, clinic_says: Some("photo too large".into()) },
            ClinicReason::NoLongerAccepted,
            ClinicReason::NotAClinic,
            ClinicReason::AnswersUnreadable,
            ClinicReason::InvalidInvite,
            ClinicReason::ExpiredInvite,
            ClinicReason::NotLinked,
            ClinicReason::NotAvailable,
            ClinicReason::PhotoGone,
            ClinicReason::Storage { detail: "disk I/O error".into() },
            ClinicReason::SecretStore { detail: "KeyStoreException".into() },
        ]
    }

    #[test]
    fn every_reason_is_worded_in_both_languages_with_its_data_and_no_placeholder_left() {
        for reason in every_reason() {
            let en = word(&reason, Language::En);
            let es = word(&reason, Language::Es);
            assert_ne!(en, es, "{reason:?} reads the same in Spanish");
            for text in [&en, &es] {
                assert!(!text.contains('{'), "{reason:?}: {text}");
            }
            let data = match &reason {
                ClinicReason::ServerProblem { status, .. } => Some(status.to_string()),
                ClinicReason::Refused { clinic_says: Some(s), .. }
                | ClinicReason::Unexpected { clinic_says: Some(s), .. } => Some(s.clone()),
                ClinicReason::SlowDown { wait_seconds: Some(s) } => Some(format!("{s} s")),
                ClinicReason::Storage { detail } | ClinicReason::SecretStore { detail } => {
                    Some(detail.clone())
                }
                _ => None,
            };
            if let Some(data) = data {
                assert!(en.contains(&data) && es.contains(&data), "{en} / {es} lack {data}");
            }
        }
    }

    #[test]
    fn a_reason_stored_as_text_by_an_earlier_version_reads_as_stored() {
        let reason = ClinicReason::EarlierText { text: "the clinic did not answer in time".into() };
        assert_eq!(word(&reason, Language::Es), "the clinic did not answer in time");
    }

    #[test]
    fn the_frames_name_the_server_and_the_clinic() {
        let es = cannot_link(&ClinicReason::Timeout, "https://glow.example", Language::Es);
        assert_eq!(
            es,
            "no se puede vincular con https://glow.example: la clínica no respondió a tiempo"
        );
        let en = unlink_not_ended(&ClinicReason::Unreachable, "Glow Clinic", Language::En);
        assert!(
            en.starts_with("Glow Clinic could not be reached") && en.ends_with("still linked.")
        );
    }
}
