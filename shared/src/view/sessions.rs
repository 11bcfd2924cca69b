//! The list of sessions, and the form that adds one.

use chrono::Timelike;
use facet::Facet;
use serde::{Deserialize, Serialize};

use super::format::{at_label_in, rfc3339};
use crate::domain::{Session, SessionForm, TreatedArea, clock::Now};
use crate::i18n::Language;

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SessionView {
    pub id: i64,
    /// 1-based position in the series.
    pub number: u32,
    /// Start in the zone where the session took place.
    pub start: String,
    /// Start as the patient reads it now, in their current zone.
    pub start_label: String,
    pub zone: String,
    /// e.g. "1.5"
    pub depth_mm: String,
    pub areas: Vec<TreatedArea>,
    pub device: Option<String>,
    pub notes: Option<String>,
    pub planned: bool,
    /// "Session 2", or "Session 2 · booked" for one still to come.
    pub title: String,
    /// "Sat 14 Mar 10:30 · 1.5 mm · Face, Neck"
    pub summary: String,
    /// The delete button's label: "Delete session 2".
    pub delete_label: String,
    /// Asked before deleting: what goes and what stays.
    pub delete_question: String,
}

pub(super) fn build(sessions: &[Session], now: Now, language: Language) -> Vec<SessionView> {
    sessions.iter().enumerate().map(|(i, s)| session_view(s, i + 1, now, language)).collect()
}

/// One session; `number` is its 1-based position in the series.
pub(super) fn session_view(
    s: &Session,
    number: usize,
    now: Now,
    language: Language,
) -> SessionView {
    let own_zone = s.details.zone.parse().unwrap_or(now.zone);
    let words = &language.words().session_form;
    let number_text = number.to_string();
    let n = [("number", number_text.as_str())];
    let planned = s.start() > now.instant;
    let numbered = crate::i18n::fill(language.words().today.session, &n);
    let title = if planned { format!("{numbered} · {}", words.booked) } else { numbered };
    let start_label = at_label_in(language, s.start(), now.zone, now.instant);
    let depth_mm = format_depth(s.details.depth_um);
    let areas: Vec<&str> = s.details.areas.iter().map(|a| a.label_in(language)).collect();
    let mut summary = format!("{start_label} · {depth_mm} mm");
    if !areas.is_empty() {
        summary = format!("{summary} · {}", areas.join(", "));
    }
    SessionView {
        id: s.id,
        number: u32::try_from(number).unwrap_or(u32::MAX),
        start: rfc3339(s.start(), own_zone),
        start_label,
        zone: s.details.zone.clone(),
        depth_mm,
        areas: s.details.areas.clone(),
        device: s.details.device.clone(),
        notes: s.details.notes.clone(),
        planned,
        title,
        summary,
        delete_label: crate::i18n::fill(words.delete, &n),
        delete_question: crate::i18n::fill(words.delete_question, &n),
    }
}

/// Millimetres without trailing zeros: 1500 µm → "1.5", 250 → "0.25", 2000 → "2".
pub fn format_depth(um: u32) -> String {
    let text = format!("{}.{:03}", um / 1000, um % 1000);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The session form's words (onboarding and "add another session"): the fields themselves are
/// the shell's inputs, what they are called is the core's.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct SessionFormView {
    pub title: String,
    /// With the patient's zone: "… Times are in your zone, Europe/Madrid."
    pub intro: String,
    pub session: String,
    pub start: String,
    pub depth: String,
    pub areas: String,
    pub device: String,
    pub planned: String,
    pub save: String,
    /// How to type the start ("Date and time, like 2026-03-14 10:30").
    pub start_hint: String,
    /// The sessions screen's title and its button that opens this form.
    pub list_title: String,
    pub add: String,
    /// The answer to a session's `delete_question` that keeps it.
    pub keep: String,
    /// What the form holds when it opens; every shell starts its fields from it.
    pub initial: SessionForm,
    /// `initial.start` as the hint writes it ("2026-03-14 10:30"), for a plain text field.
    pub initial_start_typed: String,
    /// `initial.start` as an instant, for a date picker that takes one.
    pub initial_start_utc_ms: i64,
}

/// The depth a new session's form offers: the shallowest band's (up to 0.5 mm: redness expected
/// for a day), so a patient who keeps it without knowing their depth has a later day's redness
/// flagged for a look rather than called expected.
pub const INITIAL_DEPTH_MM: &str = "0.5";

/// The form as it opens, at `now`: started this minute in the patient's zone, the initial
/// depth, the face. A patient who keeps the start of a session that began earlier has its
/// restrictions end later than they need to, never sooner (and a photo taken before the start
/// entered is refused as before the first session: the start is theirs to correct).
fn initial(now: Option<Now>) -> (SessionForm, i64) {
    let (start, start_ms) = now.map_or((String::new(), 0), |now| {
        let local = now.instant.with_timezone(&now.zone).naive_local();
        let minute = local.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(local);
        let ms = now.instant.timestamp_millis();
        let start_ms = ms - ms.rem_euclid(60_000);
        (super::format::local_minutes(minute), start_ms)
    });
    let form = SessionForm {
        start,
        zone: now.map(|now| now.zone.name().to_owned()).unwrap_or_default(),
        depth_mm: INITIAL_DEPTH_MM.to_owned(),
        areas: vec![TreatedArea::Face],
        ..SessionForm::default()
    };
    (form, start_ms)
}

pub(super) fn form(language: Language, now: Option<Now>) -> SessionFormView {
    let w = &language.words().session_form;
    let zone = now.map(|now| now.zone.name()).unwrap_or_default();
    let (initial, initial_start_utc_ms) = initial(now);
    SessionFormView {
        title: w.title.to_owned(),
        intro: crate::i18n::fill(w.intro, &[("zone", zone)]),
        session: w.session.to_owned(),
        start: w.start.to_owned(),
        depth: w.depth.to_owned(),
        areas: w.areas.to_owned(),
        device: w.device.to_owned(),
        planned: w.planned.to_owned(),
        save: w.save.to_owned(),
        start_hint: w.start_hint.to_owned(),
        list_title: w.list_title.to_owned(),
        add: language.words().today.add_session.to_owned(),
        keep: w.keep.to_owned(),
        initial_start_typed: initial.start.replacen('T', " ", 1),
        initial,
        initial_start_utc_ms,
    }
}
