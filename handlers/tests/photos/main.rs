//! The photo pipeline against real files, a real SQLite database and (where the machine allows
//! it) a real full disk. Every bad input must leave the rows and the photos directory as they were.
// Helpers outside #[test] fns: a failed unwrap there is a failed test too (clippy.toml).
#![allow(clippy::unwrap_used)]

mod bad_input;
mod fixtures;
mod pure_rust;
mod resize;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use afterglow_handlers::SqliteStore;
use afterglow_handlers::photo::testdata;
use afterglow_handlers::photo::{ImportError, PhotoLibrary, Pipeline, load_all};
use rstest::rstest;
use shared::effects::PhotoErrorKind;
use shared::effects::photo::PhotoImport;
use shared::journal::{Photo, TakenSource};

use fixtures::{camera_exif, png_bytes, rgb_at, sha256_hex};

pub(crate) struct Journal {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) store: SqliteStore,
    pub(crate) photos: PhotoLibrary,
}

impl Journal {
    pub(crate) fn new() -> Self {
        Self::with(Pipeline::default())
    }

    /// A journal whose photos go through `pipeline`'s JPEG codec.
    pub(crate) fn with(pipeline: Pipeline) -> Self {
        Self::at(tempfile::tempdir().unwrap(), pipeline)
    }

    pub(crate) fn at(dir: tempfile::TempDir, pipeline: Pipeline) -> Self {
        let store = SqliteStore::open(&dir.path().join("afterglow.db")).unwrap();
        let photos = PhotoLibrary::open(dir.path(), &store).unwrap().with_pipeline(pipeline);
        Self { dir, store, photos }
    }

    pub(crate) fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    }

    pub(crate) fn import(&mut self, source: &str) -> Result<Photo, ImportError> {
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
    pub(crate) fn snapshot(&self) -> (Vec<Photo>, BTreeMap<String, u64>) {
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

    pub(crate) fn path(&self, relative: &str) -> PathBuf {
        self.photos.path_of(relative)
    }
}

#[rstest]
fn a_camera_photo_is_stored_upright_and_without_any_metadata(
    #[values(Pipeline::TurboJpeg, Pipeline::PureRust)] pipeline: Pipeline,
) {
    let mut journal = Journal::with(pipeline);
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
        assert!(std::env::var_os("CI").is_none(), "CI installs exiftool (libimage-exiftool-perl)");
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
#[rstest]
#[case::rgb16(png::ColorType::Rgb, png::BitDepth::Sixteen)]
#[case::grey_alpha(png::ColorType::GrayscaleAlpha, png::BitDepth::Eight)]
#[case::grey16(png::ColorType::Grayscale, png::BitDepth::Sixteen)]
#[case::rgba(png::ColorType::Rgba, png::BitDepth::Eight)]
fn pngs_of_every_depth_are_normalised_to_an_srgb_jpeg(
    #[case] color: png::ColorType,
    #[case] depth: png::BitDepth,
    #[values(Pipeline::TurboJpeg, Pipeline::PureRust)] pipeline: Pipeline,
) {
    let mut journal = Journal::with(pipeline);
    let source = journal.file("screenshot.png", &png_bytes(300, 200, color, depth));
    let photo = journal.import(&source).unwrap();
    assert_eq!((photo.width, photo.height), (300, 200));
    let stored = std::fs::read(journal.path(&photo.file)).unwrap();
    assert!(stored.starts_with(&[0xFF, 0xD8, 0xFF]));
}

#[rstest]
fn large_photos_are_capped_at_the_stored_long_edge(
    #[values(Pipeline::TurboJpeg, Pipeline::PureRust)] pipeline: Pipeline,
) {
    let mut journal = Journal::with(pipeline);
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
    let journal = Journal::at(dir, Pipeline::default());
    let (rows, files) = journal.snapshot();
    assert_eq!(rows, vec![kept.clone()]);
    assert_eq!(files.len(), 2);
    assert!(journal.path(&kept.file).exists());
}

#[rstest]
fn export_and_compare_write_files(
    #[values(Pipeline::TurboJpeg, Pipeline::PureRust)] pipeline: Pipeline,
) {
    let mut journal = Journal::with(pipeline);
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

#[rstest]
#[case::progressive(turbojpeg::PixelFormat::RGB, true)]
#[case::greyscale(turbojpeg::PixelFormat::GRAY, false)]
fn progressive_and_greyscale_jpegs_are_imported(
    #[case] format: turbojpeg::PixelFormat,
    #[case] progressive: bool,
    #[values(Pipeline::TurboJpeg, Pipeline::PureRust)] pipeline: Pipeline,
) {
    let (width, height) = (320, 240);
    let pixels = vec![100_u8; width * height * format.size()];
    let mut compressor = turbojpeg::Compressor::new().unwrap();
    compressor.set_progressive(progressive).unwrap();
    if format == turbojpeg::PixelFormat::GRAY {
        compressor.set_subsamp(turbojpeg::Subsamp::Gray).unwrap();
    }
    let image = turbojpeg::Image {
        pixels: pixels.as_slice(),
        width,
        pitch: width * format.size(),
        height,
        format,
    };
    let jpeg = compressor.compress_to_vec(image).unwrap();
    let mut journal = Journal::with(pipeline);
    let source = journal.file("scan.jpg", &jpeg);
    let photo = journal.import(&source).unwrap();
    assert_eq!((photo.width, photo.height), (320, 240));
}
