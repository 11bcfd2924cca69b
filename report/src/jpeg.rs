//! The size and colour of a JPEG from its frame header (SOFn), read without decoding, so the
//! report can place a thumbnail as it is (DCTDecode) with no image library or C code.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub width: u16,
    pub height: u16,
    /// One component: grayscale (otherwise YCbCr/RGB with three).
    pub gray: bool,
}

/// The frame header, or why there is none.
pub fn header(bytes: &[u8]) -> Result<Header, String> {
    if bytes.len() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8 {
        return Err("no JPEG start marker".into());
    }
    let mut i = 2;
    loop {
        // Markers may be padded with extra 0xFF bytes.
        while bytes.get(i) == Some(&0xFF) && bytes.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(i), bytes.get(i + 1)) else {
            return Err("the file ends before its frame header".into());
        };
        i += 2;
        match marker {
            // Standalone markers carry no length.
            0x01 | 0xD0..=0xD7 => continue,
            0xD9 | 0xDA => return Err("no frame header before the image data".into()),
            _ => {}
        }
        let (Some(&hi), Some(&lo)) = (bytes.get(i), bytes.get(i + 1)) else {
            return Err("the file ends inside a marker".into());
        };
        let len = usize::from(u16::from_be_bytes([hi, lo]));
        if len < 2 {
            return Err("a marker has a bad length".into());
        }
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let Some(seg) = bytes.get(i + 2..i + len) else {
                return Err("the frame header is cut short".into());
            };
            let [_precision, h0, h1, w0, w1, components, ..] = *seg else {
                return Err("the frame header is cut short".into());
            };
            let (height, width) = (u16::from_be_bytes([h0, h1]), u16::from_be_bytes([w0, w1]));
            if width == 0 || height == 0 {
                return Err("the image has no pixels".into());
            }
            return match components {
                1 => Ok(Header { width, height, gray: true }),
                3 => Ok(Header { width, height, gray: false }),
                n => Err(format!("{n} colour components are not supported")),
            };
        }
        i += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SOI, an APP0 segment, then a baseline SOF0 of 3 x 2 with `components`.
    fn jpeg(components: u8) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        b.extend([0xFF, 0xC0, 0x00, 8 + 3 * components, 8, 0x00, 0x02, 0x00, 0x03, components]);
        for c in 0..components {
            b.extend([c + 1, 0x11, 0x00]);
        }
        b.extend([0xFF, 0xD9]);
        b
    }

    #[test]
    fn reads_size_and_colour() {
        assert_eq!(header(&jpeg(3)), Ok(Header { width: 3, height: 2, gray: false }));
        assert_eq!(header(&jpeg(1)), Ok(Header { width: 3, height: 2, gray: true }));
    }

    #[test]
    fn refuses_other_bytes() {
        assert!(header(b"not a jpeg").is_err());
        assert!(header(&jpeg(3)[..12]).is_err());
        assert!(header(&jpeg(4)).is_err());
        assert!(header(&[0xFF, 0xD8, 0xFF, 0xD9]).is_err());
    }
}
