//! The core's judgement of the clinic's answers (`shared::sharing::delivery`), for the web
//! shell's fetch code: the shell reports what came back as JSON of an `Exchange`, and gets the
//! outbox's next state or the link back as JSON. No status is classified in TypeScript.

use shared::sharing::delivery::{self, Attempt, Backoff, Exchange};
use wasm_bindgen::prelude::*;

fn exchange(json: &str) -> Result<Exchange, JsError> {
    serde_json::from_str(json).map_err(|e| JsError::new(&format!("not an exchange: {e}")))
}

fn to_json(value: &impl serde::Serialize) -> Result<String, JsError> {
    serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))
}

/// The next state of a queued item (JSON of `Delivery`) after the exchange its try came to.
#[wasm_bindgen]
pub fn judge_delivery(
    exchange_json: &str,
    idempotency_key: &str,
    attempts: u32,
    now_utc_ms: f64,
) -> Result<String, JsError> {
    let attempt = Attempt { idempotency_key, attempts };
    let verdict = delivery::judge_delivery(
        &exchange(exchange_json)?,
        attempt,
        Backoff::default(),
        now_utc_ms as i64,
    );
    to_json(&verdict)
}

/// The enrol exchange's outcome: `{"Ok": {link, token, care_protocol_json}}` (the token is for
/// the shell's secret store only) or `{"Err": ClinicError}`.
#[wasm_bindgen]
pub fn judge_enrolment(
    exchange_json: &str,
    server: &str,
    auto_share: bool,
    now_utc_ms: f64,
) -> Result<String, JsError> {
    let outcome =
        delivery::judge_enrolment(&exchange(exchange_json)?, server, auto_share, now_utc_ms as i64);
    to_json(&outcome)
}

/// What the answer to the unlink request (`DELETE /api/v1/device`) means: `"Ended"` (forget
/// the token and the link) or `{"NotEnded": {"error": ClinicError}}` (keep both).
#[wasm_bindgen]
pub fn judge_unlink(exchange_json: &str) -> Result<String, JsError> {
    to_json(&delivery::judge_unlink(&exchange(exchange_json)?))
}

/// What the answer to `GET /api/v1/checkins/responses` means (JSON of `ClinicResult`: the
/// clinic's answers, or the failure).
#[wasm_bindgen]
pub fn judge_answers(exchange_json: &str) -> Result<String, JsError> {
    to_json(&shared::sharing::answers::judge_answers(&exchange(exchange_json)?))
}

/// The answer (JSON of `ClinicResult`) to an ask made without a link or token in the browser.
#[wasm_bindgen]
pub fn answers_not_linked() -> Result<String, JsError> {
    to_json(&shared::sharing::answers::not_linked())
}

/// The reason (JSON of `ClinicReason`) a queued photo deleted from the journal is marked failed.
#[wasm_bindgen]
pub fn photo_gone_reason() -> Result<String, JsError> {
    to_json(&shared::effects::ClinicReason::PhotoGone)
}

/// The clinic error (JSON of `ClinicError`) for an outbox the browser could not read or write.
#[wasm_bindgen]
pub fn outbox_storage_error(detail: &str) -> Result<String, JsError> {
    to_json(&delivery::storage_failure(detail))
}
