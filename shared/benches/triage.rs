//! Triage of one check-in, plus the trend view model, for a record of 2,000 stored check-ins
//! (20 sessions × 100 check-ins, the fixture of performance-research.md), measured against the
//! 8.3 ms frame budget at 120 Hz and the ≤ 100 µs CI target for a whole core round trip.
//!
//! `cargo bench -p shared --bench triage`

// Test and bench helpers may unwrap: a failed unwrap here is a failed run, not a patient's crash.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use shared::checkin::{
    self, Checkin, CheckinAnswers, CheckinForm, Course, Discharge, NewCheckin, Sign, triage,
};
use shared::domain::clock::Now;
use shared::domain::{Clock, NewSession, PatientRecord, Session, TreatedArea};
use shared::effects::{StoreOperation, StoreResult};
use shared::i18n::Language;
use shared::protocol::default_protocol;
use shared::{Aftercare, Core, Effect, Event};

const SESSIONS: i64 = 20;
const PER_SESSION: i64 = 100;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-01T12:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap()
}

/// A deterministic spread of answers (no RNG: the fixture is the same on every run).
fn answers(n: i64) -> CheckinAnswers {
    let pick = |modulus: i64| u8::try_from(n.rem_euclid(modulus)).unwrap();
    CheckinAnswers {
        redness: Some(pick(5)),
        swelling: Some(pick(4)),
        pain: Some(pick(7)),
        itch: Some(pick(5)),
        temperature_tenths_c: (n % 3 != 0).then_some(365 + i16::from(pick(20))),
        discharge: Some(Discharge::ALL[usize::from(pick(3))]),
        signs: if n % 4 == 0 { vec![Sign::Warmth] } else { vec![] },
        note: (n % 10 == 0).then(|| "a little tight this morning".to_owned()),
    }
}

/// 20 sessions six weeks apart, the last 21 days ago; 100 check-ins each, every 4.8 h.
fn record() -> PatientRecord {
    let protocol = default_protocol();
    let mut record = PatientRecord::default();
    let last_start = now() - Duration::days(21);
    for s in 0..SESSIONS {
        let start = last_start - Duration::days(42 * (SESSIONS - 1 - s));
        let session = Session {
            id: s + 1,
            details: NewSession {
                start_utc_ms: start.timestamp_millis(),
                zone: "Europe/Paris".into(),
                depth_um: 1000,
                areas: vec![TreatedArea::Face],
                device: None,
                notes: None,
                screening: Vec::new(),
            },
        };
        for c in 0..PER_SESSION {
            let taken = start + Duration::minutes(288 * c);
            let day_index = u32::try_from((taken - start).num_days()).unwrap();
            let a = answers(s * PER_SESSION + c);
            let course = Course {
                day_index,
                redness_end_days: protocol.redness_days(session.depth_mm()),
                ceiling_days: protocol.expected_ceiling_days,
            };
            let result = triage(&a, None, course);
            record.checkins.push(Checkin {
                id: s * PER_SESSION + c + 1,
                details: NewCheckin {
                    taken_utc_ms: taken.timestamp_millis(),
                    zone: "Europe/Paris".into(),
                    session_id: Some(session.id),
                    day_index,
                    answers: a,
                    triage: result,
                },
            });
        }
        record.sessions.push(session);
    }
    record
}

fn form() -> CheckinForm {
    CheckinForm {
        redness: Some(2),
        swelling: Some(1),
        pain: Some(3),
        itch: Some(2),
        temperature: Some(checkin::TemperatureInput {
            text: "37.4".into(),
            unit: checkin::TemperatureUnit::Celsius,
        }),
        discharge: Some(Discharge::Clear),
        signs: vec![Sign::Warmth],
        note: None,
    }
}

/// A core that has loaded `record`.
fn loaded_core(record: &PatientRecord) -> Core<Aftercare> {
    let core = Core::<Aftercare>::new();
    let clock = Clock { now_utc_ms: now().timestamp_millis(), zone: "Europe/Paris".into() };
    for effect in core.process_event(Event::Start { clock }) {
        if let Effect::Store(mut request) = effect {
            let loaded = StoreResult::Loaded { record: record.clone() };
            core.resolve(&mut request, loaded).unwrap();
        }
    }
    // The patient is on the check-ins screen, whose view carries the history page and trend.
    core.process_event(Event::Show { screen: shared::view::Screen::Checkins });
    assert_eq!(core.view().checkins.history.total, 2_000);
    core
}

/// Submit → store effect → resolve → view model as bincode: one round trip of a phone.
fn submit_store_view(core: &Core<Aftercare>) -> Vec<u8> {
    let mut effects = core.process_event(Event::Checkin(checkin::Event::Submit { form: form() }));
    let Some(Effect::Store(mut request)) = effects.pop() else { panic!("no store effect") };
    let StoreOperation::AddCheckin { checkin } = request.operation.clone() else {
        panic!("not a check-in")
    };
    let stored = StoreResult::CheckinAdded { checkin: Checkin { id: 9_999, details: checkin } };
    core.resolve(&mut request, stored).unwrap();
    bincode::serialize(&core.view()).unwrap()
}

/// CPU time of this thread: on a shared machine, the round trip's own cost without the time
/// the thread waited for a core.
fn thread_cpu() -> std::time::Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    std::time::Duration::new(t.tv_sec.try_into().unwrap(), t.tv_nsec.try_into().unwrap())
}

/// The same round trip timed one by one, each on a freshly loaded core as in criterion, for
/// the tail criterion does not report: p50 and p99 of 1,000 rounds (3 in criterion's test mode,
/// which `cargo test --all-targets` runs unoptimised), wall and CPU time.
fn round_trip_percentiles(record: &PatientRecord) {
    let rounds: usize = if std::env::args().any(|a| a == "--bench") { 1_000 } else { 3 };
    let (mut wall, mut cpu): (Vec<f64>, Vec<f64>) = (0..rounds)
        .map(|_| {
            let core = loaded_core(record);
            let (started, cpu_started) = (Instant::now(), thread_cpu());
            black_box(submit_store_view(&core));
            let (elapsed, cpu) = (started.elapsed(), thread_cpu() - cpu_started);
            drop(core);
            (elapsed.as_secs_f64() * 1e6, cpu.as_secs_f64() * 1e6)
        })
        .unzip();
    wall.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    let at = |v: &[f64], q: f64| v[((rounds - 1) as f64 * q).round() as usize];
    println!(
        "round trip: submit a check-in with 2,000 stored, then the view as bincode, {rounds} rounds: \
         wall p50 {:.1} µs, p99 {:.1} µs; thread CPU p50 {:.1} µs, p99 {:.1} µs",
        at(&wall, 0.5),
        at(&wall, 0.99),
        at(&cpu, 0.5),
        at(&cpu, 0.99)
    );
}

fn benches(c: &mut Criterion) {
    let record = record();
    let protocol = default_protocol();
    let now = Now { instant: now(), zone: "Europe/Paris".parse().unwrap() };
    let current = record.sessions.last().unwrap();
    let answers = form().validate().unwrap();
    let course = Course {
        day_index: 21,
        redness_end_days: protocol.redness_days(current.depth_mm()),
        ceiling_days: protocol.expected_ceiling_days,
    };

    let mut group = c.benchmark_group("checkin");
    group.bench_function("triage_one", |b| {
        b.iter(|| triage(black_box(&answers), None, black_box(course)))
    });
    group.bench_function("triage_one_plus_trend_2000", |b| {
        b.iter(|| {
            let previous =
                checkin::history::previous_day(&record.checkins, current.id, course.day_index);
            let result = triage(&answers, previous.map(|p| &p.details.answers), course);
            let trend = checkin::trend::trend(black_box(&record), protocol, now, Language::En);
            (result, trend)
        })
    });
    // The check-in screen's own view model: a history page and the trend.
    group.bench_function("checkin_view_history_page_plus_trend_2000", |b| {
        b.iter(|| {
            let page = checkin::view::history(
                black_box(&record.checkins),
                now,
                0,
                shared::i18n::Language::En,
                |_| Vec::new(),
            );
            let trend = checkin::trend::trend(black_box(&record), protocol, now, Language::En);
            (page, trend)
        })
    });
    // The whole core round trip a phone makes: submit → store effect → resolve → view, with the
    // view model encoded as the bridge does (bincode).
    group.bench_function("core_submit_store_view_bincode_2000", |b| {
        b.iter_batched(
            || loaded_core(&record),
            // Returned, so criterion drops the core outside the measurement.
            |core| {
                let bytes = submit_store_view(&core);
                (core, bytes)
            },
            BatchSize::LargeInput,
        )
    });
    let loaded = loaded_core(&record);
    group.bench_function("core_view_2000", |b| b.iter(|| loaded.view()));
    group.bench_function("default_protocol_parse", |b| {
        b.iter(|| shared::protocol::parse(shared::protocol::default_protocol_json()))
    });
    group.finish();

    round_trip_percentiles(&record);

    let core = loaded_core(&record);
    let bytes = bincode::serialize(&core.view()).unwrap().len();
    let checkin_bytes = bincode::serialize(&core.view().checkins).unwrap().len();
    println!(
        "view model: {bytes} bytes bincode, of which check-ins (page + trend) {checkin_bytes}"
    );
}

criterion_group!(triage_benches, benches);
criterion_main!(triage_benches);
