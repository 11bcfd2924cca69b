//! The PDF recovery report, written for the platform share sheet. The CLI makes the same report
//! (`afterglow report`) with the same builder (`afterglow_handlers::export::pdf`).

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::path::Path;

use afterglow_handlers::SqliteStore;
use afterglow_handlers::export::pdf::{self, ReportInput, ReportPhoto};
use afterglow_handlers::photo::write_atomic;
use shared::domain::clock::{instant_from_ms, parse_zone};
use shared::effects::{StoreOperation, StoreResult};

use crate::bridge::{CoreFfi, DB_FILE};
use crate::failure::{CoreFailure, guard};

/// The identifier the patient appears under in exports; the same file the CLI uses, so every
/// export of one record names the same patient.
const EXPORT_ID_FILE: &str = "export-id";

#[uniffi::export]
impl CoreFfi {
    /// Writes the PDF report of the stored record (sessions, check-ins, trend, the photos in
    /// `photo_ids` as thumbnails) to `destination`, replacing any file there atomically; returns
    /// its size in bytes. Times are shown in `zone`; `now_utc_ms` is printed as when it was made.
    /// Reads through its own database connection (WAL mode), so it never waits on the core.
    pub fn write_report(
        &self,
        destination: String,
        photo_ids: Vec<i64>,
        zone: String,
        now_utc_ms: i64,
    ) -> Result<u64, CoreFailure> {
        guard(|| {
            let invalid = |reason: String| CoreFailure::MalformedInput { reason };
            let zone = parse_zone(&zone).map_err(|e| invalid(e.to_string()))?;
            let generated = instant_from_ms(now_utc_ms).map_err(|e| invalid(e.to_string()))?;
            let destination = Path::new(&destination);
            let (Some(dir), Some(name)) =
                (destination.parent(), destination.file_name().and_then(|n| n.to_str()))
            else {
                return Err(invalid(format!("{} is not a file path", destination.display())));
            };

            let mut store = SqliteStore::open(&self.data_dir.join(DB_FILE))?;
            let record = match store.handle(StoreOperation::LoadRecord) {
                StoreResult::Loaded { record } => record,
                StoreResult::Failed { error } => return Err(error.into()),
                _ => {
                    return Err(CoreFailure::Internal {
                        reason: "storage answered out of turn".into(),
                    });
                }
            };
            let photos = photo_ids
                .iter()
                .map(|id| {
                    let photo = record
                        .photos
                        .iter()
                        .find(|p| p.id == *id)
                        .ok_or_else(|| invalid(format!("there is no photo {id}")))?;
                    let thumb_jpeg =
                        std::fs::read(self.data_dir.join(&photo.thumb_file)).map_err(|e| {
                            storage(format!("photo {id}'s thumbnail cannot be read: {e}"))
                        })?;
                    Ok(ReportPhoto { photo, thumb_jpeg })
                })
                .collect::<Result<Vec<_>, CoreFailure>>()?;
            let patient_id = export_id(&self.data_dir)?;
            let bytes = pdf::report(&ReportInput {
                record: &record,
                photos,
                patient_id: &patient_id,
                generated,
                zone,
            })
            .map_err(|e| storage(e.to_string()))?;
            write_atomic(dir, name, &bytes)
                .map_err(|e| storage(format!("cannot write {}: {e}", destination.display())))?;
            Ok(bytes.len() as u64)
        })
    }
}

fn storage(reason: String) -> CoreFailure {
    CoreFailure::Storage { reason }
}

fn export_id(data_dir: &Path) -> Result<String, CoreFailure> {
    if let Ok(id) = std::fs::read_to_string(data_dir.join(EXPORT_ID_FILE)) {
        let id = id.trim();
        if !id.is_empty() {
            return Ok(id.to_owned());
        }
    }
    // RandomState is seeded from the OS's randomness: 128 bits without another dependency.
    let random = || RandomState::new().hash_one(std::process::id());
    let id = format!("{:016x}{:016x}", random(), random());
    write_atomic(data_dir, EXPORT_ID_FILE, id.as_bytes())
        .map_err(|e| storage(format!("cannot store the export id: {e}")))?;
    Ok(id)
}
