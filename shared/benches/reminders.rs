//! Planning reminders for a 6-session series spanning 9 months (5 weeks apart, the results
//! check ~3 months after the last).
//!
//! Budget: the core re-plans after every event (`reminders::sync`), so planning is part of the
//! Crux round trip, whose share of an 8.3 ms 120 Hz frame is ≤ 100 µs on CI x86
//! (performance-research.md §1). `plan/window_60` runs only when an input changed or the soonest
//! reminder fired; `core/unrelated_event` is what every other event pays (the check that the
//! plan still holds, plus the rest of the round trip).

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use shared::domain::{Clock, NewSession, PatientRecord, Profile, Session, TreatedArea};
use shared::effects::StoreResult;
use shared::i18n::Language;
use shared::protocol::default_protocol;
use shared::reminders::ics::{CalendarInput, calendar};
use shared::reminders::{DEFAULT_CAP, PlanInput, ReminderPrefs, plan};
use shared::{Aftercare, Core, Effect, Event};

/// A core with the series loaded, its store effects resolved in memory.
fn loaded_core(sessions: Vec<Session>, now: DateTime<Utc>) -> Core<Aftercare> {
    let core = Core::<Aftercare>::new();
    let clock = Clock { now_utc_ms: now.timestamp_millis(), zone: "America/New_York".into() };
    let mut queue = core.process_event(Event::Start { clock });
    while let Some(effect) = queue.pop() {
        if let Effect::Store(mut request) = effect {
            let record = PatientRecord { sessions: sessions.clone(), ..PatientRecord::default() };
            let loaded = StoreResult::Loaded { record };
            queue.extend(core.resolve(&mut request, loaded).unwrap_or_default());
        }
    }
    core
}

fn series() -> (Vec<Session>, DateTime<Utc>) {
    let first = Utc.with_ymd_and_hms(2026, 1, 12, 9, 30, 0).single().unwrap_or_default();
    let sessions = (0..6)
        .map(|i| Session {
            id: i + 1,
            details: NewSession {
                start_utc_ms: (first + Duration::weeks(5 * i)).timestamp_millis(),
                zone: "Europe/Paris".into(),
                depth_um: 1500,
                areas: vec![TreatedArea::Face],
                device: None,
                notes: None,
                screening: Vec::new(),
            },
        })
        .collect();
    (sessions, first)
}

fn bench(c: &mut Criterion) {
    let (sessions, first) = series();
    let protocol = default_protocol();
    let profile = Profile { cold_sore_history: true, ..Profile::default() };
    let prefs = ReminderPrefs::default();
    let zone = "America/New_York".parse().unwrap_or(chrono_tz::UTC);
    let check_ins: Vec<DateTime<Utc>> =
        (0..8).map(|d| first + Duration::days(d) + Duration::hours(10)).collect();
    let input = |limit| PlanInput {
        sessions: &sessions,
        protocol,
        profile: &profile,
        prefs: &prefs,
        check_ins: &check_ins,
        follow_up: None,
        // A month before the first session: the whole 9-month series lies ahead.
        now: first - Duration::days(30),
        zone,
        limit,
        language: Language::En,
    };
    let all = plan(&input(usize::MAX));
    assert!(all.len() > 250, "the series plans {} reminders", all.len());

    c.bench_function("plan/window_60", |b| b.iter(|| plan(&input(DEFAULT_CAP))));
    c.bench_function("plan/all_9_months", |b| b.iter(|| plan(&input(usize::MAX))));
    let core = loaded_core(sessions.clone(), first - Duration::days(30));
    c.bench_function("core/unrelated_event", |b| {
        b.iter(|| core.process_event(Event::ShowTimelinePage { page: 0 }))
    });
    c.bench_function("ics/all_9_months", |b| {
        b.iter(|| {
            calendar(&CalendarInput {
                reminders: &all,
                sessions: &sessions,
                protocol,
                zone,
                now: first,
                language: Language::En,
            })
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
