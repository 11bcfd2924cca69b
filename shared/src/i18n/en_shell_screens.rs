//! English for the records screen and the native screens' labels (keys in `shell_screens.rs`).

use super::shell_screens::{DeviceWords, RecordsWords};

pub(super) const RECORDS: RecordsWords = RecordsWords {
    title: "Your records",
    fhir_intro: "Download your sessions and check-ins as a FHIR R4 file your clinic's systems can read.",
    download_fhir: "Download FHIR (JSON)",
    fhir_done: "The FHIR file was downloaded.",
    fhir_failed: "The export failed: {reason}",
    pdf_intro: "Or a PDF recovery report any clinic can file: sessions, check-ins with their triage level, the trend chart and your journal photos.",
    download_pdf: "Download PDF report",
    download_pdf_label: "Download PDF report (sessions, check-ins, chart and photos)",
    pdf_done: "The PDF report was downloaded.",
    pdf_failed: "The report failed: {reason}",
    share_pdf: "Share a PDF report",
};

pub(super) const DEVICE: DeviceWords = DeviceWords {
    times_heading: "When",
    morning_picker: "Morning reminders",
    evening_picker: "Check-in reminder",
    quiet_hours: "Quiet hours",
    quiet_from: "From",
    quiet_until: "Until",
    scheduled: "Scheduled ({count} of at most {cap})",
    exact_alarms_title: "Reminders may come a few minutes late",
    exact_alarms_body: "Allow exact alarms so reminders arrive on the minute.",
    exact_alarms_allow: "Allow",
    photo_unreadable: "This photo cannot be read.",
    photo_not_prepared: "The photo could not be prepared for import.",
    heic_needs_android_9: "HEIC photos need Android 9 or newer.",
    cannot_open: "Afterglow cannot open your data: {reason}",
    cannot_start: "Afterglow cannot start",
    worker_failed: "This browser did not start the part of Afterglow that keeps your record. Reload the page; if this happens again, try an up-to-date browser.",
    problem_title: "Something went wrong",
    problem_dismiss: "OK",
    timeline_pages: "Timeline pages",
};
