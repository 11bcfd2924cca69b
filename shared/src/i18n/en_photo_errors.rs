//! English for failed photo operations (keys in `photo_errors.rs`).

use super::photo_errors::PhotoErrorWords;

pub(super) const PHOTO_ERRORS: PhotoErrorWords = PhotoErrorWords {
    empty: "the file is empty",
    too_many_bytes: "the file is larger than {max_mb} MB; photos of at most {max_mb} MB can be added",
    heic: "HEIC/HEIF photos are not supported: convert to JPEG first (on iPhone: Settings > Camera > Formats > Most Compatible)",
    not_a_photo: "this file is not a JPEG or PNG photo",
    too_many_pixels: "the photo is {width} x {height} pixels; at most {max_side} pixels a side and {max_mp} megapixels can be added",
    unsupported_colour: "{colour} images are not supported; export the photo as an RGB JPEG",
    truncated: "the photo is incomplete (the file was cut short); copy it again from the camera",
    corrupt: "the photo is damaged and cannot be read",
    duplicate: "this photo is already in the journal (photo {id})",
    no_such_photo: "there is no photo {id}",
    picked_gone: "the picked photo is no longer available; pick it again",
    unreadable: "the photo file cannot be read: {detail}",
    disk_full: "the device is out of storage space; the photo was not added — free some space and try again",
    write_failed: "the photo could not be saved ({detail}); nothing was changed",
    cannot_draw: "this browser cannot draw the photo",
    unavailable: "the photo journal is not available",
    internal: "photo processing failed: {detail}",
};
