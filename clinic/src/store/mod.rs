//! Storage behind a trait, so handlers never see SQL.
//!
//! The trait is synchronous: handlers call it through [`crate::state::AppState::db`], which
//! runs it on tokio's blocking pool.
//!
//! Tenancy lives here, in one layer (review M8): every call that reads or writes a patient's
//! data, a clinic's settings or its audit rows takes a [`ClinicId`], which only the store
//! makes (from the staff session, the device token, the invite, or a clinic the operator
//! named on the command line). A backend must confine each such call to that clinic; another
//! clinic's row is "not found", exactly like a missing one. Unscoped calls are the ones whose
//! key is itself the credential (a device token, an invite code, a session cookie) or that act
//! on server-wide things (staff accounts, the clinic list, the whole audit chain). Two
//! backends implement it: [`sqlite`] (the default, one file) and [`postgres`] (a pooled
//! synchronous client, with row-level security as a second wall between clinics).

mod accounts;
mod audit_chain;
mod erase_sql;
pub mod migrations;
pub mod postgres;
mod records;
pub mod sqlite;
mod tenancy;
mod time;
mod views;

pub use accounts::*;
pub use records::*;
pub use tenancy::*;
pub use views::*;

use chrono::{DateTime, Utc};

/// Why a storage call failed. Messages never contain patient data.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL or the connection to it reported an error; only its SQLSTATE and constraint
    /// are kept, since a server message can quote a row's values.
    #[error("database error: {0}")]
    Postgres(#[from] self::postgres::PgError),
    /// The PostgreSQL role would bypass row-level security (a superuser or BYPASSRLS), so the
    /// second wall between clinics would not hold; the server refuses to use it.
    #[error(
        "the PostgreSQL role {0:?} bypasses row-level security (superuser or BYPASSRLS); connect as an ordinary role that owns the database"
    )]
    BypassesRowSecurity(String),
    /// The file was written by a newer clinic server; it was left untouched.
    #[error(
        "this database was written by a newer version of the clinic server (schema {found}; this build reads up to {supported}); upgrade the server — it was left untouched"
    )]
    NewerVersion {
        /// Schema version found (SQLite `user_version`, PostgreSQL `afterglow_schema`).
        found: i64,
        /// Highest version this build knows.
        supported: i64,
    },
    /// The file (or PostgreSQL database) is some other application's.
    #[error("this file or database is not a clinic server database; it was left untouched")]
    NotOurs,
    /// The database key is missing, wrong, or cannot be used (issue 19); nothing was changed.
    #[error("{0}")]
    Key(String),
    /// A stored value could not be read back (corrupt row).
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    /// The group commit holding this upload failed; nothing of the batch was stored.
    #[error("storing the upload failed: {0}")]
    BatchFailed(String),
    /// Email already has a staff account.
    #[error("a staff account with this email already exists")]
    DuplicateStaff,
    /// A clinic with this short name exists.
    #[error("a clinic with this short name already exists")]
    DuplicateClinic,
}

/// Result of any storage call.
pub type StoreResult<T> = Result<T, StoreError>;

/// Everything the server keeps. All methods are atomic.
pub trait Store: Send + Sync + 'static {
    /// The clinic every call without one acts on: the first (created by migration 6 with the
    /// settings a single-clinic server had), so such a server needs no `--clinic` anywhere.
    fn default_clinic(&self) -> StoreResult<ClinicId>;
    /// A clinic by its short name (case-insensitive), for the command line.
    fn clinic_by_slug(&self, slug: &str) -> StoreResult<Option<ClinicId>>;
    /// Adds a clinic.
    fn add_clinic(
        &self,
        slug: &str,
        settings: &ClinicSettings,
        now: DateTime<Utc>,
    ) -> StoreResult<ClinicId>;
    /// Every clinic, by id.
    fn clinics(&self) -> StoreResult<Vec<Clinic>>;
    /// A clinic's name, phone, advice and protocol.
    fn settings(&self, clinic: ClinicId) -> StoreResult<ClinicSettings>;
    /// Replaces a clinic's settings.
    fn save_settings(&self, clinic: ClinicId, settings: &ClinicSettings) -> StoreResult<()>;
    /// Writes only the fields `change` names, in one statement (the page and the command line
    /// use this, so neither puts back a field the other just changed).
    fn update_settings(&self, clinic: ClinicId, change: &SettingsUpdate) -> StoreResult<()>;
    /// The server's base URL for invite links ([`DEFAULT_PUBLIC_URL`] when never set).
    fn public_url(&self) -> StoreResult<String>;
    /// Sets the server's base URL.
    fn set_public_url(&self, url: &str) -> StoreResult<()>;

    /// Adds a staff account with a role in one clinic; the hash is an argon2id PHC string.
    fn add_staff(
        &self,
        clinic: ClinicId,
        email: &str,
        password_hash: &str,
        role: Role,
        now: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// Gives a live account `role` in `clinic` (adding the clinic to its list or changing its
    /// role there) and ends its sessions; false when there is no such account.
    fn grant_staff(&self, clinic: ClinicId, email: &str, role: Role) -> StoreResult<bool>;
    /// Takes `clinic` off a live account's list and ends its sessions; false when it had none.
    fn revoke_staff(&self, clinic: ClinicId, email: &str) -> StoreResult<bool>;
    /// Moves a session to another clinic of its account; false (nothing changed) when the
    /// account does not work for `clinic_id`. The id comes from a form: this is the only call
    /// that takes one, and it checks the account's membership itself.
    fn switch_clinic(&self, token_hash: &str, clinic_id: i64) -> StoreResult<bool>;
    /// Every staff account, removed ones included, by id.
    fn staff_list(&self) -> StoreResult<Vec<StaffSummary>>;
    /// Disables (`Some(now)`, ending its sessions) or enables (`None`) an account; false when
    /// there is no such live account.
    fn set_staff_disabled(&self, email: &str, at: Option<DateTime<Utc>>) -> StoreResult<bool>;
    /// Removes an account, keeping its row as a tombstone for history; ends its sessions.
    fn remove_staff(&self, email: &str, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Replaces an account's password hash and ends its sessions.
    fn set_staff_password(&self, email: &str, password_hash: &str) -> StoreResult<bool>;
    /// An account's sessions; `None` when there is no such live account.
    fn staff_sessions(&self, email: &str) -> StoreResult<Option<Vec<SessionSummary>>>;
    /// Ends every session of an account (log out everywhere); how many ended.
    fn end_staff_sessions(&self, email: &str) -> StoreResult<Option<usize>>;
    /// Looks an active (not disabled or removed) staff account up by email (case-insensitive).
    fn staff_by_email(&self, email: &str) -> StoreResult<Option<StaffRecord>>;
    /// Failed-login state for an email (known or not).
    fn login_throttle(&self, email: &str) -> StoreResult<LoginThrottle>;
    /// In one write transaction: refuses while the email is locked, otherwise counts this
    /// attempt as a failure (relative increment) and sets the lock the policy asks for. The
    /// password is checked only after this, so concurrent guesses cannot share one count.
    fn reserve_login(
        &self,
        email: &str,
        now: DateTime<Utc>,
        lock: &LockPolicy,
    ) -> StoreResult<LoginAttempt>;
    /// Forgets an email's failures (after a login that passed both factors).
    fn clear_login_failures(&self, email: &str) -> StoreResult<()>;
    /// Gives back the attempt a right password reserved, without forgetting earlier failures:
    /// wrong second-factor codes keep counting across password logins.
    fn release_login(&self, email: &str) -> StoreResult<()>;
    /// The second-factor state of an account.
    fn mfa(&self, staff_id: i64) -> StoreResult<MfaRecord>;
    /// Stores a TOTP secret to enrol (replacing an unconfirmed one; never a confirmed one).
    fn set_pending_totp(&self, staff_id: i64, secret: &str) -> StoreResult<bool>;
    /// Trusts the pending secret and replaces the recovery codes with these hashes.
    fn confirm_totp(
        &self,
        staff_id: i64,
        recovery_hashes: &[String],
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Records that the code of TOTP step `step` was used; false (refuse it) when that step or
    /// a later one was used already, so a code is accepted once (RFC 6238 §5.2).
    fn use_totp_step(&self, staff_id: i64, step: u64) -> StoreResult<bool>;
    /// Spends a recovery code by its hash; false when unknown or already spent.
    fn use_recovery_code(&self, staff_id: i64, hash: &str, now: DateTime<Utc>)
    -> StoreResult<bool>;
    /// Records that a session gave a code now (completes login; step-up).
    fn session_passed_mfa(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<()>;
    /// Forgets an account's second factor and recovery codes and ends its sessions, so it
    /// enrols again at its next login; None for an unknown email.
    fn reset_mfa(&self, email: &str) -> StoreResult<Option<i64>>;
    /// Starts a staff session.
    fn create_session(&self, session: &NewStaffSession) -> StoreResult<()>;
    /// A live or dead session by the hash of its cookie value.
    fn session(&self, token_hash: &str) -> StoreResult<Option<StaffSession>>;
    /// Records activity on a session (idle timeout).
    fn touch_session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<()>;
    /// Ends a session.
    fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Deletes every session last used before `idle_before` or started before `started_before`
    /// (review L4: ended sessions were never purged); returns how many.
    fn purge_sessions(
        &self,
        idle_before: DateTime<Utc>,
        started_before: DateTime<Utc>,
    ) -> StoreResult<usize>;

    /// Creates a patient record in `clinic` together with its first invite.
    fn create_patient(
        &self,
        clinic: ClinicId,
        patient: &NewPatient,
        invite: &NewInvite,
    ) -> StoreResult<()>;
    /// Adds another invite for an existing patient of `clinic` (e.g. a second phone); false
    /// when the clinic has no such patient.
    fn add_invite(&self, clinic: ClinicId, invite: &NewInvite) -> StoreResult<bool>;
    /// Exchanges an invite for a device, atomically and only once. Unscoped: the code is the
    /// credential, and the device joins the invite's clinic.
    fn redeem_invite(
        &self,
        code_hash: &str,
        device: &NewDevice,
        now: DateTime<Utc>,
    ) -> StoreResult<Redeemed>;
    /// The device a bearer-token hash belongs to, with its clinic. Unscoped: the token is the
    /// credential.
    fn device_by_token(&self, token_hash: &str) -> StoreResult<Option<DeviceRecord>>;
    /// Staff revoke a device of a patient; false when no such device.
    fn revoke_device(
        &self,
        clinic: ClinicId,
        patient_id: &str,
        device_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Ends a device's access for `why` (the patient unlinked, or it expired); false when the
    /// clinic has no such device or its access had already ended.
    fn end_device(
        &self,
        clinic: ClinicId,
        device_id: &str,
        why: DeviceEnd,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Records a device's use at `now` unless one later than `since` is already recorded.
    fn touch_device(
        &self,
        clinic: ClinicId,
        device_id: &str,
        now: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Stores an upload and its idempotency record in one transaction, or returns the answer
    /// an earlier request with the same key got. Scoped by `idempotency.clinic`.
    fn save_upload(&self, upload: &Upload, idempotency: &IdempotencyRecord) -> StoreResult<Saved>;

    /// When a check-in of this patient was received and whether staff handled it.
    fn checkin_status(
        &self,
        clinic: ClinicId,
        patient_id: &str,
        checkin_id: &str,
    ) -> StoreResult<Option<(DateTime<Utc>, bool)>>;

    /// Every patient of the clinic with their most urgent unresolved check-in level.
    fn patient_summaries(&self, clinic: ClinicId) -> StoreResult<Vec<PatientSummary>>;
    /// One patient of the clinic with sessions, check-ins, photos and devices.
    fn patient_detail(
        &self,
        clinic: ClinicId,
        patient_id: &str,
    ) -> StoreResult<Option<PatientDetail>>;
    /// One photo of one patient of the clinic.
    fn photo(
        &self,
        clinic: ClinicId,
        patient_id: &str,
        photo_id: &str,
    ) -> StoreResult<Option<PhotoRecord>>;
    /// Adds a staff note to a check-in, marking it handled if it was not; earlier notes stay.
    /// False when the clinic has no such check-in for that patient.
    fn mark_handled(&self, clinic: ClinicId, handled: &Handled) -> StoreResult<bool>;
    /// Staff opened the patient's page: every check-in not yet seen is seen now.
    fn mark_seen(&self, clinic: ClinicId, patient_id: &str, now: DateTime<Utc>) -> StoreResult<()>;
    /// What the patient's app is told: their check-ins staff have seen, handled or answered.
    fn checkin_responses(
        &self,
        clinic: ClinicId,
        patient_id: &str,
    ) -> StoreResult<Vec<share_api::CheckinResponse>>;

    /// Erases a patient of the clinic: every row holding their data (check-ins and their notes,
    /// sessions, photo rows, devices and their idempotency answers, invites, staff alerts, the
    /// patient row) in one transaction; the audit log keeps its rows (they name the patient by
    /// a random id only). False when the clinic has no such patient. The caller deletes the
    /// photo files afterwards and audits the erasure.
    fn erase_patient(&self, clinic: ClinicId, patient_id: &str) -> StoreResult<bool>;
    /// Bytes of photos stored for the patient of the clinic: `(from this device, in all)`.
    fn photo_bytes(
        &self,
        clinic: ClinicId,
        patient_id: &str,
        device_id: &str,
    ) -> StoreResult<(u64, u64)>;
    /// Every patient, server-wide, whose record is closed as of `before` (nothing happened on
    /// it since, no urgent or contact-clinic check-in left unhandled; `store/erase_sql.rs`),
    /// for the retention purge.
    fn closed_patients(&self, before: DateTime<Utc>) -> StoreResult<Vec<(ClinicId, String)>>;
    /// Every photo row's `(patient id, sha256)`, server-wide: for moving photo files between
    /// layouts at start, never for a portal page.
    fn photo_files(&self) -> StoreResult<Vec<(String, String)>>;

    /// Appends to the audit log (hash-chained); the entry names its clinic.
    fn audit(&self, entry: &NewAuditEntry) -> StoreResult<()>;
    /// The clinic's most recent audit entries, newest first (the portal's audit page).
    fn clinic_audit_entries(&self, clinic: ClinicId, limit: u32) -> StoreResult<Vec<AuditEntry>>;
    /// The whole log's most recent entries, every clinic's and none's, newest first: for the
    /// operator on the command line, never for a portal page.
    fn audit_entries(&self, limit: u32) -> StoreResult<Vec<AuditEntry>>;
    /// Walks the audit chain and names the first edited or removed row.
    fn verify_audit(&self) -> StoreResult<AuditCheck>;
}
