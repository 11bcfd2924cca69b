//! The catalogue's words for a failed photo operation (`effects::PhotoReason`): the photo
//! pipeline gives the reason with its numbers, and the core words it here in the patient's
//! language. A storage failure inside it is worded as any other (`storage.rs`).

use serde::Serialize;

use super::{Language, en_photo_errors, es_photo_errors, fill};
use crate::effects::{PhotoError, PhotoReason};

#[derive(Serialize, Debug)]
pub struct PhotoErrorWords {
    pub empty: &'static str,
    /// `{max_mb}`.
    pub too_many_bytes: &'static str,
    pub heic: &'static str,
    pub not_a_photo: &'static str,
    /// `{width}`, `{height}`, `{max_side}`, `{max_mp}`.
    pub too_many_pixels: &'static str,
    /// `{colour}`: "CMYK".
    pub unsupported_colour: &'static str,
    pub truncated: &'static str,
    pub corrupt: &'static str,
    /// `{id}`.
    pub duplicate: &'static str,
    /// `{id}`.
    pub no_such_photo: &'static str,
    pub picked_gone: &'static str,
    /// `{detail}`: the platform's error.
    pub unreadable: &'static str,
    pub disk_full: &'static str,
    /// `{detail}`: the platform's error.
    pub write_failed: &'static str,
    pub cannot_draw: &'static str,
    pub unavailable: &'static str,
    /// `{detail}`.
    pub internal: &'static str,
}

impl Language {
    /// A photo operation's failure in words the patient can act on.
    pub fn photo_error(self, error: &PhotoError) -> String {
        let w = self.photo_error_words();
        let n = |v: u64| v.to_string();
        match &error.reason {
            PhotoReason::Empty => w.empty.to_owned(),
            PhotoReason::TooManyBytes { max_mb } => {
                fill(w.too_many_bytes, &[("max_mb", &n(*max_mb))])
            }
            PhotoReason::Heic => w.heic.to_owned(),
            PhotoReason::NotAPhoto => w.not_a_photo.to_owned(),
            PhotoReason::TooManyPixels { width, height, max_side, max_mp } => fill(
                w.too_many_pixels,
                &[
                    ("width", &n(*width)),
                    ("height", &n(*height)),
                    ("max_side", &max_side.to_string()),
                    ("max_mp", &n(*max_mp)),
                ],
            ),
            PhotoReason::UnsupportedColour { colour } => {
                fill(w.unsupported_colour, &[("colour", colour)])
            }
            PhotoReason::Truncated => w.truncated.to_owned(),
            PhotoReason::Corrupt => w.corrupt.to_owned(),
            PhotoReason::Duplicate { photo_id } => {
                fill(w.duplicate, &[("id", &photo_id.to_string())])
            }
            PhotoReason::NoSuchPhoto { photo_id } => {
                fill(w.no_such_photo, &[("id", &photo_id.to_string())])
            }
            PhotoReason::PickedGone => w.picked_gone.to_owned(),
            PhotoReason::Unreadable { detail } => fill(w.unreadable, &[("detail", detail)]),
            PhotoReason::DiskFull => w.disk_full.to_owned(),
            PhotoReason::WriteFailed { detail } => fill(w.write_failed, &[("detail", detail)]),
            PhotoReason::Storage { error } => self.store_error(error),
            PhotoReason::CannotDraw => w.cannot_draw.to_owned(),
            PhotoReason::Unavailable => w.unavailable.to_owned(),
            PhotoReason::Internal { detail } => fill(w.internal, &[("detail", detail)]),
        }
    }

    pub fn photo_error_words(self) -> &'static PhotoErrorWords {
        match self {
            Self::En => &en_photo_errors::PHOTO_ERRORS,
            Self::Es => &es_photo_errors::PHOTO_ERRORS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::effects::PhotoErrorKind;

    #[test]
    fn the_numbers_travel_with_the_reason_and_read_in_both_languages() {
        let reason = PhotoReason::TooManyPixels {
            width: 65000,
            height: 65000,
            max_side: 12000,
            max_mp: 100,
        };
        let error = PhotoError::new(PhotoErrorKind::TooLarge, reason);
        assert_eq!(
            Language::En.photo_error(&error),
            "the photo is 65000 x 65000 pixels; at most 12000 pixels a side and 100 megapixels can be added"
        );
        let es = Language::Es.photo_error(&error);
        assert!(es.starts_with("la foto mide 65000 x 65000 píxeles"), "{es}");
        let duplicate =
            PhotoError::new(PhotoErrorKind::Duplicate, PhotoReason::Duplicate { photo_id: 7 });
        assert_eq!(
            Language::Es.photo_error(&duplicate),
            "esta foto ya está en el diario de fotos (foto 7)"
        );
    }
}
