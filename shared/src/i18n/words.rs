//! The catalogue's keys: one field per message, grouped by screen. Each language is one `const`
//! of these structs (`en.rs`, `es.rs`), so a key missing in a language does not compile, and
//! `tests::every_key_is_written_in_both_languages` checks what the compiler cannot: no empty
//! text, the same `{placeholders}`, and no English left in the Spanish.
//!
//! A text with `{name}` placeholders is filled by [`super::fill`]; numbers, phone numbers and
//! clinic names are always data passed in, never written into a translation.

use serde::Serialize;

/// Every text a patient reads, in one language (the everyday screens' keys in `screens.rs`).
#[derive(Serialize, Debug)]
pub struct Words {
    pub language_name: &'static str,
    /// The toggle's words, in this language, offering the other one ("Ver en español").
    pub switch_label: &'static str,
    /// A reminder as a locked phone shows it: no treatment, symptom or time (review #20).
    pub reminder_public: &'static str,
    pub form: FormWords,
    pub signs: SignWords,
    pub result: ResultWords,
    pub advice: AdviceWords,
    pub reasons: ReasonWords,
    pub errors: ErrorWords,
    pub safety: SafetyWords,
    pub dates: DateWords,
    pub today: super::screens::TodayScreenWords,
    pub timeline: super::screens::TimelineWords,
    pub navigation: super::screens::NavigationWords,
    pub session_form: super::screens::SessionFormWords,
    pub profile: super::screens::ProfileWords,
    pub screening: super::screens::ScreeningWords,
    pub notice: super::screens::NoticeWords,
    pub reminders: super::screens::ReminderWords,
    pub journal: super::screens::JournalWords,
    pub sharing: super::sharing::SharingWords,
    pub records: super::shell_screens::RecordsWords,
    pub device: super::shell_screens::DeviceWords,
    pub lock: super::lock::LockWords,
    pub terminal: super::terminal::TerminalWords,
}

/// The check-in questionnaire and its buttons.
#[derive(Serialize, Debug)]
pub struct FormWords {
    pub urgent_first_title: &'static str,
    pub urgent_first_hint: &'static str,
    pub redness_title: &'static str,
    pub swelling_title: &'static str,
    pub pain_title: &'static str,
    pub itch_title: &'static str,
    pub discharge_title: &'static str,
    pub other_signs_title: &'static str,
    /// Redness 0–4 (PSA-style, clinical-research.md R20).
    pub redness: [&'static str; 5],
    /// Swelling 0–3 (Draize-style, R21).
    pub swelling: [&'static str; 4],
    pub discharge_none: &'static str,
    pub discharge_clear: &'static str,
    pub discharge_blood: &'static str,
    pub discharge_pus: &'static str,
    pub temperature_label: &'static str,
    pub temperature_example: &'static str,
    pub fahrenheit_label: &'static str,
    pub unanswered_label: &'static str,
    pub note_label: &'static str,
    pub new_checkin_label: &'static str,
    /// `{number}`, `{count}`.
    pub progress: &'static str,
    pub none_of_these: &'static str,
    pub check_in: &'static str,
    pub next: &'static str,
    pub back: &'static str,
}

/// The yes/no warning signs, as questions.
#[derive(Serialize, Debug)]
pub struct SignWords {
    pub allergy: &'static str,
    pub systemic: &'static str,
    pub eye: &'static str,
    pub spreading: &'static str,
    pub streaks: &'static str,
    pub bleeding: &'static str,
    pub warmth: &'static str,
    pub blisters: &'static str,
    pub unwell: &'static str,
    pub bumps: &'static str,
    pub dark_patches: &'static str,
    pub worsening: &'static str,
}

/// The result screen and the history around it.
#[derive(Serialize, Debug)]
pub struct ResultWords {
    pub title: &'static str,
    pub result_title: &'static str,
    pub history_title: &'static str,
    pub newer: &'static str,
    pub older: &'static str,
    pub share: &'static str,
    pub done: &'static str,
    pub level_expected: &'static str,
    pub level_watch: &'static str,
    pub level_contact_clinic: &'static str,
    /// The contact-clinic heading when the rows give the clinic days, not hours (C7, C8).
    pub level_contact_clinic_soon: &'static str,
    pub level_urgent: &'static str,
    /// `{day}`.
    pub day: &'static str,
    /// `{day}`, `{rules}`.
    pub day_and_rules: &'static str,
    pub replaced: &'static str,
    pub redness: &'static str,
    pub swelling: &'static str,
    pub pain: &'static str,
    pub itch: &'static str,
    /// `{name}`, `{value}`.
    pub score: &'static str,
    /// `{name}`.
    pub score_not_answered: &'static str,
    pub scores_not_answered: &'static str,
    pub share_queued: &'static str,
    pub share_sent: &'static str,
    pub share_failed: &'static str,
    /// `{clinic}`, `{phone}`.
    pub clinic_soon: &'static str,
    /// `{clinic}`, `{phone}`.
    pub clinic_today: &'static str,
    /// `{clinic}`.
    pub call_clinic: &'static str,
    /// Under a history entry whose stored advice could not be re-worded.
    pub advice_in_english: &'static str,
}

/// The advice of the triage table (clinical-research.md §1.8), built from these pieces.
#[derive(Serialize, Debug)]
pub struct AdviceWords {
    /// Allergy (U1) and sepsis (U6): an emergency.
    pub emergency: &'static str,
    /// The other urgent rows: urgent care or an emergency department.
    pub urgent_care: &'static str,
    pub keep_pressing: &'static str,
    /// `{day}`: C8 alone.
    pub clinic_two_business_days: &'static str,
    /// `{day}`: C7 alone.
    pub clinic_next_business_day: &'static str,
    /// `{day}`.
    pub clinic_today: &'static str,
    pub unreachable_fever: &'static str,
    pub unreachable: &'static str,
    /// `{day}`.
    pub unmatched: &'static str,
    /// `{ceiling}`.
    pub past_ceiling: &'static str,
    pub say_discharge: &'static str,
    pub unmatched_follow_up: &'static str,
    pub watch: &'static str,
    pub dark_patches: &'static str,
    pub healed: &'static str,
    /// `{day}`.
    pub expected: &'static str,
    /// `{reasons}`.
    pub you_reported: &'static str,
    /// Between the reasons of several rows.
    pub reasons_separator: &'static str,
    pub tell_clinic_after_care: &'static str,
    pub measure_if_feverish: &'static str,
}

/// What the patient reported, per triage row, for "You reported …".
#[derive(Serialize, Debug)]
pub struct ReasonWords {
    pub u1: &'static str,
    pub u2: &'static str,
    pub u3: &'static str,
    pub u4: &'static str,
    pub u5: &'static str,
    pub u6: &'static str,
    pub c1: &'static str,
    pub c2: &'static str,
    pub c3: &'static str,
    pub c4: &'static str,
    pub c5: &'static str,
    pub c6: &'static str,
    pub c7: &'static str,
    pub c8: &'static str,
    pub c9: &'static str,
    pub w1: &'static str,
    pub w2: &'static str,
    pub w3: &'static str,
    pub w4: &'static str,
    pub e1: &'static str,
    pub e2: &'static str,
    pub e3: &'static str,
    pub e4: &'static str,
    /// C3's own clauses: the ones that held are named.
    pub severe_pain: &'static str,
    /// `{measures}`: "more redness and pain than the day before".
    pub more_than_day_before: &'static str,
    /// Joins two or three measure names.
    pub and: &'static str,
    /// Joins two measure names when the second starts with an "i" sound (Spanish "e hinchazón").
    pub and_before_i: &'static str,
    /// Joins C3's clauses.
    pub and_also: &'static str,
}

/// The errors a patient can meet during a check-in.
#[derive(Serialize, Debug)]
pub struct ErrorWords {
    /// `{field}`, `{max}`, `{value}`.
    pub out_of_range: &'static str,
    /// `{shown}`.
    pub implausible_temperature: &'static str,
    /// `{typed}`.
    pub temperature_not_a_number: &'static str,
    /// `{field}`.
    pub not_answered: &'static str,
    pub no_discharge: &'static str,
    pub no_session_yet: &'static str,
    /// `{len}`, `{max}`.
    pub note_too_long: &'static str,
    pub note_control_characters: &'static str,
    pub clock_not_set: &'static str,
    pub record_not_loaded: &'static str,
    /// `{typed}`: a skin type outside Fitzpatrick's 1 to 6.
    pub no_such_skin_type: &'static str,
    /// `{reason}`: the storage failure, worded by `Language::store_error`.
    pub not_saved: &'static str,
}

/// The standing "when to get urgent help" card.
#[derive(Serialize, Debug)]
pub struct SafetyWords {
    pub urgent_title: &'static str,
    pub urgent_action: &'static str,
    /// The fever row (U2), which has no question of its own.
    pub fever_sign: &'static str,
    /// `{clinic}`, `{phone}`.
    pub tell_clinic_afterwards: &'static str,
    pub not_monitored: &'static str,
}

/// Dates on these screens ("sábado 10:30"): a small table, not a locale library (ADR 0003).
#[derive(Serialize, Debug)]
pub struct DateWords {
    /// Monday first.
    pub weekdays: [&'static str; 7],
    pub months: [&'static str; 12],
    /// `{time}`.
    pub today: &'static str,
    pub tomorrow: &'static str,
    pub yesterday: &'static str,
}
