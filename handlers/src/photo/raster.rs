//! An 8-bit RGB raster and the two things done to it: resizing and EXIF orientation.

use afterglow_resample::Filter;

use super::ImportError;

/// Tightly packed 8-bit RGB, row-major.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rgb {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl Rgb {
    pub fn long_edge(&self) -> u32 {
        self.width.max(self.height)
    }

    /// Scales down (Lanczos3, afterglow_resample) so the long edge is at most
    /// `long_edge`; a raster already small enough is returned as is (never scaled up).
    pub fn fit_within(self, long_edge: u32) -> Result<Rgb, ImportError> {
        self.fit_with(long_edge, Filter::Lanczos3)
    }

    /// Like [`Rgb::fit_within`] with a cheaper antialiasing filter: bilinear convolution (an
    /// area average at this scale) has a third of Lanczos3's taps, and at 384 px a thumbnail
    /// shows no difference; it was ~10 % of an import's CPU with Lanczos3 (perf).
    pub fn thumbnail(self, long_edge: u32) -> Result<Rgb, ImportError> {
        self.fit_with(long_edge, Filter::Bilinear)
    }

    fn fit_with(self, long_edge: u32, filter: Filter) -> Result<Rgb, ImportError> {
        if self.long_edge() <= long_edge {
            return Ok(self);
        }
        let (width, height) = fit(self.width, self.height, long_edge);
        self.resize_with(width, height, filter)
    }

    /// Resamples to exactly `width` x `height` (Lanczos3), up or down.
    pub fn resize_to(self, width: u32, height: u32) -> Result<Rgb, ImportError> {
        self.resize_with(width, height, Filter::Lanczos3)
    }

    fn resize_with(self, width: u32, height: u32, filter: Filter) -> Result<Rgb, ImportError> {
        if (width, height) == (self.width, self.height) {
            return Ok(self);
        }
        let pixels = afterglow_resample::rgb8(
            &self.pixels,
            (self.width, self.height),
            (width, height),
            filter,
        )
        .map_err(|e| ImportError::Internal(e.to_string()))?;
        Ok(Rgb { width, height, pixels })
    }

    /// Turns the pixels the way EXIF orientation `o` (1–8) says the camera was held, so the
    /// stored image needs no orientation tag.
    pub fn orient(self, o: u8) -> Rgb {
        if !(2..=8).contains(&o) {
            return self;
        }
        let (w, h) = (self.width as usize, self.height as usize);
        let swap = o >= 5;
        let (out_w, out_h) = if swap { (h, w) } else { (w, h) };
        let mut out = vec![0_u8; self.pixels.len()];
        for y in 0..out_h {
            for x in 0..out_w {
                // Where the displayed pixel (x, y) comes from in the stored one.
                let (sx, sy) = match o {
                    2 => (w - 1 - x, y),
                    3 => (w - 1 - x, h - 1 - y),
                    4 => (x, h - 1 - y),
                    5 => (y, x),
                    6 => (y, h - 1 - x),
                    7 => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x), // 8
                };
                let from = (sy * w + sx) * 3;
                let to = (y * out_w + x) * 3;
                out[to..to + 3].copy_from_slice(&self.pixels[from..from + 3]);
            }
        }
        let (width, height) =
            if swap { (self.height, self.width) } else { (self.width, self.height) };
        Rgb { width, height, pixels: out }
    }
}

/// The size with the same aspect whose long edge is `long_edge` (each side at least 1).
pub fn fit(width: u32, height: u32, long_edge: u32) -> (u32, u32) {
    let scale = |side: u32, long: u32| {
        let scaled =
            (u64::from(side) * u64::from(long_edge) + u64::from(long) / 2) / u64::from(long);
        u32::try_from(scaled).unwrap_or(long_edge).max(1)
    };
    if width >= height {
        (long_edge, scale(height, width))
    } else {
        (scale(width, height), long_edge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3x2 raster whose pixel values are their own index.
    fn numbered() -> Rgb {
        Rgb { width: 3, height: 2, pixels: (0..6).flat_map(|i| [i, i, i]).collect() }
    }

    fn grey(r: &Rgb) -> Vec<u8> {
        r.pixels.chunks(3).map(|p| p[0]).collect()
    }

    #[test]
    fn orientations_match_the_exif_definitions() {
        // Stored:  0 1 2 / 3 4 5
        assert_eq!(grey(&numbered().orient(1)), [0, 1, 2, 3, 4, 5]);
        assert_eq!(grey(&numbered().orient(2)), [2, 1, 0, 5, 4, 3]);
        assert_eq!(grey(&numbered().orient(3)), [5, 4, 3, 2, 1, 0]);
        assert_eq!(grey(&numbered().orient(4)), [3, 4, 5, 0, 1, 2]);
        assert_eq!(grey(&numbered().orient(5)), [0, 3, 1, 4, 2, 5]);
        // 6: the camera was turned clockwise: the left column becomes the top row.
        assert_eq!(grey(&numbered().orient(6)), [3, 0, 4, 1, 5, 2]);
        assert_eq!(grey(&numbered().orient(7)), [5, 2, 4, 1, 3, 0]);
        assert_eq!(grey(&numbered().orient(8)), [2, 5, 1, 4, 0, 3]);
        let turned = numbered().orient(6);
        assert_eq!((turned.width, turned.height), (2, 3));
    }

    #[test]
    fn fitting_keeps_the_aspect() {
        assert_eq!(fit(4032, 3024, 384), (384, 288));
        assert_eq!(fit(3024, 4032, 384), (288, 384));
        assert_eq!(fit(10_000, 1, 384), (384, 1));
    }
}
