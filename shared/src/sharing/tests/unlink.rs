//! Unlinking: the clinic is asked to end this device's access before the phone forgets it.

use super::*;

/// A stand-in for the handler of `Revoke`: the clinic's answer is `exchange`, judged by the
/// core's [`delivery::judge_unlink`]; `Unlink` always succeeds (forgetting is local).
fn unlinking_clinic(exchange: delivery::Exchange) -> impl FnMut(&ClinicOperation) -> ClinicResult {
    move |op| match op {
        ClinicOperation::Revoke { path } => {
            assert_eq!(path, "/api/v1/device");
            match delivery::judge_unlink(&exchange) {
                delivery::Unlinking::Ended => ClinicResult::Unlinked,
                delivery::Unlinking::NotEnded { error } => ClinicResult::Failed { error },
            }
        }
        ClinicOperation::Unlink => ClinicResult::Unlinked,
        other => panic!("unexpected {other:?}"),
    }
}

fn answered(status: u16, body: &str) -> delivery::Exchange {
    delivery::Exchange::Answered { status, retry_after: None, body: body.into() }
}

const HERE_ONLY_NOTE: &str = "This phone forgets the link and its key now, and nothing more is \
    sent from it. Glow Clinic can end the access it had (ask them to stop sharing with this \
    phone), and it ends by itself after 90 days without use unless the clinic set another period.";

#[test]
fn unlinking_asks_the_clinic_to_end_the_access_first() {
    for (exchange, what) in [
        (answered(204, ""), "ended now"),
        (answered(200, ""), "a 2xx"),
        (answered(401, r#"{"error":"unauthorized","message":"x"}"#), "already ended or unknown"),
        (answered(404, ""), "no such device"),
        (delivery::Exchange::AnswerCutShort { status: 204 }, "ended, body cut"),
    ] {
        let mut h =
            Harness::new(Some(link(false, false)), vec![item(1, 3, OutboxState::Queued, 0)]);
        h.answer(unlinking_clinic(exchange));
        let view = h.send(sharing(SharingEvent::Unlink));
        assert_eq!(
            h.asked,
            [ClinicOperation::Revoke { path: share_api::DEVICE_PATH.into() }],
            "{what}: one request, the token forgotten by the handler with the link"
        );
        assert!(!view.sharing.linked, "{what}");
        assert_eq!(view.sharing.unlink_trouble, None, "{what}");
        assert!(view.error.is_none(), "{what}");
        assert_eq!(view.sharing.queued, 1, "{what}: the outbox stays");
    }
}

#[test]
fn an_unreachable_clinic_keeps_the_link_and_offers_retry_or_here_only() {
    use delivery::{Exchange, Transport};
    let cases = [
        (
            Exchange::NoAnswer { transport: Transport::Unreachable },
            "the clinic's server cannot be reached (offline, or the server is down)",
        ),
        (Exchange::NoAnswer { transport: Transport::Timeout }, "the clinic did not answer in time"),
        (
            Exchange::NoAnswer { transport: Transport::BrokeOff },
            "the connection to the clinic broke off",
        ),
        (
            Exchange::NoAnswer { transport: Transport::NotHttp },
            "the clinic's server sent an answer that is not HTTP",
        ),
        (Exchange::AnswerCutShort { status: 500 }, "the clinic's answer broke off"),
        (answered(503, "down"), "the clinic's server had a problem (503)"),
        (answered(500, ""), "the clinic's server had a problem (500)"),
        (answered(429, ""), "the clinic asked to slow down"),
        (answered(302, "<html>"), "the clinic answered unexpectedly (HTTP 302)"),
        (answered(400, "<html>garbage</html>"), "the clinic answered unexpectedly (HTTP 400)"),
    ];
    for (exchange, reason) in cases {
        let mut h = Harness::new(Some(link(false, false)), vec![]);
        h.answer(unlinking_clinic(exchange));
        let view = h.send(sharing(SharingEvent::Unlink));
        assert!(view.sharing.linked, "{reason}: the link is kept");
        assert!(view.error.is_none(), "{reason}: shown on the sharing screen, not as an error");
        let trouble = view.sharing.unlink_trouble.expect(reason);
        assert_eq!(
            trouble.message,
            format!(
                "Glow Clinic could not be reached to end this phone's access: {reason}. \
                 You are still linked."
            )
        );
        assert_eq!(trouble.retry_label, "Try again");
        assert_eq!(trouble.here_only_label, "Unlink on this phone only");
        assert_eq!(trouble.here_only_note, HERE_ONLY_NOTE);
    }
}

#[test]
fn after_trouble_try_again_can_succeed_and_here_only_forgets_locally() {
    let mut h = Harness::new(Some(link(false, false)), vec![]);
    h.answer(unlinking_clinic(answered(502, "")));
    assert!(h.send(sharing(SharingEvent::Unlink)).sharing.unlink_trouble.is_some());

    // Try again: the clinic answers this time.
    h.answer(unlinking_clinic(answered(204, "")));
    let view = h.send(sharing(SharingEvent::Unlink));
    assert!(!view.sharing.linked && view.sharing.unlink_trouble.is_none());

    // Here only: no request to the clinic, token and link forgotten on the phone.
    let mut h = Harness::new(Some(link(false, false)), vec![]);
    h.answer(unlinking_clinic(delivery::Exchange::NoAnswer {
        transport: delivery::Transport::Unreachable,
    }));
    assert!(h.send(sharing(SharingEvent::Unlink)).sharing.unlink_trouble.is_some());
    h.asked.clear();
    let view = h.send(sharing(SharingEvent::UnlinkHere));
    assert_eq!(h.asked, [ClinicOperation::Unlink]);
    assert!(!view.sharing.linked);
    assert_eq!(view.sharing.unlink_trouble, None);
}

#[test]
fn a_link_the_clinic_already_refused_is_forgotten_without_asking_it() {
    let mut h = Harness::new(Some(link(false, true)), vec![]);
    h.answer(unlinking_clinic(answered(500, "")));
    let view = h.send(sharing(SharingEvent::Unlink));
    assert_eq!(h.asked, [ClinicOperation::Unlink], "the token was already refused (401)");
    assert!(!view.sharing.linked);
}

#[test]
fn a_storage_failure_while_unlinking_is_an_error() {
    let mut h = Harness::new(Some(link(false, false)), vec![]);
    h.answer(|_| ClinicResult::Failed { error: delivery::storage_failure("disk full") });
    let view = h.send(sharing(SharingEvent::Unlink));
    assert_eq!(view.error.unwrap().kind, ErrorKind::Clinic);
    assert_eq!(view.sharing.unlink_trouble, None);
}

#[test]
fn unlinking_keeps_the_outbox() {
    let mut h = Harness::new(Some(link(false, false)), vec![item(1, 3, OutboxState::Queued, 0)]);
    h.answer(unlinking_clinic(answered(204, "")));
    let view = h.send(sharing(SharingEvent::Unlink));
    assert!(!view.sharing.linked);
    assert_eq!(view.sharing.queued, 1);
    assert_eq!(view.sharing.items[0].state_text, "Not sent: link to a clinic to send it");
}
