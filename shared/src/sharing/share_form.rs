//! What the patient can choose to send to the clinic, as every shell draws it: the check-in
//! choices with their words and the one pre-chosen, the session details, each photo by its day
//! and time (thumbnail file for shells that draw one), and "everything" for a one-tap share.
//! Before, the web read its own photo store for the ids of "everything", and the native apps
//! worded and pre-chose the choices themselves.

use facet::Facet;
use serde::{Deserialize, Serialize};

use super::{CheckinChoice, ShareSelection};
use crate::app::Model;
use crate::journal::view::photo_view;

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ShareFormView {
    pub title: String,
    pub checkins_title: String,
    pub checkin_choices: Vec<CheckinChoiceView>,
    /// The choice the form starts with.
    pub checkins_default: CheckinChoice,
    pub sessions_label: String,
    pub sessions_default: bool,
    pub photos_title: String,
    /// Newest first.
    pub photos: Vec<SharePhotoView>,
    pub send_label: String,
    /// Every check-in, every photo and the sessions: what "share everything" sends.
    pub everything: ShareSelection,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct CheckinChoiceView {
    pub choice: CheckinChoice,
    pub label: String,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SharePhotoView {
    pub id: i64,
    /// "Day 3 · today 10:05"
    pub label: String,
    pub thumb_file: String,
}

/// The form while linked, on the sharing screen (its photo list walks every photo); `None`
/// otherwise.
pub(crate) fn build(model: &Model) -> Option<ShareFormView> {
    let linked = model.sharing.link.as_ref().is_some_and(|l| !l.relink_needed);
    let on_screen = model.screen == crate::view::Screen::Sharing;
    let (record, now) = (model.record.as_ref()?, model.now?);
    if !linked || !on_screen {
        return None;
    }
    let photos: Vec<SharePhotoView> = record
        .photos
        .iter()
        .rev()
        .map(|p| {
            let view = photo_view(p, &record.sessions, now, false, model.language);
            SharePhotoView {
                id: p.id,
                label: format!("{} · {}", view.day_label, view.taken_label),
                thumb_file: view.thumb_file,
            }
        })
        .collect();
    let choice = |choice, label: &str| CheckinChoiceView { choice, label: label.to_owned() };
    Some(ShareFormView {
        title: "Share with the clinic".to_owned(),
        checkins_title: "Check-ins".to_owned(),
        checkin_choices: vec![
            choice(CheckinChoice::Flagged, "Only those that need the clinic"),
            choice(CheckinChoice::All, "All of them"),
            choice(CheckinChoice::None, "None"),
        ],
        checkins_default: CheckinChoice::Flagged,
        sessions_label: "Session details (date, depth, areas)".to_owned(),
        sessions_default: true,
        photos_title: "Photos".to_owned(),
        everything: ShareSelection {
            checkins: CheckinChoice::All,
            photo_ids: record.photos.iter().map(|p| p.id).collect(),
            include_sessions: true,
        },
        photos,
        send_label: "Send".to_owned(),
    })
}
