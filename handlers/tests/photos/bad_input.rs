//! Every bad input: a clear error, and the rows and the photos directory unchanged.

use std::path::PathBuf;
use std::process::Command;

use afterglow_handlers::SqliteStore;
use afterglow_handlers::photo::testdata;
use afterglow_handlers::photo::{Limits, PhotoLibrary, Pipeline, load_all};
use rstest::rstest;
use shared::effects::PhotoErrorKind;
use shared::effects::photo::PhotoImport;
use shared::journal::TakenSource;

use super::Journal;
use super::fixtures::{
    camera_exif, cmyk_jpeg, corrupt_jpeg, jpeg_claiming, png_bomb, png_bytes, truncated_jpeg,
};

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
    #[values(Pipeline::TurboJpeg, Pipeline::PureRust)] pipeline: Pipeline,
) {
    let mut journal = Journal::with(pipeline);
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
        // CI runs as root, so there the disk-full case must run; a developer without root is told.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must be able to mount a tmpfs for the disk-full test"
        );
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
        for pipeline in [Pipeline::TurboJpeg, Pipeline::PureRust] {
            let _ = pipeline.process(&bytes, &Limits::default());
            let _ = pipeline.thumbnail(&bytes, &Limits::default());
        }
    }
}
