//! Share API v1 uploads: check-ins, treatment sessions and photos, each idempotent.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use std::sync::Arc;

use super::body::{parse_json, read_body, require_json};
use super::device::Device;
use super::validate;
use super::wire::{CheckinStatus, CheckinUpload, PhotoQuery, SessionUpload, UploadAck};
use crate::error::ApiError;
use crate::photos::{DECODE_PERMITS, check_jpeg, decode_fully, strip_metadata};
use crate::secrets::{self, sha256_hex};
use crate::state::AppState;
use crate::store::{IdempotencyRecord, NewPhoto, Saved, Upload};

/// `POST /api/v1/checkins`: scores, temperature, level, deciding rules and note.
pub(super) async fn post_checkin(
    state: State<AppState>,
    device: Device,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    checkin_upload(state, device, headers, body, 1).await
}

/// `POST /api/v2/checkins`: v1 plus the discharge answer and every warning sign, so a finding
/// below the deciding level (pus next to an urgent sign) reaches the clinic (clinical review,
/// major 9).
pub(super) async fn post_checkin_v2(
    state: State<AppState>,
    device: Device,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    checkin_upload(state, device, headers, body, 2).await
}

async fn checkin_upload(
    State(state): State<AppState>,
    device: Device,
    headers: HeaderMap,
    body: Body,
    version: u8,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    require_json(&headers)?;
    let bytes = read_body(body, &headers, state.limits().max_json_bytes).await?;
    let upload: CheckinUpload = parse_json(&bytes)?;
    if version == 1 {
        validate::v1_only(&upload.answers)?;
    }
    let checkin = validate::checkin(upload, secrets::uuid_v4()?)?;
    let id = checkin.id.clone();
    save(&state, &device, key, sha256_hex(&bytes), Upload::Checkin(checkin), id, "checkin").await
}

pub(super) async fn post_session(
    State(state): State<AppState>,
    device: Device,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    require_json(&headers)?;
    let bytes = read_body(body, &headers, state.limits().max_json_bytes).await?;
    let upload: SessionUpload = parse_json(&bytes)?;
    let session = validate::session(upload, secrets::uuid_v4()?)?;
    let id = session.id.clone();
    save(&state, &device, key, sha256_hex(&bytes), Upload::Session(session), id, "session").await
}

/// Optional header carrying the hex SHA-256 the client computed, to catch truncation.
const CONTENT_SHA256: &str = "x-content-sha256";

pub(super) async fn post_photo(
    State(state): State<AppState>,
    device: Device,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let query = query.unwrap_or_default();
    let meta: PhotoQuery = serde_urlencoded_query(&query)?;
    validate::zone(&meta.zone)?;
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.trim().eq_ignore_ascii_case("image/jpeg") {
        return Err(ApiError::Unsupported("expected Content-Type: image/jpeg".into()));
    }
    let bytes = read_body(body, &headers, state.limits().max_photo_bytes).await?;
    // Review M2: the quota is checked with the upload's size (stripping only shrinks it)
    // before anything is written. Two uploads racing can overshoot by one photo each; the
    // per-device rate limit bounds how many race.
    let (clinic, p, d) = (device.clinic, device.patient_id.clone(), device.id.clone());
    let (by_device, by_patient) = state.db(move |s| s.photo_bytes(clinic, &p, &d)).await?;
    let size = bytes.len() as u64;
    let limits = state.limits();
    if by_device + size > limits.device_photo_quota
        || by_patient + size > limits.patient_photo_quota
    {
        return Err(ApiError::Quota);
    }
    // The declared type is not trusted: the bytes must be a JPEG.
    check_jpeg(&bytes).map_err(|e| ApiError::Unsupported(e.to_string()))?;
    let sha256 = sha256_hex(&bytes);
    if let Some(claimed) = headers.get(CONTENT_SHA256) {
        let claimed = claimed.to_str().unwrap_or("").trim().to_ascii_lowercase();
        if claimed != sha256 {
            return Err(ApiError::Invalid("photo bytes do not match X-Content-SHA256".into()));
        }
    }
    // Only the stripped bytes are stored (and ever served).
    let clean = strip_metadata(&bytes).map_err(|e| ApiError::Unsupported(e.to_string()))?;
    // Every pixel must decode before anything is stored (review M6).
    let permit = DECODE_PERMITS
        .acquire()
        .await
        .map_err(|e| ApiError::Internal(format!("decode permits: {e}")))?;
    let clean = tokio::task::spawn_blocking(move || decode_fully(&clean).map(|()| clean))
        .await
        .map_err(|e| ApiError::Internal(format!("decode task: {e}")))?
        .map_err(|e| ApiError::Unsupported(e.to_string()))?;
    drop(permit);
    let byte_len = clean.len() as u64;
    let photos = Arc::clone(state.photos());
    let patient_id = device.patient_id.clone();
    let stored_sha256 = tokio::task::spawn_blocking(move || photos.put(&patient_id, &clean))
        .await
        .map_err(|e| ApiError::Internal(format!("photo task: {e}")))?
        .map_err(|e| ApiError::Internal(format!("photo write: {e}")))?;
    let photo = NewPhoto {
        id: secrets::uuid_v4()?,
        sha256: stored_sha256,
        byte_len,
        taken_at: meta.taken_at.to_utc(),
        zone: meta.zone,
    };
    let id = photo.id.clone();
    // The idempotency fingerprint covers the bytes and the metadata.
    let fingerprint = sha256_hex(format!("{sha256}\n{query}"));
    save(&state, &device, key, fingerprint, Upload::Photo(photo), id, "photo").await
}

pub(super) async fn get_checkin(
    State(state): State<AppState>,
    device: Device,
    Path(id): Path<String>,
) -> Result<Json<CheckinStatus>, ApiError> {
    let (clinic, patient_id) = (device.clinic, device.patient_id.clone());
    let lookup = id.clone();
    // Another patient's check-in is "not found", exactly like a missing one.
    let (received_at, handled) = state
        .db(move |s| s.checkin_status(clinic, &patient_id, &lookup))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(CheckinStatus { id, received_at, handled }))
}

/// What the clinic did with the calling patient's check-ins (seen, handled, replies): the app
/// polls it with its sync. Scoped by the token's patient and clinic alone.
pub(super) async fn get_responses(
    State(state): State<AppState>,
    device: Device,
) -> Result<Json<share_api::ClinicResponses>, ApiError> {
    let (clinic, patient_id) = (device.clinic, device.patient_id.clone());
    let checkins = state.db(move |s| s.checkin_responses(clinic, &patient_id)).await?;
    Ok(Json(share_api::ClinicResponses { checkins }))
}

fn serde_urlencoded_query(query: &str) -> Result<PhotoQuery, ApiError> {
    axum::extract::Query::<PhotoQuery>::try_from_uri(
        &format!("/?{query}").parse().map_err(|_| ApiError::BadRequest("bad query".into()))?,
    )
    .map(|q| q.0)
    .map_err(|e| ApiError::BadRequest(e.body_text()))
}

/// Reads `Idempotency-Key` (quotes allowed, as in the IETF draft): 8–128 characters of
/// letters, digits and `-_.:`.
fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let raw = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::BadRequest("Idempotency-Key header is required".into()))?;
    let key = raw.trim().trim_matches('"');
    let ok = (8..=128).contains(&key.len())
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
    if !ok {
        return Err(ApiError::BadRequest(
            "Idempotency-Key must be 8-128 characters of letters, digits and -_.:".into(),
        ));
    }
    Ok(key.to_owned())
}

async fn save(
    state: &AppState,
    device: &Device,
    key: String,
    body_sha256: String,
    upload: Upload,
    id: String,
    kind: &str,
) -> Result<Response, ApiError> {
    let now = Utc::now();
    let ack = UploadAck { id, kind: kind.to_owned(), received_at: now };
    let response =
        serde_json::to_string(&ack).map_err(|e| ApiError::Internal(format!("ack: {e}")))?;
    let record = IdempotencyRecord {
        clinic: device.clinic,
        device_id: device.id.clone(),
        patient_id: device.patient_id.clone(),
        key,
        body_sha256,
        status: StatusCode::CREATED.as_u16(),
        response: response.clone(),
        now,
    };
    let saved = state.db(move |s| s.save_upload(&upload, &record)).await?;
    match saved {
        Saved::Created => Ok(json_response(StatusCode::CREATED, response, false)),
        Saved::Replayed { status, response } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            Ok(json_response(status, response, true))
        }
        Saved::KeyReused => Err(ApiError::Invalid(
            "this Idempotency-Key was already used with a different request".into(),
        )),
    }
}

fn json_response(status: StatusCode, body: String, replayed: bool) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if replayed {
        headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}
