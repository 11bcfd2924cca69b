//! Photos: signature checks and content-addressed files beside the database.
//!
//! A file is named by the hex SHA-256 of its bytes, so the same photo uploaded twice is stored
//! once and a name can never be chosen by a client (no path traversal). Files are written to a
//! temporary name, synced, renamed and the directory synced, before the row that points at them
//! is committed.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::secrets::sha256_hex;

/// Longest side a photo may claim (an iPhone 48 MP image, 8064×6048, fits).
const MAX_SIDE: u16 = 8192;

/// Why an upload is not an acceptable JPEG.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageRejection {
    /// No bytes.
    #[error("empty file")]
    Empty,
    /// Bytes do not start like a JPEG.
    #[error("not a JPEG image")]
    NotJpeg,
    /// The JPEG structure is broken or has no frame header.
    #[error("malformed JPEG")]
    Malformed,
    /// Width or height 0 or over the limit.
    #[error("image dimensions out of range")]
    Dimensions,
}

/// Checks that the bytes really are a baseline/progressive JPEG with sane dimensions, by
/// walking its marker segments up to the frame header. The `Content-Type` a client sends is
/// never trusted on its own.
pub fn check_jpeg(bytes: &[u8]) -> Result<(u16, u16), ImageRejection> {
    if bytes.is_empty() {
        return Err(ImageRejection::Empty);
    }
    if bytes.len() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8 || bytes[2] != 0xFF {
        return Err(ImageRejection::NotJpeg);
    }
    let mut i = 2;
    loop {
        // Markers may be padded with 0xFF fill bytes.
        if bytes.get(i) != Some(&0xFF) {
            return Err(ImageRejection::Malformed);
        }
        while bytes.get(i) == Some(&0xFF) {
            i += 1;
        }
        let marker = *bytes.get(i).ok_or(ImageRejection::Malformed)?;
        i += 1;
        // Standalone markers carry no length.
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            continue;
        }
        if marker == 0xD9 || marker == 0xDA {
            // End of image or start of scan before any frame header.
            return Err(ImageRejection::Malformed);
        }
        let len_bytes = bytes.get(i..i + 2).ok_or(ImageRejection::Malformed)?;
        let len = usize::from(u16::from_be_bytes([len_bytes[0], len_bytes[1]]));
        if len < 2 || i + len > bytes.len() {
            return Err(ImageRejection::Malformed);
        }
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            let seg = &bytes[i + 2..i + len];
            if seg.len() < 6 {
                return Err(ImageRejection::Malformed);
            }
            let height = u16::from_be_bytes([seg[1], seg[2]]);
            let width = u16::from_be_bytes([seg[3], seg[4]]);
            if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
                return Err(ImageRejection::Dimensions);
            }
            return Ok((width, height));
        }
        i += len;
    }
}

/// Removes metadata a JPEG may carry (EXIF and XMP in APP1, IPTC in APP13, other APPn, comments)
/// and anything after the end-of-image marker (appended ZIPs, polyglot payloads, MPF extras).
/// JFIF (APP0), the ICC profile (APP2) and Adobe colour info (APP14) are kept because they
/// change how the pixels look. Defence in depth: the app is expected to re-encode (which also
/// applies EXIF orientation) before upload; this strip drops orientation, so a photo the app
/// did not re-encode may show rotated. A JPEG without an end-of-image marker (truncated) is
/// refused.
pub fn strip_metadata(bytes: &[u8]) -> Result<Vec<u8>, ImageRejection> {
    check_jpeg(bytes)?;
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut i = 2;
    loop {
        while bytes.get(i) == Some(&0xFF) && bytes.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        if bytes.get(i) != Some(&0xFF) {
            return Err(ImageRejection::Malformed);
        }
        let marker = *bytes.get(i + 1).ok_or(ImageRejection::Malformed)?;
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            out.extend_from_slice(&bytes[i..i + 2]);
            i += 2;
            continue;
        }
        if marker == 0xD9 {
            return Err(ImageRejection::Malformed);
        }
        let len_bytes = bytes.get(i + 2..i + 4).ok_or(ImageRejection::Malformed)?;
        let len = usize::from(u16::from_be_bytes([len_bytes[0], len_bytes[1]]));
        let end = i + 2 + len;
        if len < 2 || end > bytes.len() {
            return Err(ImageRejection::Malformed);
        }
        if marker == 0xDA {
            // Start of scan: entropy-coded data follows, where a literal 0xFF is always
            // followed by 0x00 or a restart/segment marker, so the first FF D9 is the end.
            let eoi = bytes[end..]
                .windows(2)
                .position(|w| w == [0xFF, 0xD9])
                .ok_or(ImageRejection::Malformed)?;
            out.extend_from_slice(&bytes[i..end + eoi + 2]);
            return Ok(out);
        }
        let keep = !matches!(marker, 0xE1 | 0xE3..=0xED | 0xEF | 0xFE);
        if keep {
            out.extend_from_slice(&bytes[i..end]);
        }
        i = end;
    }
}

/// The directory of photo files, named by content hash.
#[derive(Debug, Clone)]
pub struct PhotoStore {
    dir: PathBuf,
}

impl PhotoStore {
    /// Photos for database `db` live in `<db>.photos/` beside it.
    pub fn beside(db: &Path) -> Self {
        let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".photos");
        Self { dir: db.with_file_name(name) }
    }

    /// Creates the directory if needed.
    pub fn ensure_dir(&self) -> std::io::Result<()> {
        fs::create_dir_all(&self.dir)
    }

    /// Writes the bytes durably under their SHA-256 and returns the hash.
    pub fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        let sha = sha256_hex(bytes);
        let path = self.dir.join(format!("{sha}.jpg"));
        if path.exists() {
            return Ok(sha);
        }
        let tmp = self.dir.join(format!("{sha}.tmp-{}", std::process::id()));
        {
            let mut file = fs::File::create(&tmp)?;
            file.write_all(bytes)?;
            file.sync_all()?;
        }
        fs::rename(&tmp, &path)?;
        fs::File::open(&self.dir)?.sync_all()?;
        Ok(sha)
    }

    /// Reads a photo by hash; the hash comes from the database, and is checked to be hex
    /// anyway so no stored value can ever point outside the directory.
    pub fn get(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "bad photo name"));
        }
        fs::read(self.dir.join(format!("{sha256}.jpg")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal JPEG: SOI, APP0, SOF0 (2×3 px), SOS with two data bytes, EOI.
    pub(crate) fn tiny_jpeg() -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8];
        v.extend([0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        v.extend([0xFF, 0xC0, 0x00, 0x0B, 8, 0x00, 0x03, 0x00, 0x02, 1, 1, 0x11, 0]);
        v.extend([0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0, 0x12, 0xFF, 0x00, 0x34]);
        v.extend([0xFF, 0xD9]);
        v
    }

    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let len = u16::try_from(payload.len() + 2).unwrap().to_be_bytes();
        let mut v = vec![0xFF, marker, len[0], len[1]];
        v.extend_from_slice(payload);
        v
    }

    #[test]
    fn strip_removes_exif_xmp_iptc_comments_and_trailers() {
        let jpeg = tiny_jpeg();
        let mut dirty = jpeg[..2].to_vec();
        dirty.extend(segment(0xE1, b"Exif\0\0GPSLatitude 51.5"));
        dirty.extend(segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPS</x:xmpmeta>"));
        dirty.extend(segment(0xED, b"Photoshop 3.0\0IPTC City=London"));
        dirty.extend(segment(0xFE, b"patient jane doe"));
        dirty.extend(segment(0xE2, b"ICC_PROFILE\0keep"));
        dirty.extend_from_slice(&jpeg[2..]);
        dirty.extend(b"PK\x03\x04 appended zip <html>");
        let clean = strip_metadata(&dirty).unwrap();
        for marker in [&b"GPS"[..], b"London", b"jane doe", b"PK\x03\x04", b"<html>"] {
            assert!(!clean.windows(marker.len()).any(|w| w == marker), "{marker:?} kept");
        }
        assert!(clean.windows(11).any(|w| w == b"ICC_PROFILE"), "ICC profile kept");
        assert_eq!(check_jpeg(&clean), Ok((2, 3)));
        assert!(clean.ends_with(&[0xFF, 0xD9]));
        // A clean JPEG comes out unchanged; stripping twice changes nothing more.
        assert_eq!(strip_metadata(&jpeg).unwrap(), jpeg);
        assert_eq!(strip_metadata(&clean).unwrap(), clean);
    }

    #[test]
    fn strip_refuses_a_truncated_jpeg() {
        let jpeg = tiny_jpeg();
        assert_eq!(strip_metadata(&jpeg[..jpeg.len() - 2]), Err(ImageRejection::Malformed));
    }

    #[test]
    fn accepts_a_jpeg_and_reads_its_size() {
        assert_eq!(check_jpeg(&tiny_jpeg()), Ok((2, 3)));
    }

    #[test]
    fn refuses_html_empty_and_truncated() {
        assert_eq!(
            check_jpeg(b"<html><script>alert(1)</script></html>"),
            Err(ImageRejection::NotJpeg)
        );
        assert_eq!(check_jpeg(b""), Err(ImageRejection::Empty));
        let jpeg = tiny_jpeg();
        assert_eq!(check_jpeg(&jpeg[..10]), Err(ImageRejection::Malformed));
        let mut html_after_soi = vec![0xFF, 0xD8, 0xFF];
        html_after_soi.extend(b"<html>");
        assert_eq!(check_jpeg(&html_after_soi), Err(ImageRejection::Malformed));
    }

    #[test]
    fn refuses_huge_dimensions() {
        let mut jpeg = tiny_jpeg();
        // Height field of SOF0 (offset 2 + 18 + 5).
        jpeg[25] = 0xFF;
        jpeg[26] = 0xFF;
        assert_eq!(check_jpeg(&jpeg), Err(ImageRejection::Dimensions));
    }

    #[test]
    fn put_is_content_addressed() {
        let dir = tempfile::tempdir().unwrap();
        let store = PhotoStore::beside(&dir.path().join("clinic.db"));
        store.ensure_dir().unwrap();
        let a = store.put(b"same").unwrap();
        let b = store.put(b"same").unwrap();
        assert_eq!(a, b);
        assert_eq!(store.get(&a).unwrap(), b"same");
        assert!(store.get("../../etc/passwd").is_err());
    }
}
