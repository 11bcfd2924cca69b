//! The web shell's photo check (the native one is `handlers`' pipeline): `photo_check` on the
//! picked file's size and bytes, nothing decoded; each refusal is a reason with its numbers,
//! which the core words for the patient.

use photo_check::{CheckError, Limits};
use shared::effects::photo::PhotoProbe;
use shared::effects::{PhotoError, PhotoErrorKind, PhotoReason, PhotoResult};

const MIB: f64 = 1024.0 * 1024.0;

/// Refuses an empty or oversized file from its size alone, before it is read.
pub fn size_refusal(size: f64) -> Option<PhotoError> {
    let max = Limits::DEFAULT.max_bytes as f64;
    if size == 0.0 {
        return Some(PhotoError::new(PhotoErrorKind::Damaged, PhotoReason::Empty));
    }
    if size > max {
        let max_mb = (max / MIB).ceil() as u64;
        return Some(PhotoError::new(
            PhotoErrorKind::TooLarge,
            PhotoReason::TooManyBytes { max_mb },
        ));
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
        CheckError::Heic { .. } => PhotoError::new(K::Unsupported, PhotoReason::Heic),
        CheckError::Empty | CheckError::NotAPhoto => {
            PhotoError::new(K::Unsupported, PhotoReason::NotAPhoto)
        }
        CheckError::ZeroPixels { width, height }
        | CheckError::TooManyPixels { width, height, .. } => PhotoError::new(
            K::TooLarge,
            PhotoReason::TooManyPixels {
                width,
                height,
                max_side: limits.max_side,
                max_mp: limits.max_pixels / 1_000_000,
            },
        ),
        // A header missing, cut short or broken before the frame header.
        _ => PhotoError::new(K::Damaged, PhotoReason::Truncated),
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
        assert_eq!(empty, PhotoError::new(PhotoErrorKind::Damaged, PhotoReason::Empty));
        let big = size_refusal(30.0 * MIB + 1.0).unwrap();
        assert_eq!(big.kind, PhotoErrorKind::TooLarge);
        assert_eq!(big.reason, PhotoReason::TooManyBytes { max_mb: 30 });
    }

    #[test]
    fn refusals_carry_their_reason_and_numbers() {
        let text = failed(probe(b"not a photo at all"));
        assert_eq!(text, PhotoError::new(PhotoErrorKind::Unsupported, PhotoReason::NotAPhoto));
        let heic = failed(probe(b"\0\0\0\x18ftypheic\0\0\0\0"));
        assert_eq!(heic.reason, PhotoReason::Heic);
        let huge = failed(probe(&png(30_000, 30_000)));
        assert_eq!(huge.kind, PhotoErrorKind::TooLarge);
        assert_eq!(
            huge.reason,
            PhotoReason::TooManyPixels {
                width: 30_000,
                height: 30_000,
                max_side: 8192,
                max_mp: 50
            }
        );
        assert_eq!(failed(probe(&png(0, 5))).kind, PhotoErrorKind::TooLarge);
        let cut = failed(probe(&png(10, 10)[..20]));
        assert_eq!((cut.kind, cut.reason), (PhotoErrorKind::Damaged, PhotoReason::Truncated));
        assert_eq!(failed(probe(b"\xFF\xD8\xFF\xE0\x00\x10JF")).kind, PhotoErrorKind::Damaged);
    }

    #[test]
    fn an_accepted_photo_gives_its_size() {
        let PhotoResult::Probed { probe } = probe(&png(4032, 3024)) else { panic!("refused") };
        assert_eq!((probe.width, probe.height, probe.camera_local_time), (4032, 3024, None));
    }
}
