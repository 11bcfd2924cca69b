//! Idempotent uploads: the record and its idempotency row commit together.
//!
//! No group commit here (SQLite's answer to one writer and one fsync per transaction):
//! PostgreSQL takes concurrent writers and groups WAL flushes of concurrent commits itself.

use super::pool::Transaction;

use super::error::col;
use crate::store::time::fmt;
use crate::store::{IdempotencyRecord, Saved, StoreError, StoreResult, Upload};

/// Runs in the device's clinic. The idempotency row is claimed first: of two requests with one
/// key, the second's insert waits for the first to commit (or roll back), then does nothing,
/// and the answer is read back; so a key stores at most one record, even at once.
pub(super) fn save(
    tx: &mut Transaction<'_>,
    upload: &Upload,
    idem: &IdempotencyRecord,
) -> StoreResult<Saved> {
    let claimed = tx.execute(
        "INSERT INTO idempotency (device_id, key, body_sha256, status, response, created_at, \
         clinic_id) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (device_id, key) DO NOTHING",
        &[
            &idem.device_id,
            &idem.key,
            &idem.body_sha256,
            &i64::from(idem.status),
            &idem.response,
            &fmt(idem.now),
            &idem.clinic.get(),
        ],
    )?;
    if claimed == 1 {
        insert_record(tx, upload, idem)?;
        return Ok(Saved::Created);
    }
    let earlier = tx
        .query_opt(
            "SELECT body_sha256, status, response FROM idempotency \
             WHERE device_id = $1 AND key = $2",
            &[&idem.device_id, &idem.key],
        )?
        .ok_or_else(|| StoreError::Corrupt("idempotency row vanished".into()))?;
    let body_sha256: String = col(&earlier, 0)?;
    if body_sha256 != idem.body_sha256 {
        return Ok(Saved::KeyReused);
    }
    let status: i64 = col(&earlier, 1)?;
    let status = u16::try_from(status).map_err(|_| StoreError::Corrupt("status".into()))?;
    Ok(Saved::Replayed { status, response: col(&earlier, 2)? })
}

/// Every row carries the device's clinic; the schema's triggers refuse one that is not its
/// patient's.
fn insert_record(
    tx: &mut Transaction<'_>,
    upload: &Upload,
    idem: &IdempotencyRecord,
) -> StoreResult<()> {
    let received = fmt(idem.now);
    let clinic = idem.clinic.get();
    match upload {
        Upload::Checkin(c) => {
            let rule_ids = serde_json::to_string(&c.rule_ids)
                .map_err(|e| StoreError::Corrupt(format!("rule ids: {e}")))?;
            let answers = serde_json::to_string(&c.answers)
                .map_err(|e| StoreError::Corrupt(format!("answers: {e}")))?;
            tx.execute(
                "INSERT INTO checkins (id, patient_id, device_id, idempotency_key, recorded_at, \
                 zone, level, rule_ids, answers_json, note, received_at, clinic_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                &[
                    &c.id,
                    &idem.patient_id,
                    &idem.device_id,
                    &idem.key,
                    &fmt(c.recorded_at),
                    &c.zone,
                    &c.level.as_str(),
                    &rule_ids,
                    &answers,
                    &c.note,
                    &received,
                    &clinic,
                ],
            )?;
        }
        Upload::Session(s) => {
            tx.execute(
                "INSERT INTO treatment_sessions (id, patient_id, device_id, idempotency_key, \
                 performed_at, zone, depth_mm, area, note, received_at, clinic_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                &[
                    &s.id,
                    &idem.patient_id,
                    &idem.device_id,
                    &idem.key,
                    &fmt(s.performed_at),
                    &s.zone,
                    &s.depth_mm,
                    &s.area,
                    &s.note,
                    &received,
                    &clinic,
                ],
            )?;
        }
        Upload::Photo(p) => {
            tx.execute(
                "INSERT INTO photos (id, patient_id, device_id, idempotency_key, sha256, \
                 byte_len, taken_at, zone, received_at, clinic_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                &[
                    &p.id,
                    &idem.patient_id,
                    &idem.device_id,
                    &idem.key,
                    &p.sha256,
                    &i64::try_from(p.byte_len).unwrap_or(i64::MAX),
                    &fmt(p.taken_at),
                    &p.zone,
                    &received,
                    &clinic,
                ],
            )?;
        }
    }
    Ok(())
}
