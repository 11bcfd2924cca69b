//! Photos: signature checks and content-addressed files beside the database.
//!
//! A file is named by the hex SHA-256 of its bytes, so the same photo uploaded twice is stored
//! once and a name can never be chosen by a client (no path traversal). Files are written to a
//! temporary name, synced, renamed and the directory synced, before the row that points at them
//! is committed.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use photo_check::{CheckError, Format, Limits};

use crate::secrets::sha256_hex;

/// Longest side a photo may claim: the app's own limit (an iPhone 48 MP image, 8064×6048, fits).
const MAX_SIDE: u32 = Limits::DEFAULT.max_side;

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
/// walking its marker segments up to the frame header (`photo_check`). The `Content-Type` a
/// client sends is never trusted on its own.
pub fn check_jpeg(bytes: &[u8]) -> Result<(u16, u16), ImageRejection> {
    match photo_check::sniff(bytes) {
        Err(CheckError::Empty) => return Err(ImageRejection::Empty),
        Ok(Format::Jpeg) if bytes.len() >= 4 => {}
        _ => return Err(ImageRejection::NotJpeg),
    }
    let frame = photo_check::jpeg::frame(bytes).map_err(|_| ImageRejection::Malformed)?;
    let (width, height) = (frame.width, frame.height);
    let side_ok = |side: u16| side != 0 && u32::from(side) <= MAX_SIDE;
    if !side_ok(width) || !side_ok(height) {
        return Err(ImageRejection::Dimensions);
    }
    Ok((width, height))
}

/// Removes metadata a JPEG may carry (EXIF and XMP in APP1, IPTC in APP13, other APPn, comments)
/// and anything after the end-of-image marker (appended ZIPs, polyglot payloads, MPF extras);
/// JFIF (APP0), the ICC profile (APP2) and Adobe colour info (APP14) are kept because they
/// change how the pixels look (`photo_check::jpeg::strip_metadata`). Defence in depth: the app
/// is expected to re-encode (which also applies EXIF orientation) before upload; this strip
/// drops orientation, so a photo the app did not re-encode may show rotated. A JPEG without an
/// end-of-image marker (truncated) is refused.
pub fn strip_metadata(bytes: &[u8]) -> Result<Vec<u8>, ImageRejection> {
    check_jpeg(bytes)?;
    photo_check::jpeg::strip_metadata(bytes).map_err(|_| ImageRejection::Malformed)
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

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Creates the directory if needed (0700: photos are faces).
    pub fn ensure_dir(&self) -> std::io::Result<()> {
        crate::datadir::create_private_dir(&self.dir)
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
            // A leftover of a crash of an earlier process with this id; 0600 from creation.
            let _ = fs::remove_file(&tmp);
            let mut file = crate::datadir::create_private(&tmp)?;
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
    use photo_check::samples::segment;
    pub(crate) use photo_check::samples::tiny_jpeg;

    use super::*;

    #[test]
    fn strip_removes_exif_and_trailers() {
        // The full case (XMP, IPTC, comments, kept ICC/Adobe) is photo_check's; this one checks
        // the clinic's wiring: stripped bytes still pass check_jpeg.
        let jpeg = tiny_jpeg();
        let mut dirty = jpeg[..2].to_vec();
        dirty.extend(segment(0xE1, b"Exif\0\0GPSLatitude 51.5"));
        dirty.extend_from_slice(&jpeg[2..]);
        dirty.extend(b"PK\x03\x04 appended zip");
        let clean = strip_metadata(&dirty).unwrap();
        assert_eq!(clean, jpeg);
        assert_eq!(check_jpeg(&clean), Ok((2, 3)));
        assert_eq!(strip_metadata(b"GIF89a"), Err(ImageRejection::NotJpeg));
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
