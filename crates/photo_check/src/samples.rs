//! Hand-made JPEG bytes for tests here and in the crates that use these checks (feature
//! `samples`), so every test walks the same minimal files.

/// A minimal JPEG: SOI, APP0 (JFIF), SOF0 (2 × 3 px), SOS with two data bytes, EOI.
pub fn tiny_jpeg() -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8];
    v.extend([0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
    v.extend([0xFF, 0xC0, 0x00, 0x0B, 8, 0x00, 0x03, 0x00, 0x02, 1, 1, 0x11, 0]);
    v.extend([0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0, 0x12, 0xFF, 0x00, 0x34]);
    v.extend([0xFF, 0xD9]);
    v
}

/// One JPEG segment: marker, big-endian length (payload + 2), payload.
pub fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let len = u16::try_from(payload.len() + 2).unwrap_or(u16::MAX).to_be_bytes();
    let mut v = vec![0xFF, marker, len[0], len[1]];
    v.extend_from_slice(payload);
    v
}

/// SOI, an APP0 segment, then a baseline SOF0 of 3 × 2 with `components`, then EOI.
pub fn with_frame(components: u8) -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
    b.extend([0xFF, 0xC0, 0x00, 8 + 3 * components, 8, 0x00, 0x02, 0x00, 0x03, components]);
    for c in 0..components {
        b.extend([c + 1, 0x11, 0x00]);
    }
    b.extend([0xFF, 0xD9]);
    b
}
