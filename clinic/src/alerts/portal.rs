//! The portal's alert list: unacknowledged alerts first, each acknowledged by a clinician with
//! one button (audited). The link in an alert message opens `/alerts/{id}`, which goes to the
//! patient's page (itself audited as a view).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use chrono::Utc;
use maud::{Markup, html};
use serde::Deserialize;

use super::queue::{AlertQueue, AlertRow};
use crate::error::ApiError;
use crate::portal::layout::page;
use crate::portal::roles::Clinician;
use crate::portal::session::Staff;
use crate::state::AppState;

/// Routes; the queue comes in as an `Extension` layered on by `bind`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/alerts", get(list))
        .route("/alerts/{id}", get(open))
        .route("/alerts/{id}/acknowledge", post(acknowledge))
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> crate::store::StoreResult<T> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::Internal(format!("alert task: {e}")))?
        .map_err(ApiError::Store)
}

async fn list(
    State(state): State<AppState>,
    Clinician(staff): Clinician,
    Extension(queue): Extension<Arc<AlertQueue>>,
) -> Result<Response, ApiError> {
    let clinic = staff.clinic;
    let alerts = blocking(move || queue.list(clinic, 200)).await?;
    // The list shows patients' names: a read of patient data like the patient list.
    staff.audit(&state, "view_alerts", None).await?;
    Ok(page("Alerts", Some(&staff), render(&alerts, &staff)).into_response())
}

fn render(alerts: &[AlertRow], staff: &Staff) -> Markup {
    html! {
        h1 { "Alerts" }
        p.muted { "Check-ins that ask the clinic to respond. Unacknowledged ones come first." }
        @if alerts.is_empty() { p.muted { "None." } }
        @else {
            table {
                thead { tr { th { "Received" } th { "Level" } th { "Patient" } th.wide { "Sent" } th { "" } } }
                tbody {
                    @for a in alerts {
                        tr id={ "alert-" (a.id) } class=(if a.acknowledged_at.is_none() { "open" } else { "done" }) {
                            td { (a.created_at) }
                            td { span class={ "level " (a.level) } { (a.level.replace('_', " ")) } }
                            td { a href={ "/patients/" (a.patient_id) } { (a.patient_name) } }
                            td.wide {
                                @for d in &a.deliveries {
                                    div.muted {
                                        (d.channel) ": "
                                        @if let Some(at) = &d.delivered_at { "delivered " (at) }
                                        @else {
                                            (d.attempts) " attempts"
                                            @if let Some(e) = &d.last_error { " (" (e) ")" }
                                        }
                                    }
                                }
                            }
                            td {
                                @if let Some(at) = &a.acknowledged_at {
                                    span.muted { "acknowledged " (at) " by " (a.acknowledged_by.as_deref().unwrap_or("?")) }
                                } @else {
                                    form.inline method="post" action={ "/alerts/" (a.id) "/acknowledge" } {
                                        input type="hidden" name="csrf" value=(staff.csrf);
                                        button type="submit" { "Acknowledge" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

async fn open(
    Clinician(staff): Clinician,
    Extension(queue): Extension<Arc<AlertQueue>>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let clinic = staff.clinic;
    let patient =
        blocking(move || queue.patient_of(id, clinic)).await?.ok_or(ApiError::NotFound)?;
    Ok(see_other(&format!("/patients/{}", safe_id(&patient))))
}

#[derive(Deserialize)]
struct AckForm {
    #[serde(default)]
    csrf: String,
}

async fn acknowledge(
    State(state): State<AppState>,
    Clinician(staff): Clinician,
    Extension(queue): Extension<Arc<AlertQueue>>,
    Path(id): Path<i64>,
    Form(form): Form<AckForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    let (staff_id, clinic) = (staff.id, staff.clinic);
    let patient = blocking(move || queue.acknowledge(id, clinic, staff_id, Utc::now()))
        .await?
        .ok_or(ApiError::NotFound)?;
    staff.audit_about(&state, "acknowledge_alert", Some(&patient), Some(&id.to_string())).await?;
    Ok(see_other("/alerts"))
}

fn safe_id(id: &str) -> String {
    id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect()
}

fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, location.to_owned())]).into_response()
}
