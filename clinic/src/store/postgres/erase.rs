//! Erasing a patient, and the server-wide list of photo files.
//!
//! PostgreSQL keeps deleted row versions until (auto)vacuum reclaims them; `docs/operations.md`
//! tells the operator to run `VACUUM` after an erasure when the bytes must be gone at once.

use super::error::col;
use super::pool::Transaction;
use chrono::{DateTime, Utc};

use crate::store::erase_sql::{CLOSED_BEFORE, ERASE_CHILDREN, PHOTO_BYTES};
use crate::store::time::fmt;
use crate::store::{ClinicId, StoreResult};

pub(super) fn erase(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    patient_id: &str,
) -> StoreResult<bool> {
    let found = tx.query_opt(
        "SELECT 1 FROM patients WHERE id = $1 AND clinic_id = $2 FOR UPDATE",
        &[&patient_id, &clinic.get()],
    )?;
    if found.is_none() {
        return Ok(false);
    }
    for statement in ERASE_CHILDREN {
        tx.execute(statement, &[&patient_id])?;
    }
    tx.execute(
        "DELETE FROM patients WHERE id = $1 AND clinic_id = $2",
        &[&patient_id, &clinic.get()],
    )?;
    Ok(true)
}

pub(super) fn photo_bytes(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    patient_id: &str,
    device_id: &str,
) -> StoreResult<(u64, u64)> {
    let row = tx.query_one(PHOTO_BYTES, &[&patient_id, &device_id, &clinic.get()])?;
    let (device, all): (i64, i64) = (col(&row, 0)?, col(&row, 1)?);
    Ok((device.max(0).unsigned_abs(), all.max(0).unsigned_abs()))
}

pub(super) fn closed(
    tx: &mut Transaction<'_>,
    before: DateTime<Utc>,
) -> StoreResult<Vec<(ClinicId, String)>> {
    let rows = tx.query(CLOSED_BEFORE, &[&fmt(before)])?;
    rows.iter().map(|r| Ok((ClinicId::from_row(col(r, 0)?), col(r, 1)?))).collect()
}

pub(super) fn photo_files(tx: &mut Transaction<'_>) -> StoreResult<Vec<(String, String)>> {
    let rows = tx
        .query("SELECT DISTINCT patient_id, sha256 FROM photos ORDER BY patient_id, sha256", &[])?;
    rows.iter().map(|r| Ok((col(r, 0)?, col(r, 1)?))).collect()
}
