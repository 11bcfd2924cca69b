//! `write_report`: the PDF for the share sheet, read from the same data dir the core writes.

#![allow(clippy::unwrap_used)]

use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use afterglow::{CoreFailure, CoreFfi, CruxShell};
use crux_core::bridge::Request;
use shared::Event;
use shared::domain::{Clock, SessionForm, TreatedArea};
use shared::effects::NativeEffectFfi;

struct TestShell(Mutex<std::sync::mpsc::Sender<Vec<u8>>>);

impl CruxShell for TestShell {
    fn process_effects(&self, effects: Vec<u8>) {
        let _ = self.0.lock().unwrap().send(effects);
    }
}

const NOW_MS: i64 = 1_780_000_000_000; // 2026-05-28

fn await_render(rx: &Receiver<Vec<u8>>) {
    loop {
        let batch = rx.recv_timeout(Duration::from_secs(10)).expect("no render arrived");
        let requests: Vec<Request<NativeEffectFfi>> = bincode::deserialize(&batch).unwrap();
        if requests.iter().any(|r| matches!(r.effect, NativeEffectFfi::Render(_))) {
            return;
        }
    }
}

/// A core with one stored session.
fn core_with_a_session(dir: &std::path::Path) -> Arc<CoreFfi> {
    let (tx, rx) = channel();
    let core =
        CoreFfi::new(dir.to_str().unwrap().into(), Arc::new(TestShell(Mutex::new(tx)))).unwrap();
    let send = |e: &Event| core.update(bincode::serialize(e).unwrap()).unwrap();
    send(&Event::Start { clock: Clock { now_utc_ms: NOW_MS, zone: "Europe/Paris".into() } });
    await_render(&rx);
    let form = SessionForm {
        start: "2026-05-27T10:00".into(),
        zone: "Europe/Paris".into(),
        depth_mm: "1".into(),
        areas: vec![TreatedArea::Face],
        device: None,
        notes: None,
        planned: false,
        screening: Vec::new(),
    };
    send(&Event::AddSession { form });
    await_render(&rx);
    core
}

#[test]
fn the_report_is_a_pdf_of_the_stored_record() {
    let dir = tempfile::tempdir().unwrap();
    let core = core_with_a_session(dir.path());
    let out = dir.path().join("report.pdf");
    let size =
        core.write_report(out.to_str().unwrap().into(), vec![], "Europe/Paris".into(), NOW_MS);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(size.unwrap(), bytes.len() as u64);
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(bytes.windows(5).any(|w| w == b"%%EOF"), "no end-of-file marker");
    // The same export id is used the second time (one patient, one identifier).
    let id = std::fs::read_to_string(dir.path().join("export-id")).unwrap();
    core.write_report(out.to_str().unwrap().into(), vec![], "Europe/Paris".into(), NOW_MS).unwrap();
    assert_eq!(std::fs::read_to_string(dir.path().join("export-id")).unwrap(), id);
}

#[test]
fn bad_arguments_are_typed_errors_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let core = core_with_a_session(dir.path());
    let out = dir.path().join("report.pdf");
    let path = out.to_str().unwrap().to_owned();
    for result in [
        core.write_report(path.clone(), vec![], "Mars/Olympus".into(), NOW_MS),
        core.write_report(path.clone(), vec![42], "Europe/Paris".into(), NOW_MS),
        core.write_report(path.clone(), vec![], "Europe/Paris".into(), i64::MAX),
    ] {
        assert!(matches!(result, Err(CoreFailure::MalformedInput { .. })), "{result:?}");
    }
    assert!(!out.exists());
    let missing_dir = dir.path().join("nowhere/report.pdf");
    let result = core.write_report(
        missing_dir.to_str().unwrap().into(),
        vec![],
        "Europe/Paris".into(),
        NOW_MS,
    );
    assert!(matches!(result, Err(CoreFailure::Storage { .. })), "{result:?}");
}
