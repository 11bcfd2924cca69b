//! The photo pipeline against real files, a real SQLite database and (where the machine allows
//! it) a real full disk. Every bad input must leave the rows and the photos directory as they were.
// Helpers outside #[test] fns: a failed unwrap there is a failed test too (clippy.toml).
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use afterglow_handlers::SqliteStore;
use afterglow_handlers::photo::testdata::{self, CameraExif};
use afterglow_handlers::photo::{ImportError, Limits, PhotoLibrary, load_all};
use rstest::rstest;
use shared::effects::PhotoErrorKind;
use shared::effects::photo::PhotoImport;
use shared::journal::{Photo, TakenSource};

struct Journal {
    dir: tempfile::TempDir,
    store: SqliteStore,
    photos: PhotoLibrary,
}

impl Journal {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        Self::at(dir)
    }

    fn at(dir: tempfile::TempDir) -> Self {
        let store = SqliteStore::open(&dir.path().join("afterglow.db")).unwrap();
        let photos = PhotoLibrary::open(dir.path(), &store).unwrap();
        Self { dir, store, photos }
    }

    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    }

    fn import(&mut self, source: &str) -> Result<Photo, ImportError> {
        let import = PhotoImport {
            source: source.into(),
            taken_utc_ms: 1_772_960_400_000,
            taken_source: TakenSource::Given,
            session_id: None,
            day_index: Some(2),
            area: None,
            note: Some("left cheek".into()),
        };
        self.photos.import(&mut self.store, &import)
    }

    /// Every row, and every file in the photos dir with its size.
    fn snapshot(&self) -> (Vec<Photo>, BTreeMap<String, u64>) {
        let rows = load_all(self.store.connection()).unwrap();
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(self.dir.path().join("photos")).unwrap() {
            let entry = entry.unwrap();
            files.insert(
                entry.file_name().to_string_lossy().into_owned(),
                entry.metadata().unwrap().len(),
            );
        }
        (rows, files)
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.photos.path_of(relative)
    }
}

fn camera_exif() -> CameraExif {
    CameraExif {
        orientation: 6,
        date_time_original: "2026:03:08 10:15:00".into(),
        offset_time_original: Some("+01:00".into()),
        gps: Some((51, 0)),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn rgb_at(jpeg: &[u8], x: usize, y: usize) -> [u8; 3] {
    let image = turbojpeg::decompress(jpeg, turbojpeg::PixelFormat::RGB).unwrap();
    let at = y * image.pitch + x * 3;
    [image.pixels[at], image.pixels[at + 1], image.pixels[at + 2]]
}

#[test]
fn a_camera_photo_is_stored_upright_and_without_any_metadata() {
    let mut journal = Journal::new();
    let source =
        journal.file("IMG_0001.JPG", &testdata::camera_jpeg(640, 480, 92, Some(&camera_exif())));

    let probe = journal.photos.probe(&source).unwrap();
    assert_eq!((probe.width, probe.height), (640, 480));
    assert_eq!(probe.camera_local_time.as_deref(), Some("2026-03-08T10:15:00"));
    assert_eq!(probe.camera_offset_minutes, Some(60));

    let photo = journal.import(&source).unwrap();
    // Orientation 6 (camera turned clockwise): the stored image is portrait...
    assert_eq!((photo.width, photo.height), (480, 640));
    let stored = std::fs::read(journal.path(&photo.file)).unwrap();
    // ...and the sensor's top-left red marker is now in the top-right corner.
    let [r, g, b] = rgb_at(&stored, 480 - 20, 20);
    assert!(r > 200 && g < 60 && b < 60, "top-right is {r},{g},{b}");
    let [r, _, _] = rgb_at(&stored, 20, 20);
    assert!(r < 200, "top-left must not be the marker");

    // No EXIF block at all (so no GPS), and no XMP, comment or camera name left in the bytes.
    assert!(exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&stored)).is_err());
    for needle in [&b"Exif"[..], b"GPS", b"xmpmeta", b"jane doe", b"AfterglowTestCam"] {
        assert!(
            !stored.windows(needle.len()).any(|w| w == needle),
            "{}",
            String::from_utf8_lossy(needle)
        );
    }
    // Content-addressed, and the hash is of the stored bytes.
    assert_eq!(photo.sha256, sha256_hex(&stored));
    assert_eq!(photo.file, format!("photos/{}.jpg", photo.sha256));
    let thumb = std::fs::read(journal.path(&photo.thumb_file)).unwrap();
    let header = turbojpeg::read_header(&thumb).unwrap();
    assert_eq!((header.width, header.height), (288, 384));
    assert_eq!(photo.note.as_deref(), Some("left cheek"));

    exiftool_sees_no_metadata(&journal.path(&photo.file));
}

/// exiftool is the tool a clinic or auditor would use; CI installs it (libimage-exiftool-perl).
fn exiftool_sees_no_metadata(path: &Path) {
    let Ok(output) = Command::new("exiftool").args(["-j", "-G", "-a", "-u"]).arg(path).output()
    else {
        println!(
            "note: exiftool is not installed; skipping its check (CI installs libimage-exiftool-perl)"
        );
        return;
    };
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let tags = json[0].as_object().unwrap();
    let allowed = ["SourceFile", "ExifTool:", "File:", "JFIF:", "Composite:"];
    for key in tags.keys() {
        assert!(allowed.iter().any(|a| key.starts_with(a)), "exiftool found {key}");
    }
}

fn png_bytes(width: u32, height: u32, color: png::ColorType, depth: png::BitDepth) -> Vec<u8> {
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
fn png_bomb(width: u32, height: u32) -> Vec<u8> {
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
fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = testdata::camera_jpeg(64, 48, 90, None);
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
}

fn cmyk_jpeg() -> Vec<u8> {
    let pixels = vec![40_u8; 64 * 48 * 4];
    testdata::encode(&pixels, 64, 48, 90, turbojpeg::PixelFormat::CMYK)
}

/// Entropy data with a restart marker where none belongs: structurally complete (ends in EOI),
/// so only the decoder's warning can catch it.
fn corrupt_jpeg() -> Vec<u8> {
    let mut jpeg = testdata::camera_jpeg(640, 480, 92, None);
    let sos = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    let middle = sos + (jpeg.len() - sos) / 2;
    jpeg[middle..middle + 2].copy_from_slice(&[0xFF, 0xD5]);
    jpeg
}

fn truncated_jpeg() -> Vec<u8> {
    let jpeg = testdata::camera_jpeg(640, 480, 92, None);
    jpeg[..jpeg.len() * 6 / 10].to_vec()
}

#[rstest]
#[case::zero_bytes(Vec::new(), PhotoErrorKind::Damaged, "empty")]
#[case::truncated_jpeg(truncated_jpeg(), PhotoErrorKind::Damaged, "incomplete")]
#[case::corrupt_entropy_data(corrupt_jpeg(), PhotoErrorKind::Damaged, "damaged")]
#[case::png_bomb(png_bomb(50_000, 50_000), PhotoErrorKind::TooLarge, "50000 x 50000")]
#[case::hundred_megapixels(jpeg_claiming(12_000, 8_400), PhotoErrorKind::TooLarge, "12000 x 8400")]
#[case::jpeg_claiming_65000_square(
    jpeg_claiming(65_000, 65_000),
    PhotoErrorKind::TooLarge,
    "65000"
)]
#[case::text_named_jpg(b"<html>not a photo</html>".to_vec(), PhotoErrorKind::Unsupported, "not a JPEG or PNG")]
#[case::heic(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec(), PhotoErrorKind::Unsupported, "convert to JPEG first")]
#[case::cmyk_jpeg(cmyk_jpeg(), PhotoErrorKind::Unsupported, "CMYK")]
#[case::gif(b"GIF89a\x01\0\x01\0".to_vec(), PhotoErrorKind::Unsupported, "not a JPEG or PNG")]
fn bad_input_is_refused_and_nothing_changes(
    #[case] bytes: Vec<u8>,
    #[case] kind: PhotoErrorKind,
    #[case] words: &str,
) {
    let mut journal = Journal::new();
    let kept = journal.file("kept.jpg", &testdata::camera_jpeg(320, 240, 90, None));
    journal.import(&kept).unwrap();
    let before = journal.snapshot();

    let source = journal.file("photo.jpg", &bytes);
    let probe = journal.photos.probe(&source);
    let error = journal.import(&source).unwrap_err();

    assert_eq!(error.kind(), kind, "{error}");
    assert!(error.to_string().contains(words), "{error}");
    assert_eq!(journal.snapshot(), before);
    // The cheap probe refuses the same files, except damage that only decoding reveals.
    if kind != PhotoErrorKind::Damaged || bytes.is_empty() {
        assert!(probe.is_err());
    }
}

#[test]
fn too_many_bytes_and_duplicates_are_refused() {
    let mut journal = Journal::new();
    let jpeg = testdata::camera_jpeg(320, 240, 90, None);
    let source = journal.file("a.jpg", &jpeg);
    let first = journal.import(&source).unwrap();
    let before = journal.snapshot();

    let error = journal.import(&source).unwrap_err();
    assert_eq!(error.kind(), PhotoErrorKind::Duplicate);
    assert!(error.to_string().contains(&format!("photo {}", first.id)));
    assert_eq!(journal.snapshot(), before);

    let small = Limits { max_bytes: 1_000, ..Limits::default() };
    let tight = PhotoLibrary::open(journal.dir.path(), &journal.store).unwrap().with_limits(small);
    let error = tight.probe(&source).unwrap_err();
    assert_eq!(error.kind(), PhotoErrorKind::TooLarge);
    assert_eq!(journal.snapshot(), before);
}

#[rstest]
#[case::rgb16(png::ColorType::Rgb, png::BitDepth::Sixteen)]
#[case::grey_alpha(png::ColorType::GrayscaleAlpha, png::BitDepth::Eight)]
#[case::grey16(png::ColorType::Grayscale, png::BitDepth::Sixteen)]
#[case::rgba(png::ColorType::Rgba, png::BitDepth::Eight)]
fn pngs_of_every_depth_are_normalised_to_an_srgb_jpeg(
    #[case] color: png::ColorType,
    #[case] depth: png::BitDepth,
) {
    let mut journal = Journal::new();
    let source = journal.file("screenshot.png", &png_bytes(300, 200, color, depth));
    let photo = journal.import(&source).unwrap();
    assert_eq!((photo.width, photo.height), (300, 200));
    let stored = std::fs::read(journal.path(&photo.file)).unwrap();
    assert!(stored.starts_with(&[0xFF, 0xD8, 0xFF]));
}

#[test]
fn large_photos_are_capped_at_the_stored_long_edge() {
    let mut journal = Journal::new();
    let source = journal.file("big.jpg", &testdata::camera_jpeg(3000, 2000, 85, None));
    let photo = journal.import(&source).unwrap();
    assert_eq!((photo.width, photo.height), (2048, 1365));
}

#[test]
fn delete_removes_row_and_files_and_open_removes_orphans() {
    let mut journal = Journal::new();
    let a = journal.file("a.jpg", &testdata::camera_jpeg(320, 240, 90, None));
    let b = journal.file("b.png", &png_bytes(64, 64, png::ColorType::Rgb, png::BitDepth::Eight));
    let kept = journal.import(&a).unwrap();
    let gone = journal.import(&b).unwrap();

    journal.photos.delete(&mut journal.store, gone.id).unwrap();
    let (rows, files) = journal.snapshot();
    assert_eq!(rows, vec![kept.clone()]);
    assert!(!journal.path(&gone.file).exists() && !journal.path(&gone.thumb_file).exists());
    assert_eq!(files.len(), 2);
    let error = journal.photos.delete(&mut journal.store, gone.id).unwrap_err();
    assert_eq!(error.kind(), PhotoErrorKind::NotFound);

    // Debris of a crash: a temp file and a file whose row is gone.
    let photos = journal.dir.path().join("photos");
    std::fs::write(photos.join(".tmp-1-0-abc.jpg"), b"half").unwrap();
    std::fs::write(photos.join(format!("{}.jpg", "0".repeat(64))), b"orphan").unwrap();
    let Journal { dir, store, .. } = journal;
    drop(store);
    let journal = Journal::at(dir);
    let (rows, files) = journal.snapshot();
    assert_eq!(rows, vec![kept.clone()]);
    assert_eq!(files.len(), 2);
    assert!(journal.path(&kept.file).exists());
}

#[test]
fn export_and_compare_write_files() {
    let mut journal = Journal::new();
    let a = journal.file("a.jpg", &testdata::camera_jpeg(640, 480, 90, Some(&camera_exif())));
    let b = journal.file("b.jpg", &testdata::camera_jpeg(800, 600, 90, None));
    let a = journal.import(&a).unwrap();
    let b = journal.import(&b).unwrap();

    let out = journal.dir.path().join("export.jpg");
    journal.photos.export(&journal.store, a.id, &out.display().to_string()).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(journal.path(&a.file)).unwrap());

    let out = journal.dir.path().join("compare.png");
    let request = shared::effects::photo::ComparisonRequest {
        before_id: a.id,
        after_id: b.id,
        before_label: "DAY 0".into(),
        after_label: "DAY 14".into(),
        destination: out.display().to_string(),
    };
    journal.photos.compare(&journal.store, &request).unwrap();
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&out).unwrap()));
    let info = decoder.read_info().unwrap();
    let (w, h) = (info.info().width, info.info().height);
    // Portrait (480x640 shown at 768 high = 576 wide) beside landscape (1024 wide), plus gaps.
    assert_eq!(w, 576 + 1024 + 3 * 16);
    assert!(h > 768);
}

/// A tmpfs too small for the photo: the write fails with ENOSPC for real, not by injection.
/// Needs root and a kernel that lets this sandbox mount; otherwise says so and passes.
#[test]
fn a_full_disk_refuses_the_photo_and_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("tiny");
    std::fs::create_dir(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=640k", "tmpfs"])
        .arg(&mount)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        println!("note: cannot mount a tmpfs here (needs root); the disk-full test did not run");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(mount.clone());

    let source = dir.path().join("big.jpg");
    std::fs::write(&source, testdata::camera_jpeg(2000, 1500, 95, None)).unwrap();
    let data = mount.join("data");
    std::fs::create_dir(&data).unwrap();
    let mut store = SqliteStore::open(&data.join("afterglow.db")).unwrap();
    let photos = PhotoLibrary::open(&data, &store).unwrap();
    let import = PhotoImport {
        source: source.display().to_string(),
        taken_utc_ms: 0,
        taken_source: TakenSource::ImportTime,
        session_id: None,
        day_index: None,
        area: None,
        note: None,
    };
    // Fill the disk to the last byte, as another app might.
    let filler = mount.join("filler");
    let mut file = std::fs::File::create(&filler).unwrap();
    while std::io::Write::write_all(&mut file, &[0_u8; 4096]).is_ok() {}
    drop(file);

    let error = photos.import(&mut store, &import).unwrap_err();
    assert_eq!(error.kind(), PhotoErrorKind::DiskFull, "{error}");
    assert!(error.to_string().contains("out of storage space"));
    assert!(load_all(store.connection()).unwrap().is_empty());
    assert_eq!(std::fs::read_dir(data.join("photos")).unwrap().count(), 0);

    // Space freed: the same import now works, so nothing was left broken.
    std::fs::remove_file(&filler).unwrap();
    photos.import(&mut store, &import).unwrap();
    assert_eq!(load_all(store.connection()).unwrap().len(), 1);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

    /// Hostile bytes (a real JPEG or PNG with bytes flipped, then cut anywhere) never panic or
    /// crash the pipeline (TurboJPEG is C: a crash here would kill the test binary).
    #[test]
    fn damaged_files_never_panic(
        png_source in proptest::bool::ANY,
        flips in proptest::collection::vec((0.0..1.0_f64, proptest::num::u8::ANY), 0..8),
        cut in 0.0..1.0_f64,
    ) {
        let mut bytes = if png_source {
            png_bytes(48, 32, png::ColorType::Rgb, png::BitDepth::Eight)
        } else {
            testdata::camera_jpeg(64, 48, 90, Some(&camera_exif()))
        };
        for (at, value) in flips {
            let i = ((bytes.len() - 1) as f64 * at) as usize;
            bytes[i] = value;
        }
        bytes.truncate(((bytes.len() as f64) * cut) as usize + 1);
        let _ = afterglow_handlers::photo::process(&bytes, &Limits::default());
        let _ = afterglow_handlers::photo::thumbnail(&bytes, &Limits::default());
    }
}
