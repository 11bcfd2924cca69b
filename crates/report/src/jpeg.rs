//! The size and colour of a JPEG from its frame header (SOFn), read without decoding
//! (`photo_check`'s walk), so the report can place a thumbnail as it is (DCTDecode) with no
//! image library or C code.

use photo_check::{CheckError, Part};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub width: u16,
    pub height: u16,
    /// One component: grayscale (otherwise YCbCr/RGB with three).
    pub gray: bool,
}

/// The frame header, or why there is none.
pub fn header(bytes: &[u8]) -> Result<Header, String> {
    if bytes.len() < 4 {
        return Err("no JPEG start marker".into());
    }
    let frame = photo_check::jpeg::frame(bytes).map_err(|e| reason(e).to_owned())?;
    let (width, height) = (frame.width, frame.height);
    if width == 0 || height == 0 {
        return Err("the image has no pixels".into());
    }
    match frame.components {
        1 => Ok(Header { width, height, gray: true }),
        3 => Ok(Header { width, height, gray: false }),
        n => Err(format!("{n} colour components are not supported")),
    }
}

/// The report's words for each kind (as before the walk moved to `photo_check`).
fn reason(e: CheckError) -> &'static str {
    match e {
        CheckError::NotAPhoto | CheckError::Empty => "no JPEG start marker",
        CheckError::Truncated(Part::SegmentLength) => "the file ends inside a marker",
        CheckError::Truncated(Part::Segment { marker })
            if photo_check::jpeg::is_frame_header(marker) =>
        {
            "the frame header is cut short"
        }
        CheckError::ShortFrameHeader { .. } => "the frame header is cut short",
        CheckError::BadSegmentLength { .. } => "a marker has a bad length",
        CheckError::NoFrameHeader { .. } => "no frame header before the image data",
        CheckError::StrayMarker { .. } => "the file has a stray marker",
        _ => "the file ends before its frame header",
    }
}

#[cfg(test)]
mod tests {
    use photo_check::samples::with_frame as jpeg;

    use super::*;

    #[test]
    fn reads_size_and_colour() {
        assert_eq!(header(&jpeg(3)), Ok(Header { width: 3, height: 2, gray: false }));
        assert_eq!(header(&jpeg(1)), Ok(Header { width: 3, height: 2, gray: true }));
    }

    #[test]
    fn refuses_other_bytes() {
        assert_eq!(header(b"not a jpeg"), Err("no JPEG start marker".into()));
        assert_eq!(header(&jpeg(3)[..12]), Err("the frame header is cut short".into()));
        assert_eq!(header(&jpeg(4)), Err("4 colour components are not supported".into()));
        assert_eq!(
            header(&[0xFF, 0xD8, 0xFF, 0xD9]),
            Err("no frame header before the image data".into())
        );
        let mut no_pixels = jpeg(3);
        no_pixels[14] = 0;
        assert_eq!(header(&no_pixels), Err("the image has no pixels".into()));
    }
}
