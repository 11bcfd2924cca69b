//! `today` for a patient with 40 sessions over 5 years, through the bincode bridge as a native
//! shell drives it: one event in (the clock ticks), effects out, the view model out.
//! Compared with the 120 Hz frame budget (8.3 ms); the target is under 1 % of it.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use crux_core::bridge::{Bridge, EffectId, Request};
use shared::domain::{Clock, NewSession, PatientRecord, Profile, Session, TreatedArea};
use shared::effects::{EffectFfi, StoreResult};
use shared::{Aftercare, Core, Event};

const DAY_MS: i64 = 86_400_000;
const START_MS: i64 = 1_640_995_200_000; // 2022-01-01T00:00:00Z

fn record() -> PatientRecord {
    let sessions = (0..40)
        .map(|i| Session {
            id: i + 1,
            details: NewSession {
                start_utc_ms: START_MS + i * 45 * DAY_MS,
                zone: if i % 2 == 0 { "Europe/London" } else { "America/New_York" }.into(),
                depth_um: 500 + (i as u32 % 4) * 500,
                areas: vec![TreatedArea::Face, TreatedArea::Neck],
                device: Some("pen".into()),
                notes: None,
                screening: Vec::new(),
            },
        })
        .collect();
    PatientRecord {
        profile: Profile { cold_sore_history: true, ..Profile::default() },
        sessions,
        ..PatientRecord::default()
    }
}

fn loaded_bridge(now_ms: i64) -> Bridge<Aftercare> {
    let bridge = Bridge::new(Core::new());
    let start = Event::Start { clock: Clock { now_utc_ms: now_ms, zone: "Europe/Paris".into() } };
    let mut out = Vec::new();
    bridge.update(&bincode::serialize(&start).expect("event"), &mut out).expect("start");
    let requests: Vec<Request<EffectFfi>> = bincode::deserialize(&out).expect("requests");
    let loaded = bincode::serialize(&StoreResult::Loaded { record: record() }).expect("record");
    out.clear();
    bridge.resolve(EffectId(requests[0].id.0), &loaded, &mut out).expect("resolve");
    bridge
}

fn today(c: &mut Criterion) {
    // "Now" is three days after the 40th session, with the next one not yet booked.
    let now_ms = START_MS + 39 * 45 * DAY_MS + 3 * DAY_MS;
    let bridge = loaded_bridge(now_ms);
    let tick = bincode::serialize(&Event::ClockChanged {
        clock: Clock { now_utc_ms: now_ms, zone: "Europe/Paris".into() },
    })
    .expect("event");
    let mut effects = Vec::with_capacity(64);
    let mut view = Vec::with_capacity(16 * 1024);
    let mut group = c.benchmark_group("today");
    group.bench_function("bridge_update_view_40_sessions", |b| {
        b.iter(|| {
            effects.clear();
            view.clear();
            bridge.update(black_box(&tick), &mut effects).expect("update");
            bridge.view(&mut view).expect("view");
            black_box(view.len())
        });
    });
    group.finish();
}

criterion_group!(benches, today);
criterion_main!(benches);
