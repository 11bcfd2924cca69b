//! The FHIR export from fixed inputs: its shape (snapshot), its codes, and that it is pure
//! (same input, same JSON). Third-party validation of the CLI's output is in cli/tests/export.rs.

use serde_json::Value;
use shared::checkin::{Checkin, CheckinAnswers, Discharge, Level, NewCheckin, Sign, TriageResult};
use shared::domain::{NewSession, Session, TreatedArea};
use shared::export::fhir::{FhirInput, PhotoContent, bundle};
use shared::journal::{Photo, TakenSource};

const START_MS: i64 = 1_772_974_800_000; // 2026-03-08T13:00:00Z
const DAY_MS: i64 = 86_400_000;

fn session() -> Session {
    Session {
        id: 1,
        details: NewSession {
            start_utc_ms: START_MS,
            zone: "America/New_York".into(),
            depth_um: 1500,
            areas: vec![TreatedArea::Face, TreatedArea::Neck],
            device: Some("pen".into()),
            notes: None,
            screening: Vec::new(),
        },
    }
}

fn checkin(id: i64, day: u32, temperature: Option<i16>, level: Level) -> Checkin {
    Checkin {
        id,
        details: NewCheckin {
            taken_utc_ms: START_MS + i64::from(day) * DAY_MS + 3_600_000,
            zone: "America/New_York".into(),
            session_id: Some(1),
            day_index: day,
            answers: CheckinAnswers {
                redness: Some(2),
                swelling: Some(1),
                pain: Some(3),
                itch: Some(4),
                temperature_tenths_c: temperature,
                discharge: Some(Discharge::Clear),
                signs: if temperature.is_some() { vec![Sign::Warmth] } else { vec![] },
                note: Some("tight".into()),
            },
            triage: TriageResult {
                level,
                rules: if level == Level::Expected { vec![] } else { vec!["C1".into()] },
                advice: "Keep going".into(),
                day_index: day,
                flagged_for_sharing: level >= Level::ContactClinic,
            },
        },
    }
}

fn photo() -> Photo {
    Photo {
        id: 7,
        taken_utc_ms: START_MS + 2 * DAY_MS,
        taken_source: TakenSource::Camera,
        session_id: Some(1),
        day_index: Some(2),
        area: Some(TreatedArea::Face),
        note: None,
        width: 4,
        height: 3,
        sha256: "ab".repeat(32),
        file: "photos/x.jpg".into(),
        thumb_file: "photos/x.thumb.jpg".into(),
        imported_utc_ms: START_MS + 2 * DAY_MS,
    }
}

fn build() -> Value {
    let sessions = [session()];
    let checkins =
        [checkin(10, 1, None, Level::Expected), checkin(11, 2, Some(384), Level::ContactClinic)];
    let p = photo();
    let photos = [PhotoContent { photo: &p, jpeg: b"\xff\xd8fake\xff\xd9" }];
    bundle(&FhirInput {
        patient_id: "patient-1",
        sessions: &sessions,
        checkins: &checkins,
        photos: &photos,
        generated_utc_ms: START_MS + 3 * DAY_MS,
    })
}

fn resources<'a>(b: &'a Value, kind: &str) -> Vec<&'a Value> {
    b["entry"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

#[test]
fn bundle_shape() {
    insta::assert_json_snapshot!(build());
}

#[test]
fn same_record_same_bundle() {
    assert_eq!(build(), build());
}

#[test]
fn counts_codes_and_references() {
    let b = build();
    assert_eq!(b["type"], "collection");
    assert_eq!(resources(&b, "Patient").len(), 1);
    assert!(resources(&b, "Patient")[0].get("name").is_none(), "the app has no name to export");
    assert_eq!(resources(&b, "Procedure").len(), 1);
    assert_eq!(resources(&b, "QuestionnaireResponse").len(), 2);
    // 4 per check-in, plus temperature where measured.
    assert_eq!(resources(&b, "Observation").len(), 9);
    assert_eq!(resources(&b, "DocumentReference").len(), 1);
    assert_eq!(resources(&b, "Binary").len(), 1);
    let procedure = resources(&b, "Procedure")[0];
    assert_eq!(procedure["performedDateTime"], "2026-03-08T09:00:00-04:00");
    assert_eq!(procedure["bodySite"][0]["coding"][0]["code"], "89545001");
    let codes: Vec<&str> = resources(&b, "Observation")
        .iter()
        .filter_map(|o| o["code"]["coding"][0]["code"].as_str())
        .collect();
    for code in ["72514-3", "8310-5", "247441003", "267038008", "418290006"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let binary = resources(&b, "Binary")[0];
    assert_eq!(binary["data"], "/9hmYWtl/9k=");
    // Every fullUrl is a urn:uuid and unique; every reference points inside the Bundle.
    let urls: Vec<&str> =
        b["entry"].as_array().into_iter().flatten().filter_map(|e| e["fullUrl"].as_str()).collect();
    assert!(urls.iter().all(|u| u.starts_with("urn:uuid:") && u.len() == 45));
    let mut unique = urls.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), urls.len());
    let text = b.to_string();
    for reference in text.split("\"reference\":\"").skip(1) {
        let target = reference.split('"').next().unwrap_or_default();
        assert!(urls.contains(&target), "dangling reference {target}");
    }
}
