//! Erasing a patient: their rows, then their photo files. One function for the command line,
//! the portal and retention, so the three cannot drift apart. The caller audits.

use crate::photos::PhotoBlobs;
use crate::store::{ClinicId, Store, StoreError};

/// What an erasure removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Erased {
    /// Photo files deleted.
    pub photo_files: usize,
}

/// Why an erasure did not finish.
#[derive(Debug, thiserror::Error)]
pub enum EraseError {
    /// The rows could not be deleted; nothing was.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The rows are gone but some photo files are not. A rerun would find no patient (and,
    /// scoped to a clinic, must not delete files by a bare id), so the operator removes the
    /// folder named in `docs/operations.md`.
    #[error(
        "the patient's records were erased but their photo files were not ({0}); remove their photo folder by hand (docs/operations.md, Erasure)"
    )]
    Files(std::io::Error),
}

/// Deletes the patient's rows (one transaction) and then their photo files. Rows go first: if
/// the files then fail, nothing shows a half-erased patient. `None` when the clinic has no
/// such patient (another clinic's patient is "none" too, and keeps its files).
pub fn erase_patient(
    store: &dyn Store,
    photos: &dyn PhotoBlobs,
    clinic: ClinicId,
    patient_id: &str,
) -> Result<Option<Erased>, EraseError> {
    let had_rows = store.erase_patient(clinic, patient_id)?;
    if !had_rows {
        return Ok(None);
    }
    let photo_files = photos.delete_patient(patient_id).map_err(EraseError::Files)?;
    Ok(Some(Erased { photo_files }))
}
