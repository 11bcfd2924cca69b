//! The clinic screen's words in English and Spanish (issue 15): the link form, the outbox in one
//! sentence and each item's state, unlinking, and the clinic's answer to a check-in, reviewed
//! through snapshots. An outbox item's reason is stored as data and worded in the language the
//! patient reads now; one stored as text by an earlier version reads as it was stored.

use super::*;
use crate::effects::ClinicError;

fn in_language(h: &mut Harness, tag: &str) -> ViewModel {
    h.send(AppEvent::SetLanguage { tag: tag.into() });
    h.send(AppEvent::Show { screen: Screen::Sharing })
}

/// What a patient reads on the clinic screen, in reading order.
fn screen(view: &ViewModel) -> serde_json::Value {
    let s = &view.sharing;
    serde_json::json!({
        "labels": s.labels,
        "status": s.status,
        "items": s
            .items
            .iter()
            .map(|i| (i.label.clone(), i.state_text.clone(), i.reason.clone()))
            .collect::<Vec<_>>(),
        "unlink_trouble": s.unlink_trouble,
    })
}

/// Linked, with one item of every state: one waiting for its first try, one retried, one sent,
/// one refused with the clinic's words, and one retried whose reason an earlier version stored
/// as text. The session and the check-in 42 are in the record, so their labels are
/// worded in the patient's language; the others keep the label stored when they were queued.
fn linked_with_every_state() -> Harness {
    let session = OutboxItem {
        kind: OutboxKind::Session,
        label: "Session 17 Nov 2026".into(),
        ..item(5, 1, OutboxState::Sent, 1)
    };
    let items = vec![
        item(1, 2, OutboxState::Queued, 0),
        item(2, 3, OutboxState::Queued, 1),
        item(3, 4, OutboxState::Sent, 1),
        OutboxItem {
            last_error: Some(ClinicReason::Refused {
                status: 422,
                clinic_says: Some("score out of range".into()),
            }),
            ..item(4, 5, OutboxState::Failed, 1)
        },
        session,
        item(6, 42, OutboxState::Sent, 1),
        // Stored as text by an earlier version: it reads as stored.
        OutboxItem {
            last_error: Some(ClinicReason::EarlierText {
                text: "the clinic did not answer in time".into(),
            }),
            ..item(7, 6, OutboxState::Queued, 2)
        },
    ];
    let mut h = Harness::new(Some(link(false, false)), items);
    h.send(AppEvent::Checkin(crate::checkin::Event::Submit { form: urgent_form() }));
    h
}

#[test]
fn the_clinic_screen_reads_in_both_languages() {
    for tag in ["en-US", "es-US"] {
        let linked = screen(&in_language(&mut linked_with_every_state(), tag));
        let mut refused =
            Harness::new(Some(link(true, true)), vec![item(1, 3, OutboxState::Queued, 2)]);
        let refused = screen(&in_language(&mut refused, tag));
        let mut unlinked = Harness::new(None, vec![item(1, 3, OutboxState::Queued, 0)]);
        let unlinked = screen(&in_language(&mut unlinked, tag));
        let nothing = screen(&in_language(&mut Harness::new(None, vec![]), tag));
        let mut stuck = Harness::new(Some(link(false, false)), vec![]);
        stuck.answer(|op| match op {
            ClinicOperation::Revoke { .. } => ClinicResult::Failed {
                error: ClinicError::new(ClinicErrorKind::Unreachable, ClinicReason::Timeout),
            },
            other => panic!("unexpected {other:?}"),
        });
        stuck.send(sharing(SharingEvent::Unlink));
        let stuck = screen(&in_language(&mut stuck, tag));
        let name = format!("clinic_screen_{}", &tag[..2]);
        insta::assert_json_snapshot!(
            name,
            serde_json::json!({
                "linked, every state": linked,
                "the clinic refused this device": refused,
                "not linked, one queued": unlinked,
                "not linked, nothing queued": nothing,
                "unlinking could not reach the clinic": stuck,
            })
        );
    }
}

#[test]
fn counts_of_one_are_singular_in_spanish() {
    let items = vec![item(1, 2, OutboxState::Sent, 1), item(2, 3, OutboxState::Failed, 1)];
    let mut h = Harness::new(Some(link(false, false)), items);
    assert_eq!(in_language(&mut h, "es").sharing.status, "1 rechazado por la clínica; 1 enviado");
    let items = (1..=3).map(|id| item(id, id, OutboxState::Sent, 1)).collect();
    let mut h = Harness::new(Some(link(false, false)), items);
    assert_eq!(in_language(&mut h, "es").sharing.status, "3 enviados");
}

#[test]
fn the_clinic_s_words_stay_as_the_clinic_wrote_them() {
    // A clinic's name with braces is data, never a placeholder.
    let mut odd = link(false, true);
    odd.clinic_name = "Clínica {count}".into();
    let mut h = Harness::new(Some(odd), vec![item(1, 3, OutboxState::Queued, 0)]);
    let view = in_language(&mut h, "es");
    assert_eq!(
        view.sharing.status,
        "1 sin enviar: Clínica {count} ya no acepta este dispositivo, vuelva a vincularlo"
    );
}

/// The share-selection form while linked, with two photos, in both languages: its titles, the
/// check-in choices, the sessions line, each photo by its day and time, and the send button.
#[test]
fn the_share_form_reads_in_both_languages() {
    for tag in ["en-US", "es-US"] {
        let mut h = Harness::new(Some(link(false, false)), vec![]);
        h.record.photos = vec![
            crate::journal::photo_fixture(7, START_MS + DAY_MS),
            crate::journal::photo_fixture(9, START_MS + 2 * DAY_MS),
        ];
        h.send(AppEvent::Start {
            clock: Clock { now_utc_ms: NOW_MS, zone: "Europe/Paris".into() },
        });
        let form = in_language(&mut h, tag).sharing.share_form.expect("linked: a form");
        let name = format!("share_form_{}", &tag[..2]);
        insta::assert_json_snapshot!(
            name,
            serde_json::json!({
                "title": form.title,
                "checkins_title": form.checkins_title,
                "checkin_choices": form.checkin_choices.iter().map(|c| &c.label).collect::<Vec<_>>(),
                "sessions_label": form.sessions_label,
                "photos_title": form.photos_title,
                "photos": form.photos.iter().map(|p| &p.label).collect::<Vec<_>>(),
                "send_label": form.send_label,
            })
        );
    }
}
