//! The alert queue: rows in the clinic database (migration `007_staff_alerts.sql`), so an
//! alert outlives a restart of the server. These few statements stay out of the `Store`
//! trait: on SQLite over their own connection to the file (writes are short and wait on the
//! main writer through `busy_timeout`), on PostgreSQL over the store's pool.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, params};

use super::Channel;
use crate::store::postgres::PostgresAlerts;
use crate::store::sqlite::cipher::{self, DbKey};
use crate::store::{ClinicId, StoreResult, alert_emails_from_column};

/// One alert as the portal lists it.
#[derive(Debug, Clone)]
pub struct AlertRow {
    /// Alert id (the link in a message names only this).
    pub id: i64,
    /// Patient the check-in came from.
    pub patient_id: String,
    /// The patient's name (shown to logged-in staff only, never sent).
    pub patient_name: String,
    /// `contact_clinic` or `urgent`.
    pub level: String,
    /// When the check-in arrived.
    pub created_at: String,
    /// When staff acknowledged it.
    pub acknowledged_at: Option<String>,
    /// Who acknowledged it.
    pub acknowledged_by: Option<String>,
    /// Per channel: delivered time, or attempts and the last error.
    pub deliveries: Vec<DeliveryRow>,
}

/// One channel's state for an alert.
#[derive(Debug, Clone)]
pub struct DeliveryRow {
    /// `email` or `webhook`.
    pub channel: String,
    /// Attempts made.
    pub attempts: i64,
    /// When it was delivered.
    pub delivered_at: Option<String>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

/// A delivery that is due now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// Alert id.
    pub alert_id: i64,
    /// Which channel.
    pub channel: Channel,
    /// Attempts already made.
    pub attempts: i64,
    /// When the check-in arrived (RFC 3339).
    pub created_at: String,
    /// The alert's clinic's own alert addresses, read when the delivery is due (so a change on
    /// the settings page reaches deliveries still retrying); empty: the server's `--smtp-to`.
    pub recipients: Vec<String>,
}

/// The queue, in whichever database holds the clinic's records.
pub enum AlertQueue {
    /// Its own connection to the SQLite file.
    Sqlite(SqliteQueue),
    /// The PostgreSQL store's pool (`store/postgres/alerts.rs`).
    Postgres(PostgresAlerts),
}

impl AlertQueue {
    /// Opens a connection to an already migrated SQLite clinic database (with its key when it
    /// is encrypted).
    pub fn open(db: &Path, key: Option<&DbKey>) -> StoreResult<Self> {
        Ok(Self::Sqlite(SqliteQueue::open(db, key)?))
    }

    /// Gives every unacknowledged alert a delivery row for each configured channel (first try
    /// at once), then answers the deliveries due by `now`, oldest first.
    pub fn due(&self, channels: &[Channel], now: DateTime<Utc>) -> StoreResult<Vec<Due>> {
        match self {
            Self::Sqlite(q) => Ok(q.due(channels, now)?),
            Self::Postgres(q) => q.due(channels, now),
        }
    }

    /// Records a delivery.
    pub fn delivered(
        &self,
        alert_id: i64,
        channel: Channel,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        match self {
            Self::Sqlite(q) => Ok(q.delivered(alert_id, channel, now)?),
            Self::Postgres(q) => q.delivered(alert_id, channel, now),
        }
    }

    /// Records a failed attempt and when to try again.
    pub fn failed(
        &self,
        alert_id: i64,
        channel: Channel,
        error: &str,
        next: DateTime<Utc>,
    ) -> StoreResult<()> {
        let error: String = error.chars().take(300).collect();
        match self {
            Self::Sqlite(q) => Ok(q.failed(alert_id, channel, &error, next)?),
            Self::Postgres(q) => q.failed(alert_id, channel, &error, next),
        }
    }

    /// Marks an alert of `clinic` acknowledged; answers its patient, or None when the clinic
    /// has no such alert or it was acknowledged already.
    pub fn acknowledge(
        &self,
        alert_id: i64,
        clinic: ClinicId,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<String>> {
        match self {
            Self::Sqlite(q) => Ok(q.acknowledge(alert_id, clinic, staff_id, now)?),
            Self::Postgres(q) => q.acknowledge(alert_id, clinic, staff_id, now),
        }
    }

    /// The patient an alert of `clinic` is about.
    pub fn patient_of(&self, alert_id: i64, clinic: ClinicId) -> StoreResult<Option<String>> {
        match self {
            Self::Sqlite(q) => Ok(q.patient_of(alert_id, clinic)?),
            Self::Postgres(q) => q.patient_of(alert_id, clinic),
        }
    }

    /// Up to `limit` alerts of `clinic`: unacknowledged first (newest first), then acknowledged
    /// ones.
    pub fn list(&self, clinic: ClinicId, limit: u32) -> StoreResult<Vec<AlertRow>> {
        match self {
            Self::Sqlite(q) => Ok(q.list(clinic, limit)?),
            Self::Postgres(q) => q.list(clinic, limit),
        }
    }
}

/// The queue over one connection to the SQLite clinic database.
pub struct SqliteQueue {
    conn: Mutex<Connection>,
}

/// Times are stored like the rest of the database: RFC 3339 UTC with milliseconds.
pub fn fmt(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl SqliteQueue {
    /// Opens a connection to an already migrated clinic database.
    pub fn open(db: &Path, key: Option<&DbKey>) -> StoreResult<Self> {
        let conn = cipher::open(db, OpenFlags::SQLITE_OPEN_READ_WRITE, key)?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")?;
        Ok(Self { conn: Mutex::new(conn) })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Gives every unacknowledged alert a delivery row for each configured channel (first try
    /// at once), then answers the deliveries due by `now`, oldest first.
    pub fn due(&self, channels: &[Channel], now: DateTime<Utc>) -> rusqlite::Result<Vec<Due>> {
        let conn = self.conn();
        // Read first: the insert would take the write lock every poll even with nothing new.
        let unplanned: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM staff_alerts a WHERE a.acknowledged_at IS NULL \
                 AND (SELECT count(*) FROM staff_alert_deliveries d WHERE d.alert_id = a.id) < ?1",
            )?
            .query_row([i64::try_from(channels.len()).unwrap_or(i64::MAX)], |r| r.get(0))?;
        for channel in channels.iter().filter(|_| unplanned > 0) {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO staff_alert_deliveries (alert_id, channel, next_attempt_at) \
                 SELECT id, ?1, created_at FROM staff_alerts WHERE acknowledged_at IS NULL",
            )?
            .execute([channel.as_str()])?;
        }
        let mut statement = conn.prepare_cached(
            "SELECT d.alert_id, d.channel, d.attempts, a.created_at, c.alert_emails \
             FROM staff_alert_deliveries d JOIN staff_alerts a ON a.id = d.alert_id \
             JOIN patients p ON p.id = a.patient_id JOIN clinics c ON c.id = p.clinic_id \
             WHERE d.delivered_at IS NULL AND a.acknowledged_at IS NULL \
               AND d.next_attempt_at <= ?1 \
             ORDER BY a.created_at LIMIT 50",
        )?;
        let rows = statement.query_map([fmt(now)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut due = Vec::new();
        for row in rows {
            let (alert_id, channel, attempts, created_at, emails) = row?;
            // Only channels configured now: one switched off keeps its rows for later.
            if let Some(channel) = channels.iter().copied().find(|c| c.as_str() == channel) {
                let recipients = alert_emails_from_column(&emails);
                due.push(Due { alert_id, channel, attempts, created_at, recipients });
            }
        }
        Ok(due)
    }

    /// Records a delivery.
    pub fn delivered(
        &self,
        alert_id: i64,
        channel: Channel,
        now: DateTime<Utc>,
    ) -> rusqlite::Result<()> {
        self.conn()
            .prepare_cached(
                "UPDATE staff_alert_deliveries SET delivered_at = ?3, attempts = attempts + 1, \
                 last_error = NULL WHERE alert_id = ?1 AND channel = ?2",
            )?
            .execute(params![alert_id, channel.as_str(), fmt(now)])?;
        Ok(())
    }

    /// Records a failed attempt and when to try again.
    pub fn failed(
        &self,
        alert_id: i64,
        channel: Channel,
        error: &str,
        next: DateTime<Utc>,
    ) -> rusqlite::Result<()> {
        self.conn()
            .prepare_cached(
                "UPDATE staff_alert_deliveries SET attempts = attempts + 1, last_error = ?3, \
                 next_attempt_at = ?4 WHERE alert_id = ?1 AND channel = ?2",
            )?
            .execute(params![alert_id, channel.as_str(), error, fmt(next)])?;
        Ok(())
    }

    /// Marks an alert of `clinic` acknowledged; answers its patient, or None when the clinic
    /// has no such alert or it was acknowledged already.
    pub fn acknowledge(
        &self,
        alert_id: i64,
        clinic: ClinicId,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> rusqlite::Result<Option<String>> {
        let conn = self.conn();
        let changed = conn.execute(
            "UPDATE staff_alerts SET acknowledged_at = ?2, acknowledged_by = ?3 \
             WHERE id = ?1 AND acknowledged_at IS NULL \
             AND patient_id IN (SELECT id FROM patients WHERE clinic_id = ?4)",
            params![alert_id, fmt(now), staff_id, clinic.get()],
        )?;
        if changed == 0 {
            return Ok(None);
        }
        conn.query_row("SELECT patient_id FROM staff_alerts WHERE id = ?1", [alert_id], |r| {
            r.get(0)
        })
        .map(Some)
    }

    /// The patient an alert of `clinic` is about.
    pub fn patient_of(&self, alert_id: i64, clinic: ClinicId) -> rusqlite::Result<Option<String>> {
        use rusqlite::OptionalExtension;
        self.conn()
            .query_row(
                "SELECT a.patient_id FROM staff_alerts a JOIN patients p ON p.id = a.patient_id \
                 WHERE a.id = ?1 AND p.clinic_id = ?2",
                params![alert_id, clinic.get()],
                |r| r.get(0),
            )
            .optional()
    }

    /// Up to `limit` alerts of `clinic`: unacknowledged first (newest first), then acknowledged
    /// ones.
    pub fn list(&self, clinic: ClinicId, limit: u32) -> rusqlite::Result<Vec<AlertRow>> {
        let conn = self.conn();
        let mut statement = conn.prepare_cached(
            "SELECT a.id, a.patient_id, p.name, a.level, a.created_at, a.acknowledged_at, s.email \
             FROM staff_alerts a JOIN patients p ON p.id = a.patient_id \
             LEFT JOIN staff s ON s.id = a.acknowledged_by WHERE p.clinic_id = ?2 \
             ORDER BY a.acknowledged_at IS NOT NULL, a.created_at DESC LIMIT ?1",
        )?;
        let mut alerts = statement
            .query_map(params![limit, clinic.get()], |r| {
                Ok(AlertRow {
                    id: r.get(0)?,
                    patient_id: r.get(1)?,
                    patient_name: r.get(2)?,
                    level: r.get(3)?,
                    created_at: r.get(4)?,
                    acknowledged_at: r.get(5)?,
                    acknowledged_by: r.get(6)?,
                    deliveries: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut deliveries = conn.prepare_cached(
            "SELECT channel, attempts, delivered_at, last_error FROM staff_alert_deliveries \
             WHERE alert_id = ?1 ORDER BY channel",
        )?;
        for alert in &mut alerts {
            alert.deliveries = deliveries
                .query_map([alert.id], |r| {
                    Ok(DeliveryRow {
                        channel: r.get(0)?,
                        attempts: r.get(1)?,
                        delivered_at: r.get(2)?,
                        last_error: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
        }
        Ok(alerts)
    }
}
