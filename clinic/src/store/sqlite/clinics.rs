//! Clinics, their settings, staff memberships and the session's clinic (review M8).

use chrono::{DateTime, Utc};
use rusqlite::{
    Connection, ErrorCode, OptionalExtension, Transaction, TransactionBehavior, params,
};
use serde::Deserialize;

use super::lifecycle::{end_sessions_of, live_id};
use super::staff::role_of;
use crate::store::time::{fmt, parse};
use crate::store::{
    Clinic, ClinicId, ClinicSettings, DEFAULT_PUBLIC_URL, Membership, Role, SettingsUpdate,
    StoreError, StoreResult, alert_emails_column, alert_emails_from_column,
};

/// The `settings` key of the server's public URL (the only server-wide setting).
const PUBLIC_URL_KEY: &str = "public_url";

pub(super) fn default_clinic(conn: &Connection) -> StoreResult<ClinicId> {
    let id: Option<i64> = conn.query_row("SELECT min(id) FROM clinics", [], |r| r.get(0))?;
    id.map(ClinicId::from_row).ok_or_else(|| StoreError::Corrupt("no clinic".into()))
}

pub(super) fn by_slug(conn: &Connection, slug: &str) -> StoreResult<Option<ClinicId>> {
    Ok(conn
        .query_row("SELECT id FROM clinics WHERE slug = ?1", [slug.trim()], |r| r.get(0))
        .optional()?
        .map(ClinicId::from_row))
}

pub(super) fn add(
    conn: &Connection,
    slug: &str,
    s: &ClinicSettings,
    now: DateTime<Utc>,
) -> StoreResult<ClinicId> {
    let inserted = conn.execute(
        "INSERT INTO clinics (slug, name, phone, after_hours_advice, protocol_json, created_at, \
           alert_emails) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            slug,
            s.name,
            s.phone,
            s.after_hours_advice,
            s.protocol_json,
            fmt(now),
            alert_emails_column(&s.alert_emails)
        ],
    );
    match inserted {
        Ok(_) => Ok(ClinicId::from_row(conn.last_insert_rowid())),
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::ConstraintViolation => {
            Err(StoreError::DuplicateClinic)
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) fn list(conn: &Connection) -> StoreResult<Vec<Clinic>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.slug, c.name, c.phone, c.after_hours_advice, c.protocol_json, \
           c.created_at, (SELECT count(*) FROM patients p WHERE p.clinic_id = c.id), \
           c.alert_emails FROM clinics c ORDER BY c.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            ClinicSettings {
                name: r.get(2)?,
                phone: r.get(3)?,
                after_hours_advice: r.get(4)?,
                protocol_json: r.get(5)?,
                alert_emails: alert_emails_from_column(&r.get::<_, String>(8)?),
            },
            r.get::<_, String>(6)?,
            r.get::<_, u32>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, slug, settings, created, patients) = row?;
        let id = ClinicId::from_row(id);
        out.push(Clinic { id, slug, settings, patients, created_at: parse(&created)? });
    }
    Ok(out)
}

pub(super) fn settings(conn: &Connection, clinic: ClinicId) -> StoreResult<ClinicSettings> {
    conn.prepare_cached(
        "SELECT name, phone, after_hours_advice, protocol_json, alert_emails FROM clinics \
         WHERE id = ?1",
    )?
    .query_row([clinic.get()], |r| {
        Ok(ClinicSettings {
            name: r.get(0)?,
            phone: r.get(1)?,
            after_hours_advice: r.get(2)?,
            protocol_json: r.get(3)?,
            alert_emails: alert_emails_from_column(&r.get::<_, String>(4)?),
        })
    })
    .optional()?
    .ok_or_else(|| StoreError::Corrupt("clinic missing".into()))
}

pub(super) fn save_settings(
    conn: &Connection,
    clinic: ClinicId,
    s: &ClinicSettings,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE clinics SET name = ?2, phone = ?3, after_hours_advice = ?4, protocol_json = ?5, \
           alert_emails = ?6 WHERE id = ?1",
        params![
            clinic.get(),
            s.name,
            s.phone,
            s.after_hours_advice,
            s.protocol_json,
            alert_emails_column(&s.alert_emails)
        ],
    )?;
    Ok(())
}

pub(super) fn update_settings(
    conn: &Connection,
    clinic: ClinicId,
    c: &SettingsUpdate,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE clinics SET name = coalesce(?2, name), phone = coalesce(?3, phone), \
           after_hours_advice = coalesce(?4, after_hours_advice), \
           protocol_json = CASE WHEN ?5 THEN ?6 ELSE protocol_json END, \
           alert_emails = CASE WHEN ?7 THEN ?8 ELSE alert_emails END WHERE id = ?1",
        params![
            clinic.get(),
            c.name,
            c.phone,
            c.after_hours_advice,
            c.protocol_json.is_some(),
            c.protocol_json.clone().flatten(),
            c.alert_emails.is_some(),
            c.alert_emails.as_deref().map(alert_emails_column),
        ],
    )?;
    Ok(())
}

pub(super) fn public_url(conn: &Connection) -> StoreResult<String> {
    let url: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [PUBLIC_URL_KEY], |r| r.get(0))
        .optional()?;
    Ok(url.unwrap_or_else(|| DEFAULT_PUBLIC_URL.to_owned()))
}

pub(super) fn set_public_url(conn: &Connection, url: &str) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![PUBLIC_URL_KEY, url],
    )?;
    Ok(())
}

/// Every clinic an account works for, by clinic id.
pub(super) fn memberships(conn: &Connection, staff_id: i64) -> StoreResult<Vec<Membership>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.slug, c.name, m.role FROM staff_clinics m \
         JOIN clinics c ON c.id = m.clinic_id WHERE m.staff_id = ?1 ORDER BY c.id",
    )?;
    let rows = stmt.query_map([staff_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, slug, name, role) = row?;
        out.push(Membership { clinic: ClinicId::from_row(id), slug, name, role: role_of(&role)? });
    }
    Ok(out)
}

pub(super) fn grant(
    conn: &mut Connection,
    clinic: ClinicId,
    email: &str,
    role: Role,
) -> StoreResult<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(id) = live_id(&tx, email)? else { return Ok(false) };
    grant_in(&tx, clinic, id, role)?;
    // Open sessions were rendered for the old role: they end.
    end_sessions_of(&tx, id)?;
    tx.commit()?;
    Ok(true)
}

pub(super) fn grant_in(
    tx: &Transaction<'_>,
    clinic: ClinicId,
    staff_id: i64,
    role: Role,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO staff_clinics (staff_id, clinic_id, role) VALUES (?1, ?2, ?3) \
         ON CONFLICT (staff_id, clinic_id) DO UPDATE SET role = excluded.role",
        params![staff_id, clinic.get(), role.as_str()],
    )?;
    Ok(())
}

pub(super) fn revoke(conn: &mut Connection, clinic: ClinicId, email: &str) -> StoreResult<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(id) = live_id(&tx, email)? else { return Ok(false) };
    let removed = tx.execute(
        "DELETE FROM staff_clinics WHERE staff_id = ?1 AND clinic_id = ?2",
        params![id, clinic.get()],
    )?;
    end_sessions_of(&tx, id)?;
    tx.commit()?;
    Ok(removed == 1)
}

pub(super) fn switch(conn: &Connection, token_hash: &str, clinic_id: i64) -> StoreResult<bool> {
    let changed = conn.execute(
        "UPDATE staff_sessions SET clinic_id = ?2 WHERE token_hash = ?1 AND EXISTS \
           (SELECT 1 FROM staff_clinics m WHERE m.staff_id = staff_sessions.staff_id \
              AND m.clinic_id = ?2)",
        params![token_hash, clinic_id],
    )?;
    Ok(changed == 1)
}

/// The `settings` row as versions 1–5 wrote it.
#[derive(Deserialize)]
struct SettingsV5 {
    name: String,
    phone: String,
    after_hours_advice: String,
    public_url: String,
}

/// Migration 6's Rust step: the single clinic's settings become the default clinic's, with the
/// same defaults as before when they were never set; the public URL stays server-wide.
pub(super) fn settings_to_default_clinic(tx: &Transaction<'_>) -> StoreResult<()> {
    let json: Option<String> = tx
        .query_row("SELECT value FROM settings WHERE key = 'clinic'", [], |r| r.get(0))
        .optional()?;
    let defaults = ClinicSettings::default();
    let (settings, url) = match json {
        None => (defaults, None),
        Some(json) => {
            let old: SettingsV5 = serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(format!("clinic settings: {e}")))?;
            let settings = ClinicSettings {
                name: old.name,
                phone: old.phone,
                after_hours_advice: old.after_hours_advice,
                protocol_json: None,
                alert_emails: Vec::new(),
            };
            (settings, Some(old.public_url))
        }
    };
    // Not `save_settings`: that writes columns of later versions (alert_emails, version 10).
    tx.execute(
        "UPDATE clinics SET name = ?1, phone = ?2, after_hours_advice = ?3 WHERE id = 1",
        params![settings.name, settings.phone, settings.after_hours_advice],
    )?;
    if let Some(url) = url {
        set_public_url(tx, &url)?;
    }
    tx.execute("DELETE FROM settings WHERE key = 'clinic'", [])?;
    Ok(())
}
