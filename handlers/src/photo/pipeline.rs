//! File bytes in, stored JPEG and thumbnail out: check, decode, orient, strip, re-encode.

use sha2::{Digest, Sha256};
use turbojpeg::{Compressor, Image, PixelFormat, Subsamp};

use super::exif_meta::{self, CameraFacts};
use photo_check::{Format, Limits, STORED_QUALITY, THUMB_QUALITY};

use super::raster::Rgb;
use super::{ImportError, decode};

/// What a photo becomes. Neither JPEG carries any metadata: they are encoded from pixels.
#[derive(Debug)]
pub struct Processed {
    pub stored: Vec<u8>,
    pub stored_sha256: String,
    pub width: u32,
    pub height: u32,
    pub thumb: Vec<u8>,
    pub thumb_sha256: String,
    pub facts: CameraFacts,
}

/// The cheap checks, run before anything is decoded: size, format, declared dimensions.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<(Format, u32, u32), ImportError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > limits.max_bytes {
        // MiB, like the limit itself (30 MiB was shown as "31 MB" with decimal megabytes).
        return Err(ImportError::TooManyBytes { max_mb: limits.max_bytes / (1024 * 1024) });
    }
    let format = photo_check::sniff(bytes)?;
    let (width, height) = match format {
        Format::Png => photo_check::png_size(bytes)?,
        Format::Jpeg => {
            let header = turbojpeg::read_header(bytes)?;
            decode::check_colour(&header)?;
            let side = |s: usize| u32::try_from(s).unwrap_or(u32::MAX);
            (side(header.width), side(header.height))
        }
    };
    limits.check_dimensions(u64::from(width), u64::from(height))?;
    Ok((format, width, height))
}

/// The whole pipeline.
pub fn process(bytes: &[u8], limits: &Limits) -> Result<Processed, ImportError> {
    let (format, _, _) = check(bytes, limits)?;
    let raster = match format {
        Format::Jpeg => {
            photo_check::jpeg::end(bytes)?;
            decode::jpeg(bytes, limits.stored_long_edge)?
        }
        Format::Png => decode::png(bytes, png_budget(limits))?,
    };
    let facts = exif_meta::read(bytes);
    let stored = raster.fit_within(limits.stored_long_edge)?.orient(facts.orientation);
    let thumb = stored.clone().thumbnail(limits.thumb_long_edge)?;
    let stored_jpeg = encode(&stored, STORED_QUALITY)?;
    let thumb_jpeg = encode(&thumb, THUMB_QUALITY)?;
    Ok(Processed {
        stored_sha256: sha256_hex(&stored_jpeg),
        thumb_sha256: sha256_hex(&thumb_jpeg),
        stored: stored_jpeg,
        width: stored.width,
        height: stored.height,
        thumb: thumb_jpeg,
        facts,
    })
}

/// A thumbnail alone, decoded at the smallest DCT scale that serves it (for benchmarks and
/// for re-making thumbnails).
pub fn thumbnail(bytes: &[u8], limits: &Limits) -> Result<Vec<u8>, ImportError> {
    let (format, _, _) = check(bytes, limits)?;
    let raster = match format {
        Format::Jpeg => {
            photo_check::jpeg::end(bytes)?;
            decode::jpeg(bytes, limits.thumb_long_edge)?
        }
        Format::Png => decode::png(bytes, png_budget(limits))?,
    };
    let facts = exif_meta::read(bytes);
    encode(&raster.thumbnail(limits.thumb_long_edge)?.orient(facts.orientation), THUMB_QUALITY)
}

/// Within the pixel limit, 4 bytes a pixel (plus row filter bytes) is the most an
/// 8-bit-normalised PNG can need; the decoder refuses to allocate more.
fn png_budget(limits: &Limits) -> usize {
    usize::try_from(limits.max_pixels.saturating_mul(4).saturating_add(1 << 20))
        .unwrap_or(usize::MAX)
}

/// Baseline JPEG, 4:2:0, optimised Huffman tables; TurboJPEG writes only a JFIF header.
pub fn encode(raster: &Rgb, quality: i32) -> Result<Vec<u8>, ImportError> {
    let mut compressor = Compressor::new()?;
    compressor.set_quality(quality)?;
    compressor.set_subsamp(Subsamp::Sub2x2)?;
    compressor.set_optimize(true)?;
    let image = Image {
        pixels: raster.pixels.as_slice(),
        width: raster.width as usize,
        pitch: raster.width as usize * 3,
        height: raster.height as usize,
        format: PixelFormat::RGB,
    };
    compressor.compress_to_vec(image).map_err(|e| ImportError::Internal(e.to_string()))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
