//! The catalogue's keys for the clinic screen: the link form, the outbox and what each item's
//! state means, unlinking, the clinic's answers to a check-in, and the share-selection form.
//! Names, phone numbers and the clinic's own words are data and stay as the clinic wrote them.
//! Why an exchange failed is worded from `clinic_reasons.rs`.

use serde::Serialize;

#[derive(Serialize, Debug)]
pub struct SharingWords {
    pub title: &'static str,
    /// Used where a sentence names the clinic and no clinic is linked.
    pub your_clinic: &'static str,
    /// `{clinic}`: the clinic refused this device.
    pub relink_alert: &'static str,
    pub link_title: &'static str,
    pub relink_title: &'static str,
    pub link_help: &'static str,
    pub invite_label: &'static str,
    pub server_label: &'static str,
    pub auto_share_label: &'static str,
    pub link_button: &'static str,
    /// `{phone}`.
    pub phone_line: &'static str,
    pub share_button: &'static str,
    pub send_now: &'static str,
    pub unlink: &'static str,
    pub still_linked: &'static str,
    pub outbox_title: &'static str,
    pub retry: &'static str,
    pub unlink_here_only: &'static str,
    /// `{clinic}`, `{days}`.
    pub unlink_here_only_note: &'static str,
    /// The outbox in one sentence: parts joined by `status_separator`. `{count}` in each.
    pub status_not_linked_count: &'static str,
    /// `{count}`, `{clinic}`.
    pub status_relink_count: &'static str,
    /// `{count}`, `{when}`.
    pub status_waiting_next: &'static str,
    pub status_waiting: &'static str,
    pub status_refused_one: &'static str,
    pub status_refused: &'static str,
    pub status_sent_one: &'static str,
    pub status_sent: &'static str,
    pub status_separator: &'static str,
    pub status_not_linked: &'static str,
    pub status_nothing_yet: &'static str,
    /// What an outbox item is, worded from the record it shares. `{day}`: "Day 3".
    pub item_checkin: &'static str,
    pub item_photo: &'static str,
    /// `{date}`: the session's local date.
    pub item_session: &'static str,
    /// One item's state.
    pub item_sent: &'static str,
    pub item_refused: &'static str,
    pub item_not_linked: &'static str,
    pub item_relink: &'static str,
    pub item_waiting: &'static str,
    /// `{when}`.
    pub item_retry_at: &'static str,
    pub item_retry: &'static str,
    /// The clinic's answer to a check-in. `{clinic}`, `{when}`.
    pub answer_handled: &'static str,
    pub answer_seen: &'static str,
    /// `{clinic}`, `{when}`, `{reply}` (the clinic's own words).
    pub answer_reply: &'static str,
    /// The share-selection form (`sharing::share_form`).
    pub share_title: &'static str,
    pub share_checkins_title: &'static str,
    pub share_checkins_flagged: &'static str,
    pub share_checkins_all: &'static str,
    pub share_checkins_none: &'static str,
    pub share_sessions_label: &'static str,
    pub share_photos_title: &'static str,
    /// `{day}`: "Day 3", `{taken}`: "today 10:05".
    pub share_photo_label: &'static str,
    pub share_send: &'static str,
    /// An opened invite link, before linking (`sharing::invite_offer`). `{host}`.
    pub invite_offer_question: &'static str,
    /// `{server}`: the invite's whole address.
    pub invite_offer_caution: &'static str,
    pub invite_offer_accept: &'static str,
    pub invite_offer_decline: &'static str,
}
