//! The audit log page.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;

use super::layout::{page, utc_time};
use super::roles::Admin;
use crate::error::ApiError;
use crate::state::AppState;

/// How many entries the page shows.
const SHOWN: u32 = 500;

pub(super) async fn audit_log(
    State(state): State<AppState>,
    Admin(staff): Admin,
) -> Result<Response, ApiError> {
    staff.audit(&state, "view_audit_log", None).await?;
    // This clinic's rows only: another clinic's staff, patients and addresses stay out.
    let clinic = staff.clinic;
    let entries = state.db(move |s| s.clinic_audit_entries(clinic, SHOWN)).await?;
    let body = html! {
        h1 { "Audit log" }
        p.muted { "Every login, read or change of patient data, enrollment and admin action, newest first (last " (SHOWN) "). Check the chain with " code { "clinic audit verify" } "." }
        table {
            thead { tr { th { "#" } th { "When" } th { "Who" } th { "From" } th { "What" } th { "On" } th { "Patient" } } }
            tbody {
                @for e in &entries {
                    tr {
                        td { (e.id) }
                        td { (utc_time(e.at)) }
                        td { (e.actor) }
                        td { @if let Some(a) = &e.address { (a) } }
                        td { (e.action) }
                        td { @if let Some(s) = &e.subject { (s) } }
                        td { @if let Some(id) = &e.patient_id { a href={ "/patients/" (id) } { (id) } } }
                    }
                }
            }
        }
    };
    Ok(page("Audit log", Some(&staff), body).into_response())
}
