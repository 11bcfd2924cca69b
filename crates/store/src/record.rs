//! Reading and writing the patient's record. Writes take a transaction; reads a connection.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use shared::domain::{NewSession, PatientRecord, Profile, Screening, Session, TreatedArea};
use shared::effects::{StoreError, StoreErrorKind};

use super::errors::{error, query_error};

/// The time a row is written, for its `created`/`adopted` column. Through chrono, whose clock in
/// the browser is JavaScript's (`wasmbind`): `std::time::SystemTime` panics on wasm32.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

pub(super) fn load(conn: &Connection) -> Result<PatientRecord, StoreError> {
    let profile = conn
        .query_row(
            "SELECT cold_sore_history, fitzpatrick, pregnant, isotretinoin_last_6_months, \
             anticoagulants, keloid_tendency FROM profile WHERE id = 1",
            [],
            |r| {
                Ok(Profile {
                    cold_sore_history: r.get(0)?,
                    fitzpatrick: r.get(1)?,
                    pregnant: r.get(2)?,
                    isotretinoin_last_6_months: r.get(3)?,
                    anticoagulants: r.get(4)?,
                    keloid_tendency: r.get(5)?,
                })
            },
        )
        .optional()
        .map_err(query_error)?
        .unwrap_or_default();

    let mut statement = conn
        .prepare(
            "SELECT id, start_utc_ms, zone, depth_um, areas, device, notes, screening \
             FROM sessions ORDER BY start_utc_ms, id",
        )
        .map_err(query_error)?;
    let rows = statement
        .query_map([], |r| {
            let areas: String = r.get(4)?;
            let screening: String = r.get(7)?;
            Ok((
                r.get::<_, i64>(0)?,
                NewSession {
                    start_utc_ms: r.get(1)?,
                    zone: r.get(2)?,
                    depth_um: r.get(3)?,
                    areas: Vec::new(),
                    device: r.get(5)?,
                    notes: r.get(6)?,
                    screening: Vec::new(),
                },
                (areas, screening),
            ))
        })
        .map_err(query_error)?;
    let mut sessions = Vec::new();
    for row in rows {
        let (id, mut details, (areas, screening)) = row.map_err(query_error)?;
        details.areas = parse_areas(&areas)?;
        details.screening = parse_screening(&screening)?;
        sessions.push(Session { id, details });
    }

    let protocol_json = conn
        .query_row("SELECT json FROM care_protocol WHERE id = 1", [], |r| r.get(0))
        .optional()
        .map_err(query_error)?;
    let checkins = super::checkins::load(conn)?;
    let reminder_prefs = super::reminder_prefs::load(conn)?;
    let photos = crate::photo_rows::load_all(conn).map_err(query_error)?;
    Ok(PatientRecord {
        profile,
        sessions,
        protocol_json,
        checkins,
        reminder_prefs,
        photos,
        clinic_link: crate::outbox::load_link(conn)?.map(Box::new),
        outbox: crate::outbox::load_items(conn)?,
        language_tag: super::language::load(conn)?,
        app_lock: super::app_lock::load(conn)?,
    })
}

/// Keys a newer app version may have added are skipped, not an error: what it does know stays.
fn parse_screening(json: &str) -> Result<Vec<Screening>, StoreError> {
    let keys: Vec<String> = serde_json::from_str(json)
        .map_err(|_| error(StoreErrorKind::Other, "a stored session has unreadable screening"))?;
    Ok(keys.iter().filter_map(|k| Screening::from_key(k)).collect())
}

fn parse_areas(json: &str) -> Result<Vec<TreatedArea>, StoreError> {
    let keys: Vec<String> = serde_json::from_str(json)
        .map_err(|_| error(StoreErrorKind::Other, "a stored session has unreadable areas"))?;
    Ok(keys.iter().filter_map(|k| TreatedArea::from_key(k)).collect())
}

pub(super) fn add_session(conn: &Connection, session: NewSession) -> Result<Session, StoreError> {
    let id = insert_session(conn, None, &session)?;
    Ok(Session { id, details: session })
}

/// Inserts a session under `id` (a moved record keeps its ids), or the next free id; one
/// statement, so it commits whole or not at all.
pub(super) fn insert_session(
    conn: &Connection,
    id: Option<i64>,
    session: &NewSession,
) -> Result<i64, StoreError> {
    let areas: Vec<&str> = session.areas.iter().map(|a| a.key()).collect();
    let areas = serde_json::to_string(&areas).unwrap_or_else(|_| "[]".into());
    let screening: Vec<&str> = session.screening.iter().map(|s| s.key()).collect();
    let screening = serde_json::to_string(&screening).unwrap_or_else(|_| "[]".into());
    conn.execute(
        "INSERT INTO sessions (id, start_utc_ms, zone, depth_um, areas, device, notes, screening, \
         created_utc_ms) VALUES (?9, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            session.start_utc_ms,
            session.zone,
            session.depth_um,
            areas,
            session.device,
            session.notes,
            screening,
            now_ms(),
            id
        ],
    )
    .map_err(query_error)?;
    Ok(conn.last_insert_rowid())
}

pub(super) fn delete_session(conn: &mut Connection, id: i64) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(query_error)?;
    let deleted = tx.execute("DELETE FROM sessions WHERE id = ?1", [id]).map_err(query_error)?;
    if deleted == 0 {
        return Err(error(StoreErrorKind::NotFound, format!("session {id}")));
    }
    tx.commit().map_err(query_error)
}

pub(super) fn save_profile(conn: &Connection, p: &Profile) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO profile (id, cold_sore_history, fitzpatrick, pregnant, isotretinoin_last_6_months, \
         anticoagulants, keloid_tendency) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (id) DO UPDATE SET cold_sore_history = ?1, fitzpatrick = ?2, pregnant = ?3, \
         isotretinoin_last_6_months = ?4, anticoagulants = ?5, keloid_tendency = ?6",
        params![
            p.cold_sore_history,
            p.fitzpatrick,
            p.pregnant,
            p.isotretinoin_last_6_months,
            p.anticoagulants,
            p.keloid_tendency
        ],
    )
    .map(drop)
    .map_err(query_error)
}

pub(super) fn save_protocol(conn: &Connection, json: Option<&str>) -> Result<(), StoreError> {
    match json {
        Some(json) => conn.execute(
            "INSERT INTO care_protocol (id, json, adopted_utc_ms) VALUES (1, ?1, ?2) \
             ON CONFLICT (id) DO UPDATE SET json = ?1, adopted_utc_ms = ?2",
            params![json, now_ms()],
        ),
        None => conn.execute("DELETE FROM care_protocol", []),
    }
    .map(drop)
    .map_err(query_error)
}
