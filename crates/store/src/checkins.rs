//! Check-ins: one row each, with the triage result as it was shown to the patient.

use rusqlite::{Connection, Row, params};
use shared::checkin::{Checkin, CheckinAnswers, Discharge, Level, NewCheckin, Sign, TriageResult};
use shared::effects::{StoreError, StoreErrorKind};

use super::errors::{error, query_error};
use super::record::now_ms;

const COLUMNS: &str = "id, taken_utc_ms, zone, session_id, day_index, redness, swelling, pain, \
    itch, temperature_tenths_c, discharge, signs, note, level, rules, advice, flagged_for_sharing";

pub(super) fn add(conn: &Connection, checkin: NewCheckin) -> Result<Checkin, StoreError> {
    let id = insert(conn, None, &checkin)?;
    Ok(Checkin { id, details: checkin })
}

/// Inserts a check-in under `id` (a moved record keeps its ids), or the next free id; one
/// statement, so it commits whole or not at all.
pub(super) fn insert(
    conn: &Connection,
    id: Option<i64>,
    checkin: &NewCheckin,
) -> Result<i64, StoreError> {
    let a = &checkin.answers;
    let t = &checkin.triage;
    let signs: Vec<&str> = a.signs.iter().map(|s| s.key()).collect();
    let signs = serde_json::to_string(&signs).unwrap_or_else(|_| "[]".into());
    let rules = serde_json::to_string(&t.rules).unwrap_or_else(|_| "[]".into());
    conn.execute(
        "INSERT INTO checkins (id, taken_utc_ms, zone, session_id, day_index, redness, swelling, pain, \
         itch, temperature_tenths_c, discharge, signs, note, level, rules, advice, \
         flagged_for_sharing, created_utc_ms) \
         VALUES (?18, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            checkin.taken_utc_ms,
            checkin.zone,
            checkin.session_id,
            checkin.day_index,
            a.redness,
            a.swelling,
            a.pain,
            a.itch,
            a.temperature_tenths_c,
            a.discharge.map(Discharge::key),
            signs,
            a.note,
            t.level.key(),
            rules,
            t.advice,
            t.flagged_for_sharing,
            now_ms(),
            id
        ],
    )
    .map_err(query_error)?;
    Ok(conn.last_insert_rowid())
}

/// Every check-in, oldest first.
pub(super) fn load(conn: &Connection) -> Result<Vec<Checkin>, StoreError> {
    let mut statement = conn
        .prepare(&format!("SELECT {COLUMNS} FROM checkins ORDER BY taken_utc_ms, id"))
        .map_err(query_error)?;
    let rows = statement.query_map([], read_row).map_err(query_error)?;
    let mut checkins = Vec::new();
    for row in rows {
        let (mut checkin, texts) = row.map_err(query_error)?;
        decode(&mut checkin, &texts)?;
        checkins.push(checkin);
    }
    Ok(checkins)
}

/// The columns stored as text keys or JSON, decoded after the row is read.
struct Texts {
    discharge: Option<String>,
    signs: String,
    level: String,
    rules: String,
}

fn read_row(r: &Row<'_>) -> rusqlite::Result<(Checkin, Texts)> {
    let checkin = Checkin {
        id: r.get(0)?,
        details: NewCheckin {
            taken_utc_ms: r.get(1)?,
            zone: r.get(2)?,
            session_id: r.get(3)?,
            day_index: r.get(4)?,
            answers: CheckinAnswers {
                redness: r.get(5)?,
                swelling: r.get(6)?,
                pain: r.get(7)?,
                itch: r.get(8)?,
                temperature_tenths_c: r.get(9)?,
                discharge: None,
                signs: Vec::new(),
                note: r.get(12)?,
            },
            triage: TriageResult {
                level: Level::Watch,
                rules: Vec::new(),
                advice: r.get(15)?,
                day_index: r.get(4)?,
                flagged_for_sharing: r.get(16)?,
            },
        },
    };
    let texts =
        Texts { discharge: r.get(10)?, signs: r.get(11)?, level: r.get(13)?, rules: r.get(14)? };
    Ok((checkin, texts))
}

fn decode(checkin: &mut Checkin, texts: &Texts) -> Result<(), StoreError> {
    let unreadable = || error(StoreErrorKind::Other, "a stored check-in is unreadable");
    let d = &mut checkin.details;
    d.answers.discharge = match &texts.discharge {
        None => None,
        Some(key) => Some(Discharge::from_key(key).ok_or_else(unreadable)?),
    };
    let signs: Vec<String> = serde_json::from_str(&texts.signs).map_err(|_| unreadable())?;
    d.answers.signs =
        signs.iter().map(|k| Sign::from_key(k).ok_or_else(unreadable)).collect::<Result<_, _>>()?;
    d.triage.level = [Level::Expected, Level::Watch, Level::ContactClinic, Level::Urgent]
        .into_iter()
        .find(|l| l.key() == texts.level)
        .ok_or_else(unreadable)?;
    d.triage.rules = serde_json::from_str(&texts.rules).map_err(|_| unreadable())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use shared::checkin::{CheckinAnswers, Discharge, Level, NewCheckin, Sign, TriageResult};
    use shared::domain::{NewSession, TreatedArea};
    use shared::effects::{StoreOperation, StoreResult};

    use crate::SqliteStore;

    fn checkin(session_id: i64, taken_utc_ms: i64, redness: u8) -> NewCheckin {
        NewCheckin {
            taken_utc_ms,
            zone: "Asia/Jerusalem".into(),
            session_id: Some(session_id),
            day_index: 3,
            answers: CheckinAnswers {
                redness: Some(redness),
                swelling: Some(1),
                pain: Some(2),
                itch: Some(0),
                temperature_tenths_c: Some(385),
                discharge: Some(Discharge::Pus),
                signs: vec![Sign::Warmth, Sign::DarkPatches],
                note: Some("לחי שמאל אדומה".into()),
            },
            triage: TriageResult {
                level: Level::ContactClinic,
                rules: vec!["C1".into(), "C2".into()],
                advice: "This is not what we expect on day 3. Contact your clinic today.".into(),
                day_index: 3,
                flagged_for_sharing: true,
            },
        }
    }

    #[test]
    fn checkins_survive_reopening_and_outlive_their_session() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let mut store = SqliteStore::open(&path).unwrap();
        let session = NewSession {
            start_utc_ms: 1_000,
            zone: "UTC".into(),
            depth_um: 1000,
            areas: vec![TreatedArea::Face],
            device: None,
            notes: None,
            screening: Vec::new(),
        };
        let StoreResult::SessionAdded { session } =
            store.handle(StoreOperation::AddSession { session })
        else {
            panic!("session not added")
        };
        let mut stored = Vec::new();
        // Two check-ins in the same millisecond: both kept, in insertion order.
        for redness in [2, 3] {
            let checkin = checkin(session.id, 5_000, redness);
            match store.handle(StoreOperation::AddCheckin { checkin: checkin.clone() }) {
                StoreResult::CheckinAdded { checkin: c } => {
                    assert_eq!(c.details, checkin);
                    stored.push(c);
                }
                other => panic!("{other:?}"),
            }
        }
        drop(store);
        let mut store = SqliteStore::open(&path).unwrap();
        let StoreResult::Loaded { record } = store.handle(StoreOperation::LoadRecord) else {
            panic!("not loaded")
        };
        assert_eq!(record.checkins, stored);
        assert!(matches!(
            store.handle(StoreOperation::DeleteSession { id: session.id }),
            StoreResult::Done
        ));
        let StoreResult::Loaded { record } = store.handle(StoreOperation::LoadRecord) else {
            panic!("not loaded")
        };
        assert_eq!(record.checkins.len(), 2);
        assert!(record.checkins.iter().all(|c| c.details.session_id.is_none()));
    }

    #[test]
    fn the_schema_refuses_out_of_range_scores() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(&dir.path().join("a.db")).unwrap();
        let mut bad = checkin(1, 0, 9);
        bad.session_id = None;
        assert!(matches!(
            store.handle(StoreOperation::AddCheckin { checkin: bad }),
            StoreResult::Failed { .. }
        ));
        let StoreResult::Loaded { record } = store.handle(StoreOperation::LoadRecord) else {
            panic!("not loaded")
        };
        assert!(record.checkins.is_empty());
    }

    /// Major 10 (clinical review): an urgent check-in sent before its scores stores NULLs, read
    /// back as unanswered, never as zeros.
    #[test]
    fn major_10_unanswered_scores_are_stored_as_null() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let mut store = SqliteStore::open(&path).unwrap();
        let mut urgent = checkin(1, 0, 0);
        urgent.session_id = None;
        urgent.answers = CheckinAnswers { signs: vec![Sign::Allergy], ..CheckinAnswers::default() };
        let StoreResult::CheckinAdded { checkin } =
            store.handle(StoreOperation::AddCheckin { checkin: urgent.clone() })
        else {
            panic!("not stored")
        };
        let nulls: i64 = store
            .connection()
            .query_row(
                "SELECT COUNT(*) FROM checkins WHERE redness IS NULL AND swelling IS NULL \
                 AND pain IS NULL AND itch IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(nulls, 1);
        drop(store);
        let mut store = SqliteStore::open(&path).unwrap();
        let StoreResult::Loaded { record } = store.handle(StoreOperation::LoadRecord) else {
            panic!("not loaded")
        };
        assert_eq!(record.checkins, vec![checkin]);
        assert_eq!(record.checkins[0].details.answers.redness, None);
    }

    /// The rebuild of migration 6 keeps every check-in written by schema 5.
    #[test]
    fn a_schema_5_file_keeps_its_checkins_through_migration_6() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            for sql in &crate::MIGRATIONS[..5] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", 5).unwrap();
            conn.pragma_update(None, "application_id", crate::schema::APPLICATION_ID).unwrap();
            conn.execute_batch(
                "INSERT INTO checkins (taken_utc_ms, zone, session_id, day_index, redness, \
                 swelling, pain, itch, temperature_tenths_c, discharge, signs, note, level, rules, \
                 advice, flagged_for_sharing, created_utc_ms) VALUES (5000, 'UTC', NULL, 2, 3, 1, \
                 4, 2, 372, 'clear', '[\"warmth\"]', 'tight', 'watch', '[\"W1\"]', 'Keep an eye', \
                 0, 5000)",
            )
            .unwrap();
        }
        let mut store = SqliteStore::open(&path).unwrap();
        let StoreResult::Loaded { record } = store.handle(StoreOperation::LoadRecord) else {
            panic!("not loaded")
        };
        let a = &record.checkins[0].details.answers;
        assert_eq!((a.redness, a.swelling, a.pain, a.itch), (Some(3), Some(1), Some(4), Some(2)));
        assert_eq!(a.signs, vec![Sign::Warmth]);
        assert_eq!(record.checkins[0].details.triage.rules, vec!["W1".to_owned()]);
    }
}
