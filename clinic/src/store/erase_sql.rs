//! The statements that erase one patient, the same text on both backends (each binds `$1` to
//! the patient id; SQLite reads `$1` as its first parameter too, but numbers `$N` by order of
//! appearance, so a statement with several binds them by name there). Children go before parents,
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

/// Photo bytes of one patient (`$1`) of one clinic (`$3`): from device `$2`, and in all. The
/// casts keep PostgreSQL's `sum` from answering `numeric`.
pub(crate) const PHOTO_BYTES: &str = "SELECT \
     CAST(coalesce(sum(CASE WHEN device_id = $2 THEN byte_len ELSE 0 END), 0) AS BIGINT), \
     CAST(coalesce(sum(byte_len), 0) AS BIGINT) \
     FROM photos WHERE patient_id = $1 AND clinic_id = $3";

/// Patients whose record is closed as of `$1` (an RFC 3339 time, which sorts as text on both
/// backends): nothing happened on it since — the record made, an invite, a device enrolled,
/// used or ended, an upload received, a check-in handled or a staff note written — and no
/// contact-clinic or urgent check-in is still waiting for staff (an unanswered one keeps the
/// record whatever its age: it is the clinic's to close).
pub(crate) const CLOSED_BEFORE: &str = "SELECT p.clinic_id, p.id FROM patients p \
     WHERE p.created_at < $1 \
     AND NOT EXISTS (SELECT 1 FROM invites i WHERE i.patient_id = p.id AND i.created_at >= $1) \
     AND NOT EXISTS (SELECT 1 FROM devices d WHERE d.patient_id = p.id \
         AND (d.created_at >= $1 OR d.last_used_at >= $1 OR d.revoked_at >= $1)) \
     AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.patient_id = p.id \
         AND (c.received_at >= $1 OR c.handled_at >= $1 \
              OR (c.level IN ('contact_clinic', 'urgent') AND c.handled_at IS NULL))) \
     AND NOT EXISTS (SELECT 1 FROM checkin_notes n JOIN checkins c ON c.id = n.checkin_id \
         WHERE c.patient_id = p.id AND n.at >= $1) \
     AND NOT EXISTS (SELECT 1 FROM treatment_sessions t WHERE t.patient_id = p.id \
         AND t.received_at >= $1) \
     AND NOT EXISTS (SELECT 1 FROM photos f WHERE f.patient_id = p.id AND f.received_at >= $1) \
     ORDER BY p.clinic_id, p.id";
