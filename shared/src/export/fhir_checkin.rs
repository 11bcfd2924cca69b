//! One check-in as FHIR: a QuestionnaireResponse with every answer and the triage outcome, and
//! the Observations extracted from it (each `derivedFrom` the response).

use serde_json::{Value, json};

use super::fhir::{LOINC, Refs, SNOMED, UCUM, concept, entry, local_time};
use super::fhir_record::FhirCheckin;
use crate::checkin::answers::{REDNESS_ANCHORS, SWELLING_ANCHORS};

/// Local CodeSystems for the self-rating scales (no LOINC exists for them, §3.3).
pub const REDNESS_SCALE: &str = "urn:afterglow:codesystem:redness-0-4";
pub const SWELLING_SCALE: &str = "urn:afterglow:codesystem:swelling-0-3";
pub const ITCH_SCALE: &str = "urn:afterglow:codesystem:itch-nrs-0-10";
pub const TRIAGE_LEVEL_SYSTEM: &str = "urn:afterglow:codesystem:triage-level";
pub const SIGN_SYSTEM: &str = "urn:afterglow:codesystem:warning-sign";
pub const DISCHARGE_SYSTEM: &str = "urn:afterglow:codesystem:discharge";
pub const QUESTIONNAIRE: &str = "urn:afterglow:questionnaire:daily-checkin";

fn category(code: &str) -> Value {
    json!([{ "coding": [{
        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
        "code": code
    }]}])
}

fn scale_value(system: &str, value: u8, anchors: &[&str]) -> Value {
    let display = anchors.get(usize::from(value)).map_or_else(
        || format!("{value} of {}", anchors.len().max(11) - 1),
        |anchor| format!("{value} - {anchor}"),
    );
    json!({ "coding": [{ "system": system, "code": value.to_string(), "display": display }] })
}

fn item(link_id: &str, text: &str, answers: Vec<Value>) -> Value {
    json!({ "linkId": link_id, "text": text, "answer": answers })
}

fn questionnaire_response(refs: &Refs, c: &FhirCheckin, uuid: &str, at: &str) -> Value {
    let a = &c.answers;
    let mut items = Vec::new();
    if let Some(day) = c.day_index {
        items.push(item("day", "Days since the session", vec![json!({ "valueInteger": day })]));
    }
    // An unanswered score (an urgent check-in sent before them) has no item: FHIR leaves
    // unanswered questions out rather than give them a value.
    let scores = [
        ("redness", "Redness (0-4)", a.redness),
        ("swelling", "Swelling (0-3)", a.swelling),
        ("pain", "Pain (0-10)", a.pain),
        ("itch", "Itch (0-10)", a.itch),
    ];
    for (id, text, value) in scores {
        if let Some(value) = value {
            items.push(item(id, text, vec![json!({ "valueInteger": value })]));
        }
    }
    if let Some(tenths) = a.temperature_tenths_c {
        let value = f64::from(tenths) / 10.0;
        items.push(item(
            "temperature",
            "Temperature (Cel)",
            vec![json!({ "valueDecimal": value })],
        ));
    }
    if let Some(discharge) = a.discharge {
        let coding = json!({ "system": DISCHARGE_SYSTEM, "code": discharge.key() });
        items.push(item("discharge", "Discharge", vec![json!({ "valueCoding": coding })]));
    }
    // Every sign not listed was answered "no"; an item needs at least one answer.
    if !a.signs.is_empty() {
        let signs = a
            .signs
            .iter()
            .map(|s| json!({ "valueCoding": { "system": SIGN_SYSTEM, "code": s.key() } }))
            .collect();
        items.push(item("signs", "Warning signs present", signs));
    }
    if let Some(note) = &a.note {
        items.push(item("note", "Note", vec![json!({ "valueString": note })]));
    }
    let level = json!({ "system": TRIAGE_LEVEL_SYSTEM, "code": c.level.key() });
    items.push(item("triage-level", "Triage level", vec![json!({ "valueCoding": level })]));
    if !c.rules.is_empty() {
        let rules = c.rules.iter().map(|r| json!({ "valueString": r })).collect();
        items.push(item("triage-rules", "Triage rules matched", rules));
    }
    if let Some(advice) = c.advice {
        items.push(item("triage-advice", "Advice shown", vec![json!({ "valueString": advice })]));
    }
    json!({
        "resourceType": "QuestionnaireResponse",
        "id": uuid,
        "questionnaire": QUESTIONNAIRE,
        "status": "completed",
        "subject": { "reference": refs.patient },
        "authored": at,
        "author": { "reference": refs.patient },
        "item": items,
    })
}

/// The QuestionnaireResponse first, then the Observations (pain, temperature when measured,
/// erythema, edema, itching).
pub(super) fn checkin_entries(refs: &Refs, c: &FhirCheckin) -> Vec<Value> {
    let id = c.id.as_str();
    let at = local_time(c.taken_utc_ms, c.zone);
    let (qr_urn, qr_uuid) = refs.urn("QuestionnaireResponse", id);
    let mut out = vec![entry(qr_urn.clone(), questionnaire_response(refs, c, &qr_uuid, &at))];
    let a = &c.answers;
    let mut observe = |kind: &str, cat: &str, code: Value, value: (&str, Value)| {
        let (urn, uuid) = refs.urn(&format!("Observation/{kind}"), id);
        let mut obs = json!({
            "resourceType": "Observation",
            "id": uuid,
            "status": "final",
            "category": category(cat),
            "code": code,
            "subject": { "reference": refs.patient },
            "effectiveDateTime": at,
            "performer": [{ "reference": refs.patient }],
            "derivedFrom": [{ "reference": qr_urn }],
        });
        if let Some(map) = obs.as_object_mut() {
            map.insert(value.0.to_owned(), value.1);
        }
        out.push(entry(urn, obs));
    };
    let pain = "Pain severity - 0-10 verbal numeric rating [Score] - Reported";
    if let Some(value) = a.pain {
        let code = concept(LOINC, "72514-3", pain);
        observe("pain", "survey", code, ("valueInteger", json!(value)));
    }
    if let Some(tenths) = a.temperature_tenths_c {
        let quantity = json!({
            "value": f64::from(tenths) / 10.0, "unit": "Cel", "system": UCUM, "code": "Cel"
        });
        let code = concept(LOINC, "8310-5", "Body temperature");
        observe("temperature", "vital-signs", code, ("valueQuantity", quantity));
    }
    if let Some(value) = a.redness {
        let redness = scale_value(REDNESS_SCALE, value, &REDNESS_ANCHORS);
        let code = concept(SNOMED, "247441003", "Erythema");
        observe("erythema", "survey", code, ("valueCodeableConcept", redness));
    }
    if let Some(value) = a.swelling {
        let swelling = scale_value(SWELLING_SCALE, value, &SWELLING_ANCHORS);
        let code = concept(SNOMED, "267038008", "Edema");
        observe("edema", "survey", code, ("valueCodeableConcept", swelling));
    }
    if let Some(value) = a.itch {
        let itch = scale_value(ITCH_SCALE, value, &[]);
        let code = concept(SNOMED, "418290006", "Itching");
        observe("itching", "survey", code, ("valueCodeableConcept", itch));
    }
    out
}
