//! The statements that erase one patient, the same text on both backends (each binds `$1` to
//! the patient id; SQLite reads `$1` as its first parameter too). Children go before parents,
//! so no foreign key needs a cascade: alert deliveries, alerts, check-in notes, check-ins,
//! sessions, photo rows, the devices' idempotency answers (they quote uploads), devices,
//! invites. The patient row itself is deleted last, by the caller, confined to its clinic.
//! The audit log is not touched: its rows name the patient only by a random id, and the chain
//! must keep verifying.

pub(crate) const ERASE_CHILDREN: &[&str] = &[
    "DELETE FROM staff_alert_deliveries WHERE alert_id IN \
     (SELECT id FROM staff_alerts WHERE patient_id = $1)",
    "DELETE FROM staff_alerts WHERE patient_id = $1",
    "DELETE FROM checkin_notes WHERE checkin_id IN (SELECT id FROM checkins WHERE patient_id = $1)",
    "DELETE FROM checkins WHERE patient_id = $1",
    "DELETE FROM treatment_sessions WHERE patient_id = $1",
    "DELETE FROM photos WHERE patient_id = $1",
    "DELETE FROM idempotency WHERE device_id IN (SELECT id FROM devices WHERE patient_id = $1)",
    "DELETE FROM devices WHERE patient_id = $1",
    "DELETE FROM invites WHERE patient_id = $1",
];
