//! The pure-Rust codec against the TurboJPEG one: the same sizes out, the same pixels within
//! JPEG noise, and the same refusals for malformed, cut-short and oversized files.

use afterglow_handlers::photo::testdata;
use afterglow_handlers::photo::{ImportError, Limits, Pipeline};
use rstest::rstest;
use shared::effects::PhotoErrorKind;

use super::fixtures::{corrupt_jpeg, jpeg_claiming, rgb_at, truncated_jpeg};

/// Sizes around the DCT-scaling steps: the pure path must store what TurboJPEG's scaled decode
/// stores (3000 decodes at 6/8 to 2250, then fits 2048; 2100 is just above 2048; 1947 is just
/// under 2048, so it stays whole). The bench checks 4032 x 3024, too slow for an unoptimised test build.
#[rstest]
#[case(2100, 3000)]
#[case(3000, 2000)]
#[case(2100, 1000)]
#[case(1947, 64)]
#[case(640, 480)]
#[case(17, 9)]
fn both_codecs_store_the_same_sizes(#[case] width: usize, #[case] height: usize) {
    let jpeg = testdata::camera_jpeg(width, height, 90, Some(&super::fixtures::camera_exif()));
    let limits = Limits::default();
    let turbo = Pipeline::TurboJpeg.process(&jpeg, &limits).unwrap();
    let pure = Pipeline::PureRust.process(&jpeg, &limits).unwrap();
    assert_eq!((pure.width, pure.height), (turbo.width, turbo.height));
    assert_eq!(pure.facts, turbo.facts);
    let size = |jpeg: &[u8]| {
        let frame = photo_check::jpeg::frame(jpeg).unwrap();
        (frame.width, frame.height)
    };
    assert_eq!(size(&pure.stored), size(&turbo.stored));
    assert_eq!(size(&pure.thumb), size(&turbo.thumb));
    let thumb = Pipeline::PureRust.thumbnail(&jpeg, &limits).unwrap();
    assert_eq!(size(&thumb), size(&Pipeline::TurboJpeg.thumbnail(&jpeg, &limits).unwrap()));
}

#[test]
fn the_pure_path_stores_the_same_picture_upright() {
    let jpeg = testdata::camera_jpeg(800, 600, 92, Some(&super::fixtures::camera_exif()));
    let limits = Limits::default();
    let turbo = Pipeline::TurboJpeg.process(&jpeg, &limits).unwrap().stored;
    let pure = Pipeline::PureRust.process(&jpeg, &limits).unwrap().stored;
    // Orientation 6: the red marker is top-right in both; elsewhere the gradients agree.
    for (x, y) in [(580, 20), (300, 400), (100, 700), (550, 780)] {
        let (a, b) = (rgb_at(&turbo, x, y), rgb_at(&pure, x, y));
        for c in 0..3 {
            assert!(a[c].abs_diff(b[c]) <= 12, "at {x},{y}: turbo {a:?}, pure {b:?}");
        }
    }
    let [r, g, b] = rgb_at(&pure, 580, 20);
    assert!(r > 200 && g < 60 && b < 60);
}

fn refused(bytes: &[u8]) -> ImportError {
    let limits = Limits::default();
    let thumb = Pipeline::PureRust.thumbnail(bytes, &limits).unwrap_err();
    let error = Pipeline::PureRust.process(bytes, &limits).unwrap_err();
    assert_eq!(thumb.kind(), error.kind(), "{thumb} / {error}");
    error
}

#[rstest]
#[case::truncated(truncated_jpeg(), "incomplete")]
#[case::cut_in_the_header(testdata::camera_jpeg(64, 48, 90, None)[..200].to_vec(), "incomplete")]
#[case::restart_marker_in_the_scan(corrupt_jpeg(), "damaged")]
// 48 MP declared (within the limits) over the data of 64 x 48: the decoder runs out of data.
#[case::claims_more_pixels_than_it_has(jpeg_claiming(8_000, 6_000), "")]
#[case::no_tables(photo_check::samples::tiny_jpeg(), "damaged")]
#[case::no_scan(photo_check::samples::with_frame(3), "incomplete")]
#[case::two_components(photo_check::samples::with_frame(2), "2 colour components")]
fn malformed_jpegs_are_damaged_not_a_panic(#[case] bytes: Vec<u8>, #[case] words: &str) {
    let error = refused(&bytes);
    assert_eq!(error.kind(), PhotoErrorKind::Damaged, "{error}");
    assert!(error.to_string().contains(words), "{error}");
}

#[rstest]
#[case::side_over_8192(jpeg_claiming(8_193, 100), "8193 x 100")]
#[case::square_65000(jpeg_claiming(65_000, 65_000), "65000 x 65000")]
#[case::hundred_megapixels(jpeg_claiming(12_000, 8_400), "12000 x 8400")]
fn huge_declared_sizes_are_refused_before_decoding(#[case] bytes: Vec<u8>, #[case] words: &str) {
    let error = refused(&bytes);
    assert_eq!(error.kind(), PhotoErrorKind::TooLarge, "{error}");
    assert!(error.to_string().contains(words), "{error}");
}

#[test]
fn cmyk_and_lossless_are_unsupported() {
    let error = refused(&super::fixtures::cmyk_jpeg());
    assert!(error.to_string().contains("CMYK"), "{error}");
    let mut lossless = testdata::camera_jpeg(64, 48, 90, None);
    let sof = lossless.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    lossless[sof + 1] = 0xC3;
    let error = refused(&lossless);
    assert_eq!(error.kind(), PhotoErrorKind::Unsupported);
    assert!(error.to_string().contains("lossless"), "{error}");
}
