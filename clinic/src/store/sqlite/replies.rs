//! What the patient is told of their check-ins: seen, handled, staff's reply.

use rusqlite::{Connection, params};

use crate::store::time::{fmt, parse, parse_opt};
use crate::store::{ClinicId, Handled, StoreResult};
use share_api::{CheckinResponse, MAX_RESPONSES};

/// Marks every check-in of the patient that staff had not yet seen as seen at `now`.
pub(super) fn mark_seen(
    conn: &Connection,
    clinic: ClinicId,
    patient_id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE checkins SET seen_at = ?3 WHERE patient_id = ?1 AND clinic_id = ?2 \
         AND seen_at IS NULL",
        params![patient_id, clinic.get(), fmt(now)],
    )?;
    Ok(())
}

/// Within `mark_handled`'s transaction: handling is seeing, and a reply replaces the last one.
pub(super) fn on_handled(conn: &Connection, h: &Handled) -> StoreResult<()> {
    conn.execute(
        "UPDATE checkins SET seen_at = coalesce(seen_at, ?2) WHERE id = ?1",
        params![h.checkin_id, fmt(h.now)],
    )?;
    if let Some(reply) = &h.reply {
        conn.execute(
            "UPDATE checkins SET reply = ?2, reply_at = ?3 WHERE id = ?1",
            params![h.checkin_id, reply, fmt(h.now)],
        )?;
    }
    Ok(())
}

type Row = (String, Option<String>, Option<String>, Option<String>, Option<String>);

pub(super) fn responses(
    conn: &Connection,
    clinic: ClinicId,
    patient_id: &str,
) -> StoreResult<Vec<CheckinResponse>> {
    let mut stmt = conn.prepare(
        "SELECT recorded_at, seen_at, handled_at, reply, reply_at FROM checkins \
         WHERE patient_id = ?1 AND clinic_id = ?2 \
           AND (seen_at IS NOT NULL OR handled_at IS NOT NULL OR reply IS NOT NULL) \
         ORDER BY recorded_at DESC LIMIT ?3",
    )?;
    let limit = i64::try_from(MAX_RESPONSES).unwrap_or(i64::MAX);
    let rows = stmt.query_map(params![patient_id, clinic.get(), limit], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (recorded, seen, handled, reply, reply_at): Row = row?;
        out.push(CheckinResponse {
            recorded_at: parse(&recorded)?,
            seen_at: parse_opt(seen)?,
            handled_at: parse_opt(handled)?,
            reply,
            reply_at: parse_opt(reply_at)?,
        });
    }
    Ok(out)
}
