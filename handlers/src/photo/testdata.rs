//! Deterministic camera-style test photos, made in code (no third-party images in the repo):
//! used by the tests, the benchmark and anyone reproducing a bug.

use turbojpeg::{Compressor, Image, PixelFormat, Subsamp};

/// What the fake camera writes into the EXIF block.
#[derive(Clone, Debug)]
pub struct CameraExif {
    pub orientation: u16,
    /// `YYYY:MM:DD HH:MM:SS`
    pub date_time_original: String,
    /// `+HH:MM`, or `None` for cameras that do not write it.
    pub offset_time_original: Option<String>,
    /// Latitude/longitude in whole degrees (written as GPS rationals with N/W refs).
    pub gps: Option<(u32, u32)>,
}

/// An RGB raster with smooth gradients, sensor-like noise and a pure red 1/8-size marker in
/// the top-left corner of the *sensor* image (so tests can see where orientation moved it).
pub fn pixels(width: usize, height: usize, seed: u32) -> Vec<u8> {
    let mut state = seed | 1;
    let mut noise = move || {
        // xorshift32: deterministic, fast, good enough for texture.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        (state % 17) as i32 - 8
    };
    let mut out = Vec::with_capacity(width * height * 3);
    let (mw, mh) = (width / 8, height / 8);
    for y in 0..height {
        for x in 0..width {
            if x < mw && y < mh {
                out.extend([255, 0, 0]);
                continue;
            }
            let base = [
                (x * 200 / width.max(1)) as i32 + 30,
                (y * 180 / height.max(1)) as i32 + 40,
                ((x + y) * 120 / (width + height).max(1)) as i32 + 90,
            ];
            for c in base {
                out.push((c + noise()).clamp(0, 255) as u8);
            }
        }
    }
    out
}

/// A baseline JPEG at `quality`, 4:2:0, with the camera's EXIF (APP1), an XMP packet naming
/// a GPS position and a JPEG comment, as phones and editors leave them.
/// A small JPEG whose pixels (and so bytes) differ for each `seed`.
pub fn seeded_jpeg(width: usize, height: usize, seed: u32) -> Vec<u8> {
    encode(&pixels(width, height, seed), width, height, 85, PixelFormat::RGB)
}

pub fn camera_jpeg(
    width: usize,
    height: usize,
    quality: i32,
    exif: Option<&CameraExif>,
) -> Vec<u8> {
    let raster = pixels(width, height, 7);
    let jpeg = encode(&raster, width, height, quality, PixelFormat::RGB);
    let Some(exif) = exif else { return jpeg };
    let mut segments = Vec::new();
    segments.extend(app_segment(0xE1, &exif_block(exif)));
    segments.extend(app_segment(0xE1, XMP));
    segments.extend(app_segment(0xFE, b"patient jane doe"));
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend(segments);
    out.extend(&jpeg[2..]);
    out
}

/// The benchmarks' photo, written into `dir`: 4032×3024 (a 12 MP phone camera) at quality 92,
/// rotated by EXIF (orientation 6), with a date, a GPS position and a comment to strip.
pub fn benchmark_photo(dir: &std::path::Path) -> std::path::PathBuf {
    let exif = CameraExif {
        orientation: 6,
        date_time_original: "2026:03:10 11:00:00".into(),
        offset_time_original: Some("+00:00".into()),
        gps: Some((51, 0)),
    };
    let path = dir.join("IMG_4032x3024.JPG");
    std::fs::write(&path, camera_jpeg(4032, 3024, 92, Some(&exif))).expect("write the photo");
    path
}

/// A plain import of `source`: no session, day or area, dated at import time.
pub fn import_request(source: &std::path::Path) -> shared::effects::photo::PhotoImport {
    shared::effects::photo::PhotoImport {
        source: source.display().to_string(),
        taken_utc_ms: 0,
        taken_source: shared::journal::TakenSource::ImportTime,
        session_id: None,
        day_index: None,
        area: None,
        note: None,
    }
}

/// An XMP packet with a GPS position, as Lightroom and phones write them.
pub const XMP: &[u8] = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" exif:GPSLatitude=\"51,30.0N\" exif:GPSLongitude=\"0,7.0W\"/></rdf:RDF></x:xmpmeta>";

/// Encodes raw pixels with TurboJPEG (RGB or CMYK).
pub fn encode(
    pixels: &[u8],
    width: usize,
    height: usize,
    quality: i32,
    format: PixelFormat,
) -> Vec<u8> {
    let mut compressor = Compressor::new().expect("turbojpeg");
    compressor.set_quality(quality).expect("quality");
    compressor.set_subsamp(Subsamp::Sub2x2).expect("subsamp");
    let image = Image { pixels, width, pitch: width * format.size(), height, format };
    compressor.compress_to_vec(image).expect("encode")
}

fn app_segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let len = u16::try_from(payload.len() + 2).expect("segment fits");
    let mut out = vec![0xFF, marker];
    out.extend(len.to_be_bytes());
    out.extend(payload);
    out
}

/// `Exif\0\0` + a little-endian TIFF: IFD0 (Orientation, Make, Exif and GPS pointers),
/// the Exif IFD (DateTimeOriginal, OffsetTimeOriginal) and the GPS IFD.
fn exif_block(exif: &CameraExif) -> Vec<u8> {
    struct Entry {
        tag: u16,
        kind: u16,
        count: u32,
        data: Vec<u8>,
    }
    let ascii = |tag, s: &str| {
        let mut data = s.as_bytes().to_vec();
        data.push(0);
        Entry { tag, kind: 2, count: data.len() as u32, data }
    };
    let short = |tag, v: u16| Entry { tag, kind: 3, count: 1, data: v.to_le_bytes().to_vec() };
    let long = |tag, v: u32| Entry { tag, kind: 4, count: 1, data: v.to_le_bytes().to_vec() };
    let degrees = |tag, d: u32| {
        let mut data = Vec::new();
        for (n, den) in [(d, 1_u32), (30, 1), (0, 1)] {
            data.extend(n.to_le_bytes());
            data.extend(den.to_le_bytes());
        }
        Entry { tag, kind: 5, count: 3, data }
    };
    // Lays out one IFD at `offset`, values that do not fit in 4 bytes right after it.
    let layout = |entries: &[Entry], offset: u32| -> Vec<u8> {
        let table = 2 + entries.len() as u32 * 12 + 4;
        let mut extra_at = offset + table;
        let mut head = (entries.len() as u16).to_le_bytes().to_vec();
        let mut extra = Vec::new();
        for e in entries {
            head.extend(e.tag.to_le_bytes());
            head.extend(e.kind.to_le_bytes());
            head.extend(e.count.to_le_bytes());
            if e.data.len() <= 4 {
                let mut inline = e.data.clone();
                inline.resize(4, 0);
                head.extend(inline);
            } else {
                head.extend(extra_at.to_le_bytes());
                extra.extend(&e.data);
                if extra.len() % 2 == 1 {
                    extra.push(0);
                }
                extra_at = offset + table + extra.len() as u32;
            }
        }
        head.extend(0_u32.to_le_bytes()); // no next IFD
        head.extend(extra);
        head
    };
    let mut exif_entries = vec![ascii(0x9003, &exif.date_time_original)];
    if let Some(offset) = &exif.offset_time_original {
        exif_entries.push(ascii(0x9011, offset));
    }
    let gps_entries = exif.gps.map(|(lat, lon)| {
        vec![ascii(0x0001, "N"), degrees(0x0002, lat), ascii(0x0003, "W"), degrees(0x0004, lon)]
    });
    // IFD0 size is known from its entry count, so the sub-IFD offsets can be computed first.
    let has_gps = gps_entries.is_some();
    let ifd0_len = |exif_ptr: u32, gps_ptr: u32| {
        let mut entries = vec![
            ascii(0x010F, "AfterglowTestCam"),
            short(0x0112, exif.orientation),
            long(0x8769, exif_ptr),
        ];
        if has_gps {
            entries.push(long(0x8825, gps_ptr));
        }
        layout(&entries, 8)
    };
    let exif_at = 8 + ifd0_len(0, 0).len() as u32;
    let exif_ifd = layout(&exif_entries, exif_at);
    let gps_at = exif_at + exif_ifd.len() as u32;
    let gps_ifd = gps_entries.map(|e| layout(&e, gps_at)).unwrap_or_default();
    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    tiff.extend(ifd0_len(exif_at, gps_at));
    tiff.extend(exif_ifd);
    tiff.extend(gps_ifd);
    let mut out = b"Exif\0\0".to_vec();
    out.extend(tiff);
    out
}
