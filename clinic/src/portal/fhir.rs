//! Per-patient FHIR R4 `collection` Bundle, built by the app's own builder
//! (`shared::export::fhir::bundle_of`) from the clinic's copy of what the patient shared, so
//! the portal's download and the app's export give the same resources for the same check-in
//! or photo: sessions, check-ins (answers, signs, the patient's note, level and rules) and
//! photos (embedded up to a size budget, `fhir_photos.rs`). The clinic's own records about a
//! check-in (staff notes, the reply to the patient) follow as resources of their own
//! (`fhir_clinic.rs`), so the patient's part stays the app's resources.

use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::Value;
use shared::checkin::{CheckinAnswers, Discharge, Level as CoreLevel, Sign};
use shared::domain::TreatedArea;
use shared::export::fhir::{
    FhirCheckin, FhirPatient, FhirPhoto, FhirRecord, FhirSession, bundle_of,
};

use super::roles::Clinician;
use super::{fhir_clinic, fhir_photos};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{Answers, CheckinRecord, Level, PatientDetail, TreatmentSession};

/// The identifier system of the clinic's own patient ids.
const CLINIC_PATIENT_SYSTEM: &str = "urn:afterglow:clinic-patient";

pub(super) async fn export(
    State(state): State<AppState>,
    Clinician(staff): Clinician,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    // A whole record leaves the server: ask for a fresh code (review H2 step-up).
    if let Err(ask) = staff.require_fresh_code(&format!("/patients/{id}/fhir")) {
        return Ok(ask.into_response());
    }
    // Before anything is read or audited: a refused download exported nothing.
    let _permit = state.fhir_permit()?;
    let (clinic, lookup) = (staff.clinic, id.clone());
    let detail =
        state.db(move |s| s.patient_detail(clinic, &lookup)).await?.ok_or(ApiError::NotFound)?;
    staff.audit(&state, "export_fhir", Some(&detail.id)).await?;
    let disposition = format!("attachment; filename=\"patient-{}.fhir.json\"", safe(&detail.id));
    let (blobs, budget) = (std::sync::Arc::clone(state.photos()), state.limits().fhir_photo_bytes);
    let now = Utc::now().timestamp_millis();
    // File reads, base64 and serialising a few tens of MiB: off the async workers.
    let body = tokio::task::spawn_blocking(move || {
        let held = fhir_photos::read(blobs.as_ref(), &detail.id, &detail.photos, budget);
        let reason = fhir_photos::over_budget(budget);
        let mut value =
            bundle(&detail, fhir_photos::fhir_photos(&detail.photos, &held, &reason), now);
        fhir_clinic::add_clinic_records(&mut value, &detail);
        drop(held); // the Value holds the base64 now; the raw bytes need not stay for the body
        serde_json::to_vec_pretty(&value)
    })
    .await
    .map_err(|e| ApiError::Internal(format!("fhir task: {e}")))?
    .map_err(|e| ApiError::Internal(format!("fhir: {e}")))?;
    Ok((
        [(CONTENT_TYPE, "application/fhir+json".to_owned()), (CONTENT_DISPOSITION, disposition)],
        body,
    )
        .into_response())
}

fn safe(id: &str) -> String {
    id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect()
}

fn core_level(level: Level) -> CoreLevel {
    match level {
        Level::Expected => CoreLevel::Expected,
        Level::Watch => CoreLevel::Watch,
        Level::ContactClinic => CoreLevel::ContactClinic,
        Level::Urgent => CoreLevel::Urgent,
    }
}

/// The stored answers in the core's terms. Keys were checked against the core's closed sets
/// on upload; a key the core no longer knows is left out rather than guessed.
fn core_answers(a: &Answers, note: Option<&str>) -> CheckinAnswers {
    let tenths = a.temperature_c.map(|c| (c * 10.0).round()).filter(|t| t.abs() < 10_000.0);
    CheckinAnswers {
        redness: a.redness,
        swelling: a.swelling,
        pain: a.pain,
        itch: a.itching,
        #[allow(clippy::cast_possible_truncation)] // bounded just above
        temperature_tenths_c: tenths.map(|t| t as i16),
        discharge: a.discharge.as_deref().and_then(Discharge::from_key),
        signs: a.signs.iter().flatten().filter_map(|k| Sign::from_key(k)).collect(),
        note: note.map(str::to_owned),
    }
}

fn checkin(c: &CheckinRecord) -> FhirCheckin<'_> {
    FhirCheckin {
        id: c.id.clone(),
        taken_utc_ms: c.recorded_at.timestamp_millis(),
        zone: &c.zone,
        // Not part of the upload: the clinic knows the instant, not the app's day count or
        // the advice text it showed.
        day_index: None,
        answers: core_answers(&c.answers, c.note.as_deref()),
        level: core_level(c.level),
        rules: &c.rule_ids,
        advice: None,
    }
}

fn session(s: &TreatmentSession) -> FhirSession<'_> {
    let areas = s.area.as_deref().unwrap_or_default();
    FhirSession {
        id: s.id.clone(),
        start_utc_ms: s.performed_at.timestamp_millis(),
        zone: &s.zone,
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // checked on upload
        depth_um: s.depth_mm.filter(|d| (0.0..=10.0).contains(d)).map(|d| (d * 1000.0).round() as u32),
        areas: areas.split(',').filter_map(|k| TreatedArea::from_key(k.trim())).collect(),
        device: None,
    }
}

/// The Bundle of everything the patient shared with the clinic; `photos` are `p.photos` in the
/// builder's terms, with or without their bytes (`fhir_photos::fhir_photos`).
pub fn bundle(p: &PatientDetail, photos: Vec<FhirPhoto<'_>>, generated_utc_ms: i64) -> Value {
    bundle_of(&FhirRecord {
        patient: FhirPatient {
            id: &p.id,
            identifier_system: CLINIC_PATIENT_SYSTEM,
            name: Some(&p.name),
        },
        sessions: p.sessions.iter().map(session).collect(),
        checkins: p.checkins.iter().map(checkin).collect(),
        photos,
        generated_utc_ms,
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::store::{Answers, CheckinRecord, Level, PhotoRecord, TreatmentSession};

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
                note: Some("the patient's own note, shared with the clinic".into()),
                handled_at: None,
                notes: vec![],
                reply: None,
            }],
            photos: [
                ("3c1e9f0a-8d2b-4c6e-9f1a-0b2c3d4e5f60", 21, 900),
                ("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", 22, 4),
            ]
            .map(|(id, h, byte_len)| PhotoRecord {
                id: id.into(),
                sha256: "ab".repeat(32),
                taken_at: at(h),
                zone: "Europe/London".into(),
                byte_len,
            })
            .into(),
        }
    }

    #[test]
    fn bundle_shape() {
        let generated = Utc.with_ymd_and_hms(2026, 11, 21, 8, 0, 0).unwrap().timestamp_millis();
        let d = detail();
        let held =
            [fhir_photos::Held::OverBudget, fhir_photos::Held::Jpeg(vec![0xFF, 0xD8, 0xFF, 0xD9])];
        let reason = fhir_photos::over_budget(512);
        let bundle = bundle(&d, fhir_photos::fhir_photos(&d.photos, &held, &reason), generated);
        insta::assert_json_snapshot!(bundle);
    }
}
