//! Sharing with the patient's clinic: link with an invite, choose what to send, and follow each
//! item through the outbox (queued → sent, or failed with a reason the patient can act on).
//!
//! Nothing leaves the device unless the patient shares it (`Share`, `ShareCheckin`) or chose,
//! while linking, to send "contact clinic" and "urgent" check-ins automatically (`auto_share`).
//! The core builds every request ([`requests`]) and judges every answer ([`delivery`]: retry,
//! backoff, relink, the reason a patient reads); the shell side only sends them (see
//! `effects::clinic`).

pub mod answers;
pub mod delivery;
pub mod invite;
pub mod invite_offer;
pub mod reasons;
pub mod requests;
pub mod share_form;
mod view;

pub use invite::{Invite, InviteError, parse_invite};
pub use invite_offer::InviteOfferView;
pub use share_form::{CheckinChoiceView, ShareFormView, SharePhotoView};
pub(crate) use view::build as build_view;
pub use view::{OutboxItemView, SharingLabels, SharingView, UnlinkTrouble};

use crux_core::{Command, render::render};
use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::app::{self, Model};
use crate::checkin::{Checkin, Level, TriageResult};
use crate::effects::clinic::{self as clinic_effect};
use crate::effects::{
    ClinicErrorKind, ClinicLink, ClinicOperation, ClinicReason, ClinicResult, Effect, OutboxDraft,
    OutboxItem, OutboxKind, OutboxState, StoreOperation, store,
};
use crate::i18n::{Language, fill};
use crate::protocol;
use crate::view::{ErrorKind, Failure, Screen};

/// Which check-ins a share includes.
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum CheckinChoice {
    All,
    /// Only "contact clinic today" and "urgent" results.
    Flagged,
    None,
}

/// What the patient picked to send.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ShareSelection {
    pub checkins: CheckinChoice,
    pub photo_ids: Vec<i64>,
    pub include_sessions: bool,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[repr(C)]
pub enum SharingEvent {
    /// Link to a clinic from the link form. `invite_code` is the typed code or a pasted
    /// `afterglow://enroll?server=..&code=..` URL (whose server then wins over `server`).
    Link { server: String, invite_code: String, auto_share: bool },
    /// Stop sharing: ask the clinic to end this phone's access, then forget the token and the
    /// link; what is queued stays (shown as not sent). When the clinic cannot be reached the
    /// link is kept and the view offers to try again or to unlink on this phone only.
    Unlink,
    /// Queue what the patient picked and try to send it.
    Share { selection: ShareSelection },
    /// The offer on a "contact clinic" or "urgent" result: send this check-in.
    ShareCheckin { checkin_id: i64 },
    /// Send what is due and ask for the clinic's answers (shells send it on start, when back
    /// online, and at the view's `next_sync_utc_ms`).
    Sync,

    /// The answer to linking with `server` (named in the words of a failure).
    #[serde(skip)]
    #[facet(skip)]
    Linked { server: String, result: ClinicResult },
    #[serde(skip)]
    #[facet(skip)]
    Unlinked(ClinicResult),
    #[serde(skip)]
    #[facet(skip)]
    Queued(ClinicResult),
    #[serde(skip)]
    #[facet(skip)]
    Delivered(ClinicResult),
    #[serde(skip)]
    #[facet(skip)]
    Answered(ClinicResult),

    /// After the clinic could not be reached to end the access: forget the token and the link
    /// on this phone anyway (the clinic can still end the access; unused, it expires).
    UnlinkHere,
    /// A link opened the app (the clinic's QR code, a tapped `afterglow://` link): the core
    /// reads it and, if it is an invite, the clinic screen asks the patient to confirm the
    /// server before anything is sent (`SharingView::invite_offer`). Shells pass every link.
    OpenInvite { link: String },
    /// The patient confirmed the offered invite.
    AcceptInvite { auto_share: bool },
    /// The patient declined the offered invite.
    DeclineInvite,
}

/// The feature's events under the house name (`sharing::Event`).
pub type Event = SharingEvent;

impl SharingEvent {
    /// The core's own follow-ups, never sent by shells.
    pub fn is_internal(&self) -> bool {
        matches!(
            self,
            Self::Linked { .. }
                | Self::Unlinked(_)
                | Self::Queued(_)
                | Self::Delivered(_)
                | Self::Answered(_)
        )
    }
}

/// The sharing part of the model: the link and the outbox as the shell last reported them.
#[derive(Default, Debug)]
pub struct SharingModel {
    pub(crate) link: Option<ClinicLink>,
    pub(crate) items: Vec<OutboxItem>,
    pub(crate) loaded: bool,
    pub(crate) last_queued: Option<u32>,
    /// Why the last unlink could not end the access at the clinic (the link is kept).
    pub(crate) unlink_trouble: Option<ClinicReason>,
    /// What the clinic did with the shared check-ins, as last asked.
    pub(crate) answers: answers::Answers,
    /// An invite link that opened the app, waiting for the patient to confirm it.
    pub(crate) offered_invite: Option<Invite>,
}

impl SharingModel {
    fn can_deliver(&self) -> bool {
        self.link.as_ref().is_some_and(|l| !l.relink_needed)
    }

    fn has_queued(&self) -> bool {
        self.items.iter().any(|i| i.state == OutboxState::Queued)
    }

    /// The outbox item of a local record, if it was ever queued.
    pub(crate) fn item_for(&self, kind: OutboxKind, local_id: i64) -> Option<&OutboxItem> {
        self.items.iter().find(|i| i.kind == kind && i.local_id == local_id)
    }
}

/// Enrolls with `invite`; the answer comes back as `Linked`, naming the server tried.
fn enroll(invite: &Invite, auto_share: bool) -> Command<Effect, app::Event> {
    let enrollment = requests::enroll(invite, auto_share);
    let server = invite.server.clone();
    ask(ClinicOperation::Enroll { enrollment }, move |result| Event::Linked { server, result })
}

fn ask(
    operation: ClinicOperation,
    then: impl FnOnce(ClinicResult) -> Event + Send + 'static,
) -> Command<Effect, app::Event> {
    clinic_effect::request(operation).then_send(move |r| app::Event::Sharing(then(r)))
}

/// Takes the link and outbox out of the record loaded at start (the feature keeps them).
pub(crate) fn take_stored(model: &mut Model, record: &mut crate::domain::PatientRecord) {
    model.sharing.link = record.clinic_link.take().map(|link| *link);
    model.sharing.items = std::mem::take(&mut record.outbox);
    model.sharing.loaded = true;
}

fn deliver(model: &Model) -> Command<Effect, app::Event> {
    match model.now {
        Some(now) if model.sharing.can_deliver() => ask(
            ClinicOperation::Deliver { now_utc_ms: now.instant.timestamp_millis() },
            Event::Delivered,
        ),
        _ => Command::done(),
    }
}

fn enqueue(model: &mut Model, items: Vec<OutboxDraft>) -> Command<Effect, app::Event> {
    model.sharing.last_queued = None;
    ask(ClinicOperation::Enqueue { items }, Event::Queued)
}

/// After a check-in is stored: send it at once if it is flagged and the patient opted in.
pub(crate) fn after_checkin(model: &mut Model, checkin: &Checkin) -> Command<Effect, app::Event> {
    let auto = model.sharing.link.as_ref().is_some_and(|l| l.auto_share && !l.relink_needed);
    if auto && checkin.details.triage.flagged_for_sharing {
        enqueue(model, vec![requests::checkin(checkin)])
    } else {
        Command::done()
    }
}

/// The check-in result's offer: share this (flagged) check-in, not yet in the outbox, while linked.
pub(crate) fn offers_share(model: &Model, checkin_id: i64, flagged: bool) -> bool {
    flagged
        && model.sharing.link.is_some()
        && model.sharing.item_for(OutboxKind::Checkin, checkin_id).is_none()
}

/// The clinic's line on a flagged result while linked. For "contact clinic" it is the route
/// (name, phone, the clinic's after-hours advice). For "urgent" it is only a reminder for
/// afterwards: the emergency instruction comes first and alone (clinical review, critical 1),
/// so no clinic wording ("call us now", "if you cannot reach us") may compete with it.
pub(crate) fn clinic_advice(
    model: &Model,
    result: &TriageResult,
    language: crate::i18n::Language,
) -> Option<String> {
    clinic_line_in(language, model.sharing.link.as_ref()?, result)
}

/// The linked clinic's phone as a call button, when it has a number a dialer can use.
pub(crate) fn call_clinic(
    model: &Model,
    language: crate::i18n::Language,
) -> Option<crate::checkin::view::CallAction> {
    let link = model.sharing.link.as_ref()?;
    let phone = link.clinic_phone.trim();
    let digits: String = phone
        .chars()
        .enumerate()
        .filter(|(i, c)| c.is_ascii_digit() || (*i == 0 && *c == '+'))
        .map(|(_, c)| c)
        .collect();
    (digits.trim_start_matches('+').len() >= 3).then(|| crate::checkin::view::CallAction {
        label: crate::i18n::fill(
            language.words().result.call_clinic,
            &[("clinic", &link.clinic_name)],
        ),
        uri: format!("tel:{digits}"),
    })
}

/// [`clinic_advice`] for a given link, in English (public for the advice snapshots).
pub fn clinic_line(link: &crate::effects::ClinicLink, result: &TriageResult) -> Option<String> {
    clinic_line_in(crate::i18n::Language::En, link, result)
}

/// The clinic's line in the patient's language. The clinic's name, phone and after-hours
/// advice are the clinic's own words, shown as the clinic wrote them.
pub fn clinic_line_in(
    language: crate::i18n::Language,
    link: &crate::effects::ClinicLink,
    result: &TriageResult,
) -> Option<String> {
    let w = &language.words().result;
    let clinic = [("clinic", link.clinic_name.as_str()), ("phone", link.clinic_phone.as_str())];
    match result.level {
        Level::ContactClinic if result.gives_days_not_hours() => {
            Some(crate::i18n::fill(w.clinic_soon, &clinic))
        }
        Level::ContactClinic => {
            let mut text = crate::i18n::fill(w.clinic_today, &clinic);
            if !link.after_hours_advice.trim().is_empty() {
                text.push(' ');
                text.push_str(link.after_hours_advice.trim());
            }
            Some(text)
        }
        Level::Urgent => Some(crate::view::safety::tell_clinic_afterwards(link, language)),
        Level::Expected | Level::Watch => None,
    }
}

pub(crate) fn update(event: Event, model: &mut Model) -> Command<Effect, app::Event> {
    match event {
        Event::Link { server, invite_code, auto_share } => {
            model.screen = Screen::Sharing;
            match parse_invite(&server, &invite_code) {
                Ok(invite) => {
                    model.sharing.offered_invite = None;
                    enroll(&invite, auto_share)
                }
                Err(e) => model.fail(ErrorKind::Invalid, |l| reasons::invite_error(&e, l)),
            }
        }
        Event::OpenInvite { link } => {
            model.screen = Screen::Sharing;
            // Only the QR code's form is an invite: a code alone never arrives as a link.
            let is_link = link.trim_start().to_ascii_lowercase().starts_with("afterglow:");
            let invite =
                if is_link { parse_invite("", &link) } else { Err(InviteError::NotAnInvite) };
            match invite {
                Ok(invite) => {
                    model.sharing.offered_invite = Some(invite);
                    render()
                }
                Err(e) => model.fail(ErrorKind::Invalid, |l| reasons::invite_error(&e, l)),
            }
        }
        Event::AcceptInvite { auto_share } => match model.sharing.offered_invite.take() {
            Some(invite) => enroll(&invite, auto_share).and(render()),
            None => render(),
        },
        Event::DeclineInvite => {
            model.sharing.offered_invite = None;
            render()
        }
        Event::Unlink => {
            model.screen = Screen::Sharing;
            model.sharing.unlink_trouble = None;
            match &model.sharing.link {
                // The clinic already refused the token (401): nothing left to end there.
                Some(link) if !link.relink_needed => ask(requests::unlink(), Event::Unlinked),
                _ => ask(ClinicOperation::Unlink, Event::Unlinked),
            }
        }
        Event::UnlinkHere => {
            model.screen = Screen::Sharing;
            model.sharing.unlink_trouble = None;
            ask(ClinicOperation::Unlink, Event::Unlinked)
        }
        Event::Share { selection } => {
            model.screen = Screen::Sharing;
            match drafts(model, &selection) {
                Ok(items) => enqueue(model, items),
                Err(failure) => model.show(failure),
            }
        }
        Event::ShareCheckin { checkin_id } => {
            let found = model
                .record
                .as_ref()
                .and_then(|r| r.checkins.iter().find(|c| c.id == checkin_id))
                .map(requests::checkin);
            match (found, model.sharing.link.is_some()) {
                (_, false) => {
                    model.fail(ErrorKind::Clinic, |l| reasons::word(&ClinicReason::NotLinked, l))
                }
                (Some(draft), true) => enqueue(model, vec![draft]),
                (None, true) => {
                    let id = checkin_id.to_string();
                    model.fail(ErrorKind::Invalid, |l| {
                        fill(l.clinic_reason_words().no_such_checkin, &[("id", &id)])
                    })
                }
            }
        }
        // Shells send Sync on start and on reconnecting: without a link (or while a relink is
        // needed) there is nothing to do, and that is not an error.
        Event::Sync => deliver(model).and(answers::fetch(model)).and(render()),
        Event::Answered(result) => answers::answered(model, result),
        Event::Linked { result: ClinicResult::Linked { link, care_protocol_json }, .. } => {
            let name = link.clinic_name.clone();
            model.sharing.link = Some(link);
            model.sharing.unlink_trouble = None;
            let adopt = match protocol::parse(&care_protocol_json) {
                Ok(_) => {
                    let json = Some(care_protocol_json);
                    let stored = json.clone();
                    store::request(StoreOperation::SaveProtocol { json })
                        .then_send(move |r| app::Event::ProtocolStored(stored, r))
                }
                Err(e) => {
                    let detail = e.to_string();
                    model.fail(ErrorKind::Invalid, |l| {
                        let words = l.clinic_reason_words().protocol_unusable;
                        fill(words, &[("clinic", &name), ("detail", &detail)])
                    })
                }
            };
            // Items left queued by a revoked link go out once the patient has linked again.
            let resume = if model.sharing.has_queued() { deliver(model) } else { Command::done() };
            adopt.and(resume).and(render())
        }
        Event::Unlinked(ClinicResult::Unlinked) => {
            model.sharing.link = None;
            model.sharing.unlink_trouble = None;
            render()
        }
        // The clinic was not reached (or answered trouble): the link and token are kept.
        Event::Unlinked(ClinicResult::Failed { error })
            if error.kind != ClinicErrorKind::Storage && model.sharing.link.is_some() =>
        {
            model.sharing.unlink_trouble = Some(error.reason);
            render()
        }
        Event::Delivered(result) => apply(model, result).unwrap_or_else(render),
        Event::Queued(result) => {
            let before: Vec<i64> = model.sharing.items.iter().map(|i| i.id).collect();
            match apply(model, result) {
                None => {
                    let new =
                        model.sharing.items.iter().filter(|i| !before.contains(&i.id)).count();
                    model.sharing.last_queued = Some(u32::try_from(new).unwrap_or(u32::MAX));
                    deliver(model).and(render())
                }
                Some(failed) => failed,
            }
        }
        Event::Linked { server, result: ClinicResult::Failed { error } } => {
            model.fail(ErrorKind::Clinic, |l| reasons::cannot_link(&error.reason, &server, l))
        }
        Event::Unlinked(ClinicResult::Failed { error }) => {
            model.fail(ErrorKind::Clinic, |l| reasons::word(&error.reason, l))
        }
        Event::Linked { result: other, .. } | Event::Unlinked(other) => {
            model.fail(ErrorKind::Clinic, |l| out_of_turn(&other, l))
        }
    }
}

/// Takes the shell's report; on a failure, the command that shows it.
fn apply(model: &mut Model, result: ClinicResult) -> Option<Command<Effect, app::Event>> {
    match result {
        ClinicResult::Outbox { link, items } => {
            model.sharing.link = link;
            model.sharing.items = items;
            model.sharing.loaded = true;
            None
        }
        ClinicResult::Failed { error } => {
            model.sharing.loaded = true;
            Some(model.fail(ErrorKind::Clinic, |l| reasons::word(&error.reason, l)))
        }
        other => Some(model.fail(ErrorKind::Clinic, |l| out_of_turn(&other, l))),
    }
}

/// A shell bug: the clinic handler answered another operation's result.
fn out_of_turn(result: &ClinicResult, language: crate::i18n::Language) -> String {
    let name = match result {
        ClinicResult::Linked { .. } => "linked",
        ClinicResult::Unlinked => "unlinked",
        ClinicResult::Outbox { .. } => "outbox",
        ClinicResult::Failed { .. } => "failed",
        ClinicResult::Answers { .. } => "answers",
    };
    crate::i18n::fill(language.storage_words().out_of_turn, &[("detail", name)])
}

/// The requests for what the patient picked; an error names what cannot be shared.
fn drafts(model: &Model, selection: &ShareSelection) -> Result<Vec<OutboxDraft>, Failure> {
    let refused = |words: fn(Language) -> String| Failure::new(ErrorKind::Invalid, words);
    let (Some(record), Some(now)) = (&model.record, model.now) else {
        return Err(refused(app::record_not_loaded));
    };
    if model.sharing.link.is_none() {
        return Err(refused(|l| reasons::word(&ClinicReason::NotLinked, l)));
    }
    let mut items = Vec::new();
    if selection.include_sessions {
        items.extend(record.sessions.iter().map(requests::session));
    }
    let checkins = record.checkins.iter().filter(|c| match selection.checkins {
        CheckinChoice::All => true,
        CheckinChoice::Flagged => c.details.triage.flagged_for_sharing,
        CheckinChoice::None => false,
    });
    items.extend(checkins.map(requests::checkin));
    for id in &selection.photo_ids {
        let photo = record.photos.iter().find(|p| p.id == *id).ok_or_else(|| {
            let id = id.to_string();
            let words =
                move |l: Language| fill(l.clinic_reason_words().no_such_photo, &[("id", &id)]);
            Failure::new(ErrorKind::Invalid, words)
        })?;
        items.push(requests::photo(photo, &record.sessions, now.zone));
    }
    if items.is_empty() {
        return Err(match selection.checkins {
            CheckinChoice::Flagged => {
                refused(|l| l.clinic_reason_words().nothing_to_share_flagged.to_owned())
            }
            _ => refused(|l| l.clinic_reason_words().nothing_to_share.to_owned()),
        });
    }
    Ok(items)
}

#[cfg(test)]
mod tests;
