//! A side-by-side comparison image: two stored photos at the same height, each under its label.

use super::raster::Rgb;
use super::{ImportError, Pipeline, font};

/// Height of each photo in the comparison.
const PANEL_HEIGHT: u32 = 768;
const GAP: usize = 16;
const LABEL_SCALE: usize = 4;
const LABEL_BAND: usize = 7 * LABEL_SCALE + 2 * 12;

/// Renders `before` and `after` (stored JPEG bytes) with their labels as PNG bytes.
pub fn render(
    pipeline: Pipeline,
    before: (&[u8], &str),
    after: (&[u8], &str),
) -> Result<Vec<u8>, ImportError> {
    let left = panel(pipeline, before.0)?;
    let right = panel(pipeline, after.0)?;
    let width = left.width as usize + GAP * 3 + right.width as usize;
    let height = PANEL_HEIGHT as usize + LABEL_BAND + GAP;
    let mut pixels = vec![24_u8; width * height * 3]; // near-black background
    let mut x = GAP;
    for (raster, label) in [(&left, before.1), (&right, after.1)] {
        blit(&mut pixels, width, raster, x, LABEL_BAND);
        let label_x =
            x + (raster.width as usize).saturating_sub(font::text_width(label, LABEL_SCALE)) / 2;
        font::draw(&mut pixels, width, label_x, 12, label, LABEL_SCALE, [255, 255, 255]);
        x += raster.width as usize + GAP;
    }
    encode_png(&pixels, width, height)
}

/// Decodes a stored photo at `PANEL_HEIGHT` pixels high, so both panels line up.
fn panel(pipeline: Pipeline, jpeg: &[u8]) -> Result<Rgb, ImportError> {
    let frame = photo_check::jpeg::frame(jpeg)?;
    let (w, h) = (u64::from(frame.width), u64::from(frame.height.max(1)));
    let width = u32::try_from(w * u64::from(PANEL_HEIGHT) / h).unwrap_or(PANEL_HEIGHT).max(1);
    pipeline.decode_stored(jpeg, width.max(PANEL_HEIGHT))?.resize_to(width, PANEL_HEIGHT)
}

fn blit(dst: &mut [u8], dst_width: usize, src: &Rgb, x: usize, y: usize) {
    let row_bytes = src.width as usize * 3;
    for (row, line) in src.pixels.chunks_exact(row_bytes).enumerate() {
        let at = ((y + row) * dst_width + x) * 3;
        if let Some(target) = dst.get_mut(at..at + row_bytes) {
            target.copy_from_slice(line);
        }
    }
}

fn encode_png(pixels: &[u8], width: usize, height: usize) -> Result<Vec<u8>, ImportError> {
    let internal = |e: png::EncodingError| ImportError::Internal(e.to_string());
    let mut out = Vec::new();
    let w = u32::try_from(width).map_err(|_| ImportError::Internal("width".into()))?;
    let h = u32::try_from(height).map_err(|_| ImportError::Internal("height".into()))?;
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(internal)?;
    writer.write_image_data(pixels).map_err(internal)?;
    writer.finish().map_err(internal)?;
    Ok(out)
}
