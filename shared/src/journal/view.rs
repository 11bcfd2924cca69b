//! The journal as shells show it: photos grouped by session and day, the reference ("ghost")
//! photo per area, and the two photos being compared. Recomputed from the current sessions, so
//! adding or deleting a session regroups the photos.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use facet::Facet;
use serde::{Deserialize, Serialize};

use super::camera_view::CameraScreenWords;
use super::placement::place;
use super::{JournalModel, Photo, TakenSource};
use crate::domain::clock::{Now, instant_from_ms};
use crate::domain::{Session, TreatedArea};
use crate::i18n::{Language, fill};
use crate::view::format::{at_label_in, date_label};
use crate::view::rfc3339;

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct JournalView {
    /// Sessions in start order; photos that no session precedes come last, with no session.
    pub groups: Vec<JournalGroupView>,
    /// The first photo of each area: shells overlay it as a ghost to match the angle.
    pub references: Vec<ReferencePhotoView>,
    /// Set after `Compare`: both photos, oldest first, for side-by-side and slider views.
    pub comparison: Option<ComparisonView>,
    /// Set right after a photo was stored (for "saved" feedback).
    pub last_imported: Option<PhotoView>,
    /// Set right after an export or comparison file was written.
    pub last_written: Option<String>,
    /// "Added photo for Day 3." right after a photo was stored.
    pub imported_label: Option<String>,
    /// The screen's own words.
    pub words: JournalScreenWords,
    /// The camera screen's words.
    pub camera: CameraScreenWords,
}

/// The journal screen's heading, note and buttons, in the patient's language.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct JournalScreenWords {
    pub title: String,
    pub privacy_note: String,
    pub add_photo: String,
    pub take_photo: String,
    pub no_photos: String,
    pub compare: String,
    pub delete_chosen: String,
    pub different_areas: String,
    pub slider: String,
    pub download_comparison: String,
    /// The native photo importers' errors: a file that is not an image they can decode, one
    /// that could not be re-encoded, and (Android before 9) a HEIC photo.
    pub photo_unreadable: String,
    pub photo_not_prepared: String,
    pub heic_needs_android_9: String,
}

impl JournalScreenWords {
    pub(crate) fn of(language: Language) -> Self {
        let w = &language.words().journal;
        let device = &language.words().device;
        Self {
            title: w.title.into(),
            privacy_note: w.privacy_note.into(),
            add_photo: w.add_photo.into(),
            take_photo: w.take_photo.into(),
            no_photos: w.no_photos.into(),
            compare: w.compare.into(),
            delete_chosen: w.delete_chosen.into(),
            different_areas: w.different_areas.into(),
            slider: w.slider.into(),
            download_comparison: w.download_comparison.into(),
            photo_unreadable: device.photo_unreadable.into(),
            photo_not_prepared: device.photo_not_prepared.into(),
            heic_needs_android_9: device.heic_needs_android_9.into(),
        }
    }
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct JournalGroupView {
    pub session_id: Option<i64>,
    /// e.g. "Session 2 · Sun 8 Mar 2026"
    pub label: String,
    pub days: Vec<JournalDayView>,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct JournalDayView {
    pub day_index: Option<u32>,
    /// "Day 0" is the session day.
    pub label: String,
    pub photos: Vec<PhotoView>,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PhotoView {
    pub id: i64,
    /// Relative to the data dir, e.g. `photos/<sha-256>.jpg`.
    pub file: String,
    pub thumb_file: String,
    pub width: u32,
    pub height: u32,
    /// RFC 3339 in the patient's current zone.
    pub taken_at: String,
    pub taken_label: String,
    pub taken_source: TakenSource,
    pub session_id: Option<i64>,
    pub day_index: Option<u32>,
    /// "Day 3", or "Before the series".
    pub day_label: String,
    /// The photo's alternative text ("Photo, Day 3, today 10:00").
    pub alt: String,
    /// Its checkbox's accessible name ("Choose photo of today 10:00 to compare").
    pub choose_label: String,
    pub area: Option<TreatedArea>,
    pub note: Option<String>,
    pub sha256: String,
    /// This is the first photo of its area (the ghost for later ones).
    pub is_reference: bool,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ReferencePhotoView {
    /// `None` collects photos taken without an area.
    pub area: Option<TreatedArea>,
    pub photo_id: i64,
    pub file: String,
    pub thumb_file: String,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ComparisonView {
    pub before: PhotoView,
    pub after: PhotoView,
    /// Whole days between the two photos.
    pub days_apart: i64,
    pub same_area: bool,
    /// Where the slider starts, in percent of the width from the left (the before photo).
    pub slider_start_percent: u8,
    /// "Day 1 and Day 8 (7 days apart)".
    pub title: String,
    pub before_alt: String,
    pub after_alt: String,
    /// Said when the two photos are of different areas.
    pub different_areas: Option<String>,
    /// The two layouts' names.
    pub side_by_side: String,
    pub slider: String,
    /// What the slider is, for VoiceOver and TalkBack (review #19): its value is the percentage.
    pub slider_label: String,
    /// The share button, and the share sheet's title.
    pub share: String,
    pub share_title: String,
}

/// The reference photo of each area: the earliest taken.
fn references(photos: &[Photo]) -> BTreeMap<Option<TreatedArea>, &Photo> {
    let mut first: BTreeMap<Option<TreatedArea>, &Photo> = BTreeMap::new();
    for photo in photos {
        let entry = first.entry(photo.area).or_insert(photo);
        if (photo.taken_utc_ms, photo.id) < (entry.taken_utc_ms, entry.id) {
            *entry = photo;
        }
    }
    first
}

pub(crate) fn photo_view(
    photo: &Photo,
    sessions: &[Session],
    now: Now,
    is_reference: bool,
    language: Language,
) -> PhotoView {
    let w = &language.words().journal;
    let taken: DateTime<Utc> = instant_from_ms(photo.taken_utc_ms).unwrap_or_default();
    let placed = place(taken, sessions);
    let taken_label = at_label_in(language, taken, now.zone, now.instant);
    let day_label = day_label_in(language, placed.map(|p| p.1));
    PhotoView {
        id: photo.id,
        file: photo.file.clone(),
        thumb_file: photo.thumb_file.clone(),
        width: photo.width,
        height: photo.height,
        taken_at: rfc3339(taken, now.zone),
        alt: fill(w.photo_alt, &[("day", &day_label), ("taken", &taken_label)]),
        choose_label: fill(w.choose_to_compare, &[("taken", &taken_label)]),
        taken_label,
        taken_source: photo.taken_source,
        session_id: placed.map(|p| p.0),
        day_index: placed.map(|p| p.1),
        day_label,
        area: photo.area,
        note: photo.note.clone(),
        sha256: photo.sha256.clone(),
        is_reference,
    }
}

/// "Day 3" or "Before the series" in English: the label the clinic receives with a share.
pub fn day_label(day: Option<u32>) -> String {
    day_label_in(Language::En, day)
}

/// The same in the patient's language.
pub fn day_label_in(language: Language, day: Option<u32>) -> String {
    let w = &language.words().journal;
    day.map_or_else(|| w.before_series.into(), |d| fill(w.day, &[("day", &d.to_string())]))
}

pub(crate) fn build(
    photos: &[Photo],
    sessions: &[Session],
    journal: &JournalModel,
    now: Now,
    language: Language,
) -> JournalView {
    let w = &language.words().journal;
    let refs = references(photos);
    let is_ref = |p: &Photo| refs.get(&p.area).is_some_and(|r| r.id == p.id);
    let view_of = |p: &Photo| photo_view(p, sessions, now, is_ref(p), language);

    let mut by_session: BTreeMap<(i64, i64), Vec<PhotoView>> = BTreeMap::new();
    for photo in photos {
        let view = view_of(photo);
        let start = view
            .session_id
            .and_then(|id| sessions.iter().find(|s| s.id == id))
            .map_or(i64::MAX, |s| s.details.start_utc_ms);
        by_session.entry((start, view.session_id.unwrap_or(i64::MAX))).or_default().push(view);
    }
    let groups = by_session
        .into_values()
        .map(|mut views| {
            views.sort_by(|a, b| {
                (a.day_index, &a.taken_at, a.id).cmp(&(b.day_index, &b.taken_at, b.id))
            });
            let session_id = views.first().and_then(|v| v.session_id);
            let mut days: Vec<JournalDayView> = Vec::new();
            for view in views {
                match days.last_mut() {
                    Some(day) if day.day_index == view.day_index => day.photos.push(view),
                    _ => days.push(JournalDayView {
                        day_index: view.day_index,
                        label: day_label_in(language, view.day_index),
                        photos: vec![view],
                    }),
                }
            }
            let label = group_label(session_id, sessions, now, language);
            JournalGroupView { session_id, label, days }
        })
        .collect();

    let by_id = |id: i64| photos.iter().find(|p| p.id == id);
    let comparison = journal.comparison.and_then(|(a, b)| {
        let (a, b) = (by_id(a)?, by_id(b)?);
        let (before, after) =
            if (a.taken_utc_ms, a.id) <= (b.taken_utc_ms, b.id) { (a, b) } else { (b, a) };
        let days_apart = (after.taken_utc_ms - before.taken_utc_ms) / 86_400_000;
        let (before, after) = (view_of(before), view_of(after));
        let same_area = before.area == after.area;
        Some(ComparisonView {
            title: fill(
                w.comparison_title,
                &[
                    ("before", &before.day_label),
                    ("after", &after.day_label),
                    ("days", &days_apart.to_string()),
                ],
            ),
            before_alt: fill(w.before_alt, &[("day", &before.day_label)]),
            after_alt: fill(w.after_alt, &[("day", &after.day_label)]),
            different_areas: (!same_area).then(|| w.different_areas.to_owned()),
            side_by_side: w.side_by_side.to_owned(),
            slider: w.slider_mode.to_owned(),
            slider_label: w.slider.to_owned(),
            share: w.share.to_owned(),
            share_title: w.share_title.to_owned(),
            days_apart,
            same_area,
            before,
            after,
            slider_start_percent: 50,
        })
    });
    JournalView {
        groups,
        references: refs
            .iter()
            .map(|(area, p)| ReferencePhotoView {
                area: *area,
                photo_id: p.id,
                file: p.file.clone(),
                thumb_file: p.thumb_file.clone(),
            })
            .collect(),
        comparison,
        imported_label: journal
            .last_imported
            .and_then(by_id)
            .map(|p| fill(w.imported, &[("day", &view_of(p).day_label)])),
        last_imported: journal.last_imported.and_then(by_id).map(view_of),
        last_written: journal.last_written.clone(),
        words: JournalScreenWords::of(language),
        camera: CameraScreenWords::of(language),
    }
}

fn group_label(
    session_id: Option<i64>,
    sessions: &[Session],
    now: Now,
    language: Language,
) -> String {
    let w = &language.words().journal;
    let found = session_id.and_then(|id| sessions.iter().position(|s| s.id == id));
    match found {
        Some(i) => {
            let start = sessions[i].start().with_timezone(&now.zone).date_naive();
            let date = format!("{} {}", date_label(language, start), start.year());
            fill(w.session_group, &[("number", &(i + 1).to_string()), ("date", &date)])
        }
        None => w.before_series.into(),
    }
}
