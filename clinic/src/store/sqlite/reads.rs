//! What the portal reads, handled flags and the audit log.

use rusqlite::{Connection, OptionalExtension, params};

use super::time::{fmt, parse, parse_opt};
use crate::store::{
    Answers, AuditEntry, CheckinRecord, DeviceSummary, Handled, Level, NewAuditEntry,
    PatientDetail, PatientSummary, PhotoRecord, StoreError, StoreResult, TreatmentSession,
};

pub(super) fn patient_summaries(conn: &Connection) -> StoreResult<Vec<PatientSummary>> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.name, \
           (SELECT max(CASE c.level WHEN 'urgent' THEN 3 WHEN 'contact_clinic' THEN 2 \
                   WHEN 'watch' THEN 1 ELSE 0 END) \
              FROM checkins c WHERE c.patient_id = p.id AND c.handled_at IS NULL), \
           (SELECT count(*) FROM checkins c WHERE c.patient_id = p.id \
              AND c.handled_at IS NULL AND c.level <> 'expected'), \
           (SELECT max(recorded_at) FROM checkins c WHERE c.patient_id = p.id), \
           (SELECT count(*) FROM devices d WHERE d.patient_id = p.id AND d.revoked_at IS NULL) \
         FROM patients p",
    )?;
    let rows = stmt.query_map([], |r| {
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

pub(super) fn patient_detail(
    conn: &Connection,
    patient_id: &str,
) -> StoreResult<Option<PatientDetail>> {
    let head: Option<(String, String, String)> = conn
        .query_row("SELECT id, name, created_at FROM patients WHERE id = ?1", [patient_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((id, name, created_at)) = head else { return Ok(None) };
    Ok(Some(PatientDetail {
        created_at: parse(&created_at)?,
        devices: devices(conn, &id)?,
        sessions: sessions(conn, &id)?,
        checkins: checkins(conn, &id)?,
        photos: photos(conn, &id)?,
        id,
        name,
    }))
}

fn devices(conn: &Connection, patient_id: &str) -> StoreResult<Vec<DeviceSummary>> {
    let mut stmt = conn.prepare(
        "SELECT id, label, created_at, revoked_at FROM devices WHERE patient_id = ?1 \
         ORDER BY created_at",
    )?;
    let rows = stmt.query_map([patient_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, label, created, revoked) = row?;
        out.push(DeviceSummary {
            id,
            label,
            created_at: parse(&created)?,
            revoked_at: parse_opt(revoked)?,
        });
    }
    Ok(out)
}

fn sessions(conn: &Connection, patient_id: &str) -> StoreResult<Vec<TreatmentSession>> {
    let mut stmt = conn.prepare(
        "SELECT id, performed_at, zone, depth_mm, area, note FROM treatment_sessions \
         WHERE patient_id = ?1 ORDER BY performed_at",
    )?;
    let rows = stmt.query_map([patient_id], |r| {
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

fn checkins(conn: &Connection, patient_id: &str) -> StoreResult<Vec<CheckinRecord>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.recorded_at, c.zone, c.level, c.rule_ids, c.answers_json, c.note, \
                c.handled_at, s.email, c.handled_note \
         FROM checkins c LEFT JOIN staff s ON s.id = c.handled_by \
         WHERE c.patient_id = ?1 ORDER BY c.recorded_at, c.received_at",
    )?;
    let rows = stmt.query_map([patient_id], |r| {
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
        let (id, recorded, zone, level, rule_ids, answers, note, handled_at, by, handled_note): CheckinRow =
            row?;
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
            handled_by: by,
            handled_note,
        });
    }
    Ok(out)
}

fn photos(conn: &Connection, patient_id: &str) -> StoreResult<Vec<PhotoRecord>> {
    let mut stmt = conn.prepare(
        "SELECT id, sha256, taken_at, zone FROM photos WHERE patient_id = ?1 ORDER BY taken_at",
    )?;
    let rows = stmt.query_map([patient_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, sha256, taken, zone) = row?;
        out.push(PhotoRecord { id, sha256, taken_at: parse(&taken)?, zone });
    }
    Ok(out)
}

pub(super) fn photo(
    conn: &Connection,
    patient_id: &str,
    photo_id: &str,
) -> StoreResult<Option<PhotoRecord>> {
    let row: Option<(String, String, String, String)> = conn
        .query_row(
            "SELECT id, sha256, taken_at, zone FROM photos WHERE id = ?1 AND patient_id = ?2",
            params![photo_id, patient_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    row.map(|(id, sha256, taken, zone)| {
        Ok(PhotoRecord { id, sha256, taken_at: parse(&taken)?, zone })
    })
    .transpose()
}

pub(super) fn mark_handled(conn: &Connection, h: &Handled) -> StoreResult<bool> {
    let changed = conn.execute(
        "UPDATE checkins SET handled_at = ?3, handled_by = ?4, handled_note = ?5 \
         WHERE id = ?1 AND patient_id = ?2",
        params![h.checkin_id, h.patient_id, fmt(h.now), h.staff_id, h.note],
    )?;
    Ok(changed == 1)
}

pub(super) fn audit(conn: &Connection, e: &NewAuditEntry) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, staff_id, action, patient_id) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![fmt(e.now), e.staff_id, e.action, e.patient_id])?;
    Ok(())
}

pub(super) fn audit_entries(conn: &Connection, limit: u32) -> StoreResult<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT a.at, s.email, a.action, a.patient_id FROM audit_log a \
         JOIN staff s ON s.id = a.staff_id ORDER BY a.id DESC LIMIT ?1",
    )?;
    let rows =
        stmt.query_map([limit], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (at, staff_email, action, patient_id) = row?;
        out.push(AuditEntry { at: parse(&at)?, staff_email, action, patient_id });
    }
    Ok(out)
}

pub(super) fn checkin_status(
    conn: &Connection,
    patient_id: &str,
    checkin_id: &str,
) -> StoreResult<Option<(chrono::DateTime<chrono::Utc>, bool)>> {
    let row: Option<(String, Option<String>)> = conn
        .query_row(
            "SELECT received_at, handled_at FROM checkins WHERE id = ?1 AND patient_id = ?2",
            params![checkin_id, patient_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(received, handled)| Ok((parse(&received)?, handled.is_some()))).transpose()
}
