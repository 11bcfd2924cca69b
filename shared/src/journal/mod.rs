//! The photo-progress journal: photos grouped by session and day, the reference ("ghost") photo
//! per area, and the comparison of any two photos.
//!
//! Adding a photo takes two trips to the photo handler: a cheap `Probe` (format, limits, the
//! camera's date; nothing decoded), then — once the core has dated and placed the photo — the
//! `Import` that decodes, strips and stores it. Dates and placement are decided here, pixels and
//! files there; only paths and ids cross the bridge.

mod camera_view;
mod photo;
mod placement;
pub(crate) mod view;

pub use camera_view::CameraScreenWords;
#[cfg(test)]
pub(crate) use photo::fixture as photo_fixture;
pub use photo::{Photo, TakenSource};
pub use placement::{FUTURE_TOLERANCE_MINUTES, PlacementError, place, place_new, taken_at};
pub use view::{
    ComparisonView, JournalDayView, JournalGroupView, JournalScreenWords, JournalView, PhotoView,
    ReferencePhotoView, day_label, day_label_in,
};

use crux_core::{Command, render::render};
use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::app::Model;
use crate::domain::TreatedArea;
use crate::domain::session::clean_text;
use crate::effects::photo::{self as photo_effect, ComparisonRequest, PhotoImport};
use crate::effects::{Effect, PhotoErrorKind, PhotoOperation, PhotoResult};
use crate::i18n::fill;
use crate::view::ErrorKind;

/// A photo note's limit (graphemes are close enough to chars for a limit this generous).
pub const MAX_NOTE_CHARS: usize = 2_000;

/// What the patient fills in to add a photo.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PhotoForm {
    /// A file path, or a `file://` URI the shell's picker or camera produced.
    pub source: String,
    pub area: Option<TreatedArea>,
    pub note: Option<String>,
    /// When it was taken (RFC 3339 or local time); `None` uses the camera's date, else now.
    pub taken_at: Option<String>,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[repr(C)]
pub enum JournalEvent {
    Add {
        form: PhotoForm,
    },
    Delete {
        id: i64,
    },
    /// Show two photos side by side (the view's `comparison`).
    Compare {
        first_id: i64,
        second_id: i64,
    },
    /// Draw the comparison with day labels into a PNG file.
    WriteComparison {
        first_id: i64,
        second_id: i64,
        destination: String,
    },
    /// Copy the stored (stripped) photo to a file, e.g. for the share sheet.
    Export {
        id: i64,
        destination: String,
    },

    #[serde(skip)]
    #[facet(skip)]
    Probed(PhotoForm, PhotoResult),
    #[serde(skip)]
    #[facet(skip)]
    Imported(PhotoResult),
    #[serde(skip)]
    #[facet(skip)]
    Deleted(i64, PhotoResult),
    #[serde(skip)]
    #[facet(skip)]
    Written(PhotoResult),
}

/// The feature's events under the house name (`journal::Event`); the enum itself has a unique
/// name because the type generator needs one.
pub type Event = JournalEvent;

impl JournalEvent {
    /// The core's own follow-ups, never sent by shells.
    pub fn is_internal(&self) -> bool {
        matches!(self, Self::Probed(..) | Self::Imported(_) | Self::Deleted(..) | Self::Written(_))
    }
}

/// The journal's part of the model (the photos themselves live in the patient's record).
#[derive(Default, Debug)]
pub struct JournalModel {
    pub(crate) comparison: Option<(i64, i64)>,
    pub(crate) last_imported: Option<i64>,
    pub(crate) last_written: Option<String>,
}

fn ask(
    operation: PhotoOperation,
    then: impl FnOnce(PhotoResult) -> Event + Send + 'static,
) -> Command<Effect, crate::Event> {
    photo_effect::request(operation).then_send(move |r| crate::Event::Journal(then(r)))
}

pub(crate) fn update(event: Event, model: &mut Model) -> Command<Effect, crate::Event> {
    if !event.is_internal() {
        model.screen = crate::view::Screen::Journal;
        model.journal.last_imported = None;
        model.journal.last_written = None;
    }
    let (Some(now), Some(record)) = (model.now, model.record.as_mut()) else {
        return model.fail(ErrorKind::Storage, crate::app::record_not_loaded);
    };
    let language = model.language;
    match event {
        Event::Add { form } => {
            if let Err(e) = clean_text("note", form.note.as_deref(), MAX_NOTE_CHARS, true) {
                return model.fail(ErrorKind::Invalid, |l| l.session_error(&e));
            }
            let source = form.source.clone();
            ask(PhotoOperation::Probe { source }, move |r| Event::Probed(form, r))
        }
        Event::Probed(form, PhotoResult::Probed { probe }) => {
            let placed = taken_at(
                form.taken_at.as_deref(),
                probe.camera_local_time.as_deref(),
                probe.camera_offset_minutes,
                now,
            )
            .and_then(|(taken, source)| {
                place_new(taken, &record.sessions, now).map(|placed| (taken, source, placed))
            });
            let (taken, taken_source, (session_id, day_index)) = match placed {
                Ok(p) => p,
                Err(e) => return model.fail(ErrorKind::Invalid, |l| l.placement_error(&e)),
            };
            let note =
                clean_text("note", form.note.as_deref(), MAX_NOTE_CHARS, true).ok().flatten();
            let import = PhotoImport {
                source: form.source,
                taken_utc_ms: taken.timestamp_millis(),
                taken_source,
                session_id: Some(session_id),
                day_index: Some(day_index),
                area: form.area,
                note,
            };
            ask(PhotoOperation::Import { import }, Event::Imported)
        }
        Event::Imported(PhotoResult::Imported { photo }) => {
            model.journal.last_imported = Some(photo.id);
            let at = record
                .photos
                .partition_point(|p| (p.taken_utc_ms, p.id) <= (photo.taken_utc_ms, photo.id));
            record.photos.insert(at, photo);
            render()
        }
        Event::Delete { id } => ask(PhotoOperation::Delete { id }, move |r| Event::Deleted(id, r)),
        Event::Deleted(id, PhotoResult::Deleted) => {
            record.photos.retain(|p| p.id != id);
            if model.journal.comparison.is_some_and(|(a, b)| a == id || b == id) {
                model.journal.comparison = None;
            }
            render()
        }
        Event::Compare { first_id, second_id } => {
            if let Some(missing) = [first_id, second_id]
                .into_iter()
                .find(|id| !record.photos.iter().any(|p| p.id == *id))
            {
                let id = missing.to_string();
                return model.fail(ErrorKind::Invalid, |l| {
                    fill(l.words().journal.no_such_photo, &[("id", &id)])
                });
            }
            model.journal.comparison = Some((first_id, second_id));
            render()
        }
        Event::WriteComparison { first_id, second_id, destination } => {
            model.journal.comparison = Some((first_id, second_id));
            let view = view::build(&record.photos, &record.sessions, &model.journal, now, language);
            let Some(comparison) = view.comparison else {
                return model.fail(ErrorKind::Invalid, |l| l.words().journal.pick_two.to_owned());
            };
            let label = |p: &PhotoView| {
                let date = p.taken_at.get(..10).unwrap_or_default();
                let area = p.area.map(|a| a.key().replace('_', " ")).unwrap_or_default();
                [p.day_label.as_str(), &area, date]
                    .into_iter()
                    .filter(|part| !part.is_empty())
                    .collect::<Vec<_>>()
                    .join("  ")
            };
            let comparison = ComparisonRequest {
                before_id: comparison.before.id,
                after_id: comparison.after.id,
                before_label: label(&comparison.before),
                after_label: label(&comparison.after),
                destination,
            };
            ask(PhotoOperation::Compare { comparison }, Event::Written)
        }
        Event::Export { id, destination } => {
            ask(PhotoOperation::Export { id, destination }, Event::Written)
        }
        Event::Written(PhotoResult::Written { path }) => {
            model.journal.last_written = Some(path);
            render()
        }
        Event::Probed(_, result)
        | Event::Imported(result)
        | Event::Deleted(_, result)
        | Event::Written(result) => {
            match result {
                PhotoResult::Failed { error } => {
                    let kind = match error.kind {
                        PhotoErrorKind::DiskFull | PhotoErrorKind::Other => ErrorKind::Storage,
                        _ => ErrorKind::Invalid,
                    };
                    model.fail(kind, |l| l.photo_error(&error))
                }
                // A shell bug: the photo handler answered another operation's result.
                _ => model.fail(ErrorKind::Storage, |l| {
                    crate::i18n::fill(l.storage_words().out_of_turn, &[("detail", "photo")])
                }),
            }
        }
    }
}

pub(crate) fn build_view(model: &Model) -> JournalView {
    match (&model.record, model.now) {
        (Some(record), Some(now)) => {
            view::build(&record.photos, &record.sessions, &model.journal, now, model.language)
        }
        _ => JournalView::default(),
    }
}
