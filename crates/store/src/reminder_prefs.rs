//! Reading and writing the reminder preferences (table `reminder_prefs`, migration 003).

use rusqlite::{Connection, OptionalExtension, params};
use shared::effects::{StoreError, StoreErrorKind};
use shared::reminders::{QuietHours, ReminderKind, ReminderPrefs, WallTime};

use super::errors::{error, query_error};

fn to_minute(t: WallTime) -> u32 {
    t.minutes()
}

fn from_minute(m: u32) -> Result<WallTime, StoreError> {
    let hour = u8::try_from(m / 60).ok().filter(|h| *h < 24);
    let minute = u8::try_from(m % 60).ok();
    match (hour, minute) {
        (Some(hour), Some(minute)) => Ok(WallTime { hour, minute }),
        _ => Err(error(StoreErrorKind::Other, "the stored reminder times are unreadable")),
    }
}

type Row = (u32, u32, Option<u32>, Option<u32>, String);

pub(super) fn load(conn: &Connection) -> Result<Option<ReminderPrefs>, StoreError> {
    let row: Option<Row> = conn
        .query_row(
            "SELECT morning_minute, evening_minute, quiet_start_minute, quiet_end_minute, \
             off_kinds FROM reminder_prefs WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()
        .map_err(query_error)?;
    let Some((morning, evening, quiet_start, quiet_end, off)) = row else { return Ok(None) };
    let quiet = match (quiet_start, quiet_end) {
        (Some(start), Some(end)) => {
            Some(QuietHours { start: from_minute(start)?, end: from_minute(end)? })
        }
        _ => None,
    };
    let keys: Vec<String> = serde_json::from_str(&off)
        .map_err(|_| error(StoreErrorKind::Other, "the stored reminder kinds are unreadable"))?;
    // A kind this version does not know (written by a newer one) is ignored, not an error.
    let off = keys.iter().filter_map(|k| ReminderKind::from_key(k)).collect();
    Ok(Some(ReminderPrefs {
        morning: from_minute(morning)?,
        evening: from_minute(evening)?,
        quiet,
        off,
    }))
}

/// One statement, so it commits whole or not at all.
pub(super) fn save(conn: &Connection, prefs: &ReminderPrefs) -> Result<(), StoreError> {
    let off: Vec<&str> = prefs.off.iter().map(|k| k.key()).collect();
    let off = serde_json::to_string(&off).unwrap_or_else(|_| "[]".into());
    conn.execute(
        "INSERT INTO reminder_prefs (id, morning_minute, evening_minute, quiet_start_minute, \
         quiet_end_minute, off_kinds) VALUES (1, ?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (id) DO UPDATE SET morning_minute = ?1, evening_minute = ?2, \
         quiet_start_minute = ?3, quiet_end_minute = ?4, off_kinds = ?5",
        params![
            to_minute(prefs.morning),
            to_minute(prefs.evening),
            prefs.quiet.map(|q| to_minute(q.start)),
            prefs.quiet.map(|q| to_minute(q.end)),
            off
        ],
    )
    .map(drop)
    .map_err(query_error)
}

#[cfg(test)]
mod tests {
    use shared::effects::{StoreOperation, StoreResult};
    use shared::reminders::{QuietHours, ReminderKind, ReminderPrefs, WallTime};

    use crate::{MIGRATIONS, SqliteStore};

    fn load(store: &mut SqliteStore) -> Option<ReminderPrefs> {
        match store.handle(StoreOperation::LoadRecord) {
            StoreResult::Loaded { record } => record.reminder_prefs,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn prefs_round_trip_through_a_real_database_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let mut store = SqliteStore::open(&path).unwrap();
        assert_eq!(load(&mut store), None, "never set: the core applies the defaults");
        let prefs = ReminderPrefs {
            morning: WallTime::new(6, 45),
            evening: WallTime::new(21, 0),
            quiet: Some(QuietHours { start: WallTime::new(23, 0), end: WallTime::new(6, 30) }),
            off: vec![ReminderKind::CheckInNudge, ReminderKind::Unlock],
        };
        let saved = store.handle(StoreOperation::SaveReminderPrefs { prefs: prefs.clone() });
        assert_eq!(saved, StoreResult::Done);
        drop(store);
        let mut store = SqliteStore::open(&path).unwrap();
        assert_eq!(load(&mut store), Some(prefs.clone()));
        let no_quiet = ReminderPrefs { quiet: None, ..prefs };
        store.handle(StoreOperation::SaveReminderPrefs { prefs: no_quiet.clone() });
        assert_eq!(load(&mut store), Some(no_quiet));
    }

    #[test]
    fn a_version_1_database_upgrades_and_keeps_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.execute_batch(
                "PRAGMA user_version = 1; PRAGMA application_id = 1095191639; \
                 INSERT INTO profile (id, cold_sore_history) VALUES (1, 1);",
            )
            .unwrap();
        }
        let mut store = SqliteStore::open(&path).unwrap();
        let version: i64 =
            store.connection().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, crate::LATEST_VERSION);
        match store.handle(StoreOperation::LoadRecord) {
            StoreResult::Loaded { record } => {
                assert!(record.profile.cold_sore_history);
                assert_eq!(record.reminder_prefs, None);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_row_that_breaks_the_checks_is_refused_by_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("c.db")).unwrap();
        let bad = store.connection().execute(
            "INSERT INTO reminder_prefs (id, morning_minute, evening_minute, quiet_start_minute) \
             VALUES (1, 1500, 60, 10)",
            [],
        );
        assert!(bad.is_err());
    }
}
