//! The catalogue's keys for the words the shells used to write themselves (issue 15's
//! `cargo xtask shell-words` ratchet): the records screen (FHIR file and PDF report), and the
//! native screens' extra labels (reminder times, exact alarms, photo import errors). Kept apart
//! from `screens.rs` so each file stays readable.

use serde::Serialize;

/// The records screen: the FHIR file and the PDF report, and the native "share a report" row.
#[derive(Serialize, Debug)]
pub struct RecordsWords {
    pub title: &'static str,
    pub fhir_intro: &'static str,
    pub download_fhir: &'static str,
    pub fhir_done: &'static str,
    /// `{reason}`: why the file could not be made (a developer's text; no patient data).
    pub fhir_failed: &'static str,
    pub pdf_intro: &'static str,
    pub download_pdf: &'static str,
    /// The PDF button's accessible name: what the report holds.
    pub download_pdf_label: &'static str,
    pub pdf_done: &'static str,
    /// `{reason}`.
    pub pdf_failed: &'static str,
    /// The native apps' row that makes the report and opens the share sheet.
    pub share_pdf: &'static str,
}

/// Labels the native screens need beyond the web's: the reminder time pickers, Android's exact
/// alarm permission, the photo import errors and the title of an error alert.
#[derive(Serialize, Debug)]
pub struct DeviceWords {
    /// The reminder times' section.
    pub times_heading: &'static str,
    /// The native time pickers (the web's typed fields are `ReminderWords::morning_label`).
    pub morning_picker: &'static str,
    pub evening_picker: &'static str,
    pub quiet_hours: &'static str,
    pub quiet_from: &'static str,
    pub quiet_until: &'static str,
    /// `{count}`, `{cap}`: the scheduled reminders' heading.
    pub scheduled: &'static str,
    /// Android without the exact-alarm permission.
    pub exact_alarms_title: &'static str,
    pub exact_alarms_body: &'static str,
    pub exact_alarms_allow: &'static str,
    pub photo_unreadable: &'static str,
    pub photo_not_prepared: &'static str,
    pub heic_needs_android_9: &'static str,
    /// The core could not start (`ffi::start_failure_words`): `{reason}` is the failure's own,
    /// for support.
    pub cannot_open: &'static str,
    /// The web app's heading when its core could not be loaded or started (the reason, for
    /// support, under it). Written into the app at build time (`shared_types before-core`).
    pub cannot_start: &'static str,
    /// The web app's worker, which runs the core and keeps the record, did not start
    /// (before-core).
    pub worker_failed: &'static str,
    /// The title of the alert that shows the core's error words.
    pub problem_title: &'static str,
    /// Its button, which closes it.
    pub problem_dismiss: &'static str,
    /// The timeline's page buttons, for screen readers.
    pub timeline_pages: &'static str,
}
