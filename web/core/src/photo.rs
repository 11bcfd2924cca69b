//! The web shell's photo check (the native one is `handlers`' pipeline): `photo_check` on the
//! picked file's size and bytes, nothing decoded, with the words the web app shows for each
//! refusal (as they were when the check was TypeScript).

use photo_check::{CheckError, Limits};
use shared::effects::photo::PhotoProbe;
use shared::effects::{PhotoError, PhotoErrorKind, PhotoResult};

const MIB: f64 = 1024.0 * 1024.0;

fn refused(kind: PhotoErrorKind, message: String) -> PhotoError {
    PhotoError { kind, message }
}

/// Refuses an empty or oversized file from its size alone, before it is read.
pub fn size_refusal(size: f64) -> Option<PhotoError> {
    let max = Limits::DEFAULT.max_bytes as f64;
    if size == 0.0 {
        return Some(refused(PhotoErrorKind::Damaged, "the file is empty".into()));
    }
    if size > max {
        let mb = |n: f64| (n / MIB).ceil();
        let message =
            format!("the file is {} MB; photos of at most {} MB can be added", mb(size), mb(max));
        return Some(refused(PhotoErrorKind::TooLarge, message));
    }
    None
}

/// Format, declared size against the limits, and the camera's date: `Probed`, or `Failed`
/// with the words the patient sees.
pub fn probe(bytes: &[u8]) -> PhotoResult {
    match checked(bytes) {
        Ok(probe) => PhotoResult::Probed { probe },
        Err(error) => PhotoResult::Failed { error },
    }
}

fn checked(bytes: &[u8]) -> Result<PhotoProbe, PhotoError> {
    let (_, width, height) = photo_check::declared_size(bytes).map_err(refusal)?;
    Limits::DEFAULT.check_dimensions(u64::from(width), u64::from(height)).map_err(refusal)?;
    let date = photo_check::exif::capture_date(bytes);
    Ok(PhotoProbe {
        width,
        height,
        camera_local_time: date.local_time,
        camera_offset_minutes: date.offset_minutes,
    })
}

fn refusal(e: CheckError) -> PhotoError {
    use PhotoErrorKind as K;
    let limits = Limits::DEFAULT;
    match e {
        CheckError::Heic { .. } => refused(
            K::Unsupported,
            "HEIC/HEIF photos are not supported: convert to JPEG first (on iPhone: Settings > Camera > Formats > Most Compatible)".into(),
        ),
        CheckError::Empty | CheckError::NotAPhoto => {
            refused(K::Unsupported, "this file is not a JPEG or PNG photo".into())
        }
        CheckError::ZeroPixels { width, height }
        | CheckError::TooManyPixels { width, height, .. } => refused(
            K::TooLarge,
            format!(
                "the photo is {width} x {height} pixels; at most {} pixels a side and {} megapixels can be added",
                limits.max_side,
                limits.max_pixels / 1_000_000
            ),
        ),
        // A header missing, cut short or broken before the frame header.
        _ => refused(
            K::Damaged,
            "the photo is incomplete (the file was cut short); copy it again from the camera"
                .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(result: PhotoResult) -> PhotoError {
        match result {
            PhotoResult::Failed { error } => error,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0DIHDR".to_vec();
        b.extend(width.to_be_bytes());
        b.extend(height.to_be_bytes());
        b.extend([8, 2, 0, 0, 0]);
        b
    }

    #[test]
    fn the_size_is_checked_before_reading() {
        assert_eq!(size_refusal(1.0), None);
        assert_eq!(size_refusal(30.0 * MIB), None);
        let empty = size_refusal(0.0).unwrap();
        assert_eq!(
            (empty.kind, empty.message.as_str()),
            (PhotoErrorKind::Damaged, "the file is empty")
        );
        let big = size_refusal(30.0 * MIB + 1.0).unwrap();
        assert_eq!(big.kind, PhotoErrorKind::TooLarge);
        assert_eq!(big.message, "the file is 31 MB; photos of at most 30 MB can be added");
    }

    #[test]
    fn refusals_keep_the_web_words() {
        let text = failed(probe(b"not a photo at all"));
        assert_eq!(text.kind, PhotoErrorKind::Unsupported);
        assert!(text.message.contains("not a JPEG or PNG"));
        let heic = failed(probe(b"\0\0\0\x18ftypheic\0\0\0\0"));
        assert!(heic.message.starts_with("HEIC/HEIF photos are not supported"));
        let huge = failed(probe(&png(30_000, 30_000)));
        assert_eq!(huge.kind, PhotoErrorKind::TooLarge);
        assert_eq!(
            huge.message,
            "the photo is 30000 x 30000 pixels; at most 8192 pixels a side and 50 megapixels can be added"
        );
        assert_eq!(failed(probe(&png(0, 5))).kind, PhotoErrorKind::TooLarge);
        let cut = failed(probe(&png(10, 10)[..20]));
        assert_eq!(cut.kind, PhotoErrorKind::Damaged);
        assert!(cut.message.starts_with("the photo is incomplete"));
        assert_eq!(failed(probe(b"\xFF\xD8\xFF\xE0\x00\x10JF")).kind, PhotoErrorKind::Damaged);
    }

    #[test]
    fn an_accepted_photo_gives_its_size() {
        let PhotoResult::Probed { probe } = probe(&png(4032, 3024)) else { panic!("refused") };
        assert_eq!((probe.width, probe.height, probe.camera_local_time), (4032, 3024, None));
    }
}
