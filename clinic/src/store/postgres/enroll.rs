//! Patients, invites and devices.

use super::pool::Transaction;
use chrono::{DateTime, Utc};

use super::error::col;
use crate::store::time::{fmt, parse, parse_opt};
use crate::store::{
    ClinicId, DeviceEnd, DeviceRecord, NewDevice, NewInvite, NewPatient, Redeemed, StoreResult,
};

pub(super) fn create_patient(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    patient: &NewPatient,
    invite: &NewInvite,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO patients (id, name, protocol_json, created_at, clinic_id) \
         VALUES ($1, $2, $3, $4, $5)",
        &[&patient.id, &patient.name, &patient.protocol_json, &fmt(patient.now), &clinic.get()],
    )?;
    add_invite(tx, clinic, invite)?;
    Ok(())
}

/// Inserts only when the patient is the clinic's: another clinic's patient gets no invite.
pub(super) fn add_invite(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    invite: &NewInvite,
) -> StoreResult<bool> {
    let added = tx.execute(
        "INSERT INTO invites (code_hash, patient_id, created_at, expires_at, clinic_id) \
         SELECT $1, id, $3, $4, clinic_id FROM patients WHERE id = $2 AND clinic_id = $5",
        &[
            &invite.code_hash,
            &invite.patient_id,
            &fmt(invite.now),
            &fmt(invite.expires_at),
            &clinic.get(),
        ],
    )?;
    Ok(added == 1)
}

/// Runs server-wide: the code is the credential, and names the clinic.
pub(super) fn redeem(
    tx: &mut Transaction<'_>,
    code_hash: &str,
    device: &NewDevice,
    now: DateTime<Utc>,
) -> StoreResult<Redeemed> {
    // FOR UPDATE: of two redemptions of one code, the second waits here and then sees it used.
    // The patient's own protocol, else their clinic's.
    let Some(r) = tx.query_opt(
        "SELECT i.patient_id, i.expires_at, i.used_at, \
           coalesce(p.protocol_json, c.protocol_json), i.clinic_id \
         FROM invites i JOIN patients p ON p.id = i.patient_id \
         JOIN clinics c ON c.id = i.clinic_id WHERE i.code_hash = $1 FOR UPDATE OF i",
        &[&code_hash],
    )?
    else {
        return Ok(Redeemed::Unknown);
    };
    let (patient_id, used_at): (String, Option<String>) = (col(&r, 0)?, col(&r, 2)?);
    let (protocol_json, clinic): (Option<String>, i64) = (col(&r, 3)?, col(&r, 4)?);
    if used_at.is_some() {
        return Ok(Redeemed::AlreadyUsed);
    }
    if parse(col(&r, 1)?)? <= now {
        return Ok(Redeemed::Expired);
    }
    tx.execute("UPDATE invites SET used_at = $2 WHERE code_hash = $1", &[&code_hash, &fmt(now)])?;
    tx.execute(
        "INSERT INTO devices (id, patient_id, token_hash, label, created_at, clinic_id, \
         last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $5)",
        &[&device.id, &patient_id, &device.token_hash, &device.label, &fmt(now), &clinic],
    )?;
    Ok(Redeemed::Enrolled { clinic: ClinicId::from_row(clinic), patient_id, protocol_json })
}

/// Runs server-wide: the token is the credential, and names the clinic.
pub(super) fn device_by_token(
    tx: &mut Transaction<'_>,
    token_hash: &str,
) -> StoreResult<Option<DeviceRecord>> {
    let Some(r) = tx.query_opt(
        "SELECT id, patient_id, revoked_at, clinic_id, coalesce(last_used_at, created_at) \
         FROM devices WHERE token_hash = $1",
        &[&token_hash],
    )?
    else {
        return Ok(None);
    };
    Ok(Some(DeviceRecord {
        clinic: ClinicId::from_row(col(&r, 3)?),
        id: col(&r, 0)?,
        patient_id: col(&r, 1)?,
        revoked_at: parse_opt(col(&r, 2)?)?,
        last_used_at: parse(col(&r, 4)?)?,
    }))
}

pub(super) fn revoke(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    patient_id: &str,
    device_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    // An access that already ended keeps its first end (time and cause).
    let changed = tx.execute(
        "UPDATE devices SET revoked_by = CASE WHEN revoked_at IS NULL THEN 'staff' \
         ELSE revoked_by END, revoked_at = coalesce(revoked_at, $3) \
         WHERE id = $1 AND patient_id = $2 AND clinic_id = $4",
        &[&device_id, &patient_id, &fmt(now), &clinic.get()],
    )?;
    Ok(changed == 1)
}

pub(super) fn end(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    device_id: &str,
    why: DeviceEnd,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let changed = tx.execute(
        "UPDATE devices SET revoked_at = $3, revoked_by = $4 \
         WHERE id = $1 AND clinic_id = $2 AND revoked_at IS NULL",
        &[&device_id, &clinic.get(), &fmt(now), &why.as_str()],
    )?;
    Ok(changed == 1)
}

pub(super) fn touch(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    device_id: &str,
    now: DateTime<Utc>,
    since: DateTime<Utc>,
) -> StoreResult<()> {
    tx.execute(
        "UPDATE devices SET last_used_at = $3 WHERE id = $1 AND clinic_id = $2 \
         AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at < $4)",
        &[&device_id, &clinic.get(), &fmt(now), &fmt(since)],
    )?;
    Ok(())
}
