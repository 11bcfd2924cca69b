//! What the patient can choose to send to the clinic, as every shell draws it: the check-in
//! choices with their words and the one pre-chosen, the session details, each photo by its day
//! and time (thumbnail file for shells that draw one), and "everything" for a one-tap share.
//! Before, the web read its own photo store for the ids of "everything", and the native apps
//! worded and pre-chose the choices themselves. The words are the catalogue's
//! (`i18n::sharing`, `share_*`), in the patient's language.

use facet::Facet;
use serde::{Deserialize, Serialize};

use super::{CheckinChoice, ShareSelection};
use crate::app::Model;
use crate::i18n::fill;
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
    let words = &model.language.words().sharing;
    let photos: Vec<SharePhotoView> = record
        .photos
        .iter()
        .rev()
        .map(|p| {
            let view = photo_view(p, &record.sessions, now, false, model.language);
            SharePhotoView {
                id: p.id,
                label: fill(
                    words.share_photo_label,
                    &[("day", &view.day_label), ("taken", &view.taken_label)],
                ),
                thumb_file: view.thumb_file,
            }
        })
        .collect();
    let choice = |choice, label: &str| CheckinChoiceView { choice, label: label.to_owned() };
    Some(ShareFormView {
        title: words.share_title.to_owned(),
        checkins_title: words.share_checkins_title.to_owned(),
        checkin_choices: vec![
            choice(CheckinChoice::Flagged, words.share_checkins_flagged),
            choice(CheckinChoice::All, words.share_checkins_all),
            choice(CheckinChoice::None, words.share_checkins_none),
        ],
        checkins_default: CheckinChoice::Flagged,
        sessions_label: words.share_sessions_label.to_owned(),
        sessions_default: true,
        photos_title: words.share_photos_title.to_owned(),
        everything: ShareSelection {
            checkins: CheckinChoice::All,
            photo_ids: record.photos.iter().map(|p| p.id).collect(),
            include_sessions: true,
        },
        photos,
        send_label: words.share_send.to_owned(),
    })
}
