//! SQLite backend: one file, WAL, full sync on commit, numbered migrations.
//!
//! One writer connection behind a mutex (one writer is the rule SQLite is happiest with) and
//! one reader connection, so hot lookups (device tokens, sessions) never wait for a writer's
//! fsync. Uploads are group-committed: requests that arrive while a commit is in flight are
//! queued and written together by the next holder of the writer, one fsync for the batch.

mod audit;
pub mod cipher;
mod clinics;
mod enroll;
mod erase;
mod lifecycle;
mod mfa;
#[cfg(test)]
mod migration_6_tests;
#[cfg(test)]
mod migration_8_tests;
mod reads;
pub mod rekey;
mod replies;
mod schema;
mod staff;
mod uploads;

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use super::{
    AuditCheck, AuditEntry, Clinic, ClinicId, ClinicSettings, DeviceEnd, DeviceRecord, Handled,
    IdempotencyRecord, LockPolicy, LoginAttempt, LoginThrottle, MfaRecord, NewAuditEntry,
    NewDevice, NewInvite, NewPatient, NewStaffSession, PatientDetail, PatientSummary, PhotoRecord,
    Redeemed, Role, Saved, SessionSummary, SettingsUpdate, StaffRecord, StaffSession, StaffSummary,
    Store, StoreResult, Upload,
};
use cipher::{DbKey, FileState};
pub use schema::{LATEST_VERSION, MIGRATIONS};

/// The clinic database.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    reader: Mutex<Connection>,
    pending: Mutex<Vec<Arc<uploads::Queued>>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding a lock cannot leave a half-done transaction behind (rusqlite rolls
    // back on drop), so a poisoned lock is still safe to use.
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl SqliteStore {
    /// Opens (creating if absent) and migrates the database at `path`.
    ///
    /// A newer-version or foreign file is refused before anything is written to it.
    pub fn open(path: &Path) -> StoreResult<Self> {
        Self::open_keyed(path, None)
    }

    /// [`SqliteStore::open`] with the database key (issue 19): the file is opened with it, and
    /// an older server's plaintext file is first replaced by an encrypted copy (`rekey.rs`).
    /// Without a key an encrypted file is refused, untouched.
    pub fn open_keyed(path: &Path, key: Option<&DbKey>) -> StoreResult<Self> {
        let mut encrypted = None;
        match (cipher::file_state(path)?, key) {
            (FileState::Plain, Some(key)) => {
                let copied = rekey::reencrypt(path, None, key)?;
                tracing::warn!(
                    key = %key.id(),
                    tables = copied.tables,
                    rows = copied.rows,
                    "the plaintext database was encrypted with the database key"
                );
                encrypted = Some(format!(
                    "database key {}: {} tables, {} rows",
                    key.id(),
                    copied.tables,
                    copied.rows
                ));
            }
            (FileState::Opaque, None) => return Err(cipher::needs_key(path)),
            _ => {}
        }
        let store = Self::open_connections(path, key)?;
        if let Some(subject) = encrypted {
            store.audit(&NewAuditEntry {
                clinic: None,
                staff_id: None,
                actor: "server".into(),
                action: "db_encrypted".into(),
                patient_id: None,
                subject: Some(subject),
                address: None,
                now: Utc::now(),
            })?;
        }
        Ok(store)
    }

    /// Opens the writer (creating the file when absent) and the reader, and migrates.
    fn open_connections(path: &Path, key: Option<&DbKey>) -> StoreResult<Self> {
        // A new database file is private from its first byte (review H4); SQLite gives its WAL
        // and shared-memory files the same mode.
        if !path.exists() {
            let _ = crate::datadir::create_private(path);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let mut conn = cipher::open(path, flags, key)?;
        schema::refuse_foreign_or_newer(&conn)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA secure_delete = ON;",
        )?;
        schema::migrate(&mut conn)?;
        let reader = cipher::open(path, OpenFlags::SQLITE_OPEN_READ_ONLY, key)?;
        reader.execute_batch("PRAGMA busy_timeout = 5000;")?;
        Ok(Self { conn: Mutex::new(conn), reader: Mutex::new(reader), pending: Mutex::default() })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        lock(&self.conn)
    }

    fn reader(&self) -> MutexGuard<'_, Connection> {
        lock(&self.reader)
    }
}

impl Store for SqliteStore {
    fn default_clinic(&self) -> StoreResult<ClinicId> {
        clinics::default_clinic(&self.reader())
    }

    fn clinic_by_slug(&self, slug: &str) -> StoreResult<Option<ClinicId>> {
        clinics::by_slug(&self.reader(), slug)
    }

    fn add_clinic(
        &self,
        slug: &str,
        settings: &ClinicSettings,
        now: DateTime<Utc>,
    ) -> StoreResult<ClinicId> {
        clinics::add(&self.conn(), slug, settings, now)
    }

    fn clinics(&self) -> StoreResult<Vec<Clinic>> {
        clinics::list(&self.reader())
    }

    fn settings(&self, clinic: ClinicId) -> StoreResult<ClinicSettings> {
        clinics::settings(&self.reader(), clinic)
    }

    fn save_settings(&self, clinic: ClinicId, settings: &ClinicSettings) -> StoreResult<()> {
        clinics::save_settings(&self.conn(), clinic, settings)
    }

    fn update_settings(&self, clinic: ClinicId, change: &SettingsUpdate) -> StoreResult<()> {
        clinics::update_settings(&self.conn(), clinic, change)
    }

    fn public_url(&self) -> StoreResult<String> {
        clinics::public_url(&self.reader())
    }

    fn set_public_url(&self, url: &str) -> StoreResult<()> {
        clinics::set_public_url(&self.conn(), url)
    }

    fn add_staff(
        &self,
        clinic: ClinicId,
        email: &str,
        password_hash: &str,
        role: Role,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        staff::add(&mut self.conn(), clinic, email, password_hash, role, now)
    }

    fn grant_staff(&self, clinic: ClinicId, email: &str, role: Role) -> StoreResult<bool> {
        clinics::grant(&mut self.conn(), clinic, email, role)
    }

    fn revoke_staff(&self, clinic: ClinicId, email: &str) -> StoreResult<bool> {
        clinics::revoke(&mut self.conn(), clinic, email)
    }

    fn switch_clinic(&self, token_hash: &str, clinic_id: i64) -> StoreResult<bool> {
        clinics::switch(&self.conn(), token_hash, clinic_id)
    }

    fn staff_list(&self) -> StoreResult<Vec<StaffSummary>> {
        lifecycle::list(&self.reader())
    }

    fn set_staff_disabled(&self, email: &str, at: Option<DateTime<Utc>>) -> StoreResult<bool> {
        lifecycle::set_disabled(&mut self.conn(), email, at)
    }

    fn remove_staff(&self, email: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        lifecycle::remove(&mut self.conn(), email, now)
    }

    fn set_staff_password(&self, email: &str, password_hash: &str) -> StoreResult<bool> {
        lifecycle::set_password(&mut self.conn(), email, password_hash)
    }

    fn staff_sessions(&self, email: &str) -> StoreResult<Option<Vec<SessionSummary>>> {
        lifecycle::sessions(&mut self.conn(), email)
    }

    fn end_staff_sessions(&self, email: &str) -> StoreResult<Option<usize>> {
        lifecycle::end_sessions(&mut self.conn(), email)
    }

    fn staff_by_email(&self, email: &str) -> StoreResult<Option<StaffRecord>> {
        staff::by_email(&self.reader(), email)
    }

    fn login_throttle(&self, email: &str) -> StoreResult<LoginThrottle> {
        staff::throttle(&self.reader(), email)
    }

    fn reserve_login(
        &self,
        email: &str,
        now: DateTime<Utc>,
        lock: &LockPolicy,
    ) -> StoreResult<LoginAttempt> {
        staff::reserve_login(&mut self.conn(), email, now, lock)
    }

    fn clear_login_failures(&self, email: &str) -> StoreResult<()> {
        staff::clear_failures(&self.conn(), email)
    }

    fn release_login(&self, email: &str) -> StoreResult<()> {
        mfa::release_login(&self.conn(), email)
    }

    fn mfa(&self, staff_id: i64) -> StoreResult<MfaRecord> {
        mfa::mfa(&self.reader(), staff_id)
    }

    fn set_pending_totp(&self, staff_id: i64, secret: &str) -> StoreResult<bool> {
        mfa::set_pending(&self.conn(), staff_id, secret)
    }

    fn confirm_totp(&self, id: i64, hashes: &[String], now: DateTime<Utc>) -> StoreResult<bool> {
        mfa::confirm(&mut self.conn(), id, hashes, now)
    }

    fn use_totp_step(&self, staff_id: i64, step: u64) -> StoreResult<bool> {
        mfa::use_step(&self.conn(), staff_id, step)
    }

    fn use_recovery_code(&self, id: i64, hash: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        mfa::use_recovery(&self.conn(), id, hash, now)
    }

    fn session_passed_mfa(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
        mfa::session_passed(&self.conn(), token_hash, now)
    }

    fn reset_mfa(&self, email: &str) -> StoreResult<Option<i64>> {
        mfa::reset(&mut self.conn(), email)
    }

    fn create_session(&self, session: &NewStaffSession) -> StoreResult<()> {
        staff::create_session(&self.conn(), session)
    }

    fn session(&self, token_hash: &str) -> StoreResult<Option<StaffSession>> {
        staff::session(&self.reader(), token_hash)
    }

    fn touch_session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
        staff::touch_session(&self.conn(), token_hash, now)
    }

    fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        staff::delete_session(&self.conn(), token_hash)
    }

    fn purge_sessions(
        &self,
        idle_before: DateTime<Utc>,
        started_before: DateTime<Utc>,
    ) -> StoreResult<usize> {
        staff::purge_sessions(&self.conn(), idle_before, started_before)
    }

    fn create_patient(
        &self,
        clinic: ClinicId,
        patient: &NewPatient,
        invite: &NewInvite,
    ) -> StoreResult<()> {
        enroll::create_patient(&mut self.conn(), clinic, patient, invite)
    }

    fn add_invite(&self, clinic: ClinicId, invite: &NewInvite) -> StoreResult<bool> {
        enroll::add_invite(&self.conn(), clinic, invite)
    }

    fn redeem_invite(
        &self,
        code_hash: &str,
        device: &NewDevice,
        now: DateTime<Utc>,
    ) -> StoreResult<Redeemed> {
        enroll::redeem(&mut self.conn(), code_hash, device, now)
    }

    fn device_by_token(&self, token_hash: &str) -> StoreResult<Option<DeviceRecord>> {
        enroll::device_by_token(&self.reader(), token_hash)
    }

    fn revoke_device(
        &self,
        clinic: ClinicId,
        patient_id: &str,
        device_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        enroll::revoke(&self.conn(), clinic, patient_id, device_id, now)
    }

    fn end_device(
        &self,
        clinic: ClinicId,
        device_id: &str,
        why: DeviceEnd,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        enroll::end(&self.conn(), clinic, device_id, why, now)
    }

    fn touch_device(
        &self,
        clinic: ClinicId,
        device_id: &str,
        now: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> StoreResult<()> {
        enroll::touch(&self.conn(), clinic, device_id, now, since)
    }

    fn save_upload(&self, upload: &Upload, idempotency: &IdempotencyRecord) -> StoreResult<Saved> {
        uploads::save_grouped(&self.conn, &self.pending, upload, idempotency)
    }

    fn checkin_status(
        &self,
        clinic: ClinicId,
        patient_id: &str,
        checkin_id: &str,
    ) -> StoreResult<Option<(DateTime<Utc>, bool)>> {
        reads::checkin_status(&self.reader(), clinic, patient_id, checkin_id)
    }

    fn patient_summaries(&self, clinic: ClinicId) -> StoreResult<Vec<PatientSummary>> {
        reads::patient_summaries(&self.reader(), clinic)
    }

    fn patient_detail(
        &self,
        clinic: ClinicId,
        patient_id: &str,
    ) -> StoreResult<Option<PatientDetail>> {
        reads::patient_detail(&self.reader(), clinic, patient_id)
    }

    fn photo(
        &self,
        clinic: ClinicId,
        patient_id: &str,
        photo_id: &str,
    ) -> StoreResult<Option<PhotoRecord>> {
        reads::photo(&self.reader(), clinic, patient_id, photo_id)
    }

    fn mark_handled(&self, clinic: ClinicId, handled: &Handled) -> StoreResult<bool> {
        reads::mark_handled(&mut self.conn(), clinic, handled)
    }

    fn mark_seen(&self, clinic: ClinicId, patient_id: &str, now: DateTime<Utc>) -> StoreResult<()> {
        replies::mark_seen(&self.conn(), clinic, patient_id, now)
    }

    fn checkin_responses(
        &self,
        clinic: ClinicId,
        patient_id: &str,
    ) -> StoreResult<Vec<share_api::CheckinResponse>> {
        replies::responses(&self.reader(), clinic, patient_id)
    }

    fn erase_patient(&self, clinic: ClinicId, patient_id: &str) -> StoreResult<bool> {
        erase::erase(&mut self.conn(), clinic, patient_id)
    }

    fn photo_bytes(
        &self,
        clinic: ClinicId,
        patient: &str,
        device: &str,
    ) -> StoreResult<(u64, u64)> {
        erase::photo_bytes(&self.reader(), clinic, patient, device)
    }

    fn closed_patients(&self, before: DateTime<Utc>) -> StoreResult<Vec<(ClinicId, String)>> {
        erase::closed(&self.reader(), before)
    }

    fn photo_files(&self) -> StoreResult<Vec<(String, String)>> {
        erase::photo_files(&self.reader())
    }

    fn audit(&self, entry: &NewAuditEntry) -> StoreResult<()> {
        audit::append(&mut self.conn(), entry)
    }

    fn clinic_audit_entries(&self, clinic: ClinicId, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        audit::entries(&self.reader(), Some(clinic), limit)
    }

    fn audit_entries(&self, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        audit::entries(&self.reader(), None, limit)
    }

    fn verify_audit(&self) -> StoreResult<AuditCheck> {
        audit::verify(&self.reader())
    }
}
