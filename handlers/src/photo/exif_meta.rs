//! The two EXIF facts the pipeline uses: orientation (applied to the pixels) and the camera's
//! date (offered to the core). Everything else in the metadata is dropped with the re-encode.

use exif::{In, Reader, Tag, Value};

/// What the camera recorded that we keep using.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CameraFacts {
    /// EXIF orientation 1–8 (1 when absent or invalid).
    pub orientation: u8,
    /// `DateTimeOriginal` as `YYYY-MM-DDTHH:MM:SS` local wall time.
    pub local_time: Option<String>,
    /// `OffsetTimeOriginal` in minutes east of UTC.
    pub offset_minutes: Option<i32>,
}

/// Reads the facts; unreadable or absent EXIF is not an error (most PNGs have none).
pub fn read(bytes: &[u8]) -> CameraFacts {
    let Ok(exif) = Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)) else {
        return CameraFacts { orientation: 1, ..CameraFacts::default() };
    };
    let orientation = exif
        .get_field(Tag::Orientation, In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .and_then(|o| u8::try_from(o).ok())
        .filter(|o| (1..=8).contains(o))
        .unwrap_or(1);
    let ascii = |tag| match exif.get_field(tag, In::PRIMARY).map(|f| &f.value) {
        Some(Value::Ascii(parts)) => parts.first().cloned(),
        _ => None,
    };
    let mut local_time = None;
    let mut offset_minutes = None;
    if let Some(mut dt) =
        ascii(Tag::DateTimeOriginal).and_then(|a| exif::DateTime::from_ascii(&a).ok())
    {
        let plausible = (1..=12).contains(&dt.month)
            && (1..=31).contains(&dt.day)
            && dt.hour < 24
            && dt.minute < 60
            && dt.second < 61;
        if plausible {
            local_time = Some(format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                dt.year,
                dt.month,
                dt.day,
                dt.hour,
                dt.minute,
                dt.second.min(59)
            ));
            if let Some(offset) = ascii(Tag::OffsetTimeOriginal)
                && dt.parse_offset(&offset).is_ok()
            {
                offset_minutes = dt.offset.map(i32::from);
            }
        }
    }
    CameraFacts { orientation, local_time, offset_minutes }
}
