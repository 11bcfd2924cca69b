//! The catalogue's keys for why an exchange with the clinic did not succeed
//! (`effects::ClinicReason`, worded by `sharing::reasons`), the sentences that frame a reason
//! when linking or unlinking fails, and what the link and share forms refuse. The clinic's own message stays in its words.

use serde::Serialize;

use super::{Language, en_clinic_reasons, es_clinic_reasons};

#[derive(Serialize, Debug)]
pub struct ClinicReasonWords {
    pub timeout: &'static str,
    pub unreachable: &'static str,
    pub broke_off: &'static str,
    pub not_http: &'static str,
    pub answer_cut_short: &'static str,
    pub slow_down: &'static str,
    /// `{status}`: the HTTP status number.
    pub server_problem: &'static str,
    /// `{status}`.
    pub unexpected: &'static str,
    /// `{status}`, `{clinic_says}`: the clinic's own message.
    pub unexpected_saying: &'static str,
    /// `{status}`.
    pub refused: &'static str,
    /// `{status}`, `{clinic_says}`.
    pub refused_saying: &'static str,
    pub no_longer_accepted: &'static str,
    pub not_a_clinic: &'static str,
    pub answers_unreadable: &'static str,
    pub invalid_invite: &'static str,
    pub expired_invite: &'static str,
    pub not_linked: &'static str,
    pub not_available: &'static str,
    pub photo_gone: &'static str,
    /// `{detail}`: the storage failure, never the patient's data.
    pub storage: &'static str,
    /// `{detail}`: the platform's error.
    pub secret_store: &'static str,
    /// Appended when the clinic said how long to wait. `{seconds}`.
    pub wait: &'static str,
    /// Linking failed. `{server}`: the address tried; `{reason}`.
    pub cannot_link: &'static str,
    /// Unlinking could not end the access at the clinic. `{clinic}`, `{reason}`.
    pub unlink_not_ended: &'static str,
    /// What is wrong with a typed invite or a scanned QR link (`sharing::InviteError`).
    pub invite_code_length: &'static str,
    /// `{character}`.
    pub invite_code_character: &'static str,
    pub invite_no_server: &'static str,
    pub invite_scheme: &'static str,
    pub invite_bad_server: &'static str,
    pub invite_not_an_invite: &'static str,
    /// What cannot be shared as chosen.
    pub nothing_to_share_flagged: &'static str,
    pub nothing_to_share: &'static str,
    /// `{id}`.
    pub no_such_photo: &'static str,
    /// `{id}`.
    pub no_such_checkin: &'static str,
    /// Linked, but the clinic's protocol failed validation. `{clinic}`, `{detail}` (the
    /// protocol's field, for the clinic).
    pub protocol_unusable: &'static str,
}

impl Language {
    /// The words for why a clinic exchange did not succeed, in this language.
    pub fn clinic_reason_words(self) -> &'static ClinicReasonWords {
        match self {
            Self::En => &en_clinic_reasons::CLINIC_REASONS,
            Self::Es => &es_clinic_reasons::CLINIC_REASONS,
        }
    }
}
