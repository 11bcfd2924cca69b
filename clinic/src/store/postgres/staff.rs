//! Staff accounts, login throttling and sessions.

use super::pool::Transaction;
use chrono::{DateTime, Utc};

use super::error::{col, count, is_unique_violation};
use crate::store::time::{fmt, parse, parse_opt};
use crate::store::{
    ClinicId, LockPolicy, LoginAttempt, LoginThrottle, NewStaffSession, Role, StaffRecord,
    StaffSession, StoreError, StoreResult,
};

/// Adds the account and its role in `clinic` together.
pub(super) fn add(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    email: &str,
    password_hash: &str,
    role: Role,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    // staff.role is no longer read; it keeps the role the account started with (as SQLite).
    let inserted = tx.query_one(
        "INSERT INTO staff (email, password_hash, role, created_at) VALUES ($1, $2, $3, $4) \
         RETURNING id",
        &[&email, &password_hash, &role.as_str(), &fmt(now)],
    );
    let id: i64 = match inserted {
        Ok(row) => col(&row, 0)?,
        Err(e) if is_unique_violation(&e) => return Err(StoreError::DuplicateStaff),
        Err(e) => return Err(e.into()),
    };
    super::clinics::grant_in(tx, clinic, id, role)?;
    Ok(id)
}

pub(super) fn by_email(tx: &mut Transaction<'_>, email: &str) -> StoreResult<Option<StaffRecord>> {
    let Some(row) = tx.query_opt(
        "SELECT id, email, password_hash FROM staff WHERE lower(email) = lower($1) \
             AND disabled_at IS NULL AND removed_at IS NULL",
        &[&email],
    )?
    else {
        return Ok(None);
    };
    let id: i64 = col(&row, 0)?;
    let memberships = super::clinics::memberships(tx, id)?;
    Ok(Some(StaffRecord { id, email: col(&row, 1)?, password_hash: col(&row, 2)?, memberships }))
}

pub(super) fn role_of(text: &str) -> StoreResult<Role> {
    Role::parse(text).ok_or_else(|| StoreError::Corrupt("staff role".into()))
}

pub(super) fn throttle(tx: &mut Transaction<'_>, email: &str) -> StoreResult<LoginThrottle> {
    let row = tx.query_opt(
        "SELECT failures, locked_until FROM login_throttle WHERE email = $1",
        &[&email.to_lowercase()],
    )?;
    match row {
        None => Ok(LoginThrottle::default()),
        Some(r) => {
            Ok(LoginThrottle { failures: count(&r, 0)?, locked_until: parse_opt(col(&r, 1)?)? })
        }
    }
}

pub(super) fn reserve_login(
    tx: &mut Transaction<'_>,
    email: &str,
    now: DateTime<Utc>,
    lock: &LockPolicy,
) -> StoreResult<LoginAttempt> {
    let email = email.to_lowercase();
    // SQLite's single writer made the read, the increment and the lock one step; here a
    // transaction-scoped advisory lock on the email does, also for an email with no row yet
    // (a row lock needs a row). Concurrent guesses for one email queue here, one at a time.
    tx.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", &[&email])?;
    let locked: Option<Option<String>> = tx
        .query_opt("SELECT locked_until FROM login_throttle WHERE email = $1", &[&email])?
        .map(|r| col(&r, 0))
        .transpose()?;
    if let Some(until) = parse_opt(locked.flatten())?
        && until > now
    {
        return Ok(LoginAttempt::Locked { until });
    }
    let row = tx.query_one(
        "INSERT INTO login_throttle (email, failures) VALUES ($1, 1) \
         ON CONFLICT (email) DO UPDATE SET failures = login_throttle.failures + 1 \
         RETURNING failures",
        &[&email],
    )?;
    let failures = count(&row, 0)?;
    tx.execute(
        "UPDATE login_throttle SET locked_until = $2 WHERE email = $1",
        &[&email, &lock(failures).map(fmt)],
    )?;
    Ok(LoginAttempt::Reserved { failures })
}

pub(super) fn clear_failures(tx: &mut Transaction<'_>, email: &str) -> StoreResult<()> {
    tx.execute("DELETE FROM login_throttle WHERE email = $1", &[&email.to_lowercase()])?;
    Ok(())
}

pub(super) fn create_session(tx: &mut Transaction<'_>, s: &NewStaffSession) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, created_at, last_seen_at, \
         clinic_id) VALUES ($1, $2, $3, $4, $4, $5)",
        &[&s.token_hash, &s.staff_id, &s.csrf_token, &fmt(s.now), &s.clinic.get()],
    )?;
    Ok(())
}

/// The session with its clinic and the account's role there; none when the account no longer
/// works for that clinic (its access there was taken away).
pub(super) fn session(
    tx: &mut Transaction<'_>,
    token_hash: &str,
) -> StoreResult<Option<StaffSession>> {
    let Some(r) = tx.query_opt(
        "SELECT s.staff_id, st.email, s.csrf_token, s.created_at, s.last_seen_at, m.role, \
         s.mfa_at, s.clinic_id FROM staff_sessions s JOIN staff st ON st.id = s.staff_id \
         JOIN staff_clinics m ON m.staff_id = s.staff_id AND m.clinic_id = s.clinic_id \
         WHERE s.token_hash = $1 AND st.disabled_at IS NULL AND st.removed_at IS NULL",
        &[&token_hash],
    )?
    else {
        return Ok(None);
    };
    let staff_id: i64 = col(&r, 0)?;
    Ok(Some(StaffSession {
        staff_id,
        email: col(&r, 1)?,
        clinic: ClinicId::from_row(col(&r, 7)?),
        role: role_of(col(&r, 5)?)?,
        memberships: super::clinics::memberships(tx, staff_id)?,
        csrf_token: col(&r, 2)?,
        created_at: parse(col(&r, 3)?)?,
        last_seen_at: parse(col(&r, 4)?)?,
        mfa_at: parse_opt(col(&r, 6)?)?,
    }))
}

pub(super) fn touch_session(
    tx: &mut Transaction<'_>,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    tx.execute(
        "UPDATE staff_sessions SET last_seen_at = $2 WHERE token_hash = $1",
        &[&token_hash, &fmt(now)],
    )?;
    Ok(())
}

pub(super) fn delete_session(tx: &mut Transaction<'_>, token_hash: &str) -> StoreResult<()> {
    tx.execute("DELETE FROM staff_sessions WHERE token_hash = $1", &[&token_hash])?;
    Ok(())
}

pub(super) fn purge_sessions(
    tx: &mut Transaction<'_>,
    idle_before: DateTime<Utc>,
    started_before: DateTime<Utc>,
) -> StoreResult<usize> {
    // Fixed-width UTC text compares in time order (the "C" ordering of these ASCII strings).
    let n = tx.execute(
        "DELETE FROM staff_sessions WHERE last_seen_at < $1 OR created_at < $2",
        &[&fmt(idle_before), &fmt(started_before)],
    )?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}
