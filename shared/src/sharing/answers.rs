//! The clinic's answers to shared check-ins: seen, handled, a short reply (issue 19, "the
//! patient knows it arrived"). No push service: the core asks with the sync the shells already
//! run, and decides here how often.
//!
//! - Every `Sync` while linked asks, at most once per [`MIN_GAP_MS`], once any check-in was sent.
//! - While a "contact clinic" or "urgent" check-in sent in the last [`WATCH_MS`] has neither
//!   been handled nor answered, the view's `next_sync_utc_ms` asks the shell to sync again every
//!   [`POLL_FLAGGED_MS`] while the app is open.
//!
//! The answers are held in memory and asked for again at every start; the clinic keeps them.

use crux_core::{Command, render::render};

use super::delivery::{Exchange, Transport, transport_reason};
use super::{Event, SharingModel, ask};
use crate::app::{self, Model};
use crate::checkin::Checkin;
use crate::domain::clock::{Now, instant_from_ms};
use crate::effects::{
    ClinicAnswer, ClinicError, ClinicErrorKind, ClinicOperation, ClinicReason, ClinicResult,
    Effect, OutboxKind, OutboxState,
};
use crate::i18n::fill;
use crate::view::format::at_label_in;

/// Shortest gap between two asks (a burst of syncs asks once).
pub const MIN_GAP_MS: i64 = 60_000;
/// How often to ask while a flagged check-in waits for the clinic.
pub const POLL_FLAGGED_MS: i64 = 5 * 60_000;
/// How long after sending a flagged check-in the app keeps looking for the clinic's answer.
pub const WATCH_MS: i64 = 72 * 3_600_000;

/// What the model keeps of the clinic's answers.
#[derive(Default, Debug)]
pub struct Answers {
    pub(crate) checkins: Vec<ClinicAnswer>,
    /// When the core last asked (whatever came back).
    pub(crate) asked_utc_ms: Option<i64>,
}

/// The ask, when one is due at `now_ms`.
pub(crate) fn fetch(model: &Model) -> Command<Effect, app::Event> {
    let Some(now) = model.now else { return Command::done() };
    let sharing = &model.sharing;
    let any_sent =
        sharing.items.iter().any(|i| i.kind == OutboxKind::Checkin && i.state == OutboxState::Sent);
    let rested = sharing
        .answers
        .asked_utc_ms
        .is_none_or(|at| now.instant.timestamp_millis() - at >= MIN_GAP_MS);
    if sharing.can_deliver() && any_sent && rested {
        let path = share_api::RESPONSES_PATH.to_owned();
        ask(ClinicOperation::FetchAnswers { path }, Event::Answered)
    } else {
        Command::done()
    }
}

/// Takes the clinic's answers; a failed ask is quiet (the patient did not ask) and is tried
/// again at the next sync.
pub(crate) fn answered(model: &mut Model, result: ClinicResult) -> Command<Effect, app::Event> {
    model.sharing.answers.asked_utc_ms = model.now.map(|n| n.instant.timestamp_millis());
    if let ClinicResult::Answers { checkins } = result {
        model.sharing.answers.checkins = checkins;
    }
    render()
}

/// When the shell should sync next to look for an awaited answer, if one is awaited.
pub(crate) fn next_poll_ms(model: &Model) -> Option<i64> {
    let now = model.now?.instant.timestamp_millis();
    let sharing = &model.sharing;
    let record = model.record.as_ref()?;
    if !sharing.can_deliver() {
        return None;
    }
    // From the few items sent lately to their check-ins (the newest are at the record's end).
    let awaited = sharing
        .items
        .iter()
        .filter(|i| i.kind == OutboxKind::Checkin && i.state == OutboxState::Sent)
        .filter(|i| i.sent_utc_ms.is_some_and(|at| now - at < WATCH_MS))
        .filter_map(|i| record.checkins.iter().rev().find(|c| c.id == i.local_id))
        .any(|c| {
            c.details.triage.flagged_for_sharing
                && answer_for(sharing, c)
                    .is_none_or(|a| a.handled_utc_ms.is_none() && a.reply.is_none())
        });
    awaited.then(|| sharing.answers.asked_utc_ms.map_or(now, |at| at + POLL_FLAGGED_MS))
}

/// The answer to `checkin`: the one recorded at its millisecond (check-ins are sent with
/// milliseconds, `requests::checkin`), else one recorded at the whole second it was taken in,
/// as apps before that sent them.
fn answer_for<'a>(sharing: &'a SharingModel, checkin: &Checkin) -> Option<&'a ClinicAnswer> {
    let taken = checkin.details.taken_utc_ms;
    let answers = &sharing.answers.checkins;
    answers
        .iter()
        .find(|a| a.recorded_utc_ms == taken)
        .or_else(|| answers.iter().find(|a| a.recorded_utc_ms == taken - taken.rem_euclid(1_000)))
}

/// The clinic's answer to one check-in, in lines for the result and the history: seen, handled
/// and the reply with its time ("Northside Clinic replied today 11:05: “We'll call you”").
pub(crate) fn lines(model: &Model, checkin: &Checkin, now: Now) -> Vec<String> {
    let Some(answer) = answer_for(&model.sharing, checkin) else { return Vec::new() };
    let words = &model.language.words().sharing;
    let clinic = model.sharing.link.as_ref().map_or(words.your_clinic, |l| l.clinic_name.as_str());
    let at = |ms: i64| {
        instant_from_ms(ms).ok().map(|t| at_label_in(model.language, t, now.zone, now.instant))
    };
    let mut lines = Vec::new();
    match (answer.handled_utc_ms.and_then(at), answer.seen_utc_ms.and_then(at)) {
        (Some(when), _) => {
            lines.push(fill(words.answer_handled, &[("clinic", clinic), ("when", &when)]));
        }
        (None, Some(when)) => {
            lines.push(fill(words.answer_seen, &[("clinic", clinic), ("when", &when)]));
        }
        (None, None) => {}
    }
    if let (Some(reply), Some(when)) = (&answer.reply, answer.reply_utc_ms.and_then(at)) {
        let values = [("clinic", clinic), ("when", when.as_str()), ("reply", reply.as_str())];
        lines.push(fill(words.answer_reply, &values));
    }
    lines
}

/// The answer to an ask made without a link or token on the device.
pub fn not_linked() -> ClinicResult {
    ClinicResult::Failed {
        error: ClinicError::new(ClinicErrorKind::NotLinked, ClinicReason::NotLinked),
    }
}

/// What the answer to `GET /api/v1/checkins/responses` means. The server's text is shown to
/// the patient, so it is cut to the API's limits and cleaned of control characters here.
pub fn judge_answers(exchange: &Exchange) -> ClinicResult {
    let failed = |kind, reason| ClinicResult::Failed { error: ClinicError::new(kind, reason) };
    let body = match exchange {
        Exchange::Answered { status: 200..=299, body, .. } => body,
        Exchange::Answered { status: 401, .. } => {
            return failed(ClinicErrorKind::RelinkNeeded, ClinicReason::NoLongerAccepted);
        }
        Exchange::Answered { status: 429, .. } => {
            return failed(
                ClinicErrorKind::ServerError,
                ClinicReason::SlowDown { wait_seconds: None },
            );
        }
        Exchange::Answered { status: status @ 500..=599, .. } => {
            return failed(
                ClinicErrorKind::ServerError,
                ClinicReason::ServerProblem { status: *status, wait_seconds: None },
            );
        }
        Exchange::Answered { .. } | Exchange::AnswerCutShort { .. } => {
            return failed(ClinicErrorKind::BadResponse, ClinicReason::AnswersUnreadable);
        }
        Exchange::NoAnswer { transport: Transport::NotHttp } => {
            return failed(ClinicErrorKind::BadResponse, ClinicReason::NotHttp);
        }
        Exchange::NoAnswer { transport } => {
            return failed(ClinicErrorKind::Unreachable, transport_reason(*transport));
        }
    };
    let Ok(answers) = serde_json::from_str::<share_api::ClinicResponses>(body) else {
        return failed(ClinicErrorKind::BadResponse, ClinicReason::AnswersUnreadable);
    };
    let ms = |t: chrono::DateTime<chrono::Utc>| t.timestamp_millis();
    let checkins = answers
        .checkins
        .into_iter()
        .take(share_api::MAX_RESPONSES)
        .map(|c| ClinicAnswer {
            recorded_utc_ms: ms(c.recorded_at),
            seen_utc_ms: c.seen_at.map(ms),
            handled_utc_ms: c.handled_at.map(ms),
            reply: c.reply.map(|r| one_line(&r)).filter(|r| !r.is_empty()),
            reply_utc_ms: c.reply_at.map(ms),
        })
        .collect();
    ClinicResult::Answers { checkins }
}

/// At most [`share_api::MAX_REPLY_CHARS`] characters on one line, without control or
/// direction-changing characters.
fn one_line(text: &str) -> String {
    let bidi = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() || bidi(c) { ' ' } else { c })
        .take(share_api::MAX_REPLY_CHARS)
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}
