//! Login, logout, and backoff after repeated failures.

use axum::Form;
use axum::extract::State;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use maud::html;
use serde::Deserialize;

use super::layout::page;
use super::session::{
    ABSOLUTE_LIFETIME_HOURS, HalfLoggedIn, IDLE_TIMEOUT_MINUTES, LOGIN_CSRF_COOKIE, SESSION_COOKIE,
    Staff, cookie, cookie_name, set_cookie,
};
use crate::client_addr::ClientAddr;
use crate::error::ApiError;
use crate::passwords::{DUMMY_HASH, MAX_CHARS};
use crate::secrets::{self, same_secret, sha256_hex};
use crate::state::AppState;
use crate::store::{LoginAttempt, NewAuditEntry, NewStaffSession};

/// Longest password read at login: four bytes for each character the rules allow.
const MAX_PASSWORD_BYTES: usize = 4 * MAX_CHARS;
/// Longest email kept (RFC 5321's limit on a path).
const MAX_EMAIL_CHARS: usize = 254;

/// Failures allowed before the backoff starts.
pub const FREE_FAILURES: u32 = 5;
/// First lockout; doubles with each further failure.
const FIRST_LOCK_SECONDS: i64 = 30;
/// Longest lockout.
const MAX_LOCK_SECONDS: i64 = 15 * 60;

/// When the next attempt may be checked after `failures` consecutive failures.
pub fn locked_until(failures: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if failures < FREE_FAILURES {
        return None;
    }
    let doublings = (failures - FREE_FAILURES).min(10);
    let seconds = (FIRST_LOCK_SECONDS << doublings).min(MAX_LOCK_SECONDS);
    Some(now + Duration::seconds(seconds))
}

pub(super) async fn login_page(
    State(state): State<AppState>,
    staff: Option<Staff>,
) -> Result<Response, ApiError> {
    if staff.is_some() {
        return Ok((StatusCode::SEE_OTHER, [(LOCATION, "/")]).into_response());
    }
    login_form(&state, StatusCode::OK, None)
}

fn login_form(
    state: &AppState,
    status: StatusCode,
    message: Option<&str>,
) -> Result<Response, ApiError> {
    let csrf = secrets::token()?;
    let body = html! {
        h1 { "Staff login" }
        @if let Some(message) = message { p.error { (message) } }
        form method="post" action="/login" {
            input type="hidden" name="csrf" value=(csrf);
            p { label { "Email" br; input type="email" name="email" required autocomplete="username"; } }
            p { label { "Password" br; input type="password" name="password" required autocomplete="current-password"; } }
            p { button type="submit" { "Log in" } }
        }
    };
    let cookie =
        set_cookie(LOGIN_CSRF_COOKIE, &csrf, "/login", Some(3600), state.limits().secure_cookies);
    Ok((status, [(SET_COOKIE, cookie)], page("Log in", None, body)).into_response())
}

#[derive(Deserialize)]
pub(super) struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

pub(super) async fn login(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, ApiError> {
    let secure = state.limits().secure_cookies;
    let expected =
        cookie(&headers, &cookie_name(LOGIN_CSRF_COOKIE, "/login", secure)).unwrap_or("");
    if form.csrf.is_empty() || !same_secret(&form.csrf, expected) {
        return Err(ApiError::Forbidden);
    }
    state.limit_address("login", client)?;
    let email: String = form.email.trim().to_lowercase().chars().take(MAX_EMAIL_CHARS).collect();
    let now = Utc::now();
    let lookup = email.clone();
    // The attempt is counted before the password is checked (review H1): concurrent guesses
    // each take their own slot, and those past the limit are refused unchecked.
    let (attempt, account) = state
        .db(move |s| {
            let attempt =
                s.reserve_login(&lookup, now, &move |failures| locked_until(failures, now))?;
            Ok((attempt, s.staff_by_email(&lookup)?))
        })
        .await?;
    let address = client.to_string();
    let account_id = account.as_ref().map(|a| a.id);
    // Attempts on an account show in the audit log of the clinic a login would start in;
    // attempts on an unknown email concern no clinic.
    let clinic = account.as_ref().and_then(|a| a.memberships.first()).map(|m| m.clinic);
    let record = |action: &'static str, subject: Option<String>| {
        let entry = NewAuditEntry {
            clinic,
            staff_id: account_id,
            actor: email.clone(),
            action: action.into(),
            patient_id: None,
            subject,
            address: Some(address.clone()),
            now,
        };
        state.db(move |s| s.audit(&entry))
    };
    let failures = match attempt {
        LoginAttempt::Reserved { failures } => failures,
        LoginAttempt::Locked { until } => {
            record("login_refused_locked", None).await?;
            let wait = (until - now).num_seconds().max(1);
            let message = format!("Too many failed attempts. Try again in {wait} seconds.");
            return login_form(&state, StatusCode::TOO_MANY_REQUESTS, Some(&message));
        }
    };
    let phc = account.as_ref().map_or_else(|| DUMMY_HASH.clone(), |a| a.password_hash.clone());
    // No stored password is this long: refuse without spending argon2 on it.
    let ok = form.password.len() <= MAX_PASSWORD_BYTES
        && state.passwords().verify(form.password, phc).await?;
    let account = match account {
        Some(account) if ok => account,
        _ => {
            // Already counted by the reservation; this attempt may have started the lockout.
            let action = if locked_until(failures, now).is_some() {
                "login_failed_lockout"
            } else {
                "login_failed"
            };
            record(action, Some(format!("attempt {failures}"))).await?;
            tracing::warn!("failed staff login");
            return login_form(
                &state,
                StatusCode::UNAUTHORIZED,
                Some("Email or password is not right."),
            );
        }
    };
    let Some(clinic) = clinic else {
        record("login_refused_no_clinic", None).await?;
        let message = "This account works for no clinic yet: ask an administrator.";
        return login_form(&state, StatusCode::FORBIDDEN, Some(message));
    };
    // A fresh session token on every login: nothing from before login is ever reused.
    let token = secrets::token()?;
    let session = NewStaffSession {
        token_hash: sha256_hex(&token),
        staff_id: account.id,
        clinic,
        csrf_token: secrets::token()?,
        now,
    };
    let clear = email.clone();
    // The session this browser had before (if any) ends: a login never leaves two behind
    // (review L4). Sessions past their idle or absolute limit are purged here too.
    let previous = cookie(&headers, &cookie_name(SESSION_COOKIE, "/", secure)).map(sha256_hex);
    state
        .db(move |s| {
            // The password's reservation is given back, but earlier failures stay until the
            // code is right too: wrong codes count across password logins (review H2).
            s.release_login(&clear)?;
            if let Some(previous) = &previous {
                s.delete_session(previous)?;
            }
            s.purge_sessions(
                now - Duration::minutes(IDLE_TIMEOUT_MINUTES),
                now - Duration::hours(ABSOLUTE_LIFETIME_HOURS),
            )?;
            s.create_session(&session)
        })
        .await?;
    record("login_password_ok", None).await?;
    tracing::info!(staff_id = account.id, "staff password accepted; second factor next");
    // A browser-session cookie (no Max-Age): closing the browser forgets it; the server ends
    // it after 15 idle minutes or 12 hours whatever the browser keeps.
    let session_cookie = set_cookie(SESSION_COOKIE, &token, "/", None, secure);
    let clear_login = set_cookie(LOGIN_CSRF_COOKIE, "", "/login", Some(0), secure);
    Ok((
        StatusCode::SEE_OTHER,
        AppendHeaders([
            (SET_COOKIE, session_cookie),
            (SET_COOKIE, clear_login),
            (LOCATION, "/mfa".to_owned()),
        ]),
    )
        .into_response())
}

#[derive(Deserialize)]
pub(super) struct CsrfForm {
    #[serde(default)]
    pub(super) csrf: String,
}

/// Logout works half logged in too (a person who has no phone at hand can leave).
pub(super) async fn logout(
    State(state): State<AppState>,
    HalfLoggedIn(staff): HalfLoggedIn,
    Form(form): Form<CsrfForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    let hash = staff.token_hash.clone();
    state.db(move |s| s.delete_session(&hash)).await?;
    staff.audit(&state, "logout", None).await?;
    let clear = set_cookie(SESSION_COOKIE, "", "/", Some(0), state.limits().secure_cookies);
    Ok((StatusCode::SEE_OTHER, [(SET_COOKIE, clear), (LOCATION, "/login".into())]).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_starts_after_five_and_is_capped() {
        let now = Utc::now();
        assert_eq!(locked_until(4, now), None);
        assert_eq!(locked_until(5, now), Some(now + Duration::seconds(30)));
        assert_eq!(locked_until(6, now), Some(now + Duration::seconds(60)));
        assert_eq!(locked_until(40, now), Some(now + Duration::seconds(900)));
    }
}
