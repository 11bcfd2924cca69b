//! Staff accounts, roles, login throttling and sessions, as passed to and from the store.

use chrono::{DateTime, Utc};

use super::tenancy::{ClinicId, Membership};

/// What a staff account may do in the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The audit log and staff management; no patient data.
    Admin,
    /// Patients: lists, pages, photos, FHIR export, notes, invites, device revocation.
    Clinician,
}

impl Role {
    /// Database and command-line spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Clinician => "clinician",
        }
    }

    /// Parses the database and command-line spelling.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "admin" => Some(Self::Admin),
            "clinician" => Some(Self::Clinician),
            _ => None,
        }
    }

    /// Where this role lands after login.
    pub fn home(self) -> &'static str {
        match self {
            Self::Admin => "/audit",
            Self::Clinician => "/patients",
        }
    }
}

/// A staff account.
#[derive(Debug, Clone)]
pub struct StaffRecord {
    /// Row id.
    pub id: i64,
    /// Login email.
    pub email: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// The clinics it works for, by clinic id; a login starts in the first.
    pub memberships: Vec<Membership>,
}

/// Failed-login state for one email.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoginThrottle {
    /// Consecutive failures.
    pub failures: u32,
    /// No attempt is checked before this time.
    pub locked_until: Option<DateTime<Utc>>,
}

/// Outcome of reserving a login attempt before the password is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginAttempt {
    /// Refused unchecked: the email is locked until then.
    Locked {
        /// No attempt is checked before this time.
        until: DateTime<Utc>,
    },
    /// Counted as a failure in advance; the password may now be checked once.
    Reserved {
        /// Failures counted for this email, this attempt included.
        failures: u32,
    },
}

/// The lockout schedule: after `failures` counted attempts, when may the next be checked.
pub type LockPolicy = dyn Fn(u32) -> Option<DateTime<Utc>> + Send + Sync;

/// A session to create.
#[derive(Debug, Clone)]
pub struct NewStaffSession {
    /// SHA-256 of the cookie value.
    pub token_hash: String,
    /// Whose session.
    pub staff_id: i64,
    /// The clinic it starts in (one the account works for).
    pub clinic: ClinicId,
    /// The CSRF token every form of this session carries.
    pub csrf_token: String,
    /// Login time.
    pub now: DateTime<Utc>,
}

/// A stored session.
#[derive(Debug, Clone)]
pub struct StaffSession {
    /// Whose session.
    pub staff_id: i64,
    /// Their email (shown in the header).
    pub email: String,
    /// The clinic this session works in: the scope of every patient-data call it makes.
    pub clinic: ClinicId,
    /// Their role in that clinic (checked on every route).
    pub role: Role,
    /// Every clinic the account works for (the clinic switcher).
    pub memberships: Vec<Membership>,
    /// The CSRF token every form carries.
    pub csrf_token: String,
    /// Login time (absolute lifetime).
    pub created_at: DateTime<Utc>,
    /// Last request (idle timeout).
    pub last_seen_at: DateTime<Utc>,
    /// When this session last gave a second-factor code; None: only the code page is open.
    pub mfa_at: Option<DateTime<Utc>>,
}

/// An account's second factor.
#[derive(Debug, Clone, Default)]
pub struct MfaRecord {
    /// The TOTP secret (base32), pending or confirmed.
    pub secret: Option<String>,
    /// A code from the secret was confirmed: logins ask for one.
    pub enrolled: bool,
    /// Recovery codes not yet spent.
    pub recovery_left: u32,
}
