//! Hostile files and database damage, made in code.

use std::path::Path;

pub fn empty() -> Vec<u8> {
    Vec::new()
}

pub fn random_bytes() -> Vec<u8> {
    let mut state = 0x9E37_79B9_u32;
    (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state >> 24) as u8 | 0x80 // high bit set: never valid ASCII/UTF-8 text
        })
        .collect()
}

pub fn html() -> Vec<u8> {
    b"<html><body><img src=x onerror=alert(1)></body></html>".to_vec()
}

pub fn svg() -> Vec<u8> {
    br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.to_vec()
}

pub fn pdf() -> Vec<u8> {
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// The start of an ISO-BMFF HEIC file as iPhones write it.
pub fn heic() -> Vec<u8> {
    let mut v = vec![0, 0, 0, 0x18];
    v.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    v.resize(2048, 0);
    v
}

fn good_jpeg() -> Vec<u8> {
    afterglow_handlers::photo::testdata::seeded_jpeg(64, 48, 11)
}

pub fn truncated_jpeg() -> Vec<u8> {
    let mut jpeg = good_jpeg();
    jpeg.truncate(jpeg.len() * 2 / 3);
    jpeg
}

/// A JPEG whose frame header (SOF0) declares 65000x65000 pixels.
pub fn huge_dimensions_jpeg() -> Vec<u8> {
    let mut jpeg = good_jpeg();
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 9].copy_from_slice(&[0xFD, 0xE8, 0xFD, 0xE8]);
    jpeg
}

/// A PNG header declaring 20000x20000 (the pixel data would inflate to 1.2 GB).
pub fn png_bomb() -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(20_000_u32.to_be_bytes());
    ihdr.extend(20_000_u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    v.extend(13_u32.to_be_bytes());
    v.extend(&ihdr);
    v.extend(crc32(&ihdr).to_be_bytes());
    v.resize(4096, 0);
    v
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFF_u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A real JPEG start followed by padding to 31 MB.
pub fn oversize() -> Vec<u8> {
    let mut v = good_jpeg();
    v.resize(31 * 1024 * 1024, 0);
    v
}

pub fn utf16_json() -> Vec<u8> {
    let text = r#"{"format": 1}"#;
    let mut v = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        v.extend(unit.to_le_bytes());
    }
    v
}

pub fn deep_json() -> Vec<u8> {
    let mut v = "[".repeat(10_000).into_bytes();
    v.extend("]".repeat(10_000).into_bytes());
    v
}

pub fn wrong_shape_json() -> Vec<u8> {
    br#"{"format": "one", "phases": 7, "extra": null}"#.to_vec()
}

fn db(dir: &Path) -> std::path::PathBuf {
    dir.join("afterglow.db")
}

pub fn corrupt_header(dir: &Path) {
    let mut bytes = std::fs::read(db(dir)).unwrap();
    bytes[..16].copy_from_slice(b"garbage garbage!");
    std::fs::write(db(dir), bytes).unwrap();
}

/// Half the pages gone, the header intact.
pub fn truncate_db(dir: &Path) {
    let bytes = std::fs::read(db(dir)).unwrap();
    std::fs::write(db(dir), &bytes[..bytes.len() / 2]).unwrap();
}

/// Another app's SQLite file where ours should be.
pub fn foreign_sqlite(dir: &Path) {
    std::fs::remove_file(db(dir)).unwrap();
    let conn = rusqlite::Connection::open(db(dir)).unwrap();
    conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
        .unwrap();
}

/// Our database, as a later version with more migrations left it.
pub fn newer_version(dir: &Path) {
    let conn = rusqlite::Connection::open(db(dir)).unwrap();
    conn.execute_batch("PRAGMA user_version = 999;").unwrap();
}

pub fn db_is_directory(dir: &Path) {
    std::fs::remove_file(db(dir)).unwrap();
    std::fs::create_dir(db(dir)).unwrap();
    std::fs::write(db(dir).join("keep"), b"x").unwrap();
}
