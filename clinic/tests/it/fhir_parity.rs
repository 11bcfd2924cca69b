//! One FHIR builder (issue 14): a check-in and a session, exported by the app and downloaded
//! from the portal after the app's own upload of them, give the same resources. Ids and
//! references differ by design (local ids against server ids); the day count and the advice
//! text are not part of the upload, so the portal's QuestionnaireResponse lacks those two items.

use serde_json::Value;
use shared::checkin::{Checkin, CheckinAnswers, Discharge, Level, NewCheckin, Sign, TriageResult};
use shared::domain::{NewSession, Session, TreatedArea};
use shared::effects::OutboxBody;
use shared::export::fhir::{FhirInput, bundle};
use shared::sharing::requests;

use crate::harness::Server;

const TAKEN: i64 = 1_795_000_000_000; // 2026-11-18, in Madrid's winter time

fn app_checkin() -> Checkin {
    Checkin {
        id: 7,
        details: NewCheckin {
            taken_utc_ms: TAKEN,
            zone: "Europe/Madrid".into(),
            session_id: Some(1),
            day_index: 2,
            answers: CheckinAnswers {
                redness: Some(3),
                swelling: Some(2),
                pain: Some(6),
                itch: Some(4),
                temperature_tenths_c: Some(381),
                discharge: Some(Discharge::Pus),
                signs: vec![Sign::Warmth, Sign::Spreading],
                note: Some("it feels hot".into()),
            },
            triage: TriageResult {
                level: Level::ContactClinic,
                rules: vec!["C1".into()],
                advice: "Call your clinic today.".into(),
                day_index: 2,
                flagged_for_sharing: true,
            },
        },
    }
}

fn app_session() -> Session {
    Session {
        id: 1,
        details: NewSession {
            start_utc_ms: TAKEN - 2 * 86_400_000,
            zone: "Europe/Madrid".into(),
            depth_um: 1500,
            areas: vec![TreatedArea::Face, TreatedArea::Neck],
            device: None,
            notes: None,
            screening: vec![],
        },
    }
}

/// The resources of `kinds`, without what names them (ids, references) and without the
/// QuestionnaireResponse items the upload does not carry.
fn comparable(bundle: &Value, kinds: &[&str]) -> Vec<Value> {
    let mut out: Vec<Value> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource"].clone())
        .filter(|r| kinds.contains(&r["resourceType"].as_str().unwrap()))
        .collect();
    for r in &mut out {
        let map = r.as_object_mut().unwrap();
        for naming in ["id", "subject", "author", "performer", "derivedFrom"] {
            map.remove(naming);
        }
        if let Some(Value::Array(items)) = map.get_mut("item") {
            items.retain(|i| !matches!(i["linkId"].as_str(), Some("day" | "triage-advice")));
        }
    }
    out
}

async fn upload(server: &Server, token: &str, key: &str, draft: shared::effects::OutboxDraft) {
    let OutboxBody::Json { json } = draft.body else { panic!("a JSON upload") };
    let response = server
        .http
        .post(format!("{}{}", server.url, draft.path))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .header("Content-Type", "application/json")
        .body(json)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
}

#[tokio::test]
async fn the_portal_and_the_app_export_the_same_resources_for_the_same_checkin() {
    let (checkin, session) = (app_checkin(), app_session());
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    upload(&server, &p.token, "key-parity-s", requests::session(&session)).await;
    upload(&server, &p.token, "key-parity-c", requests::checkin(&checkin)).await;

    let staff = server.staff().await;
    let portal: Value = staff.get(&format!("/patients/{}/fhir", p.id)).await.json().await.unwrap();
    let app = bundle(&FhirInput {
        patient_id: "device-patient",
        sessions: std::slice::from_ref(&session),
        checkins: std::slice::from_ref(&checkin),
        photos: &[],
        generated_utc_ms: TAKEN,
    });

    let kinds = ["QuestionnaireResponse", "Observation", "Procedure"];
    let (from_portal, from_app) = (comparable(&portal, &kinds), comparable(&app, &kinds));
    assert_eq!(from_app.len(), 1 + 5 + 1, "a response, five observations, a procedure");
    assert_eq!(from_portal, from_app);
    // The findings the clinical review asked for are in both (major 9).
    let text = portal.to_string();
    for code in ["\"pus\"", "\"warmth\"", "\"spreading\"", "it feels hot"] {
        assert!(text.contains(code), "{code} missing from the portal's bundle");
    }
    let patient = &portal["entry"][0]["resource"];
    assert_eq!(patient["name"][0]["text"], "Ann Example");
}
