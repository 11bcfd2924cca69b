//! No input panics: every prefix of a real-shaped JPEG and PNG, every single-byte change of
//! them, and arbitrary bytes go through every check.
// Helpers outside #[test] fns: a failed unwrap there is a failed test too (clippy.toml).
#![allow(clippy::unwrap_used)]

use photo_check::{Limits, declared_size, exif, jpeg, png_size, sniff};
use proptest::prelude::*;

fn every_check(bytes: &[u8]) {
    let _ = sniff(bytes);
    let _ = png_size(bytes);
    let _ = declared_size(bytes);
    let _ = jpeg::frame(bytes);
    let _ = jpeg::end(bytes);
    let _ = exif::capture_date(bytes);
    if let Ok(clean) = jpeg::strip_metadata(bytes) {
        // What stripping keeps is itself a complete JPEG that strips to itself.
        assert_eq!(jpeg::end(&clean), Ok(clean.len()));
        assert_eq!(jpeg::strip_metadata(&clean).as_ref(), Ok(&clean));
    }
    if let Ok((_, w, h)) = declared_size(bytes) {
        let _ = Limits::default().check_dimensions(u64::from(w), u64::from(h));
    }
}

/// SOI, EXIF APP1 (big-endian TIFF with a date), COM, SOF0, DHT, SOS with escapes and a
/// restart marker, a second scan, EOI, then a trailer.
fn sample_jpeg() -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8];
    let tiff: &[u8] = b"MM\x00\x2A\x00\x00\x00\x08\x00\x01\x87\x69\x00\x04\x00\x00\x00\x01\x00\x00\x00\x1A\x00\x00\x00\x00\
\x00\x01\x90\x03\x00\x02\x00\x00\x00\x14\x00\x00\x00\x2C\x00\x00\x00\x002026:03:14 09:26:53\x00";
    let len = u16::try_from(tiff.len() + 8).unwrap().to_be_bytes();
    v.extend([0xFF, 0xE1, len[0], len[1]]);
    v.extend(b"Exif\0\0");
    v.extend(tiff);
    v.extend([0xFF, 0xFE, 0x00, 0x05, b'h', b'i', b'!']);
    v.extend([0xFF, 0xC0, 0x00, 0x0B, 8, 0x00, 0x03, 0x00, 0x02, 1, 1, 0x11, 0]);
    v.extend([0xFF, 0xC4, 0x00, 0x05, 0x00, 0x01, 0x02]);
    v.extend([0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0]);
    v.extend([0x56, 0xFF, 0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0, 0x78, 0xFF, 0xD9]);
    v.extend(b"PK\x03\x04");
    v
}

fn sample_png() -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0DIHDR".to_vec();
    v.extend([0, 0, 0x0A, 0, 0, 0, 0x07, 0x80, 8, 2, 0, 0, 0, 0, 0, 0, 0]);
    v
}

#[test]
fn the_samples_are_what_they_claim() {
    let jpeg = sample_jpeg();
    assert_eq!(jpeg::end(&jpeg), Ok(jpeg.len() - 4));
    assert_eq!(exif::capture_date(&jpeg).local_time.as_deref(), Some("2026-03-14T09:26:53"));
    assert_eq!(declared_size(&jpeg), Ok((photo_check::Format::Jpeg, 2, 3)));
    let clean = jpeg::strip_metadata(&jpeg).unwrap();
    assert_eq!(exif::capture_date(&clean), exif::CaptureDate::default());
    assert_eq!(declared_size(&sample_png()), Ok((photo_check::Format::Png, 2560, 1920)));
}

#[test]
fn every_truncation_point_is_refused_without_panic() {
    let jpeg = sample_jpeg();
    let whole = jpeg::end(&jpeg).unwrap();
    for cut in 0..jpeg.len() {
        every_check(&jpeg[..cut]);
        if cut < whole {
            assert!(jpeg::end(&jpeg[..cut]).is_err(), "cut at {cut}");
            assert!(jpeg::strip_metadata(&jpeg[..cut]).is_err(), "cut at {cut}");
        }
    }
    let png = sample_png();
    for cut in 0..png.len() {
        every_check(&png[..cut]);
        assert_eq!(png_size(&png[..cut]).is_ok(), cut >= 24, "cut at {cut}");
    }
}

#[test]
fn every_single_byte_change_is_handled() {
    for sample in [sample_jpeg(), sample_png()] {
        for at in 0..sample.len() {
            for value in [0x00, 0x01, 0x7F, 0xD9, 0xDA, 0xFF] {
                let mut changed = sample.clone();
                changed[at] = value;
                every_check(&changed);
            }
        }
    }
}

proptest! {
    #[test]
    fn arbitrary_bytes_do_not_panic(tail in proptest::collection::vec(any::<u8>(), 0..200)) {
        every_check(&tail);
        for head in [&[0xFF, 0xD8, 0xFF][..], b"\x89PNG\r\n\x1a\n", b"\0\0\0\x18ftypheic"] {
            let mut bytes = head.to_vec();
            bytes.extend(&tail);
            every_check(&bytes);
        }
    }

    #[test]
    fn spliced_samples_do_not_panic(cut in 0_usize..200, tail in proptest::collection::vec(any::<u8>(), 0..64)) {
        let mut bytes = sample_jpeg();
        bytes.truncate(cut);
        bytes.extend(tail);
        every_check(&bytes);
    }
}
