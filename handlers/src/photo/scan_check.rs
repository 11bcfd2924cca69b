//! Damage that libjpeg reports (as the warnings the TurboJPEG path turns into errors) but
//! zune-jpeg, even in strict mode, decodes as grey: found here from the scan data's structure,
//! before the pure-Rust path decodes.

use photo_check::jpeg::{Frame, Piece};

use super::ImportError;

/// Restart markers only where a restart interval is declared and in their cyclic order, and
/// at least one bit of entropy data per 8x8 luma block (every Huffman-coded block costs at
/// least its DC code), so a small image whose frame header claims a large one is refused.
pub fn check(bytes: &[u8], frame: &Frame) -> Result<(), ImportError> {
    let mut interval = 0_u16;
    let mut scan_bytes = 0_u64;
    for piece in photo_check::jpeg::segments(bytes) {
        let (piece, range) = piece?;
        match piece {
            Piece::Segment { marker: 0xDD } => {
                let payload = bytes.get(range.start + 4..range.end).unwrap_or_default();
                let [high, low, ..] = *payload else {
                    return Err(ImportError::Corrupt("a short restart interval segment".into()));
                };
                interval = u16::from_be_bytes([high, low]);
            }
            Piece::Segment { marker: 0xD9 } => break,
            Piece::ScanData => {
                let data = bytes.get(range).unwrap_or_default();
                scan_bytes += data.len() as u64;
                restarts_in_order(data, interval)?;
            }
            Piece::Segment { .. } => {}
        }
    }
    let blocks = u64::from(frame.width).div_ceil(8) * u64::from(frame.height).div_ceil(8);
    // Arithmetic coding (SOF9 and up) can spend less than a bit on a block.
    let huffman = frame.marker < 0xC8;
    if huffman && scan_bytes * 8 < blocks {
        return Err(ImportError::Truncated);
    }
    Ok(())
}

fn restarts_in_order(data: &[u8], interval: u16) -> Result<(), ImportError> {
    let mut expected = 0xD0_u8;
    for pair in data.windows(2) {
        if let [0xFF, marker @ 0xD0..=0xD7] = *pair {
            if interval == 0 {
                return Err(ImportError::Corrupt("a restart marker where none belongs".into()));
            }
            if marker != expected {
                return Err(ImportError::Corrupt("restart markers out of order".into()));
            }
            expected = 0xD0 + (marker - 0xCF) % 8;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restart_markers_need_an_interval_and_their_order() {
        let scan = [0x12, 0xFF, 0xD0, 0x34, 0xFF, 0xD1, 0xFF, 0x00, 0x56];
        assert!(restarts_in_order(&scan, 4).is_ok());
        assert!(restarts_in_order(&scan, 0).is_err());
        assert!(restarts_in_order(&[0xFF, 0xD1], 4).is_err());
        let cycle: Vec<u8> = (0..10).flat_map(|i| [0x11, 0xFF, 0xD0 + i % 8]).collect();
        assert!(restarts_in_order(&cycle, 1).is_ok());
    }
}
