//! One patient's page, marking flags handled, revoking devices and serving photos.

use shared::checkin::{Discharge, Sign};
use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use maud::{Markup, html};
use serde::Deserialize;

use super::chart::trend;
use super::layout::{level_badge, local_time, page, utc_time};
use super::login::CsrfForm;
use super::roles::Clinician;
use super::session::Staff;
use crate::api::MAX_NOTE_CHARS;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{
    Answers, CheckinRecord, DeviceEnd, DeviceSummary, Handled, PatientDetail, PhotoRecord,
};
use share_api::MAX_REPLY_CHARS;

pub(super) async fn show(
    State(state): State<AppState>,
    Clinician(staff): Clinician,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (clinic, lookup) = (staff.clinic, id.clone());
    let detail =
        state.db(move |s| s.patient_detail(clinic, &lookup)).await?.ok_or(ApiError::NotFound)?;
    staff.audit(&state, "view_patient", Some(&detail.id)).await?;
    // The patient's app then shows "Seen by your clinic" on what staff had in front of them.
    let (seen, now) = (detail.id.clone(), Utc::now());
    state.db(move |s| s.mark_seen(clinic, &seen, now)).await?;
    let idle_since = Utc::now() - state.device_idle();
    Ok(page(
        &detail.name,
        Some(&staff),
        render(&detail, &staff, idle_since, state.limits().fhir_photo_bytes),
    )
    .into_response())
}

/// Whether a device's access is open, and if not why it ended, in staff's words. A token idle
/// since before `idle_since` is expired even before its next request records it.
fn device_status(d: &DeviceSummary, idle_since: DateTime<Utc>) -> Option<String> {
    match (d.revoked_at, d.revoked_by) {
        (Some(at), Some(DeviceEnd::Patient)) => {
            Some(format!("unlinked by the patient {}", utc_time(at)))
        }
        (Some(at), Some(DeviceEnd::Expired)) => {
            Some(format!("expired (unused too long), refused {}", utc_time(at)))
        }
        (Some(at), _) => Some(format!("revoked by staff {}", utc_time(at))),
        (None, _) if d.last_used_at < idle_since => Some("expired (unused too long)".to_owned()),
        (None, _) => None,
    }
}

fn render(p: &PatientDetail, staff: &Staff, idle_since: DateTime<Utc>, fhir_budget: u64) -> Markup {
    html! {
        h1 { (p.name) }
        p.muted { "Patient since " (utc_time(p.created_at)) " · "
            a href={ "/patients/" (p.id) "/fhir" } { "Download FHIR R4 bundle" }
            @if let Some(note) = super::fhir_photos::page_note(&p.photos, fhir_budget) { (note) } }
        h2 { "Check-ins" }
        (trend(&p.checkins))
        @if p.checkins.is_empty() { p.muted { "None yet." } }
        @for c in p.checkins.iter().rev() { (checkin(p, c, staff)) }
        h2 { "Treatment sessions" }
        @if p.sessions.is_empty() { p.muted { "None shared yet." } }
        @else {
            table {
                thead { tr { th { "When" } th { "Depth" } th { "Area" } th { "Note" } } }
                tbody {
                    @for s in &p.sessions {
                        tr {
                            td { (local_time(s.performed_at, &s.zone)) }
                            td { @if let Some(d) = s.depth_mm { (format!("{d:.2} mm")) } }
                            td { @if let Some(a) = &s.area { (a) } }
                            td.note { @if let Some(n) = &s.note { (n) } }
                        }
                    }
                }
            }
        }
        h2 { "Photos by day" }
        @if p.photos.is_empty() { p.muted { "None shared yet." } }
        @for (day, photos) in photos_by_day(&p.photos) {
            h3 { (day.format("%A %e %B %Y").to_string()) }
            div.day {
                @for photo in photos {
                    a href={ "/patients/" (p.id) "/photos/" (photo.id) } {
                        img src={ "/patients/" (p.id) "/photos/" (photo.id) }
                            alt={ "Photo taken " (local_time(photo.taken_at, &photo.zone)) };
                    }
                }
            }
        }
        h2 { "Devices" }
        table {
            tbody {
                @for d in &p.devices {
                    tr {
                        td { (d.label) }
                        td { "enrolled " (utc_time(d.created_at)) }
                        td { "last used " (utc_time(d.last_used_at)) }
                        td {
                            @if let Some(status) = device_status(d, idle_since) { (status) }
                            @else {
                                form.inline method="post" action={ "/patients/" (p.id) "/devices/" (d.id) "/revoke" } {
                                    input type="hidden" name="csrf" value=(staff.csrf);
                                    button type="submit" { "Stop sharing" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn answers_text(a: &Answers) -> String {
    let mut parts = Vec::new();
    if let Some(v) = a.pain {
        parts.push(format!("pain {v}/10"));
    }
    if let Some(v) = a.redness {
        parts.push(format!("redness {v}/4"));
    }
    if let Some(v) = a.swelling {
        parts.push(format!("swelling {v}/3"));
    }
    if let Some(v) = a.itching {
        parts.push(format!("itching {v}/10"));
    }
    if let Some(v) = a.temperature_c {
        parts.push(format!("{v:.1} °C"));
    }
    parts.join(" · ")
}

/// Discharge and warning signs in the app's own words (API v2); a v1 upload did not send them.
fn findings_text(a: &Answers) -> String {
    let Some(signs) = &a.signs else {
        return "discharge and warning signs: not sent by this app version".to_owned();
    };
    let discharge = match a.discharge.as_deref().and_then(Discharge::from_key) {
        Some(d) => format!("discharge: {}", d.label()),
        None => "discharge: not answered".to_owned(),
    };
    let signs: Vec<&str> =
        signs.iter().filter_map(|s| Sign::from_key(s)).map(Sign::question).collect();
    if signs.is_empty() {
        format!("{discharge} · no warning signs")
    } else {
        format!("{discharge} · warning signs: {}", signs.join("; "))
    }
}

fn checkin(p: &PatientDetail, c: &CheckinRecord, staff: &Staff) -> Markup {
    html! {
        section style="border-top:1px solid #ddd;padding:.5rem 0" {
            p {
                (level_badge(c.level)) " "
                strong { (local_time(c.recorded_at, &c.zone)) }
                @if !c.rule_ids.is_empty() { span.muted { " rules " (c.rule_ids.join(", ")) } }
            }
            p { (answers_text(&c.answers)) }
            p data-testid="findings" { (findings_text(&c.answers)) }
            @if let Some(note) = &c.note { p.note { "“" (note) "”" } }
            @if let Some(at) = c.handled_at { p.muted { "Handled " (utc_time(at)) } }
            @for n in &c.notes {
                p.muted { (utc_time(n.at)) " " (n.author) ": " span.note { (n.note) } }
            }
            @if let Some(reply) = &c.reply {
                p data-testid="reply" { "Told the patient " (utc_time(reply.at)) ": " span.note { "“" (reply.text) "”" } }
            }
            @if c.handled_at.is_some() || c.level != crate::store::Level::Expected {
                form method="post" action={ "/patients/" (p.id) "/checkins/" (c.id) "/handled" } {
                    input type="hidden" name="csrf" value=(staff.csrf);
                    label { "What was done " input type="text" name="note" maxlength="2000" placeholder="e.g. called, advised cold compress"; }
                    " "
                    label { "Reply to the patient (shown in their app) " input type="text" name="reply" maxlength=(MAX_REPLY_CHARS) placeholder="e.g. We'll call you before noon"; }
                    " " button type="submit" {
                        @if c.handled_at.is_some() { "Add note" } @else { "Mark handled" }
                    }
                }
            }
        }
    }
}

/// Photos grouped by the calendar day in the zone where each was taken.
fn photos_by_day(photos: &[PhotoRecord]) -> BTreeMap<NaiveDate, Vec<&PhotoRecord>> {
    let mut days: BTreeMap<NaiveDate, Vec<&PhotoRecord>> = BTreeMap::new();
    for photo in photos {
        let day = match photo.zone.parse::<Tz>() {
            Ok(tz) => photo.taken_at.with_timezone(&tz).date_naive(),
            Err(_) => photo.taken_at.date_naive(),
        };
        days.entry(day).or_default().push(photo);
    }
    days
}

#[derive(Deserialize)]
pub(super) struct HandledForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    reply: String,
}

pub(super) async fn mark_handled(
    State(state): State<AppState>,
    Clinician(staff): Clinician,
    Path((patient_id, checkin_id)): Path<(String, String)>,
    Form(form): Form<HandledForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    if form.note.chars().count() > MAX_NOTE_CHARS {
        return Err(ApiError::Invalid(format!("note is longer than {MAX_NOTE_CHARS} characters")));
    }
    let reply = patient_reply(&form.reply)?;
    let handled = Handled {
        patient_id: patient_id.clone(),
        checkin_id,
        staff_id: staff.id,
        author: staff.email.clone(),
        address: staff.address.clone(),
        note: form.note,
        reply,
        now: Utc::now(),
    };
    // The store writes the audit row in the note's own transaction.
    let clinic = staff.clinic;
    if !state.db(move |s| s.mark_handled(clinic, &handled)).await? {
        return Err(ApiError::NotFound);
    }
    Ok(redirect_to_patient(&patient_id))
}

/// The reply as the patient will read it: trimmed, one line, no control characters; empty is
/// no reply.
fn patient_reply(typed: &str) -> Result<Option<String>, ApiError> {
    let text: String = typed
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned();
    if text.chars().count() > MAX_REPLY_CHARS {
        return Err(ApiError::Invalid(format!(
            "the reply is longer than {MAX_REPLY_CHARS} characters"
        )));
    }
    Ok(Some(text).filter(|t| !t.is_empty()))
}

pub(super) async fn revoke_device(
    State(state): State<AppState>,
    Clinician(staff): Clinician,
    Path((patient_id, device_id)): Path<(String, String)>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    // Step-up: after the code the browser is back on the patient page to press Revoke again
    // (a redirect cannot repeat a POST).
    if let Err(ask) = staff.require_fresh_code(&format!("/patients/{patient_id}")) {
        return Ok(ask.into_response());
    }
    let (clinic, p, d) = (staff.clinic, patient_id.clone(), device_id.clone());
    if !state.db(move |s| s.revoke_device(clinic, &p, &d, Utc::now())).await? {
        return Err(ApiError::NotFound);
    }
    staff.audit_about(&state, "revoke_device", Some(&patient_id), Some(&device_id)).await?;
    tracing::info!("device revoked");
    Ok(redirect_to_patient(&patient_id))
}

fn redirect_to_patient(patient_id: &str) -> Response {
    // The id came from the database match above, but encode anyway: it is a header value.
    let location: String =
        patient_id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    (StatusCode::SEE_OTHER, [(LOCATION, format!("/patients/{location}"))]).into_response()
}

pub(super) async fn photo(
    State(state): State<AppState>,
    Clinician(staff): Clinician,
    Path((patient_id, photo_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (clinic, p, ph) = (staff.clinic, patient_id.clone(), photo_id);
    let record = state.db(move |s| s.photo(clinic, &p, &ph)).await?.ok_or(ApiError::NotFound)?;
    staff.audit(&state, "view_photo", Some(&patient_id)).await?;
    let photos = std::sync::Arc::clone(state.photos());
    let bytes = tokio::task::spawn_blocking(move || photos.get(&patient_id, &record.sha256))
        .await
        .map_err(|e| ApiError::Internal(format!("photo task: {e}")))?
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ApiError::NotFound,
            // A file that does not open under the key (wrong key, changed, truncated) is a
            // server fault, logged with the reason (no patient data in it), never served.
            _ => ApiError::Internal(format!("photo file: {e}")),
        })?;
    // Fixed type, never sniffed, never a page of its own.
    Ok((
        [
            (CONTENT_TYPE, "image/jpeg"),
            (CONTENT_DISPOSITION, "attachment; filename=\"photo.jpg\""),
            (CACHE_CONTROL, "private, no-store"),
        ],
        bytes,
    )
        .into_response())
}
