//! The `Store` calls, each one transaction in the scope it needs (`pool::Scope`): its clinic,
//! server-wide where the key is the credential or the whole log is meant, or no clinic-owned
//! rows at all for staff and sessions.

use chrono::{DateTime, Utc};

use super::pool::Scope;
use super::{
    PostgresStore, audit, clinics, enroll, erase, lifecycle, mfa, reads, replies, staff, uploads,
};
use crate::store::{
    AuditCheck, AuditEntry, Clinic, ClinicId, ClinicSettings, DeviceEnd, DeviceRecord, Handled,
    IdempotencyRecord, LockPolicy, LoginAttempt, LoginThrottle, MfaRecord, NewAuditEntry,
    NewDevice, NewInvite, NewPatient, NewStaffSession, PatientDetail, PatientSummary, PhotoRecord,
    Redeemed, Role, Saved, SessionSummary, SettingsUpdate, StaffRecord, StaffSession, StaffSummary,
    Store, StoreResult, Upload,
};

impl Store for PostgresStore {
    fn default_clinic(&self) -> StoreResult<ClinicId> {
        self.none(clinics::default_clinic)
    }

    fn clinic_by_slug(&self, slug: &str) -> StoreResult<Option<ClinicId>> {
        self.none(|tx| clinics::by_slug(tx, slug))
    }

    fn add_clinic(
        &self,
        slug: &str,
        s: &ClinicSettings,
        now: DateTime<Utc>,
    ) -> StoreResult<ClinicId> {
        self.none(|tx| clinics::add(tx, slug, s, now))
    }

    /// Server-wide: each clinic's patient count.
    fn clinics(&self) -> StoreResult<Vec<Clinic>> {
        self.wide(clinics::list)
    }

    fn settings(&self, clinic: ClinicId) -> StoreResult<ClinicSettings> {
        self.clinic(clinic, |tx| clinics::settings(tx, clinic))
    }

    fn save_settings(&self, clinic: ClinicId, settings: &ClinicSettings) -> StoreResult<()> {
        self.clinic(clinic, |tx| clinics::save_settings(tx, clinic, settings))
    }

    fn update_settings(&self, clinic: ClinicId, change: &SettingsUpdate) -> StoreResult<()> {
        self.clinic(clinic, |tx| clinics::update_settings(tx, clinic, change))
    }

    fn public_url(&self) -> StoreResult<String> {
        self.none(clinics::public_url)
    }

    fn set_public_url(&self, url: &str) -> StoreResult<()> {
        self.none(|tx| clinics::set_public_url(tx, url))
    }

    fn add_staff(
        &self,
        clinic: ClinicId,
        email: &str,
        password_hash: &str,
        role: Role,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        self.none(|tx| staff::add(tx, clinic, email, password_hash, role, now))
    }

    fn grant_staff(&self, clinic: ClinicId, email: &str, role: Role) -> StoreResult<bool> {
        self.none(|tx| clinics::grant(tx, clinic, email, role))
    }

    fn revoke_staff(&self, clinic: ClinicId, email: &str) -> StoreResult<bool> {
        self.none(|tx| clinics::revoke(tx, clinic, email))
    }

    fn switch_clinic(&self, token_hash: &str, clinic_id: i64) -> StoreResult<bool> {
        self.none(|tx| clinics::switch(tx, token_hash, clinic_id))
    }

    /// Server-wide: each account's last login comes from the audit log.
    fn staff_list(&self) -> StoreResult<Vec<StaffSummary>> {
        self.wide(lifecycle::list)
    }

    fn set_staff_disabled(&self, email: &str, at: Option<DateTime<Utc>>) -> StoreResult<bool> {
        self.none(|tx| lifecycle::set_disabled(tx, email, at))
    }

    fn remove_staff(&self, email: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        self.none(|tx| lifecycle::remove(tx, email, now))
    }

    fn set_staff_password(&self, email: &str, password_hash: &str) -> StoreResult<bool> {
        self.none(|tx| lifecycle::set_password(tx, email, password_hash))
    }

    fn staff_sessions(&self, email: &str) -> StoreResult<Option<Vec<SessionSummary>>> {
        self.none(|tx| lifecycle::sessions(tx, email))
    }

    fn end_staff_sessions(&self, email: &str) -> StoreResult<Option<usize>> {
        self.none(|tx| lifecycle::end_sessions(tx, email))
    }

    fn staff_by_email(&self, email: &str) -> StoreResult<Option<StaffRecord>> {
        self.none(|tx| staff::by_email(tx, email))
    }

    fn login_throttle(&self, email: &str) -> StoreResult<LoginThrottle> {
        self.none(|tx| staff::throttle(tx, email))
    }

    fn reserve_login(
        &self,
        email: &str,
        now: DateTime<Utc>,
        lock: &LockPolicy,
    ) -> StoreResult<LoginAttempt> {
        self.none(|tx| staff::reserve_login(tx, email, now, lock))
    }

    fn clear_login_failures(&self, email: &str) -> StoreResult<()> {
        self.none(|tx| staff::clear_failures(tx, email))
    }

    fn release_login(&self, email: &str) -> StoreResult<()> {
        self.none(|tx| mfa::release_login(tx, email))
    }

    fn mfa(&self, staff_id: i64) -> StoreResult<MfaRecord> {
        self.none(|tx| mfa::mfa(tx, staff_id))
    }

    fn set_pending_totp(&self, staff_id: i64, secret: &str) -> StoreResult<bool> {
        self.none(|tx| mfa::set_pending(tx, staff_id, secret))
    }

    fn confirm_totp(&self, id: i64, hashes: &[String], now: DateTime<Utc>) -> StoreResult<bool> {
        self.none(|tx| mfa::confirm(tx, id, hashes, now))
    }

    fn use_totp_step(&self, staff_id: i64, step: u64) -> StoreResult<bool> {
        self.none(|tx| mfa::use_step(tx, staff_id, step))
    }

    fn use_recovery_code(&self, id: i64, hash: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        self.none(|tx| mfa::use_recovery(tx, id, hash, now))
    }

    fn session_passed_mfa(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
        self.none(|tx| mfa::session_passed(tx, token_hash, now))
    }

    fn reset_mfa(&self, email: &str) -> StoreResult<Option<i64>> {
        self.none(|tx| mfa::reset(tx, email))
    }

    fn create_session(&self, session: &NewStaffSession) -> StoreResult<()> {
        self.none(|tx| staff::create_session(tx, session))
    }

    fn session(&self, token_hash: &str) -> StoreResult<Option<StaffSession>> {
        self.none(|tx| staff::session(tx, token_hash))
    }

    fn touch_session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
        self.none(|tx| staff::touch_session(tx, token_hash, now))
    }

    fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        self.none(|tx| staff::delete_session(tx, token_hash))
    }

    fn purge_sessions(&self, idle: DateTime<Utc>, started: DateTime<Utc>) -> StoreResult<usize> {
        self.none(|tx| staff::purge_sessions(tx, idle, started))
    }

    fn create_patient(&self, c: ClinicId, p: &NewPatient, i: &NewInvite) -> StoreResult<()> {
        self.clinic(c, |tx| enroll::create_patient(tx, c, p, i))
    }

    fn add_invite(&self, clinic: ClinicId, invite: &NewInvite) -> StoreResult<bool> {
        self.clinic(clinic, |tx| enroll::add_invite(tx, clinic, invite))
    }

    /// Server-wide: the code is the credential and names the clinic.
    fn redeem_invite(
        &self,
        code: &str,
        d: &NewDevice,
        now: DateTime<Utc>,
    ) -> StoreResult<Redeemed> {
        self.wide(|tx| enroll::redeem(tx, code, d, now))
    }

    /// Server-wide: the token is the credential and names the clinic.
    fn device_by_token(&self, token_hash: &str) -> StoreResult<Option<DeviceRecord>> {
        self.wide(|tx| enroll::device_by_token(tx, token_hash))
    }

    fn revoke_device(
        &self,
        clinic: ClinicId,
        patient_id: &str,
        device_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.clinic(clinic, |tx| enroll::revoke(tx, clinic, patient_id, device_id, now))
    }

    fn end_device(
        &self,
        clinic: ClinicId,
        device_id: &str,
        why: DeviceEnd,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.clinic(clinic, |tx| enroll::end(tx, clinic, device_id, why, now))
    }

    fn touch_device(
        &self,
        clinic: ClinicId,
        device_id: &str,
        now: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.clinic(clinic, |tx| enroll::touch(tx, clinic, device_id, now, since))
    }

    fn save_upload(&self, upload: &Upload, idempotency: &IdempotencyRecord) -> StoreResult<Saved> {
        self.clinic(idempotency.clinic, |tx| uploads::save(tx, upload, idempotency))
    }

    fn checkin_status(
        &self,
        clinic: ClinicId,
        patient_id: &str,
        checkin_id: &str,
    ) -> StoreResult<Option<(DateTime<Utc>, bool)>> {
        self.clinic(clinic, |tx| reads::checkin_status(tx, clinic, patient_id, checkin_id))
    }

    fn patient_summaries(&self, clinic: ClinicId) -> StoreResult<Vec<PatientSummary>> {
        self.clinic(clinic, |tx| reads::patient_summaries(tx, clinic))
    }

    fn patient_detail(&self, clinic: ClinicId, id: &str) -> StoreResult<Option<PatientDetail>> {
        self.clinic(clinic, |tx| reads::patient_detail(tx, clinic, id))
    }

    fn photo(
        &self,
        clinic: ClinicId,
        patient_id: &str,
        photo_id: &str,
    ) -> StoreResult<Option<PhotoRecord>> {
        self.clinic(clinic, |tx| reads::photo(tx, clinic, patient_id, photo_id))
    }

    fn mark_handled(&self, clinic: ClinicId, handled: &Handled) -> StoreResult<bool> {
        self.clinic(clinic, |tx| reads::mark_handled(tx, clinic, handled))
    }

    fn mark_seen(&self, clinic: ClinicId, patient_id: &str, now: DateTime<Utc>) -> StoreResult<()> {
        self.clinic(clinic, |tx| replies::mark_seen(tx, clinic, patient_id, now))
    }

    fn checkin_responses(
        &self,
        clinic: ClinicId,
        patient_id: &str,
    ) -> StoreResult<Vec<share_api::CheckinResponse>> {
        self.clinic(clinic, |tx| replies::responses(tx, clinic, patient_id))
    }

    /// In the entry's clinic; an entry of no clinic is a server-wide row.
    fn audit(&self, entry: &NewAuditEntry) -> StoreResult<()> {
        let scope = entry.clinic.map_or(Scope::ServerWide, Scope::Clinic);
        self.pool.run(scope, |tx| audit::append_in(tx, entry))
    }

    fn clinic_audit_entries(&self, clinic: ClinicId, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        self.clinic(clinic, |tx| audit::entries(tx, Some(clinic), limit))
    }

    fn audit_entries(&self, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        self.wide(|tx| audit::entries(tx, None, limit))
    }

    fn erase_patient(&self, clinic: ClinicId, patient_id: &str) -> StoreResult<bool> {
        self.clinic(clinic, |tx| erase::erase(tx, clinic, patient_id))
    }

    fn photo_bytes(
        &self,
        clinic: ClinicId,
        patient: &str,
        device: &str,
    ) -> StoreResult<(u64, u64)> {
        self.clinic(clinic, |tx| erase::photo_bytes(tx, clinic, patient, device))
    }

    fn closed_patients(&self, before: DateTime<Utc>) -> StoreResult<Vec<(ClinicId, String)>> {
        self.wide(|tx| erase::closed(tx, before))
    }

    fn photo_files(&self) -> StoreResult<Vec<(String, String)>> {
        self.wide(erase::photo_files)
    }

    fn verify_audit(&self) -> StoreResult<AuditCheck> {
        self.wide(audit::verify)
    }
}
