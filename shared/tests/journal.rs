//! The journal driven through the core as a shell would: effects out, results back in.
#![allow(clippy::unwrap_used)]

use shared::domain::{Clock, NewSession, PatientRecord, Session, TreatedArea};
use shared::effects::photo::PhotoProbe;
use shared::effects::{PhotoOperation, PhotoResult, StoreOperation, StoreResult};
use shared::journal::{self, Photo, PhotoForm, TakenSource};
use shared::view::ErrorKind;
use shared::{Aftercare, Core, Effect, Event, ViewModel};

const DAY: i64 = 86_400_000;
const SESSION_START: i64 = 1_772_964_000_000; // 2026-03-08T10:00:00Z

fn photo(id: i64, taken_utc_ms: i64, area: Option<TreatedArea>) -> Photo {
    Photo {
        id,
        taken_utc_ms,
        taken_source: TakenSource::Camera,
        session_id: Some(1),
        day_index: None,
        area,
        note: None,
        width: 1512,
        height: 2016,
        sha256: format!("{id:064}"),
        file: format!("photos/{id:064}.jpg"),
        thumb_file: format!("photos/t{id:063}.jpg"),
        imported_utc_ms: 0,
    }
}

/// Runs the core, answering storage with `record` and photo operations with `photos`,
/// and records the photo operations asked for.
struct Harness {
    core: Core<Aftercare>,
    record: PatientRecord,
    asked: Vec<PhotoOperation>,
}

impl Harness {
    fn start(photos: Vec<Photo>) -> Self {
        let session = Session {
            id: 1,
            details: NewSession {
                start_utc_ms: SESSION_START,
                zone: "Europe/London".into(),
                depth_um: 1000,
                areas: vec![TreatedArea::Face],
                device: None,
                notes: None,
                screening: Vec::new(),
            },
        };
        let record = PatientRecord { sessions: vec![session], photos, ..PatientRecord::default() };
        let mut h = Self { core: Core::new(), record, asked: Vec::new() };
        let clock = Clock { now_utc_ms: SESSION_START + 10 * DAY, zone: "Europe/London".into() };
        h.send(Event::Start { clock }, |_| unreachable!());
        h
    }

    fn send(
        &mut self,
        event: Event,
        mut photo: impl FnMut(&PhotoOperation) -> PhotoResult,
    ) -> ViewModel {
        let mut queue: Vec<Effect> = self.core.process_event(event);
        while let Some(effect) = queue.pop() {
            match effect {
                // Reminder re-plans are not what these tests look at.
                Effect::Render(_) | Effect::Notify(_) | Effect::Clinic(_) => {}
                Effect::Store(mut request) => {
                    assert_eq!(request.operation, StoreOperation::LoadRecord);
                    let result = StoreResult::Loaded { record: self.record.clone() };
                    queue.extend(self.core.resolve(&mut request, result).unwrap());
                }
                Effect::Photo(mut request) => {
                    self.asked.push(request.operation.clone());
                    let result = photo(&request.operation);
                    queue.extend(self.core.resolve(&mut request, result).unwrap());
                }
            }
        }
        self.core.view()
    }
}

fn add(source: &str, taken_at: Option<&str>) -> Event {
    Event::Journal(journal::Event::Add {
        form: PhotoForm {
            source: source.into(),
            area: Some(TreatedArea::Face),
            note: Some("redness fading".into()),
            taken_at: taken_at.map(str::to_owned),
        },
    })
}

fn probed(camera_local_time: Option<&str>) -> PhotoResult {
    PhotoResult::Probed {
        probe: PhotoProbe {
            width: 4032,
            height: 3024,
            camera_local_time: camera_local_time.map(str::to_owned),
            camera_offset_minutes: Some(0),
        },
    }
}

#[test]
fn adding_a_photo_probes_then_imports_it_placed_by_the_camera_date() {
    let mut h = Harness::start(Vec::new());
    let view = h.send(add("file:///pick/IMG_1.jpg", None), |op| match op {
        PhotoOperation::Probe { .. } => probed(Some("2026-03-11T09:00:00")),
        PhotoOperation::Import { import } => {
            let mut p = photo(7, import.taken_utc_ms, import.area);
            p.day_index = import.day_index;
            PhotoResult::Imported { photo: p }
        }
        other => panic!("unexpected {other:?}"),
    });
    assert_eq!(view.error, None);
    let PhotoOperation::Import { import } = &h.asked[1] else { panic!("{:?}", h.asked) };
    assert_eq!(import.source, "file:///pick/IMG_1.jpg");
    assert_eq!(import.taken_source, TakenSource::Camera);
    assert_eq!((import.session_id, import.day_index), (Some(1), Some(2)));
    assert_eq!(import.note.as_deref(), Some("redness fading"));
    let last = view.journal.last_imported.unwrap();
    assert_eq!((last.id, last.day_label.as_str(), last.is_reference), (7, "Day 2", true));
    assert_eq!(view.journal.groups.len(), 1);
}

#[test]
fn dates_outside_the_series_are_refused_before_anything_is_stored() {
    for (given, words) in [
        ("2026-03-01T10:00:00Z", "before your first session"),
        ("2027-01-01T10:00:00Z", "in the future"),
    ] {
        let mut h = Harness::start(Vec::new());
        let view = h.send(add("a.jpg", Some(given)), |_| probed(None));
        let error = view.error.unwrap();
        assert_eq!(error.kind, ErrorKind::Invalid);
        assert!(error.message.contains(words), "{}", error.message);
        assert!(h.asked.iter().all(|op| matches!(op, PhotoOperation::Probe { .. })));
    }
}

#[test]
fn the_journal_groups_by_day_names_the_ghost_and_compares_oldest_first() {
    let photos = vec![
        photo(1, SESSION_START + 2 * 3_600_000, Some(TreatedArea::Face)),
        photo(2, SESSION_START + 3 * DAY, Some(TreatedArea::Face)),
        photo(3, SESSION_START + 3 * DAY + 60_000, Some(TreatedArea::Neck)),
    ];
    let mut h = Harness::start(photos);
    let compare = Event::Journal(journal::Event::Compare { first_id: 2, second_id: 1 });
    let view = h.send(compare, |_| unreachable!());
    let days: Vec<(String, Vec<i64>)> = view.journal.groups[0]
        .days
        .iter()
        .map(|d| (d.label.clone(), d.photos.iter().map(|p| p.id).collect()))
        .collect();
    assert_eq!(days, vec![("Day 0".into(), vec![1]), ("Day 3".into(), vec![2, 3])]);
    assert!(view.journal.groups[0].label.starts_with("Session 1 · Sun 8 Mar 2026"));
    let refs: Vec<(Option<TreatedArea>, i64)> =
        view.journal.references.iter().map(|r| (r.area, r.photo_id)).collect();
    assert_eq!(refs, vec![(Some(TreatedArea::Face), 1), (Some(TreatedArea::Neck), 3)]);
    let comparison = view.journal.comparison.clone().unwrap();
    assert_eq!((comparison.before.id, comparison.after.id, comparison.days_apart), (1, 2, 2));
    assert!(comparison.same_area);
    // Review #19: the words, the slider's accessible name included, are the core's.
    assert_eq!(comparison.title, "Day 0 and Day 3 (2 days apart)");
    assert_eq!(comparison.different_areas, None);
    assert_eq!(comparison.slider_label, "Slide between before and after");
    let other = Event::Journal(journal::Event::Compare { first_id: 1, second_id: 3 });
    let apart = h.send(other, |_| unreachable!()).journal.comparison.unwrap();
    assert_eq!(apart.different_areas.as_deref(), Some("These photos are of different areas."));
    let _ = h.send(
        Event::Journal(journal::Event::Compare { first_id: 2, second_id: 1 }),
        |_| unreachable!(),
    );
    // The shape shells decode: reviewed like code.
    insta::assert_json_snapshot!("journal_view", view.journal);

    // The comparison file gets day labels; deleting a compared photo ends the comparison.
    let write = Event::Journal(journal::Event::WriteComparison {
        first_id: 1,
        second_id: 3,
        destination: "/tmp/c.png".into(),
    });
    let view = h.send(write, |_| PhotoResult::Written { path: "/tmp/c.png".into() });
    let PhotoOperation::Compare { comparison } = &h.asked[0] else { panic!() };
    assert_eq!(comparison.before_label, "Day 0  face  2026-03-08");
    assert_eq!(comparison.after_label, "Day 3  neck  2026-03-11");
    assert_eq!(view.journal.last_written.as_deref(), Some("/tmp/c.png"));
    let delete = Event::Journal(journal::Event::Delete { id: 3 });
    let view = h.send(delete, |_| PhotoResult::Deleted);
    assert_eq!(view.journal.comparison, None);
    assert_eq!(view.journal.groups[0].days[1].photos.len(), 1);
}

#[test]
fn handler_failures_become_patient_words_in_the_view() {
    let mut h = Harness::start(Vec::new());
    let heic = || PhotoResult::Failed {
        error: shared::effects::PhotoError::new(
            shared::effects::PhotoErrorKind::Unsupported,
            shared::effects::PhotoReason::Heic,
        ),
    };
    let view = h.send(add("x.heic", None), |_| heic());
    let error = view.error.unwrap();
    assert_eq!(error.kind, ErrorKind::Invalid);
    assert!(error.message.contains("convert to JPEG first"), "{}", error.message);
    // The handler gives the reason; the core words it in the patient's language.
    h.send(Event::SetLanguage { tag: "es".into() }, |_| unreachable!());
    let view = h.send(add("x.heic", None), |_| heic());
    assert!(view.error.unwrap().message.starts_with("las fotos HEIC/HEIF no son compatibles"));
}

#[test]
fn journal_events_cross_the_bridge_as_bincode() {
    let event = add("file:///a.jpg", Some("2026-03-09T10:00:00Z"));
    let bytes = bincode::serialize(&event).unwrap();
    assert_eq!(bincode::deserialize::<Event>(&bytes).unwrap(), event);
}

#[test]
fn the_journal_reads_in_the_patients_language() {
    let photos = vec![
        photo(1, SESSION_START + 2 * 3_600_000, Some(TreatedArea::Face)),
        photo(2, SESSION_START + 3 * DAY, Some(TreatedArea::Neck)),
    ];
    let mut h = Harness::start(photos);
    h.send(Event::SetLanguage { tag: "es-MX".into() }, |_| unreachable!());
    let compare = Event::Journal(journal::Event::Compare { first_id: 2, second_id: 1 });
    let view = h.send(compare, |_| unreachable!());
    let j = &view.journal;
    assert_eq!(j.groups[0].label, "Sesión 1 · domingo 8 mar 2026");
    let days: Vec<&str> = j.groups[0].days.iter().map(|d| d.label.as_str()).collect();
    assert_eq!(days, ["Día 0", "Día 3"]);
    let first = &j.groups[0].days[0].photos[0];
    assert_eq!(first.alt, format!("Foto, Día 0, {}", first.taken_label));
    assert!(first.taken_label.starts_with("domingo 8 mar "), "{}", first.taken_label);
    let comparison = j.comparison.as_ref().unwrap();
    assert_eq!(comparison.title, "Día 0 y Día 3 (2 días de diferencia)");
    assert_eq!(comparison.before_alt, "Antes: Día 0");
    insta::assert_json_snapshot!("journal_words_es", j.words);

    let missing = Event::Journal(journal::Event::Compare { first_id: 1, second_id: 9 });
    let view = h.send(missing, |_| unreachable!());
    assert_eq!(view.error.unwrap().message, "no hay ninguna foto 9");
    // What the clinic receives with a share stays English.
    assert_eq!(journal::day_label(Some(3)), "Day 3");
}
