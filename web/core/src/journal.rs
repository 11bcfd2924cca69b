//! The journal's rows for the worker's photo pipeline, and the exports read from the record.
//!
//! The browser's pipeline (`web/src/worker/photos.ts`) decodes, orients and re-encodes on a
//! canvas and writes the files to OPFS; the rows are the phones' (`afterglow_store::photo_rows`),
//! written here in the same order the native handler keeps: files first, then the row in one
//! transaction, so no row ever names a file that is not there. Answers the core reads are bincode
//! `PhotoResult`s, decided here: a duplicate, a missing photo, a storage failure.

use afterglow_share_client::SecretStore;
use afterglow_store::photo_rows::{self, NewRow};
use afterglow_store::query_error;
use rusqlite::TransactionBehavior;
use shared::domain::PatientRecord;
use shared::effects::photo::PhotoImport;
use shared::effects::{
    PhotoError, PhotoErrorKind, PhotoReason, PhotoResult, StoreError, StoreOperation, StoreResult,
};
use wasm_bindgen::prelude::*;

use crate::storage::WebStore;

/// Where the FHIR export's patient id is kept (made once per device, beside the token).
pub(crate) const PATIENT_ID_KEY: &str = "fhir-patient-id";

fn failed(kind: PhotoErrorKind, reason: PhotoReason) -> PhotoResult {
    PhotoResult::Failed { error: PhotoError::new(kind, reason) }
}

/// A storage failure as the core reads a photo operation's: a full disk told apart.
pub(crate) fn storage(error: StoreError) -> PhotoResult {
    let kind = match error.kind {
        shared::effects::StoreErrorKind::DiskFull => PhotoErrorKind::DiskFull,
        _ => PhotoErrorKind::Other,
    };
    failed(kind, PhotoReason::Storage { error })
}

fn bytes(result: &PhotoResult) -> Result<Vec<u8>, JsError> {
    bincode::serialize(result).map_err(|e| JsError::new(&e.to_string()))
}

#[wasm_bindgen]
impl WebStore {
    /// The id of the stored photo with this content (SHA-256), if there is one: a duplicate is
    /// refused before its files are written.
    pub fn photo_with_sha(&self, sha256: &str) -> Result<Option<f64>, JsError> {
        let store = self.store.borrow();
        let id = photo_rows::id_with_sha(store.connection(), sha256)
            .map_err(|e| JsError::new(&e.message))?;
        Ok(id.map(|id| id as f64))
    }

    /// Adds a photo's row once its files are written: `import` is the bincode `PhotoImport` the
    /// core placed. A bincode `PhotoResult`: `Imported` (as stored) or `Failed` (a duplicate
    /// stored meanwhile, or storage).
    pub fn add_photo(
        &self,
        import: &[u8],
        width: u32,
        height: u32,
        sha256: &str,
        thumb_sha256: &str,
    ) -> Result<Vec<u8>, JsError> {
        let import: PhotoImport = bincode::deserialize(import)
            .map_err(|e| JsError::new(&format!("not a photo import: {e}")))?;
        bytes(&self.insert_photo(&import, width, height, sha256, thumb_sha256))
    }

    /// A stored photo's two files (`[file, thumb_file]`, as rows name them); empty when there is
    /// no such photo.
    pub fn photo_files(&self, id: f64) -> Result<Vec<String>, JsError> {
        let store = self.store.borrow();
        let photo = photo_rows::find(store.connection(), id as i64)
            .map_err(|e| JsError::new(&e.message))?;
        Ok(photo.map(|p| vec![p.file, p.thumb_file]).unwrap_or_default())
    }

    /// Deletes a photo's row (its files are the worker's to remove after): a bincode
    /// `PhotoResult`, `Deleted` or `Failed` (no such photo, storage).
    pub fn delete_photo(&self, id: f64) -> Result<Vec<u8>, JsError> {
        let id = id as i64;
        let mut store = self.store.borrow_mut();
        let deleted = (|| {
            let tx = store
                .connection_mut()
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(query_error)?;
            let found = photo_rows::delete(&tx, id)?;
            tx.commit().map_err(query_error)?;
            Ok(found)
        })();
        bytes(&match deleted {
            Ok(true) => PhotoResult::Deleted,
            Ok(false) => {
                failed(PhotoErrorKind::NotFound, PhotoReason::NoSuchPhoto { photo_id: id })
            }
            Err(e) => storage(e),
        })
    }

    /// Every file a row names (`<sha256>.jpg`, inside `photos/`): what is not listed is left
    /// over from an interrupted import or delete.
    pub fn referenced_files(&self) -> Result<Vec<String>, JsError> {
        let store = self.store.borrow();
        let names = photo_rows::referenced_files(store.connection())
            .map_err(|e| JsError::new(&e.message))?;
        Ok(names.into_iter().collect())
    }

    /// The patient id the FHIR export and the report carry: made once on this device and kept
    /// beside the token (a record moved from IndexedDB keeps its own).
    pub fn patient_id(&self) -> Result<String, JsError> {
        let secrets = crate::share::Secrets(std::rc::Rc::clone(&self.secrets));
        if let Some(id) = secrets.get(PATIENT_ID_KEY).map_err(|e| JsError::new(&e))? {
            return Ok(id);
        }
        let id = crate::share::random_uuid();
        secrets.set(PATIENT_ID_KEY, &id).map_err(|e| JsError::new(&e))?;
        Ok(id)
    }

    /// The patient's FHIR R4 Bundle (JSON text), sessions and check-ins.
    pub fn fhir_bundle(&self, generated_utc_ms: f64) -> Result<String, JsError> {
        let record = self.record()?;
        Ok(crate::bundle_json(&record, &self.patient_id()?, generated_utc_ms as i64))
    }

    /// The thumbnails the PDF report shows, in its order (the journal's).
    pub fn report_thumb_files(&self) -> Result<Vec<String>, JsError> {
        Ok(self.record()?.photos.into_iter().map(|p| p.thumb_file).collect())
    }

    /// The PDF recovery report: `thumbs` are the JPEG bytes of [`WebStore::report_thumb_files`]
    /// one after another, `thumb_lengths` each one's length; times shown in `zone`.
    pub fn pdf_report(
        &self,
        generated_utc_ms: f64,
        zone: &str,
        thumbs: &[u8],
        thumb_lengths: &[u32],
    ) -> Result<Vec<u8>, JsError> {
        let record = self.record()?;
        let photos = record.photos.clone();
        let at = generated_utc_ms as i64;
        crate::report_bytes(&record, &photos, &self.patient_id()?, at, zone, thumbs, thumb_lengths)
            .map_err(|e| JsError::new(&e))
    }

    /// What is stored, in counts and states (no patient text): for the browser tests and for
    /// anyone asking what this device holds.
    pub fn inspect(&self) -> Result<String, JsError> {
        let record = self.record()?;
        let secrets = crate::share::Secrets(std::rc::Rc::clone(&self.secrets));
        let token_kept =
            secrets.get(afterglow_share_client::TOKEN_KEY).map_err(|e| JsError::new(&e))?.is_some();
        let json = serde_json::json!({
            "persistent": self.persistent,
            "sessions": record.sessions.len(),
            "checkins": record.checkins.len(),
            "photos": record.photos.iter().map(|p| serde_json::json!({
                "width": p.width, "height": p.height, "taken_source": p.taken_source.key(),
                "file": p.file, "thumb_file": p.thumb_file,
            })).collect::<Vec<_>>(),
            "outbox": record.outbox.iter().map(|i| serde_json::json!({
                "kind": i.kind.key(), "state": i.state.key(), "attempts": i.attempts,
                "next_attempt_utc_ms": i.next_attempt_utc_ms,
            })).collect::<Vec<_>>(),
            "linked": record.clinic_link.is_some(),
            "token_kept": token_kept,
        });
        Ok(json.to_string())
    }
}

impl WebStore {
    fn record(&self) -> Result<PatientRecord, JsError> {
        match self.store.borrow_mut().handle(StoreOperation::LoadRecord) {
            StoreResult::Loaded { record } => Ok(record),
            StoreResult::Failed { error } => Err(JsError::new(&error.message)),
            _ => Err(JsError::new("the record did not load")),
        }
    }

    fn insert_photo(
        &self,
        import: &PhotoImport,
        width: u32,
        height: u32,
        sha256: &str,
        thumb_sha256: &str,
    ) -> PhotoResult {
        let mut store = self.store.borrow_mut();
        let inserted = (|| {
            let tx = store
                .connection_mut()
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(query_error)?;
            if let Some(id) = photo_rows::id_with_sha(&tx, sha256)? {
                return Ok(Err(id));
            }
            let row = NewRow {
                id: None,
                import,
                note: import.note.as_deref(),
                width,
                height,
                sha256,
                thumb_sha256,
                imported_utc_ms: afterglow_store::now_ms(),
            };
            let id = photo_rows::insert(&tx, &row)?;
            tx.commit().map_err(query_error)?;
            Ok(Ok(id))
        })();
        match inserted {
            Ok(Ok(id)) => match photo_rows::find(store.connection(), id) {
                Ok(Some(photo)) => PhotoResult::Imported { photo },
                Ok(None) => {
                    failed(PhotoErrorKind::NotFound, PhotoReason::NoSuchPhoto { photo_id: id })
                }
                Err(e) => storage(e),
            },
            Ok(Err(id)) => {
                failed(PhotoErrorKind::Duplicate, PhotoReason::Duplicate { photo_id: id })
            }
            Err(e) => storage(e),
        }
    }
}
