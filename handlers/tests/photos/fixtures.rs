//! Bad and good files, made in code.

use afterglow_handlers::photo::testdata::{self, CameraExif};

pub fn camera_exif() -> CameraExif {
    CameraExif {
        orientation: 6,
        date_time_original: "2026:03:08 10:15:00".into(),
        offset_time_original: Some("+01:00".into()),
        gps: Some((51, 0)),
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

pub fn rgb_at(jpeg: &[u8], x: usize, y: usize) -> [u8; 3] {
    let image = turbojpeg::decompress(jpeg, turbojpeg::PixelFormat::RGB).unwrap();
    let at = y * image.pitch + x * 3;
    [image.pixels[at], image.pixels[at + 1], image.pixels[at + 2]]
}
pub fn png_bytes(width: u32, height: u32, color: png::ColorType, depth: png::BitDepth) -> Vec<u8> {
    let channels = match color {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        _ => 4,
    };
    let bytes_per = if depth == png::BitDepth::Sixteen { 2 } else { 1 };
    let data = vec![0x80_u8; (width * height) as usize * channels * bytes_per];
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(color);
    encoder.set_depth(depth);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&data).unwrap();
    writer.finish().unwrap();
    out
}

/// A PNG that declares `width` x `height` (valid CRC) with one tiny compressed row: a bomb.
pub fn png_bomb(width: u32, height: u32) -> Vec<u8> {
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32fast::hash(&body).to_be_bytes());
        out
    };
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    out.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    out.extend(chunk(b"IEND", &[]));
    out
}

/// A small real JPEG whose frame header is rewritten to claim `width` x `height`.
pub fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = testdata::camera_jpeg(64, 48, 90, None);
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
}

pub fn cmyk_jpeg() -> Vec<u8> {
    let pixels = vec![40_u8; 64 * 48 * 4];
    testdata::encode(&pixels, 64, 48, 90, turbojpeg::PixelFormat::CMYK)
}

/// Entropy data with a restart marker where none belongs: structurally complete (ends in EOI),
/// so only the decoder's warning can catch it.
pub fn corrupt_jpeg() -> Vec<u8> {
    let mut jpeg = testdata::camera_jpeg(640, 480, 92, None);
    let sos = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    let middle = sos + (jpeg.len() - sos) / 2;
    jpeg[middle..middle + 2].copy_from_slice(&[0xFF, 0xD5]);
    jpeg
}

pub fn truncated_jpeg() -> Vec<u8> {
    let jpeg = testdata::camera_jpeg(640, 480, 92, None);
    jpeg[..jpeg.len() * 6 / 10].to_vec()
}
