//! Limits against huge files and decompression bombs, checked on the header before decoding.
//!
//! `image`'s `Limits::max_alloc` is not enforced on every path (reliability research §3), so
//! the pipeline never relies on a decoder's own budget: it reads the declared dimensions itself
//! and refuses before a single pixel buffer is allocated.

/// What the import accepts and what it produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of the source file (phone JPEGs are 2–12 MB; 30 MB leaves room for 48 MP ones).
    pub max_bytes: u64,
    /// Longest declared side; an iPhone 48 MP photo (8064 x 6048) fits.
    pub max_side: u32,
    /// Declared pixels; bounds the largest raster (a PNG decodes to at most 4 bytes a pixel).
    pub max_pixels: u64,
    /// Long edge of the stored image.
    pub stored_long_edge: u32,
    /// Long edge of the thumbnail.
    pub thumb_long_edge: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 30 * 1024 * 1024,
            max_side: 8_192,
            max_pixels: 50_000_000,
            stored_long_edge: 2_048,
            thumb_long_edge: 384,
        }
    }
}

/// JPEG quality of the stored image. 85 is the usual "visually lossless for photos" point:
/// a 12 MP photo stored at 2016 px is ~0.8 MB (research: 849 KB at 2048 px), 4–5x smaller than
/// the camera file, and skin texture (what the patient compares) stays intact.
pub const STORED_QUALITY: i32 = 85;
/// Thumbnails are only for lists; 80 keeps them ~25 KB.
pub const THUMB_QUALITY: i32 = 80;

impl Limits {
    pub(crate) fn check_dimensions(
        &self,
        width: u64,
        height: u64,
    ) -> Result<(), super::ImportError> {
        let too_many = width == 0
            || height == 0
            || width > u64::from(self.max_side)
            || height > u64::from(self.max_side)
            || width.saturating_mul(height) > self.max_pixels;
        if too_many {
            if width == 0 || height == 0 {
                return Err(super::ImportError::Corrupt("it declares zero pixels".into()));
            }
            return Err(super::ImportError::TooManyPixels {
                width,
                height,
                max_side: self.max_side,
                max_mp: self.max_pixels / 1_000_000,
            });
        }
        Ok(())
    }
}
