//! The JPEG segment walk: markers, lengths and entropy-coded scan data, from SOI to EOI.
//!
//! Decoders fill a cut-short JPEG with grey and call it a success, so completeness is checked
//! here, from the structure: every segment length must fit and the scan data must be followed
//! by EOI (`FF D9`). Bytes after EOI (MPF gain maps, appended ZIPs) are not part of the image.

use std::ops::Range;

pub use crate::strip::strip_metadata;
use crate::{CheckError, Part};

/// One piece of a JPEG, in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    /// A marker with its length and payload (standalone markers and EOI have neither).
    Segment { marker: u8 },
    /// Entropy-coded data after a start-of-scan segment, restart markers included.
    ScanData,
}

/// The pieces of a JPEG and their byte ranges, up to and including EOI. A segment's range
/// starts at the last `FF` before its marker code (fill bytes before it are left out). The
/// walk stops at the first error, which it yields.
#[derive(Clone, Debug)]
pub struct Segments<'a> {
    bytes: &'a [u8],
    at: usize,
    in_scan: bool,
    done: bool,
}

/// Walks `bytes`, which must start with SOI (`FF D8`); otherwise the only item is
/// [`CheckError::NotAPhoto`].
pub fn segments(bytes: &[u8]) -> Segments<'_> {
    Segments { bytes, at: 2, in_scan: false, done: false }
}

impl Iterator for Segments<'_> {
    type Item = Result<(Piece, Range<usize>), CheckError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = if self.bytes.starts_with(&[0xFF, 0xD8]) {
            self.step()
        } else {
            Err(CheckError::NotAPhoto)
        };
        self.done = match &item {
            Ok((Piece::Segment { marker }, _)) => *marker == 0xD9,
            Ok((Piece::ScanData, _)) => false,
            Err(_) => true,
        };
        Some(item)
    }
}

impl Segments<'_> {
    fn step(&mut self) -> Result<(Piece, Range<usize>), CheckError> {
        let bytes = self.bytes;
        if self.in_scan {
            self.in_scan = false;
            let start = self.at;
            self.at = skip_entropy_data(bytes, start)?;
            return Ok((Piece::ScanData, start..self.at));
        }
        let mut i = self.at;
        // The next marker: 0xFF, any fill bytes, then the marker code.
        match bytes.get(i) {
            None => return Err(CheckError::Truncated(Part::Marker)),
            Some(0xFF) => {}
            Some(_) => return Err(CheckError::BytesBetweenSegments { at: i }),
        }
        while bytes.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        let start = i;
        let Some(&marker) = bytes.get(i + 1) else {
            return Err(CheckError::Truncated(Part::Marker));
        };
        i += 2;
        match marker {
            0xD9 | 0xD0..=0xD7 | 0x01 => {}
            0x00 => return Err(CheckError::StrayMarker { at: start }),
            _ => {
                let (Some(&high), Some(&low)) = (bytes.get(i), bytes.get(i + 1)) else {
                    return Err(CheckError::Truncated(Part::SegmentLength));
                };
                let length = u16::from_be_bytes([high, low]);
                if length < 2 {
                    return Err(CheckError::BadSegmentLength { marker, length });
                }
                i += usize::from(length);
                if i > bytes.len() {
                    return Err(CheckError::Truncated(Part::Segment { marker }));
                }
                self.in_scan = marker == 0xDA;
            }
        }
        self.at = i;
        Ok((Piece::Segment { marker }, start..i))
    }
}

/// Skips scan data (where 0xFF is escaped as `FF 00` and restart markers may appear) and
/// returns the offset of the next real marker.
fn skip_entropy_data(bytes: &[u8], mut i: usize) -> Result<usize, CheckError> {
    loop {
        let Some(offset) = bytes.get(i..).and_then(|rest| rest.iter().position(|&b| b == 0xFF))
        else {
            return Err(CheckError::Truncated(Part::ScanData));
        };
        i += offset;
        match bytes.get(i + 1) {
            None => return Err(CheckError::Truncated(Part::ScanData)),
            Some(0x00 | 0xD0..=0xD7 | 0xFF) => i += 1,
            Some(_) => return Ok(i),
        }
    }
}

/// The offset just after the end-of-image marker, when the whole structure is there.
pub fn end(bytes: &[u8]) -> Result<usize, CheckError> {
    for piece in segments(bytes) {
        if let (Piece::Segment { marker: 0xD9 }, range) = piece? {
            return Ok(range.end);
        }
    }
    // The walk ends only after EOI or an error.
    Err(CheckError::Truncated(Part::Marker))
}

/// What a frame header (SOFn) declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame {
    /// SOF0 (baseline) to SOF15.
    pub marker: u8,
    pub width: u16,
    pub height: u16,
    /// 1 grayscale, 3 YCbCr/RGB, 4 CMYK/YCCK.
    pub components: u8,
}

impl Frame {
    /// Lossless JPEG (SOF3, 7, 11, 15), which cameras never write.
    pub fn is_lossless(&self) -> bool {
        matches!(self.marker, 0xC3 | 0xC7 | 0xCB | 0xCF)
    }
}

/// SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC) which share the range.
pub fn is_frame_header(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

/// The frame header, walking the segments before it (the scan data is not read).
pub fn frame(bytes: &[u8]) -> Result<Frame, CheckError> {
    for piece in segments(bytes) {
        let (piece, range) = piece?;
        match piece {
            Piece::Segment { marker } if is_frame_header(marker) => {
                let payload = bytes.get(range.start + 4..range.end).unwrap_or_default();
                let [_precision, h0, h1, w0, w1, components, ..] = *payload else {
                    let length = u16::try_from(payload.len() + 2).unwrap_or(u16::MAX);
                    return Err(CheckError::ShortFrameHeader { length });
                };
                return Ok(Frame {
                    marker,
                    height: u16::from_be_bytes([h0, h1]),
                    width: u16::from_be_bytes([w0, w1]),
                    components,
                });
            }
            Piece::Segment { marker: marker @ (0xD9 | 0xDA) } => {
                return Err(CheckError::NoFrameHeader { marker });
            }
            _ => {}
        }
    }
    Err(CheckError::Truncated(Part::Marker))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::with_frame;

    /// SOI, a 4-byte APP0, SOS header (length 3: one byte), entropy data with escapes, EOI.
    const SCAN_ONLY: &[u8] =
        b"\xFF\xD8\xFF\xE0\x00\x04ab\xFF\xDA\x00\x03x\x12\xFF\x00\x34\xFF\xD0\x56\xFF\xD9";

    #[test]
    fn a_jpeg_without_eoi_is_truncated() {
        assert_eq!(end(SCAN_ONLY), Ok(SCAN_ONLY.len()));
        for cut in 3..SCAN_ONLY.len() {
            assert!(end(&SCAN_ONLY[..cut]).is_err(), "cut at {cut}");
        }
        let mut trailer = SCAN_ONLY.to_vec();
        trailer.extend(b"PK\x03\x04");
        assert_eq!(end(&trailer), Ok(SCAN_ONLY.len()));
    }

    #[test]
    fn the_walk_names_what_is_wrong() {
        assert_eq!(end(b"\xFF\xD8\xFF\xE0\x00\x04ab"), Err(CheckError::Truncated(Part::Marker)));
        assert_eq!(end(b"\xFF\xD8\xFF\xE0\x00"), Err(CheckError::Truncated(Part::SegmentLength)));
        assert_eq!(
            end(b"\xFF\xD8\xFF\xE0\x00\x09ab"),
            Err(CheckError::Truncated(Part::Segment { marker: 0xE0 }))
        );
        assert_eq!(
            end(b"\xFF\xD8\xFF\xDA\x00\x02\x12"),
            Err(CheckError::Truncated(Part::ScanData))
        );
        assert_eq!(end(b"\xFF\xD8<html>"), Err(CheckError::BytesBetweenSegments { at: 2 }));
        assert_eq!(end(b"\xFF\xD8\xFF\x00"), Err(CheckError::StrayMarker { at: 2 }));
        assert_eq!(
            end(b"\xFF\xD8\xFF\xE0\x00\x01"),
            Err(CheckError::BadSegmentLength { marker: 0xE0, length: 1 })
        );
        assert_eq!(end(b"GIF89a"), Err(CheckError::NotAPhoto));
        // Fill bytes before a marker are allowed.
        assert_eq!(end(b"\xFF\xD8\xFF\xFF\xFF\xD9"), Ok(6));
    }

    #[test]
    fn the_frame_header_gives_size_and_components() {
        let frame3 = Frame { marker: 0xC0, width: 3, height: 2, components: 3 };
        assert_eq!(frame(&with_frame(3)), Ok(frame3));
        assert_eq!(frame(&with_frame(1)).map(|f| f.components), Ok(1));
        assert_eq!(frame(&with_frame(4)).map(|f| f.components), Ok(4));
        assert!(!frame3.is_lossless());
        assert!(Frame { marker: 0xC3, ..frame3 }.is_lossless());
        // Cut inside the frame header; no frame header before EOI or SOS; a short one.
        assert_eq!(
            frame(&with_frame(3)[..12]),
            Err(CheckError::Truncated(Part::Segment { marker: 0xC0 }))
        );
        assert_eq!(frame(b"\xFF\xD8\xFF\xD9"), Err(CheckError::NoFrameHeader { marker: 0xD9 }));
        assert_eq!(frame(SCAN_ONLY), Err(CheckError::NoFrameHeader { marker: 0xDA }));
        assert_eq!(
            frame(b"\xFF\xD8\xFF\xC0\x00\x05\x08\x00\x02"),
            Err(CheckError::ShortFrameHeader { length: 5 })
        );
    }
}
