//! Separable convolution resampling of tightly packed 8-bit RGB, for the photo pipeline.
//!
//! The photo pipeline resizes one pixel type with two filters. fast_image_resize compiled
//! every pixel type × filter × SIMD level into the mobile library (1.7 MiB of `.text`,
//! docs/library-size.md); this is the one case, in plain scalar Rust.
//!
//! The filter weights are computed as Pillow and fast_image_resize compute them (the filter
//! stretched by the scale when shrinking, each output pixel's taps normalised to sum to 1),
//! then held as 14-bit fixed point. The vertical pass runs first (a multiply-add of whole
//! rows); the horizontal pass then works on the rows that remain, which for a downscale is
//! the smaller share of the work. It is about 3x slower than fast_image_resize's AVX2 code
//! (docs/library-size.md). rustc does not vectorise loops at the release profile's
//! `opt-level = "s"`; neither an AVX2 build nor `opt-level = 3` for this crate made it faster
//! in a quick try, and why was not investigated.

use std::f64::consts::PI;
use std::fmt;

/// The resampling filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    /// Lanczos with three lobes (support 3), as Pillow's and fast_image_resize's `Lanczos3`.
    Lanczos3,
    /// The triangle filter (support 1), fast_image_resize's `Bilinear`: when shrinking, an
    /// area average over the stretched support.
    Bilinear,
}

impl Filter {
    fn support(self) -> f64 {
        match self {
            Self::Lanczos3 => 3.0,
            Self::Bilinear => 1.0,
        }
    }

    fn weight(self, x: f64) -> f64 {
        let x = x.abs();
        match self {
            Self::Lanczos3 if x < 3.0 => sinc(x) * sinc(x / 3.0),
            Self::Lanczos3 => 0.0,
            Self::Bilinear => (1.0 - x).max(0.0),
        }
    }
}

fn sinc(x: f64) -> f64 {
    if x == 0.0 { 1.0 } else { (PI * x).sin() / (PI * x) }
}

/// Why a resize was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// A side of zero, or a buffer whose length is not width × height × 3.
    BadSize { width: u32, height: u32, len: usize },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadSize { width, height, len } => {
                write!(f, "an RGB raster of {width}x{height} cannot have {len} bytes")
            }
        }
    }
}

impl std::error::Error for Error {}

/// Weights are 14-bit fixed point: the largest weight (at most 1.0) fits an `i16`, and a sum
/// of 8-bit values times weights fits an `i32` with room to spare.
const PRECISION: u32 = 14;
const HALF: i32 = 1 << (PRECISION - 1);

/// Each output pixel's first input pixel and its weights (`taps` weights per output pixel,
/// zero-padded; `len[i]` of them used).
struct Taps {
    first: Vec<usize>,
    len: Vec<usize>,
    weights: Vec<i16>,
    taps: usize,
}

impl Taps {
    fn new(in_size: usize, out_size: usize, filter: Filter) -> Taps {
        let scale = in_size as f64 / out_size as f64;
        let stretch = scale.max(1.0);
        let support = filter.support() * stretch;
        let taps = (support.ceil() as usize * 2 + 1).min(in_size);
        let mut first = Vec::with_capacity(out_size);
        let mut len = Vec::with_capacity(out_size);
        let mut weights = vec![0_i16; out_size * taps];
        let mut w = Vec::with_capacity(taps);
        for (i, out) in weights.chunks_exact_mut(taps).enumerate() {
            let centre = (i as f64 + 0.5) * scale;
            let lo = ((centre - support + 0.5).floor().max(0.0) as usize).min(in_size - 1);
            let hi = ((centre + support + 0.5).floor() as usize).clamp(lo + 1, in_size);
            let hi = hi.min(lo + taps);
            w.clear();
            w.extend((lo..hi).map(|x| filter.weight((x as f64 - centre + 0.5) / stretch)));
            let total: f64 = w.iter().sum();
            let norm = if total == 0.0 { 1.0 } else { total };
            for (o, &v) in out.iter_mut().zip(&w) {
                // At most 1.0 after normalising (the positive lobe dominates), so it fits.
                *o = (v / norm * f64::from(1_u32 << PRECISION)).round() as i16;
            }
            first.push(lo);
            len.push(hi - lo);
        }
        Taps { first, len, weights, taps }
    }

    fn of(&self, i: usize) -> (usize, &[i16]) {
        (self.first[i], &self.weights[i * self.taps..][..self.len[i]])
    }
}

fn to_u8(acc: i32) -> u8 {
    (acc >> PRECISION).clamp(0, 255) as u8
}

/// Resamples `src` (`width` × `height` RGB, 3 bytes a pixel, rows packed) to exactly
/// `to_width` × `to_height`, up or down.
pub fn rgb8(
    src: &[u8],
    (width, height): (u32, u32),
    (to_width, to_height): (u32, u32),
    filter: Filter,
) -> Result<Vec<u8>, Error> {
    let (w, h, tw, th) = (width as usize, height as usize, to_width as usize, to_height as usize);
    if w == 0 || h == 0 || src.len() != w * h * 3 {
        return Err(Error::BadSize { width, height, len: src.len() });
    }
    if tw == 0 || th == 0 {
        return Err(Error::BadSize { width: to_width, height: to_height, len: 0 });
    }
    let rows = if th == h { src.to_vec() } else { vertical(src, w * 3, h, th, filter) };
    Ok(if tw == w { rows } else { horizontal(&rows, w, th, tw, filter) })
}

/// `h` rows of `row_len` bytes to `th` rows.
fn vertical(src: &[u8], row_len: usize, h: usize, th: usize, filter: Filter) -> Vec<u8> {
    let taps = Taps::new(h, th, filter);
    let mut out = vec![0_u8; th * row_len];
    let mut acc = vec![0_i32; row_len];
    for (y, out_row) in out.chunks_exact_mut(row_len).enumerate() {
        acc.fill(HALF);
        let (first, weights) = taps.of(y);
        for (k, &weight) in weights.iter().enumerate() {
            let row = &src[(first + k) * row_len..][..row_len];
            let weight = i32::from(weight);
            for (a, &p) in acc.iter_mut().zip(row) {
                *a += i32::from(p) * weight;
            }
        }
        for (o, &a) in out_row.iter_mut().zip(&acc) {
            *o = to_u8(a);
        }
    }
    out
}

/// `h` rows of `w` RGB pixels to `h` rows of `tw` pixels.
fn horizontal(src: &[u8], w: usize, h: usize, tw: usize, filter: Filter) -> Vec<u8> {
    let taps = Taps::new(w, tw, filter);
    let mut out = vec![0_u8; h * tw * 3];
    for (row, out_row) in src.chunks_exact(w * 3).zip(out.chunks_exact_mut(tw * 3)) {
        for (x, px) in out_row.chunks_exact_mut(3).enumerate() {
            let (first, weights) = taps.of(x);
            let (mut r, mut g, mut b) = (HALF, HALF, HALF);
            let input = &row[first * 3..(first + weights.len()) * 3];
            for (p, &weight) in input.chunks_exact(3).zip(weights) {
                let weight = i32::from(weight);
                r += i32::from(p[0]) * weight;
                g += i32::from(p[1]) * weight;
                b += i32::from(p[2]) * weight;
            }
            px.copy_from_slice(&[to_u8(r), to_u8(g), to_u8(b)]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solid(w: usize, h: usize, rgb: [u8; 3]) -> Vec<u8> {
        rgb.repeat(w * h)
    }

    #[test]
    fn a_solid_colour_stays_that_colour() {
        for filter in [Filter::Lanczos3, Filter::Bilinear] {
            for (to_w, to_h) in [(5, 3), (1, 1), (40, 30), (17, 29)] {
                let out =
                    rgb8(&solid(23, 17, [200, 3, 77]), (23, 17), (to_w, to_h), filter).unwrap();
                assert_eq!(out, solid(to_w as usize, to_h as usize, [200, 3, 77]), "{filter:?}");
            }
        }
    }

    #[test]
    fn the_same_size_is_a_copy() {
        let src: Vec<u8> = (0..7 * 5 * 3).map(|i| (i * 37 % 256) as u8).collect();
        assert_eq!(rgb8(&src, (7, 5), (7, 5), Filter::Lanczos3).unwrap(), src);
    }

    #[test]
    fn halving_with_bilinear_weighs_four_inputs_by_the_stretched_triangle() {
        // At half size the triangle reaches two inputs either side of the centre, weighted
        // 1/4, 3/4, 3/4, 1/4 (then normalised); at the edges the missing taps are dropped.
        let grey = [0, 0, 0, 80, 80, 0, 0, 0_u8];
        let src: Vec<u8> = grey.iter().flat_map(|&v| [v; 3]).collect();
        let out = rgb8(&src, (8, 1), (4, 1), Filter::Bilinear).unwrap();
        let out: Vec<u8> = out.chunks(3).map(|p| p[0]).collect();
        assert_eq!(out, [0, 40, 40, 0]);
    }

    #[test]
    fn a_ramp_keeps_its_mean_and_order() {
        let w = 300_usize;
        let src: Vec<u8> = (0..w).flat_map(|x| [(x * 255 / (w - 1)) as u8; 3]).collect();
        let out = rgb8(&src, (w as u32, 1), (64, 1), Filter::Lanczos3).unwrap();
        let grey: Vec<u8> = out.chunks(3).map(|p| p[0]).collect();
        assert!(grey.windows(2).all(|p| p[0] <= p[1]), "{grey:?}");
        let mean = |v: &[u8]| v.iter().map(|&x| f64::from(x)).sum::<f64>() / v.len() as f64;
        let src_grey: Vec<u8> = src.chunks(3).map(|p| p[0]).collect();
        assert!((mean(&grey) - mean(&src_grey)).abs() < 0.5);
    }

    #[test]
    fn wrong_sizes_are_refused() {
        assert!(rgb8(&[0; 5], (2, 1), (1, 1), Filter::Bilinear).is_err());
        assert!(rgb8(&[0; 6], (2, 1), (0, 1), Filter::Bilinear).is_err());
        assert!(rgb8(&[], (0, 0), (1, 1), Filter::Bilinear).is_err());
    }
}
