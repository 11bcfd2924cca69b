//! The pipeline's internal error, and its mapping to the one the core sees. Messages name the
//! problem and what to do, never the patient's data (no file contents, no dates, no paths).

use shared::effects::{PhotoError, PhotoErrorKind, PhotoReason};

/// Everything that can go wrong between a file and a stored photo.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Zero bytes.
    #[error("the file is empty")]
    Empty,
    /// More bytes than [`super::Limits::max_bytes`].
    /// Only the first `max_bytes + 1` bytes are read, so the real size is not known here.
    #[error("the file is larger than {max_mb} MB; photos of at most {max_mb} MB can be added")]
    TooManyBytes { max_mb: u64 },
    /// HEIC/HEIF (the iPhone default): the shells convert to JPEG before import.
    #[error(
        "HEIC/HEIF photos are not supported: convert to JPEG first (on iPhone: Settings > Camera > Formats > Most Compatible)"
    )]
    Heic,
    /// Anything that is not a JPEG or PNG by its magic bytes (the file name is not trusted).
    #[error("this file is not a JPEG or PNG photo")]
    NotAPhoto,
    /// A side longer than [`super::Limits::max_side`] or more pixels than allowed.
    #[error(
        "the photo is {width} x {height} pixels; at most {max_side} pixels a side and {max_mp} megapixels can be added"
    )]
    TooManyPixels { width: u64, height: u64, max_side: u32, max_mp: u64 },
    /// A colour type a camera does not produce (e.g. CMYK from print software).
    #[error("{0} images are not supported; export the photo as an RGB JPEG")]
    UnsupportedColour(&'static str),
    /// The file ends before the image does.
    #[error("the photo is incomplete (the file was cut short); copy it again from the camera")]
    Truncated,
    /// The decoder refused the data.
    #[error("the photo is damaged and cannot be read ({0})")]
    Corrupt(String),
    /// The same stored bytes are already in the journal.
    #[error("this photo is already in the journal (photo {0})")]
    Duplicate(i64),
    /// No photo with this id.
    #[error("there is no photo {0}")]
    NoSuchPhoto(i64),
    /// The source file could not be read.
    #[error("the photo file cannot be read: {0}")]
    Unreadable(std::io::ErrorKind),
    /// Writing files failed.
    #[error("{}", write_message(.0))]
    Write(#[source] std::io::Error),
    /// SQLite failed; already in patient words.
    #[error("{}", .0.message)]
    Store(shared::effects::StoreError),
    /// The JPEG or PNG library failed on our own output (should not happen).
    #[error("photo processing failed: {0}")]
    Internal(String),
}

fn write_message(e: &std::io::Error) -> String {
    if is_disk_full(e) {
        "the device is out of storage space; the photo was not added — free some space and try again"
            .into()
    } else {
        format!("the photo could not be saved ({}); nothing was changed", e.kind())
    }
}

/// ENOSPC (and EDQUOT) as the standard library reports them.
pub(crate) fn is_disk_full(e: &std::io::Error) -> bool {
    matches!(e.kind(), std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded)
}

impl ImportError {
    pub fn kind(&self) -> PhotoErrorKind {
        use PhotoErrorKind as K;
        match self {
            Self::Empty | Self::Truncated | Self::Corrupt(_) => K::Damaged,
            Self::TooManyBytes { .. } | Self::TooManyPixels { .. } => K::TooLarge,
            Self::Heic | Self::NotAPhoto | Self::UnsupportedColour(_) => K::Unsupported,
            Self::Duplicate(_) => K::Duplicate,
            Self::NoSuchPhoto(_) => K::NotFound,
            Self::Unreadable(kind) if *kind == std::io::ErrorKind::NotFound => K::NotFound,
            Self::Write(e) if is_disk_full(e) => K::DiskFull,
            Self::Store(e) if e.kind == shared::effects::StoreErrorKind::DiskFull => K::DiskFull,
            Self::Unreadable(_) | Self::Write(_) | Self::Store(_) | Self::Internal(_) => K::Other,
        }
    }

    /// The error the core sees: the kind and the reason with its numbers, which the core words
    /// in the patient's language. This type's own text stays for logs and tests.
    pub fn to_photo_error(&self) -> PhotoError {
        PhotoError::new(self.kind(), self.reason())
    }

    fn reason(&self) -> PhotoReason {
        use PhotoReason as R;
        match self {
            Self::Empty => R::Empty,
            Self::TooManyBytes { max_mb } => R::TooManyBytes { max_mb: *max_mb },
            Self::Heic => R::Heic,
            Self::NotAPhoto => R::NotAPhoto,
            Self::TooManyPixels { width, height, max_side, max_mp } => R::TooManyPixels {
                width: *width,
                height: *height,
                max_side: *max_side,
                max_mp: *max_mp,
            },
            Self::UnsupportedColour(colour) => R::UnsupportedColour { colour: (*colour).into() },
            Self::Truncated => R::Truncated,
            Self::Corrupt(_) => R::Corrupt,
            Self::Duplicate(id) => R::Duplicate { photo_id: *id },
            Self::NoSuchPhoto(id) => R::NoSuchPhoto { photo_id: *id },
            Self::Unreadable(kind) => R::Unreadable { detail: kind.to_string() },
            Self::Write(e) if is_disk_full(e) => R::DiskFull,
            Self::Write(e) => R::WriteFailed { detail: e.kind().to_string() },
            Self::Store(error) => R::Storage { error: error.clone() },
            Self::Internal(detail) => R::Internal { detail: detail.clone() },
        }
    }
}

/// The byte checks' kinds, in this pipeline's words (the ones it used before the checks moved
/// to `photo_check`).
impl From<photo_check::CheckError> for ImportError {
    fn from(e: photo_check::CheckError) -> Self {
        use photo_check::CheckError as C;
        match e {
            C::Empty => Self::Empty,
            C::Heic { .. } => Self::Heic,
            C::NotAPhoto => Self::NotAPhoto,
            C::Truncated(_) => Self::Truncated,
            C::BytesBetweenSegments { .. } => Self::Corrupt("bytes between JPEG segments".into()),
            C::StrayMarker { .. } => Self::Corrupt("stray JPEG marker".into()),
            C::BadSegmentLength { .. } => {
                Self::Corrupt("a JPEG segment has an impossible length".into())
            }
            C::NoFrameHeader { .. } | C::ShortFrameHeader { .. } => {
                Self::Corrupt("a JPEG without a frame header".into())
            }
            C::NoPngHeader => Self::Corrupt("PNG without a header chunk".into()),
            C::ZeroPixels { .. } => Self::Corrupt("it declares zero pixels".into()),
            C::TooManyPixels { width, height, max_side, max_pixels } => {
                Self::TooManyPixels { width, height, max_side, max_mp: max_pixels / 1_000_000 }
            }
        }
    }
}

impl From<turbojpeg::Error> for ImportError {
    fn from(e: turbojpeg::Error) -> Self {
        // libjpeg's warnings ("Premature end of JPEG file", "Corrupt JPEG data") come back as
        // errors because TurboJPEG reports them after decoding: treat a warning as damage.
        let text = e.to_string();
        if text.contains("Premature end") {
            Self::Truncated
        } else {
            Self::Corrupt(text.trim_start_matches("TurboJPEG error: ").chars().take(100).collect())
        }
    }
}
