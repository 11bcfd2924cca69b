//! The clinic's own records about a check-in, added to the portal's FHIR download after the
//! app's builder has made the patient's part (issue 19): what the patient shared stays the
//! same resources as in the app's export (`fhir_parity` holds that), and the clinic's words come
//! as resources of their own, each pointing at the check-in's QuestionnaireResponse:
//!
//! - a staff note (who, when, what was done) is a `ClinicalImpression`: a clinician's
//!   assessment of the patient, `assessor` the author (by their email at the time: accounts are
//!   not Practitioner resources here), `summary` the note, `supportingInfo` the check-in;
//! - the reply the patient's app showed is a `Communication` from the clinic to the patient
//!   (`recipient` and `subject` the Patient, `about` the check-in, the text as
//!   `payload.contentString`, `sent` its time), the resource FHIR has for a message sent.

use serde_json::{Value, json};
use shared::export::resource_urn;

use crate::store::{CheckinRecord, PatientDetail};

fn utc(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn entry(full_url: String, resource: Value) -> Value {
    json!({ "fullUrl": full_url, "resource": resource })
}

/// The id part of a `urn:uuid:` (a resource's own `id`).
fn uuid_of(urn: &str) -> &str {
    urn.trim_start_matches("urn:uuid:")
}

/// The entries for one check-in's notes and reply.
fn for_checkin(scope: &str, patient: &str, c: &CheckinRecord) -> Vec<Value> {
    let checkin = resource_urn(scope, "QuestionnaireResponse", &c.id);
    let mut out = Vec::new();
    for (n, note) in c.notes.iter().enumerate() {
        let urn = resource_urn(scope, "ClinicalImpression", &format!("{}/note/{n}", c.id));
        out.push(entry(
            urn.clone(),
            json!({
                "resourceType": "ClinicalImpression",
                "id": uuid_of(&urn),
                "status": "completed",
                "description": "Clinic staff note on a shared check-in",
                "subject": { "reference": patient },
                "date": utc(note.at),
                "assessor": { "display": note.author },
                "summary": note.note,
                "supportingInfo": [{ "reference": checkin }],
            }),
        ));
    }
    if let Some(reply) = &c.reply {
        let urn = resource_urn(scope, "Communication", &format!("{}/reply", c.id));
        out.push(entry(
            urn.clone(),
            json!({
                "resourceType": "Communication",
                "id": uuid_of(&urn),
                "status": "completed",
                "subject": { "reference": patient },
                "recipient": [{ "reference": patient }],
                "sender": { "display": "Clinic staff" },
                "about": [{ "reference": checkin }],
                "sent": utc(reply.at),
                "payload": [{ "contentString": reply.text }],
            }),
        ));
    }
    out
}

/// Appends the staff notes and replies of `p`'s check-ins to `bundle` (made by the builder for
/// the same patient).
pub fn add_clinic_records(bundle: &mut Value, p: &PatientDetail) {
    let patient = resource_urn(&p.id, "Patient", &p.id);
    let extra: Vec<Value> =
        p.checkins.iter().flat_map(|c| for_checkin(&p.id, &patient, c)).collect();
    if let Some(entries) = bundle.get_mut("entry").and_then(Value::as_array_mut) {
        entries.extend(extra);
    }
}
