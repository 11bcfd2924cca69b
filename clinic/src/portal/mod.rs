//! The staff portal: server-rendered HTML that works without JavaScript.
//!
//! Every page except `/login` needs a staff session; anonymous visitors are sent to `/login`.
//! Every form carries the session's CSRF token. Every read of patient data is audited.

mod audit;
mod chart;
mod clinics;
mod erase;
mod fhir;
mod fhir_clinic;
mod fhir_photos;
pub(crate) mod layout;
mod login;
mod mfa;
mod patient;
mod patients;
pub mod roles;
pub mod session;
mod settings;
mod settings_page;
mod staff;
mod staff_page;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub use fhir::bundle as fhir_bundle;
pub use fhir_photos::EMBED_BUDGET_BYTES as FHIR_PHOTO_BYTES;
pub use login::{FREE_FAILURES, locked_until};

/// Portal routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(patients::root))
        .route("/login", get(login::login_page).post(login::login))
        .route("/logout", post(login::logout))
        .route("/mfa", get(mfa::code_page).post(mfa::check_code))
        .route("/mfa/enrol", post(mfa::enrol))
        .route("/patients", get(patients::list).post(patients::create))
        .route("/patients/{id}", get(patient::show))
        .route("/patients/{id}/fhir", get(fhir::export))
        .route("/patients/{id}/photos/{photo}", get(patient::photo))
        .route("/patients/{id}/checkins/{checkin}/handled", post(patient::mark_handled))
        .route("/patients/{id}/devices/{device}/revoke", post(patient::revoke_device))
        .route("/audit", get(audit::audit_log))
        .route("/erase", get(erase::show).post(erase::erase))
        .route("/clinic", post(clinics::switch))
        .route("/settings", get(settings::show).post(settings::save))
        .route("/staff", get(staff::list))
        .route("/staff/{id}/{action}", post(staff::act))
}
