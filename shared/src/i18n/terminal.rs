//! The terminal shell's own words (`cli/`): its listings' headings and the errors of its flags
//! and files, in the patient's language like every other screen (`--lang es` or the locale).
//! Clap's `--help` text stays English, as the flags themselves do.

use serde::Serialize;

#[derive(Serialize, Debug)]
pub struct TerminalWords {
    /// `{flag}`: "--at" or "--from"; `{typed}`: what was typed.
    pub not_an_instant: &'static str,
    pub no_data_dir: &'static str,
    /// `{path}` in each of the file errors below.
    pub cannot_create_data_dir: &'static str,
    pub cannot_restrict_data_dir: &'static str,
    pub cannot_read: &'static str,
    pub cannot_write: &'static str,
    pub cannot_resolve_out: &'static str,
    pub out_not_a_file: &'static str,
    pub directory_missing: &'static str,
    pub bad_path: &'static str,
    pub path_not_utf8: &'static str,
    /// `{typed}`: the key given; `{known}`: the keys accepted, comma-separated.
    pub unknown_area: &'static str,
    pub unknown_discharge: &'static str,
    pub unknown_screening: &'static str,
    /// `{flag}`: "--redness", "--swelling" or "--pain".
    pub score_required: &'static str,
    pub no_session_started: &'static str,
    pub session_not_stored: &'static str,
    pub photo_not_stored: &'static str,
    pub nothing_written: &'static str,
    /// `{id}`: a photo's number.
    pub no_such_photo: &'static str,
    pub photo_file_unreadable: &'static str,
    pub thumbnail_unreadable: &'static str,
    pub export_id_unstored: &'static str,
    pub calendar_unavailable: &'static str,
    /// `{events}`, `{path}`.
    pub wrote_events: &'static str,
    /// The trend table's column headings, and the band column's note.
    pub trend_day: &'static str,
    pub trend_redness: &'static str,
    pub trend_swelling: &'static str,
    pub trend_pain: &'static str,
    pub trend_expected: &'static str,
    pub nothing_expected: &'static str,
    pub ahead: &'static str,
    pub no_photos: &'static str,
    pub taken_camera: &'static str,
    pub taken_given: &'static str,
    pub taken_import: &'static str,
    pub reference: &'static str,
    /// `{time}`, `{hours}`, `{kinds}`: the stored preferences.
    pub prefs_morning: &'static str,
    pub prefs_evening: &'static str,
    pub prefs_quiet: &'static str,
    pub prefs_on: &'static str,
    pub prefs_off: &'static str,
    pub none: &'static str,
    /// `{name}`, `{id}`, `{version}`, `{origin}` (one of the two below).
    pub protocol_line: &'static str,
    pub protocol_default: &'static str,
    pub protocol_clinic: &'static str,
    pub no_reminders: &'static str,
    /// `{scheduled}`, `{cap}`, `{zone}`.
    pub reminders_heading: &'static str,
    /// The demo's session device, stored as data, and its heading (`{zone}`, `{path}`).
    pub demo_device: &'static str,
    pub demo_heading: &'static str,
}
