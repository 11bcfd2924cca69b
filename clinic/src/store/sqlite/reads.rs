//! What the portal reads, handled flags and the audit log.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::store::time::{fmt, parse, parse_opt};
use crate::store::{
    Answers, CheckinRecord, ClinicId, DeviceEnd, DeviceSummary, Handled, HandledNote, Level,
    NewAuditEntry, PatientDetail, PatientReply, PatientSummary, PhotoRecord, StoreError,
    StoreResult, TreatmentSession,
};

pub(super) fn patient_summaries(
    conn: &Connection,
    clinic: ClinicId,
) -> StoreResult<Vec<PatientSummary>> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.name, \
           (SELECT max(CASE c.level WHEN 'urgent' THEN 3 WHEN 'contact_clinic' THEN 2 \
                   WHEN 'watch' THEN 1 ELSE 0 END) \
              FROM checkins c WHERE c.patient_id = p.id AND c.handled_at IS NULL), \
           (SELECT count(*) FROM checkins c WHERE c.patient_id = p.id \
              AND c.handled_at IS NULL AND c.level <> 'expected'), \
           (SELECT max(recorded_at) FROM checkins c WHERE c.patient_id = p.id), \
           (SELECT count(*) FROM devices d WHERE d.patient_id = p.id AND d.revoked_at IS NULL) \
         FROM patients p WHERE p.clinic_id = ?1",
    )?;
    let rows = stmt.query_map([clinic.get()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, u32>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, rank, open_flags, last, active_devices) = row?;
        let worst_open = rank.map(|rank| match rank {
            3 => Level::Urgent,
            2 => Level::ContactClinic,
            1 => Level::Watch,
            _ => Level::Expected,
        });
        out.push(PatientSummary {
            id,
            name,
            worst_open,
            open_flags,
            last_checkin_at: parse_opt(last)?,
            active_devices,
        });
    }
    // Most urgent unresolved first; then whoever checked in most recently.
    out.sort_by(|a, b| {
        b.worst_open.cmp(&a.worst_open).then(b.last_checkin_at.cmp(&a.last_checkin_at))
    });
    Ok(out)
}

/// Another clinic's patient is `None`, like a missing one; every part is read with the clinic
/// too, so a row the triggers somehow let into the wrong clinic still stays out of the page.
pub(super) fn patient_detail(
    conn: &Connection,
    clinic: ClinicId,
    patient_id: &str,
) -> StoreResult<Option<PatientDetail>> {
    let head: Option<(String, String, String)> = conn
        .query_row(
            "SELECT id, name, created_at FROM patients WHERE id = ?1 AND clinic_id = ?2",
            params![patient_id, clinic.get()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((id, name, created_at)) = head else { return Ok(None) };
    let key = (id.as_str(), clinic.get());
    Ok(Some(PatientDetail {
        created_at: parse(&created_at)?,
        devices: devices(conn, key)?,
        sessions: sessions(conn, key)?,
        checkins: checkins(conn, key)?,
        photos: photos(conn, key)?,
        id,
        name,
    }))
}

/// A patient id and its clinic id.
type Key<'a> = (&'a str, i64);

fn devices(conn: &Connection, key: Key<'_>) -> StoreResult<Vec<DeviceSummary>> {
    let mut stmt = conn.prepare(
        "SELECT id, label, created_at, revoked_at, revoked_by, \
         coalesce(last_used_at, created_at) FROM devices WHERE patient_id = ?1 \
         AND clinic_id = ?2 ORDER BY created_at",
    )?;
    let rows = stmt.query_map(params![key.0, key.1], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get(1)?,
            r.get::<_, String>(2)?,
            r.get(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, label, created, revoked, by, last_used) = row?;
        let revoked_at = parse_opt(revoked)?;
        out.push(DeviceSummary {
            id,
            label,
            created_at: parse(&created)?,
            revoked_by: revoked_at
                .map(|_| by.as_deref().map_or(DeviceEnd::Staff, DeviceEnd::from_stored)),
            revoked_at,
            last_used_at: parse(&last_used)?,
        });
    }
    Ok(out)
}

fn sessions(conn: &Connection, key: Key<'_>) -> StoreResult<Vec<TreatmentSession>> {
    let mut stmt = conn.prepare(
        "SELECT id, performed_at, zone, depth_mm, area, note FROM treatment_sessions \
         WHERE patient_id = ?1 AND clinic_id = ?2 ORDER BY performed_at",
    )?;
    let rows = stmt.query_map(params![key.0, key.1], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, performed, zone, depth_mm, area, note) = row?;
        out.push(TreatmentSession {
            id,
            performed_at: parse(&performed)?,
            zone,
            depth_mm,
            area,
            note,
        });
    }
    Ok(out)
}

type CheckinRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn checkins(conn: &Connection, key: Key<'_>) -> StoreResult<Vec<CheckinRecord>> {
    let mut notes = handled_notes(conn, key)?;
    let mut stmt = conn.prepare(
        "SELECT id, recorded_at, zone, level, rule_ids, answers_json, note, handled_at, reply, \
         reply_at FROM checkins WHERE patient_id = ?1 AND clinic_id = ?2 ORDER BY recorded_at, received_at",
    )?;
    let rows = stmt.query_map(params![key.0, key.1], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, recorded, zone, level, rule_ids, answers, note, handled_at, reply, reply_at): CheckinRow =
            row?;
        let notes = notes.remove(&id).unwrap_or_default();
        out.push(CheckinRecord {
            id,
            recorded_at: parse(&recorded)?,
            zone,
            level: Level::parse(&level)
                .ok_or_else(|| StoreError::Corrupt("check-in level".into()))?,
            rule_ids: serde_json::from_str(&rule_ids)
                .map_err(|e| StoreError::Corrupt(format!("rule ids: {e}")))?,
            answers: serde_json::from_str::<Answers>(&answers)
                .map_err(|e| StoreError::Corrupt(format!("answers: {e}")))?,
            note,
            handled_at: parse_opt(handled_at)?,
            notes,
            reply: patient_reply(reply, parse_opt(reply_at)?),
        });
    }
    Ok(out)
}

/// Every staff note on this patient's check-ins, by check-in, oldest first.
fn handled_notes(
    conn: &Connection,
    key: Key<'_>,
) -> StoreResult<HashMap<String, Vec<HandledNote>>> {
    let mut stmt = conn.prepare(
        "SELECT n.checkin_id, n.author, n.note, n.at FROM checkin_notes n \
         JOIN checkins c ON c.id = n.checkin_id WHERE c.patient_id = ?1 AND n.clinic_id = ?2 \
         ORDER BY n.id",
    )?;
    let rows = stmt.query_map(params![key.0, key.1], |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?))
    })?;
    let mut out: HashMap<String, Vec<HandledNote>> = HashMap::new();
    for row in rows {
        let (checkin, author, note, at) = row?;
        out.entry(checkin).or_default().push(HandledNote { author, note, at: parse(&at)? });
    }
    Ok(out)
}

fn photos(conn: &Connection, key: Key<'_>) -> StoreResult<Vec<PhotoRecord>> {
    let mut stmt = conn.prepare(
        "SELECT id, sha256, taken_at, zone, byte_len FROM photos \
         WHERE patient_id = ?1 AND clinic_id = ?2 ORDER BY taken_at",
    )?;
    let rows = stmt.query_map(params![key.0, key.1], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get(3)?, r.get(4)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, sha256, taken, zone, len) = row?;
        out.push(photo_record(id, sha256, &taken, zone, len)?);
    }
    Ok(out)
}

fn photo_record(
    id: String,
    sha256: String,
    taken: &str,
    zone: String,
    byte_len: i64,
) -> StoreResult<PhotoRecord> {
    let byte_len = u64::try_from(byte_len)
        .map_err(|_| StoreError::Corrupt("photo size out of range".into()))?;
    Ok(PhotoRecord { id, sha256, taken_at: parse(taken)?, zone, byte_len })
}

pub(super) fn photo(
    conn: &Connection,
    clinic: ClinicId,
    patient_id: &str,
    photo_id: &str,
) -> StoreResult<Option<PhotoRecord>> {
    let row: Option<(String, String, String, String, i64)> = conn
        .query_row(
            "SELECT id, sha256, taken_at, zone, byte_len FROM photos WHERE id = ?1 \
             AND patient_id = ?2 AND clinic_id = ?3",
            params![photo_id, patient_id, clinic.get()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    row.map(|(id, sha256, taken, zone, len)| photo_record(id, sha256, &taken, zone, len))
        .transpose()
}

/// Appends the note, marks the check-in handled if it was not (the first handling keeps its
/// time), and writes the audit row, all in one transaction. Earlier notes are never touched.
pub(super) fn mark_handled(
    conn: &mut Connection,
    clinic: ClinicId,
    h: &Handled,
) -> StoreResult<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let exists = tx
        .query_row(
            "SELECT 1 FROM checkins WHERE id = ?1 AND patient_id = ?2 AND clinic_id = ?3",
            params![h.checkin_id, h.patient_id, clinic.get()],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !exists {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO checkin_notes (checkin_id, staff_id, author, note, at, clinic_id) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![h.checkin_id, h.staff_id, h.author, h.note, fmt(h.now), clinic.get()],
    )?;
    tx.execute(
        "UPDATE checkins SET handled_at = ?2, handled_by = ?3 WHERE id = ?1 AND handled_at IS NULL",
        params![h.checkin_id, fmt(h.now), h.staff_id],
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
    super::replies::on_handled(&tx, h)?;
    super::audit::append_in(&tx, &entry)?;
    tx.commit()?;
    Ok(true)
}

pub(super) fn checkin_status(
    conn: &Connection,
    clinic: ClinicId,
    patient_id: &str,
    checkin_id: &str,
) -> StoreResult<Option<(chrono::DateTime<chrono::Utc>, bool)>> {
    let row: Option<(String, Option<String>)> = conn
        .query_row(
            "SELECT received_at, handled_at FROM checkins WHERE id = ?1 AND patient_id = ?2 \
             AND clinic_id = ?3",
            params![checkin_id, patient_id, clinic.get()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(received, handled)| Ok((parse(&received)?, handled.is_some()))).transpose()
}

/// A reply is shown only with its time.
fn patient_reply(
    text: Option<String>,
    at: Option<chrono::DateTime<chrono::Utc>>,
) -> Option<PatientReply> {
    Some(PatientReply { text: text?, at: at? })
}
