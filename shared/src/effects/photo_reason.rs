//! Why a photo operation failed, as data: the photo pipeline (native handlers, the web's check
//! and canvas code) gives it, and the core words it in the patient's language when it shows
//! the error (`Language::photo_error`). Numbers the patient can act on (the limits, the
//! photo's size) travel with it; nothing names the photo's content or where it came from.

use facet::Facet;
use serde::{Deserialize, Serialize};

use super::StoreError;

/// Variant order is part of the bridge's wire format (bincode uses indices): only append.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum PhotoReason {
    /// Zero bytes.
    Empty,
    /// More bytes than the limit, in MB.
    TooManyBytes { max_mb: u64 },
    /// HEIC/HEIF that the shell did not convert.
    Heic,
    /// Not a JPEG or PNG by its bytes.
    NotAPhoto,
    /// Larger than the limits allow (or no pixels at all).
    TooManyPixels { width: u64, height: u64, max_side: u32, max_mp: u64 },
    /// A colour model cameras do not produce ("CMYK").
    UnsupportedColour { colour: String },
    /// The file ends before the image does.
    Truncated,
    /// The decoder refused the data.
    Corrupt,
    /// The same photo is already in the journal.
    Duplicate { photo_id: i64 },
    /// No photo with this id.
    NoSuchPhoto { photo_id: i64 },
    /// The photo the patient picked is no longer available to read.
    PickedGone,
    /// The file cannot be read; `detail` is the platform's error kind.
    Unreadable { detail: String },
    /// The device is out of space; nothing was stored.
    DiskFull,
    /// Writing the photo's files failed; `detail` is the platform's error kind.
    WriteFailed { detail: String },
    /// The database step failed (worded as any storage failure).
    Storage { error: StoreError },
    /// The browser cannot draw (decode or re-encode) the photo.
    CannotDraw,
    /// The photo library is not running.
    Unavailable,
    /// The pipeline failed on its own output (a bug); `detail` says where.
    Internal { detail: String },
}
