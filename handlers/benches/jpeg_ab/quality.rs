//! Quality at equal settings: SSIM on luma against a full-resolution Lanczos3 reference.
//!
//! SSIM (Wang et al. 2004) on BT.601 luma, computed here: 8x8 windows on a stride of 4, the
//! standard constants (K1 = 0.01, K2 = 0.03, L = 255), mean over windows. Both outputs are
//! decoded by the same decoder (libjpeg-turbo), so only the codec under test differs.

use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer, images::Image};
use zune_jpeg::JpegDecoder;
use zune_jpeg::zune_core::bytestream::ZCursor;

/// An RGB raster: (width, height, pixels).
pub type Raster = (u32, u32, Vec<u8>);

/// Decoded by libjpeg-turbo (the reference decoder for both outputs).
pub fn decode(jpeg: &[u8]) -> Raster {
    let image = turbojpeg::decompress(jpeg, turbojpeg::PixelFormat::RGB).unwrap();
    let (w, h) = (image.width, image.height);
    let pixels = image.pixels.chunks(image.pitch).flat_map(|row| &row[..w * 3]).copied().collect();
    (w as u32, h as u32, pixels)
}

/// Decoded by zune-jpeg.
pub fn decode_zune(jpeg: &[u8]) -> Raster {
    let mut decoder = JpegDecoder::new(ZCursor::new(jpeg));
    let pixels = decoder.decode().unwrap();
    let info = decoder.info().unwrap();
    (u32::from(info.width), u32::from(info.height), pixels)
}

/// The source resized with Lanczos3 in one step from full resolution to `width` x `height`
/// (before orientation), then turned as EXIF orientation 6 says.
pub fn reference(full: &Raster, width: u32, height: u32) -> Raster {
    let src = Image::from_vec_u8(full.0, full.1, full.2.clone(), PixelType::U8x3).unwrap();
    let mut dst = Image::new(width, height, PixelType::U8x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new().resize(&src, &mut dst, &options).unwrap();
    turn_clockwise(&(width, height, dst.into_vec()))
}

/// EXIF orientation 6: the left column becomes the top row.
fn turn_clockwise(r: &Raster) -> Raster {
    let (w, h) = (r.0 as usize, r.1 as usize);
    let mut out = vec![0_u8; r.2.len()];
    for y in 0..w {
        for x in 0..h {
            let from = ((h - 1 - x) * w + y) * 3;
            let to = (y * h + x) * 3;
            out[to..to + 3].copy_from_slice(&r.2[from..from + 3]);
        }
    }
    (r.1, r.0, out)
}

fn luma(r: &Raster) -> Vec<f64> {
    r.2.chunks_exact(3)
        .map(|p| 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]))
        .collect()
}

pub fn ssim(a: &Raster, b: &Raster) -> f64 {
    assert_eq!((a.0, a.1), (b.0, b.1), "SSIM needs equal sizes");
    let (ya, yb) = (luma(a), luma(b));
    let (w, h) = (a.0 as usize, a.1 as usize);
    let (c1, c2) = ((0.01_f64 * 255.0).powi(2), (0.03_f64 * 255.0).powi(2));
    let (mut total, mut windows) = (0.0, 0_u32);
    for y0 in (0..=h.saturating_sub(8)).step_by(4) {
        for x0 in (0..=w.saturating_sub(8)).step_by(4) {
            let (mut sa, mut sb, mut saa, mut sbb, mut sab) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for y in y0..y0 + 8 {
                for x in x0..x0 + 8 {
                    let (p, q) = (ya[y * w + x], yb[y * w + x]);
                    sa += p;
                    sb += q;
                    saa += p * p;
                    sbb += q * q;
                    sab += p * q;
                }
            }
            let n = 64.0;
            let (ma, mb) = (sa / n, sb / n);
            let va = saa / n - ma * ma;
            let vb = sbb / n - mb * mb;
            let cov = sab / n - ma * mb;
            total += ((2.0 * ma * mb + c1) * (2.0 * cov + c2))
                / ((ma * ma + mb * mb + c1) * (va + vb + c2));
            windows += 1;
        }
    }
    total / f64::from(windows)
}
