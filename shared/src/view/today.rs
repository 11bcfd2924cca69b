//! The today screen.

use facet::Facet;
use serde::{Deserialize, Serialize};

use super::format::{at_label_in, rfc3339};
use super::sessions::{SessionView, session_view};
use crate::domain::{Profile, Session, clock::Now};
use crate::i18n::{Language, fill};
use crate::protocol::CareProtocol;
use crate::timeline;

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TodayView {
    /// "Now" in the display zone (RFC 3339).
    pub now: String,
    /// The session being recovered from.
    pub session: Option<SessionView>,
    /// Whole elapsed 24 h periods since that session started: 0 on the session day.
    pub day_index: Option<u32>,
    /// Stable phase id, e.g. `fresh`, `early_healing`, `preparing`.
    pub phase: String,
    pub phase_title: String,
    pub dos: Vec<AdviceView>,
    pub donts: Vec<AdviceView>,
    /// Restrictions still in force, each with when it ends.
    pub restrictions: Vec<RestrictionView>,
    /// What is normal to feel today.
    pub expected: Vec<String>,
    pub milestones: Vec<MilestoneView>,
    /// Preparation for the next booked session.
    pub prep_tasks: Vec<PrepTaskView>,
    /// The next booked session.
    pub next_session: Option<SessionView>,
    /// Things to discuss with the clinic because of the profile.
    pub warnings: Vec<AdviceView>,
    /// All of the above as the screen shows it, in order, with the screen's words.
    pub sections: Vec<super::today_sections::TodaySection>,
    pub words: super::today_sections::TodayWords,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct AdviceView {
    pub id: String,
    pub text: String,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct RestrictionView {
    /// Stable snake_case id, e.g. `no_makeup`.
    pub id: String,
    pub title: String,
    /// RFC 3339 in the display zone.
    pub until: String,
    /// The unlock as the patient reads it: "Makeup OK (use clean brushes) from Sat 10:30".
    pub unlock: String,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct MilestoneView {
    pub id: String,
    pub title: String,
    pub at: String,
    pub at_label: String,
    /// End of the window, for milestones that are windows.
    pub until: Option<String>,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PrepTaskView {
    pub id: String,
    pub title: String,
    /// From when the task applies (RFC 3339 in the display zone).
    pub due: String,
    pub due_label: String,
    /// The task already applies.
    pub started: bool,
}

pub(super) fn build(
    sessions: &[Session],
    protocol: &CareProtocol,
    profile: &Profile,
    now: Now,
    language: Language,
) -> TodayView {
    let t = timeline::today(sessions, protocol, profile, now.instant);
    let zone = now.zone;
    let w = &language.words().today;
    let at_label = |at| at_label_in(language, at, zone, now.instant);
    let advice = |items: Vec<(String, String)>| {
        items.into_iter().map(|(id, text)| AdviceView { id, text }).collect()
    };
    let mut view = TodayView {
        now: rfc3339(now.instant, zone),
        session: t.current.as_ref().map(|s| session_view(s, number(sessions, s), now, language)),
        day_index: t.day_index,
        // The core's own titles before any session; a protocol's phases in its own words.
        phase_title: match t.phase_id.as_str() {
            timeline::PHASE_NO_SESSIONS => w.phase_no_sessions.to_owned(),
            timeline::PHASE_PREPARING => w.phase_preparing.to_owned(),
            _ => t.phase_title,
        },
        phase: t.phase_id,
        dos: advice(t.dos),
        donts: advice(t.donts),
        restrictions: t
            .restrictions
            .into_iter()
            .map(|r| RestrictionView {
                unlock: fill(w.unlock_from, &[("unlock", &r.unlock), ("when", &at_label(r.until))]),
                until: rfc3339(r.until, zone),
                id: r.id,
                title: r.title,
            })
            .collect(),
        expected: t.expected.into_iter().map(|(_, text, _)| text).collect(),
        milestones: t
            .milestones
            .into_iter()
            .map(|m| MilestoneView {
                at: rfc3339(m.at, zone),
                at_label: at_label(m.at),
                until: m.until.map(|u| rfc3339(u, zone)),
                id: m.id,
                title: m.title,
            })
            .collect(),
        prep_tasks: t
            .prep_tasks
            .into_iter()
            .map(|p| PrepTaskView {
                due: rfc3339(p.due, zone),
                due_label: at_label(p.due),
                started: p.due <= now.instant,
                id: p.id,
                title: p.title,
            })
            .collect(),
        next_session: t.next.as_ref().map(|s| session_view(s, number(sessions, s), now, language)),
        warnings: {
            let mut warnings = advice(t.warnings);
            if let Some(next) = t.next.as_ref() {
                warnings.extend(before_session(sessions, next, language));
            }
            warnings
        },
        sections: Vec::new(),
        words: Default::default(),
    };
    view.sections = super::today_sections::sections(&view, language);
    view.words = super::today_sections::words(&view, now.zone.name(), language);
    view
}

/// The booked session's screening answers and its distance from the session before, as things
/// to discuss with the clinic before it (clinical review, major 15). Never a refusal.
fn before_session(sessions: &[Session], next: &Session, language: Language) -> Vec<AdviceView> {
    use crate::domain::screening::MIN_INTERVAL_DAYS;
    let mut out: Vec<AdviceView> = next
        .details
        .screening
        .iter()
        .map(|s| AdviceView {
            id: format!("screening_{}", s.key()),
            text: s.warning_in(language).to_owned(),
        })
        .collect();
    let previous = sessions
        .iter()
        .filter(|s| s.id != next.id && s.start() <= next.start())
        .max_by_key(|s| (s.start(), s.id));
    if let Some(previous) = previous {
        let days = (next.start() - previous.start()).num_days();
        if days < MIN_INTERVAL_DAYS {
            out.push(AdviceView {
                id: "interval".into(),
                text: fill(language.words().today.interval_warning, &[("days", &days.to_string())]),
            });
        }
    }
    out
}

/// 1-based position of `session` in the series.
fn number(sessions: &[Session], session: &Session) -> usize {
    sessions.iter().position(|s| s.id == session.id).map_or(0, |i| i + 1)
}
