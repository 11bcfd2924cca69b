//! The sharing feature through the Crux core, with the shell's answers given by hand (the real
//! handler and the real clinic server are tested in `handlers` and `testing/system`).

use crux_core::Core;

use super::*;
use crate::checkin::{CheckinForm, Discharge, Sign};
use crate::domain::{Clock, NewSession, PatientRecord, Session, TreatedArea};
use crate::effects::{OutboxBody, StoreResult};
use crate::{Aftercare, Event as AppEvent, ViewModel};

const DAY_MS: i64 = 24 * 3600 * 1000;
const START_MS: i64 = 1_794_924_000_000; // 2026-11-17T14:00:00Z
const NOW_MS: i64 = START_MS + 2 * DAY_MS + 3_600_000;
const QR: &str = "afterglow://enroll?server=https%3A%2F%2Fglow.example&code=EMBY-HEPJ-KH1C";

fn record() -> PatientRecord {
    let session = Session {
        id: 1,
        details: NewSession {
            start_utc_ms: START_MS,
            zone: "Europe/London".into(),
            depth_um: 1000,
            areas: vec![TreatedArea::Face],
            device: None,
            notes: None,
            screening: Vec::new(),
        },
    };
    PatientRecord { sessions: vec![session], ..PatientRecord::default() }
}

fn link(auto_share: bool, relink_needed: bool) -> ClinicLink {
    ClinicLink {
        server: "https://glow.example".into(),
        device_id: "dev-1".into(),
        clinic_name: "Glow Clinic".into(),
        clinic_phone: "+44 20 0000 0000".into(),
        after_hours_advice: "Outside opening hours, call 111.".into(),
        auto_share,
        relink_needed,
        linked_utc_ms: NOW_MS - DAY_MS,
    }
}

fn item(id: i64, local_id: i64, state: OutboxState, attempts: u32) -> OutboxItem {
    OutboxItem {
        id,
        kind: OutboxKind::Checkin,
        local_id,
        label: format!("Check-in Day {local_id}"),
        state,
        attempts,
        queued_utc_ms: NOW_MS - 60_000,
        next_attempt_utc_ms: (state == OutboxState::Queued).then_some(NOW_MS + 120_000),
        sent_utc_ms: (state == OutboxState::Sent).then_some(NOW_MS - 30_000),
        last_error: (attempts > 0)
            .then_some(ClinicReason::ServerProblem { status: 500, wait_seconds: None }),
    }
}

/// A core with a stand-in shell: storage in memory, clinic answers from `clinic`.
struct Harness {
    core: Core<Aftercare>,
    record: PatientRecord,
    asked: Vec<ClinicOperation>,
    saved_protocol: Option<Option<String>>,
    clinic: Box<dyn FnMut(&ClinicOperation) -> ClinicResult>,
}

impl Harness {
    fn new(stored_link: Option<ClinicLink>, items: Vec<OutboxItem>) -> Self {
        let record =
            PatientRecord { clinic_link: stored_link.map(Box::new), outbox: items, ..record() };
        let mut h = Self {
            core: Core::new(),
            record,
            asked: Vec::new(),
            saved_protocol: None,
            clinic: Box::new(|op| panic!("unexpected {op:?}")),
        };
        let view = h.send(AppEvent::Start {
            clock: Clock { now_utc_ms: NOW_MS, zone: "Europe/Paris".into() },
        });
        assert!(view.ready && view.sharing.loaded);
        h.asked.clear();
        h
    }

    fn answer(&mut self, clinic: impl FnMut(&ClinicOperation) -> ClinicResult + 'static) {
        self.clinic = Box::new(clinic);
    }

    fn send(&mut self, event: AppEvent) -> ViewModel {
        let mut queue: Vec<Effect> = self.core.process_event(event);
        while let Some(effect) = queue.pop() {
            match effect {
                Effect::Render(_) | Effect::Notify(_) | Effect::Photo(_) => {}
                Effect::Store(mut request) => {
                    let result = match request.operation.clone() {
                        StoreOperation::LoadRecord => {
                            StoreResult::Loaded { record: self.record.clone() }
                        }
                        StoreOperation::SaveProtocol { json } => {
                            self.saved_protocol = Some(json);
                            StoreResult::Done
                        }
                        StoreOperation::AddCheckin { checkin } => StoreResult::CheckinAdded {
                            checkin: Checkin { id: 42, details: checkin },
                        },
                        other => panic!("unexpected {other:?}"),
                    };
                    queue.extend(self.core.resolve(&mut request, result).unwrap());
                }
                Effect::Clinic(mut request) => {
                    self.asked.push(request.operation.clone());
                    let result = (self.clinic)(&request.operation);
                    queue.extend(self.core.resolve(&mut request, result).unwrap());
                }
            }
        }
        self.core.view()
    }
}

fn sharing(event: SharingEvent) -> AppEvent {
    AppEvent::Sharing(event)
}

fn default_protocol_json() -> String {
    include_str!("../../protocol/default_protocol.json").to_owned()
}

#[test]
fn linking_with_the_qr_url_enrolls_and_adopts_the_clinic() {
    let mut h = Harness::new(None, vec![]);
    h.answer(|_| ClinicResult::Linked {
        link: link(true, false),
        care_protocol_json: default_protocol_json(),
    });
    let view = h.send(sharing(SharingEvent::Link {
        server: String::new(),
        invite_code: QR.into(),
        auto_share: true,
    }));
    let ClinicOperation::Enroll { enrollment } = &h.asked[0] else { panic!("{:?}", h.asked) };
    assert_eq!(enrollment.server, "https://glow.example");
    assert_eq!(enrollment.path, "/api/v1/enroll");
    assert!(enrollment.auto_share);
    let body: serde_json::Value = serde_json::from_str(&enrollment.body_json).unwrap();
    assert_eq!(body["invite_code"], "EMBY-HEPJ-KH1C");
    assert_eq!(h.saved_protocol, Some(Some(default_protocol_json())));
    assert_eq!(view.error, None);
    assert_eq!(view.screen, Screen::Sharing);
    assert!(view.sharing.linked && view.sharing.auto_share && !view.sharing.relink_needed);
    assert_eq!(view.sharing.clinic_phone.as_deref(), Some("+44 20 0000 0000"));
    assert_eq!(h.asked.len(), 1, "nothing queued, so nothing delivered");
}

#[test]
fn a_bad_clinic_protocol_keeps_the_link_and_the_current_advice() {
    let mut h = Harness::new(None, vec![]);
    h.answer(|_| ClinicResult::Linked {
        link: link(false, false),
        care_protocol_json: r#"{"format": 99}"#.into(),
    });
    let view = h.send(sharing(SharingEvent::Link {
        server: "https://glow.example".into(),
        invite_code: "emby hepj kh1c".into(),
        auto_share: false,
    }));
    assert!(view.sharing.linked);
    assert_eq!(h.saved_protocol, None);
    let error = view.error.unwrap();
    assert_eq!(error.kind, ErrorKind::Invalid);
    assert!(error.message.contains("Glow Clinic"), "{}", error.message);
    assert!(view.care_protocol.is_default);
}

#[test]
fn a_bad_invite_is_refused_before_anything_is_sent() {
    let mut h = Harness::new(None, vec![]);
    let view = h.send(sharing(SharingEvent::Link {
        server: "http://glow.example".into(),
        invite_code: "EMBY-HEPJ-KH1C".into(),
        auto_share: false,
    }));
    assert!(h.asked.is_empty());
    assert_eq!(view.error.unwrap().kind, ErrorKind::Invalid);
}

fn urgent_form() -> CheckinForm {
    CheckinForm {
        redness: Some(2),
        swelling: Some(1),
        pain: Some(3),
        itch: Some(0),
        temperature: None,
        discharge: Some(Discharge::None),
        signs: vec![Sign::Streaks],
        note: None,
    }
}

/// Answers the clinic like a shell would: enqueue, then deliver everything.
fn delivering_clinic(link_state: ClinicLink) -> impl FnMut(&ClinicOperation) -> ClinicResult {
    let mut items: Vec<OutboxItem> = Vec::new();
    move |operation| {
        match operation {
            ClinicOperation::Enqueue { items: drafts } => {
                for d in drafts {
                    let id = i64::try_from(items.len()).unwrap() + 1;
                    items.push(OutboxItem {
                        kind: d.kind,
                        local_id: d.local_id,
                        ..item(id, 0, OutboxState::Queued, 0)
                    });
                }
            }
            ClinicOperation::Deliver { now_utc_ms } => {
                for i in &mut items {
                    i.state = OutboxState::Sent;
                    i.attempts += 1;
                    i.sent_utc_ms.get_or_insert(*now_utc_ms);
                }
            }
            _ => {}
        }
        ClinicResult::Outbox { link: Some(link_state.clone()), items: items.clone() }
    }
}

#[test]
fn an_urgent_checkin_is_sent_at_once_when_the_patient_opted_in() {
    let mut h = Harness::new(Some(link(true, false)), vec![]);
    h.answer(delivering_clinic(link(true, false)));
    let view = h.send(AppEvent::Checkin(crate::checkin::Event::Submit { form: urgent_form() }));
    assert_eq!(view.checkins.last_result.as_ref().unwrap().level, Level::Urgent);
    let ClinicOperation::Enqueue { items } = &h.asked[0] else { panic!("{:?}", h.asked) };
    assert_eq!(items.len(), 1);
    assert_eq!((items[0].kind, items[0].local_id), (OutboxKind::Checkin, 42));
    assert!(matches!(items[0].body, OutboxBody::Json { .. }));
    assert!(matches!(h.asked[1], ClinicOperation::Deliver { now_utc_ms: NOW_MS }));
    assert_eq!(view.checkins.last_share_state, Some(OutboxState::Sent));
    // Major 13 (clinical review): "sent" never reads as "the clinic has seen it".
    let note = view.checkins.share_note.unwrap();
    assert!(note.starts_with("Sent to your clinic."), "{note}");
    assert!(note.contains("does not watch what you share in real time"), "{note}");
    let card = view.urgent_help.afterwards.unwrap();
    assert!(card.starts_with("After you have sought urgent care, also let Glow Clinic"), "{card}");
    assert!(!view.checkins.offer_share, "already shared");
    let advice = view.checkins.clinic_advice.unwrap();
    assert!(advice.contains("Glow Clinic") && advice.contains("+44 20 0000 0000"), "{advice}");
    assert_eq!(view.sharing.last_queued, Some(1));
}

/// Critical 1 (clinical review), linked: for every urgent sign the result's first sentence is
/// the emergency instruction, and the clinic's line is only "afterwards, also tell us" — never
/// "call us now" or the clinic's after-hours text.
#[test]
fn critical_1_linked_urgent_results_keep_the_clinic_second() {
    for sign in Sign::URGENT_FIRST {
        let mut h = Harness::new(Some(link(false, false)), vec![]);
        h.answer(delivering_clinic(link(false, false)));
        let form = CheckinForm { signs: vec![sign], ..urgent_form() };
        let view = h.send(AppEvent::Checkin(crate::checkin::Event::Submit { form }));
        let result = view.checkins.last_result.unwrap();
        assert_eq!(result.level, Level::Urgent, "{sign:?}");
        assert!(
            result.advice.starts_with("Call your local emergency number")
                || result.advice.starts_with("Seek urgent care now"),
            "{sign:?}: {}",
            result.advice
        );
        let line = view.checkins.clinic_advice.unwrap();
        assert!(
            line.starts_with("After you have sought urgent care, also let Glow Clinic know"),
            "{line}"
        );
        assert!(!line.contains(" now") && !line.contains("cannot reach"), "{line}");
    }
}

#[test]
fn without_the_opt_in_the_result_only_offers_to_share() {
    let mut h = Harness::new(Some(link(false, false)), vec![]);
    h.answer(delivering_clinic(link(false, false)));
    let view = h.send(AppEvent::Checkin(crate::checkin::Event::Submit { form: urgent_form() }));
    assert!(h.asked.is_empty(), "nothing leaves without the patient's say: {:?}", h.asked);
    assert!(view.checkins.offer_share);
    assert_eq!(view.checkins.last_share_state, None);
    let view = h.send(sharing(SharingEvent::ShareCheckin { checkin_id: 42 }));
    assert!(matches!(&h.asked[0], ClinicOperation::Enqueue { items } if items[0].local_id == 42));
    assert!(matches!(h.asked[1], ClinicOperation::Deliver { .. }));
    assert_eq!(view.checkins.last_share_state, Some(OutboxState::Sent));
    assert!(!view.checkins.offer_share);
    let view = h.send(sharing(SharingEvent::ShareCheckin { checkin_id: 999 }));
    assert_eq!(view.error.unwrap().kind, ErrorKind::Invalid);
}

#[test]
fn an_expected_checkin_is_never_sent_automatically() {
    let mut h = Harness::new(Some(link(true, false)), vec![]);
    h.answer(delivering_clinic(link(true, false)));
    let form = CheckinForm {
        signs: vec![],
        redness: Some(1),
        swelling: Some(0),
        pain: Some(1),
        ..urgent_form()
    };
    let view = h.send(AppEvent::Checkin(crate::checkin::Event::Submit { form }));
    assert!(!view.checkins.last_result.unwrap().flagged_for_sharing);
    assert!(h.asked.is_empty());
    assert!(!view.checkins.offer_share);
    assert_eq!(view.checkins.clinic_advice, None);
}

/// Issue "Every word from the core": what can be shared is the core's form, with "everything"
/// (every photo's id included) for a one-tap share; no shell reads its own store for ids.
#[test]
fn the_share_form_lists_every_photo_and_offers_everything_while_linked() {
    use crate::sharing::CheckinChoice;
    let photos = vec![
        crate::journal::photo_fixture(7, START_MS + DAY_MS),
        crate::journal::photo_fixture(9, START_MS + 3 * DAY_MS),
    ];
    let mut h = Harness::new(None, vec![]);
    h.record.photos = photos;
    h.send(AppEvent::Start { clock: Clock { now_utc_ms: NOW_MS, zone: "Europe/Paris".into() } });
    let view = h.send(AppEvent::Show { screen: Screen::Sharing });
    assert_eq!(view.sharing.share_form, None, "nothing to share with before linking");

    let mut h = Harness::new(Some(link(false, false)), vec![]);
    h.record.photos = vec![crate::journal::photo_fixture(7, START_MS + DAY_MS)];
    h.send(AppEvent::Start { clock: Clock { now_utc_ms: NOW_MS, zone: "Europe/Paris".into() } });
    let form = h.send(AppEvent::Show { screen: Screen::Sharing }).sharing.share_form.unwrap();
    assert_eq!(form.checkins_default, CheckinChoice::Flagged);
    assert_eq!(form.photos.len(), 1);
    assert!(form.photos[0].label.starts_with("Day 1 · "), "{}", form.photos[0].label);
    assert_eq!(form.everything.photo_ids, vec![7]);
    assert_eq!(form.everything.checkins, CheckinChoice::All);
    let elsewhere = h.send(AppEvent::Show { screen: Screen::Today });
    assert_eq!(elsewhere.sharing.share_form, None, "built on its own screen only");
}

#[test]
fn relink_needed_stops_delivery_and_says_what_to_do() {
    let items = vec![item(1, 3, OutboxState::Queued, 2), item(2, 4, OutboxState::Sent, 1)];
    let mut h = Harness::new(Some(link(true, true)), items);
    let view = h.send(sharing(SharingEvent::Sync));
    assert!(h.asked.is_empty(), "a revoked device does not retry: {:?}", h.asked);
    assert!(view.sharing.relink_needed);
    assert!(view.sharing.status.contains("link again"), "{}", view.sharing.status);
    let view = h.send(AppEvent::Show { screen: Screen::Sharing });
    let queued = view.sharing.items.iter().find(|i| i.id == 1).unwrap();
    assert_eq!(queued.state_text, "Not sent: link to your clinic again");
    assert_eq!(queued.reason.as_deref(), Some("the clinic's server had a problem (500)"));
    // The screen's words follow: every shell shows the same alert and "Link again" form.
    let labels = &view.sharing.labels;
    assert!(
        labels.relink_alert.as_deref().is_some_and(|a| a.contains("no longer accepts this device"))
    );
    assert_eq!(labels.link_title, "Link again");
    assert!(labels.phone_line.as_deref().is_some_and(|p| p.starts_with("Phone: ")));
    // Linking again resumes the queue.
    h.answer(|op| match op {
        ClinicOperation::Enroll { .. } => ClinicResult::Linked {
            link: link(true, false),
            care_protocol_json: default_protocol_json(),
        },
        _ => ClinicResult::Outbox { link: Some(link(true, false)), items: vec![] },
    });
    h.send(sharing(SharingEvent::Link {
        server: String::new(),
        invite_code: QR.into(),
        auto_share: true,
    }));
    assert!(matches!(h.asked.last(), Some(ClinicOperation::Deliver { .. })), "{:?}", h.asked);
}

#[test]
fn queued_items_show_their_next_try_in_local_time() {
    let mut h = Harness::new(Some(link(false, false)), vec![item(1, 3, OutboxState::Queued, 1)]);
    let view = h.send(AppEvent::Show { screen: Screen::Sharing });
    let queued = &view.sharing.items[0];
    // NOW is 2026-11-19T15:00Z; the retry is 2 minutes later, shown in Paris time.
    assert_eq!(queued.next_attempt.as_deref(), Some("2026-11-19T16:02:00+01:00"));
    assert_eq!(queued.state_text, "Not sent yet: will try again today 16:02");
    assert_eq!(view.sharing.status, "1 waiting to be sent, next try today 16:02");
    assert_eq!(view.sharing.next_sync_utc_ms, Some(NOW_MS + 120_000));
}

#[test]
fn sharing_needs_a_link_and_something_chosen() {
    let mut h = Harness::new(None, vec![]);
    let selection =
        ShareSelection { checkins: CheckinChoice::All, photo_ids: vec![], include_sessions: true };
    let view = h.send(sharing(SharingEvent::Share { selection }));
    assert!(view.error.unwrap().message.contains("link"));
    let mut h = Harness::new(Some(link(false, false)), vec![]);
    let flagged = ShareSelection {
        checkins: CheckinChoice::Flagged,
        photo_ids: vec![],
        include_sessions: false,
    };
    let view = h.send(sharing(SharingEvent::Share { selection: flagged }));
    assert!(view.error.unwrap().message.contains("nothing to share"));
    let photo = ShareSelection {
        checkins: CheckinChoice::None,
        photo_ids: vec![9],
        include_sessions: false,
    };
    let view = h.send(sharing(SharingEvent::Share { selection: photo }));
    assert!(view.error.unwrap().message.contains("no photo 9"));
    assert!(h.asked.is_empty());
}

#[test]
fn sharing_sessions_queues_their_requests_then_delivers() {
    let mut h = Harness::new(Some(link(false, false)), vec![]);
    h.answer(delivering_clinic(link(false, false)));
    let selection =
        ShareSelection { checkins: CheckinChoice::All, photo_ids: vec![], include_sessions: true };
    let view = h.send(sharing(SharingEvent::Share { selection }));
    let ClinicOperation::Enqueue { items } = &h.asked[0] else { panic!("{:?}", h.asked) };
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].path, "/api/v1/sessions");
    assert!(matches!(h.asked[1], ClinicOperation::Deliver { .. }));
    assert_eq!(view.sharing.sent, 1);
}

#[test]
fn a_failed_outbox_read_is_shown() {
    let mut h = Harness::new(Some(link(false, false)), vec![]);
    h.answer(|_| ClinicResult::Failed {
        error: crate::sharing::delivery::storage_failure("disk I/O error"),
    });
    let view = h.send(sharing(SharingEvent::Sync));
    let error = view.error.unwrap();
    assert_eq!(error.kind, ErrorKind::Clinic);
    assert_eq!(error.message, "the outbox could not be read or written (disk I/O error)");
}

#[test]
fn sync_without_a_link_is_quietly_nothing() {
    let mut h = Harness::new(None, vec![]);
    let view = h.send(sharing(SharingEvent::Sync));
    assert!(h.asked.is_empty());
    assert_eq!(view.error, None);
}

/// Major 4 (clinical review): a "contact clinic" result while linked is one tap from a call;
/// an urgent one offers no clinic call (its action is the emergency number).
#[test]
fn major_4_a_contact_clinic_result_while_linked_offers_a_call() {
    let mut h = Harness::new(Some(link(false, false)), vec![]);
    h.answer(delivering_clinic(link(false, false)));
    let pus = CheckinForm { signs: vec![], discharge: Some(Discharge::Pus), ..urgent_form() };
    let view = h.send(AppEvent::Checkin(crate::checkin::Event::Submit { form: pus }));
    assert_eq!(view.checkins.last_result.as_ref().unwrap().level, Level::ContactClinic);
    let call = view.checkins.call_clinic.unwrap();
    assert_eq!((call.label.as_str(), call.uri.as_str()), ("Call Glow Clinic", "tel:+442000000000"));
    let view = h.send(AppEvent::Checkin(crate::checkin::Event::Submit { form: urgent_form() }));
    assert_eq!(view.checkins.last_result.unwrap().level, Level::Urgent);
    assert_eq!(view.checkins.call_clinic, None);
}

mod answers;
mod invite_offer;
mod unlink;
mod words;
