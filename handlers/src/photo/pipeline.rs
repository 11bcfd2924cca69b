//! File bytes in, stored JPEG and thumbnail out: check, decode, orient, strip, re-encode.
//!
//! The JPEG steps go through a [`Pipeline`] so the same checks, orientation, resizing and
//! hashing wrap either JPEG codec (docs/adr/0002 records how they were compared).

use sha2::{Digest, Sha256};

use super::exif_meta::{self, CameraFacts};
use photo_check::{Format, Limits, STORED_QUALITY, THUMB_QUALITY};

#[cfg(feature = "pure-rust-jpeg")]
use super::pure_rust;
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

/// Which JPEG codec decodes the source and encodes the results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pipeline {
    /// libjpeg-turbo (C, built with cmake + nasm), decoding with DCT scaling.
    #[default]
    TurboJpeg,
    /// zune-jpeg (full-size decode) and jpeg-encoder: cargo alone builds it, wasm included.
    /// Only with the `pure-rust-jpeg` feature (off in the mobile library).
    #[cfg(feature = "pure-rust-jpeg")]
    PureRust,
}

impl Pipeline {
    /// Declared JPEG size, refusing colour types cameras never write.
    fn jpeg_size(self, bytes: &[u8]) -> Result<(u32, u32), ImportError> {
        match self {
            Self::TurboJpeg => decode::jpeg_size(bytes),
            #[cfg(feature = "pure-rust-jpeg")]
            Self::PureRust => pure_rust::jpeg_size(bytes),
        }
    }

    /// Decodes a structurally complete JPEG; the result may still be larger than `long_edge`.
    fn decode_jpeg(self, bytes: &[u8], long_edge: u32) -> Result<Rgb, ImportError> {
        match self {
            Self::TurboJpeg => decode::jpeg(bytes, long_edge),
            #[cfg(feature = "pure-rust-jpeg")]
            Self::PureRust => pure_rust::decode(bytes, long_edge),
        }
    }

    /// Baseline JPEG, 4:2:0, optimised Huffman tables, no metadata segment.
    pub fn encode(self, raster: &Rgb, quality: i32) -> Result<Vec<u8>, ImportError> {
        match self {
            Self::TurboJpeg => decode::encode(raster, quality),
            #[cfg(feature = "pure-rust-jpeg")]
            Self::PureRust => pure_rust::encode(raster, quality),
        }
    }

    /// The cheap checks, run before anything is decoded: size, format, declared dimensions.
    pub fn check(self, bytes: &[u8], limits: &Limits) -> Result<(Format, u32, u32), ImportError> {
        let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if size > limits.max_bytes {
            // MiB, like the limit itself (30 MiB was shown as "31 MB" with decimal megabytes).
            return Err(ImportError::TooManyBytes { max_mb: limits.max_bytes / (1024 * 1024) });
        }
        let format = photo_check::sniff(bytes)?;
        let (width, height) = match format {
            Format::Png => photo_check::png_size(bytes)?,
            Format::Jpeg => self.jpeg_size(bytes)?,
        };
        limits.check_dimensions(u64::from(width), u64::from(height))?;
        Ok((format, width, height))
    }

    /// Checks, then decodes to a raster at least `long_edge` long (when the source is).
    fn decode(self, bytes: &[u8], limits: &Limits, long_edge: u32) -> Result<Rgb, ImportError> {
        let (format, _, _) = self.check(bytes, limits)?;
        match format {
            Format::Jpeg => {
                photo_check::jpeg::end(bytes)?;
                self.decode_jpeg(bytes, long_edge)
            }
            Format::Png => decode::png(bytes, png_budget(limits)),
        }
    }

    /// The whole pipeline.
    pub fn process(self, bytes: &[u8], limits: &Limits) -> Result<Processed, ImportError> {
        let raster = self.decode(bytes, limits, limits.stored_long_edge)?;
        let facts = exif_meta::read(bytes);
        let stored = raster.fit_within(limits.stored_long_edge)?.orient(facts.orientation);
        let thumb = stored.clone().thumbnail(limits.thumb_long_edge)?;
        let stored_jpeg = self.encode(&stored, STORED_QUALITY)?;
        let thumb_jpeg = self.encode(&thumb, THUMB_QUALITY)?;
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

    /// A thumbnail alone, decoded as small as the codec can (for benchmarks and for
    /// re-making thumbnails).
    pub fn thumbnail(self, bytes: &[u8], limits: &Limits) -> Result<Vec<u8>, ImportError> {
        let raster = self.decode(bytes, limits, limits.thumb_long_edge)?;
        let facts = exif_meta::read(bytes);
        let thumb = raster.thumbnail(limits.thumb_long_edge)?.orient(facts.orientation);
        self.encode(&thumb, THUMB_QUALITY)
    }

    /// Decodes stored JPEG bytes (ours, already checked at import) at least `long_edge` long.
    pub fn decode_stored(self, bytes: &[u8], long_edge: u32) -> Result<Rgb, ImportError> {
        self.decode_jpeg(bytes, long_edge)
    }
}

/// The whole pipeline with the default codec.
pub fn process(bytes: &[u8], limits: &Limits) -> Result<Processed, ImportError> {
    Pipeline::default().process(bytes, limits)
}

/// A thumbnail alone with the default codec.
pub fn thumbnail(bytes: &[u8], limits: &Limits) -> Result<Vec<u8>, ImportError> {
    Pipeline::default().thumbnail(bytes, limits)
}

/// Within the pixel limit, 4 bytes a pixel (plus row filter bytes) is the most an
/// 8-bit-normalised PNG can need; the decoder refuses to allocate more.
fn png_budget(limits: &Limits) -> usize {
    usize::try_from(limits.max_pixels.saturating_mul(4).saturating_add(1 << 20))
        .unwrap_or(usize::MAX)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
