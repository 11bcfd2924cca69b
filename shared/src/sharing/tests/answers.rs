//! The clinic's answers to shared check-ins: when the core asks, what the patient reads, and
//! what a hostile or broken answer comes to.

use super::*;
use crate::sharing::answers::{MIN_GAP_MS, POLL_FLAGGED_MS, WATCH_MS, judge_answers};
use delivery::{Exchange, Transport};

const MINUTE_MS: i64 = 60_000;
/// How far into its second the check-in is taken (and sent).
const TAKEN_LATE_MS: i64 = 250;

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn answered(status: u16, body: &str) -> Exchange {
    Exchange::Answered { status, retry_after: None, body: body.into() }
}

/// The server's answer for the check-in recorded at `recorded_ms`: seen ten minutes after
/// `NOW_MS`, and, with `reply`, handled and answered at twenty.
fn answers_body_at(recorded_ms: i64, reply: Option<&str>) -> String {
    let handled = reply.map(|_| rfc3339(NOW_MS + 20 * MINUTE_MS));
    serde_json::json!({ "checkins": [{
        "recorded_at": rfc3339(recorded_ms),
        "seen_at": rfc3339(NOW_MS + 10 * MINUTE_MS),
        "handled_at": handled,
        "reply": reply,
        "reply_at": handled,
    }]})
    .to_string()
}

/// The answer for the check-in of [`sent_urgent_checkin`], to the millisecond as it was sent.
fn answers_body(reply: Option<&str>) -> String {
    answers_body_at(NOW_MS + TAKEN_LATE_MS, reply)
}

/// Delivers like a shell, and answers `FetchAnswers` with `exchange` judged by the core.
fn answering_clinic(exchange: Exchange) -> impl FnMut(&ClinicOperation) -> ClinicResult {
    let mut deliver = delivering_clinic(link(true, false));
    move |op| match op {
        ClinicOperation::FetchAnswers { path } => {
            assert_eq!(path, share_api::RESPONSES_PATH);
            judge_answers(&exchange)
        }
        other => deliver(other),
    }
}

fn at(h: &mut Harness, now_utc_ms: i64) -> ViewModel {
    h.send(AppEvent::ClockChanged { clock: Clock { now_utc_ms, zone: "Europe/Paris".into() } })
}

fn fetches(h: &Harness) -> usize {
    h.asked.iter().filter(|op| matches!(op, ClinicOperation::FetchAnswers { .. })).count()
}

/// An urgent check-in 250 ms after `NOW_MS`, sent at once (auto-share), with the clinic answering
/// `exchange` when asked.
fn sent_urgent_checkin(exchange: Exchange) -> Harness {
    let mut h = Harness::new(Some(link(true, false)), vec![]);
    h.answer(answering_clinic(exchange));
    at(&mut h, NOW_MS + TAKEN_LATE_MS);
    let view = h.send(AppEvent::Checkin(crate::checkin::Event::Submit { form: urgent_form() }));
    assert_eq!(view.checkins.last_share_state, Some(OutboxState::Sent));
    h
}

#[test]
fn the_result_and_the_history_say_when_the_clinic_saw_handled_and_answered() {
    let mut h =
        sent_urgent_checkin(answered(200, &answers_body(Some("We'll call you before noon"))));
    at(&mut h, NOW_MS + 30 * MINUTE_MS);
    h.send(AppEvent::Show { screen: Screen::Checkins });
    let view = h.send(sharing(SharingEvent::Sync));
    assert_eq!(fetches(&h), 1);
    // NOW_MS is 15:00 UTC, 16:00 in Paris; handled at 16:20.
    let expected = [
        "Handled by Glow Clinic today 16:20.",
        "Glow Clinic replied today 16:20: “We'll call you before noon”",
    ];
    assert_eq!(view.checkins.clinic_answer, expected);
    assert_eq!(view.checkins.history.entries[0].clinic_answer, expected);
    // In Spanish the frame is translated; the clinic's name and reply stay as written.
    let spanish = h.send(AppEvent::SetLanguage { tag: "es-US".into() });
    assert_eq!(
        spanish.checkins.clinic_answer,
        [
            "Atendido por Glow Clinic hoy 16:20.",
            "Glow Clinic respondió hoy 16:20: “We'll call you before noon”",
        ]
    );
    // Answered: nothing more to look for, and no retry due.
    assert_eq!(view.sharing.next_sync_utc_ms, None);
}

#[test]
fn until_the_clinic_handles_it_the_app_looks_every_five_minutes_for_three_days() {
    let mut h = sent_urgent_checkin(answered(200, &answers_body(None)));
    let view = at(&mut h, NOW_MS + MINUTE_MS);
    assert_eq!(view.sharing.next_sync_utc_ms, Some(NOW_MS + MINUTE_MS), "never asked: now");

    let asked_at = NOW_MS + 30 * MINUTE_MS;
    at(&mut h, asked_at);
    let view = h.send(sharing(SharingEvent::Sync));
    assert_eq!(view.checkins.clinic_answer, ["Seen by Glow Clinic today 16:10."]);
    assert_eq!(view.sharing.next_sync_utc_ms, Some(asked_at + POLL_FLAGGED_MS));

    // A burst of syncs (back online, a tab woken) asks once.
    at(&mut h, asked_at + MIN_GAP_MS - 1);
    h.send(sharing(SharingEvent::Sync));
    assert_eq!(fetches(&h), 1);
    at(&mut h, asked_at + POLL_FLAGGED_MS);
    h.send(sharing(SharingEvent::Sync));
    assert_eq!(fetches(&h), 2);

    // Three days after sending, the app stops looking while open (each start still asks).
    let view = at(&mut h, NOW_MS + TAKEN_LATE_MS + WATCH_MS);
    assert_eq!(view.sharing.next_sync_utc_ms, None);
}

#[test]
fn nothing_is_asked_before_a_checkin_was_sent_nor_without_a_working_link() {
    let mut h = Harness::new(Some(link(true, false)), vec![]);
    h.answer(delivering_clinic(link(true, false)));
    h.send(sharing(SharingEvent::Sync));
    assert_eq!(fetches(&h), 0, "{:?}", h.asked);

    let mut refused = Harness::new(Some(link(true, true)), vec![item(1, 42, OutboxState::Sent, 1)]);
    refused.answer(|op| panic!("unexpected {op:?}"));
    refused.send(sharing(SharingEvent::Sync));
    assert!(refused.asked.is_empty(), "relink needed: {:?}", refused.asked);
}

#[test]
fn a_failed_ask_is_quiet_and_waits_for_the_next_sync() {
    let mut h = sent_urgent_checkin(Exchange::NoAnswer { transport: Transport::Unreachable });
    let view = h.send(sharing(SharingEvent::Sync));
    assert_eq!(view.error, None, "the patient did not ask; nothing to show");
    assert!(view.checkins.clinic_answer.is_empty());
    assert_eq!(view.sharing.next_sync_utc_ms, Some(NOW_MS + TAKEN_LATE_MS + POLL_FLAGGED_MS));
}

#[test]
fn the_clinic_s_words_reach_the_patient_on_one_line_and_within_the_limit() {
    let hostile = format!("Call\u{0}us\n\u{202e}now{}", "x".repeat(1_000));
    let body = serde_json::json!({ "checkins": [{
        "recorded_at": rfc3339(NOW_MS), "reply": hostile, "reply_at": rfc3339(NOW_MS),
        "unknown_field": true,
    }]});
    let ClinicResult::Answers { checkins } = judge_answers(&answered(200, &body.to_string()))
    else {
        panic!("answers expected")
    };
    let reply = checkins[0].reply.as_deref().unwrap();
    assert!(reply.starts_with("Call us now"), "{reply}");
    assert!(reply.chars().count() <= share_api::MAX_REPLY_CHARS);
    assert!(!reply.chars().any(|c| c.is_control() || c == '\u{202e}'));

    let many: Vec<_> = (0..500)
        .map(|i| serde_json::json!({ "recorded_at": rfc3339(NOW_MS - i * MINUTE_MS) }))
        .collect();
    let body = serde_json::json!({ "checkins": many }).to_string();
    let ClinicResult::Answers { checkins } = judge_answers(&answered(200, &body)) else {
        panic!("answers expected")
    };
    assert_eq!(checkins.len(), share_api::MAX_RESPONSES);
}

#[test]
fn a_broken_or_refusing_clinic_gives_a_failure_of_its_kind() {
    let kind = |exchange: Exchange| match judge_answers(&exchange) {
        ClinicResult::Failed { error } => error.kind,
        other => panic!("{other:?}"),
    };
    assert_eq!(kind(answered(401, "")), ClinicErrorKind::RelinkNeeded);
    assert_eq!(kind(answered(503, "")), ClinicErrorKind::ServerError);
    assert_eq!(kind(answered(404, "<html>")), ClinicErrorKind::BadResponse);
    assert_eq!(kind(answered(200, "<html>not json")), ClinicErrorKind::BadResponse);
    assert_eq!(
        kind(answered(200, r#"{"checkins":[{"recorded_at":"yesterday"}]}"#)),
        ClinicErrorKind::BadResponse
    );
    assert_eq!(
        kind(Exchange::NoAnswer { transport: Transport::Timeout }),
        ClinicErrorKind::Unreachable
    );
    assert_eq!(
        kind(Exchange::NoAnswer { transport: Transport::NotHttp }),
        ClinicErrorKind::BadResponse
    );
}

#[test]
fn an_answer_to_a_checkin_sent_in_whole_seconds_by_an_older_app_still_finds_it() {
    let mut h = sent_urgent_checkin(answered(200, &answers_body_at(NOW_MS, Some("Call us"))));
    let view = h.send(sharing(SharingEvent::Sync));
    assert_eq!(view.checkins.clinic_answer.len(), 2, "{:?}", view.checkins.clinic_answer);
}

#[test]
fn the_upload_carries_the_millisecond_the_answers_are_matched_by() {
    let h = sent_urgent_checkin(answered(200, &answers_body(None)));
    let sent = h.asked.iter().find_map(|op| match op {
        ClinicOperation::Enqueue { items } => Some(items[0].body.clone()),
        _ => None,
    });
    let Some(OutboxBody::Json { json }) = sent else { panic!("{:?}", h.asked) };
    let body: serde_json::Value = serde_json::from_str(&json).unwrap();
    let recorded: chrono::DateTime<chrono::FixedOffset> =
        body["recorded_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(recorded.timestamp_millis(), NOW_MS + TAKEN_LATE_MS);
}
