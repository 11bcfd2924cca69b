//! Staff sessions: the cookie, its checks, and CSRF.

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, LOCATION};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};

use crate::client_addr::ClientAddr;
use crate::error::ApiError;
use crate::secrets::{same_secret, sha256_hex};
use crate::state::AppState;
use crate::store::{ClinicId, Membership, NewAuditEntry, Role};

/// Session cookie name (`__Host-` is put in front over HTTPS: see [`cookie_name`]).
pub const SESSION_COOKIE: &str = "clinic_session";
/// Pre-login CSRF cookie name (double-submit for the login form).
pub const LOGIN_CSRF_COOKIE: &str = "clinic_login_csrf";
/// A second-factor code older than this is asked again before an export or a revocation.
pub const STEP_UP_MINUTES: i64 = 10;
/// A session unused this long ends (HIPAA automatic logoff).
pub const IDLE_TIMEOUT_MINUTES: i64 = 15;
/// A session ends this long after login whatever happens.
pub const ABSOLUTE_LIFETIME_HOURS: i64 = 12;

/// A logged-in staff member.
#[derive(Debug, Clone)]
pub struct Staff {
    /// Account id.
    pub id: i64,
    /// The clinic this session works in: every patient-data call of the portal is scoped by
    /// it, and it comes only from the stored session.
    pub clinic: ClinicId,
    /// Every clinic the account works for (the clinic switcher).
    pub memberships: Vec<Membership>,
    /// Email.
    pub email: String,
    /// CSRF token for this session's forms.
    pub csrf: String,
    /// Hash of the cookie (to end the session).
    pub token_hash: String,
    /// Client IP address of this request (for the audit log).
    pub address: Option<String>,
    /// The same address as worked out for rate limits (an IPv6 /64 is one bucket).
    pub client: Option<ClientAddr>,
    /// What this account may do.
    pub role: Role,
    /// When this session last gave a second-factor code (None: half logged in).
    pub mfa_at: Option<DateTime<Utc>>,
}

/// A session that may not have given its second-factor code yet: only the code page takes it.
#[derive(Debug, Clone)]
pub struct HalfLoggedIn(pub Staff);

impl Staff {
    /// Refuses a form whose CSRF token is missing or wrong (403).
    pub fn check_csrf(&self, submitted: &str) -> Result<(), ApiError> {
        if !submitted.is_empty() && same_secret(submitted, &self.csrf) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }

    /// Refuses (303 to the code page, then back to `next`) when this session's last code is
    /// older than [`STEP_UP_MINUTES`]: a stolen idle session cannot export or revoke.
    pub fn require_fresh_code(&self, next: &str) -> Result<(), NotLoggedIn> {
        let fresh =
            self.mfa_at.is_some_and(|at| Utc::now() - at <= Duration::minutes(STEP_UP_MINUTES));
        if fresh { Ok(()) } else { Err(NotLoggedIn::StepUp(next.to_owned())) }
    }

    /// Writes who read or changed what to the audit log.
    pub async fn audit(
        &self,
        state: &AppState,
        action: &str,
        patient_id: Option<&str>,
    ) -> Result<(), ApiError> {
        self.audit_about(state, action, patient_id, None).await
    }

    /// [`Self::audit`] naming what was acted on (a device, a check-in, an account).
    pub async fn audit_about(
        &self,
        state: &AppState,
        action: &str,
        patient_id: Option<&str>,
        subject: Option<&str>,
    ) -> Result<(), ApiError> {
        let entry = NewAuditEntry {
            clinic: Some(self.clinic),
            staff_id: Some(self.id),
            actor: self.email.clone(),
            action: action.to_owned(),
            patient_id: patient_id.map(str::to_owned),
            subject: subject.map(str::to_owned),
            address: self.address.clone(),
            now: Utc::now(),
        };
        state.db(move |s| s.audit(&entry)).await
    }
}

/// Why a portal request has no staff member behind it.
#[derive(Debug)]
pub enum NotLoggedIn {
    /// Send the browser to the login page.
    Redirect,
    /// Logged in with the password only: send the browser to the code page.
    SecondFactor,
    /// The last code is too old for this action: the code page, then back to this path.
    StepUp(String),
    /// Storage failed.
    Error(ApiError),
}

impl IntoResponse for NotLoggedIn {
    fn into_response(self) -> Response {
        match self {
            Self::Redirect => (StatusCode::SEE_OTHER, [(LOCATION, "/login")]).into_response(),
            Self::SecondFactor => (StatusCode::SEE_OTHER, [(LOCATION, "/mfa")]).into_response(),
            Self::StepUp(next) => {
                let location = format!("/mfa?next={}", urlencoding_path(&next));
                (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response()
            }
            Self::Error(e) => e.into_response(),
        }
    }
}

/// The value of cookie `name`, if sent.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// `next` for a query string: portal paths hold only URL-safe characters and `/`, so anything
/// else (which no portal path has) is dropped rather than escaped.
fn urlencoding_path(path: &str) -> String {
    path.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
        .collect()
}

/// The cookie's name on the wire: `__Host-` (Secure, Path=/, no Domain: no subdomain or plain-
/// HTTP page can set or shadow it) or `__Secure-` for a narrower path, over HTTPS (review M1).
pub fn cookie_name(name: &str, path: &str, secure: bool) -> String {
    match (secure, path) {
        (false, _) => name.to_owned(),
        (true, "/") => format!("__Host-{name}"),
        (true, _) => format!("__Secure-{name}"),
    }
}

impl FromRequestParts<AppState> for HalfLoggedIn {
    type Rejection = NotLoggedIn;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, NotLoggedIn> {
        let name = cookie_name(SESSION_COOKIE, "/", state.limits().secure_cookies);
        let token = cookie(&parts.headers, &name).ok_or(NotLoggedIn::Redirect)?;
        if token.len() != 64 {
            return Err(NotLoggedIn::Redirect);
        }
        let token_hash = sha256_hex(token);
        let lookup = token_hash.clone();
        let session = state
            .db(move |s| s.session(&lookup))
            .await
            .map_err(NotLoggedIn::Error)?
            .ok_or(NotLoggedIn::Redirect)?;
        let now = Utc::now();
        let idle = now - session.last_seen_at > Duration::minutes(IDLE_TIMEOUT_MINUTES);
        let old = now - session.created_at > Duration::hours(ABSOLUTE_LIFETIME_HOURS);
        if idle || old {
            let dead = token_hash.clone();
            state.db(move |s| s.delete_session(&dead)).await.map_err(NotLoggedIn::Error)?;
            return Err(NotLoggedIn::Redirect);
        }
        let touch = token_hash.clone();
        state.db(move |s| s.touch_session(&touch, now)).await.map_err(NotLoggedIn::Error)?;
        // The address `client_addr::resolve` worked out: the proxy's client when trusted.
        let client = parts.extensions.get::<ClientAddr>().copied();
        let address = client.map(|c| c.to_string());
        Ok(Self(Staff {
            id: session.staff_id,
            clinic: session.clinic,
            memberships: session.memberships,
            email: session.email,
            csrf: session.csrf_token,
            token_hash,
            address,
            client,
            role: session.role,
            mfa_at: session.mfa_at,
        }))
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = NotLoggedIn;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, NotLoggedIn> {
        let HalfLoggedIn(staff) = HalfLoggedIn::from_request_parts(parts, state).await?;
        // Review H2: the password alone opens no page but the code page.
        if staff.mfa_at.is_none() {
            return Err(NotLoggedIn::SecondFactor);
        }
        Ok(staff)
    }
}

impl axum::extract::OptionalFromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, ApiError> {
        match <Self as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(staff) => Ok(Some(staff)),
            Err(NotLoggedIn::Redirect | NotLoggedIn::SecondFactor | NotLoggedIn::StepUp(_)) => {
                Ok(None)
            }
            Err(NotLoggedIn::Error(e)) => Err(e),
        }
    }
}

/// A `Set-Cookie` value with the portal's flags; no `max_age` makes a browser-session cookie.
pub fn set_cookie(
    name: &str,
    value: &str,
    path: &str,
    max_age: Option<i64>,
    secure: bool,
) -> String {
    let name = cookie_name(name, path, secure);
    let secure = if secure { "; Secure" } else { "" };
    let max_age = max_age.map(|s| format!("; Max-Age={s}")).unwrap_or_default();
    format!("{name}={value}; Path={path}{max_age}; HttpOnly; SameSite=Strict{secure}")
}
