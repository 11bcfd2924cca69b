//! Retention (`clinic serve --retention-days N`, off by default): patients whose record has
//! been closed for N days are erased, at start and then once a day, each erasure audited
//! (actor `retention`, the patient's random id, no other detail). What "closed" means is in
//! `store/erase_sql.rs` (`CLOSED_BEFORE`): nothing happened on the record for N days and no
//! urgent or contact-clinic check-in waits for staff.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::erasure::{EraseError, erase_patient};
use crate::photos::PhotoBlobs;
use crate::store::{NewAuditEntry, Store};

/// How often the purge runs after the one at start.
pub const EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// Erases every patient closed for `days` days as of `now`; how many were erased. Stops at the
/// first failure (the next run retries the rest).
pub fn purge(
    store: &dyn Store,
    photos: &dyn PhotoBlobs,
    days: u32,
    now: DateTime<Utc>,
) -> Result<usize, EraseError> {
    let before = now - chrono::Duration::days(i64::from(days));
    let mut erased = 0;
    for (clinic, patient_id) in store.closed_patients(before)? {
        if erase_patient(store, photos, clinic, &patient_id)?.is_some() {
            store.audit(&NewAuditEntry {
                clinic: Some(clinic),
                staff_id: None,
                actor: "retention".into(),
                action: "erase_patient".into(),
                patient_id: Some(patient_id),
                subject: Some(format!("closed for {days} days")),
                address: None,
                now,
            })?;
            erased += 1;
        }
    }
    Ok(erased)
}

/// Runs [`purge`] once a day (the first run is the caller's, at start) until the handle is
/// dropped or aborted. Counts only are logged, never ids.
pub fn spawn_daily(
    store: Arc<dyn Store>,
    photos: Arc<dyn PhotoBlobs>,
    days: u32,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(EVERY);
        ticks.tick().await;
        loop {
            ticks.tick().await;
            let (store, photos) = (Arc::clone(&store), Arc::clone(&photos));
            let run = tokio::task::spawn_blocking(move || {
                purge(store.as_ref(), photos.as_ref(), days, Utc::now())
            });
            match run.await {
                Ok(Ok(erased)) => tracing::info!(erased, "retention purge"),
                Ok(Err(e)) => tracing::error!(error = %e, "retention purge failed"),
                Err(e) => tracing::error!(error = %e, "retention task failed"),
            }
        }
    })
}
