//! `/staff` (review H3, issue 18): a clinic admin's view of the clinic's staff accounts and the
//! lifecycle actions on them. Every change goes through [`crate::admin::lifecycle::apply`], the
//! same decision and audit row as `clinic staff …`, with the admin as the actor.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;

use super::roles::Admin;
use super::session::Staff;
use super::staff_page::{Account, render};
use crate::admin::lifecycle::{Actor, Change, Refusal, apply};
use crate::error::ApiError;
use crate::passwords;
use crate::state::AppState;
use crate::store::{Role, StaffStatus, StaffSummary};

/// Where the step-up code page sends the admin back to (a redirect cannot repeat a POST).
const PAGE: &str = "/staff";

/// The clinic's live accounts (the session's clinic only), each with whether this admin may
/// change it: only when the admin is admin of every clinic the account works for, since an
/// account (password, second factor, sessions) is server-wide.
async fn accounts(state: &AppState, staff: &Staff) -> Result<Vec<Account>, ApiError> {
    let all = state.db(|s| s.staff_list()).await?;
    let admin_of =
        |clinic| staff.memberships.iter().any(|m| m.clinic == clinic && m.role == Role::Admin);
    Ok(all
        .into_iter()
        .filter(|s| !matches!(s.status, StaffStatus::Removed(_)))
        .filter_map(|summary: StaffSummary| {
            let role = summary.memberships.iter().find(|m| m.clinic == staff.clinic)?.role;
            let manageable = summary.memberships.iter().all(|m| admin_of(m.clinic));
            let own = summary.id == staff.id;
            Some(Account { summary, role, manageable, own })
        })
        .collect())
}

/// The page, with a message for a refused action.
async fn page_with(
    state: &AppState,
    staff: &Staff,
    status: StatusCode,
    error: Option<&str>,
) -> Result<Response, ApiError> {
    let accounts = accounts(state, staff).await?;
    Ok((status, render(staff, &accounts, error)).into_response())
}

/// `GET /staff`.
pub(super) async fn list(
    State(state): State<AppState>,
    Admin(staff): Admin,
) -> Result<Response, ApiError> {
    staff.audit(&state, "view_staff", None).await?;
    page_with(&state, &staff, StatusCode::OK, None).await
}

#[derive(Deserialize)]
pub(super) struct ActionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
}

/// The actions a form can ask for, by the last path segment.
#[derive(Clone, Copy)]
enum Kind {
    Disable,
    Enable,
    Remove,
    Password,
    EndSessions,
    ResetMfa,
}

impl Kind {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "disable" => Self::Disable,
            "enable" => Self::Enable,
            "remove" => Self::Remove,
            "password" => Self::Password,
            "end-sessions" => Self::EndSessions,
            "reset-mfa" => Self::ResetMfa,
            _ => return None,
        })
    }
}

/// `POST /staff/{id}/{action}`: CSRF, then a fresh second-factor code (every action here
/// changes who can get in), then the account must work for this clinic (else 404, like a
/// missing one) and for no clinic this admin is not admin of (else 403).
pub(super) async fn act(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Path((id, action)): Path<(String, String)>,
    Form(form): Form<ActionForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    let kind = Kind::parse(&action).ok_or(ApiError::NotFound)?;
    if let Err(ask) = staff.require_fresh_code(PAGE) {
        return Ok(ask.into_response());
    }
    let id: i64 = id.parse().map_err(|_| ApiError::NotFound)?;
    let accounts = accounts(&state, &staff).await?;
    let target = accounts.iter().find(|a| a.summary.id == id).ok_or(ApiError::NotFound)?;
    if !target.manageable {
        let message = "This account also works for a clinic you are not admin of; its operator changes it with clinic staff on the command line.";
        return page_with(&state, &staff, StatusCode::FORBIDDEN, Some(message)).await;
    }
    let change = match kind {
        Kind::Disable => Change::Disable,
        Kind::Enable => Change::Enable,
        Kind::Remove => Change::Remove,
        Kind::EndSessions => Change::EndSessions,
        Kind::ResetMfa => Change::ResetMfa,
        Kind::Password => {
            let (password, email) = (form.password, target.summary.email.clone());
            let hashed =
                tokio::task::spawn_blocking(move || passwords::hash_new(&password, &email))
                    .await
                    .map_err(|e| ApiError::Internal(format!("hash task: {e}")))?;
            match hashed {
                Ok(hash) => Change::SetPassword(hash),
                Err(passwords::PasswordError::Hash(e)) => return Err(ApiError::Internal(e)),
                Err(rule) => {
                    let message = format!("Password not changed: {rule}.");
                    let status = StatusCode::UNPROCESSABLE_ENTITY;
                    return page_with(&state, &staff, status, Some(&message)).await;
                }
            }
        }
    };
    let actor = Actor {
        clinic: Some(staff.clinic),
        staff_id: Some(staff.id),
        name: staff.email.clone(),
        address: staff.address.clone(),
    };
    let email = target.summary.email.clone();
    let outcome = state.db(move |s| apply(s, &actor, &email, &change, Utc::now())).await?;
    match outcome {
        Ok(_) => Ok((StatusCode::SEE_OTHER, [(LOCATION, PAGE)]).into_response()),
        // Removed or renamed between the list and the change.
        Err(Refusal::NoAccount(_)) => Err(ApiError::NotFound),
        Err(refusal) => {
            let message = format!("Not changed: {refusal}.");
            page_with(&state, &staff, StatusCode::CONFLICT, Some(&message)).await
        }
    }
}
