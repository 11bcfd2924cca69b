//! The clinic switcher: a session works in one clinic at a time (review M8).

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;

use super::session::Staff;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::NewAuditEntry;

#[derive(Deserialize)]
pub(super) struct SwitchForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    clinic: String,
}

/// `POST /clinic`: moves this session to another clinic of the account, then to the home page
/// of its role there. A clinic the account does not work for is "not found", like a missing
/// one, so the form cannot be used to learn which clinic ids exist.
pub(super) async fn switch(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<SwitchForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    let wanted: i64 = form.clinic.trim().parse().map_err(|_| ApiError::NotFound)?;
    let target = staff
        .memberships
        .iter()
        .find(|m| m.clinic.get() == wanted)
        .cloned()
        .ok_or(ApiError::NotFound)?;
    let hash = staff.token_hash.clone();
    // The store checks the membership again, in the same statement that moves the session.
    if !state.db(move |s| s.switch_clinic(&hash, wanted)).await? {
        return Err(ApiError::NotFound);
    }
    let entry = NewAuditEntry {
        clinic: Some(target.clinic),
        staff_id: Some(staff.id),
        actor: staff.email.clone(),
        action: "switch_clinic".into(),
        patient_id: None,
        subject: Some(target.slug.clone()),
        address: staff.address.clone(),
        now: Utc::now(),
    };
    state.db(move |s| s.audit(&entry)).await?;
    Ok((StatusCode::SEE_OTHER, [(LOCATION, target.role.home())]).into_response())
}
