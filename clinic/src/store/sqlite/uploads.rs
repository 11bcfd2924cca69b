//! Idempotent uploads: the record and its idempotency row commit together.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use std::sync::{Arc, Mutex};

use super::lock;
use crate::store::time::fmt;
use crate::store::{IdempotencyRecord, Saved, StoreError, StoreResult, Upload};

/// One queued upload and, once its batch committed, its answer.
pub(super) struct Queued {
    upload: Upload,
    idem: IdempotencyRecord,
    result: Mutex<Option<StoreResult<Saved>>>,
}

/// Group commit: the upload joins the queue; whoever gets the writer next commits everything
/// queued so far in one transaction (one fsync) and hands each its answer.
pub(super) fn save_grouped(
    writer: &Mutex<Connection>,
    pending: &Mutex<Vec<Arc<Queued>>>,
    upload: &Upload,
    idem: &IdempotencyRecord,
) -> StoreResult<Saved> {
    let mine =
        Arc::new(Queued { upload: upload.clone(), idem: idem.clone(), result: Mutex::new(None) });
    lock(pending).push(Arc::clone(&mine));
    let mut conn = lock(writer);
    // Whoever held the writer before us may already have committed our upload.
    if let Some(done) = lock(&mine.result).take() {
        return done;
    }
    let batch = std::mem::take(&mut *lock(pending));
    let items: Vec<&Queued> = batch.iter().map(AsRef::as_ref).collect();
    match save_batch(&mut conn, &items) {
        Ok(results) => {
            for (queued, result) in batch.iter().zip(results) {
                *lock(&queued.result) = Some(result);
            }
        }
        Err(e) => {
            let message = e.to_string();
            for queued in &batch {
                *lock(&queued.result) = Some(Err(StoreError::BatchFailed(message.clone())));
            }
        }
    }
    drop(conn);
    lock(&mine.result)
        .take()
        .unwrap_or_else(|| Err(StoreError::BatchFailed("upload missing from its batch".into())))
}

/// Saves a batch in one transaction (one fsync for all), each item in its own savepoint so a
/// failing item leaves the others intact. Results are only handed out after the commit, so an
/// upload is acknowledged only once it is durable.
fn save_batch(conn: &mut Connection, items: &[&Queued]) -> StoreResult<Vec<StoreResult<Saved>>> {
    let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut results = Vec::with_capacity(items.len());
    for item in items {
        let savepoint = tx.savepoint()?;
        let result = save_one(&savepoint, &item.upload, &item.idem);
        if result.is_ok() {
            savepoint.commit()?;
        }
        // An error drops the savepoint, which rolls back just this item.
        results.push(result);
    }
    tx.commit()?;
    Ok(results)
}

fn save_one(tx: &Connection, upload: &Upload, idem: &IdempotencyRecord) -> StoreResult<Saved> {
    let earlier: Option<(String, u16, String)> = tx
        .prepare_cached(
            "SELECT body_sha256, status, response FROM idempotency \
             WHERE device_id = ?1 AND key = ?2",
        )?
        .query_row(params![idem.device_id, idem.key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    if let Some((body_sha256, status, response)) = earlier {
        return Ok(if body_sha256 == idem.body_sha256 {
            Saved::Replayed { status, response }
        } else {
            Saved::KeyReused
        });
    }
    insert_record(tx, upload, idem)?;
    tx.prepare_cached(
        "INSERT INTO idempotency (device_id, key, body_sha256, status, response, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        idem.device_id,
        idem.key,
        idem.body_sha256,
        idem.status,
        idem.response,
        fmt(idem.now)
    ])?;
    Ok(Saved::Created)
}

/// Every row carries the device's clinic; the schema's triggers refuse one that is not its
/// patient's.
fn insert_record(tx: &Connection, upload: &Upload, idem: &IdempotencyRecord) -> StoreResult<()> {
    let received = fmt(idem.now);
    match upload {
        Upload::Checkin(c) => {
            let rule_ids = serde_json::to_string(&c.rule_ids)
                .map_err(|e| StoreError::Corrupt(format!("rule ids: {e}")))?;
            let answers = serde_json::to_string(&c.answers)
                .map_err(|e| StoreError::Corrupt(format!("answers: {e}")))?;
            tx.prepare_cached(
                "INSERT INTO checkins (id, patient_id, device_id, idempotency_key, recorded_at, \
                 zone, level, rule_ids, answers_json, note, received_at, clinic_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                c.id,
                idem.patient_id,
                idem.device_id,
                idem.key,
                fmt(c.recorded_at),
                c.zone,
                c.level.as_str(),
                rule_ids,
                answers,
                c.note,
                received,
                idem.clinic.get()
            ])?;
        }
        Upload::Session(s) => {
            tx.prepare_cached(
                "INSERT INTO treatment_sessions (id, patient_id, device_id, idempotency_key, \
                 performed_at, zone, depth_mm, area, note, received_at, clinic_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                s.id,
                idem.patient_id,
                idem.device_id,
                idem.key,
                fmt(s.performed_at),
                s.zone,
                s.depth_mm,
                s.area,
                s.note,
                received,
                idem.clinic.get()
            ])?;
        }
        Upload::Photo(p) => {
            tx.prepare_cached(
                "INSERT INTO photos (id, patient_id, device_id, idempotency_key, sha256, \
                 byte_len, taken_at, zone, received_at, clinic_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                p.id,
                idem.patient_id,
                idem.device_id,
                idem.key,
                p.sha256,
                i64::try_from(p.byte_len).unwrap_or(i64::MAX),
                fmt(p.taken_at),
                p.zone,
                received,
                idem.clinic.get()
            ])?;
        }
    }
    Ok(())
}
