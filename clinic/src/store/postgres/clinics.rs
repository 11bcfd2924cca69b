//! Clinics, their settings, staff memberships and the session's clinic (review M8).

use super::pool::Transaction;
use chrono::{DateTime, Utc};

use super::error::{col, count, is_unique_violation};
use super::lifecycle::{end_sessions_of, live_id};
use super::staff::role_of;
use crate::store::time::{fmt, parse};
use crate::store::{
    Clinic, ClinicId, ClinicSettings, DEFAULT_PUBLIC_URL, Membership, Role, SettingsUpdate,
    StoreError, StoreResult, alert_emails_column, alert_emails_from_column,
};

/// The `settings` key of the server's public URL (the only server-wide setting).
const PUBLIC_URL_KEY: &str = "public_url";

pub(super) fn default_clinic(tx: &mut Transaction<'_>) -> StoreResult<ClinicId> {
    let row = tx.query_one("SELECT min(id) FROM clinics", &[])?;
    let id: Option<i64> = col(&row, 0)?;
    id.map(ClinicId::from_row).ok_or_else(|| StoreError::Corrupt("no clinic".into()))
}

pub(super) fn by_slug(tx: &mut Transaction<'_>, slug: &str) -> StoreResult<Option<ClinicId>> {
    let row =
        tx.query_opt("SELECT id FROM clinics WHERE lower(slug) = lower($1)", &[&slug.trim()])?;
    row.map(|r| col(&r, 0).map(ClinicId::from_row)).transpose()
}

pub(super) fn add(
    tx: &mut Transaction<'_>,
    slug: &str,
    s: &ClinicSettings,
    now: DateTime<Utc>,
) -> StoreResult<ClinicId> {
    let inserted = tx.query_one(
        "INSERT INTO clinics (slug, name, phone, after_hours_advice, protocol_json, created_at, \
           alert_emails) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        &[
            &slug,
            &s.name,
            &s.phone,
            &s.after_hours_advice,
            &s.protocol_json,
            &fmt(now),
            &alert_emails_column(&s.alert_emails),
        ],
    );
    match inserted {
        Ok(row) => Ok(ClinicId::from_row(col(&row, 0)?)),
        Err(e) if is_unique_violation(&e) => Err(StoreError::DuplicateClinic),
        Err(e) => Err(e.into()),
    }
}

pub(super) fn list(tx: &mut Transaction<'_>) -> StoreResult<Vec<Clinic>> {
    let rows = tx.query(
        "SELECT c.id, c.slug, c.name, c.phone, c.after_hours_advice, c.protocol_json, \
           c.created_at, (SELECT count(*) FROM patients p WHERE p.clinic_id = c.id), \
           c.alert_emails FROM clinics c ORDER BY c.id",
        &[],
    )?;
    let mut out = Vec::new();
    for r in &rows {
        let settings = ClinicSettings {
            name: col(r, 2)?,
            phone: col(r, 3)?,
            after_hours_advice: col(r, 4)?,
            protocol_json: col(r, 5)?,
            alert_emails: alert_emails_from_column(col(r, 8)?),
        };
        out.push(Clinic {
            id: ClinicId::from_row(col(r, 0)?),
            slug: col(r, 1)?,
            settings,
            patients: count(r, 7)?,
            created_at: parse(col(r, 6)?)?,
        });
    }
    Ok(out)
}

pub(super) fn settings(tx: &mut Transaction<'_>, clinic: ClinicId) -> StoreResult<ClinicSettings> {
    let row = tx
        .query_opt(
            "SELECT name, phone, after_hours_advice, protocol_json, alert_emails FROM clinics \
             WHERE id = $1",
            &[&clinic.get()],
        )?
        .ok_or_else(|| StoreError::Corrupt("clinic missing".into()))?;
    Ok(ClinicSettings {
        name: col(&row, 0)?,
        phone: col(&row, 1)?,
        after_hours_advice: col(&row, 2)?,
        protocol_json: col(&row, 3)?,
        alert_emails: alert_emails_from_column(col(&row, 4)?),
    })
}

pub(super) fn save_settings(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    s: &ClinicSettings,
) -> StoreResult<()> {
    tx.execute(
        "UPDATE clinics SET name = $2, phone = $3, after_hours_advice = $4, protocol_json = $5, \
           alert_emails = $6 WHERE id = $1",
        &[
            &clinic.get(),
            &s.name,
            &s.phone,
            &s.after_hours_advice,
            &s.protocol_json,
            &alert_emails_column(&s.alert_emails),
        ],
    )?;
    Ok(())
}

pub(super) fn update_settings(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    c: &SettingsUpdate,
) -> StoreResult<()> {
    tx.execute(
        "UPDATE clinics SET name = coalesce($2, name), phone = coalesce($3, phone), \
           after_hours_advice = coalesce($4, after_hours_advice), \
           protocol_json = CASE WHEN $5 THEN $6 ELSE protocol_json END, \
           alert_emails = CASE WHEN $7 THEN $8 ELSE alert_emails END WHERE id = $1",
        &[
            &clinic.get(),
            &c.name,
            &c.phone,
            &c.after_hours_advice,
            &c.protocol_json.is_some(),
            &c.protocol_json.clone().flatten(),
            &c.alert_emails.is_some(),
            &c.alert_emails.as_deref().map(alert_emails_column),
        ],
    )?;
    Ok(())
}

pub(super) fn public_url(tx: &mut Transaction<'_>) -> StoreResult<String> {
    let row = tx.query_opt("SELECT value FROM settings WHERE key = $1", &[&PUBLIC_URL_KEY])?;
    match row {
        Some(r) => col(&r, 0),
        None => Ok(DEFAULT_PUBLIC_URL.to_owned()),
    }
}

pub(super) fn set_public_url(tx: &mut Transaction<'_>, url: &str) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES ($1, $2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&PUBLIC_URL_KEY, &url],
    )?;
    Ok(())
}

/// Every clinic an account works for, by clinic id.
pub(super) fn memberships(tx: &mut Transaction<'_>, staff_id: i64) -> StoreResult<Vec<Membership>> {
    let rows = tx.query(
        "SELECT c.id, c.slug, c.name, m.role FROM staff_clinics m \
         JOIN clinics c ON c.id = m.clinic_id WHERE m.staff_id = $1 ORDER BY c.id",
        &[&staff_id],
    )?;
    rows.iter()
        .map(|r| {
            Ok(Membership {
                clinic: ClinicId::from_row(col(r, 0)?),
                slug: col(r, 1)?,
                name: col(r, 2)?,
                role: role_of(col(r, 3)?)?,
            })
        })
        .collect()
}

pub(super) fn grant(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    email: &str,
    role: Role,
) -> StoreResult<bool> {
    let Some(id) = live_id(tx, email)? else { return Ok(false) };
    grant_in(tx, clinic, id, role)?;
    // Open sessions were rendered for the old role: they end.
    end_sessions_of(tx, id)?;
    Ok(true)
}

pub(super) fn grant_in(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    staff_id: i64,
    role: Role,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO staff_clinics (staff_id, clinic_id, role) VALUES ($1, $2, $3) \
         ON CONFLICT (staff_id, clinic_id) DO UPDATE SET role = excluded.role",
        &[&staff_id, &clinic.get(), &role.as_str()],
    )?;
    Ok(())
}

pub(super) fn revoke(tx: &mut Transaction<'_>, clinic: ClinicId, email: &str) -> StoreResult<bool> {
    let Some(id) = live_id(tx, email)? else { return Ok(false) };
    let removed = tx.execute(
        "DELETE FROM staff_clinics WHERE staff_id = $1 AND clinic_id = $2",
        &[&id, &clinic.get()],
    )?;
    end_sessions_of(tx, id)?;
    Ok(removed == 1)
}

pub(super) fn switch(
    tx: &mut Transaction<'_>,
    token_hash: &str,
    clinic_id: i64,
) -> StoreResult<bool> {
    let changed = tx.execute(
        "UPDATE staff_sessions SET clinic_id = $2 WHERE token_hash = $1 AND EXISTS \
           (SELECT 1 FROM staff_clinics m WHERE m.staff_id = staff_sessions.staff_id \
              AND m.clinic_id = $2)",
        &[&token_hash, &clinic_id],
    )?;
    Ok(changed == 1)
}
