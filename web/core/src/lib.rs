//! The Afterglow core for the browser: the same three bridge calls the mobile library exports
//! with uniffi (`ffi/`), here with wasm-bindgen, run in the app's dedicated worker
//! (`web/src/worker/`). Beside it, the worker's Rust handlers: the phones' SQLite store on OPFS
//! ([`storage::WebStore`]), the share client's steps sent through `fetch`
//! (`share`), the journal's rows and the exports (`journal`), and whether a picked file is a
//! photo ([`photo`]); the worker's JavaScript only does the browser's I/O (canvas, files,
//! `fetch`, messages to the page). Bytes are bincode, read and written in TypeScript by the code
//! `shared_types` generates.

mod journal;
pub mod photo;
mod share;
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

/// The FHIR R4 Bundle (JSON text) of a record: sessions and check-ins (photos are left out of
/// the web export).
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

/// The PDF recovery report (the native apps' writer, `afterglow_report`) of a record: `photos`
/// are the journal photos to show, `thumbs` their thumbnails' JPEG bytes one after another,
/// `thumb_lengths` each one's length in order; times are shown in `zone` (an IANA name such as
/// "Europe/Berlin").
fn report_bytes(
    record: &PatientRecord,
    photos: &[shared::journal::Photo],
    patient_id: &str,
    generated_utc_ms: i64,
    zone: &str,
    thumbs: &[u8],
    thumb_lengths: &[u32],
) -> Result<Vec<u8>, String> {
    use afterglow_report::{ReportInput, ReportPhoto};
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
    let input = ReportInput { record, photos: chosen, patient_id, generated, zone };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_record_gives_a_bundle() {
        let json = bundle_json(&PatientRecord::default(), "p-1", 1_700_000_000_000);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["resourceType"], "Bundle");
    }

    #[test]
    fn the_pdf_report_reads_its_inputs_and_says_what_is_wrong() {
        let record = PatientRecord::default();
        let at = 1_700_000_000_000;
        let pdf = report_bytes(&record, &[], "p-1", at, "Europe/Berlin", &[], &[]).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));

        let err = report_bytes(&record, &[], "p-1", at, "Mars/Olympus", &[], &[]).unwrap_err();
        assert!(err.contains("Mars/Olympus") && err.contains("time zone"), "{err}");
        let err = report_bytes(&record, &[], "p-1", at, "UTC", &[], &[4]).unwrap_err();
        assert!(err.contains("0 photos but 1 thumbnail lengths"), "{err}");

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
        let one = [photo];
        let err = report_bytes(&record, &one, "p-1", at, "UTC", &[1, 2], &[3]).unwrap_err();
        assert!(err.contains("add up to 3 bytes but 2"), "{err}");
        let err = report_bytes(&record, &one, "p-1", at, "UTC", &[1, 2], &[2]).unwrap_err();
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
