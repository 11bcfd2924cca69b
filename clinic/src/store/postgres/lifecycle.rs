//! Staff account lifecycle: list, disable, enable, remove (as a tombstone), new password,
//! sessions. Every change that takes access away ends the account's sessions in the same
//! transaction, so the next request of a logged-in browser is already refused.

use super::pool::Transaction;
use chrono::{DateTime, Utc};

use super::clinics::memberships;
use super::error::{col, count};
use crate::store::time::{fmt, parse, parse_opt};
use crate::store::{SessionSummary, StaffStatus, StaffSummary, StoreResult};

/// The live account's id, its row locked until the transaction ends (SQLite's IMMEDIATE
/// transactions serialised these changes; the row lock does here).
pub(super) fn live_id(tx: &mut Transaction<'_>, email: &str) -> StoreResult<Option<i64>> {
    tx.query_opt(
        "SELECT id FROM staff WHERE lower(email) = lower($1) AND removed_at IS NULL FOR UPDATE",
        &[&email.trim()],
    )?
    .map(|r| col(&r, 0))
    .transpose()
}

pub(super) fn end_sessions_of(tx: &mut Transaction<'_>, id: i64) -> StoreResult<usize> {
    let n = tx.execute("DELETE FROM staff_sessions WHERE staff_id = $1", &[&id])?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// Runs in a server-wide scope: the last login comes from the audit log, whose rows of a
/// login belong to the clinic the account logged into.
pub(super) fn list(tx: &mut Transaction<'_>) -> StoreResult<Vec<StaffSummary>> {
    let rows = tx.query(
        "SELECT s.id, s.email, s.created_at, s.disabled_at, s.removed_at, \
           (SELECT count(*) FROM staff_sessions x WHERE x.staff_id = s.id), \
           s.totp_enrolled_at IS NOT NULL, \
           (SELECT max(a.at) FROM audit_log a WHERE a.staff_id = s.id AND a.action = 'login') \
         FROM staff s ORDER BY s.id",
        &[],
    )?;
    let mut out = Vec::new();
    for r in &rows {
        let id: i64 = col(r, 0)?;
        let status = match (parse_opt(col(r, 3)?)?, parse_opt(col(r, 4)?)?) {
            (_, Some(at)) => StaffStatus::Removed(at),
            (Some(at), None) => StaffStatus::Disabled(at),
            (None, None) => StaffStatus::Active,
        };
        out.push(StaffSummary {
            id,
            email: col(r, 1)?,
            memberships: memberships(tx, id)?,
            created_at: parse(col(r, 2)?)?,
            status,
            sessions: count(r, 5)?,
            mfa_enrolled: col(r, 6)?,
            last_login_at: parse_opt(col(r, 7)?)?,
        });
    }
    Ok(out)
}

/// Disables (`Some(now)`) or enables (`None`) a live account; false when there is none.
pub(super) fn set_disabled(
    tx: &mut Transaction<'_>,
    email: &str,
    disabled_at: Option<DateTime<Utc>>,
) -> StoreResult<bool> {
    let Some(id) = live_id(tx, email)? else { return Ok(false) };
    tx.execute("UPDATE staff SET disabled_at = $2 WHERE id = $1", &[&id, &disabled_at.map(fmt)])?;
    if disabled_at.is_some() {
        end_sessions_of(tx, id)?;
    }
    Ok(true)
}

/// Turns the account into a tombstone; false when there is no live account.
pub(super) fn remove(
    tx: &mut Transaction<'_>,
    email: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let Some(id) = live_id(tx, email)? else { return Ok(false) };
    // The row stays so history keeps its author; the renamed email frees the address for a
    // new account, and '!' is no PHC string, so no password ever matches.
    tx.execute(
        "UPDATE staff SET removed_at = $2, disabled_at = coalesce(disabled_at, $2), \
         email = 'removed-' || id || ':' || email, password_hash = '!' WHERE id = $1",
        &[&id, &fmt(now)],
    )?;
    end_sessions_of(tx, id)?;
    Ok(true)
}

/// Sets a new password hash and ends every session; false when there is no live account.
pub(super) fn set_password(tx: &mut Transaction<'_>, email: &str, hash: &str) -> StoreResult<bool> {
    let Some(id) = live_id(tx, email)? else { return Ok(false) };
    tx.execute("UPDATE staff SET password_hash = $2 WHERE id = $1", &[&id, &hash])?;
    end_sessions_of(tx, id)?;
    Ok(true)
}

/// A live account's sessions, oldest first; `None` when there is no such account.
pub(super) fn sessions(
    tx: &mut Transaction<'_>,
    email: &str,
) -> StoreResult<Option<Vec<SessionSummary>>> {
    let Some(id) = live_id(tx, email)? else { return Ok(None) };
    let rows = tx.query(
        "SELECT created_at, last_seen_at FROM staff_sessions WHERE staff_id = $1 \
         ORDER BY created_at",
        &[&id],
    )?;
    let out = rows
        .iter()
        .map(|r| {
            Ok(SessionSummary { created_at: parse(col(r, 0)?)?, last_seen_at: parse(col(r, 1)?)? })
        })
        .collect::<StoreResult<_>>()?;
    Ok(Some(out))
}

/// Ends every session of a live account; `None` when there is no such account.
pub(super) fn end_sessions(tx: &mut Transaction<'_>, email: &str) -> StoreResult<Option<usize>> {
    let Some(id) = live_id(tx, email)? else { return Ok(None) };
    Ok(Some(end_sessions_of(tx, id)?))
}
