//! The core through the mobile library's entry points (`CoreFfi`, as Swift and Kotlin call it):
//! bytes that are not an event or an effect output, and well-formed events carrying hostile
//! values that a terminal cannot (NUL, control characters) or that only a buggy shell sends.

// Helpers outside #[test] fns unwrap too: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used)]

// Each binary of the catalogue uses a part of the shared fixtures.
#[allow(dead_code)]
mod fixtures;

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use ffi_lib::{CoreFailure, CoreFfi, CruxShell};
use shared::checkin::{self, CheckinForm};
use shared::domain::Clock;
use shared::{Event, ViewModel};

use crate::fixtures::{fingerprint, seeded_copy};

/// How long a wait on the core may take before the case fails, naming what it waited for. Only
/// a hung core gets near it; a slow machine just waits longer.
const PATIENCE: Duration = Duration::from_secs(60);

/// Tells the test each time the core hands effects to the shell (a render after storage
/// answered), so waits follow the core instead of the clock.
struct Notify(Sender<()>);

impl CruxShell for Notify {
    fn process_effects(&self, _effects: Vec<u8>) {
        // The test may have stopped listening (it failed, or the core outlives its case).
        let _ = self.0.send(());
    }
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

/// Opens the core on `dir` and starts it; returns once the view says the record is loaded.
fn open_started(dir: &Path) -> Result<Arc<CoreFfi>, String> {
    let (tx, renders) = channel();
    let core = CoreFfi::new(dir.to_str().unwrap().into(), Arc::new(Notify(tx)))
        .map_err(|e| format!("the core did not open: {e:?}"))?;
    let now_utc_ms = chrono::Utc::now().timestamp_millis();
    let start = Event::Start { clock: Clock { now_utc_ms, zone: "Europe/Paris".into() } };
    core.update(bincode::serialize(&start).unwrap())
        .map_err(|e| format!("Start was refused: {e:?}"))?;
    await_ready(&core, &renders)?;
    Ok(core)
}

/// Waits for renders until the view says the record is loaded. Checking before each wait
/// loses nothing: a render that comes after the check is queued on the channel.
fn await_ready(core: &CoreFfi, renders: &Receiver<()>) -> Result<(), String> {
    let deadline = Instant::now() + PATIENCE;
    while !view(core).ready {
        let left = deadline.saturating_duration_since(Instant::now());
        match renders.recv_timeout(left) {
            Ok(()) => {}
            Err(RecvTimeoutError::Timeout) => {
                return Err(format!("the record was not loaded (view.ready) after {PATIENCE:?}"));
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err("the core dropped its shell before the record loaded".into());
            }
        }
    }
    Ok(())
}

/// Waits until the core's worker threads (`afterglow-store`, `afterglow-clinic`) have ended,
/// so their database connections are closed. Dropping `CoreFfi` does not always mean that: when
/// the last strong reference to the core goes while a worker is inside a callback (a resolve
/// holds the core for its duration), the worker drops the core itself, cannot join itself, and
/// closes the database after the test's drop has returned. Only this test makes such threads in
/// this binary, one core at a time. (The write-ahead log's removal is no signal: two connections
/// closing at once can both leave it.)
fn await_closed() -> Result<Duration, String> {
    let began = Instant::now();
    loop {
        let workers = core_threads();
        if workers.is_empty() {
            return Ok(began.elapsed());
        }
        if began.elapsed() > PATIENCE {
            return Err(format!("threads {workers:?} still running {PATIENCE:?} after the drop"));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn core_threads() -> Vec<String> {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else { return Vec::new() };
    tasks
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .map(|name| name.trim().to_owned())
        .filter(|name| name.starts_with("afterglow-"))
        .collect()
}

fn view(core: &CoreFfi) -> ViewModel {
    bincode::deserialize(&core.view().unwrap()).unwrap()
}

#[test]
fn ffi_refuses_each_bad_input_and_keeps_the_record() {
    let failures: Vec<String> = FFI_CASES
        .iter()
        .filter_map(|(name, call, expect)| check_ffi_case(name, call, expect).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        FFI_CASES.len(),
        failures.join("\n")
    );
}

/// One case on its own copy of the record; `Err` names the case, what was expected and what came.
fn check_ffi_case(name: &str, call: &Call, expect: &Expect) -> Result<(), String> {
    let data = seeded_copy();
    let before = fingerprint(data.path());
    let fail = |why: String| format!("{name}: {why}");
    let core = open_started(data.path()).map_err(fail)?;
    let result = match call {
        Update(bytes) => core.update(bytes()),
        Resolve(id, bytes) => core.resolve(*id, bytes()),
    };
    let view_error = view(&core).error.map(|e| e.message);
    drop(core);
    let closed_after = await_closed().map_err(fail)?;
    let after = fingerprint(data.path());
    let got = format!("{:?} / view error {:?}", result.as_ref().map(|_| "Ok"), view_error);
    println!(
        "{name:<50} {} (closed {closed_after:?} after the drop)",
        got.chars().take(160).collect::<String>()
    );
    let mut problems = Vec::new();
    let ok = match (expect, &result, &view_error) {
        (Malformed(reason), Err(CoreFailure::MalformedInput { reason: r }), _) => {
            r.contains(reason)
        }
        (ViewError(text), Ok(_), Some(message)) => message.contains(text),
        _ => false,
    };
    if !ok {
        let wanted = match expect {
            Malformed(reason) => format!("Err(MalformedInput) with a reason containing {reason:?}"),
            ViewError(text) => format!("Ok, and a view error containing {text:?}"),
        };
        problems
            .push(format!("expected {wanted}, got {}", got.chars().take(300).collect::<String>()));
    }
    if before != after {
        problems.push(format!("stored data changed:\n{before}->\n{after}"));
    }
    if problems.is_empty() { Ok(()) } else { Err(fail(problems.join("; "))) }
}
