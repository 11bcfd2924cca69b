//! Erasing a patient, and the server-wide list of photo files.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use chrono::{DateTime, Utc};

use crate::store::erase_sql::{CLOSED_BEFORE, ERASE_CHILDREN, PHOTO_BYTES};
use crate::store::time::fmt;
use crate::store::{ClinicId, StoreResult};

/// Deletes the patient's rows in one transaction, then checkpoints the WAL so the pages that
/// held them are overwritten in the main file and the log is emptied: with `secure_delete`
/// (set when the store opens) the freed space is zeroed, so the data is gone from disk, not
/// just unlinked.
pub(super) fn erase(
    conn: &mut Connection,
    clinic: ClinicId,
    patient_id: &str,
) -> StoreResult<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found: Option<i64> = tx
        .query_row(
            "SELECT 1 FROM patients WHERE id = ?1 AND clinic_id = ?2",
            params![patient_id, clinic.get()],
            |r| r.get(0),
        )
        .optional()?;
    if found.is_none() {
        return Ok(false);
    }
    for statement in ERASE_CHILDREN {
        tx.execute(statement, params![patient_id])?;
    }
    tx.execute(
        "DELETE FROM patients WHERE id = ?1 AND clinic_id = ?2",
        params![patient_id, clinic.get()],
    )?;
    tx.commit()?;
    // Best effort: a reader mid-query can keep the log from being truncated now; the next
    // checkpoint (SQLite runs them automatically) finishes it.
    let _: (i64, i64, i64) = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(true)
}

/// Photo bytes of a patient: from the device, and in all.
pub(super) fn photo_bytes(
    conn: &Connection,
    clinic: ClinicId,
    patient_id: &str,
    device_id: &str,
) -> StoreResult<(u64, u64)> {
    // By name: SQLite numbers `$N` parameters in order of appearance, not by N.
    let (device, all): (i64, i64) = conn.query_row(
        PHOTO_BYTES,
        rusqlite::named_params! { "$1": patient_id, "$2": device_id, "$3": clinic.get() },
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((device.max(0).unsigned_abs(), all.max(0).unsigned_abs()))
}

/// Patients whose record is closed as of `before`.
pub(super) fn closed(
    conn: &Connection,
    before: DateTime<Utc>,
) -> StoreResult<Vec<(ClinicId, String)>> {
    let mut statement = conn.prepare(CLOSED_BEFORE)?;
    let rows = statement
        .query_map(params![fmt(before)], |r| Ok((ClinicId::from_row(r.get(0)?), r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Every photo row's patient and hash.
pub(super) fn photo_files(conn: &Connection) -> StoreResult<Vec<(String, String)>> {
    let mut statement =
        conn.prepare("SELECT DISTINCT patient_id, sha256 FROM photos ORDER BY patient_id, sha256")?;
    let rows =
        statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
