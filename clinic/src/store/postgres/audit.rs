//! The audit log: appended in the hash chain of [`crate::store::audit_chain`], read back, and
//! checked. A trigger refuses UPDATE and DELETE.

use super::pool::Transaction;

use super::error::col;
use crate::store::audit_chain::{Content, GENESIS, row_hash};
use crate::store::time::{fmt, parse};
use crate::store::{AuditCheck, AuditEntry, ClinicId, NewAuditEntry, StoreResult};

/// Serialises appends (an arbitrary key, "AGAU"): reading the head and writing after it is
/// one step, as SQLite's single writer made it.
const CHAIN_LOCK: i64 = 0x4147_4155;

/// The `settings` key naming the first row whose hash covers its clinic (a database copied
/// from SQLite; one created on PostgreSQL covers it from row 1).
const CLINIC_CHAINED_FROM: &str = "audit_clinic_chained_from";

/// Appends inside a transaction the caller commits (the audited change and its row together).
pub(super) fn append_in(tx: &mut Transaction<'_>, e: &NewAuditEntry) -> StoreResult<()> {
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHAIN_LOCK])?;
    // The head is the newest row of any clinic: read it server-wide, then put back the scope
    // the caller's transaction had, so the rest of it stays walled in.
    let scope: Option<String> =
        col(&tx.query_one("SELECT current_setting('app.clinic_id', true)", &[])?, 0)?;
    tx.execute("SELECT set_config('app.clinic_id', '*', true)", &[])?;
    let head = tx.query_opt("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1", &[])?;
    tx.execute("SELECT set_config('app.clinic_id', $1, true)", &[&scope.unwrap_or_default()])?;
    let (last_id, prev_hash): (i64, String) = match head {
        Some(r) => (col(&r, 0)?, col(&r, 1)?),
        None => (0, GENESIS.to_owned()),
    };
    let at = fmt(e.now);
    let clinic = e.clinic.map(ClinicId::get);
    let content = Content {
        id: last_id + 1,
        at: &at,
        staff_id: e.staff_id,
        actor: &e.actor,
        action: &e.action,
        patient_id: e.patient_id.as_deref(),
        subject: e.subject.as_deref(),
        address: e.address.as_deref(),
        clinic: Some(clinic),
    };
    let hash = row_hash(&prev_hash, &content);
    tx.execute(
        "INSERT INTO audit_log (id, at, staff_id, actor, action, patient_id, subject, address, \
         prev_hash, row_hash, clinic_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        &[
            &content.id,
            &at,
            &e.staff_id,
            &e.actor,
            &e.action,
            &e.patient_id,
            &e.subject,
            &e.address,
            &prev_hash,
            &hash,
            &clinic,
        ],
    )?;
    Ok(())
}

/// The newest `limit` rows of one clinic, or of the whole log (`None`, the command line's).
pub(super) fn entries(
    tx: &mut Transaction<'_>,
    clinic: Option<ClinicId>,
    limit: u32,
) -> StoreResult<Vec<AuditEntry>> {
    let rows = tx.query(
        "SELECT id, at, staff_id, actor, action, patient_id, subject, address FROM audit_log \
         WHERE $2::bigint IS NULL OR clinic_id = $2 ORDER BY id DESC LIMIT $1",
        &[&i64::from(limit), &clinic.map(ClinicId::get)],
    )?;
    rows.iter()
        .map(|r| {
            Ok(AuditEntry {
                id: col(r, 0)?,
                at: parse(col(r, 1)?)?,
                staff_id: col(r, 2)?,
                actor: col(r, 3)?,
                action: col(r, 4)?,
                patient_id: col(r, 5)?,
                subject: col(r, 6)?,
                address: col(r, 7)?,
            })
        })
        .collect()
}

/// Walks the chain from the first row (server-wide); names the first edited or removed row.
pub(super) fn verify(tx: &mut Transaction<'_>) -> StoreResult<AuditCheck> {
    let chained_from: i64 = tx
        .query_opt("SELECT value FROM settings WHERE key = $1", &[&CLINIC_CHAINED_FROM])?
        .map(|r| col::<String>(&r, 0))
        .transpose()?
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    // Rows are read in pages so a long log is not held in memory at once.
    let (mut expected_id, mut prev) = (1_i64, GENESIS.to_owned());
    let mut count = 0_u64;
    loop {
        let rows = tx.query(
            "SELECT id, at, staff_id, actor, action, patient_id, subject, address, prev_hash, \
             row_hash, clinic_id FROM audit_log WHERE id >= $1 ORDER BY id LIMIT 5000",
            &[&expected_id],
        )?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            let id: i64 = col(r, 0)?;
            if id != expected_id {
                return Ok(AuditCheck::Broken {
                    row: expected_id,
                    reason: format!("row {expected_id} was removed (the next row is {id})"),
                });
            }
            let content = Content {
                id,
                at: col(r, 1)?,
                staff_id: col(r, 2)?,
                actor: col(r, 3)?,
                action: col(r, 4)?,
                patient_id: col(r, 5)?,
                subject: col(r, 6)?,
                address: col(r, 7)?,
                clinic: (id >= chained_from).then_some(col(r, 10)?),
            };
            let (prev_hash, hash): (&str, &str) = (col(r, 8)?, col(r, 9)?);
            if row_hash(prev_hash, &content) != hash {
                return Ok(AuditCheck::Broken {
                    row: id,
                    reason: format!("row {id} was edited (its content no longer matches its hash)"),
                });
            }
            if prev_hash != prev {
                return Ok(AuditCheck::Broken {
                    row: id,
                    reason: format!(
                        "the chain breaks at row {id}: it or the row before it was rewritten"
                    ),
                });
            }
            prev = hash.to_owned();
            expected_id += 1;
            count += 1;
        }
    }
    Ok(AuditCheck::Intact { rows: count, head: prev })
}
