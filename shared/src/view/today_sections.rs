//! Today as every shell draws it: a heading, a line under it, and the sections in order, each
//! with its title and lines; a section with nothing in it is left out. Before, each shell chose
//! its own sections, order and words (the web had no "Coming up", Android said "Not yet" where
//! the web said "When you can again", and only the native apps marked a task that already applies).

use facet::Facet;
use serde::{Deserialize, Serialize};

use super::today::TodayView;

/// Which section this is: shells may draw some differently (the restrictions as a table).
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum TodaySectionKind {
    Warnings,
    Restrictions,
    Dos,
    Donts,
    Expected,
    ComingUp,
    Preparation,
    NextSession,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TodaySection {
    pub kind: TodaySectionKind,
    pub title: String,
    pub lines: Vec<TodayLine>,
}

/// One line: what, and when it ends or applies, if it has a time. (`time`, not `when`: that
/// is a Kotlin keyword.)
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TodayLine {
    pub text: String,
    pub time: Option<String>,
}

/// The screen's own words, beside the sections.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct TodayWords {
    /// The phase, e.g. "Early healing".
    pub title: String,
    /// "Day 3 after your session · times in your zone, Europe/Berlin"
    pub subtitle: String,
    pub check_in: String,
    pub add_session: String,
    /// The restrictions' two columns, for shells that draw them as a table.
    pub what_column: String,
    pub when_column: String,
}

/// The sections of `today`, in the order they are read.
pub(super) fn sections(today: &TodayView) -> Vec<TodaySection> {
    let line = |text: &str, time: Option<&str>| TodayLine {
        text: text.to_owned(),
        time: time.map(str::to_owned),
    };
    let all = [
        (
            TodaySectionKind::Warnings,
            "Talk to your clinic about",
            today.warnings.iter().map(|w| line(&w.text, None)).collect::<Vec<_>>(),
        ),
        (
            TodaySectionKind::Restrictions,
            "When you can again",
            today.restrictions.iter().map(|r| line(&r.title, Some(&r.unlock))).collect(),
        ),
        (TodaySectionKind::Dos, "Do", today.dos.iter().map(|d| line(&d.text, None)).collect()),
        (
            TodaySectionKind::Donts,
            "Don't",
            today.donts.iter().map(|d| line(&d.text, None)).collect(),
        ),
        (
            TodaySectionKind::Expected,
            "What you may feel",
            today.expected.iter().map(|e| line(e, None)).collect(),
        ),
        (
            TodaySectionKind::ComingUp,
            "Coming up",
            today.milestones.iter().map(|m| line(&m.title, Some(&m.at_label))).collect(),
        ),
        (
            TodaySectionKind::Preparation,
            "Before your next session",
            today
                .prep_tasks
                .iter()
                .map(|p| {
                    let text =
                        if p.started { format!("Now: {}", p.title) } else { p.title.clone() };
                    TodayLine { text, time: Some(p.due_label.clone()) }
                })
                .collect(),
        ),
        (
            TodaySectionKind::NextSession,
            "Next session",
            today
                .next_session
                .iter()
                .map(|s| TodayLine {
                    text: format!("Session {}", s.number),
                    time: Some(s.start_label.clone()),
                })
                .collect(),
        ),
    ];
    all.into_iter()
        .filter(|(_, _, lines)| !lines.is_empty())
        .map(|(kind, title, lines)| TodaySection { kind, title: title.to_owned(), lines })
        .collect()
}

/// The heading and the fixed words for `today` in the patient's `zone`.
pub(super) fn words(today: &TodayView, zone: &str) -> TodayWords {
    let day = today.day_index.map(|d| format!("Day {d} after your session · ")).unwrap_or_default();
    TodayWords {
        title: if today.phase_title.is_empty() {
            "Today".to_owned()
        } else {
            today.phase_title.clone()
        },
        subtitle: format!("{day}times in your zone, {zone}"),
        check_in: "How is your skin today?".to_owned(),
        add_session: "Add another session".to_owned(),
        what_column: "Activity".to_owned(),
        when_column: "From (your time)".to_owned(),
    }
}
