//! Share API v1: enrollment and uploads from patients' devices (see `clinic/API.md`).

pub(crate) mod body;
mod device;
mod enroll;
mod share;
mod validate;
pub mod wire;

use axum::Router;
use axum::routing::{delete, get, post};

use crate::state::AppState;

pub use validate::MAX_NOTE_CHARS;

/// Routes under `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/enroll", post(enroll::enroll))
        .route("/api/v1/checkins", post(share::post_checkin))
        .route("/api/v2/checkins", post(share::post_checkin_v2))
        .route(share_api::RESPONSES_PATH, get(share::get_responses))
        .route("/api/v1/checkins/{id}", get(share::get_checkin))
        .route("/api/v1/sessions", post(share::post_session))
        .route("/api/v1/photos", post(share::post_photo))
        .route(share_api::DEVICE_PATH, delete(device::delete_device))
}
