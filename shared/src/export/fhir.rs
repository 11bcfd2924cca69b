//! FHIR R4 `collection` Bundle of a patient's record (codes from
//! shared/clinical-research.md §3): Patient, a Procedure per session, Observations and a
//! QuestionnaireResponse per check-in (the patient's note included), a DocumentReference per
//! photo with a Binary holding its JPEG (the app embeds every chosen photo; the clinic's
//! download lists photos past its size budget without one, [`PhotoData::NotEmbedded`]). The
//! one builder for the app's export and the clinic portal's download ([`bundle_of`]).
//!
//! Pure: the JPEG bytes of photos come in as arguments, the JSON goes out as a value.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{Value, json};

use super::fhir_checkin::checkin_entries;
pub use super::fhir_record::{
    FhirCheckin, FhirPatient, FhirPhoto, FhirRecord, FhirSession, PhotoContent, PhotoData,
};
use super::ids::derived_uuid;
use crate::checkin::Checkin;
use crate::domain::{Session, TreatedArea, clock};

pub const LOINC: &str = "http://loinc.org";
pub const SNOMED: &str = "http://snomed.info/sct";
pub const UCUM: &str = "http://unitsofmeasure.org";
/// Local systems: no standard code exists for these (clinical-research.md §3.3).
pub const PATIENT_ID_SYSTEM: &str = "urn:afterglow:patient";
pub const PROCEDURE_SYSTEM: &str = "urn:afterglow:codesystem:procedure";
pub const NEEDLE_DEPTH_EXTENSION: &str = "urn:afterglow:extension:needle-depth";
pub const PROCEDURE_TEXT: &str = "Microneedling (collagen induction therapy)";

/// Everything the app's own export is built from.
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

/// The app's export of its own record; the same input always gives the same JSON.
pub fn bundle(input: &FhirInput) -> Value {
    bundle_of(&FhirRecord {
        patient: FhirPatient::app(input.patient_id),
        sessions: input.sessions.iter().map(FhirSession::from).collect(),
        checkins: input.checkins.iter().map(FhirCheckin::from).collect(),
        photos: input.photos.iter().map(|c| FhirPhoto::from_app(c, input.sessions)).collect(),
        generated_utc_ms: input.generated_utc_ms,
    })
}

/// The Bundle of any record (the app's, or the clinic's copy of what a patient shared).
pub fn bundle_of(record: &FhirRecord) -> Value {
    let patient = record.patient;
    let scope = patient.id;
    let patient_uuid = derived_uuid(scope, "Patient", scope);
    let patient_urn = format!("urn:uuid:{patient_uuid}");
    let refs = Refs { scope, patient: patient_urn.clone() };
    let mut resource = json!({
        "resourceType": "Patient",
        "id": patient_uuid,
        "identifier": [{ "system": patient.identifier_system, "value": patient.id }],
    });
    if let (Some(name), Some(map)) = (patient.name, resource.as_object_mut()) {
        map.insert("name".into(), json!([{ "text": name }]));
    }
    let mut entries = vec![entry(patient_urn, resource)];
    entries.extend(record.sessions.iter().map(|s| procedure(&refs, s)));
    for checkin in &record.checkins {
        entries.extend(checkin_entries(&refs, checkin));
    }
    for photo in &record.photos {
        entries.extend(photo_entries(&refs, photo));
    }
    json!({
        "resourceType": "Bundle",
        "id": derived_uuid(scope, "Bundle", &record.generated_utc_ms.to_string()),
        "type": "collection",
        "timestamp": local_time(record.generated_utc_ms, "UTC"),
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

fn procedure(refs: &Refs, session: &FhirSession) -> Value {
    let (urn, uuid) = refs.urn("Procedure", &session.id);
    let mut resource = json!({
        "resourceType": "Procedure",
        "id": uuid,
        "status": "completed",
        "code": {
            "coding": [{ "system": PROCEDURE_SYSTEM, "code": "microneedling", "display": PROCEDURE_TEXT }],
            "text": PROCEDURE_TEXT
        },
        "subject": { "reference": refs.patient },
        "performedDateTime": local_time(session.start_utc_ms, session.zone),
    });
    let Some(map) = resource.as_object_mut() else { return entry(urn, resource) };
    if let Some(depth_um) = session.depth_um {
        let depth_mm = f64::from(depth_um) / 1000.0;
        map.insert(
            "extension".into(),
            json!([{
                "url": NEEDLE_DEPTH_EXTENSION,
                "valueQuantity": { "value": depth_mm, "unit": "mm", "system": UCUM, "code": "mm" }
            }]),
        );
        map.insert("note".into(), json!([{ "text": format!("Needle depth {depth_mm:.2} mm") }]));
    }
    if !session.areas.is_empty() {
        map.insert("bodySite".into(), session.areas.iter().map(|a| body_site(*a)).collect());
    }
    if let Some(device) = session.device {
        map.insert("usedCode".into(), json!([{ "text": device }]));
    }
    entry(urn, resource)
}

/// The DocumentReference, then the Binary when the bytes are embedded.
fn photo_entries(refs: &Refs, photo: &FhirPhoto) -> Vec<Value> {
    let (doc_urn, doc_uuid) = refs.urn("DocumentReference", &photo.id);
    let (bin_urn, bin_uuid) = refs.urn("Binary", &photo.id);
    let day = photo.day_index.map_or(String::new(), |d| format!(" day {d}"));
    let title = format!("photo-{}.jpg", photo.id);
    let (attachment, description) = match photo.data {
        PhotoData::Embedded(jpeg) => (
            json!({ "contentType": "image/jpeg", "url": bin_urn, "size": jpeg.len(), "title": title }),
            format!("Photo {}{day}", photo.id),
        ),
        PhotoData::NotEmbedded { size, reason } => (
            json!({ "contentType": "image/jpeg", "size": size, "title": title }),
            format!("Photo {}{day}, not in this file: {reason}", photo.id),
        ),
    };
    let mut doc = json!({
        "resourceType": "DocumentReference",
        "id": doc_uuid,
        "status": "current",
        "type": concept(LOINC, "72170-4", "Photographic image"),
        "subject": { "reference": refs.patient },
        "date": local_time(photo.taken_utc_ms, photo.zone),
        "description": description,
        "content": [{ "attachment": attachment }],
    });
    if let (Some(session), Some(map)) = (&photo.session_id, doc.as_object_mut()) {
        let (procedure, _) = refs.urn("Procedure", session);
        map.insert("context".into(), json!({ "related": [{ "reference": procedure }] }));
    }
    let mut out = vec![entry(doc_urn, doc)];
    if let PhotoData::Embedded(jpeg) = photo.data {
        let binary = json!({
            "resourceType": "Binary",
            "id": bin_uuid,
            "contentType": "image/jpeg",
            "data": base64::engine::general_purpose::STANDARD.encode(jpeg),
        });
        out.push(entry(bin_urn, binary));
    }
    out
}
