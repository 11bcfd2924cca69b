//! Today as every shell draws it: a heading, a line under it, and the sections in order, each
//! with its title and lines; a section with nothing in it is left out. Before, each shell chose
//! its own sections, order and words (the web had no "Coming up", Android said "Not yet" where
//! the web said "When you can again", and only the native apps marked a task that already applies).

use facet::Facet;
use serde::{Deserialize, Serialize};

use super::today::TodayView;
use crate::i18n::{Language, fill};

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
    /// Under a clinic's aftercare plan when the patient reads another language: the plan is
    /// shown as the clinic wrote it. `None` for the app's own plan, which is translated.
    pub protocol_note: Option<String>,
}

/// The sections of `today`, in the order they are read.
pub(super) fn sections(today: &TodayView, language: Language) -> Vec<TodaySection> {
    let w = &language.words().today;
    let line = |text: &str, time: Option<&str>| TodayLine {
        text: text.to_owned(),
        time: time.map(str::to_owned),
    };
    let all = [
        (
            TodaySectionKind::Warnings,
            w.warnings,
            today.warnings.iter().map(|w| line(&w.text, None)).collect::<Vec<_>>(),
        ),
        (
            TodaySectionKind::Restrictions,
            w.restrictions,
            today.restrictions.iter().map(|r| line(&r.title, Some(&r.unlock))).collect(),
        ),
        (TodaySectionKind::Dos, w.dos, today.dos.iter().map(|d| line(&d.text, None)).collect()),
        (
            TodaySectionKind::Donts,
            w.donts,
            today.donts.iter().map(|d| line(&d.text, None)).collect(),
        ),
        (
            TodaySectionKind::Expected,
            w.expected,
            today.expected.iter().map(|e| line(e, None)).collect(),
        ),
        (
            TodaySectionKind::ComingUp,
            w.coming_up,
            today.milestones.iter().map(|m| line(&m.title, Some(&m.at_label))).collect(),
        ),
        (
            TodaySectionKind::Preparation,
            w.preparation,
            today
                .prep_tasks
                .iter()
                .map(|p| {
                    let text = if p.started {
                        fill(w.task_now, &[("task", &p.title)])
                    } else {
                        p.title.clone()
                    };
                    TodayLine { text, time: Some(p.due_label.clone()) }
                })
                .collect(),
        ),
        (
            TodaySectionKind::NextSession,
            w.next_session,
            today
                .next_session
                .iter()
                .map(|s| TodayLine {
                    text: fill(w.session, &[("number", &s.number.to_string())]),
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
pub(super) fn words(today: &TodayView, zone: &str, language: Language) -> TodayWords {
    let w = &language.words().today;
    let subtitle = match today.day_index {
        Some(day) => fill(w.subtitle_day, &[("day", &day.to_string()), ("zone", zone)]),
        None => fill(w.subtitle, &[("zone", zone)]),
    };
    TodayWords {
        title: if today.phase_title.is_empty() {
            w.title.to_owned()
        } else {
            today.phase_title.clone()
        },
        subtitle,
        check_in: w.check_in.to_owned(),
        add_session: w.add_session.to_owned(),
        what_column: w.what_column.to_owned(),
        when_column: w.when_column.to_owned(),
        protocol_note: None,
    }
}
