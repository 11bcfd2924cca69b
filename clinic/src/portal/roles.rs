//! Role checks as extractors: a handler that takes [`Clinician`] or [`Admin`] cannot run for
//! the other role (403), and one that takes neither must take [`Staff`] on purpose.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use super::session::{NotLoggedIn, Staff};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::Role;

/// A logged-in clinician: patient data.
pub struct Clinician(pub Staff);

/// A logged-in admin: the audit log and staff management.
pub struct Admin(pub Staff);

/// Why a request was refused before its handler ran.
pub enum Refused {
    /// Not logged in: to the login page.
    NotLoggedIn(NotLoggedIn),
    /// Logged in with another role: 403.
    WrongRole,
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Self::NotLoggedIn(e) => e.into_response(),
            Self::WrongRole => ApiError::Forbidden.into_response(),
        }
    }
}

async fn with_role(parts: &mut Parts, state: &AppState, role: Role) -> Result<Staff, Refused> {
    let staff = Staff::from_request_parts(parts, state).await.map_err(Refused::NotLoggedIn)?;
    if staff.role == role { Ok(staff) } else { Err(Refused::WrongRole) }
}

impl FromRequestParts<AppState> for Clinician {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Refused> {
        with_role(parts, state, Role::Clinician).await.map(Self)
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Refused> {
        with_role(parts, state, Role::Admin).await.map(Self)
    }
}
