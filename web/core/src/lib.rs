//! The Afterglow core for the browser: the same three bridge calls the mobile library exports
//! with uniffi (`ffi/`), here with wasm-bindgen. Storage, notifications, photos and HTTP are
//! effects the TypeScript shell carries out, so this is a plain `Bridge` with no middleware.
//! The phones' SQLite store, for the browser, is `storage` (feature `sqlite`; not yet used by
//! the app, docs/web-storage.md), with the share client's steps sent through `fetch` (`share`). What the clinic's answers mean ([`clinic`]) and whether a
//! picked file is a photo ([`photo`]) are decided here too, so the shell's code only reports.
//! Bytes are bincode, read and written in TypeScript by the code `shared_types` generates.

pub mod clinic;
pub mod photo;
#[cfg(feature = "sqlite")]
mod share;
#[cfg(feature = "sqlite")]
pub mod storage;

use crux_core::bridge::{Bridge, EffectId};
use shared::Aftercare;
use shared::domain::PatientRecord;
use shared::export::fhir::{self, FhirInput};
use wasm_bindgen::prelude::*;

/// The core and its bridge.
#[wasm_bindgen]
pub struct CoreFfi {
    bridge: Bridge<Aftercare>,
}

impl Default for CoreFfi {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
impl CoreFfi {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Self {
        Self { bridge: Bridge::new(shared::Core::new()) }
    }

    /// Sends an event (bincode `Event`); returns the effects to carry out (bincode `Requests`).
    pub fn update(&self, event: &[u8]) -> Result<Vec<u8>, JsError> {
        let mut effects = Vec::new();
        self.bridge.update(event, &mut effects).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(effects)
    }

    /// Answers effect `id` with its output (bincode); returns the effects that follow.
    pub fn resolve(&self, id: u32, output: &[u8]) -> Result<Vec<u8>, JsError> {
        let mut effects = Vec::new();
        self.bridge
            .resolve(EffectId(id), output, &mut effects)
            .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(effects)
    }

    /// The current view model (bincode `ViewModel`).
    pub fn view(&self) -> Result<Vec<u8>, JsError> {
        let mut view = Vec::new();
        self.bridge.view(&mut view).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(view)
    }
}

/// The patient's FHIR R4 Bundle (JSON text) from their record (bincode `PatientRecord`, as the
/// shell's store loads it). Photos are left out of the web export: it carries sessions and
/// check-ins.
#[wasm_bindgen]
pub fn fhir_bundle(
    record: &[u8],
    patient_id: &str,
    generated_utc_ms: f64,
) -> Result<String, JsError> {
    let record: PatientRecord = bincode::deserialize(record)
        .map_err(|e| JsError::new(&format!("the record cannot be read: {e}")))?;
    Ok(bundle_json(&record, patient_id, generated_utc_ms as i64))
}

fn bundle_json(record: &PatientRecord, patient_id: &str, generated_utc_ms: i64) -> String {
    let bundle = fhir::bundle(&FhirInput {
        patient_id,
        sessions: &record.sessions,
        checkins: &record.checkins,
        photos: &[],
        generated_utc_ms,
    });
    serde_json::to_string_pretty(&bundle).unwrap_or_default()
}

/// The PDF recovery report (the native apps' writer, `afterglow_report`): `record` is a bincode
/// `PatientRecord`, `photos` a bincode `Vec<Photo>` (the journal photos to show), `thumbs` their
/// thumbnails' JPEG bytes one after another, `thumb_lengths` each one's length in order; times
/// are shown in `zone` (an IANA name such as "Europe/Berlin").
#[wasm_bindgen]
pub fn pdf_report(
    record: &[u8],
    patient_id: &str,
    generated_utc_ms: f64,
    zone: &str,
    photos: &[u8],
    thumbs: &[u8],
    thumb_lengths: &[u32],
) -> Result<Vec<u8>, JsError> {
    report_bytes(record, patient_id, generated_utc_ms as i64, zone, photos, thumbs, thumb_lengths)
        .map_err(|e| JsError::new(&e))
}

fn report_bytes(
    record: &[u8],
    patient_id: &str,
    generated_utc_ms: i64,
    zone: &str,
    photos: &[u8],
    thumbs: &[u8],
    thumb_lengths: &[u32],
) -> Result<Vec<u8>, String> {
    use afterglow_report::{ReportInput, ReportPhoto};
    let record: PatientRecord =
        bincode::deserialize(record).map_err(|e| format!("the record cannot be read: {e}"))?;
    let photos: Vec<shared::journal::Photo> =
        bincode::deserialize(photos).map_err(|e| format!("the photo list cannot be read: {e}"))?;
    let zone = shared::domain::clock::parse_zone(zone)
        .map_err(|_| format!("\"{zone}\" is not a time zone name (such as Europe/Berlin)"))?;
    let generated = shared::domain::clock::instant_from_ms(generated_utc_ms)
        .map_err(|e| format!("the generation time cannot be read: {e}"))?;
    if photos.len() != thumb_lengths.len() {
        return Err(format!(
            "{} photos but {} thumbnail lengths were given",
            photos.len(),
            thumb_lengths.len()
        ));
    }
    let total: u64 = thumb_lengths.iter().map(|n| u64::from(*n)).sum();
    if total != thumbs.len() as u64 {
        return Err(format!(
            "the thumbnail lengths add up to {total} bytes but {} bytes were given",
            thumbs.len()
        ));
    }
    let mut rest = thumbs;
    let mut chosen = Vec::with_capacity(photos.len());
    for (photo, len) in photos.iter().zip(thumb_lengths) {
        let (thumb, tail) = rest.split_at(*len as usize);
        rest = tail;
        chosen.push(ReportPhoto { photo, thumb_jpeg: thumb.to_vec() });
    }
    let input = ReportInput { record: &record, photos: chosen, patient_id, generated, zone };
    afterglow_report::report(&input).map_err(|e| format!("the report cannot be made: {e}"))
}

/// A picked photo's size in bytes checked before the file is read: `undefined` when it may be
/// read, else a bincode `PhotoError` (kind and the words the patient sees).
#[wasm_bindgen]
pub fn photo_size_refusal(size: f64) -> Option<Vec<u8>> {
    photo::size_refusal(size).and_then(|error| bincode::serialize(&error).ok())
}

/// A picked photo's bytes checked (`photo_check`: format, declared size, limits) and its
/// camera date read, nothing decoded: a bincode `PhotoResult`, `Probed` or `Failed`.
#[wasm_bindgen]
pub fn photo_probe(bytes: &[u8]) -> Result<Vec<u8>, JsError> {
    bincode::serialize(&photo::probe(bytes)).map_err(|e| JsError::new(&e.to_string()))
}

/// The stored types the web shell keeps in IndexedDB as JSON records (serde's shape, the same
/// as the CLI's `--json`): converting here keeps one definition of each, in Rust.
fn kind_to_json(kind: &str, bytes: &[u8]) -> Result<String, String> {
    fn json<T: serde::de::DeserializeOwned + serde::Serialize>(
        bytes: &[u8],
    ) -> Result<String, String> {
        let value: T = bincode::deserialize(bytes).map_err(|e| e.to_string())?;
        serde_json::to_string(&value).map_err(|e| e.to_string())
    }
    match kind {
        "NewSession" => json::<shared::domain::NewSession>(bytes),
        "Profile" => json::<shared::domain::Profile>(bytes),
        "NewCheckin" => json::<shared::checkin::NewCheckin>(bytes),
        "ReminderPrefs" => json::<shared::reminders::ReminderPrefs>(bytes),
        "Photo" => json::<shared::journal::Photo>(bytes),
        "PatientRecord" => json::<PatientRecord>(bytes),
        "OutboxDraft" => json::<shared::effects::clinic::OutboxDraft>(bytes),
        "EnrollDraft" => json::<shared::effects::clinic::EnrollDraft>(bytes),
        other => Err(format!("no stored kind {other}")),
    }
}

fn kind_from_json(kind: &str, text: &str) -> Result<Vec<u8>, String> {
    fn bytes<T: serde::de::DeserializeOwned + serde::Serialize>(
        text: &str,
    ) -> Result<Vec<u8>, String> {
        let value: T = serde_json::from_str(text).map_err(|e| e.to_string())?;
        bincode::serialize(&value).map_err(|e| e.to_string())
    }
    match kind {
        "NewSession" => bytes::<shared::domain::NewSession>(text),
        "Profile" => bytes::<shared::domain::Profile>(text),
        "NewCheckin" => bytes::<shared::checkin::NewCheckin>(text),
        "ReminderPrefs" => bytes::<shared::reminders::ReminderPrefs>(text),
        "Photo" => bytes::<shared::journal::Photo>(text),
        "Photos" => bytes::<Vec<shared::journal::Photo>>(text),
        "PatientRecord" => bytes::<PatientRecord>(text),
        "ClinicResult" => bytes::<shared::effects::clinic::ClinicResult>(text),
        other => Err(format!("no stored kind {other}")),
    }
}

/// A bridge value (bincode of `kind`) as the JSON record the web shell stores.
#[wasm_bindgen]
pub fn to_json(kind: &str, bytes: &[u8]) -> Result<String, JsError> {
    kind_to_json(kind, bytes).map_err(|e| JsError::new(&e))
}

/// A stored JSON record back to the bridge's bincode for `kind`.
#[wasm_bindgen]
pub fn from_json(kind: &str, json: &str) -> Result<Vec<u8>, JsError> {
    kind_from_json(kind, json).map_err(|e| JsError::new(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_kinds_round_trip_through_json() {
        let record = PatientRecord::default();
        let bytes = bincode::serialize(&record).unwrap();
        let json = kind_to_json("PatientRecord", &bytes).unwrap();
        assert_eq!(kind_from_json("PatientRecord", &json).unwrap(), bytes);
        assert!(kind_to_json("Nope", &bytes).is_err());
        assert!(kind_from_json("Profile", "{not json").is_err());
    }

    #[test]
    fn an_empty_record_gives_a_bundle() {
        let json = bundle_json(&PatientRecord::default(), "p-1", 1_700_000_000_000);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["resourceType"], "Bundle");
    }

    #[test]
    fn the_pdf_report_reads_its_inputs_and_says_what_is_wrong() {
        let record = bincode::serialize(&PatientRecord::default()).unwrap();
        let none = bincode::serialize(&Vec::<shared::journal::Photo>::new()).unwrap();
        let at = 1_700_000_000_000;
        let pdf = report_bytes(&record, "p-1", at, "Europe/Berlin", &none, &[], &[]).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));

        let err = report_bytes(&record, "p-1", at, "Mars/Olympus", &none, &[], &[]).unwrap_err();
        assert!(err.contains("Mars/Olympus") && err.contains("time zone"), "{err}");
        let err = report_bytes(&record, "p-1", at, "UTC", &none, &[], &[4]).unwrap_err();
        assert!(err.contains("0 photos but 1 thumbnail lengths"), "{err}");
        let err = report_bytes(b"\xff", "p-1", at, "UTC", &none, &[], &[]).unwrap_err();
        assert!(err.contains("record cannot be read"), "{err}");

        let photo = shared::journal::Photo {
            id: 3,
            taken_utc_ms: at,
            taken_source: shared::journal::TakenSource::Given,
            session_id: None,
            day_index: Some(2),
            area: None,
            note: None,
            width: 8,
            height: 8,
            sha256: String::new(),
            file: String::new(),
            thumb_file: String::new(),
            imported_utc_ms: at,
        };
        let one = bincode::serialize(&vec![photo]).unwrap();
        let err = report_bytes(&record, "p-1", at, "UTC", &one, &[1, 2], &[3]).unwrap_err();
        assert!(err.contains("add up to 3 bytes but 2"), "{err}");
        let err = report_bytes(&record, "p-1", at, "UTC", &one, &[1, 2], &[2]).unwrap_err();
        assert!(err.contains("photo 3"), "{err}");
    }

    #[test]
    fn the_bridge_answers_start_with_a_store_request() {
        let core = CoreFfi::new();
        let event = shared::Event::Start {
            clock: shared::domain::Clock { now_utc_ms: 1_700_000_000_000, zone: "UTC".into() },
        };
        let effects = core.update(&bincode::serialize(&event).unwrap()).unwrap();
        assert!(!effects.is_empty());
        assert!(!core.view().unwrap().is_empty());
    }
}
