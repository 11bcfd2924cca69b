//! What the sharing screen shows: the link, and each outbox item's state with what to do.

use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::app::Model;
use crate::domain::clock::{Now, instant_from_ms};
use crate::effects::{ClinicLink, ClinicReason, OutboxItem, OutboxKind, OutboxState};
use crate::i18n::sharing::SharingWords;
use crate::i18n::{Language, fill};
use crate::journal::view::day_label_in;
use crate::view::format::{at_label_in, date_label};
use crate::view::{Screen, rfc3339};

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct SharingView {
    /// The stored link and outbox have loaded.
    pub loaded: bool,
    pub linked: bool,
    pub clinic_name: Option<String>,
    pub clinic_phone: Option<String>,
    pub after_hours_advice: Option<String>,
    pub server: Option<String>,
    pub auto_share: bool,
    /// The clinic refused this device (revoked): nothing is sent until the patient links again.
    pub relink_needed: bool,
    /// One sentence about the whole outbox, e.g. "2 waiting to be sent, next try today 14:05".
    pub status: String,
    pub queued: u32,
    pub sent: u32,
    pub failed: u32,
    /// When the shell should send `Sync` next (UTC ms): the earliest retry due, or the next
    /// look for the clinic's answer to a flagged check-in (`sharing::answers`).
    pub next_sync_utc_ms: Option<i64>,
    /// Newest first; filled on the sharing screen only.
    pub items: Vec<OutboxItemView>,
    /// How many items the last share put in the outbox (for "3 items queued" feedback).
    pub last_queued: Option<u32>,
    /// Set when unlinking could not end this phone's access at the clinic: the link is kept,
    /// and the patient chooses to try again (`Unlink`) or to unlink here only (`UnlinkHere`).
    pub unlink_trouble: Option<UnlinkTrouble>,
    /// The clinic screen's words.
    pub labels: SharingLabels,
    /// What the patient can choose to send; while linked, on this screen.
    pub share_form: Option<super::ShareFormView>,
    /// An invite link opened the app: confirm its server before linking (shown above the
    /// link form, with the automatic-sharing box).
    pub invite_offer: Option<super::InviteOfferView>,
}

/// The clinic screen's headings, fields and buttons, worded once here for every shell.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct SharingLabels {
    pub title: String,
    /// Shown while the clinic refuses this device.
    pub relink_alert: Option<String>,
    /// The link form: "Link with your clinic", or "Link again" after a refusal.
    pub link_title: String,
    pub link_help: String,
    pub invite_label: String,
    /// A typed code needs the clinic's address; an invite link carries it.
    pub server_label: String,
    pub auto_share_label: String,
    /// How the automatic-sharing box starts: ticked, so a check-in that needs the clinic
    /// reaches it unless the patient says otherwise (the box is beside the link button).
    pub auto_share_default: bool,
    pub link_button: String,
    /// "Phone: +44 20 …" while linked.
    pub phone_line: Option<String>,
    pub share_button: String,
    pub send_now: String,
    pub unlink: String,
    /// Heads the unlink trouble card.
    pub still_linked: String,
    pub outbox_title: String,
}

fn labels(words: &SharingWords, link: Option<&ClinicLink>) -> SharingLabels {
    let relink = link.is_some_and(|l| l.relink_needed);
    let clinic = link.map_or(words.your_clinic, |l| l.clinic_name.as_str());
    SharingLabels {
        title: words.title.to_owned(),
        relink_alert: relink.then(|| fill(words.relink_alert, &[("clinic", clinic)])),
        link_title: if relink { words.relink_title } else { words.link_title }.to_owned(),
        link_help: words.link_help.to_owned(),
        invite_label: words.invite_label.to_owned(),
        server_label: words.server_label.to_owned(),
        auto_share_label: words.auto_share_label.to_owned(),
        auto_share_default: true,
        link_button: words.link_button.to_owned(),
        phone_line: link
            .filter(|l| !l.clinic_phone.is_empty())
            .map(|l| fill(words.phone_line, &[("phone", &l.clinic_phone)])),
        share_button: words.share_button.to_owned(),
        send_now: words.send_now.to_owned(),
        unlink: words.unlink.to_owned(),
        still_linked: words.still_linked.to_owned(),
        outbox_title: words.outbox_title.to_owned(),
    }
}

/// Unlinking did not reach the clinic: what happened and the two ways on, in the core's words.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct UnlinkTrouble {
    /// e.g. "Glow Clinic could not be reached to end this phone's access: …".
    pub message: String,
    /// The button that sends `Unlink` again.
    pub retry_label: String,
    /// The button that sends `UnlinkHere`.
    pub here_only_label: String,
    /// What unlinking here only means.
    pub here_only_note: String,
}

/// The words of [`UnlinkTrouble`] around the reason the core judged.
fn unlink_trouble(
    words: &SharingWords,
    reason: &ClinicReason,
    link: Option<&ClinicLink>,
    language: Language,
) -> UnlinkTrouble {
    let clinic = link.map_or(words.your_clinic, |l| l.clinic_name.as_str());
    UnlinkTrouble {
        message: super::reasons::unlink_not_ended(reason, clinic, language),
        retry_label: words.retry.to_owned(),
        here_only_label: words.unlink_here_only.to_owned(),
        here_only_note: fill(
            words.unlink_here_only_note,
            &[("clinic", clinic), ("days", &share_api::DEFAULT_DEVICE_IDLE_DAYS.to_string())],
        ),
    }
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct OutboxItemView {
    pub id: i64,
    pub kind: OutboxKind,
    pub local_id: i64,
    /// e.g. "Check-in Day 3".
    pub label: String,
    pub state: OutboxState,
    /// What the state means for the patient and what to do, e.g. "Not sent: link again".
    pub state_text: String,
    /// Why the last attempt failed (queued or failed items), in the patient's words.
    pub reason: Option<String>,
    pub attempts: u32,
    /// RFC 3339 and a short label in the patient's zone.
    pub next_attempt: Option<String>,
    pub next_attempt_label: Option<String>,
    pub queued_at: String,
    pub sent_at: Option<String>,
    pub sent_label: Option<String>,
}

pub(crate) fn build(model: &Model) -> SharingView {
    let words = &model.language.words().sharing;
    let sharing = &model.sharing;
    let link = sharing.link.as_ref();
    let count = |state| {
        u32::try_from(sharing.items.iter().filter(|i| i.state == state).count()).unwrap_or(u32::MAX)
    };
    let next_attempt_utc_ms = sharing
        .items
        .iter()
        .filter(|i| i.state == OutboxState::Queued)
        .filter_map(|i| i.next_attempt_utc_ms)
        .min();
    let (queued, sent, failed) =
        (count(OutboxState::Queued), count(OutboxState::Sent), count(OutboxState::Failed));
    SharingView {
        loaded: sharing.loaded,
        linked: link.is_some(),
        clinic_name: link.map(|l| l.clinic_name.clone()),
        clinic_phone: link.map(|l| l.clinic_phone.clone()),
        after_hours_advice: link.map(|l| l.after_hours_advice.clone()),
        server: link.map(|l| l.server.clone()),
        auto_share: link.is_some_and(|l| l.auto_share),
        relink_needed: link.is_some_and(|l| l.relink_needed),
        status: status(model, Counts { queued, sent, failed }, next_attempt_utc_ms),
        queued,
        sent,
        failed,
        next_sync_utc_ms: [next_attempt_utc_ms, super::answers::next_poll_ms(model)]
            .into_iter()
            .flatten()
            .min(),
        items: match (model.screen, model.now) {
            (Screen::Sharing, Some(now)) => {
                sharing.items.iter().rev().map(|i| item(model, i, now)).collect()
            }
            _ => Vec::new(),
        },
        last_queued: sharing.last_queued,
        unlink_trouble: sharing
            .unlink_trouble
            .as_ref()
            .map(|reason| unlink_trouble(words, reason, link, model.language)),
        labels: labels(words, link),
        share_form: super::share_form::build(model),
        invite_offer: sharing
            .offered_invite
            .as_ref()
            .map(|invite| super::invite_offer::build(invite, model.language)),
    }
}

/// An instant as RFC 3339 and as a short label in the patient's zone and language.
fn label(ms: i64, now: Now, language: Language) -> (String, String) {
    let at = instant_from_ms(ms).unwrap_or_default();
    (rfc3339(at, now.zone), at_label_in(language, at, now.zone, now.instant))
}

struct Counts {
    queued: u32,
    sent: u32,
    failed: u32,
}

/// The outbox in one sentence, e.g. "2 waiting to be sent, next try today 14:05; 1 sent".
fn status(model: &Model, counts: Counts, next: Option<i64>) -> String {
    let words = &model.language.words().sharing;
    let link = model.sharing.link.as_ref();
    let n = counts.queued.to_string();
    let waiting = match (link, counts.queued) {
        (_, 0) => None,
        (None, _) => Some(fill(words.status_not_linked_count, &[("count", &n)])),
        (Some(l), _) if l.relink_needed => {
            Some(fill(words.status_relink_count, &[("count", &n), ("clinic", &l.clinic_name)]))
        }
        (Some(_), _) => Some(match (next, model.now) {
            (Some(next), Some(now)) if next > now.instant.timestamp_millis() => fill(
                words.status_waiting_next,
                &[("count", &n), ("when", &label(next, now, model.language).1)],
            ),
            _ => fill(words.status_waiting, &[("count", &n)]),
        }),
    };
    let counted = |count: u32, one: &str, many: &str| {
        if count == 1 { one.to_owned() } else { fill(many, &[("count", &count.to_string())]) }
    };
    let mut parts: Vec<String> = waiting.into_iter().collect();
    if counts.failed > 0 {
        parts.push(counted(counts.failed, words.status_refused_one, words.status_refused));
    }
    if counts.sent > 0 {
        parts.push(counted(counts.sent, words.status_sent_one, words.status_sent));
    }
    match (link, parts.is_empty()) {
        (None, true) => words.status_not_linked.to_owned(),
        (Some(_), true) => words.status_nothing_yet.to_owned(),
        _ => parts.join(words.status_separator),
    }
}

/// What the item is, in the patient's language, from the record it shares; the label stored
/// when it was queued (English, as the clinic receives it) once that record is gone.
fn item_label(model: &Model, i: &OutboxItem) -> String {
    let (language, words) = (model.language, &model.language.words().sharing);
    let record = model.record.as_ref();
    let day = |day: Option<u32>| day_label_in(language, day);
    let worded = match i.kind {
        OutboxKind::Checkin => record
            .and_then(|r| r.checkins.iter().find(|c| c.id == i.local_id))
            .map(|c| c.details.session_id.map(|_| c.details.day_index))
            .map(|d| fill(words.item_checkin, &[("day", &day(d))])),
        OutboxKind::Photo => record
            .and_then(|r| r.photos.iter().find(|p| p.id == i.local_id))
            .map(|p| fill(words.item_photo, &[("day", &day(p.day_index))])),
        OutboxKind::Session => record
            .and_then(|r| r.sessions.iter().find(|s| s.id == i.local_id))
            .and_then(|s| {
                let start = instant_from_ms(s.details.start_utc_ms).ok()?;
                let zone = s.details.zone.parse::<chrono_tz::Tz>().unwrap_or(chrono_tz::UTC);
                Some(start.with_timezone(&zone).date_naive())
            })
            .map(|d| fill(words.item_session, &[("date", &date_label(language, d))])),
    };
    worded.unwrap_or_else(|| i.label.clone())
}

fn item(model: &Model, i: &OutboxItem, now: Now) -> OutboxItemView {
    let words = &model.language.words().sharing;
    let at = |ms| label(ms, now, model.language);
    let next = i.next_attempt_utc_ms.filter(|_| i.state == OutboxState::Queued).map(at);
    let sent = i.sent_utc_ms.map(at);
    let state_text = match i.state {
        OutboxState::Sent => words.item_sent.to_owned(),
        OutboxState::Failed => words.item_refused.to_owned(),
        OutboxState::Queued => match model.sharing.link.as_ref() {
            None => words.item_not_linked.to_owned(),
            Some(l) if l.relink_needed => words.item_relink.to_owned(),
            Some(_) if i.attempts == 0 => words.item_waiting.to_owned(),
            Some(_) => match &next {
                Some((_, when)) => fill(words.item_retry_at, &[("when", when)]),
                None => words.item_retry.to_owned(),
            },
        },
    };
    OutboxItemView {
        id: i.id,
        kind: i.kind,
        local_id: i.local_id,
        label: item_label(model, i),
        state: i.state,
        state_text,
        reason: i
            .last_error
            .as_ref()
            .filter(|_| i.state != OutboxState::Sent)
            .map(|reason| super::reasons::word(reason, model.language)),
        attempts: i.attempts,
        next_attempt: next.as_ref().map(|n| n.0.clone()),
        next_attempt_label: next.map(|n| n.1),
        queued_at: at(i.queued_utc_ms).0,
        sent_at: sent.as_ref().map(|s| s.0.clone()),
        sent_label: sent.map(|s| s.1),
    }
}
