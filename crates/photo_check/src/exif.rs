//! The camera's capture date from a JPEG's EXIF block (APP1), by a plain walk of its TIFF
//! structure: `DateTimeOriginal` (0x9003) and `OffsetTimeOriginal` (0x9011) in the EXIF IFD.
//! A damaged block only loses the date; it never refuses the photo.

use crate::jpeg::{self, Piece};

/// What the camera wrote about when the photo was taken.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaptureDate {
    /// `DateTimeOriginal` (`YYYY:MM:DD HH:MM:SS`) as `YYYY-MM-DDTHH:MM:SS` local wall time.
    pub local_time: Option<String>,
    /// `OffsetTimeOriginal` (`±HH:MM`) in minutes east of UTC.
    pub offset_minutes: Option<i32>,
}

const EXIF_IFD_POINTER: u16 = 0x8769;
const DATE_TIME_ORIGINAL: u16 = 0x9003;
const OFFSET_TIME_ORIGINAL: u16 = 0x9011;

/// The capture date of a JPEG, from the first EXIF APP1 segment before the image data.
pub fn capture_date(bytes: &[u8]) -> CaptureDate {
    if crate::sniff(bytes) != Ok(crate::Format::Jpeg) {
        return CaptureDate::default();
    }
    for piece in jpeg::segments(bytes) {
        let Ok((Piece::Segment { marker }, range)) = piece else { break };
        if marker == 0xDA {
            break;
        }
        let payload = bytes.get(range.start + 4..range.end).unwrap_or_default();
        if marker == 0xE1 && payload.starts_with(b"Exif") {
            // "Exif\0\0", then the TIFF header.
            return read_tiff(payload.get(6..).unwrap_or_default());
        }
    }
    CaptureDate::default()
}

/// A TIFF block in its byte order (`II` little-endian, else big-endian).
struct Tiff<'a> {
    bytes: &'a [u8],
    little: bool,
}

impl Tiff<'_> {
    fn get<const N: usize>(&self, at: u64) -> Option<[u8; N]> {
        let start = usize::try_from(at).ok()?;
        let mut out: [u8; N] = self.bytes.get(start..start.checked_add(N)?)?.try_into().ok()?;
        if !self.little {
            out.reverse();
        }
        Some(out)
    }

    fn u16(&self, at: u64) -> Option<u16> {
        self.get::<2>(at).map(u16::from_le_bytes)
    }

    fn u32(&self, at: u64) -> Option<u32> {
        self.get::<4>(at).map(u32::from_le_bytes)
    }

    /// The entries (tag, offset of the 12-byte entry) of the IFD at `ifd`, as far as they fit.
    fn entries(&self, ifd: u64) -> impl Iterator<Item = (u16, u64)> + '_ {
        let count = self.u16(ifd).unwrap_or(0);
        (0..u64::from(count))
            .map(move |k| ifd + 2 + k * 12)
            .take_while(|entry| entry + 12 <= self.bytes.len() as u64)
            .filter_map(|entry| Some((self.u16(entry)?, entry)))
    }

    /// An ASCII value up to its first NUL (values of four bytes or less sit in the entry).
    fn text(&self, entry: u64) -> Option<&[u8]> {
        let count = self.u32(entry + 4)?;
        let at = if count > 4 { u64::from(self.u32(entry + 8)?) } else { entry + 8 };
        let start = usize::try_from(at).ok()?;
        let end = start.checked_add(usize::try_from(count).ok()?)?;
        let value = self.bytes.get(start..end)?;
        Some(value.split(|&b| b == 0).next().unwrap_or_default())
    }
}

fn read_tiff(bytes: &[u8]) -> CaptureDate {
    let mut date = CaptureDate::default();
    if bytes.len() < 8 {
        return date;
    }
    let tiff = Tiff { bytes, little: bytes[0] == b'I' };
    let Some(ifd0) = tiff.u32(4) else { return date };
    let mut exif_ifd = 0;
    for (tag, entry) in tiff.entries(u64::from(ifd0)) {
        if tag == EXIF_IFD_POINTER {
            exif_ifd = tiff.u32(entry + 8).unwrap_or(0);
        }
    }
    if exif_ifd == 0 {
        return date;
    }
    for (tag, entry) in tiff.entries(u64::from(exif_ifd)) {
        match tag {
            DATE_TIME_ORIGINAL => {
                if let Some(local) = tiff.text(entry).and_then(local_time) {
                    date.local_time = Some(local);
                }
            }
            OFFSET_TIME_ORIGINAL => {
                if let Some(minutes) = tiff.text(entry).and_then(offset_minutes) {
                    date.offset_minutes = Some(minutes);
                }
            }
            _ => {}
        }
    }
    date
}

/// `YYYY:MM:DD HH:MM:SS` (digits only, no range check) as `YYYY-MM-DDTHH:MM:SS`.
fn local_time(text: &[u8]) -> Option<String> {
    const SHAPE: &[u8; 19] = b"dddd:dd:dd dd:dd:dd";
    let fits = text.len() == SHAPE.len()
        && text
            .iter()
            .zip(SHAPE)
            .all(|(&b, &s)| if s == b'd' { b.is_ascii_digit() } else { b == s });
    if !fits {
        return None;
    }
    let mut out: Vec<u8> = text.to_vec();
    out[4] = b'-';
    out[7] = b'-';
    out[10] = b'T';
    String::from_utf8(out).ok()
}

/// `+HH:MM` or `-HH:MM` (digits only, no range check) in minutes east of UTC.
fn offset_minutes(text: &[u8]) -> Option<i32> {
    let &[sign, h0, h1, b':', m0, m1] = text else { return None };
    let digits = [h0, h1, m0, m1];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let [h0, h1, m0, m1] = digits.map(|d| i32::from(d - b'0'));
    let minutes = (h0 * 10 + h1) * 60 + m0 * 10 + m1;
    match sign {
        b'+' => Some(minutes),
        b'-' => Some(-minutes),
        _ => None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A JPEG with an EXIF block: IFD0 pointing to an EXIF IFD holding `date` and `offset`.
    pub(crate) fn jpeg_with_exif(little: bool, date: &[u8], offset: Option<&[u8]>) -> Vec<u8> {
        let u16b = |v: u16| if little { v.to_le_bytes() } else { v.to_be_bytes() };
        let u32b = |v: u32| if little { v.to_le_bytes() } else { v.to_be_bytes() };
        let mut tiff = if little { b"II\x2A\x00".to_vec() } else { b"MM\x00\x2A".to_vec() };
        tiff.extend(u32b(8)); // IFD0 at 8
        tiff.extend(u16b(1));
        tiff.extend(u16b(EXIF_IFD_POINTER));
        tiff.extend(u16b(4));
        tiff.extend(u32b(1));
        tiff.extend(u32b(26)); // EXIF IFD at 8 + 2 + 12 + 4
        tiff.extend(u32b(0));
        let entries = 1 + u16::from(offset.is_some());
        let data = 26 + 2 + 12 * u32::from(entries) + 4;
        tiff.extend(u16b(entries));
        tiff.extend(u16b(DATE_TIME_ORIGINAL));
        tiff.extend(u16b(2));
        tiff.extend(u32b(u32::try_from(date.len()).unwrap()));
        tiff.extend(u32b(data));
        if let Some(offset) = offset {
            tiff.extend(u16b(OFFSET_TIME_ORIGINAL));
            tiff.extend(u16b(2));
            tiff.extend(u32b(u32::try_from(offset.len()).unwrap()));
            tiff.extend(u32b(data + u32::try_from(date.len()).unwrap()));
        }
        tiff.extend(u32b(0));
        tiff.extend(date);
        tiff.extend(offset.unwrap_or_default());
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let length = u16::try_from(app1.len() + 2).unwrap().to_be_bytes();
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1, length[0], length[1]];
        jpeg.extend(app1);
        jpeg.extend([0xFF, 0xC0, 0x00, 0x0B, 8, 0x00, 0x03, 0x00, 0x02, 1, 1, 0x11, 0, 0xFF, 0xD9]);
        jpeg
    }

    #[test]
    fn reads_the_date_and_offset_in_both_byte_orders() {
        for little in [true, false] {
            let jpeg = jpeg_with_exif(little, b"2026:03:14 09:26:53\0", Some(b"-05:30\0"));
            assert_eq!(
                capture_date(&jpeg),
                CaptureDate {
                    local_time: Some("2026-03-14T09:26:53".into()),
                    offset_minutes: Some(-330)
                }
            );
            let jpeg = jpeg_with_exif(little, b"2026:03:14 09:26:53\0", Some(b"+01:00\0"));
            assert_eq!(capture_date(&jpeg).offset_minutes, Some(60));
        }
        let no_offset = jpeg_with_exif(true, b"2026:03:14 09:26:53\0", None);
        assert_eq!(capture_date(&no_offset).offset_minutes, None);
        assert!(capture_date(&no_offset).local_time.is_some());
    }

    #[test]
    fn odd_values_give_no_date() {
        for date in [&b"2026-03-14 09:26:53\0"[..], b"    :  :     :  :  \0", b"2026:03:14"] {
            assert_eq!(capture_date(&jpeg_with_exif(true, date, None)), CaptureDate::default());
        }
        let jpeg = jpeg_with_exif(true, b"2026:03:14 09:26:53\0", Some(b"Z\0"));
        assert_eq!(capture_date(&jpeg).offset_minutes, None);
        assert_eq!(capture_date(b"\x89PNG\r\n\x1a\n"), CaptureDate::default());
        assert_eq!(capture_date(b"\xFF\xD8\xFF\xD9"), CaptureDate::default());
    }
}
