//! What a photo file is and what it declares, read from its bytes alone, with no decoding and
//! no C: the one copy of these checks for the native pipeline (`handlers`), the clinic server,
//! the PDF report and the web core (wasm).
//!
//! - [`sniff`]: the format from the magic bytes (JPEG, PNG; HEIC/AVIF and anything else refused),
//! - [`png_size`]: a PNG's declared size from its IHDR chunk,
//! - [`jpeg`]: the JPEG segment walk (frame header, completeness to EOI, metadata stripping),
//! - [`Limits`]: byte and pixel limits checked on the declared size before any decoding,
//! - [`exif::capture_date`]: the camera's `DateTimeOriginal`/`OffsetTimeOriginal`.
//!
//! Errors are kinds with data ([`CheckError`]); their `Display` is for logs. The words a patient
//! reads are chosen by each caller, which maps the kinds to its own messages.

pub mod exif;
pub mod jpeg;
mod limits;
#[cfg(any(test, feature = "samples"))]
pub mod samples;
mod strip;

pub use limits::{Limits, STORED_QUALITY, THUMB_QUALITY};

/// Where the bytes ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Where a JPEG marker (`FF xx`) should start.
    Marker,
    /// Inside a JPEG segment's two length bytes.
    SegmentLength,
    /// Inside the payload of the JPEG segment with this marker.
    Segment { marker: u8 },
    /// Inside entropy-coded scan data (no marker after it).
    ScanData,
    /// Before the end of a PNG's IHDR chunk.
    PngHeader,
}

/// Why the bytes are not an acceptable photo, or where their structure breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    /// Zero bytes.
    #[error("no bytes")]
    Empty,
    /// An ISO-BMFF file with a HEIF or AVIF brand (the iPhone default).
    #[error("HEIF/AVIF file (brand {brand:?})")]
    Heic { brand: [u8; 4] },
    /// Neither a JPEG nor a PNG by its magic bytes.
    #[error("not a JPEG or PNG")]
    NotAPhoto,
    /// The bytes end before the structure does.
    #[error("cut short: {0:?}")]
    Truncated(Part),
    /// A byte other than `FF` where a JPEG marker must start.
    #[error("byte at {at} where a JPEG marker must start")]
    BytesBetweenSegments { at: usize },
    /// `FF 00` outside scan data.
    #[error("stray JPEG marker at {at}")]
    StrayMarker { at: usize },
    /// A JPEG segment length below 2 (it counts its own two bytes).
    #[error("JPEG segment {marker:#04x} declares length {length}")]
    BadSegmentLength { marker: u8, length: u16 },
    /// The image data (SOS) or its end (EOI) came before any frame header (SOFn).
    #[error("JPEG marker {marker:#04x} before any frame header")]
    NoFrameHeader { marker: u8 },
    /// A frame header shorter than its six fixed bytes.
    #[error("JPEG frame header of {length} bytes")]
    ShortFrameHeader { length: u16 },
    /// A PNG whose first chunk is not IHDR.
    #[error("PNG without a header chunk")]
    NoPngHeader,
    /// A declared width or height of zero.
    #[error("declares {width} x {height} pixels")]
    ZeroPixels { width: u64, height: u64 },
    /// A side or a pixel count over [`Limits`].
    #[error("{width} x {height} pixels is over {max_side} a side or {max_pixels} pixels")]
    TooManyPixels { width: u64, height: u64, max_side: u32, max_pixels: u64 },
}

/// The photo formats accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
}

const PNG_MAGIC: &[u8; 8] = b"\x89PNG\r\n\x1a\n";
/// ISO-BMFF brands of HEIC/HEIF (and AVIF, refused the same way).
const HEIF_BRANDS: [&[u8; 4]; 9] =
    [b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"];

/// Names the format from the magic bytes (never from a file name or a declared type).
pub fn sniff(bytes: &[u8]) -> Result<Format, CheckError> {
    if bytes.is_empty() {
        return Err(CheckError::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Format::Jpeg);
    }
    if bytes.starts_with(PNG_MAGIC) {
        return Ok(Format::Png);
    }
    if bytes.get(4..8) == Some(b"ftyp")
        && let Some(&[a, b, c, d]) = bytes.get(8..12)
        && HEIF_BRANDS.contains(&&[a, b, c, d])
    {
        return Err(CheckError::Heic { brand: [a, b, c, d] });
    }
    Err(CheckError::NotAPhoto)
}

/// A PNG's declared width and height, from its IHDR chunk (which must come first).
pub fn png_size(bytes: &[u8]) -> Result<(u32, u32), CheckError> {
    let Some(&[_, _, _, _, i, h, d, r, w0, w1, w2, w3, h0, h1, h2, h3]) = bytes.get(8..24) else {
        return Err(CheckError::Truncated(Part::PngHeader));
    };
    if [i, h, d, r] != *b"IHDR" {
        return Err(CheckError::NoPngHeader);
    }
    Ok((u32::from_be_bytes([w0, w1, w2, w3]), u32::from_be_bytes([h0, h1, h2, h3])))
}

/// The format and declared size: PNG from IHDR, JPEG from its frame header (the walk stops
/// there, so a JPEG cut short in its image data still passes; see [`jpeg::end`]).
pub fn declared_size(bytes: &[u8]) -> Result<(Format, u32, u32), CheckError> {
    let format = sniff(bytes)?;
    let (width, height) = match format {
        Format::Png => png_size(bytes)?,
        Format::Jpeg => {
            let frame = jpeg::frame(bytes)?;
            (u32::from(frame.width), u32::from(frame.height))
        }
    };
    Ok((format, width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_magic_bytes() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Ok(Format::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Ok(Format::Png));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0"), Err(CheckError::Heic { brand: *b"heic" }));
        assert_eq!(sniff(b"\0\0\0\x18ftypmif1\0\0\0\0"), Err(CheckError::Heic { brand: *b"mif1" }));
        assert_eq!(sniff(b"\0\0\0\x18ftypavif"), Err(CheckError::Heic { brand: *b"avif" }));
        assert_eq!(sniff(b"\0\0\0\x18ftypmp42\0\0\0\0"), Err(CheckError::NotAPhoto));
        assert_eq!(sniff(b"\0\0\0\x18ftyphei"), Err(CheckError::NotAPhoto));
        assert_eq!(sniff(b"GIF89a"), Err(CheckError::NotAPhoto));
        assert_eq!(sniff(b"\xFF\xD8"), Err(CheckError::NotAPhoto));
        assert_eq!(sniff(b""), Err(CheckError::Empty));
    }

    fn png(width: u32, height: u32, chunk: &[u8; 4]) -> Vec<u8> {
        let mut b = PNG_MAGIC.to_vec();
        b.extend(13_u32.to_be_bytes());
        b.extend(chunk);
        b.extend(width.to_be_bytes());
        b.extend(height.to_be_bytes());
        b.extend([8, 2, 0, 0, 0]);
        b
    }

    #[test]
    fn png_size_comes_from_ihdr() {
        assert_eq!(png_size(&png(640, 480, b"IHDR")), Ok((640, 480)));
        assert_eq!(declared_size(&png(1, 70_000, b"IHDR")), Ok((Format::Png, 1, 70_000)));
        assert_eq!(png_size(&png(640, 480, b"tEXt")), Err(CheckError::NoPngHeader));
        assert_eq!(
            png_size(&png(640, 480, b"IHDR")[..23]),
            Err(CheckError::Truncated(Part::PngHeader))
        );
    }
}
