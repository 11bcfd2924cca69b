//! Patients, invites and devices.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::store::time::{fmt, parse, parse_opt};
use crate::store::{
    ClinicId, DeviceEnd, DeviceRecord, NewDevice, NewInvite, NewPatient, Redeemed, StoreResult,
};

pub(super) fn create_patient(
    conn: &mut Connection,
    clinic: ClinicId,
    patient: &NewPatient,
    invite: &NewInvite,
) -> StoreResult<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO patients (id, name, protocol_json, created_at, clinic_id) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![patient.id, patient.name, patient.protocol_json, fmt(patient.now), clinic.get()],
    )?;
    add_invite(&tx, clinic, invite)?;
    tx.commit()?;
    Ok(())
}

/// Inserts only when the patient is the clinic's: another clinic's patient gets no invite.
pub(super) fn add_invite(
    conn: &Connection,
    clinic: ClinicId,
    invite: &NewInvite,
) -> StoreResult<bool> {
    let added = conn.execute(
        "INSERT INTO invites (code_hash, patient_id, created_at, expires_at, clinic_id) \
         SELECT ?1, id, ?3, ?4, clinic_id FROM patients WHERE id = ?2 AND clinic_id = ?5",
        params![
            invite.code_hash,
            invite.patient_id,
            fmt(invite.now),
            fmt(invite.expires_at),
            clinic.get()
        ],
    )?;
    Ok(added == 1)
}

pub(super) fn redeem(
    conn: &mut Connection,
    code_hash: &str,
    device: &NewDevice,
    now: DateTime<Utc>,
) -> StoreResult<Redeemed> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    type Row = (String, String, Option<String>, Option<String>, i64);
    // The patient's own protocol, else their clinic's.
    let invite: Option<Row> = tx
        .query_row(
            "SELECT i.patient_id, i.expires_at, i.used_at, \
               coalesce(p.protocol_json, c.protocol_json), i.clinic_id \
             FROM invites i JOIN patients p ON p.id = i.patient_id \
             JOIN clinics c ON c.id = i.clinic_id WHERE i.code_hash = ?1",
            [code_hash],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((patient_id, expires_at, used_at, protocol_json, clinic)) = invite else {
        return Ok(Redeemed::Unknown);
    };
    if used_at.is_some() {
        return Ok(Redeemed::AlreadyUsed);
    }
    if parse(&expires_at)? <= now {
        return Ok(Redeemed::Expired);
    }
    tx.execute(
        "UPDATE invites SET used_at = ?2 WHERE code_hash = ?1",
        params![code_hash, fmt(now)],
    )?;
    tx.execute(
        "INSERT INTO devices (id, patient_id, token_hash, label, created_at, clinic_id, \
         last_used_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)",
        params![device.id, patient_id, device.token_hash, device.label, fmt(now), clinic],
    )?;
    tx.commit()?;
    Ok(Redeemed::Enrolled { clinic: ClinicId::from_row(clinic), patient_id, protocol_json })
}

pub(super) fn device_by_token(
    conn: &Connection,
    token_hash: &str,
) -> StoreResult<Option<DeviceRecord>> {
    type Row = (String, String, Option<String>, i64, String);
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT id, patient_id, revoked_at, clinic_id, coalesce(last_used_at, created_at) \
             FROM devices WHERE token_hash = ?1",
        )?
        .query_row([token_hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .optional()?;
    row.map(|(id, patient_id, revoked, clinic, last_used)| {
        let clinic = ClinicId::from_row(clinic);
        Ok(DeviceRecord {
            clinic,
            id,
            patient_id,
            revoked_at: parse_opt(revoked)?,
            last_used_at: parse(&last_used)?,
        })
    })
    .transpose()
}

pub(super) fn revoke(
    conn: &Connection,
    clinic: ClinicId,
    patient_id: &str,
    device_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    // An access that already ended keeps its first end (time and cause).
    let changed = conn.execute(
        "UPDATE devices SET revoked_by = CASE WHEN revoked_at IS NULL THEN 'staff' \
         ELSE revoked_by END, revoked_at = coalesce(revoked_at, ?3) \
         WHERE id = ?1 AND patient_id = ?2 AND clinic_id = ?4",
        params![device_id, patient_id, fmt(now), clinic.get()],
    )?;
    Ok(changed == 1)
}

pub(super) fn end(
    conn: &Connection,
    clinic: ClinicId,
    device_id: &str,
    why: DeviceEnd,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let changed = conn.execute(
        "UPDATE devices SET revoked_at = ?3, revoked_by = ?4 \
         WHERE id = ?1 AND clinic_id = ?2 AND revoked_at IS NULL",
        params![device_id, clinic.get(), fmt(now), why.as_str()],
    )?;
    Ok(changed == 1)
}

pub(super) fn touch(
    conn: &Connection,
    clinic: ClinicId,
    device_id: &str,
    now: DateTime<Utc>,
    since: DateTime<Utc>,
) -> StoreResult<()> {
    // Times are fixed-width UTC text, so they compare as text.
    conn.prepare_cached(
        "UPDATE devices SET last_used_at = ?3 WHERE id = ?1 AND clinic_id = ?2 \
         AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at < ?4)",
    )?
    .execute(params![device_id, clinic.get(), fmt(now), fmt(since)])?;
    Ok(())
}
