//! A clinic admin erases a patient (issue 19): the same erasure as `clinic patient erase`,
//! behind the admin role, the CSRF token, a fresh second-factor code and the id typed twice.
//! Admins never see patient pages, so the id comes from the clinician who asked for it.

use std::sync::Arc;

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::layout::page;
use super::roles::Admin;
use super::session::Staff;
use crate::erasure::{EraseError, erase_patient};
use crate::error::ApiError;
use crate::state::AppState;

fn form(staff: &Staff, message: Option<&str>) -> Markup {
    html! {
        h1 { "Erase a patient" }
        p.muted { "Deletes every check-in, note, session, photo, device, invite and alert of the patient, for good. The audit log keeps that an erasure happened, under the patient's id. Backups taken before keep the patient until they are rotated out." }
        @if let Some(message) = message { p.error { (message) } }
        form method="post" action="/erase" {
            input type="hidden" name="csrf" value=(staff.csrf);
            label { "Patient id " input type="text" name="patient_id" autocomplete="off" required; }
            label { "The id again " input type="text" name="confirm" autocomplete="off" required; }
            button type="submit" { "Erase for good" }
        }
    }
}

pub(super) async fn show(Admin(staff): Admin) -> Response {
    page("Erase a patient", Some(&staff), form(&staff, None)).into_response()
}

#[derive(Deserialize)]
pub(super) struct EraseForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    patient_id: String,
    #[serde(default)]
    confirm: String,
}

pub(super) async fn erase(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Form(f): Form<EraseForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&f.csrf)?;
    if let Err(ask) = staff.require_fresh_code("/erase") {
        return Ok(ask.into_response());
    }
    let id = f.patient_id.trim().to_owned();
    let well_formed =
        (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !well_formed || f.confirm.trim() != id {
        let body = form(&staff, Some("The two ids are not the same patient id."));
        return Ok(page("Erase a patient", Some(&staff), body).into_response());
    }
    let (clinic, photos, p) = (staff.clinic, Arc::clone(state.photos()), id.clone());
    let erased = state
        .db(move |s| match erase_patient(s, photos.as_ref(), clinic, &p) {
            Ok(erased) => Ok(Ok(erased)),
            Err(EraseError::Store(e)) => Err(e),
            Err(files) => Ok(Err(files.to_string())),
        })
        .await?;
    let message = match erased {
        Ok(None) => {
            let body = form(&staff, Some("This clinic has no patient with that id."));
            return Ok(page("Erase a patient", Some(&staff), body).into_response());
        }
        Ok(Some(e)) => format!("Patient {id} was erased, with {} photo file(s).", e.photo_files),
        Err(files) => files,
    };
    staff.audit_about(&state, "erase_patient", Some(&id), None).await?;
    tracing::info!("patient erased");
    let body = html! { h1 { "Erase a patient" } p { (message) } };
    Ok(page("Erase a patient", Some(&staff), body).into_response())
}
