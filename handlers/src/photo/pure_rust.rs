//! The pure-Rust JPEG codec: zune-jpeg decodes, jpeg-encoder encodes. Cargo alone builds it
//! for every target (no cmake, no nasm, wasm included).
//!
//! zune-jpeg has no DCT scaling, so a 12 MP photo is decoded at full size (36 MB of RGB) and
//! resized; that is where its time and memory go (docs/adr/0002). The result has the size the
//! TurboJPEG path's DCT scaling gives, so both paths store images of the same dimensions.
//!
//! Not the default (docs/adr/0002): 2.1x TurboJPEG's import time, and zune-jpeg 0.5.15 misreads
//! jpeg-encoder 0.7.1's stored 1512 x 2016 output (SSIM 0.48 against libjpeg-turbo's decode of
//! the same bytes), which this path's comparison images would show.

use jpeg_encoder::{ChromaSubsamplingMethod, ColorType, Encoder, SamplingFactor};
use photo_check::jpeg::Frame;
use zune_jpeg::JpegDecoder;
use zune_jpeg::errors::DecodeErrors;
use zune_jpeg::zune_core::bytestream::ZCursor;
use zune_jpeg::zune_core::colorspace::ColorSpace;
use zune_jpeg::zune_core::options::DecoderOptions;

use super::raster::Rgb;
use super::{ImportError, scan_check};

/// The declared size from the frame header, refusing CMYK/YCCK and lossless JPEG (what cameras
/// and phones never produce), as the TurboJPEG path does.
pub fn jpeg_size(bytes: &[u8]) -> Result<(u32, u32), ImportError> {
    let frame = photo_check::jpeg::frame(bytes)?;
    check_colour(&frame)?;
    Ok((u32::from(frame.width), u32::from(frame.height)))
}

fn check_colour(frame: &Frame) -> Result<(), ImportError> {
    if frame.components == 4 {
        Err(ImportError::UnsupportedColour("CMYK"))
    } else if frame.is_lossless() {
        Err(ImportError::UnsupportedColour("lossless-JPEG"))
    } else if !matches!(frame.components, 1 | 3) {
        Err(ImportError::Corrupt(format!("{} colour components", frame.components)))
    } else {
        Ok(())
    }
}

/// Decodes a JPEG whose structure and declared size were checked to RGB, at the size
/// [`dct_scaled`] names when that is within `long_edge`, else at full size (the caller fits it).
///
/// Strict mode, and [`scan_check`] first: zune-jpeg fills damaged entropy data with grey and
/// calls it fine (a stray restart marker, a scan that ends early), where libjpeg warns and the
/// TurboJPEG path refuses. The decoder's own size limit is set to
/// the frame's declared size, so nothing can make it allocate more than the checks allowed.
pub fn decode(bytes: &[u8], long_edge: u32) -> Result<Rgb, ImportError> {
    let frame = photo_check::jpeg::frame(bytes)?;
    check_colour(&frame)?;
    scan_check::check(bytes, &frame)?;
    let options = DecoderOptions::default()
        .set_strict_mode(true)
        .set_max_width(usize::from(frame.width))
        .set_max_height(usize::from(frame.height))
        .jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    let pixels = decoder.decode().map_err(decode_error)?;
    let info = decoder.info().ok_or(ImportError::Internal("no JPEG header".into()))?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    if pixels.len() != width as usize * height as usize * 3 {
        return Err(ImportError::Internal("the decoder returned a short raster".into()));
    }
    let full = Rgb { width, height, pixels };
    let (w, h) = dct_scaled(width, height, long_edge);
    if (w, h) != (width, height) && w.max(h) <= long_edge {
        return full.resize_to(w, h);
    }
    Ok(full)
}

/// The size libjpeg-turbo's DCT scaling gives for `long_edge` (see `decode::jpeg`): the
/// smallest n/8 whose long edge is still at least 95 % of `long_edge`, sides rounded up.
pub fn dct_scaled(width: u32, height: u32, long_edge: u32) -> (u32, u32) {
    let wanted = (u64::from(long_edge) * 95).div_ceil(100);
    let long = u64::from(width.max(height));
    let n = (1..=8_u64).find(|n| (long * n).div_ceil(8) >= wanted).unwrap_or(8);
    let side = |s: u32| u32::try_from((u64::from(s) * n).div_ceil(8)).unwrap_or(s);
    (side(width), side(height))
}

fn decode_error(e: DecodeErrors) -> ImportError {
    match e {
        DecodeErrors::ExhaustedData => ImportError::Truncated,
        other => ImportError::Corrupt(other.to_string().chars().take(100).collect()),
    }
}

/// Baseline JPEG, 4:2:0 with box-averaged chroma and optimised Huffman tables, like the
/// TurboJPEG path; jpeg-encoder writes a JFIF header and no other segment.
pub fn encode(raster: &Rgb, quality: i32) -> Result<Vec<u8>, ImportError> {
    let side = |s: u32| u16::try_from(s).map_err(|_| ImportError::Internal("JPEG side".into()));
    let quality = u8::try_from(quality.clamp(1, 100)).unwrap_or(85);
    let mut out = Vec::new();
    let mut encoder = Encoder::new(&mut out, quality);
    encoder.set_sampling_factor(SamplingFactor::R_4_2_0);
    encoder.set_chroma_subsampling_method(ChromaSubsamplingMethod::Average);
    encoder.set_optimized_huffman_tables(true);
    encoder
        .encode(&raster.pixels, side(raster.width)?, side(raster.height)?, ColorType::Rgb)
        .map_err(|e| ImportError::Internal(e.to_string()))?;
    Ok(out)
}
