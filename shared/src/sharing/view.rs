//! What the sharing screen shows: the link, and each outbox item's state with what to do.

use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::app::Model;
use crate::domain::clock::{Now, instant_from_ms};
use crate::effects::{ClinicLink, OutboxItem, OutboxKind, OutboxState};
use crate::view::{Screen, at_label, rfc3339};

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

fn labels(link: Option<&ClinicLink>) -> SharingLabels {
    let relink = link.is_some_and(|l| l.relink_needed);
    let clinic = link.map_or("Your clinic", |l| l.clinic_name.as_str());
    SharingLabels {
        title: "Your clinic".to_owned(),
        relink_alert: relink.then(|| {
            format!("{clinic} no longer accepts this device. Link again with a new invite.")
        }),
        link_title: if relink { "Link again" } else { "Link with your clinic" }.to_owned(),
        link_help:
            "Enter the code your clinic gave you, or open the invite link or QR code it sent."
                .to_owned(),
        invite_label: "Invite code (or the invite link)".to_owned(),
        server_label: "Clinic address".to_owned(),
        auto_share_label:
            "Send \"contact clinic\" and \"urgent\" check-ins to my clinic automatically".to_owned(),
        auto_share_default: true,
        link_button: "Link to my clinic".to_owned(),
        phone_line: link
            .filter(|l| !l.clinic_phone.is_empty())
            .map(|l| format!("Phone: {}", l.clinic_phone)),
        share_button: "Share my check-ins, photos and sessions".to_owned(),
        send_now: "Send now".to_owned(),
        unlink: "Stop sharing (unlink)".to_owned(),
        still_linked: "Still linked".to_owned(),
        outbox_title: "Outbox".to_owned(),
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
fn unlink_trouble(message: &str, link: Option<&ClinicLink>) -> UnlinkTrouble {
    let clinic = link.map_or("your clinic", |l| l.clinic_name.as_str());
    UnlinkTrouble {
        message: message.to_owned(),
        retry_label: "Try again".to_owned(),
        here_only_label: "Unlink on this phone only".to_owned(),
        here_only_note: format!(
            "This phone forgets the link and its key now, and nothing more is sent from it. \
             {clinic} can end the access it had (ask them to stop sharing with this phone), \
             and it ends by itself after {} days without use unless the clinic set another \
             period.",
            share_api::DEFAULT_DEVICE_IDLE_DAYS
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
        status: status(link, queued, sent, failed, next_attempt_utc_ms, model.now),
        queued,
        sent,
        failed,
        next_sync_utc_ms: [next_attempt_utc_ms, super::answers::next_poll_ms(model)]
            .into_iter()
            .flatten()
            .min(),
        items: match (model.screen, model.now) {
            (Screen::Sharing, Some(now)) => {
                sharing.items.iter().rev().map(|i| item(i, link, now)).collect()
            }
            _ => Vec::new(),
        },
        last_queued: sharing.last_queued,
        unlink_trouble: sharing.unlink_trouble.as_deref().map(|m| unlink_trouble(m, link)),
        labels: labels(link),
        share_form: super::share_form::build(model),
    }
}

fn label(ms: i64, now: Now) -> (String, String) {
    let at = instant_from_ms(ms).unwrap_or_default();
    (rfc3339(at, now.zone), at_label(at, now.zone, now.instant))
}

fn status(
    link: Option<&ClinicLink>,
    queued: u32,
    sent: u32,
    failed: u32,
    next: Option<i64>,
    now: Option<Now>,
) -> String {
    let waiting = match (link, queued) {
        (_, 0) => None,
        (None, n) => Some(format!("{n} not sent: not linked to a clinic")),
        (Some(l), n) if l.relink_needed => Some(format!(
            "{n} not sent: {} no longer accepts this device, link again",
            l.clinic_name
        )),
        (Some(_), n) => Some(match (next, now) {
            (Some(next), Some(now)) if next > now.instant.timestamp_millis() => {
                format!("{n} waiting to be sent, next try {}", label(next, now).1)
            }
            _ => format!("{n} waiting to be sent"),
        }),
    };
    let mut parts: Vec<String> = waiting.into_iter().collect();
    if failed > 0 {
        parts.push(format!("{failed} refused by the clinic"));
    }
    if sent > 0 {
        parts.push(format!("{sent} sent"));
    }
    match (link, parts.is_empty()) {
        (None, true) => "Not linked to a clinic".to_owned(),
        (Some(_), true) => "Nothing shared yet".to_owned(),
        _ => parts.join("; "),
    }
}

fn item(i: &OutboxItem, link: Option<&ClinicLink>, now: Now) -> OutboxItemView {
    let next =
        i.next_attempt_utc_ms.filter(|_| i.state == OutboxState::Queued).map(|ms| label(ms, now));
    let sent = i.sent_utc_ms.map(|ms| label(ms, now));
    let state_text = match i.state {
        OutboxState::Sent => "Sent to the clinic".to_owned(),
        OutboxState::Failed => "Refused by the clinic: it will not be sent again".to_owned(),
        OutboxState::Queued => match link {
            None => "Not sent: link to a clinic to send it".to_owned(),
            Some(l) if l.relink_needed => "Not sent: link to your clinic again".to_owned(),
            Some(_) if i.attempts == 0 => "Waiting to be sent".to_owned(),
            Some(_) => match &next {
                Some((_, at)) => format!("Not sent yet: will try again {at}"),
                None => "Not sent yet: will try again".to_owned(),
            },
        },
    };
    OutboxItemView {
        id: i.id,
        kind: i.kind,
        local_id: i.local_id,
        label: i.label.clone(),
        state: i.state,
        state_text,
        reason: i.last_error.clone().filter(|_| i.state != OutboxState::Sent),
        attempts: i.attempts,
        next_attempt: next.as_ref().map(|n| n.0.clone()),
        next_attempt_label: next.map(|n| n.1),
        queued_at: label(i.queued_utc_ms, now).0,
        sent_at: sent.as_ref().map(|s| s.0.clone()),
        sent_label: sent.map(|s| s.1),
    }
}
