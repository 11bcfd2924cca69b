//! What the portal reads back, and what staff write about it.

use chrono::{DateTime, Utc};

use super::records::{Answers, DeviceEnd, Level, TreatmentSession};

/// A device as listed on the patient page.
#[derive(Debug, Clone)]
pub struct DeviceSummary {
    /// Device id.
    pub id: String,
    /// Label the app sent.
    pub label: String,
    /// Enrollment time.
    pub created_at: DateTime<Utc>,
    /// When its access ended (revoked or expired).
    pub revoked_at: Option<DateTime<Utc>>,
    /// Who or what ended it.
    pub revoked_by: Option<DeviceEnd>,
    /// Its last use as recorded (within minutes), else its enrollment.
    pub last_used_at: DateTime<Utc>,
}

/// One row of the patient list.
#[derive(Debug, Clone)]
pub struct PatientSummary {
    /// Patient id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Most urgent level among unhandled check-ins.
    pub worst_open: Option<Level>,
    /// Number of unhandled check-ins at `watch` or above.
    pub open_flags: u32,
    /// Latest check-in time.
    pub last_checkin_at: Option<DateTime<Utc>>,
    /// Devices currently allowed to share.
    pub active_devices: u32,
}

/// A stored check-in.
#[derive(Debug, Clone)]
pub struct CheckinRecord {
    /// Server id.
    pub id: String,
    /// When the patient made it.
    pub recorded_at: DateTime<Utc>,
    /// IANA zone.
    pub zone: String,
    /// Triage level.
    pub level: Level,
    /// Rule ids.
    pub rule_ids: Vec<String>,
    /// Answers.
    pub answers: Answers,
    /// Patient's note, verbatim.
    pub note: Option<String>,
    /// When staff first marked it handled.
    pub handled_at: Option<DateTime<Utc>>,
    /// Every note staff wrote about it, oldest first.
    pub notes: Vec<HandledNote>,
    /// Staff's latest words to the patient, shown in their app.
    pub reply: Option<PatientReply>,
}

/// Words staff sent the patient about a check-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientReply {
    pub text: String,
    pub at: DateTime<Utc>,
}

/// One note staff wrote about a check-in.
#[derive(Debug, Clone)]
pub struct HandledNote {
    /// Who wrote it (email at the time; kept after the account is removed).
    pub author: String,
    /// What was done.
    pub note: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A stored photo.
#[derive(Debug, Clone)]
pub struct PhotoRecord {
    /// Server id.
    pub id: String,
    /// File name under the photo directory.
    pub sha256: String,
    /// When taken.
    pub taken_at: DateTime<Utc>,
    /// IANA zone.
    pub zone: String,
    /// Size of the stored JPEG, as uploaded (after metadata stripping).
    pub byte_len: u64,
}

/// A patient's page.
#[derive(Debug, Clone)]
pub struct PatientDetail {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Devices.
    pub devices: Vec<DeviceSummary>,
    /// Treatment sessions, oldest first.
    pub sessions: Vec<TreatmentSession>,
    /// Check-ins, oldest first.
    pub checkins: Vec<CheckinRecord>,
    /// Photos, oldest first.
    pub photos: Vec<PhotoRecord>,
}

/// Staff marking a check-in handled.
#[derive(Debug, Clone)]
pub struct Handled {
    /// Patient (the check-in must belong to them).
    pub patient_id: String,
    /// Check-in.
    pub checkin_id: String,
    /// Staff member.
    pub staff_id: i64,
    /// Their email (the note's author, kept after the account is removed).
    pub author: String,
    /// Client IP address (for the audit row written with the note).
    pub address: Option<String>,
    /// What was done.
    pub note: String,
    /// Words for the patient (their app shows them with the time); `None` keeps the last reply.
    pub reply: Option<String>,
    /// When.
    pub now: DateTime<Utc>,
}

/// An audit entry to append.
#[derive(Debug, Clone)]
pub struct NewAuditEntry {
    /// The clinic whose data or staff it concerns; `None` for what concerns none (a login
    /// attempt for an unknown email, a command-line change to an account).
    pub clinic: Option<super::tenancy::ClinicId>,
    /// The account that acted, if any (not for unknown emails, devices, the command line).
    pub staff_id: Option<i64>,
    /// Who, by name: an email, `cli` or `device`.
    pub actor: String,
    /// What, e.g. "view_patient".
    pub action: String,
    /// Whose data.
    pub patient_id: Option<String>,
    /// What was acted on: a check-in or device id, an account's email, an attempt number.
    pub subject: Option<String>,
    /// Client IP address (none on the command line).
    pub address: Option<String>,
    /// When.
    pub now: DateTime<Utc>,
}

/// A stored audit entry.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// The account that acted, if any.
    pub staff_id: Option<i64>,
    /// Who, by name.
    pub actor: String,
    /// What.
    pub action: String,
    /// Whose data.
    pub patient_id: Option<String>,
    /// What was acted on.
    pub subject: Option<String>,
    /// Client IP address.
    pub address: Option<String>,
}

/// Result of walking the audit hash chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditCheck {
    /// Every row is where and as it was written.
    Intact {
        /// Rows checked.
        rows: u64,
        /// The last row's hash: note it somewhere else to detect rows removed from the end.
        head: String,
    },
    /// The first row found edited or missing.
    Broken {
        /// Its id.
        row: i64,
        /// What is wrong, in a sentence.
        reason: String,
    },
}

/// Where a staff account is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffStatus {
    /// May log in.
    Active,
    /// Refused at login and on every request since then.
    Disabled(DateTime<Utc>),
    /// A tombstone kept so history keeps its author.
    Removed(DateTime<Utc>),
}

/// A staff account as `clinic staff list` shows it.
#[derive(Debug, Clone)]
pub struct StaffSummary {
    /// Row id (the `staff_id` of audit rows).
    pub id: i64,
    /// Login email (`removed-<id>:<email>` once removed).
    pub email: String,
    /// The clinics it works for, with its role in each.
    pub memberships: Vec<super::tenancy::Membership>,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// Active, disabled or removed.
    pub status: StaffStatus,
    /// Sessions currently stored.
    pub sessions: u32,
    /// A second factor is set up (false: the next login enrols one).
    pub mfa_enrolled: bool,
    /// The last login that passed both factors (from the audit log), if any.
    pub last_login_at: Option<DateTime<Utc>>,
}

/// One stored session of an account.
#[derive(Debug, Clone)]
pub struct SessionSummary {
    /// Login time.
    pub created_at: DateTime<Utc>,
    /// Last request.
    pub last_seen_at: DateTime<Utc>,
}
