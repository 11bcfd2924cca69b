//! One FHIR builder (issue 14): a check-in and a session, exported by the app and downloaded
//! from the portal after the app's own upload of them, give the same resources. Ids and
//! references differ by design (local ids against server ids); the day count and the advice
//! text are not part of the upload, so the portal's QuestionnaireResponse lacks those two items;
//! nor are a photo's session and day, so the portal's DocumentReference has no `context` and
//! its description names only the photo.

use serde_json::Value;
use shared::checkin::{Checkin, CheckinAnswers, Discharge, Level, NewCheckin, Sign, TriageResult};
use shared::domain::{NewSession, Session, TreatedArea};
use shared::effects::OutboxBody;
use shared::export::fhir::{FhirInput, PhotoContent, bundle};
use shared::journal::{Photo, TakenSource};
use shared::sharing::requests;

use crate::harness::{Server, jpeg};

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

fn app_photo() -> Photo {
    Photo {
        id: 3,
        taken_utc_ms: TAKEN - 3_600_000,
        taken_source: TakenSource::Camera,
        session_id: Some(1),
        day_index: Some(2),
        area: Some(TreatedArea::Face),
        note: None,
        width: 2,
        height: 3,
        sha256: "ab".repeat(32),
        file: "photos/x.jpg".into(),
        thumb_file: "photos/x.thumb.jpg".into(),
        imported_utc_ms: TAKEN,
    }
}

/// Sends an outbox item as the shells do: a JSON body, or the photo's stored JPEG.
async fn upload(server: &Server, token: &str, key: &str, draft: shared::effects::OutboxDraft) {
    let (body, content_type) = match draft.body {
        OutboxBody::Json { json } => (json.into_bytes(), "application/json"),
        OutboxBody::Photo { .. } => (jpeg(), "image/jpeg"),
    };
    let response = server
        .http
        .post(format!("{}{}", server.url, draft.path))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .header("Content-Type", content_type)
        .body(body)
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

#[tokio::test]
async fn the_portal_and_the_app_export_the_same_photo_with_the_same_bytes() {
    let (session, photo) = (app_session(), app_photo());
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    upload(&server, &p.token, "key-parity-s", requests::session(&session)).await;
    let sessions = std::slice::from_ref(&session);
    let draft = requests::photo(&photo, sessions, chrono_tz::Tz::UTC);
    upload(&server, &p.token, "key-parity-p", draft).await;

    let staff = server.staff().await;
    let portal: Value = staff.get(&format!("/patients/{}/fhir", p.id)).await.json().await.unwrap();
    let jpeg = jpeg();
    let app = bundle(&FhirInput {
        patient_id: "device-patient",
        sessions,
        checkins: &[],
        photos: &[PhotoContent { photo: &photo, jpeg: &jpeg }],
        generated_utc_ms: TAKEN,
    });

    let photo_parts = |bundle: &Value| {
        let mut out = comparable(bundle, &["DocumentReference", "Binary"]);
        for r in &mut out {
            let map = r.as_object_mut().unwrap();
            // Named by the photo's id on each side; the session link is the app's alone.
            for naming in ["description", "context"] {
                map.remove(naming);
            }
            if let Some(attachment) = map.get_mut("content").map(|c| &mut c[0]["attachment"]) {
                let attachment = attachment.as_object_mut().unwrap();
                attachment.remove("url");
                attachment.remove("title");
            }
        }
        out
    };
    let (from_portal, from_app) = (photo_parts(&portal), photo_parts(&app));
    assert_eq!(from_app.len(), 2, "a DocumentReference and a Binary");
    assert_eq!(from_portal, from_app);
    // The same bytes, and the same local time (the session's zone, sent with the photo).
    assert_eq!(from_portal[1]["resourceType"], "Binary");
    assert!(from_portal[1]["data"].as_str().is_some_and(|d| d.starts_with("/9j/")), "a JPEG");
    assert_eq!(from_portal[0]["date"], "2026-11-18T11:06:40+01:00");
}
