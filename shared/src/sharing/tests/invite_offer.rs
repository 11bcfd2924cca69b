//! An invite link that opened the app is confirmed by the patient, with its server named,
//! before anything is sent (native review #29).

use super::*;

const QR: &str = "afterglow://enroll?server=https%3A%2F%2Fglow.example&code=EMBY-HEPJ-KH1C";

fn linking_clinic() -> impl FnMut(&ClinicOperation) -> ClinicResult {
    |op| match op {
        ClinicOperation::Enroll { .. } => {
            ClinicResult::Linked { link: link(false, true), care_protocol_json: "{}".into() }
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn an_opened_invite_is_offered_with_its_server_and_nothing_is_sent_until_accepted() {
    let mut h = Harness::new(None, vec![]);
    h.answer(linking_clinic());
    let view = h.send(sharing(SharingEvent::OpenInvite { link: QR.into() }));
    assert!(h.asked.is_empty(), "nothing is sent before the patient confirms");
    assert_eq!(view.screen, Screen::Sharing);
    let offer = view.sharing.invite_offer.expect("the offer");
    assert_eq!(offer.question, "Link with the clinic at glow.example?");
    assert_eq!(offer.server, "https://glow.example");

    let view = h.send(sharing(SharingEvent::AcceptInvite { auto_share: true }));
    let [ClinicOperation::Enroll { enrollment }] = h.asked.as_slice() else {
        panic!("{:?}", h.asked)
    };
    assert_eq!(enrollment.server, "https://glow.example");
    assert!(enrollment.auto_share && enrollment.body_json.contains("EMBY-HEPJ-KH1C"));
    assert!(view.sharing.linked && view.sharing.invite_offer.is_none());
}

#[test]
fn a_declined_invite_is_forgotten_and_accepting_later_sends_nothing() {
    let mut h = Harness::new(None, vec![]);
    h.send(sharing(SharingEvent::OpenInvite { link: QR.into() }));
    let view = h.send(sharing(SharingEvent::DeclineInvite));
    assert!(view.sharing.invite_offer.is_none());
    h.send(sharing(SharingEvent::AcceptInvite { auto_share: false }));
    assert!(h.asked.is_empty());
}

#[test]
fn a_link_that_is_not_an_invite_or_names_an_insecure_server_is_refused_in_words() {
    for (link, words) in [
        ("afterglow://open?screen=today", "this QR code is not an Afterglow invite"),
        ("EMBY-HEPJ-KH1C", "this QR code is not an Afterglow invite"),
        (
            "https://glow.example/enroll?code=EMBY-HEPJ-KH1C",
            "this QR code is not an Afterglow invite",
        ),
        (
            "afterglow://enroll?server=http%3A%2F%2Fglow.example&code=EMBY-HEPJ-KH1C",
            "the clinic's address must start with https://",
        ),
    ] {
        let mut h = Harness::new(None, vec![]);
        let view = h.send(sharing(SharingEvent::OpenInvite { link: link.into() }));
        assert!(view.sharing.invite_offer.is_none(), "{link}");
        let error = view.error.expect(link);
        assert_eq!(error.kind, ErrorKind::Invalid);
        assert!(error.message.starts_with(words), "{link}: {}", error.message);
    }
}

#[test]
fn the_offer_reads_in_spanish() {
    let mut h = Harness::new(None, vec![]);
    h.send(AppEvent::SetLanguage { tag: "es-MX".into() });
    let view = h.send(sharing(SharingEvent::OpenInvite { link: QR.into() }));
    let offer = view.sharing.invite_offer.unwrap();
    assert_eq!(offer.question, "¿Vincular con la clínica de glow.example?");
    assert_eq!(offer.accept_label, "Vincular con esta clínica");
}
