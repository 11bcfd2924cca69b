//! TurboJPEG decoding (at the smallest size that still serves the stored image) and encoding,
//! and PNG decoding, to and from an 8-bit RGB raster.

use std::io::Cursor;

use turbojpeg::{Colorspace, Compressor, Decompressor, Image, PixelFormat, ScalingFactor, Subsamp};

use super::ImportError;
use super::raster::Rgb;

/// Decodes a JPEG whose structure was checked, letting libjpeg-turbo scale in the DCT.
///
/// The DCT scale is the smallest n/8 whose long edge is still at least 95 % of `long_edge`:
/// a 12 MP (4032 px) photo decodes at 1/2 straight to 2016 px, skipping both most of the IDCT
/// work and a resample; anything larger than `long_edge` after that is resized by the caller.
pub fn jpeg(bytes: &[u8], long_edge: u32) -> Result<Rgb, ImportError> {
    let mut decompressor = Decompressor::new()?;
    let header = decompressor.read_header(bytes)?;
    check_colour(&header)?;
    let long = header.width.max(header.height);
    let wanted = (u64::from(long_edge) * 95).div_ceil(100);
    let factor = Decompressor::supported_scaling_factors()
        .into_iter()
        .filter(|f| f.num() <= f.denom())
        .filter(|f| u64::try_from(f.scale(long)).unwrap_or(0) >= wanted)
        .min_by(|a, b| (a.num() * b.denom()).cmp(&(b.num() * a.denom())))
        .unwrap_or(ScalingFactor::ONE);
    decompressor.set_scaling_factor(factor)?;
    let scaled = header.scaled(factor);
    let mut image = Image {
        pixels: vec![0_u8; scaled.width * scaled.height * 3],
        width: scaled.width,
        pitch: scaled.width * 3,
        height: scaled.height,
        format: PixelFormat::RGB,
    };
    decompressor.decompress(bytes, image.as_deref_mut())?;
    Ok(Rgb {
        width: u32::try_from(scaled.width).map_err(|_| ImportError::Internal("width".into()))?,
        height: u32::try_from(scaled.height).map_err(|_| ImportError::Internal("height".into()))?,
        pixels: image.pixels,
    })
}

/// The declared size, after [`check_colour`].
pub fn jpeg_size(bytes: &[u8]) -> Result<(u32, u32), ImportError> {
    let header = turbojpeg::read_header(bytes)?;
    check_colour(&header)?;
    let side = |s: usize| u32::try_from(s).unwrap_or(u32::MAX);
    Ok((side(header.width), side(header.height)))
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

/// Refuses what cameras and phones never produce: CMYK/YCCK (print software) and lossless JPEG.
pub fn check_colour(header: &turbojpeg::DecompressHeader) -> Result<(), ImportError> {
    match header.colorspace {
        Colorspace::CMYK | Colorspace::YCCK => Err(ImportError::UnsupportedColour("CMYK")),
        _ if header.is_lossless => Err(ImportError::UnsupportedColour("lossless-JPEG")),
        _ => Ok(()),
    }
}

/// Decodes a PNG (any bit depth and colour type) to 8-bit RGB; transparency is flattened onto
/// white, as a photo viewer would show it.
pub fn png(bytes: &[u8], max_raster_bytes: usize) -> Result<Rgb, ImportError> {
    let limits = png::Limits { bytes: max_raster_bytes };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    decoder.set_ignore_text_chunk(true);
    let mut reader = decoder.read_info().map_err(png_error)?;
    let size = reader.output_buffer_size().ok_or(ImportError::Corrupt("PNG too large".into()))?;
    let mut buf = vec![0_u8; size];
    let info = reader.next_frame(&mut buf).map_err(png_error)?;
    let channels = match info.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return Err(ImportError::UnsupportedColour("palette")),
    };
    let mut pixels = Vec::with_capacity(info.width as usize * info.height as usize * 3);
    for row in buf.chunks(info.line_size).take(info.height as usize) {
        for px in row.chunks_exact(channels).take(info.width as usize) {
            let (rgb, alpha) = match channels {
                1 => ([px[0]; 3], 255),
                2 => ([px[0]; 3], px[1]),
                3 => ([px[0], px[1], px[2]], 255),
                _ => ([px[0], px[1], px[2]], px[3]),
            };
            pixels.extend(rgb.map(|c| over_white(c, alpha)));
        }
    }
    Ok(Rgb { width: info.width, height: info.height, pixels })
}

fn over_white(c: u8, alpha: u8) -> u8 {
    let (c, a) = (u32::from(c), u32::from(alpha));
    u8::try_from((c * a + 255 * (255 - a) + 127) / 255).unwrap_or(255)
}

fn png_error(e: png::DecodingError) -> ImportError {
    match e {
        png::DecodingError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            ImportError::Truncated
        }
        png::DecodingError::LimitsExceeded => {
            ImportError::Corrupt("PNG too large to decode".into())
        }
        other => ImportError::Corrupt(other.to_string().chars().take(100).collect()),
    }
}
