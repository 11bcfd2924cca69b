//! `POST /api/v1/enroll`: an invite code becomes a device token.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

use super::body::{parse_json, read_body, require_json};
use super::wire::{ClinicInfo, EnrollRequest, EnrollResponse};
use crate::client_addr::ClientAddr;
use crate::error::ApiError;
use crate::secrets::{self, normalize_invite, sha256_hex};
use crate::state::AppState;
use crate::store::{NewAuditEntry, NewDevice, Redeemed};

/// Longest device label kept.
const MAX_LABEL_CHARS: usize = 64;

pub(super) async fn enroll(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<EnrollResponse>), ApiError> {
    // Invite codes are guessable in principle (60 bits): throttle guessing per address.
    state.limit_address("enroll", client)?;
    require_json(&headers)?;
    let bytes = read_body(body, &headers, state.limits().max_json_bytes).await?;
    let request: EnrollRequest = parse_json(&bytes)?;
    let canonical = normalize_invite(&request.invite_code).ok_or(ApiError::NotFound)?;
    let label: String = request
        .device_label
        .unwrap_or_else(|| "device".into())
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_LABEL_CHARS)
        .collect();
    let token = secrets::token()?;
    let device = NewDevice { id: secrets::uuid_v4()?, token_hash: sha256_hex(&token), label };
    let device_id = device.id.clone();
    let code_hash = sha256_hex(&canonical);
    let now = chrono::Utc::now();
    let redeemed = state.db(move |s| s.redeem_invite(&code_hash, &device, now)).await?;
    let (clinic, patient_id, protocol_json) = match redeemed {
        Redeemed::Enrolled { clinic, patient_id, protocol_json } => {
            (clinic, patient_id, protocol_json)
        }
        Redeemed::Unknown => return Err(ApiError::NotFound),
        Redeemed::Expired => return Err(ApiError::Gone("invite expired")),
        Redeemed::AlreadyUsed => return Err(ApiError::Gone("invite already used")),
    };
    let entry = NewAuditEntry {
        clinic: Some(clinic),
        staff_id: None,
        actor: "device".into(),
        action: "device_enrolled".into(),
        patient_id: Some(patient_id.clone()),
        subject: Some(device_id.clone()),
        address: Some(client.to_string()),
        now,
    };
    state.db(move |s| s.audit(&entry)).await?;
    // The invite's clinic, never one the request names.
    let settings = state.db(move |s| s.settings(clinic)).await?;
    let protocol_text =
        protocol_json.unwrap_or_else(|| shared::protocol::default_protocol_json().to_owned());
    let care_protocol = serde_json::from_str(&protocol_text)
        .map_err(|e| ApiError::Internal(format!("stored protocol: {e}")))?;
    tracing::info!("device enrolled");
    Ok((
        StatusCode::CREATED,
        Json(EnrollResponse {
            api_version: 1,
            device_id,
            token,
            patient_id,
            clinic: ClinicInfo {
                name: settings.name,
                phone: settings.phone,
                after_hours_advice: settings.after_hours_advice,
            },
            care_protocol,
        }),
    ))
}
