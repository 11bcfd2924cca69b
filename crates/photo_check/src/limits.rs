//! Limits against huge files and decompression bombs, checked on the declared size before
//! anything is decoded.
//!
//! `image`'s `Limits::max_alloc` is not enforced on every path (reliability research §3), so
//! no caller relies on a decoder's own budget: the declared dimensions are read here and refused
//! before a single pixel buffer is allocated.

use crate::CheckError;

/// What an import accepts and what it produces.
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

impl Limits {
    /// The limits every shell uses (a const, so the clinic can share `max_side`).
    pub const DEFAULT: Self = Self {
        max_bytes: 30 * 1024 * 1024,
        max_side: 8_192,
        max_pixels: 50_000_000,
        stored_long_edge: 2_048,
        thumb_long_edge: 384,
    };

    /// Refuses zero pixels, a side over `max_side` or more than `max_pixels`.
    pub fn check_dimensions(&self, width: u64, height: u64) -> Result<(), CheckError> {
        if width == 0 || height == 0 {
            return Err(CheckError::ZeroPixels { width, height });
        }
        let too_many = width > u64::from(self.max_side)
            || height > u64::from(self.max_side)
            || width.saturating_mul(height) > self.max_pixels;
        if too_many {
            return Err(CheckError::TooManyPixels {
                width,
                height,
                max_side: self.max_side,
                max_pixels: self.max_pixels,
            });
        }
        Ok(())
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// JPEG quality of the stored image. 85 is the usual "visually lossless for photos" point:
/// a 12 MP photo stored at 2016 px is ~0.8 MB (research: 849 KB at 2048 px), 4–5x smaller than
/// the camera file, and skin texture (what the patient compares) stays intact.
pub const STORED_QUALITY: i32 = 85;
/// Thumbnails are only for lists; 80 keeps them ~25 KB.
pub const THUMB_QUALITY: i32 = 80;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_are_checked_against_the_limits() {
        let limits = Limits::default();
        assert_eq!(limits.check_dimensions(8064, 6048), Ok(()));
        assert_eq!(
            limits.check_dimensions(0, 10),
            Err(CheckError::ZeroPixels { width: 0, height: 10 })
        );
        let over = |width, height| CheckError::TooManyPixels {
            width,
            height,
            max_side: 8_192,
            max_pixels: 50_000_000,
        };
        assert_eq!(limits.check_dimensions(8193, 10), Err(over(8193, 10)));
        assert_eq!(limits.check_dimensions(8000, 8000), Err(over(8000, 8000)));
        assert_eq!(limits.check_dimensions(u64::MAX, u64::MAX), Err(over(u64::MAX, u64::MAX)));
    }
}
