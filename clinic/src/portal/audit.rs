//! The audit log page.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;

use super::layout::{page, utc_time};
use super::session::Staff;
use crate::error::ApiError;
use crate::state::AppState;

/// How many entries the page shows.
const SHOWN: u32 = 500;

pub(super) async fn audit_log(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Response, ApiError> {
    staff.audit(&state, "view_audit_log", None).await?;
    let entries = state.db(|s| s.audit_entries(SHOWN)).await?;
    let body = html! {
        h1 { "Audit log" }
        p.muted { "Every read or change of patient data by staff, newest first (last " (SHOWN) ")." }
        table {
            thead { tr { th { "When" } th { "Who" } th { "What" } th { "Patient" } } }
            tbody {
                @for e in &entries {
                    tr {
                        td { (utc_time(e.at)) }
                        td { (e.staff_email) }
                        td { (e.action) }
                        td { @if let Some(id) = &e.patient_id { a href={ "/patients/" (id) } { (id) } } }
                    }
                }
            }
        }
    };
    Ok(page("Audit log", Some(&staff), body).into_response())
}
