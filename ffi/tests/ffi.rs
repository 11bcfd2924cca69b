//! Every entry point of the library as a shell calls it: bytes in, bytes out, the callback, and
//! malformed input becoming a typed error rather than a crash.

// Helpers outside #[test] fns unwrap too: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used)]

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use afterglow::{CoreFailure, CoreFfi, CruxShell};
use crux_core::bridge::Request;
use shared::domain::{Clock, SessionForm, TreatedArea};
use shared::effects::NativeEffectFfi;
use shared::{Event, ViewModel};

/// A shell that forwards callback batches to the test.
struct TestShell(Mutex<Sender<Vec<u8>>>);

impl CruxShell for TestShell {
    fn process_effects(&self, effects: Vec<u8>) {
        let _ = self.0.lock().unwrap().send(effects);
    }
}

fn open(dir: &std::path::Path) -> (Arc<CoreFfi>, Receiver<Vec<u8>>) {
    let (tx, rx) = channel();
    let core =
        CoreFfi::new(dir.to_str().unwrap().into(), Arc::new(TestShell(Mutex::new(tx)))).unwrap();
    (core, rx)
}

fn event(e: &Event) -> Vec<u8> {
    bincode::serialize(e).unwrap()
}

/// The shell's batch, as Swift and Kotlin decode it: only `NativeEffect`s (render,
/// notifications) can be in it, so storage, photos and the clinic never reach a shell.
fn requests(bytes: &[u8]) -> Vec<Request<NativeEffectFfi>> {
    bincode::deserialize(bytes).unwrap()
}

fn view(core: &CoreFfi) -> ViewModel {
    bincode::deserialize(&core.view().unwrap()).unwrap()
}

/// Waits until a callback batch contains a render.
fn await_render(rx: &Receiver<Vec<u8>>) {
    loop {
        let batch = rx.recv_timeout(Duration::from_secs(10)).expect("no render arrived");
        if requests(&batch).iter().any(|r| matches!(r.effect, NativeEffectFfi::Render(_))) {
            return;
        }
    }
}

const NOW_MS: i64 = 1_780_000_000_000; // 2026-05-28

fn start(core: &CoreFfi, rx: &Receiver<Vec<u8>>) {
    let start = Event::Start { clock: Clock { now_utc_ms: NOW_MS, zone: "Europe/Paris".into() } };
    // Loading the record is Rust's: nothing comes back at once, the render follows it.
    assert!(requests(&core.update(event(&start)).unwrap()).is_empty());
    await_render(rx);
}

#[test]
fn start_add_a_session_and_read_it_back_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (core, rx) = open(dir.path());
        start(&core, &rx);
        assert!(view(&core).ready);
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
        core.update(event(&Event::AddSession { form })).unwrap();
        await_render(&rx);
        assert!(view(&core).last_saved_session_id.is_some());
    }
    let (core, rx) = open(dir.path());
    start(&core, &rx);
    let today = view(&core).today.unwrap();
    assert_eq!(today.day_index, Some(1));
    assert!(today.restrictions.iter().any(|r| r.id == "no_sun"));
}

#[test]
fn malformed_bytes_are_typed_errors_not_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let (core, rx) = open(dir.path());
    start(&core, &rx);
    for garbage in [vec![], vec![0xff; 3], vec![0x07, 0, 0, 0, 0xff, 0xff]] {
        assert!(matches!(core.update(garbage), Err(CoreFailure::MalformedInput { .. })));
    }
    // Resolving an effect that was never requested, or with bytes of the wrong shape.
    assert!(matches!(
        core.resolve(987_654, vec![1, 2, 3]),
        Err(CoreFailure::MalformedInput { .. })
    ));
    // The core still works afterwards.
    assert!(view(&core).ready);
}

#[test]
fn a_newer_database_is_refused_with_its_own_failure() {
    let dir = tempfile::tempdir().unwrap();
    drop(open(dir.path()));
    let db = dir.path().join("afterglow.db");
    // Checkpoint happened on close; bump user_version (header offset 60) as a newer app would.
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[60..64].copy_from_slice(&99_u32.to_be_bytes());
    std::fs::write(&db, &bytes).unwrap();
    let (tx, _rx) = channel();
    let result =
        CoreFfi::new(dir.path().to_str().unwrap().into(), Arc::new(TestShell(Mutex::new(tx))));
    assert!(matches!(result, Err(CoreFailure::NewerVersion { .. })));
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

#[test]
fn an_unusable_data_dir_is_a_storage_failure() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let (tx, _rx) = channel();
    let result = CoreFfi::new(file.to_str().unwrap().into(), Arc::new(TestShell(Mutex::new(tx))));
    assert!(matches!(result, Err(CoreFailure::Storage { .. })));
}

/// A photo picked by the shell goes through the Rust pipeline inside the library: only the path
/// crosses the bridge, and the stored file has lost its camera metadata.
#[test]
fn a_photo_is_imported_by_the_rust_handler_inside_the_library() {
    use afterglow_handlers::photo::testdata::{CameraExif, camera_jpeg};
    use shared::journal::{JournalEvent, PhotoForm};
    use shared::view::Screen;

    let dir = tempfile::tempdir().unwrap();
    let (core, rx) = open(dir.path());
    start(&core, &rx);
    let form = SessionForm {
        start: "2026-05-26T10:00".into(),
        zone: "Europe/Paris".into(),
        depth_mm: "1".into(),
        areas: vec![TreatedArea::Face],
        device: None,
        notes: None,
        planned: false,
        screening: Vec::new(),
    };
    core.update(event(&Event::AddSession { form })).unwrap();
    await_render(&rx);

    let exif = CameraExif {
        orientation: 1,
        date_time_original: "2026:05:27 09:00:00".into(),
        offset_time_original: Some("+02:00".into()),
        gps: Some((48, 2)),
    };
    let picked = dir.path().join("picked.jpg");
    std::fs::write(&picked, camera_jpeg(640, 480, 90, Some(&exif))).unwrap();
    let form = PhotoForm {
        source: picked.to_str().unwrap().into(),
        area: Some(TreatedArea::Face),
        note: None,
        taken_at: None,
    };
    requests(&core.update(event(&Event::Journal(JournalEvent::Add { form }))).unwrap());
    await_render(&rx);
    let view = view(&core);
    assert_eq!(view.screen, Screen::Journal);
    let photo = view.journal.last_imported.expect("no photo imported");
    assert_eq!(photo.day_index, Some(0));
    let stored = std::fs::read(dir.path().join(&photo.file)).unwrap();
    assert!(!stored.windows(4).any(|w| w == b"Exif"), "EXIF survived");
    assert!(!stored.windows(7).any(|w| w == b"xmpmeta"), "XMP survived");
}

/// The shell's secret store (Keychain/Keystore stand-in) records what it is given.
#[derive(Default)]
struct MemorySecrets(Mutex<std::collections::HashMap<String, String>>);

impl afterglow::SecretStore for MemorySecrets {
    fn get(&self, key: String) -> Result<Option<String>, afterglow::SecretFailure> {
        Ok(self.0.lock().unwrap().get(&key).cloned())
    }
    fn set(&self, key: String, value: String) -> Result<(), afterglow::SecretFailure> {
        self.0.lock().unwrap().insert(key, value);
        Ok(())
    }
    fn delete(&self, key: String) -> Result<(), afterglow::SecretFailure> {
        self.0.lock().unwrap().remove(&key);
        Ok(())
    }
}

/// Answers one enrollment the way the clinic server does (its API is tested in `clinic/`).
fn enroll_responder() -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut length = 0;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let answer = format!(
            r#"{{"api_version":1,"device_id":"d1","token":"{}","patient_id":"p1","clinic":{{"name":"Glow Clinic","phone":"+44 20 0000 0000","after_hours_advice":"Call 111."}},"care_protocol":{}}}"#,
            "f".repeat(64),
            shared::protocol::default_protocol_json()
        );
        let reply = format!(
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
            answer.len()
        );
        stream.write_all(reply.as_bytes()).unwrap();
    });
    url
}

#[test]
fn linking_keeps_the_token_in_the_shells_secret_store() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let (tx, rx) = channel();
    let core = CoreFfi::with_secret_store(
        dir.path().to_str().unwrap().into(),
        Arc::new(TestShell(Mutex::new(tx))),
        secrets.clone(),
    )
    .unwrap();
    start(&core, &rx);
    assert!(view(&core).sharing.loaded && !view(&core).sharing.linked);
    let link = shared::sharing::SharingEvent::Link {
        server: enroll_responder(),
        invite_code: "EMBY-HEPJ-KH1C".into(),
        auto_share: false,
    };
    requests(&core.update(event(&Event::Sharing(link))).unwrap());
    while !view(&core).sharing.linked {
        await_render(&rx);
    }
    assert_eq!(view(&core).sharing.clinic_name.as_deref(), Some("Glow Clinic"));
    assert_eq!(secrets.0.lock().unwrap().get("clinic-token").map(String::len), Some(64));
    assert!(!dir.path().join("clinic-token").exists(), "no token file beside the data");
}

/// A secret store that refuses to keep anything, as the Keychain does while the phone is locked.
struct LockedSecrets;

impl afterglow::SecretStore for LockedSecrets {
    fn get(&self, _: String) -> Result<Option<String>, afterglow::SecretFailure> {
        Ok(None)
    }
    fn set(&self, _: String, _: String) -> Result<(), afterglow::SecretFailure> {
        let reason = "OSStatus -25308: User interaction is not allowed.".into();
        Err(afterglow::SecretFailure::Unavailable { reason })
    }
    fn delete(&self, _: String) -> Result<(), afterglow::SecretFailure> {
        Ok(())
    }
}

/// The shell gives only the platform's detail; the core words the sentence, in Spanish here.
#[test]
fn a_secret_store_failure_is_worded_by_the_core_in_the_patients_language() {
    let dir = tempfile::tempdir().unwrap();
    let (tx, rx) = channel();
    let core = CoreFfi::with_secret_store(
        dir.path().to_str().unwrap().into(),
        Arc::new(TestShell(Mutex::new(tx))),
        Arc::new(LockedSecrets),
    )
    .unwrap();
    start(&core, &rx);
    requests(&core.update(event(&Event::SetLanguage { tag: "es-ES".into() })).unwrap());
    let server = enroll_responder();
    let link = shared::sharing::SharingEvent::Link {
        server: server.clone(),
        invite_code: "EMBY-HEPJ-KH1C".into(),
        auto_share: false,
    };
    requests(&core.update(event(&Event::Sharing(link))).unwrap());
    while view(&core).error.is_none() {
        await_render(&rx);
    }
    assert_eq!(
        view(&core).error.unwrap().message,
        format!(
            "no se puede vincular con {server}: este teléfono no pudo guardar la clave de la \
             clínica (OSStatus -25308: User interaction is not allowed.)"
        )
    );
    assert!(!view(&core).sharing.linked, "no link without its key");
}

/// Storage, photos and the clinic's outbox share one connection to the patient's database
/// (issue 14): one writer, no second handle that could see or make another order of writes.
#[test]
fn the_library_holds_one_connection_to_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let (core, rx) = open(dir.path());
    start(&core, &rx);
    let db = dir.path().join("afterglow.db").canonicalize().unwrap();
    let handles = std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .flatten()
        .filter(|fd| std::fs::read_link(fd.path()).is_ok_and(|target| target == db))
        .count();
    assert_eq!(handles, 1, "open handles on {}", db.display());
}
