//! `afterglow photo …` end to end: the real binary, a real data dir, real files.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use afterglow_handlers::photo::testdata::{self, CameraExif};

fn afterglow(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_afterglow"))
        .env("LC_ALL", "C") // English whatever the developer's locale
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("TZ", "Europe/London")
        .output()
        .unwrap()
}

fn ok(data: &Path, args: &[&str]) -> String {
    let out = afterglow(data, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn photo_files(data: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(data.join("photos"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn photos_are_added_listed_compared_exported_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(
        &data,
        &[
            "--at",
            "2026-03-09T12:00:00Z",
            "session",
            "add",
            "--start",
            "2026-03-08T10:00",
            "--tz",
            "Europe/London",
            "--depth-mm",
            "1.0",
            "--area",
            "face",
        ],
    );

    // A camera photo: its EXIF date (no --at) places it on day 2.
    let camera = CameraExif {
        orientation: 6,
        date_time_original: "2026:03:10 11:00:00".into(),
        offset_time_original: Some("+00:00".into()),
        gps: Some((51, 0)),
    };
    let first = dir.path().join("IMG_0001.JPG");
    std::fs::write(&first, testdata::camera_jpeg(640, 480, 92, Some(&camera))).unwrap();
    let added: serde_json::Value = serde_json::from_str(&ok(
        &data,
        &[
            "--json",
            "photo",
            "add",
            first.to_str().unwrap(),
            "--area",
            "face",
            "--note",
            "left cheek",
        ],
    ))
    .unwrap();
    let keys: Vec<&str> = added.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["day_index", "height", "id", "sha256", "width"]);
    assert_eq!(
        (added["day_index"].as_u64(), added["width"].as_u64(), added["height"].as_u64()),
        (Some(2), Some(480), Some(640))
    );

    // --at gives the date; plain output is the id.
    let second = dir.path().join("later.png");
    let png = {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, 320, 240);
        encoder.set_color(png::ColorType::Rgb);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&vec![90_u8; 320 * 240 * 3]).unwrap();
        writer.finish().unwrap();
        out
    };
    std::fs::write(&second, png).unwrap();
    let id = ok(
        &data,
        &[
            "photo",
            "add",
            second.to_str().unwrap(),
            "--area",
            "face",
            "--at",
            "2026-03-22T09:00:00Z",
        ],
    );
    assert_eq!(id.trim(), "2");

    let list = ok(&data, &["photo", "list", "--tz", "Europe/London"]);
    assert!(list.contains("Session 1 · Sun 8 Mar 2026"), "{list}");
    assert!(list.contains("Day 2") && list.contains("Day 13"), "{list}");
    assert!(
        list.contains("#1  face") && list.contains("[reference]") && list.contains("camera date")
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&data, &["--json", "photo", "list"])).unwrap();
    assert_eq!(json["references"][0]["photo_id"], 1);

    // Bad input: a clear error, exit 1, nothing stored changes.
    let before = (photo_files(&data), ok(&data, &["--json", "photo", "list"]));
    let text = dir.path().join("notes.jpg");
    std::fs::write(&text, "not a photo").unwrap();
    for (file, at, words) in [
        (&text, None, "not a JPEG or PNG"),
        (&first, None, "already in the journal"),
        (&second, Some("2026-02-01T09:00:00Z"), "before your first session"),
        (&second, Some("2099-01-01T09:00:00Z"), "in the future"),
    ] {
        let mut args = vec!["photo", "add", file.to_str().unwrap()];
        if let Some(at) = at {
            args.extend(["--at", at]);
        }
        let out = afterglow(&data, &args);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(words), "{stderr}");
    }
    assert_eq!((photo_files(&data), ok(&data, &["--json", "photo", "list"])), before);

    let compare = dir.path().join("compare.png");
    ok(&data, &["photo", "compare", "1", "2", "--out", compare.to_str().unwrap()]);
    assert!(std::fs::read(&compare).unwrap().starts_with(b"\x89PNG"));
    let export = dir.path().join("export.jpg");
    ok(&data, &["photo", "export", "1", "--out", export.to_str().unwrap()]);
    let exported = std::fs::read(&export).unwrap();
    assert!(!exported.windows(3).any(|w| w == b"GPS"));

    ok(&data, &["photo", "delete", "2"]);
    assert_eq!(photo_files(&data).len(), 2);
    let out = afterglow(&data, &["photo", "delete", "2"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no photo 2"));
}
