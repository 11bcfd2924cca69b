//! Human-readable output. Layout only: every word and time comes from the view model, in the
//! language the patient chose (`--lang`, or the locale).

use std::fmt::Write;

use shared::domain::ProfileForm;
use shared::view::{EntryKindView, SessionView, TimelineEntryView, TodayView};

/// Today as the other shells draw it: the phase, the line under it, then the core's sections.
pub fn today(t: &TodayView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n{}", t.words.title, t.words.subtitle);
    if let Some(note) = &t.words.protocol_note {
        let _ = writeln!(out, "{note}");
    }
    for s in &t.sections {
        let lines = s.lines.iter().map(|l| match &l.time {
            Some(time) => format!("{} — {time}", l.text),
            None => l.text.clone(),
        });
        section(&mut out, &s.title, lines);
    }
    out
}

pub fn timeline(entries: &[TimelineEntryView]) -> String {
    let mut out = String::new();
    for e in entries {
        let mark = match e.kind {
            EntryKindView::Session => "●",
            EntryKindView::Unlock => "✓",
            EntryKindView::Milestone => "◆",
            EntryKindView::Prep => "□",
        };
        let tense = if e.past { " " } else { "›" };
        let _ = writeln!(out, "{tense} {:<25} {mark} {}", e.at, e.title);
    }
    out
}

/// One line per session: its id (for `session delete`), then the core's title and summary.
pub fn sessions(sessions: &[SessionView]) -> String {
    let mut out = String::new();
    for s in sessions {
        let _ = writeln!(out, "{:>4}  {} · {}", s.id, s.title, s.summary);
    }
    out
}

/// The "about you" answers as the core words the questions, and what to discuss because of
/// them.
pub fn profile(form: &ProfileForm, warnings: (&str, &[String])) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", form.title);
    for q in &form.questions {
        let mark = if q.yes { "[x]" } else { "[ ]" };
        let _ = writeln!(out, "  {mark} {}", q.text);
    }
    if let Some(chosen) = form.skin_types.iter().find(|c| c.chosen) {
        let _ = writeln!(out, "{}: {}", form.skin_type_label, chosen.label);
    }
    let (heading, lines) = warnings;
    section(&mut out, heading, lines.iter().cloned());
    out
}

fn section(out: &mut String, heading: &str, lines: impl Iterator<Item = String>) {
    let lines: Vec<String> = lines.collect();
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{heading}:");
    for line in lines {
        let _ = writeln!(out, "  • {line}");
    }
}
