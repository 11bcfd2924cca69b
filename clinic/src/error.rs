//! Errors as HTTP answers. Bodies are generic: no patient data, no internals.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::store::StoreError;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request cannot be understood.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// 401: no valid credentials.
    #[error("unauthorized")]
    Unauthorized,
    /// 403: CSRF token missing or wrong.
    #[error("forbidden")]
    Forbidden,
    /// 404: no such thing (also for other patients' things: no enumeration).
    #[error("not found")]
    NotFound,
    /// 409/410: invite already used or expired.
    #[error("gone: {0}")]
    Gone(&'static str),
    /// 413: body too large.
    #[error("payload too large")]
    TooLarge,
    /// 413: the device's or patient's photo storage quota would be exceeded.
    #[error("photo storage quota reached")]
    Quota,
    /// 415: wrong content type or the bytes are not what they claim.
    #[error("unsupported media type: {0}")]
    Unsupported(String),
    /// 422: well-formed but invalid (or an idempotency key reused with another body).
    #[error("unprocessable: {0}")]
    Invalid(String),
    /// 429: rate limited.
    #[error("too many requests")]
    TooMany {
        /// Seconds until a retry may succeed.
        retry_after: u64,
    },
    /// 503: every password verifier is busy; try again shortly.
    #[error("busy")]
    Busy {
        /// Seconds until a retry may succeed.
        retry_after: u64,
    },
    /// 500: storage failed.
    #[error("storage: {0}")]
    Store(#[from] StoreError),
    /// 500: anything else internal.
    #[error("internal: {0}")]
    Internal(String),
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            Self::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            Self::Gone(_) => (StatusCode::GONE, "gone"),
            Self::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            Self::Quota => (StatusCode::PAYLOAD_TOO_LARGE, "quota_exceeded"),
            Self::Unsupported(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            Self::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            Self::TooMany { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            Self::Busy { .. } => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
            Self::Store(_) | Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            // Internal details go to the log (they carry no patient data), not to the client.
            Self::Store(_) | Self::Internal(_) => {
                tracing::error!(error = %self, "request failed");
                "internal error".to_owned()
            }
            other => other.to_string(),
        };
        let mut response =
            (status, axum::Json(share_api::ErrorBody { error: code.to_owned(), message }))
                .into_response();
        if let Self::TooMany { retry_after } | Self::Busy { retry_after } = self
            && let Ok(value) = HeaderValue::from_str(&retry_after.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        if matches!(self, Self::Unauthorized) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<crate::secrets::RandomError> for ApiError {
    fn from(e: crate::secrets::RandomError) -> Self {
        Self::Internal(e.to_string())
    }
}
