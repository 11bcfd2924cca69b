//! The audit log: appended in a hash chain, read back, and checked.
//!
//! Each row stores `prev_hash` (the previous row's `row_hash`, or 64 zeros for the first)
//! and `row_hash = sha256(prev_hash || "\n" || content)`, where content is the JSON array of
//! the row's other columns (its clinic too, from the first row written by schema 6 on: the
//! `settings` key `audit_clinic_chained_from`). Triggers refuse UPDATE and DELETE; someone who drops them and
//! edits the file breaks the chain at the row they touched, which [`verify`] reports. Rows
//! removed from the end leave no gap: compare the head hash with one noted earlier.

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use crate::store::audit_chain::{Content, GENESIS, row_hash};
use crate::store::time::{fmt, parse};
use crate::store::{AuditCheck, AuditEntry, ClinicId, NewAuditEntry, StoreResult};

/// The `settings` key naming the first row whose hash covers its clinic.
const CLINIC_CHAINED_FROM: &str = "audit_clinic_chained_from";

fn head(conn: &Connection) -> StoreResult<(i64, String)> {
    Ok(conn
        .query_row("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
        .unwrap_or((0, GENESIS.to_owned())))
}

/// `with_clinic`: false only for migration 2's step, which writes the format of its time.
fn insert(tx: &Transaction<'_>, e: &NewAuditEntry, at: &str, with_clinic: bool) -> StoreResult<()> {
    let (last_id, prev_hash) = head(tx)?;
    let content = Content {
        id: last_id + 1,
        at,
        staff_id: e.staff_id,
        actor: &e.actor,
        action: &e.action,
        patient_id: e.patient_id.as_deref(),
        subject: e.subject.as_deref(),
        address: e.address.as_deref(),
        clinic: with_clinic.then(|| e.clinic.map(ClinicId::get)),
    };
    let hash = row_hash(&prev_hash, &content);
    // A row that concerns no clinic leaves clinic_id out (NULL): so does migration 2's step,
    // which runs before the column exists.
    let sql = if e.clinic.is_some() {
        "INSERT INTO audit_log (id, at, staff_id, actor, action, patient_id, subject, address, \
         prev_hash, row_hash, clinic_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    } else {
        "INSERT INTO audit_log (id, at, staff_id, actor, action, patient_id, subject, address, \
         prev_hash, row_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    };
    let mut stmt = tx.prepare_cached(sql)?;
    let common = params![
        content.id,
        at,
        e.staff_id,
        e.actor,
        e.action,
        e.patient_id,
        e.subject,
        e.address,
        prev_hash,
        hash
    ];
    match e.clinic {
        Some(clinic) => {
            let mut all: Vec<&dyn rusqlite::ToSql> = common.to_vec();
            let id = clinic.get();
            all.push(&id);
            stmt.execute(all.as_slice())?;
        }
        None => {
            stmt.execute(common)?;
        }
    }
    Ok(())
}

/// Appends one entry at the head of the chain.
pub(super) fn append(conn: &mut Connection, e: &NewAuditEntry) -> StoreResult<()> {
    // IMMEDIATE: reading the head and appending after it is one step, even against the CLI.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    append_in(&tx, e)?;
    tx.commit()?;
    Ok(())
}

/// Appends inside a transaction the caller commits (the audited change and its row together).
pub(super) fn append_in(tx: &Transaction<'_>, e: &NewAuditEntry) -> StoreResult<()> {
    insert(tx, e, &fmt(e.now), true)
}

/// Appends a row as schema 2–5 did (its hash without a clinic): tests build old files with it.
#[cfg(test)]
pub(super) fn append_as_version_5(conn: &mut Connection, e: &NewAuditEntry) -> StoreResult<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    insert(&tx, e, &fmt(e.now), false)?;
    tx.commit()?;
    Ok(())
}

/// Migration 2's Rust step: copies version 1's rows into the chain, in order, then drops them.
pub(super) fn chain_version_1_rows(tx: &Transaction<'_>) -> StoreResult<()> {
    let rows: Vec<(String, i64, String, String, Option<String>)> = {
        let mut stmt = tx.prepare(
            "SELECT a.at, a.staff_id, coalesce(s.email, 'unknown'), a.action, a.patient_id \
             FROM audit_log_v1 a LEFT JOIN staff s ON s.id = a.staff_id ORDER BY a.id",
        )?;
        let rows =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (at, staff_id, actor, action, patient_id) in rows {
        let entry = NewAuditEntry {
            clinic: None,
            staff_id: Some(staff_id),
            actor,
            action,
            patient_id,
            subject: None,
            address: None,
            now: parse(&at)?,
        };
        // The stored text, not a re-format of it: the row keeps exactly the time it had.
        insert(tx, &entry, &at, false)?;
    }
    tx.execute_batch("DROP TABLE audit_log_v1")?;
    Ok(())
}

/// The newest `limit` rows of one clinic, or of the whole log (`None`, the command line's).
pub(super) fn entries(
    conn: &Connection,
    clinic: Option<ClinicId>,
    limit: u32,
) -> StoreResult<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, staff_id, actor, action, patient_id, subject, address FROM audit_log \
         WHERE ?2 IS NULL OR clinic_id = ?2 ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map(params![limit, clinic.map(ClinicId::get)], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, at, staff_id, actor, action, patient_id, subject, address) = row?;
        out.push(AuditEntry {
            id,
            at: parse(&at)?,
            staff_id,
            actor,
            action,
            patient_id,
            subject,
            address,
        });
    }
    Ok(out)
}

type Row = (
    i64,
    String,
    Option<i64>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
    Option<i64>,
);

/// Walks the chain from the first row; names the first row that was edited or removed.
pub(super) fn verify(conn: &Connection) -> StoreResult<AuditCheck> {
    let chained_from: i64 = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [CLINIC_CHAINED_FROM], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let mut stmt = conn.prepare(
        "SELECT id, at, staff_id, actor, action, patient_id, subject, address, prev_hash, \
         row_hash, clinic_id FROM audit_log ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let (mut expected_id, mut prev) = (1_i64, GENESIS.to_owned());
    let mut count = 0_u64;
    while let Some(r) = rows.next()? {
        let row: Row = (
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
        );
        let (
            id,
            at,
            staff_id,
            actor,
            action,
            patient_id,
            subject,
            address,
            prev_hash,
            hash,
            clinic,
        ) = row;
        if id != expected_id {
            return Ok(AuditCheck::Broken {
                row: expected_id,
                reason: format!("row {expected_id} was removed (the next row is {id})"),
            });
        }
        let content = Content {
            id,
            at: &at,
            staff_id,
            actor: &actor,
            action: &action,
            patient_id: patient_id.as_deref(),
            subject: subject.as_deref(),
            address: address.as_deref(),
            clinic: (id >= chained_from).then_some(clinic),
        };
        if row_hash(&prev_hash, &content) != hash {
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
        prev = hash;
        expected_id += 1;
        count += 1;
    }
    Ok(AuditCheck::Intact { rows: count, head: prev })
}
