//! Staff accounts, login throttling and sessions.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior, params};

use crate::store::time::{fmt, parse, parse_opt};
use crate::store::{
    ClinicId, LockPolicy, LoginAttempt, LoginThrottle, NewStaffSession, Role, StaffRecord,
    StaffSession, StoreError, StoreResult,
};

/// Adds the account and its role in `clinic` together.
pub(super) fn add(
    conn: &mut Connection,
    clinic: ClinicId,
    email: &str,
    password_hash: &str,
    role: Role,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // staff.role (version 4) is no longer read; it keeps the role the account started with.
    let inserted = tx.execute(
        "INSERT INTO staff (email, password_hash, role, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![email, password_hash, role.as_str(), fmt(now)],
    );
    let id = match inserted {
        Ok(_) => tx.last_insert_rowid(),
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::ConstraintViolation => {
            return Err(StoreError::DuplicateStaff);
        }
        Err(e) => return Err(e.into()),
    };
    super::clinics::grant_in(&tx, clinic, id, role)?;
    tx.commit()?;
    Ok(id)
}

pub(super) fn by_email(conn: &Connection, email: &str) -> StoreResult<Option<StaffRecord>> {
    conn.query_row(
        "SELECT id, email, password_hash FROM staff WHERE email = ?1 \
             AND disabled_at IS NULL AND removed_at IS NULL",
        [email],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()?
    .map(|(id, email, password_hash)| {
        let memberships = super::clinics::memberships(conn, id)?;
        Ok(StaffRecord { id, email, password_hash, memberships })
    })
    .transpose()
}

pub(super) fn role_of(text: &str) -> StoreResult<Role> {
    Role::parse(text).ok_or_else(|| StoreError::Corrupt("staff role".into()))
}

pub(super) fn throttle(conn: &Connection, email: &str) -> StoreResult<LoginThrottle> {
    let row: Option<(u32, Option<String>)> = conn
        .query_row(
            "SELECT failures, locked_until FROM login_throttle WHERE email = ?1",
            [email.to_lowercase()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        None => Ok(LoginThrottle::default()),
        Some((failures, locked)) => {
            Ok(LoginThrottle { failures, locked_until: parse_opt(locked)? })
        }
    }
}

pub(super) fn reserve_login(
    conn: &mut Connection,
    email: &str,
    now: DateTime<Utc>,
    lock: &LockPolicy,
) -> StoreResult<LoginAttempt> {
    let email = email.to_lowercase();
    // IMMEDIATE takes the write lock up front: the read, the increment and the lock are one
    // step even against another process (the CLI) writing the same file.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let locked: Option<Option<String>> = tx
        .query_row("SELECT locked_until FROM login_throttle WHERE email = ?1", [&email], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(until) = parse_opt(locked.flatten())?
        && until > now
    {
        return Ok(LoginAttempt::Locked { until });
    }
    let failures: u32 = tx.query_row(
        "INSERT INTO login_throttle (email, failures) VALUES (?1, 1) \
         ON CONFLICT (email) DO UPDATE SET failures = failures + 1 RETURNING failures",
        [&email],
        |r| r.get(0),
    )?;
    tx.execute(
        "UPDATE login_throttle SET locked_until = ?2 WHERE email = ?1",
        params![email, lock(failures).map(fmt)],
    )?;
    tx.commit()?;
    Ok(LoginAttempt::Reserved { failures })
}

pub(super) fn clear_failures(conn: &Connection, email: &str) -> StoreResult<()> {
    conn.execute("DELETE FROM login_throttle WHERE email = ?1", [email.to_lowercase()])?;
    Ok(())
}

pub(super) fn create_session(conn: &Connection, s: &NewStaffSession) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, created_at, last_seen_at, \
         clinic_id) VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
        params![s.token_hash, s.staff_id, s.csrf_token, fmt(s.now), s.clinic.get()],
    )?;
    Ok(())
}

/// The session with its clinic and the account's role there; none when the account no longer
/// works for that clinic (its access there was taken away).
pub(super) fn session(conn: &Connection, token_hash: &str) -> StoreResult<Option<StaffSession>> {
    type Row = (i64, String, String, String, String, String, Option<String>, i64);
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT s.staff_id, st.email, s.csrf_token, s.created_at, s.last_seen_at, m.role, \
             s.mfa_at, s.clinic_id FROM staff_sessions s JOIN staff st ON st.id = s.staff_id \
             JOIN staff_clinics m ON m.staff_id = s.staff_id AND m.clinic_id = s.clinic_id \
             WHERE s.token_hash = ?1 AND st.disabled_at IS NULL AND st.removed_at IS NULL",
        )?
        .query_row([token_hash], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .optional()?;
    row.map(|(staff_id, email, csrf_token, created, seen, role, mfa_at, clinic)| {
        Ok(StaffSession {
            staff_id,
            email,
            clinic: ClinicId::from_row(clinic),
            role: role_of(&role)?,
            memberships: super::clinics::memberships(conn, staff_id)?,
            csrf_token,
            created_at: parse(&created)?,
            last_seen_at: parse(&seen)?,
            mfa_at: parse_opt(mfa_at)?,
        })
    })
    .transpose()
}

pub(super) fn touch_session(
    conn: &Connection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE staff_sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
        params![token_hash, fmt(now)],
    )?;
    Ok(())
}

pub(super) fn delete_session(conn: &Connection, token_hash: &str) -> StoreResult<()> {
    conn.execute("DELETE FROM staff_sessions WHERE token_hash = ?1", [token_hash])?;
    Ok(())
}

pub(super) fn purge_sessions(
    conn: &Connection,
    idle_before: DateTime<Utc>,
    started_before: DateTime<Utc>,
) -> StoreResult<usize> {
    // Times are RFC 3339 UTC text with milliseconds, which compares in time order.
    Ok(conn.execute(
        "DELETE FROM staff_sessions WHERE last_seen_at < ?1 OR created_at < ?2",
        params![fmt(idle_before), fmt(started_before)],
    )?)
}
