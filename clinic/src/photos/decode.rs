//! Review M6: the header walk (`check_jpeg`) proves only that a file looks like a JPEG; a
//! 49-byte file can claim 8064×6048 and a 15 MiB file can be zeros after a valid header.
//! Every upload is therefore decoded in full by a pure-Rust decoder (zune-jpeg, the one the
//! app's pure-Rust pipeline uses) before it is stored, and refused unless every pixel decodes.

use photo_check::Limits;
use tokio::sync::Semaphore;
use zune_jpeg::JpegDecoder;
use zune_jpeg::zune_core::bytestream::ZCursor;
use zune_jpeg::zune_core::colorspace::ColorSpace;
use zune_jpeg::zune_core::options::DecoderOptions;

use super::ImageRejection;

/// No baseline or progressive encoder spends more than about 4 bytes a pixel even on noise at
/// quality 100; twice that, plus room for headers (ICC profiles, tables), is the most a
/// real photo of this size can weigh. A decoder stops when it has every pixel, so without this
/// a 2×3 image followed by 15 MiB of zeros would decode and be stored.
const MAX_BYTES_PER_PIXEL: u64 = 8;
const HEADER_ALLOWANCE: u64 = 256 * 1024;

/// Decodes at once: a 48 MP photo needs about 146 MB of raster, so two at a time bound the
/// server's memory whatever the number of uploads in flight.
pub static DECODE_PERMITS: Semaphore = Semaphore::const_new(2);

/// Decodes the whole image (strict mode: zune-jpeg otherwise fills damaged data with grey and
/// calls it fine) and checks the raster is complete. The decoder's size limits are the
/// frame's declared size, already checked against `max_side`, and the declared pixel count
/// is checked against `max_pixels` first, so no file can make it allocate more.
pub fn decode_fully(bytes: &[u8]) -> Result<(), ImageRejection> {
    let frame = photo_check::jpeg::frame(bytes).map_err(|_| ImageRejection::Malformed)?;
    let (width, height) = (usize::from(frame.width), usize::from(frame.height));
    let pixels = (width * height) as u64;
    if pixels > Limits::DEFAULT.max_pixels {
        return Err(ImageRejection::Dimensions);
    }
    if bytes.len() as u64 > pixels * MAX_BYTES_PER_PIXEL + HEADER_ALLOWANCE {
        return Err(ImageRejection::Padded);
    }
    let options = DecoderOptions::default()
        .set_strict_mode(true)
        .set_max_width(width)
        .set_max_height(height)
        .jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    let raster = decoder.decode().map_err(|_| ImageRejection::Undecodable)?;
    if raster.len() != width * height * 3 {
        return Err(ImageRejection::Undecodable);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_claiming_a_huge_image_over_nothing_is_refused() {
        // SOI, SOF0 claiming 8064×6048 with 3 components, SOS, EOI: passes the header walk.
        let mut claim = vec![0xFF, 0xD8];
        claim.extend([0xFF, 0xC0, 0x00, 0x11, 8, 0x17, 0xA0, 0x1F, 0x80, 3]);
        claim.extend([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        claim.extend([0xFF, 0xDA, 0x00, 0x0C, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0]);
        claim.extend([0xFF, 0xD9]);
        assert!(claim.len() < 50);
        assert_eq!(super::super::check_jpeg(&claim), Ok((8064, 6048)));
        assert_eq!(decode_fully(&claim), Err(ImageRejection::Undecodable));
    }

    #[test]
    fn zeros_behind_a_valid_header_are_refused() {
        let mut zeros = photo_check::samples::tiny_jpeg();
        let eoi = zeros.len() - 2;
        zeros.splice(eoi..eoi, std::iter::repeat_n(0, 1 << 20));
        assert_eq!(decode_fully(&zeros), Err(ImageRejection::Padded));
    }
}
