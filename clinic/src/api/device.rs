//! Bearer-token authentication of a patient's device.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::error::ApiError;
use crate::secrets::sha256_hex;
use crate::state::AppState;
use crate::store::ClinicId;

/// An enrolled, unrevoked device that passed its rate limit.
#[derive(Debug, Clone)]
pub struct Device {
    /// Its clinic: the scope of everything it reads or writes.
    pub clinic: ClinicId,
    /// Device id.
    pub id: String,
    /// The only patient it writes for.
    pub patient_id: String,
}

impl FromRequestParts<AppState> for Device {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts.headers.get(AUTHORIZATION).ok_or(ApiError::Unauthorized)?;
        let token = header
            .to_str()
            .ok()
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or(ApiError::Unauthorized)?;
        let hash = sha256_hex(token.to_ascii_lowercase());
        let device =
            state.db(move |s| s.device_by_token(&hash)).await?.ok_or(ApiError::Unauthorized)?;
        if device.revoked_at.is_some() {
            return Err(ApiError::Unauthorized);
        }
        state.limit_device(&device.id)?;
        Ok(Self { clinic: device.clinic, id: device.id, patient_id: device.patient_id })
    }
}
