//! Photo processing as an effect. The core names files (paths or `file://` URIs) and ids; the
//! handler on the shell side reads, checks, decodes, strips, re-encodes and stores them. Pixels
//! never cross the bridge.

use crux_core::{Command, Request, capability::Operation, command::RequestBuilder};
use facet::Facet;
use serde::{Deserialize, Serialize};

pub use super::photo_reason::PhotoReason;

use crate::domain::TreatedArea;
use crate::journal::{Photo, TakenSource};

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum PhotoOperation {
    /// Check a file cheaply (size, format, declared dimensions) and read the camera's date.
    Probe { source: String },
    /// Process and store a file the core has placed in the journal.
    Import {
        /// Generated as `photo_import`: `import` is reserved in TypeScript and the generator
        /// does not escape it (bincode ignores field names; serde's JSON keeps `import`).
        #[facet(rename = "photo_import")]
        import: PhotoImport,
    },
    /// Remove a photo: its row first (the patient no longer sees it), then its files.
    Delete { id: i64 },
    /// Copy a stored photo's JPEG to `destination`.
    Export { id: i64, destination: String },
    /// Draw two stored photos side by side with their labels into a PNG at `destination`.
    Compare { comparison: ComparisonRequest },
}

/// Everything the core decided about a photo before it is stored.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PhotoImport {
    pub source: String,
    pub taken_utc_ms: i64,
    pub taken_source: TakenSource,
    pub session_id: Option<i64>,
    pub day_index: Option<u32>,
    pub area: Option<TreatedArea>,
    pub note: Option<String>,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ComparisonRequest {
    pub before_id: i64,
    pub after_id: i64,
    pub before_label: String,
    pub after_label: String,
    pub destination: String,
}

/// What a probe found out, before any pixel is decoded.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PhotoProbe {
    pub width: u32,
    pub height: u32,
    /// The camera's `DateTimeOriginal` as local wall time, `YYYY-MM-DDTHH:MM:SS`.
    pub camera_local_time: Option<String>,
    /// The camera's `OffsetTimeOriginal` in minutes east of UTC, when it wrote one.
    pub camera_offset_minutes: Option<i32>,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum PhotoResult {
    Probed { probe: PhotoProbe },
    Imported { photo: Photo },
    Deleted,
    Written { path: String },
    Failed { error: PhotoError },
}

/// Why a photo operation failed: the kind (what a shell may act on) and the reason, which the
/// core words in the patient's language (`Language::photo_error`).
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PhotoError {
    pub kind: PhotoErrorKind,
    pub reason: PhotoReason,
}

impl PhotoError {
    pub fn new(kind: PhotoErrorKind, reason: PhotoReason) -> Self {
        Self { kind, reason }
    }
}

/// Kinds a shell may act on differently (offer conversion, free space, ...).
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum PhotoErrorKind {
    /// Not a JPEG or PNG (HEIC included: the shell converts it to JPEG first).
    Unsupported,
    /// Too many bytes or too many pixels.
    TooLarge,
    /// Empty, truncated or corrupt.
    Damaged,
    /// Exactly this photo is already in the journal.
    Duplicate,
    /// No such photo or file.
    NotFound,
    /// The device is out of space; nothing was stored.
    DiskFull,
    /// Anything else; the reason says what.
    Other,
}

impl Operation for PhotoOperation {
    type Output = PhotoResult;
}

/// Asks the shell side to carry out a photo operation.
pub fn request<Effect, Event>(
    operation: PhotoOperation,
) -> RequestBuilder<Effect, Event, impl Future<Output = PhotoResult>>
where
    Effect: Send + From<Request<PhotoOperation>> + 'static,
    Event: Send + 'static,
{
    Command::request_from_shell(operation)
}
