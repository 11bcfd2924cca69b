//! The patient list (most urgent unresolved first) and creating invites.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use maud::{PreEscaped, html};
use serde::Deserialize;

use super::layout::{level_badge, page, utc_time};
use super::roles::Clinician;
use super::session::Staff;
use crate::error::ApiError;
use crate::invite::{InviteError, create_patient_invite, qr_svg};
use crate::state::AppState;

pub(super) async fn root(staff: Staff) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, staff.role.home())]).into_response()
}

pub(super) async fn list(
    State(state): State<AppState>,
    Clinician(staff): Clinician,
) -> Result<Response, ApiError> {
    let clinic = staff.clinic;
    let patients = state.db(move |s| s.patient_summaries(clinic)).await?;
    staff.audit(&state, "list_patients", None).await?;
    let body = html! {
        h1 { "Patients" }
        @if patients.is_empty() { p.muted { "No patients yet. Create an invite below." } }
        @else {
            table {
                thead { tr { th { "Needs" } th { "Patient" } th { "Open flags" } th.wide { "Last check-in" } th.wide { "Devices" } } }
                tbody {
                    @for p in &patients {
                        tr {
                            td { @if let Some(level) = p.worst_open { (level_badge(level)) } @else { span.muted { "—" } } }
                            td { a href={ "/patients/" (p.id) } { (p.name) } }
                            td { (p.open_flags) }
                            td.wide { @if let Some(at) = p.last_checkin_at { (utc_time(at)) } @else { "never" } }
                            td.wide { (p.active_devices) }
                        }
                    }
                }
            }
        }
        h2 { "Invite a new patient" }
        form method="post" action="/patients" {
            input type="hidden" name="csrf" value=(staff.csrf);
            p { label { "Patient name" br; input type="text" name="name" required maxlength="200"; } }
            p { button type="submit" { "Create invite" } }
        }
    };
    Ok(page("Patients", Some(&staff), body).into_response())
}

#[derive(Deserialize)]
pub(super) struct NewPatientForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
}

pub(super) async fn create(
    State(state): State<AppState>,
    Clinician(staff): Clinician,
    Form(form): Form<NewPatientForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    let (clinic, name) = (staff.clinic, form.name);
    let created = state
        .db(move |s| match create_patient_invite(s, clinic, &name, None, Utc::now()) {
            Ok(created) => Ok(Ok(created)),
            Err(InviteError::Store(e)) => Err(e),
            Err(other) => Ok(Err(other)),
        })
        .await?
        .map_err(|e| ApiError::Invalid(e.to_string()))?;
    staff.audit(&state, "create_patient_invite", Some(&created.patient_id)).await?;
    let svg = qr_svg(&created.link).map_err(|e| ApiError::Internal(e.to_string()))?;
    let body = html! {
        h1 { "Invite created" }
        p { "Ask the patient to scan this code in the Afterglow app, or type the code." }
        div { (PreEscaped(svg)) }
        p { "Code: " strong style="font-size:1.4rem;letter-spacing:.1rem" { (created.code) } }
        p.muted { "Single use; expires " (utc_time(created.expires_at)) ". The code is shown only now." }
        p { a href={ "/patients/" (created.patient_id) } { "Open the patient's page" } }
    };
    Ok((StatusCode::CREATED, page("Invite created", Some(&staff), body)).into_response())
}
