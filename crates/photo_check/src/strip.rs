//! Metadata stripping over the JPEG segment walk: what the clinic stores of an upload.

use crate::jpeg::{Piece, segments};
use crate::{CheckError, Part};

/// Whether a segment only carries metadata: EXIF and XMP (APP1), APP3–APP13 (IPTC is APP13),
/// APP15 and comments. JFIF (APP0), the ICC profile (APP2) and Adobe colour info (APP14) stay,
/// because they change how the pixels look, but only as what they claim to be ([`is_kept`]).
fn is_metadata(marker: u8) -> bool {
    matches!(marker, 0xE1 | 0xE3..=0xED | 0xEF | 0xFE)
}

/// Whether a segment stays: not metadata, and an APP0, APP2 or APP14 only when its payload is
/// the colour information the marker is kept for. Anything else under those markers goes:
/// a JFXX extension or a JFIF thumbnail (a second picture of the face), FlashPix or MPF in
/// APP2, any other APP14 — each could carry what EXIF was stripped for. An ICC profile is kept
/// whole (it changes colours); its description text is the profile's, not the patient's.
fn is_kept(marker: u8, payload: &[u8]) -> bool {
    match marker {
        // "JFIF\0", version, units, densities, and a 0×0 thumbnail: exactly 14 bytes.
        0xE0 => payload.len() == 14 && payload.starts_with(b"JFIF\0") && payload[12..] == [0, 0],
        0xE2 => payload.starts_with(b"ICC_PROFILE\0"),
        0xEE => payload.starts_with(b"Adobe"),
        other => !is_metadata(other),
    }
}

/// The JPEG without its metadata segments ([`is_metadata`]) and without anything after EOI
/// (appended ZIPs, polyglot payloads, MPF extras). A JPEG without EOI is refused. Orientation
/// (in EXIF) is dropped too, so callers re-encode from pixels where it matters.
pub fn strip_metadata(bytes: &[u8]) -> Result<Vec<u8>, CheckError> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(bytes.get(..2).unwrap_or_default());
    for piece in segments(bytes) {
        let (piece, range) = piece?;
        let keep = match piece {
            Piece::Segment { marker } => {
                is_kept(marker, bytes.get(range.start + 4..range.end).unwrap_or_default())
            }
            Piece::ScanData => true,
        };
        if keep {
            out.extend_from_slice(bytes.get(range).unwrap_or_default());
        }
        if piece == (Piece::Segment { marker: 0xD9 }) {
            return Ok(out);
        }
    }
    Err(CheckError::Truncated(Part::Marker))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jpeg::{end, frame};
    use crate::samples::{segment, tiny_jpeg};

    #[test]
    fn strip_removes_exif_xmp_iptc_comments_and_trailers() {
        let jpeg = tiny_jpeg();
        let mut dirty = jpeg[..2].to_vec();
        dirty.extend(segment(0xE1, b"Exif\0\0GPSLatitude 51.5"));
        dirty.extend(segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPS</x:xmpmeta>"));
        dirty.extend(segment(0xED, b"Photoshop 3.0\0IPTC City=London"));
        dirty.extend(segment(0xFE, b"patient jane doe"));
        dirty.extend(segment(0xE2, b"ICC_PROFILE\0keep"));
        dirty.extend(segment(0xEE, b"Adobe\0keep"));
        dirty.extend_from_slice(&jpeg[2..]);
        dirty.extend(b"PK\x03\x04 appended zip <html>");
        let clean = strip_metadata(&dirty).unwrap();
        for marker in [&b"GPS"[..], b"London", b"jane doe", b"PK\x03\x04", b"<html>"] {
            assert!(!clean.windows(marker.len()).any(|w| w == marker), "{marker:?} kept");
        }
        assert!(clean.windows(11).any(|w| w == b"ICC_PROFILE"), "ICC profile kept");
        assert!(clean.windows(5).any(|w| w == b"Adobe"), "Adobe colour info kept");
        assert_eq!(frame(&clean).map(|f| (f.width, f.height)), Ok((2, 3)));
        assert!(clean.ends_with(&[0xFF, 0xD9]));
        // A clean JPEG comes out unchanged; stripping twice changes nothing more.
        assert_eq!(strip_metadata(&jpeg).unwrap(), jpeg);
        assert_eq!(strip_metadata(&clean).unwrap(), clean);
    }

    #[test]
    fn strip_walks_every_scan_of_a_progressive_jpeg() {
        // Two scans with a table and a comment between them: the comment goes, the rest stays.
        let jpeg = tiny_jpeg();
        let eoi = jpeg.len() - 2;
        let mut progressive = jpeg[..eoi].to_vec();
        progressive.extend(segment(0xC4, &[0x10; 17]));
        progressive.extend(segment(0xFE, b"between scans"));
        progressive.extend([0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0, 0x56, 0xFF, 0xD0, 0x78]);
        progressive.extend([0xFF, 0xD9]);
        let clean = strip_metadata(&progressive).unwrap();
        assert!(!clean.windows(13).any(|w| w == b"between scans"));
        assert_eq!(clean.len(), progressive.len() - 17);
        assert_eq!(end(&clean), Ok(clean.len()));
    }

    #[test]
    fn kept_markers_stay_only_as_what_they_claim_to_be() {
        let jpeg = tiny_jpeg();
        let mut jfif_with_thumbnail = b"JFIF\0\x01\x01\0\0\x01\0\x01\x01\x01".to_vec();
        jfif_with_thumbnail.extend(b"RGBfaceThumb");
        let smuggled: [(u8, &[u8]); 5] = [
            (0xE0, b"JFXX\0\x10jane doe thumbnail"),
            (0xE0, &jfif_with_thumbnail),
            (0xE2, b"FPXR\0jane doe"),
            (0xE2, b"MPF\0II*\0jane doe"),
            (0xEE, b"NotAdobe jane doe"),
        ];
        let mut dirty = jpeg[..2].to_vec();
        for (marker, payload) in smuggled {
            dirty.extend(segment(marker, payload));
        }
        dirty.extend_from_slice(&jpeg[2..]);
        let clean = strip_metadata(&dirty).unwrap();
        assert_eq!(clean, jpeg, "only the sample's own JFIF header is left");
        for marker in [&b"jane doe"[..], b"faceThumb", b"JFXX"] {
            assert!(!clean.windows(marker.len()).any(|w| w == marker), "{marker:?} kept");
        }
    }

    #[test]
    fn strip_refuses_a_truncated_jpeg() {
        let jpeg = tiny_jpeg();
        assert_eq!(
            strip_metadata(&jpeg[..jpeg.len() - 2]),
            Err(CheckError::Truncated(Part::ScanData))
        );
    }
}
