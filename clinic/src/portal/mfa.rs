//! The second factor (review H2): enrolment after the first password login, the code step of
//! every login, and step-up before exports and device revocation. A session reaches these
//! pages with the password alone and nothing else until a code is right.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::layout::page;
use super::login::locked_until;
use super::session::{HalfLoggedIn, Staff};
use crate::error::ApiError;
use crate::invite::qr_svg;
use crate::mfa::{matching_step, new_secret, recovery_codes, recovery_hash, totp};
use crate::state::AppState;
use crate::store::{LoginAttempt, MfaRecord};

#[derive(Deserialize)]
pub(super) struct Next {
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub(super) struct CodeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

/// Where to go after a code: a portal path from the step-up redirect, or the role's home.
fn destination(staff: &Staff, next: &str) -> String {
    let safe = next.starts_with('/')
        && !next.starts_with("//")
        && next.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'));
    if safe { next.to_owned() } else { staff.role.home().to_owned() }
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(format!("mfa: {e}"))
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

pub(super) async fn code_page(
    State(state): State<AppState>,
    HalfLoggedIn(staff): HalfLoggedIn,
    Query(next): Query<Next>,
) -> Result<Response, ApiError> {
    let id = staff.id;
    let mut record = state.db(move |s| s.mfa(id)).await?;
    if !record.enrolled {
        if record.secret.is_none() {
            // Made once and kept until confirmed, so reloading shows the same QR.
            let secret = new_secret().map_err(internal)?;
            let stored = secret.clone();
            state.db(move |s| s.set_pending_totp(id, &stored)).await?;
            record.secret = Some(secret);
        }
        return enrol_form(&staff, &record, StatusCode::OK, None);
    }
    code_form(&staff, &next.next, StatusCode::OK, None)
}

fn code_form(
    staff: &Staff,
    next: &str,
    status: StatusCode,
    message: Option<&str>,
) -> Result<Response, ApiError> {
    let body = html! {
        h1 { "Second step" }
        @if let Some(message) = message { p.error { (message) } }
        p { "Enter the 6-digit code from your authenticator app, or one of your recovery codes." }
        form method="post" action="/mfa" {
            input type="hidden" name="csrf" value=(staff.csrf);
            input type="hidden" name="next" value=(next);
            p { label { "Code" br; input type="text" name="code" required autocomplete="one-time-code" inputmode="text"; } }
            p { button type="submit" { "Continue" } }
        }
        (logout_form(staff))
    };
    Ok((status, page("Second step", None, body)).into_response())
}

fn logout_form(staff: &Staff) -> Markup {
    html! {
        form method="post" action="/logout" {
            input type="hidden" name="csrf" value=(staff.csrf);
            button type="submit" { "Log out" }
        }
    }
}

fn enrol_form(
    staff: &Staff,
    record: &MfaRecord,
    status: StatusCode,
    message: Option<&str>,
) -> Result<Response, ApiError> {
    let secret = record.secret.as_deref().unwrap_or_default();
    let url = totp(secret, &staff.email).map_err(internal)?.get_url();
    let svg = qr_svg(&url).map_err(internal)?;
    let body = html! {
        h1 { "Set up your second step" }
        @if let Some(message) = message { p.error { (message) } }
        p { "Every login asks for a code from an authenticator app as well as your password. Scan this with the app:" }
        div { (PreEscaped(svg)) }
        p { "Or type this key into the app: " code id="totp-secret" { (secret) } }
        form method="post" action="/mfa/enrol" {
            input type="hidden" name="csrf" value=(staff.csrf);
            p { label { "Code the app shows now" br; input type="text" name="code" required autocomplete="one-time-code" inputmode="numeric"; } }
            p { button type="submit" { "Confirm" } }
        }
        (logout_form(staff))
    };
    Ok((status, page("Second step", None, body)).into_response())
}

/// Counts this code attempt against the account's login lockout (the same counter as wrong
/// passwords), or the 429 page when the account is locked.
async fn reserve(state: &AppState, staff: &Staff) -> Result<Option<Response>, ApiError> {
    // Per client address as well as per account, like the password step.
    if let Some(client) = staff.client {
        state.limit_address("mfa", client)?;
    }
    let now = Utc::now();
    let email = staff.email.clone();
    let attempt =
        state.db(move |s| s.reserve_login(&email, now, &move |f| locked_until(f, now))).await?;
    match attempt {
        LoginAttempt::Reserved { .. } => Ok(None),
        LoginAttempt::Locked { until } => {
            staff.audit(state, "mfa_refused_locked", None).await?;
            let wait = (until - now).num_seconds().max(1);
            let message = format!("Too many failed attempts. Try again in {wait} seconds.");
            Ok(Some(code_form(staff, "", StatusCode::TOO_MANY_REQUESTS, Some(&message))?))
        }
    }
}

/// The code was right: the session is fully logged in (or stepped up) as of now.
async fn passed(state: &AppState, staff: &Staff, action: &str) -> Result<(), ApiError> {
    let (email, hash, now) = (staff.email.clone(), staff.token_hash.clone(), Utc::now());
    state
        .db(move |s| {
            s.clear_login_failures(&email)?;
            s.session_passed_mfa(&hash, now)
        })
        .await?;
    staff.audit(state, action, None).await?;
    if staff.mfa_at.is_none() {
        staff.audit(state, "login", None).await?;
    }
    Ok(())
}

pub(super) async fn check_code(
    State(state): State<AppState>,
    HalfLoggedIn(staff): HalfLoggedIn,
    Form(form): Form<CodeForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    let id = staff.id;
    let record = state.db(move |s| s.mfa(id)).await?;
    let Some(secret) = record.secret.filter(|_| record.enrolled) else {
        return Ok((StatusCode::SEE_OTHER, [(LOCATION, "/mfa")]).into_response());
    };
    if let Some(refused) = reserve(&state, &staff).await? {
        return Ok(refused);
    }
    let totp = totp(&secret, &staff.email).map_err(internal)?;
    let action = if let Some(step) = matching_step(&totp, &form.code, unix_now()) {
        // A code seen before (shoulder-surfed, replayed) counts as a wrong one.
        state.db(move |s| s.use_totp_step(id, step)).await?.then_some("mfa_ok")
    } else if let Some(hash) = recovery_hash(&form.code) {
        let now = Utc::now();
        state.db(move |s| s.use_recovery_code(id, &hash, now)).await?.then_some("mfa_recovery_used")
    } else {
        None
    };
    let Some(action) = action else {
        staff.audit(&state, "mfa_failed", None).await?;
        tracing::warn!("wrong second-factor code");
        return code_form(
            &staff,
            &form.next,
            StatusCode::UNAUTHORIZED,
            Some("That code is not right."),
        );
    };
    passed(&state, &staff, action).await?;
    let to = destination(&staff, &form.next);
    Ok((StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response())
}

pub(super) async fn enrol(
    State(state): State<AppState>,
    HalfLoggedIn(staff): HalfLoggedIn,
    Form(form): Form<CodeForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    let id = staff.id;
    let record = state.db(move |s| s.mfa(id)).await?;
    let Some(secret) = record.secret.clone().filter(|_| !record.enrolled) else {
        return Ok((StatusCode::SEE_OTHER, [(LOCATION, "/mfa")]).into_response());
    };
    if let Some(refused) = reserve(&state, &staff).await? {
        return Ok(refused);
    }
    let totp = totp(&secret, &staff.email).map_err(internal)?;
    let step = matching_step(&totp, &form.code, unix_now());
    let fresh = match step {
        Some(step) => state.db(move |s| s.use_totp_step(id, step)).await?,
        None => false,
    };
    if !fresh {
        staff.audit(&state, "mfa_enrol_failed", None).await?;
        let message =
            "That code is not right. Check the app shows Afterglow clinic and try the next code.";
        return enrol_form(&staff, &record, StatusCode::UNAUTHORIZED, Some(message));
    }
    let (shown, hashes) = recovery_codes().map_err(internal)?;
    let now = Utc::now();
    if !state.db(move |s| s.confirm_totp(id, &hashes, now)).await? {
        return Ok((StatusCode::SEE_OTHER, [(LOCATION, "/mfa")]).into_response());
    }
    passed(&state, &staff, "mfa_enrolled").await?;
    // Shown this once: only their hashes are stored.
    let body = html! {
        h1 { "Your recovery codes" }
        p { "Each code logs you in once if your phone is lost. Keep them somewhere safe; they are not shown again." }
        ul id="recovery-codes" { @for code in &shown { li { code { (code) } } } }
        p { a href=(staff.role.home()) { "Continue" } }
    };
    Ok((StatusCode::OK, page("Recovery codes", Some(&staff), body)).into_response())
}
