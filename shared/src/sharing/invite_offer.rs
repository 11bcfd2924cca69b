//! An invite link that opened the app (the clinic's QR code, or a tapped link) is not linked
//! at once: the core reads it, and the clinic screen asks the patient to confirm, naming the
//! server the invite would send their check-ins to (native review #29). A link from anyone
//! else — a look-alike address in a message — is then seen before anything is sent.

use facet::Facet;
use serde::{Deserialize, Serialize};

use super::Invite;
use super::invite::authority;
use crate::i18n::{Language, fill};

/// The confirmation the clinic screen shows for an opened invite link.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct InviteOfferView {
    /// "Link with the clinic at glow.example?"
    pub question: String,
    /// The invite's whole server address, for the patient to check.
    pub server: String,
    /// Why to check it, naming the address.
    pub caution: String,
    /// The button that sends `AcceptInvite` (with the automatic-sharing box's state).
    pub accept_label: String,
    /// The button that sends `DeclineInvite`.
    pub decline_label: String,
}

pub(crate) fn build(invite: &Invite, language: Language) -> InviteOfferView {
    let words = &language.words().sharing;
    InviteOfferView {
        question: fill(words.invite_offer_question, &[("host", authority(&invite.server))]),
        server: invite.server.clone(),
        caution: fill(words.invite_offer_caution, &[("server", &invite.server)]),
        accept_label: words.invite_offer_accept.to_owned(),
        decline_label: words.invite_offer_decline.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_names_the_host_and_the_caution_the_whole_address() {
        let invite = Invite {
            server: "https://glow-clinic.example:8443/afterglow".into(),
            code: "EMBY-HEPJ-KH1C".into(),
        };
        let en = build(&invite, Language::En);
        assert_eq!(en.question, "Link with the clinic at glow-clinic.example:8443?");
        assert!(en.caution.contains("https://glow-clinic.example:8443/afterglow"));
        let es = build(&invite, Language::Es);
        assert_eq!(es.question, "¿Vincular con la clínica de glow-clinic.example:8443?");
        assert_ne!(es.accept_label, en.accept_label);
    }
}
