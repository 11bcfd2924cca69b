//! What the `clinic` command line does besides serving: the admin actions, each written to
//! the audit log like a portal action, with `cli:<OS user>` as the actor and no address.

pub mod audit;
pub mod clinics;
pub mod db;
pub mod db_key;
pub mod lifecycle;
pub mod patients;
pub mod photo_key;
pub mod staff;
pub mod to_postgres;

use chrono::Utc;

use crate::store::{ClinicId, NewAuditEntry, Store, StoreResult};

/// The audit actor for the command line: which OS account ran it.
pub fn cli_actor() -> String {
    let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME"));
    format!("cli:{}", user.as_deref().unwrap_or("unknown"))
}

/// Appends a command-line action to the audit log, in `clinic`'s log when it concerns one.
pub fn record(
    store: &dyn Store,
    clinic: Option<ClinicId>,
    action: &str,
    patient_id: Option<&str>,
    subject: Option<&str>,
) -> StoreResult<()> {
    store.audit(&NewAuditEntry {
        clinic,
        staff_id: None,
        actor: cli_actor(),
        action: action.to_owned(),
        patient_id: patient_id.map(str::to_owned),
        subject: subject.map(str::to_owned),
        address: None,
        now: Utc::now(),
    })
}
