//! FHIR R4 `collection` Bundle of the patient's own record (codes from
//! shared/clinical-research.md §3): Patient, a Procedure per session, Observations and a
//! QuestionnaireResponse per check-in, a DocumentReference + Binary per chosen photo.
//!
//! Pure: the JPEG bytes of photos come in as arguments, the JSON goes out as a value.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{Value, json};

use super::fhir_checkin::checkin_entries;
use super::ids::derived_uuid;
use crate::checkin::Checkin;
use crate::domain::{Session, TreatedArea, clock};
use crate::journal::Photo;

pub const LOINC: &str = "http://loinc.org";
pub const SNOMED: &str = "http://snomed.info/sct";
pub const UCUM: &str = "http://unitsofmeasure.org";
/// Local systems: no standard code exists for these (clinical-research.md §3.3).
pub const PATIENT_ID_SYSTEM: &str = "urn:afterglow:patient";
pub const PROCEDURE_SYSTEM: &str = "urn:afterglow:codesystem:procedure";
pub const NEEDLE_DEPTH_EXTENSION: &str = "urn:afterglow:extension:needle-depth";
pub const PROCEDURE_TEXT: &str = "Microneedling (collagen induction therapy)";

/// A chosen photo with its stored JPEG, read by the shell.
#[derive(Debug, Clone, Copy)]
pub struct PhotoContent<'a> {
    pub photo: &'a Photo,
    pub jpeg: &'a [u8],
}

/// Everything the Bundle is built from.
#[derive(Debug, Clone, Copy)]
pub struct FhirInput<'a> {
    /// The app keeps no name: the patient appears under this stable identifier.
    pub patient_id: &'a str,
    pub sessions: &'a [Session],
    pub checkins: &'a [Checkin],
    pub photos: &'a [PhotoContent<'a>],
    pub generated_utc_ms: i64,
}

/// Resource references inside the Bundle, shared by the per-kind builders.
pub(super) struct Refs<'a> {
    pub scope: &'a str,
    pub patient: String,
}

impl Refs<'_> {
    pub fn urn(&self, kind: &str, id: &str) -> (String, String) {
        let uuid = derived_uuid(self.scope, kind, id);
        (format!("urn:uuid:{uuid}"), uuid)
    }
}

/// `2026-03-08T09:00:00-04:00` in `zone` (UTC with `Z` if the zone is unknown): FHIR
/// dateTime keeps the patient's local wall clock and its offset.
pub(super) fn local_time(utc_ms: i64, zone: &str) -> String {
    let at: DateTime<Utc> = clock::instant_from_ms(utc_ms).unwrap_or_default();
    match zone.parse::<Tz>() {
        Ok(tz) => at.with_timezone(&tz).format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        Err(_) => at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    }
}

pub(super) fn concept(system: &str, code: &str, display: &str) -> Value {
    json!({ "coding": [{ "system": system, "code": code, "display": display }], "text": display })
}

pub(super) fn entry(full_url: String, resource: Value) -> Value {
    json!({ "fullUrl": full_url, "resource": resource })
}

/// Builds the Bundle; the same input always gives the same JSON.
pub fn bundle(input: &FhirInput) -> Value {
    let scope = input.patient_id;
    let (patient_urn, patient_uuid) = (
        format!("urn:uuid:{}", derived_uuid(scope, "Patient", scope)),
        derived_uuid(scope, "Patient", scope),
    );
    let refs = Refs { scope, patient: patient_urn.clone() };
    let mut entries = vec![entry(
        patient_urn,
        json!({
            "resourceType": "Patient",
            "id": patient_uuid,
            "identifier": [{ "system": PATIENT_ID_SYSTEM, "value": input.patient_id }],
        }),
    )];
    entries.extend(input.sessions.iter().map(|s| procedure(&refs, s)));
    for checkin in input.checkins {
        entries.extend(checkin_entries(&refs, checkin));
    }
    for content in input.photos {
        entries.extend(photo_entries(&refs, content));
    }
    json!({
        "resourceType": "Bundle",
        "id": derived_uuid(scope, "Bundle", &input.generated_utc_ms.to_string()),
        "type": "collection",
        "timestamp": local_time(input.generated_utc_ms, "UTC"),
        "entry": entries,
    })
}

fn body_site(area: TreatedArea) -> Value {
    match area {
        TreatedArea::Face => concept(SNOMED, "89545001", "Face structure"),
        // No code confirmed for the other areas yet: text only, mapped later.
        other => json!({ "text": other.key() }),
    }
}

fn procedure(refs: &Refs, session: &Session) -> Value {
    let (urn, uuid) = refs.urn("Procedure", &session.id.to_string());
    let d = &session.details;
    let depth_mm = f64::from(d.depth_um) / 1000.0;
    let mut resource = json!({
        "resourceType": "Procedure",
        "id": uuid,
        "extension": [{
            "url": NEEDLE_DEPTH_EXTENSION,
            "valueQuantity": { "value": depth_mm, "unit": "mm", "system": UCUM, "code": "mm" }
        }],
        "status": "completed",
        "code": {
            "coding": [{ "system": PROCEDURE_SYSTEM, "code": "microneedling", "display": PROCEDURE_TEXT }],
            "text": PROCEDURE_TEXT
        },
        "subject": { "reference": refs.patient },
        "performedDateTime": local_time(d.start_utc_ms, &d.zone),
        "note": [{ "text": format!("Needle depth {depth_mm:.2} mm") }],
    });
    if let Some(map) = resource.as_object_mut() {
        if !d.areas.is_empty() {
            map.insert("bodySite".into(), d.areas.iter().map(|a| body_site(*a)).collect());
        }
        if let Some(device) = &d.device {
            map.insert("usedCode".into(), json!([{ "text": device }]));
        }
    }
    entry(urn, resource)
}

fn photo_entries(refs: &Refs, content: &PhotoContent) -> [Value; 2] {
    let photo = content.photo;
    let (doc_urn, doc_uuid) = refs.urn("DocumentReference", &photo.id.to_string());
    let (bin_urn, bin_uuid) = refs.urn("Binary", &photo.id.to_string());
    let day = photo.day_index.map_or(String::new(), |d| format!(" day {d}"));
    let mut doc = json!({
        "resourceType": "DocumentReference",
        "id": doc_uuid,
        "status": "current",
        "type": concept(LOINC, "72170-4", "Photographic image"),
        "subject": { "reference": refs.patient },
        "date": local_time(photo.taken_utc_ms, "UTC"),
        "description": format!("Photo {}{day}", photo.id),
        "content": [{ "attachment": {
            "contentType": "image/jpeg",
            "url": bin_urn,
            "size": content.jpeg.len(),
            "title": format!("photo-{}.jpg", photo.id),
        }}],
    });
    if let (Some(session), Some(map)) = (photo.session_id, doc.as_object_mut()) {
        let (procedure, _) = refs.urn("Procedure", &session.to_string());
        map.insert("context".into(), json!({ "related": [{ "reference": procedure }] }));
    }
    let binary = json!({
        "resourceType": "Binary",
        "id": bin_uuid,
        "contentType": "image/jpeg",
        "data": base64::engine::general_purpose::STANDARD.encode(content.jpeg),
    });
    [entry(doc_urn, doc), entry(bin_urn, binary)]
}
