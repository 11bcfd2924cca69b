//! `POST /api/v1/enroll`: an invite code in, a device token and the clinic's details out.

use serde::{Deserialize, Serialize};

/// The request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// The code from the invite, as typed or scanned (`XXXX-XXXX-XXXX`, case and dashes free).
    pub invite_code: String,
    /// A label for the device, e.g. "iPhone" (shown to staff; keep names out of it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_label: Option<String>,
    /// App version, for support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_version: Option<String>,
}

/// Clinic details the app shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicInfo {
    pub name: String,
    pub phone: String,
    /// What to do outside opening hours.
    pub after_hours_advice: String,
}

/// The answer (201).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrollResponse {
    /// Always 1 for this API.
    pub api_version: u32,
    /// This device's id.
    pub device_id: String,
    /// Bearer token for every later call. Shown once; the server keeps only its hash.
    pub token: String,
    /// The patient this device writes for.
    pub patient_id: String,
    pub clinic: ClinicInfo,
    /// The care protocol JSON the app's core validates before adopting it.
    pub care_protocol: serde_json::Value,
}

/// Leaves the token out, so no log line can carry it.
impl std::fmt::Debug for EnrollResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnrollResponse")
            .field("device_id", &self.device_id)
            .field("patient_id", &self.patient_id)
            .field("clinic", &self.clinic)
            .finish_non_exhaustive()
    }
}
