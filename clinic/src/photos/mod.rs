//! Photos: signature checks, and the bytes behind a small trait ([`PhotoBlobs`]) whose default
//! is a folder beside the database ([`PhotoStore`], in `fs.rs`); with a photo key the same
//! folder holds every file sealed ([`SealedPhotos`]: `key.rs`, `format.rs`, `sealed.rs`, and
//! `atrest.rs` for the start-up sweep and key rotation).
//!
//! A photo is named by its patient and the SHA-256 of its bytes: the same photo uploaded twice
//! by one patient is stored once, two patients never share a file (so erasing one deletes only
//! theirs), and a name can never be chosen by a client (no path traversal).

pub mod atrest;
mod decode;
pub mod format;
mod fs;
pub mod key;
mod sealed;

pub use atrest::{AtRestError, Rotation, open_at_start, rotate};
pub use decode::{DECODE_PERMITS, decode_fully};
pub use fs::PhotoStore;
pub use key::{KeyId, PhotoKey};
pub use sealed::SealedPhotos;

use photo_check::{CheckError, Format, Limits};

/// Where photo bytes live. The row that names a photo is committed only after `put` returned,
/// so an implementation must make the bytes durable before returning.
pub trait PhotoBlobs: Send + Sync + std::fmt::Debug + 'static {
    /// Stores `bytes` as one of `patient_id`'s photos and returns their hex SHA-256.
    fn put(&self, patient_id: &str, bytes: &[u8]) -> std::io::Result<String>;
    /// One of `patient_id`'s photos by its hash (from the database).
    fn get(&self, patient_id: &str, sha256: &str) -> std::io::Result<Vec<u8>>;
    /// Deletes every photo of `patient_id` (erasure); how many there were. Other patients'
    /// photos are untouched even when their bytes are identical.
    fn delete_patient(&self, patient_id: &str) -> std::io::Result<usize>;
}

/// Longest side a photo may claim: the app's own limit (an iPhone 48 MP image, 8064×6048, fits).
const MAX_SIDE: u32 = Limits::DEFAULT.max_side;

/// Why an upload is not an acceptable JPEG.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageRejection {
    /// No bytes.
    #[error("empty file")]
    Empty,
    /// Bytes do not start like a JPEG.
    #[error("not a JPEG image")]
    NotJpeg,
    /// The JPEG structure is broken or has no frame header.
    #[error("malformed JPEG")]
    Malformed,
    /// Width or height 0 or over the limit.
    #[error("image dimensions out of range")]
    Dimensions,
    /// The structure is fine but the pixels do not decode (no tables, too little data, a file
    /// of zeros behind a valid header).
    #[error("the image data does not decode")]
    Undecodable,
    /// Far more bytes than any encoder spends on this many pixels: padding (a small image
    /// followed by megabytes the decoder never reads).
    #[error("the file is much larger than its image")]
    Padded,
}

/// Checks that the bytes really are a baseline/progressive JPEG with sane dimensions, by
/// walking its marker segments up to the frame header (`photo_check`). The `Content-Type` a
/// client sends is never trusted on its own.
pub fn check_jpeg(bytes: &[u8]) -> Result<(u16, u16), ImageRejection> {
    match photo_check::sniff(bytes) {
        Err(CheckError::Empty) => return Err(ImageRejection::Empty),
        Ok(Format::Jpeg) if bytes.len() >= 4 => {}
        _ => return Err(ImageRejection::NotJpeg),
    }
    let frame = photo_check::jpeg::frame(bytes).map_err(|_| ImageRejection::Malformed)?;
    let (width, height) = (frame.width, frame.height);
    let side_ok = |side: u16| side != 0 && u32::from(side) <= MAX_SIDE;
    if !side_ok(width) || !side_ok(height) {
        return Err(ImageRejection::Dimensions);
    }
    Ok((width, height))
}

/// Removes metadata a JPEG may carry (EXIF and XMP in APP1, IPTC in APP13, other APPn, comments)
/// and anything after the end-of-image marker (appended ZIPs, polyglot payloads, MPF extras);
/// a bare JFIF header (APP0), the ICC profile (APP2) and Adobe colour info (APP14) are kept
/// because they change how the pixels look, anything else under those markers goes (`photo_check::jpeg::strip_metadata`). Defence in depth: the app
/// is expected to re-encode (which also applies EXIF orientation) before upload; this strip
/// drops orientation, so a photo the app did not re-encode may show rotated. A JPEG without an
/// end-of-image marker (truncated) is refused.
pub fn strip_metadata(bytes: &[u8]) -> Result<Vec<u8>, ImageRejection> {
    check_jpeg(bytes)?;
    photo_check::jpeg::strip_metadata(bytes).map_err(|_| ImageRejection::Malformed)
}

#[cfg(test)]
mod tests {
    use photo_check::samples::segment;
    pub(crate) use photo_check::samples::tiny_jpeg;

    use super::*;

    #[test]
    fn strip_removes_exif_and_trailers() {
        // The full case (XMP, IPTC, comments, kept ICC/Adobe) is photo_check's; this one checks
        // the clinic's wiring: stripped bytes still pass check_jpeg.
        let jpeg = tiny_jpeg();
        let mut dirty = jpeg[..2].to_vec();
        dirty.extend(segment(0xE1, b"Exif\0\0GPSLatitude 51.5"));
        dirty.extend_from_slice(&jpeg[2..]);
        dirty.extend(b"PK\x03\x04 appended zip");
        let clean = strip_metadata(&dirty).unwrap();
        assert_eq!(clean, jpeg);
        assert_eq!(check_jpeg(&clean), Ok((2, 3)));
        assert_eq!(strip_metadata(b"GIF89a"), Err(ImageRejection::NotJpeg));
    }

    #[test]
    fn strip_refuses_a_truncated_jpeg() {
        let jpeg = tiny_jpeg();
        assert_eq!(strip_metadata(&jpeg[..jpeg.len() - 2]), Err(ImageRejection::Malformed));
    }

    #[test]
    fn accepts_a_jpeg_and_reads_its_size() {
        assert_eq!(check_jpeg(&tiny_jpeg()), Ok((2, 3)));
    }

    #[test]
    fn refuses_html_empty_and_truncated() {
        assert_eq!(
            check_jpeg(b"<html><script>alert(1)</script></html>"),
            Err(ImageRejection::NotJpeg)
        );
        assert_eq!(check_jpeg(b""), Err(ImageRejection::Empty));
        let jpeg = tiny_jpeg();
        assert_eq!(check_jpeg(&jpeg[..10]), Err(ImageRejection::Malformed));
        let mut html_after_soi = vec![0xFF, 0xD8, 0xFF];
        html_after_soi.extend(b"<html>");
        assert_eq!(check_jpeg(&html_after_soi), Err(ImageRejection::Malformed));
    }

    #[test]
    fn refuses_huge_dimensions() {
        let mut jpeg = tiny_jpeg();
        // Height field of SOF0 (offset 2 + 18 + 5).
        jpeg[25] = 0xFF;
        jpeg[26] = 0xFF;
        assert_eq!(check_jpeg(&jpeg), Err(ImageRejection::Dimensions));
    }
}
