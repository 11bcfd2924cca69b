//! Bearer-token authentication of a patient's device, its idle expiry and its own revocation.

use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use chrono::{Duration, Utc};

use crate::client_addr::ClientAddr;
use crate::error::ApiError;
use crate::secrets::sha256_hex;
use crate::state::AppState;
use crate::store::{ClinicId, DeviceEnd, LAST_USED_EVERY_MINUTES, NewAuditEntry};

/// An enrolled device whose access has not ended (revoked or idle too long) and that passed
/// its rate limit.
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
        let now = Utc::now();
        let (clinic, id) = (device.clinic, device.id.clone());
        if now - device.last_used_at > state.device_idle() {
            // The server judges expiry. Once found, it is written down, so that raising
            // `--device-idle-days` later cannot bring this token back.
            let ended =
                state.db(move |s| s.end_device(clinic, &id, DeviceEnd::Expired, now)).await?;
            if ended {
                let who = (device.clinic, device.patient_id.as_str(), device.id.as_str());
                let client = parts.extensions.get::<ClientAddr>().copied();
                let entry = device_entry("device_expired", who, client, now);
                state.db(move |s| s.audit(&entry)).await?;
                tracing::info!("device token expired (idle)");
            }
            return Err(ApiError::Unauthorized);
        }
        state.limit_device(&device.id)?;
        // Last use is written at most every LAST_USED_EVERY_MINUTES, not per request: a write
        // takes the single writer and an fsync, which would double the cost of every upload,
        // while the idle limit (days) cannot tell ten minutes apart.
        let every = Duration::minutes(LAST_USED_EVERY_MINUTES);
        if now - device.last_used_at >= every {
            let since = now - every;
            state.db(move |s| s.touch_device(clinic, &id, now, since)).await?;
        }
        Ok(Self { clinic: device.clinic, id: device.id, patient_id: device.patient_id })
    }
}

/// An audit row about a device's own access (actor `device`, the device id as subject, and the
/// client address it came from, as for staff actions).
fn device_entry(
    action: &str,
    (clinic, patient_id, device_id): (ClinicId, &str, &str),
    client: Option<ClientAddr>,
    now: chrono::DateTime<Utc>,
) -> NewAuditEntry {
    NewAuditEntry {
        clinic: Some(clinic),
        staff_id: None,
        actor: "device".into(),
        action: action.into(),
        patient_id: Some(patient_id.to_owned()),
        subject: Some(device_id.to_owned()),
        address: client.map(|c| c.to_string()),
        now,
    }
}

/// `DELETE /api/v1/device`: the patient unlinked the app; this token stops working. 204; a
/// second call finds the token ended and gets the usual 401, which the app also reads as
/// "access ended".
pub(super) async fn delete_device(
    State(state): State<AppState>,
    client: ClientAddr,
    device: Device,
) -> Result<StatusCode, ApiError> {
    let now = Utc::now();
    let (clinic, id) = (device.clinic, device.id.clone());
    if state.db(move |s| s.end_device(clinic, &id, DeviceEnd::Patient, now)).await? {
        let who = (device.clinic, device.patient_id.as_str(), device.id.as_str());
        let entry = device_entry("device_unlinked", who, Some(client), now);
        state.db(move |s| s.audit(&entry)).await?;
        tracing::info!("device unlinked by the patient");
    }
    Ok(StatusCode::NO_CONTENT)
}
