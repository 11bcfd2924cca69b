//! Per-patient FHIR R4 `collection` Bundle: Patient, Procedure per treatment session,
//! Observations per check-in answer (codes from shared/clinical-research.md §3.3).

use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, Utc};
use serde_json::{Value, json};

use super::roles::Clinician;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::PatientDetail;

const LOINC: &str = "http://loinc.org";
const SNOMED: &str = "http://snomed.info/sct";
const FACE: (&str, &str) = ("89545001", "Face structure");

pub(super) async fn export(
    State(state): State<AppState>,
    Clinician(staff): Clinician,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let lookup = id.clone();
    let detail = state.db(move |s| s.patient_detail(&lookup)).await?.ok_or(ApiError::NotFound)?;
    staff.audit(&state, "export_fhir", Some(&detail.id)).await?;
    let body = serde_json::to_string_pretty(&bundle(&detail))
        .map_err(|e| ApiError::Internal(format!("fhir: {e}")))?;
    let disposition = format!("attachment; filename=\"patient-{}.fhir.json\"", safe(&detail.id));
    Ok((
        [(CONTENT_TYPE, "application/fhir+json".to_owned()), (CONTENT_DISPOSITION, disposition)],
        body,
    )
        .into_response())
}

fn safe(id: &str) -> String {
    id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect()
}

/// A name-based UUID (version 8 layout) from SHA-256 of the parent id and a suffix.
fn derived_uuid(parent: &str, suffix: u8) -> String {
    let digest = crate::secrets::sha256_hex(format!("{parent}:{suffix}"));
    let mut b = hex::decode(&digest[..32]).unwrap_or_else(|_| vec![0; 16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

fn time(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn coding(system: &str, code: &str, display: &str) -> Value {
    json!({ "coding": [{ "system": system, "code": code, "display": display }], "text": display })
}

fn observation(
    id: &str,
    patient_ref: &str,
    at: &str,
    category: &str,
    code: Value,
    value: (&str, Value),
) -> Value {
    let mut obs = json!({
        "resourceType": "Observation",
        "id": id,
        "status": "final",
        "category": [{ "coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": category
        }]}],
        "code": code,
        "subject": { "reference": patient_ref },
        "effectiveDateTime": at,
        "performer": [{ "reference": patient_ref }],
    });
    if let Some(map) = obs.as_object_mut() {
        map.insert(value.0.to_owned(), value.1);
    }
    obs
}

/// Builds the Bundle. Ids are the server's random UUIDs, so `urn:uuid:` full URLs are valid.
pub fn bundle(p: &PatientDetail) -> Value {
    let patient_ref = format!("urn:uuid:{}", p.id);
    let mut entries = vec![json!({
        "fullUrl": patient_ref,
        "resource": {
            "resourceType": "Patient",
            "id": p.id,
            "identifier": [{ "system": "urn:afterglow:clinic-patient", "value": p.id }],
            "name": [{ "text": p.name }],
        }
    })];
    for s in &p.sessions {
        let mut procedure = json!({
            "resourceType": "Procedure",
            "id": s.id,
            "status": "completed",
            "code": { "text": "Microneedling (collagen induction therapy)" },
            "subject": { "reference": patient_ref },
            "performedDateTime": time(s.performed_at),
            "bodySite": [coding(SNOMED, FACE.0, FACE.1)],
        });
        if let (Some(depth), Some(map)) = (s.depth_mm, procedure.as_object_mut()) {
            map.insert("note".into(), json!([{ "text": format!("Needle depth {depth:.2} mm") }]));
        }
        entries.push(json!({ "fullUrl": format!("urn:uuid:{}", s.id), "resource": procedure }));
    }
    for c in &p.checkins {
        let at = time(c.recorded_at);
        let a = &c.answers;
        let mut push = |suffix: u8, category: &str, code: Value, value: (&str, Value)| {
            // Deterministic per-answer UUIDs derived from the check-in's, so a re-export
            // names the same Observation the same way.
            let id = derived_uuid(&c.id, suffix);
            let obs = observation(&id, &patient_ref, &at, category, code, value);
            entries.push(json!({ "fullUrl": format!("urn:uuid:{id}"), "resource": obs }));
        };
        if let Some(v) = a.pain {
            let code = coding(
                LOINC,
                "72514-3",
                "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
            );
            push(1, "survey", code, ("valueInteger", json!(v)));
        }
        if let Some(v) = a.temperature_c {
            let quantity = json!({ "value": v, "unit": "Cel", "system": "http://unitsofmeasure.org", "code": "Cel" });
            push(
                2,
                "vital-signs",
                coding(LOINC, "8310-5", "Body temperature"),
                ("valueQuantity", quantity),
            );
        }
        if let Some(v) = a.redness {
            push(3, "survey", coding(SNOMED, "247441003", "Erythema"), ("valueInteger", json!(v)));
        }
        if let Some(v) = a.swelling {
            push(4, "survey", coding(SNOMED, "267038008", "Edema"), ("valueInteger", json!(v)));
        }
        if let Some(v) = a.itching {
            push(5, "survey", coding(SNOMED, "418290006", "Itching"), ("valueInteger", json!(v)));
        }
    }
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": time(Utc::now()),
        "entry": entries,
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::store::{Answers, CheckinRecord, Level, TreatmentSession};

    fn detail() -> PatientDetail {
        let at = |h| Utc.with_ymd_and_hms(2026, 11, 20, h, 0, 0).unwrap();
        PatientDetail {
            id: "f0e79a3f-3fdc-45f7-a3b0-8a05eda7d709".into(),
            name: "Ann Example".into(),
            created_at: at(8),
            devices: vec![],
            sessions: vec![TreatmentSession {
                id: "1b7c3c55-7b5e-4f43-9d8e-2f0a3c1d9e10".into(),
                performed_at: at(9),
                zone: "Europe/London".into(),
                depth_mm: Some(1.0),
                area: Some("face".into()),
                note: None,
            }],
            checkins: vec![CheckinRecord {
                id: "6a2d0f0e-9c1b-4e8a-8f3d-5b7e2c4a1d90".into(),
                recorded_at: at(20),
                zone: "Europe/London".into(),
                level: Level::Watch,
                rule_ids: vec!["C1".into()],
                answers: Answers {
                    pain: Some(4),
                    redness: Some(2),
                    swelling: Some(1),
                    itching: Some(3),
                    temperature_c: Some(37.4),
                    ..Answers::default()
                },
                note: Some("a note that stays out of FHIR".into()),
                handled_at: None,
                notes: vec![],
            }],
            photos: vec![],
        }
    }

    #[test]
    fn bundle_shape() {
        let mut bundle = bundle(&detail());
        bundle["timestamp"] = "[export time]".into();
        insta::assert_json_snapshot!(bundle);
    }
}
