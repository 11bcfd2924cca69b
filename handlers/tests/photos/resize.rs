//! The pipeline's resize (afterglow_resample) against the one it replaced (fast_image_resize,
//! the same filters), on the benchmark photo, at the sizes the pipeline makes from it.
//!
//! Bound: mean absolute difference per channel under 0.25 of a level (of 255), and no channel
//! off by more than 2 levels. Both are Pillow-style separable convolutions with the same
//! weights; what differs is the fixed-point rounding and the pass order, which moves a value
//! by at most a level or two.

use afterglow_handlers::photo::testdata;
use afterglow_resample::Filter;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer, images::Image};
use turbojpeg::{Decompressor, Image as TjImage, PixelFormat, ScalingFactor};

type Raster = (u32, u32, Vec<u8>);

/// The benchmark photo decoded by libjpeg-turbo at `factor`, as the pipeline decodes it.
fn decoded(factor: ScalingFactor) -> Raster {
    let dir = tempfile::tempdir().unwrap();
    let jpeg = std::fs::read(testdata::benchmark_photo(dir.path())).unwrap();
    let mut decompressor = Decompressor::new().unwrap();
    decompressor.set_scaling_factor(factor).unwrap();
    let size = decompressor.read_header(&jpeg).unwrap().scaled(factor);
    let mut image = TjImage {
        pixels: vec![0_u8; size.width * size.height * 3],
        width: size.width,
        pitch: size.width * 3,
        height: size.height,
        format: PixelFormat::RGB,
    };
    decompressor.decompress(&jpeg, image.as_deref_mut()).unwrap();
    (size.width as u32, size.height as u32, image.pixels)
}

fn previous(src: &Raster, to: (u32, u32), filter: FilterType) -> Vec<u8> {
    let image = Image::from_vec_u8(src.0, src.1, src.2.clone(), PixelType::U8x3).unwrap();
    let mut dst = Image::new(to.0, to.1, PixelType::U8x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(filter));
    Resizer::new().resize(&image, &mut dst, &options).unwrap();
    dst.into_vec()
}

/// (mean absolute difference, largest difference) per channel value.
fn difference(a: &[u8], b: &[u8]) -> (f64, u8) {
    assert_eq!(a.len(), b.len());
    let diffs = a.iter().zip(b).map(|(&x, &y)| x.abs_diff(y));
    let (sum, max) = diffs.fold((0_u64, 0_u8), |(s, m), d| (s + u64::from(d), m.max(d)));
    (sum as f64 / a.len() as f64, max)
}

fn assert_close(src: &Raster, to: (u32, u32), filter: Filter) {
    let ours = afterglow_resample::rgb8(&src.2, (src.0, src.1), to, filter).unwrap();
    let theirs = previous(
        src,
        to,
        match filter {
            Filter::Lanczos3 => FilterType::Lanczos3,
            Filter::Bilinear => FilterType::Bilinear,
        },
    );
    let (mean, max) = difference(&ours, &theirs);
    println!("{}x{} -> {}x{} {filter:?}: mean {mean:.4}, max {max}", src.0, src.1, to.0, to.1);
    assert!(mean < 0.25 && max <= 2, "{filter:?} to {to:?}: mean {mean:.4}, max {max}");
}

#[test]
fn the_import_thumbnail_matches_the_previous_resize() {
    // The import decodes at 1/2 (2016 x 1512) and makes the 384 px thumbnail from that.
    let half = decoded(ScalingFactor::ONE_HALF);
    assert_eq!((half.0, half.1), (2016, 1512));
    assert_close(&half, (384, 288), Filter::Bilinear);
    // Lanczos3 at a size that is not a DCT step (a stored size limit below 2016, or a
    // comparison panel), and upwards (a panel from a small stored photo).
    assert_close(&half, (1500, 1125), Filter::Lanczos3);
    assert_close(&half, (640, 480), Filter::Lanczos3);
}

#[test]
fn the_thumbnail_alone_and_full_size_fits_match_the_previous_resize() {
    // A thumbnail alone decodes at 1/8 (504 x 378).
    let eighth = decoded(ScalingFactor::ONE_EIGHTH);
    assert_close(&eighth, (384, 288), Filter::Bilinear);
    assert_close(&eighth, (700, 525), Filter::Lanczos3);
    // A PNG (or the pure-Rust path) is fitted from full size with Lanczos3.
    let full = decoded(ScalingFactor::ONE);
    assert_close(&full, (2016, 1512), Filter::Lanczos3);
}
