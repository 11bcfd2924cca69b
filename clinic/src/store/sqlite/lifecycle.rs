//! Staff account lifecycle: list, disable, enable, remove (as a tombstone), new password,
//! sessions. Every change that takes access away ends the account's sessions in the same
//! transaction, so the next request of a logged-in browser is already refused.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::clinics::memberships;
use crate::store::time::{fmt, parse, parse_opt};
use crate::store::{SessionSummary, StaffStatus, StaffSummary, StoreResult};

pub(super) fn live_id(tx: &Transaction<'_>, email: &str) -> StoreResult<Option<i64>> {
    Ok(tx
        .query_row(
            "SELECT id FROM staff WHERE email = ?1 AND removed_at IS NULL",
            [email.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

pub(super) fn end_sessions_of(tx: &Transaction<'_>, id: i64) -> StoreResult<usize> {
    Ok(tx.execute("DELETE FROM staff_sessions WHERE staff_id = ?1", [id])?)
}

pub(super) fn list(conn: &Connection) -> StoreResult<Vec<StaffSummary>> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.email, s.created_at, s.disabled_at, s.removed_at, \
           (SELECT count(*) FROM staff_sessions x WHERE x.staff_id = s.id), \
           s.totp_enrolled_at IS NOT NULL, \
           (SELECT max(a.at) FROM audit_log a WHERE a.staff_id = s.id AND a.action = 'login') \
         FROM staff s ORDER BY s.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, u32>(5)?,
            r.get::<_, bool>(6)?,
            r.get::<_, Option<String>>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, email, created, disabled, removed, sessions, mfa_enrolled, last_login) = row?;
        let status = match (parse_opt(disabled)?, parse_opt(removed)?) {
            (_, Some(at)) => StaffStatus::Removed(at),
            (Some(at), None) => StaffStatus::Disabled(at),
            (None, None) => StaffStatus::Active,
        };
        let (created_at, memberships) = (parse(&created)?, memberships(conn, id)?);
        out.push(StaffSummary {
            id,
            email,
            memberships,
            created_at,
            status,
            sessions,
            mfa_enrolled,
            last_login_at: parse_opt(last_login)?,
        });
    }
    Ok(out)
}

/// Disables (`Some(now)`) or enables (`None`) a live account; false when there is none.
pub(super) fn set_disabled(
    conn: &mut Connection,
    email: &str,
    disabled_at: Option<DateTime<Utc>>,
) -> StoreResult<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(id) = live_id(&tx, email)? else { return Ok(false) };
    tx.execute(
        "UPDATE staff SET disabled_at = ?2 WHERE id = ?1",
        params![id, disabled_at.map(fmt)],
    )?;
    if disabled_at.is_some() {
        end_sessions_of(&tx, id)?;
    }
    tx.commit()?;
    Ok(true)
}

/// Turns the account into a tombstone; false when there is no live account.
pub(super) fn remove(conn: &mut Connection, email: &str, now: DateTime<Utc>) -> StoreResult<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(id) = live_id(&tx, email)? else { return Ok(false) };
    // The row stays so history keeps its author; the renamed email frees the address for a
    // new account, and '!' is no PHC string, so no password ever matches.
    tx.execute(
        "UPDATE staff SET removed_at = ?2, disabled_at = coalesce(disabled_at, ?2), \
         email = 'removed-' || id || ':' || email, password_hash = '!' WHERE id = ?1",
        params![id, fmt(now)],
    )?;
    end_sessions_of(&tx, id)?;
    tx.commit()?;
    Ok(true)
}

/// Sets a new password hash and ends every session; false when there is no live account.
pub(super) fn set_password(conn: &mut Connection, email: &str, hash: &str) -> StoreResult<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(id) = live_id(&tx, email)? else { return Ok(false) };
    tx.execute("UPDATE staff SET password_hash = ?2 WHERE id = ?1", params![id, hash])?;
    end_sessions_of(&tx, id)?;
    tx.commit()?;
    Ok(true)
}

/// A live account's sessions, oldest first; `None` when there is no such account.
pub(super) fn sessions(
    conn: &mut Connection,
    email: &str,
) -> StoreResult<Option<Vec<SessionSummary>>> {
    let tx = conn.transaction()?;
    let Some(id) = live_id(&tx, email)? else { return Ok(None) };
    let mut stmt = tx.prepare(
        "SELECT created_at, last_seen_at FROM staff_sessions WHERE staff_id = ?1 \
         ORDER BY created_at",
    )?;
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (created, seen) = row?;
        out.push(SessionSummary { created_at: parse(&created)?, last_seen_at: parse(&seen)? });
    }
    Ok(Some(out))
}

/// Ends every session of a live account; `None` when there is no such account.
pub(super) fn end_sessions(conn: &mut Connection, email: &str) -> StoreResult<Option<usize>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(id) = live_id(&tx, email)? else { return Ok(None) };
    let ended = end_sessions_of(&tx, id)?;
    tx.commit()?;
    Ok(Some(ended))
}
