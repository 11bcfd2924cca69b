//! What a file is, decided by its first bytes (never by its name), and what it declares.

use super::ImportError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
}

const PNG_MAGIC: &[u8; 8] = b"\x89PNG\r\n\x1a\n";
/// ISO-BMFF brands of HEIC/HEIF (and AVIF, refused the same way).
const HEIF_BRANDS: [&[u8; 4]; 9] =
    [b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"];

/// Names the format from the magic bytes.
pub fn format(bytes: &[u8]) -> Result<Format, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Format::Jpeg);
    }
    if bytes.starts_with(PNG_MAGIC) {
        return Ok(Format::Png);
    }
    if bytes.get(4..8) == Some(b"ftyp") && bytes.get(8..12).is_some_and(is_heif_brand) {
        return Err(ImportError::Heic);
    }
    Err(ImportError::NotAPhoto)
}

fn is_heif_brand(brand: &[u8]) -> bool {
    HEIF_BRANDS.iter().any(|b| b.as_slice() == brand)
}

/// A PNG's declared width, height, bit depth and colour type, from its IHDR chunk.
pub fn png_header(bytes: &[u8]) -> Result<(u32, u32), ImportError> {
    let ihdr = bytes.get(8..24).ok_or(ImportError::Truncated)?;
    if &ihdr[4..8] != b"IHDR" {
        return Err(ImportError::Corrupt("PNG without a header chunk".into()));
    }
    let be = |at: usize| u32::from_be_bytes([ihdr[at], ihdr[at + 1], ihdr[at + 2], ihdr[at + 3]]);
    Ok((be(8), be(12)))
}

/// Walks a JPEG's segments to its end-of-image marker and returns the offset just after it.
///
/// Decoders fill a cut-short JPEG with grey and call it a success, so completeness is checked
/// here, from the structure: every segment length must fit and the entropy-coded data must
/// be followed by EOI (`FF D9`). Bytes after EOI (MPF gain maps, appended ZIPs) are ignored;
/// re-encoding drops them.
pub fn jpeg_end(bytes: &[u8]) -> Result<usize, ImportError> {
    let len = bytes.len();
    let mut i = 2; // after SOI
    loop {
        // Find the next marker: 0xFF, any fill bytes, then the marker code.
        if i >= len {
            return Err(ImportError::Truncated);
        }
        if bytes[i] != 0xFF {
            return Err(ImportError::Corrupt("bytes between JPEG segments".into()));
        }
        while i < len && bytes[i] == 0xFF {
            i += 1;
        }
        let Some(&marker) = bytes.get(i) else {
            return Err(ImportError::Truncated);
        };
        i += 1;
        match marker {
            0xD9 => return Ok(i),
            0xD0..=0xD7 | 0x01 => {}
            0x00 => return Err(ImportError::Corrupt("stray JPEG marker".into())),
            _ => {
                let length = segment_length(bytes, i)?;
                i += length;
                if i > len {
                    return Err(ImportError::Truncated);
                }
                if marker == 0xDA {
                    i = skip_entropy_data(bytes, i)?;
                }
            }
        }
    }
}

fn segment_length(bytes: &[u8], at: usize) -> Result<usize, ImportError> {
    let high = *bytes.get(at).ok_or(ImportError::Truncated)?;
    let low = *bytes.get(at + 1).ok_or(ImportError::Truncated)?;
    let length = usize::from(u16::from_be_bytes([high, low]));
    if length < 2 {
        return Err(ImportError::Corrupt("a JPEG segment has an impossible length".into()));
    }
    Ok(length)
}

/// Skips scan data (where 0xFF is escaped as `FF 00` and restart markers may appear) and
/// returns the offset of the next real marker.
fn skip_entropy_data(bytes: &[u8], mut i: usize) -> Result<usize, ImportError> {
    loop {
        let Some(offset) = bytes.get(i..).and_then(|rest| rest.iter().position(|&b| b == 0xFF))
        else {
            return Err(ImportError::Truncated);
        };
        i += offset;
        match bytes.get(i + 1) {
            None => return Err(ImportError::Truncated),
            Some(0x00 | 0xD0..=0xD7 | 0xFF) => i += 1,
            Some(_) => return Ok(i),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_magic_bytes() {
        assert_eq!(format(b"\xFF\xD8\xFF\xE0rest").unwrap(), Format::Jpeg);
        assert_eq!(format(b"\x89PNG\r\n\x1a\nrest").unwrap(), Format::Png);
        assert!(matches!(format(b"\0\0\0\x18ftypheic\0\0\0\0"), Err(ImportError::Heic)));
        assert!(matches!(format(b"\0\0\0\x18ftypmif1\0\0\0\0"), Err(ImportError::Heic)));
        assert!(matches!(format(b"GIF89a"), Err(ImportError::NotAPhoto)));
        assert!(matches!(format(b""), Err(ImportError::Empty)));
    }

    #[test]
    fn a_jpeg_without_eoi_is_truncated() {
        // SOI, a 4-byte APP0, SOS header (length 3: one byte), entropy data with escapes, EOI.
        let whole =
            b"\xFF\xD8\xFF\xE0\x00\x04ab\xFF\xDA\x00\x03x\x12\xFF\x00\x34\xFF\xD0\x56\xFF\xD9";
        assert_eq!(jpeg_end(whole).unwrap(), whole.len());
        for cut in 3..whole.len() {
            assert!(jpeg_end(&whole[..cut]).is_err(), "cut at {cut}");
        }
    }
}
