//! The core through the mobile library's entry points (`CoreFfi`, as Swift and Kotlin call it):
//! bytes that are not an event or an effect output, and well-formed events carrying hostile
//! values that a terminal cannot (NUL, control characters) or that only a buggy shell sends.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ffi_lib::{CoreFailure, CoreFfi, CruxShell};
use shared::checkin::{self, CheckinForm};
use shared::domain::Clock;
use shared::{Event, ViewModel};

use crate::fixtures::{fingerprint, seeded_copy};

struct Silent;

impl CruxShell for Silent {
    fn process_effects(&self, _effects: Vec<u8>) {}
}

/// What a case sends, and the error it must get.
enum Call {
    Update(fn() -> Vec<u8>),
    Resolve(u32, fn() -> Vec<u8>),
}

enum Expect {
    /// `Err(CoreFailure::MalformedInput)` whose reason contains this.
    Malformed(&'static str),
    /// `Ok`, and the view model's error message contains this.
    ViewError(&'static str),
}

use Call::{Resolve, Update};
use Expect::{Malformed, ViewError};

#[rustfmt::skip]
static FFI_CASES: &[(&str, Call, Expect)] = &[
    ("update with no bytes", Update(Vec::new), Malformed("")),
    ("update with random bytes", Update(|| (0..64).map(|i| (i * 37 + 11) as u8).collect()), Malformed("")),
    ("update with an unknown event variant", Update(|| 9_999_u32.to_le_bytes().to_vec()), Malformed("")),
    ("update: string length prefix of 2^63", Update(huge_length_prefix), Malformed("")),
    ("update cut short in the middle", Update(|| { let mut b = checkin_event("cut"); b.truncate(b.len() / 2); b }), Malformed("")),
    ("resolve an effect id never issued", Resolve(987_654, || vec![0, 0, 0, 0]), Malformed("")),
    ("resolve with random bytes", Resolve(0, || vec![0xFF; 33]), Malformed("")),
    ("check-in note with NUL", Update(|| checkin_event("before\0after")), ViewError("note")),
    ("check-in note with escape sequences", Update(|| checkin_event("\u{1b}[2J\u{1b}[31mred")), ViewError("note")),
    ("check-in note of 1 MB", Update(|| checkin_event(&"é".repeat(500_000))), ViewError("too long")),
    ("clock in an unknown zone", Update(|| bincode::serialize(&Event::Start { clock: Clock { now_utc_ms: 0, zone: "Nowhere/Atlantis".into() } }).unwrap()), ViewError("Nowhere/Atlantis")),
    ("clock at i64::MAX ms", Update(|| bincode::serialize(&Event::Start { clock: Clock { now_utc_ms: i64::MAX, zone: "UTC".into() } }).unwrap()), ViewError("out of range")),
];

fn checkin_event(note: &str) -> Vec<u8> {
    let form = CheckinForm {
        redness: Some(1),
        swelling: Some(0),
        pain: Some(1),
        itch: Some(0),
        temperature: None,
        discharge: None,
        signs: Vec::new(),
        note: Some(note.to_owned()),
    };
    bincode::serialize(&Event::Checkin(checkin::Event::Submit { form })).unwrap()
}

/// `Event::Start` whose zone string claims 2^63 bytes.
fn huge_length_prefix() -> Vec<u8> {
    let mut bytes =
        bincode::serialize(&Event::Start { clock: Clock { now_utc_ms: 0, zone: "UTC".into() } })
            .unwrap();
    let at = bytes.len() - 3 - 8;
    bytes[at..at + 8].copy_from_slice(&(1_u64 << 63).to_le_bytes());
    bytes
}

fn open_started(dir: &Path) -> Arc<CoreFfi> {
    let core = CoreFfi::new(dir.to_str().unwrap().into(), Arc::new(Silent)).unwrap();
    let now_utc_ms = chrono::Utc::now().timestamp_millis();
    let start = Event::Start { clock: Clock { now_utc_ms, zone: "Europe/Paris".into() } };
    core.update(bincode::serialize(&start).unwrap()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !view(&core).ready {
        assert!(Instant::now() < deadline, "the record never loaded");
        std::thread::sleep(Duration::from_millis(5));
    }
    core
}

fn view(core: &CoreFfi) -> ViewModel {
    bincode::deserialize(&core.view().unwrap()).unwrap()
}

#[test]
fn ffi_refuses_each_bad_input_and_keeps_the_record() {
    let mut failures = Vec::new();
    for (name, call, expect) in FFI_CASES {
        let data = seeded_copy();
        let before = fingerprint(data.path());
        let outcome = {
            let core = open_started(data.path());
            let result = match call {
                Update(bytes) => core.update(bytes()),
                Resolve(id, bytes) => core.resolve(*id, bytes()),
            };
            let view_error = view(&core).error.map(|e| e.message);
            // Let the storage thread finish anything the call set off before comparing.
            std::thread::sleep(Duration::from_millis(50));
            (result, view_error)
        };
        let after = fingerprint(data.path());
        let shown = format!("{:?} / view error {:?}", outcome.0.as_ref().map(|_| "Ok"), outcome.1);
        println!("{name:<50} {}", shown.chars().take(160).collect::<String>());
        let ok = match (expect, &outcome) {
            (Malformed(reason), (Err(CoreFailure::MalformedInput { reason: r }), _)) => {
                r.contains(reason)
            }
            (ViewError(text), (Ok(_), Some(message))) => message.contains(text),
            _ => false,
        };
        if !ok {
            failures.push(format!("{name}: got {shown}"));
        }
        if before != after {
            failures.push(format!("{name}: stored data changed"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
