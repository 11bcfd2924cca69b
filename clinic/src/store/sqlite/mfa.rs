//! The second factor's rows: the TOTP secret, recovery-code hashes, and per-session code times.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::lifecycle::{end_sessions_of, live_id};
use crate::store::time::fmt;
use crate::store::{MfaRecord, StoreResult};

pub(super) fn release_login(conn: &Connection, email: &str) -> StoreResult<()> {
    // The lock goes too: this attempt was allowed, so any lock was set by its own reservation.
    conn.execute(
        "UPDATE login_throttle SET failures = max(failures - 1, 0), locked_until = NULL \
         WHERE email = ?1",
        [email.to_lowercase()],
    )?;
    Ok(())
}

pub(super) fn mfa(conn: &Connection, staff_id: i64) -> StoreResult<MfaRecord> {
    let row: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT totp_secret, totp_enrolled_at FROM staff WHERE id = ?1",
            [staff_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((secret, enrolled_at)) = row else { return Ok(MfaRecord::default()) };
    let recovery_left: u32 = conn.query_row(
        "SELECT count(*) FROM staff_recovery_codes WHERE staff_id = ?1 AND used_at IS NULL",
        [staff_id],
        |r| r.get(0),
    )?;
    Ok(MfaRecord { secret, enrolled: enrolled_at.is_some(), recovery_left })
}

pub(super) fn set_pending(conn: &Connection, staff_id: i64, secret: &str) -> StoreResult<bool> {
    let changed = conn.execute(
        "UPDATE staff SET totp_secret = ?2 WHERE id = ?1 AND totp_enrolled_at IS NULL",
        params![staff_id, secret],
    )?;
    Ok(changed == 1)
}

pub(super) fn confirm(
    conn: &mut Connection,
    staff_id: i64,
    hashes: &[String],
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let changed = tx.execute(
        "UPDATE staff SET totp_enrolled_at = ?2 \
         WHERE id = ?1 AND totp_secret IS NOT NULL AND totp_enrolled_at IS NULL",
        params![staff_id, fmt(now)],
    )?;
    if changed == 0 {
        return Ok(false);
    }
    tx.execute("DELETE FROM staff_recovery_codes WHERE staff_id = ?1", [staff_id])?;
    for hash in hashes {
        tx.execute(
            "INSERT INTO staff_recovery_codes (staff_id, code_hash) VALUES (?1, ?2)",
            params![staff_id, hash],
        )?;
    }
    tx.commit()?;
    Ok(true)
}

pub(super) fn use_step(conn: &Connection, staff_id: i64, step: u64) -> StoreResult<bool> {
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    // One statement: of two requests with the same code only one moves the step on.
    let changed = conn.execute(
        "UPDATE staff SET totp_last_step = ?2 \
         WHERE id = ?1 AND (totp_last_step IS NULL OR totp_last_step < ?2)",
        params![staff_id, step],
    )?;
    Ok(changed == 1)
}

pub(super) fn use_recovery(
    conn: &Connection,
    staff_id: i64,
    hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    // One statement: two concurrent uses of the same code cannot both see it unspent.
    let changed = conn.execute(
        "UPDATE staff_recovery_codes SET used_at = ?3 \
         WHERE staff_id = ?1 AND code_hash = ?2 AND used_at IS NULL",
        params![staff_id, hash, fmt(now)],
    )?;
    Ok(changed == 1)
}

pub(super) fn session_passed(
    conn: &Connection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE staff_sessions SET mfa_at = ?2 WHERE token_hash = ?1",
        params![token_hash, fmt(now)],
    )?;
    Ok(())
}

pub(super) fn reset(conn: &mut Connection, email: &str) -> StoreResult<Option<i64>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(id) = live_id(&tx, email)? else { return Ok(None) };
    tx.execute(
        "UPDATE staff SET totp_secret = NULL, totp_enrolled_at = NULL, totp_last_step = NULL \
         WHERE id = ?1",
        [id],
    )?;
    tx.execute("DELETE FROM staff_recovery_codes WHERE staff_id = ?1", [id])?;
    end_sessions_of(&tx, id)?;
    tx.commit()?;
    Ok(Some(id))
}
