//! The share API's wire types live in one crate, `share_api`, shared with the app's core; this
//! module names them for the server's handlers.

pub use share_api::{
    CheckinStatus, CheckinUpload, ClinicInfo, EnrollRequest, EnrollResponse, PhotoQuery,
    SessionUpload, UploadAck,
};

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;

    #[test]
    fn enroll_response_shape() {
        let response = EnrollResponse {
            api_version: 1,
            device_id: "fb368e75-bcf8-4b48-8b47-66807f074a80".into(),
            token: "d724…".into(),
            patient_id: "f0e79a3f-3fdc-45f7-a3b0-8a05eda7d709".into(),
            clinic: ClinicInfo {
                name: "Glow Clinic".into(),
                phone: "+44 20 0000 0000".into(),
                after_hours_advice: "Call 111.".into(),
            },
            care_protocol: serde_json::json!({ "format": 1 }),
        };
        insta::assert_json_snapshot!(response);
    }

    #[test]
    fn upload_ack_shape() {
        let ack = UploadAck {
            id: "0e6e316f-687a-40db-a4ae-2e34405f61fb".into(),
            kind: "checkin".into(),
            received_at: Utc.with_ymd_and_hms(2026, 11, 22, 0, 50, 7).unwrap(),
        };
        insta::assert_json_snapshot!(ack);
    }
}
