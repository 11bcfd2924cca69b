//! What the patient is told of their check-ins: seen, handled, staff's reply.

use chrono::{DateTime, Utc};

use super::error::col;
use super::pool::Transaction;
use crate::store::time::{fmt, parse, parse_opt};
use crate::store::{ClinicId, Handled, StoreResult};
use share_api::{CheckinResponse, MAX_RESPONSES};

/// Marks every check-in of the patient that staff had not yet seen as seen at `now`.
pub(super) fn mark_seen(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    patient_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    tx.execute(
        "UPDATE checkins SET seen_at = $3 WHERE patient_id = $1 AND clinic_id = $2 \
         AND seen_at IS NULL",
        &[&patient_id, &clinic.get(), &fmt(now)],
    )?;
    Ok(())
}

/// Within `mark_handled`'s transaction: handling is seeing, and a reply replaces the last one.
pub(super) fn on_handled(tx: &mut Transaction<'_>, h: &Handled) -> StoreResult<()> {
    tx.execute(
        "UPDATE checkins SET seen_at = coalesce(seen_at, $2) WHERE id = $1",
        &[&h.checkin_id, &fmt(h.now)],
    )?;
    if let Some(reply) = &h.reply {
        tx.execute(
            "UPDATE checkins SET reply = $2, reply_at = $3 WHERE id = $1",
            &[&h.checkin_id, reply, &fmt(h.now)],
        )?;
    }
    Ok(())
}

pub(super) fn responses(
    tx: &mut Transaction<'_>,
    clinic: ClinicId,
    patient_id: &str,
) -> StoreResult<Vec<CheckinResponse>> {
    let limit = i64::try_from(MAX_RESPONSES).unwrap_or(i64::MAX);
    let rows = tx.query(
        "SELECT recorded_at, seen_at, handled_at, reply, reply_at FROM checkins \
         WHERE patient_id = $1 AND clinic_id = $2 \
           AND (seen_at IS NOT NULL OR handled_at IS NOT NULL OR reply IS NOT NULL) \
         ORDER BY recorded_at DESC LIMIT $3",
        &[&patient_id, &clinic.get(), &limit],
    )?;
    rows.iter()
        .map(|r| {
            Ok(CheckinResponse {
                recorded_at: parse(col(r, 0)?)?,
                seen_at: parse_opt(col(r, 1)?)?,
                handled_at: parse_opt(col(r, 2)?)?,
                reply: col(r, 3)?,
                reply_at: parse_opt(col(r, 4)?)?,
            })
        })
        .collect()
}
