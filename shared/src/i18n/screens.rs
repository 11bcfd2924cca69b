//! The catalogue's keys for the everyday screens: Today, the timeline, the navigation and
//! onboarding (the session form, "about you", the screening and the first-run notice). Kept
//! apart from `words.rs` (the check-in's safety-critical words) so each file stays readable.

use serde::Serialize;

/// The Today screen.
#[derive(Serialize, Debug)]
pub struct TodayScreenWords {
    /// The heading when there is no phase yet.
    pub title: &'static str,
    /// `{day}`, `{zone}`.
    pub subtitle_day: &'static str,
    /// `{zone}`.
    pub subtitle: &'static str,
    pub check_in: &'static str,
    pub add_session: &'static str,
    pub what_column: &'static str,
    pub when_column: &'static str,
    pub warnings: &'static str,
    pub restrictions: &'static str,
    pub dos: &'static str,
    pub donts: &'static str,
    pub expected: &'static str,
    pub coming_up: &'static str,
    pub preparation: &'static str,
    pub next_session: &'static str,
    /// `{task}`: a preparation task that already applies.
    pub task_now: &'static str,
    /// `{number}`.
    pub session: &'static str,
    /// `{unlock}`, `{when}`: "Exercise OK from Sat 10:30".
    pub unlock_from: &'static str,
    pub phase_no_sessions: &'static str,
    pub phase_preparing: &'static str,
    /// `{days}`: the next session is booked too soon after the last one.
    pub interval_warning: &'static str,
    /// Under a clinic's protocol when the patient reads another language than English.
    pub clinic_protocol_note: &'static str,
}

/// The timeline screen.
#[derive(Serialize, Debug)]
pub struct TimelineWords {
    pub title: &'static str,
    /// `{page}`, `{count}`.
    pub page: &'static str,
    pub earlier: &'static str,
    pub later: &'static str,
    pub kind_session: &'static str,
    pub kind_unlock: &'static str,
    pub kind_milestone: &'static str,
    pub kind_prep: &'static str,
    /// `{kind}`, `{number}`, `{when}`.
    pub detail: &'static str,
}

/// The navigation's places.
#[derive(Serialize, Debug)]
pub struct NavigationWords {
    pub today: &'static str,
    pub timeline: &'static str,
    pub checkins: &'static str,
    pub photos: &'static str,
    pub reminders: &'static str,
    pub clinic: &'static str,
    pub records: &'static str,
    pub about: &'static str,
    pub more: &'static str,
    /// The navigation's accessible name.
    pub label: &'static str,
    /// The web frame's first link, for keyboard users.
    pub skip_to_content: &'static str,
    /// While the stored record loads.
    pub loading: &'static str,
    /// A new version of the app is waiting (the web's service worker).
    pub update_ready: &'static str,
    /// The record is kept in memory only (no lasting storage in this browser).
    pub in_memory_title: &'static str,
    pub in_memory_lines: &'static [&'static str],
}

/// The session form as onboarding shows it.
#[derive(Serialize, Debug)]
pub struct SessionFormWords {
    pub title: &'static str,
    /// `{zone}`.
    pub intro: &'static str,
    pub session: &'static str,
    pub start: &'static str,
    pub depth: &'static str,
    pub areas: &'static str,
    pub device: &'static str,
    pub planned: &'static str,
    pub save: &'static str,
    /// How to type the start, under its field.
    pub start_hint: &'static str,
    /// The sessions screen's title (its add button is `TodayScreenWords::add_session`).
    pub list_title: &'static str,
    /// A session in the list: `{number}`; `booked` is added to one still to come.
    pub booked: &'static str,
    /// The delete button of a session, `{number}`.
    pub delete: &'static str,
    /// Asked before it is deleted, `{number}`: what goes and what stays.
    pub delete_question: &'static str,
    /// The answer that keeps it.
    pub keep: &'static str,
    /// Face, neck, décolletage, hands, scalp, body, scars, stretch marks (`TreatedArea::ALL`).
    pub area_names: [&'static str; crate::domain::TreatedArea::ALL.len()],
}

/// "About you": the profile questions that change the advice.
#[derive(Serialize, Debug)]
pub struct ProfileWords {
    pub title: &'static str,
    pub note: &'static str,
    pub cold_sores: &'static str,
    pub pregnant: &'static str,
    pub isotretinoin: &'static str,
    pub blood_thinners: &'static str,
    pub keloids: &'static str,
    pub skin_type_label: &'static str,
    pub not_sure: &'static str,
    /// `{number}`.
    pub skin_type: &'static str,
}

/// The per-session screening: questions and what a "yes" means, in `Screening::ALL` order.
#[derive(Serialize, Debug)]
pub struct ScreeningWords {
    pub title: &'static str,
    pub questions: [&'static str; crate::domain::Screening::ALL.len()],
    pub warnings: [&'static str; crate::domain::Screening::ALL.len()],
}

/// The first-run notice and the About screen.
#[derive(Serialize, Debug)]
pub struct NoticeWords {
    pub title: &'static str,
    pub about_title: &'static str,
    pub what_it_is: &'static str,
    pub privacy: &'static str,
    /// `{version}`, `{status}`.
    pub triage_table: &'static str,
    /// The triage table's review status (`checkin::TRIAGE_TABLE_STATUS` in English).
    pub triage_table_status: &'static str,
    /// `{name}`, `{version}`, `{whose}`.
    pub care_protocol: &'static str,
    pub protocol_default: &'static str,
    pub protocol_clinic: &'static str,
    pub not_a_diagnosis: &'static str,
    pub not_monitored: &'static str,
    pub follow_your_clinic: &'static str,
    pub in_an_emergency: &'static str,
}

/// Reminders: the notifications (what a patient reads on the lock screen), the calendar export,
/// the preferences form and its errors. Protocol texts (`{unlock}`, `{restriction}`, `{window}`,
/// `{milestone}`) come from the protocol in the patient's language; `{day}` is a date label
/// from `DateWords` ("sábado 14 mar").
#[derive(Serialize, Debug)]
pub struct ReminderWords {
    /// `{day}`: the recovery day.
    pub morning_title: &'static str,
    /// `{day}`.
    pub daily_title: &'static str,
    pub daily_body: &'static str,
    /// `{week}`.
    pub weekly_title: &'static str,
    pub weekly_body: &'static str,
    /// After a flagged check-in: the nudge must not sound optional.
    pub nudge_flagged_title: &'static str,
    /// `{day}`: the date with no check-in.
    pub nudge_flagged_body: &'static str,
    pub nudge_title: &'static str,
    /// `{day}`.
    pub nudge_body: &'static str,
    pub follow_up_title: &'static str,
    pub follow_up_watch: &'static str,
    pub follow_up_contact_clinic: &'static str,
    pub follow_up_urgent: &'static str,
    /// `{time}`, `{day}`, `{unlock}`, `{restriction}`.
    pub unlock_body: &'static str,
    /// `{day}`: the planned session's date.
    pub prep_title: &'static str,
    pub book_title: &'static str,
    /// `{window}`, `{day}`: the window's close.
    pub book_body: &'static str,
    pub results_title: &'static str,
    /// `{milestone}`.
    pub results_body: &'static str,
    /// The calendar file's name in the patient's calendar app.
    pub calendar_name: &'static str,
    /// `{body}`, `{time}`, `{day}`, `{year}`, `{zone}`: a calendar event's description.
    pub calendar_meant_for: &'static str,
    /// `{number}`: a milestone event's description.
    pub calendar_after_session: &'static str,
    /// The screen's heading.
    pub title: &'static str,
    pub coming_up: &'static str,
    pub save: &'static str,
    pub export_calendar: &'static str,
    pub allow_notifications: &'static str,
    /// The web app's note while notifications are allowed; `{count}`: set for this visit.
    pub page_note_allowed: &'static str,
    /// The same before they are allowed.
    pub page_note_not_allowed: &'static str,
    pub morning_label: &'static str,
    pub evening_label: &'static str,
    pub quiet_label: &'static str,
    pub kinds_label: &'static str,
    /// The switches, in `ReminderKind::ALL` order.
    pub kinds: [&'static str; crate::reminders::ReminderKind::ALL.len()],
    /// `{typed}`.
    pub bad_time: &'static str,
    /// `{typed}`.
    pub bad_quiet: &'static str,
    /// `{time}`.
    pub not_a_time: &'static str,
    /// `{quiet}`.
    pub quiet_all_day: &'static str,
    /// `{which}` (one of the two below), `{time}`, `{quiet}`.
    pub time_in_quiet: &'static str,
    pub which_morning: &'static str,
    pub which_evening: &'static str,
    /// A reminder kind the CLI does not know. `{typed}`, `{known}`: the kinds' keys.
    pub unknown_kind: &'static str,
}

/// The photo journal.
#[derive(Serialize, Debug)]
pub struct JournalWords {
    pub title: &'static str,
    pub privacy_note: &'static str,
    pub add_photo: &'static str,
    pub take_photo: &'static str,
    pub no_photos: &'static str,
    pub compare: &'static str,
    pub delete_chosen: &'static str,
    /// A photo taken before the first session.
    pub before_series: &'static str,
    /// `{day}`: the recovery day.
    pub day: &'static str,
    /// `{number}`, `{date}`: a session's group heading.
    pub session_group: &'static str,
    /// `{day}`: right after a photo was stored.
    pub imported: &'static str,
    /// `{taken}`: a photo's checkbox, for screen readers.
    pub choose_to_compare: &'static str,
    /// `{day}`, `{taken}`: a photo's alternative text.
    pub photo_alt: &'static str,
    /// `{before}`, `{after}`, `{days}`.
    pub comparison_title: &'static str,
    pub different_areas: &'static str,
    /// `{day}`.
    pub before_alt: &'static str,
    /// `{day}`.
    pub after_alt: &'static str,
    /// The slider's accessible name (what it does).
    pub slider: &'static str,
    /// The two layouts' names, where a shell offers both.
    pub slider_mode: &'static str,
    pub side_by_side: &'static str,
    /// The native share button, and the share sheet's title.
    pub share: &'static str,
    pub share_title: &'static str,
    pub download_comparison: &'static str,
    /// `{id}`.
    pub no_such_photo: &'static str,
    pub pick_two: &'static str,
}
