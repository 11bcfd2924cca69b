//! The clinic link row and the outbox table (migration 005). Every write is one statement or
//! one transaction, so a crash leaves each item either before or after a state change.

use rusqlite::{Connection, OptionalExtension, Row, params};
use shared::effects::{
    ClinicLink, ClinicReason, OutboxBody, OutboxDraft, OutboxItem, OutboxKind, OutboxState,
    StoreError,
};

use crate::errors::query_error;

/// An item as the sender needs it: the request and its key.
#[derive(Debug, Clone)]
pub struct Pending {
    pub id: i64,
    pub idempotency_key: String,
    pub path: String,
    pub body: OutboxBody,
    pub attempts: u32,
}

pub fn load_link(conn: &Connection) -> Result<Option<ClinicLink>, StoreError> {
    conn.query_row(
        "SELECT server, device_id, clinic_name, clinic_phone, after_hours_advice, auto_share, \
         relink_needed, linked_utc_ms FROM clinic_link WHERE id = 1",
        [],
        |r| {
            Ok(ClinicLink {
                server: r.get(0)?,
                device_id: r.get(1)?,
                clinic_name: r.get(2)?,
                clinic_phone: r.get(3)?,
                after_hours_advice: r.get(4)?,
                auto_share: r.get(5)?,
                relink_needed: r.get(6)?,
                linked_utc_ms: r.get(7)?,
            })
        },
    )
    .optional()
    .map_err(query_error)
}

/// Replaces the link (linking again clears `relink_needed`).
pub fn save_link(conn: &Connection, link: &ClinicLink) -> Result<(), StoreError> {
    conn.execute(
        "INSERT OR REPLACE INTO clinic_link (id, server, device_id, clinic_name, clinic_phone, \
         after_hours_advice, auto_share, relink_needed, linked_utc_ms) \
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            link.server,
            link.device_id,
            link.clinic_name,
            link.clinic_phone,
            link.after_hours_advice,
            link.auto_share,
            link.relink_needed,
            link.linked_utc_ms
        ],
    )
    .map(drop)
    .map_err(query_error)
}

pub fn delete_link(conn: &Connection) -> Result<(), StoreError> {
    conn.execute("DELETE FROM clinic_link", []).map(drop).map_err(query_error)
}

pub fn mark_relink_needed(conn: &Connection) -> Result<(), StoreError> {
    conn.execute("UPDATE clinic_link SET relink_needed = 1", []).map(drop).map_err(query_error)
}

fn item(r: &Row<'_>) -> rusqlite::Result<OutboxItem> {
    let kind: String = r.get(1)?;
    let state: String = r.get(4)?;
    Ok(OutboxItem {
        id: r.get(0)?,
        // The table's CHECKs allow only these keys.
        kind: OutboxKind::from_key(&kind).unwrap_or(OutboxKind::Checkin),
        local_id: r.get(2)?,
        label: r.get(3)?,
        state: OutboxState::from_key(&state).unwrap_or(OutboxState::Queued),
        attempts: r.get(5)?,
        queued_utc_ms: r.get(6)?,
        next_attempt_utc_ms: r.get(7)?,
        sent_utc_ms: r.get(8)?,
        // The reason's JSON; a row from before it was data holds the text it was shown as.
        last_error: r.get::<_, Option<String>>(9)?.map(|text| ClinicReason::from_stored(&text)),
    })
}

/// Every item, oldest first.
pub fn load_items(conn: &Connection) -> Result<Vec<OutboxItem>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT id, kind, local_id, label, state, attempts, queued_utc_ms, \
             next_attempt_utc_ms, sent_utc_ms, last_error FROM outbox ORDER BY id",
        )
        .map_err(query_error)?;
    let rows = stmt.query_map([], item).map_err(query_error)?;
    rows.collect::<Result<_, _>>().map_err(query_error)
}

/// Queues the drafts not queued before (same kind and local id), each with a fresh key.
pub fn enqueue(
    conn: &mut Connection,
    drafts: &[OutboxDraft],
    now_ms: i64,
    mut new_key: impl FnMut() -> String,
) -> Result<usize, StoreError> {
    let tx = conn.transaction().map_err(query_error)?;
    let mut added = 0;
    for d in drafts {
        let (json, photo_id) = match &d.body {
            OutboxBody::Json { json } => (Some(json.as_str()), None),
            OutboxBody::Photo { photo_id } => (None, Some(*photo_id)),
        };
        added += tx
            .execute(
                "INSERT INTO outbox (kind, local_id, label, idempotency_key, path, body_json, \
                 photo_id, state, queued_utc_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'queued', ?8) \
                 ON CONFLICT (kind, local_id) DO NOTHING",
                params![
                    d.kind.key(),
                    d.local_id,
                    d.label,
                    new_key(),
                    d.path,
                    json,
                    photo_id,
                    now_ms
                ],
            )
            .map_err(query_error)?;
    }
    tx.commit().map_err(query_error)?;
    Ok(added)
}

/// Writes an item as it stood elsewhere (a moved record keeps its ids, keys and states).
pub fn restore(
    conn: &Connection,
    item: &OutboxItem,
    idempotency_key: &str,
    path: &str,
    body: &OutboxBody,
) -> Result<(), StoreError> {
    let (json, photo_id) = match body {
        OutboxBody::Json { json } => (Some(json.as_str()), None),
        OutboxBody::Photo { photo_id } => (None, Some(*photo_id)),
    };
    conn.execute(
        "INSERT INTO outbox (id, kind, local_id, label, idempotency_key, path, body_json, \
         photo_id, state, attempts, queued_utc_ms, next_attempt_utc_ms, sent_utc_ms, last_error) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            item.id,
            item.kind.key(),
            item.local_id,
            item.label,
            idempotency_key,
            path,
            json,
            photo_id,
            item.state.key(),
            item.attempts,
            item.queued_utc_ms,
            item.next_attempt_utc_ms,
            item.sent_utc_ms,
            item.last_error.as_ref().map(ClinicReason::to_stored)
        ],
    )
    .map(drop)
    .map_err(query_error)
}

/// Queued items due at `now_ms`, oldest first.
pub fn due(conn: &Connection, now_ms: i64) -> Result<Vec<Pending>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT id, idempotency_key, path, body_json, photo_id, attempts FROM outbox \
             WHERE state = 'queued' AND (next_attempt_utc_ms IS NULL OR next_attempt_utc_ms <= ?1) \
             ORDER BY id",
        )
        .map_err(query_error)?;
    let rows = stmt
        .query_map([now_ms], |r| {
            let json: Option<String> = r.get(3)?;
            let photo_id: Option<i64> = r.get(4)?;
            Ok(Pending {
                id: r.get(0)?,
                idempotency_key: r.get(1)?,
                path: r.get(2)?,
                body: match (json, photo_id) {
                    (Some(json), _) => OutboxBody::Json { json },
                    (None, photo_id) => OutboxBody::Photo { photo_id: photo_id.unwrap_or(0) },
                },
                attempts: r.get(5)?,
            })
        })
        .map_err(query_error)?;
    rows.collect::<Result<_, _>>().map_err(query_error)
}

pub fn mark_sent(
    conn: &Connection,
    id: i64,
    now_ms: i64,
    server_id: Option<&str>,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_utc_ms = ?2, \
         next_attempt_utc_ms = NULL, last_error = NULL, server_id = ?3 WHERE id = ?1",
        params![id, now_ms, server_id],
    )
    .map(drop)
    .map_err(query_error)
}

/// Keeps the item queued for another try at `next_ms`.
pub fn mark_retry(
    conn: &Connection,
    id: i64,
    next_ms: i64,
    reason: &ClinicReason,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE outbox SET attempts = attempts + 1, next_attempt_utc_ms = ?2, last_error = ?3 \
         WHERE id = ?1",
        params![id, next_ms, reason.to_stored()],
    )
    .map(drop)
    .map_err(query_error)
}

/// Queued but not tried: why it waits (e.g. the device must be linked again).
pub fn mark_waiting(conn: &Connection, id: i64, reason: &ClinicReason) -> Result<(), StoreError> {
    conn.execute("UPDATE outbox SET last_error = ?2 WHERE id = ?1", params![id, reason.to_stored()])
        .map(drop)
        .map_err(query_error)
}

/// The clinic refused the item for good; it stays, shown with the reason.
pub fn mark_failed(conn: &Connection, id: i64, reason: &ClinicReason) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE outbox SET state = 'failed', attempts = attempts + 1, next_attempt_utc_ms = NULL, \
         last_error = ?2 WHERE id = ?1",
        params![id, reason.to_stored()],
    )
    .map(drop)
    .map_err(query_error)
}

/// The stored photo's content name (`<sha256>`), if the photo is still in the journal.
pub fn photo_sha256(conn: &Connection, photo_id: i64) -> Result<Option<String>, StoreError> {
    conn.query_row("SELECT sha256 FROM photos WHERE id = ?1", [photo_id], |r| r.get(0))
        .optional()
        .map_err(query_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SqliteStore;

    /// A reason is stored as data and read back as it was; a row an earlier version wrote with
    /// the reason as English text still loads, and shows that text.
    #[test]
    fn reasons_are_stored_as_data_and_earlier_text_still_loads() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(&dir.path().join("afterglow.db")).unwrap();
        let conn = store.connection_mut();
        let draft = |local_id| OutboxDraft {
            kind: OutboxKind::Checkin,
            local_id,
            label: format!("Check-in {local_id}"),
            path: "/api/v1/checkins".into(),
            body: OutboxBody::Json { json: "{}".into() },
        };
        let mut n = 0;
        enqueue(conn, &[draft(1), draft(2)], 0, || {
            n += 1;
            format!("ag-{n}")
        })
        .unwrap();
        let refused = ClinicReason::Refused { status: 422, clinic_says: Some("no \"x\"".into()) };
        mark_failed(conn, 1, &refused).unwrap();
        let earlier = "the clinic's server had a problem (500)";
        conn.execute("UPDATE outbox SET last_error = ?1 WHERE id = 2", [earlier]).unwrap();
        let items = load_items(conn).unwrap();
        assert_eq!(items[0].last_error, Some(refused));
        assert_eq!(items[1].last_error, Some(ClinicReason::EarlierText { text: earlier.into() }));
    }
}
