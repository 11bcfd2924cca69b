//! The staff account lifecycle as one decision, shared by `clinic staff …` (the operator) and
//! the portal's `/staff` page (a clinic's admin): which changes are refused, the store call
//! that makes the change (ending sessions in its own transaction), and the audit row it
//! leaves. Neither caller changes an account any other way.

use chrono::{DateTime, Utc};

use crate::store::{ClinicId, NewAuditEntry, Role, StaffStatus, Store, StoreResult};

/// A change to an account.
#[derive(Debug, Clone)]
pub enum Change {
    /// Refuse its logins and end its sessions.
    Disable,
    /// Let a disabled account log in again.
    Enable,
    /// Make it a tombstone (history keeps its name) and end its sessions.
    Remove,
    /// Replace its password hash (already checked against the rules) and end its sessions.
    SetPassword(String),
    /// End every session (log out everywhere).
    EndSessions,
    /// Forget its second factor and recovery codes; it enrols again at its next login.
    ResetMfa,
}

impl Change {
    /// The audit action, the same from the command line and the portal.
    pub fn action(&self) -> &'static str {
        match self {
            Self::Disable => "staff_disable",
            Self::Enable => "staff_enable",
            Self::Remove => "staff_remove",
            Self::SetPassword(_) => "staff_reset_password",
            Self::EndSessions => "staff_end_sessions",
            Self::ResetMfa => "staff_reset_mfa",
        }
    }

    /// Takes the account's access away for good or until enabled.
    fn locks_out(&self) -> bool {
        matches!(self, Self::Disable | Self::Remove)
    }
}

/// Who makes the change, as the audit log records it.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The clinic whose log gets the row (none from the command line: an account is
    /// server-wide).
    pub clinic: Option<ClinicId>,
    /// The acting staff account (none: the operator on the command line).
    pub staff_id: Option<i64>,
    /// `cli:<OS user>` or the acting account's email.
    pub name: String,
    /// The client address of the portal request.
    pub address: Option<String>,
}

impl Actor {
    /// The operator running `clinic staff …`.
    pub fn cli() -> Self {
        Self { clinic: None, staff_id: None, name: super::cli_actor(), address: None }
    }
}

/// Why a change was not made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// No active or disabled account has this email.
    #[error("no active or disabled staff account with email {0}")]
    NoAccount(String),
    /// An admin may not disable or remove their own account from the portal.
    #[error("you cannot disable or remove your own account; ask another admin")]
    Yourself,
    /// The account is the last enabled admin of a clinic.
    #[error(
        "{email} is the last enabled admin of {clinic}; make another account admin there first"
    )]
    LastAdmin {
        /// The account.
        email: String,
        /// The clinic that would be left without one.
        clinic: String,
    },
}

/// Makes `change` to the live account `email` and audits it; the sessions it ended (for
/// [`Change::EndSessions`]; 0 otherwise), or why it was refused (nothing changed, nothing
/// audited).
///
/// A staff actor (the portal) may not disable or remove itself or the last enabled admin of any
/// clinic the account is admin of. The operator on the command line may: it is the recovery
/// path, e.g. for a clinic's only admin account when it is compromised.
pub fn apply(
    store: &dyn Store,
    actor: &Actor,
    email: &str,
    change: &Change,
    now: DateTime<Utc>,
) -> StoreResult<Result<usize, Refusal>> {
    let email = email.trim();
    if change.locks_out()
        && let Some(actor_id) = actor.staff_id
        && let Err(refusal) = guard(store, actor_id, email)?
    {
        return Ok(Err(refusal));
    }
    let changed = match change {
        Change::Disable => store.set_staff_disabled(email, Some(now))?.then_some(0),
        Change::Enable => store.set_staff_disabled(email, None)?.then_some(0),
        Change::Remove => store.remove_staff(email, now)?.then_some(0),
        Change::SetPassword(hash) => store.set_staff_password(email, hash)?.then_some(0),
        Change::EndSessions => store.end_staff_sessions(email)?,
        Change::ResetMfa => store.reset_mfa(email)?.map(|_| 0),
    };
    let Some(ended) = changed else { return Ok(Err(Refusal::NoAccount(email.to_owned()))) };
    store.audit(&NewAuditEntry {
        clinic: actor.clinic,
        staff_id: actor.staff_id,
        actor: actor.name.clone(),
        action: change.action().to_owned(),
        patient_id: None,
        subject: Some(email.to_owned()),
        address: actor.address.clone(),
        now,
    })?;
    Ok(Ok(ended))
}

/// Refuses a staff actor's own account and the last enabled admin of a clinic.
fn guard(store: &dyn Store, actor_id: i64, email: &str) -> StoreResult<Result<(), Refusal>> {
    let accounts = store.staff_list()?;
    let live = |s: &&crate::store::StaffSummary| !matches!(s.status, StaffStatus::Removed(_));
    let Some(target) = accounts.iter().filter(live).find(|s| s.email.eq_ignore_ascii_case(email))
    else {
        return Ok(Ok(())); // the store call answers "no account"
    };
    if target.id == actor_id {
        return Ok(Err(Refusal::Yourself));
    }
    if !matches!(target.status, StaffStatus::Active) {
        return Ok(Ok(())); // a disabled account is nobody's enabled admin
    }
    for m in target.memberships.iter().filter(|m| m.role == Role::Admin) {
        let others = accounts.iter().filter(|s| {
            s.id != target.id
                && matches!(s.status, StaffStatus::Active)
                && s.memberships.iter().any(|o| o.clinic == m.clinic && o.role == Role::Admin)
        });
        if others.count() == 0 {
            return Ok(Err(Refusal::LastAdmin {
                email: target.email.clone(),
                clinic: m.name.clone(),
            }));
        }
    }
    Ok(Ok(()))
}
