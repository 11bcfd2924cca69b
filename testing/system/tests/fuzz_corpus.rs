//! The fuzz corpus as a regression test on stable: every committed input under
//! `testing/fuzz/corpus/<target>/` (seeds, and anything fuzzing ever found) goes through the same
//! function the nightly `cargo fuzz` target runs (`testing/fuzz_targets`). A panic fails it.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use afterglow_fuzz_targets as targets;

use std::path::{Path, PathBuf};

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus for {target}");
    files
}

fn replay(target: &str, run: fn(&[u8])) {
    for file in corpus(target) {
        let bytes = std::fs::read(&file).unwrap();
        println!("{target}: {} ({} bytes)", file.display(), bytes.len());
        run(&bytes);
    }
}

#[test]
fn ffi_bytes_corpus() {
    replay("ffi_bytes", targets::ffi_bytes);
}

#[test]
fn protocol_json_corpus() {
    replay("protocol_json", targets::protocol_json);
}

#[test]
fn photo_import_corpus() {
    replay("photo_import", targets::photo_import);
}

#[test]
fn clinic_request_corpus() {
    replay("clinic_request", targets::clinic_request);
}

/// Writes the real-photo seeds (made in code, like every test photo here). Run by hand:
/// `cargo test -p afterglow --test fuzz_corpus -- --ignored write_photo_seeds`.
#[test]
#[ignore = "regenerates committed seed files"]
fn write_photo_seeds() {
    use afterglow_handlers::photo::testdata::{CameraExif, camera_jpeg, seeded_jpeg};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/photo_import");
    std::fs::write(dir.join("noise_24x16.jpg"), seeded_jpeg(24, 16, 1)).unwrap();
    let exif = CameraExif {
        orientation: 6,
        date_time_original: "2026:11:20 09:30:00".into(),
        offset_time_original: Some("+01:00".into()),
        gps: Some((51, 0)),
    };
    std::fs::write(dir.join("camera_exif_16x16.jpg"), camera_jpeg(16, 16, 70, Some(&exif)))
        .unwrap();
}
