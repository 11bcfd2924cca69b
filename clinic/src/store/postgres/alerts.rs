//! The staff-alert queue's statements on PostgreSQL (`alerts/queue.rs` has the SQLite ones and
//! the meaning of each), over the store's pool. The delivery worker acts for every clinic
//! (server-wide); what the portal asks is walled into the session's clinic.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::error::col;
use super::pool::{Pool, Scope};
use crate::alerts::Channel;
use crate::alerts::queue::{AlertRow, DeliveryRow, Due, fmt};
use crate::store::{ClinicId, StoreResult, alert_emails_from_column};

/// The alert queue in the PostgreSQL database.
pub struct PostgresAlerts {
    pub(super) pool: Arc<Pool>,
}

impl PostgresAlerts {
    pub(crate) fn due(&self, channels: &[Channel], now: DateTime<Utc>) -> StoreResult<Vec<Due>> {
        self.pool.run(Scope::ServerWide, |tx| {
            let wanted = i64::try_from(channels.len()).unwrap_or(i64::MAX);
            let unplanned: i64 = col(
                &tx.query_one(
                    "SELECT count(*) FROM staff_alerts a WHERE a.acknowledged_at IS NULL AND \
                     (SELECT count(*) FROM staff_alert_deliveries d WHERE d.alert_id = a.id) < $1",
                    &[&wanted],
                )?,
                0,
            )?;
            for channel in channels.iter().filter(|_| unplanned > 0) {
                tx.execute(
                    "INSERT INTO staff_alert_deliveries (alert_id, channel, next_attempt_at) \
                     SELECT id, $1, created_at FROM staff_alerts WHERE acknowledged_at IS NULL \
                     ON CONFLICT DO NOTHING",
                    &[&channel.as_str()],
                )?;
            }
            let rows = tx.query(
                "SELECT d.alert_id, d.channel, d.attempts, a.created_at, c.alert_emails \
                 FROM staff_alert_deliveries d JOIN staff_alerts a ON a.id = d.alert_id \
                 JOIN clinics c ON c.id = a.clinic_id \
                 WHERE d.delivered_at IS NULL AND a.acknowledged_at IS NULL \
                   AND d.next_attempt_at <= $1 ORDER BY a.created_at LIMIT 50",
                &[&fmt(now)],
            )?;
            let mut due = Vec::new();
            for r in &rows {
                let name: &str = col(r, 1)?;
                // Only channels configured now: one switched off keeps its rows for later.
                if let Some(channel) = channels.iter().copied().find(|c| c.as_str() == name) {
                    let (alert_id, attempts, created_at) = (col(r, 0)?, col(r, 2)?, col(r, 3)?);
                    let recipients = alert_emails_from_column(col(r, 4)?);
                    due.push(Due { alert_id, channel, attempts, created_at, recipients });
                }
            }
            Ok(due)
        })
    }

    pub(crate) fn delivered(
        &self,
        id: i64,
        channel: Channel,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.pool.run(Scope::ServerWide, |tx| {
            tx.execute(
                "UPDATE staff_alert_deliveries SET delivered_at = $3, attempts = attempts + 1, \
                 last_error = NULL WHERE alert_id = $1 AND channel = $2",
                &[&id, &channel.as_str(), &fmt(now)],
            )?;
            Ok(())
        })
    }

    pub(crate) fn failed(
        &self,
        id: i64,
        channel: Channel,
        error: &str,
        next: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.pool.run(Scope::ServerWide, |tx| {
            tx.execute(
                "UPDATE staff_alert_deliveries SET attempts = attempts + 1, last_error = $3, \
                 next_attempt_at = $4 WHERE alert_id = $1 AND channel = $2",
                &[&id, &channel.as_str(), &error, &fmt(next)],
            )?;
            Ok(())
        })
    }

    pub(crate) fn acknowledge(
        &self,
        id: i64,
        clinic: ClinicId,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<String>> {
        self.pool.run(Scope::Clinic(clinic), |tx| {
            tx.query_opt(
                "UPDATE staff_alerts SET acknowledged_at = $2, acknowledged_by = $3 \
                 WHERE id = $1 AND acknowledged_at IS NULL AND clinic_id = $4 \
                 RETURNING patient_id",
                &[&id, &fmt(now), &staff_id, &clinic.get()],
            )?
            .map(|r| col(&r, 0))
            .transpose()
        })
    }

    pub(crate) fn patient_of(&self, id: i64, clinic: ClinicId) -> StoreResult<Option<String>> {
        self.pool.run(Scope::Clinic(clinic), |tx| {
            tx.query_opt(
                "SELECT patient_id FROM staff_alerts WHERE id = $1 AND clinic_id = $2",
                &[&id, &clinic.get()],
            )?
            .map(|r| col(&r, 0))
            .transpose()
        })
    }

    pub(crate) fn list(&self, clinic: ClinicId, limit: u32) -> StoreResult<Vec<AlertRow>> {
        self.pool.run(Scope::Clinic(clinic), |tx| {
            let rows = tx.query(
                "SELECT a.id, a.patient_id, p.name, a.level, a.created_at, a.acknowledged_at, \
                 s.email FROM staff_alerts a JOIN patients p ON p.id = a.patient_id \
                 LEFT JOIN staff s ON s.id = a.acknowledged_by WHERE a.clinic_id = $2 \
                 ORDER BY a.acknowledged_at IS NOT NULL, a.created_at DESC LIMIT $1",
                &[&i64::from(limit), &clinic.get()],
            )?;
            let mut alerts = Vec::new();
            for r in &rows {
                let id: i64 = col(r, 0)?;
                let deliveries = tx
                    .query(
                        "SELECT channel, attempts, delivered_at, last_error \
                         FROM staff_alert_deliveries WHERE alert_id = $1 ORDER BY channel",
                        &[&id],
                    )?
                    .iter()
                    .map(|d| {
                        Ok(DeliveryRow {
                            channel: col(d, 0)?,
                            attempts: col(d, 1)?,
                            delivered_at: col(d, 2)?,
                            last_error: col(d, 3)?,
                        })
                    })
                    .collect::<StoreResult<_>>()?;
                alerts.push(AlertRow {
                    id,
                    patient_id: col(r, 1)?,
                    patient_name: col(r, 2)?,
                    level: col(r, 3)?,
                    created_at: col(r, 4)?,
                    acknowledged_at: col(r, 5)?,
                    acknowledged_by: col(r, 6)?,
                    deliveries,
                });
            }
            Ok(alerts)
        })
    }
}
