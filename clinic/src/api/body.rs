//! Reading and checking request bodies before anything is parsed.

use axum::body::Body;
use axum::http::HeaderMap;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Refuses anything not declared as JSON (415).
pub(crate) fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = content_type.split(';').next().unwrap_or("").trim();
    if mime.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(ApiError::Unsupported("expected Content-Type: application/json".into()))
    }
}

/// Reads at most `limit` bytes: a declared or actual larger body is refused with 413 before
/// any of it is parsed.
pub(crate) async fn read_body(
    body: Body,
    headers: &HeaderMap,
    limit: usize,
) -> Result<axum::body::Bytes, ApiError> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(ApiError::TooLarge);
    }
    axum::body::to_bytes(body, limit).await.map_err(|_| ApiError::TooLarge)
}

/// Parses JSON: syntax errors are 400, well-formed but wrong shapes 422.
pub(crate) fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => ApiError::Invalid(e.to_string()),
        _ => ApiError::BadRequest(e.to_string()),
    })
}
