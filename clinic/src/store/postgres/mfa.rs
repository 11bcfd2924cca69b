//! The second factor's rows: the TOTP secret, recovery-code hashes, and per-session code times.

use super::pool::Transaction;
use chrono::{DateTime, Utc};

use super::error::{col, count};
use super::lifecycle::{end_sessions_of, live_id};
use crate::store::time::fmt;
use crate::store::{MfaRecord, StoreResult};

pub(super) fn release_login(tx: &mut Transaction<'_>, email: &str) -> StoreResult<()> {
    // The lock goes too: this attempt was allowed, so any lock was set by its own reservation.
    tx.execute(
        "UPDATE login_throttle SET failures = greatest(failures - 1, 0), locked_until = NULL \
         WHERE email = $1",
        &[&email.to_lowercase()],
    )?;
    Ok(())
}

pub(super) fn mfa(tx: &mut Transaction<'_>, staff_id: i64) -> StoreResult<MfaRecord> {
    let Some(row) = tx
        .query_opt("SELECT totp_secret, totp_enrolled_at FROM staff WHERE id = $1", &[&staff_id])?
    else {
        return Ok(MfaRecord::default());
    };
    let enrolled_at: Option<String> = col(&row, 1)?;
    let left = tx.query_one(
        "SELECT count(*) FROM staff_recovery_codes WHERE staff_id = $1 AND used_at IS NULL",
        &[&staff_id],
    )?;
    Ok(MfaRecord {
        secret: col(&row, 0)?,
        enrolled: enrolled_at.is_some(),
        recovery_left: count(&left, 0)?,
    })
}

pub(super) fn set_pending(
    tx: &mut Transaction<'_>,
    staff_id: i64,
    secret: &str,
) -> StoreResult<bool> {
    let changed = tx.execute(
        "UPDATE staff SET totp_secret = $2 WHERE id = $1 AND totp_enrolled_at IS NULL",
        &[&staff_id, &secret],
    )?;
    Ok(changed == 1)
}

pub(super) fn confirm(
    tx: &mut Transaction<'_>,
    staff_id: i64,
    hashes: &[String],
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let changed = tx.execute(
        "UPDATE staff SET totp_enrolled_at = $2 \
         WHERE id = $1 AND totp_secret IS NOT NULL AND totp_enrolled_at IS NULL",
        &[&staff_id, &fmt(now)],
    )?;
    if changed == 0 {
        return Ok(false);
    }
    tx.execute("DELETE FROM staff_recovery_codes WHERE staff_id = $1", &[&staff_id])?;
    for hash in hashes {
        tx.execute(
            "INSERT INTO staff_recovery_codes (staff_id, code_hash) VALUES ($1, $2)",
            &[&staff_id, hash],
        )?;
    }
    Ok(true)
}

pub(super) fn use_step(tx: &mut Transaction<'_>, staff_id: i64, step: u64) -> StoreResult<bool> {
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    // One statement: of two requests with the same code, the second waits for the first's
    // row lock, re-reads the row and finds the step used.
    let changed = tx.execute(
        "UPDATE staff SET totp_last_step = $2 \
         WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
        &[&staff_id, &step],
    )?;
    Ok(changed == 1)
}

pub(super) fn use_recovery(
    tx: &mut Transaction<'_>,
    staff_id: i64,
    hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    // One statement: the row lock makes a second concurrent use see the code spent.
    let changed = tx.execute(
        "UPDATE staff_recovery_codes SET used_at = $3 \
         WHERE staff_id = $1 AND code_hash = $2 AND used_at IS NULL",
        &[&staff_id, &hash, &fmt(now)],
    )?;
    Ok(changed == 1)
}

pub(super) fn session_passed(
    tx: &mut Transaction<'_>,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    tx.execute(
        "UPDATE staff_sessions SET mfa_at = $2 WHERE token_hash = $1",
        &[&token_hash, &fmt(now)],
    )?;
    Ok(())
}

pub(super) fn reset(tx: &mut Transaction<'_>, email: &str) -> StoreResult<Option<i64>> {
    let Some(id) = live_id(tx, email)? else { return Ok(None) };
    tx.execute(
        "UPDATE staff SET totp_secret = NULL, totp_enrolled_at = NULL, totp_last_step = NULL \
         WHERE id = $1",
        &[&id],
    )?;
    tx.execute("DELETE FROM staff_recovery_codes WHERE staff_id = $1", &[&id])?;
    end_sessions_of(tx, id)?;
    Ok(Some(id))
}
