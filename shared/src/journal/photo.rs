//! A stored photo as the core knows it: metadata and file names, never pixels.

use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::domain::TreatedArea;

/// Where a photo's taken-at instant came from (shown to the patient, so a guess is never silent).
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum TakenSource {
    /// The camera's EXIF `DateTimeOriginal` (with its `OffsetTimeOriginal` when present).
    Camera,
    /// The patient said when (e.g. `--at`).
    Given,
    /// Neither: the moment of import.
    ImportTime,
}

impl TakenSource {
    pub fn key(self) -> &'static str {
        match self {
            Self::Camera => "camera",
            Self::Given => "given",
            Self::ImportTime => "import_time",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [Self::Camera, Self::Given, Self::ImportTime].into_iter().find(|s| s.key() == key)
    }
}

/// A photo in the journal. File names are relative to the data dir (`photos/<sha-256>.jpg`):
/// the shell owns the directory, the core only names files in it.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    pub id: i64,
    pub taken_utc_ms: i64,
    pub taken_source: TakenSource,
    /// The session the photo belongs to and whole days since it started, as at import.
    pub session_id: Option<i64>,
    pub day_index: Option<u32>,
    pub area: Option<TreatedArea>,
    pub note: Option<String>,
    /// Stored (oriented, re-encoded) image size.
    pub width: u32,
    pub height: u32,
    /// SHA-256 of the stored JPEG's bytes, lower-case hex; also its file name.
    pub sha256: String,
    pub file: String,
    pub thumb_file: String,
    pub imported_utc_ms: i64,
}

/// A stored photo for tests: taken at `taken_utc_ms`, 10×10, its files named by its id.
#[cfg(test)]
pub(crate) fn fixture(id: i64, taken_utc_ms: i64) -> Photo {
    Photo {
        id,
        taken_utc_ms,
        taken_source: TakenSource::Camera,
        session_id: Some(1),
        day_index: None,
        area: None,
        note: None,
        width: 10,
        height: 10,
        sha256: format!("{id:064x}"),
        file: format!("photos/{id:064x}.jpg"),
        thumb_file: format!("photos/{id:064x}.thumb.jpg"),
        imported_utc_ms: taken_utc_ms,
    }
}
