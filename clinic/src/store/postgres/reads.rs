//! What the portal reads, and handled flags.

use std::collections::HashMap;

use super::pool::Transaction;
use chrono::{DateTime, Utc};

use super::error::{col, count};
use crate::store::time::{fmt, parse, parse_opt};
use crate::store::{
    Answers, CheckinRecord, ClinicId, DeviceEnd, DeviceSummary, Handled, HandledNote, Level,
    NewAuditEntry, PatientDetail, PatientReply, PatientSummary, PhotoRecord, StoreError,
    StoreResult, TreatmentSession,
};

pub(super) fn patient_summaries(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
) -> StoreResult<Vec<PatientSummary>> {
    let rows = tx.query(
        "SELECT p.id, p.name, \
           (SELECT max(CASE c.level WHEN 'urgent' THEN 3 WHEN 'contact_clinic' THEN 2 \
                   WHEN 'watch' THEN 1 ELSE 0 END)::bigint \
              FROM checkins c WHERE c.patient_id = p.id AND c.handled_at IS NULL), \
           (SELECT count(*) FROM checkins c WHERE c.patient_id = p.id \
              AND c.handled_at IS NULL AND c.level <> 'expected'), \
           (SELECT max(recorded_at) FROM checkins c WHERE c.patient_id = p.id), \
           (SELECT count(*) FROM devices d WHERE d.patient_id = p.id AND d.revoked_at IS NULL) \
         FROM patients p WHERE p.clinic_id = $1",
        &[&clinic.get()],
    )?;
    let mut out = Vec::new();
    for r in &rows {
        let rank: Option<i64> = col(r, 2)?;
        let worst_open = rank.map(|rank| match rank {
            3 => Level::Urgent,
            2 => Level::ContactClinic,
            1 => Level::Watch,
            _ => Level::Expected,
        });
        out.push(PatientSummary {
            id: col(r, 0)?,
            name: col(r, 1)?,
            worst_open,
            open_flags: count(r, 3)?,
            last_checkin_at: parse_opt(col(r, 4)?)?,
            active_devices: count(r, 5)?,
        });
    }
    // Most urgent unresolved first; then whoever checked in most recently.
    out.sort_by(|a, b| {
        b.worst_open.cmp(&a.worst_open).then(b.last_checkin_at.cmp(&a.last_checkin_at))
    });
    Ok(out)
}

/// Another clinic's patient is `None`, like a missing one; every part is read with the clinic
/// too (and the row policies apply under it).
pub(super) fn patient_detail(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    patient_id: &str,
) -> StoreResult<Option<PatientDetail>> {
    let Some(head) = tx.query_opt(
        "SELECT id, name, created_at FROM patients WHERE id = $1 AND clinic_id = $2",
        &[&patient_id, &clinic.get()],
    )?
    else {
        return Ok(None);
    };
    let id: String = col(&head, 0)?;
    let key = (id.as_str(), clinic.get());
    Ok(Some(PatientDetail {
        created_at: parse(col(&head, 2)?)?,
        devices: devices(tx, key)?,
        sessions: sessions(tx, key)?,
        checkins: checkins(tx, key)?,
        photos: photos(tx, key)?,
        name: col(&head, 1)?,
        id,
    }))
}

/// A patient id and its clinic id.
type Key<'a> = (&'a str, i64);

fn devices(tx: &mut Transaction<'_>, key: Key<'_>) -> StoreResult<Vec<DeviceSummary>> {
    let rows = tx.query(
        "SELECT id, label, created_at, revoked_at, revoked_by, \
         coalesce(last_used_at, created_at) FROM devices WHERE patient_id = $1 \
         AND clinic_id = $2 ORDER BY created_at",
        &[&key.0, &key.1],
    )?;
    let mut out = Vec::new();
    for r in &rows {
        let revoked_at = parse_opt(col(r, 3)?)?;
        let by: Option<&str> = col(r, 4)?;
        out.push(DeviceSummary {
            id: col(r, 0)?,
            label: col(r, 1)?,
            created_at: parse(col(r, 2)?)?,
            revoked_by: revoked_at.map(|_| by.map_or(DeviceEnd::Staff, DeviceEnd::from_stored)),
            revoked_at,
            last_used_at: parse(col(r, 5)?)?,
        });
    }
    Ok(out)
}

fn sessions(tx: &mut Transaction<'_>, key: Key<'_>) -> StoreResult<Vec<TreatmentSession>> {
    let rows = tx.query(
        "SELECT id, performed_at, zone, depth_mm, area, note FROM treatment_sessions \
         WHERE patient_id = $1 AND clinic_id = $2 ORDER BY performed_at",
        &[&key.0, &key.1],
    )?;
    rows.iter()
        .map(|r| {
            Ok(TreatmentSession {
                id: col(r, 0)?,
                performed_at: parse(col(r, 1)?)?,
                zone: col(r, 2)?,
                depth_mm: col(r, 3)?,
                area: col(r, 4)?,
                note: col(r, 5)?,
            })
        })
        .collect()
}

fn checkins(tx: &mut Transaction<'_>, key: Key<'_>) -> StoreResult<Vec<CheckinRecord>> {
    let mut notes = handled_notes(tx, key)?;
    let rows = tx.query(
        "SELECT id, recorded_at, zone, level, rule_ids, answers_json, note, handled_at, reply, \
         reply_at FROM checkins WHERE patient_id = $1 AND clinic_id = $2 ORDER BY recorded_at, received_at",
        &[&key.0, &key.1],
    )?;
    let mut out = Vec::new();
    for r in &rows {
        let id: String = col(r, 0)?;
        let notes = notes.remove(&id).unwrap_or_default();
        out.push(CheckinRecord {
            recorded_at: parse(col(r, 1)?)?,
            zone: col(r, 2)?,
            level: Level::parse(col(r, 3)?)
                .ok_or_else(|| StoreError::Corrupt("check-in level".into()))?,
            rule_ids: serde_json::from_str(col(r, 4)?)
                .map_err(|e| StoreError::Corrupt(format!("rule ids: {e}")))?,
            answers: serde_json::from_str::<Answers>(col(r, 5)?)
                .map_err(|e| StoreError::Corrupt(format!("answers: {e}")))?,
            note: col(r, 6)?,
            handled_at: parse_opt(col(r, 7)?)?,
            notes,
            reply: col::<Option<String>>(r, 8)?
                .zip(parse_opt(col(r, 9)?)?)
                .map(|(text, at)| PatientReply { text, at }),
            id,
        });
    }
    Ok(out)
}

/// Every staff note on this patient's check-ins, by check-in, oldest first.
fn handled_notes(
    tx: &mut Transaction<'_>,
    key: Key<'_>,
) -> StoreResult<HashMap<String, Vec<HandledNote>>> {
    let rows = tx.query(
        "SELECT n.checkin_id, n.author, n.note, n.at FROM checkin_notes n \
         JOIN checkins c ON c.id = n.checkin_id WHERE c.patient_id = $1 AND n.clinic_id = $2 \
         ORDER BY n.id",
        &[&key.0, &key.1],
    )?;
    let mut out: HashMap<String, Vec<HandledNote>> = HashMap::new();
    for r in &rows {
        let note = HandledNote { author: col(r, 1)?, note: col(r, 2)?, at: parse(col(r, 3)?)? };
        out.entry(col(r, 0)?).or_default().push(note);
    }
    Ok(out)
}

fn photos(tx: &mut Transaction<'_>, key: Key<'_>) -> StoreResult<Vec<PhotoRecord>> {
    let rows = tx.query(
        "SELECT id, sha256, taken_at, zone, byte_len FROM photos \
         WHERE patient_id = $1 AND clinic_id = $2 ORDER BY taken_at",
        &[&key.0, &key.1],
    )?;
    rows.iter().map(photo_of).collect()
}

fn photo_of(r: &postgres::Row) -> StoreResult<PhotoRecord> {
    Ok(PhotoRecord {
        id: col(r, 0)?,
        sha256: col(r, 1)?,
        taken_at: parse(col(r, 2)?)?,
        zone: col(r, 3)?,
        byte_len: u64::try_from(col::<i64>(r, 4)?)
            .map_err(|_| StoreError::Corrupt("photo size out of range".into()))?,
    })
}

pub(super) fn photo(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    patient_id: &str,
    photo_id: &str,
) -> StoreResult<Option<PhotoRecord>> {
    tx.query_opt(
        "SELECT id, sha256, taken_at, zone, byte_len FROM photos WHERE id = $1 \
         AND patient_id = $2 AND clinic_id = $3",
        &[&photo_id, &patient_id, &clinic.get()],
    )?
    .as_ref()
    .map(photo_of)
    .transpose()
}

/// Appends the note, marks the check-in handled if it was not (the first handling keeps its
/// time), and writes the audit row, all in one transaction. Earlier notes are never touched.
pub(super) fn mark_handled(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    h: &Handled,
) -> StoreResult<bool> {
    // FOR UPDATE: two notes at once both land, and only the first sets handled_at.
    let exists = tx
        .query_opt(
            "SELECT 1 FROM checkins WHERE id = $1 AND patient_id = $2 AND clinic_id = $3 \
             FOR UPDATE",
            &[&h.checkin_id, &h.patient_id, &clinic.get()],
        )?
        .is_some();
    if !exists {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO checkin_notes (checkin_id, staff_id, author, note, at, clinic_id) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[&h.checkin_id, &h.staff_id, &h.author, &h.note, &fmt(h.now), &clinic.get()],
    )?;
    tx.execute(
        "UPDATE checkins SET handled_at = $2, handled_by = $3 WHERE id = $1 AND handled_at IS NULL",
        &[&h.checkin_id, &fmt(h.now), &h.staff_id],
    )?;
    let entry = NewAuditEntry {
        clinic: Some(clinic),
        staff_id: Some(h.staff_id),
        actor: h.author.clone(),
        action: "mark_handled".into(),
        patient_id: Some(h.patient_id.clone()),
        subject: Some(h.checkin_id.clone()),
        address: h.address.clone(),
        now: h.now,
    };
    super::replies::on_handled(tx, h)?;
    super::audit::append_in(tx, &entry)?;
    Ok(true)
}

pub(super) fn checkin_status(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    patient_id: &str,
    checkin_id: &str,
) -> StoreResult<Option<(DateTime<Utc>, bool)>> {
    let Some(r) = tx.query_opt(
        "SELECT received_at, handled_at FROM checkins WHERE id = $1 AND patient_id = $2 \
         AND clinic_id = $3",
        &[&checkin_id, &patient_id, &clinic.get()],
    )?
    else {
        return Ok(None);
    };
    let handled: Option<&str> = col(&r, 1)?;
    Ok(Some((parse(col(&r, 0)?)?, handled.is_some())))
}
