//! Human-readable output. Layout only: every word and time comes from the view model.

use std::fmt::Write;

use shared::ViewModel;
use shared::domain::Profile;
use shared::view::{AdviceView, EntryKindView, SessionView, TimelineEntryView, TodayView};

pub fn today(t: &TodayView, view: &ViewModel) -> String {
    let mut out = String::new();
    let day = t.day_index.map_or(String::new(), |d| format!("Day {d} · "));
    let _ = writeln!(out, "{day}{}   ({}, {})", t.phase_title, t.now, view.zone);
    section(
        &mut out,
        "Still off limits",
        t.restrictions.iter().map(|r| format!("{} — {}", r.title, r.unlock)),
    );
    section(&mut out, "Do", t.dos.iter().map(|a| a.text.clone()));
    section(&mut out, "Don't", t.donts.iter().map(|a| a.text.clone()));
    section(&mut out, "Normal to feel now", t.expected.iter().cloned());
    section(
        &mut out,
        "Coming up",
        t.milestones.iter().map(|m| format!("{} — {}", m.at_label, m.title)),
    );
    if let Some(next) = &t.next_session {
        let heading = format!("Before session {} ({})", next.number, next.start_label);
        let tasks = t.prep_tasks.iter().map(|p| {
            let when = if p.started { "now".to_owned() } else { format!("from {}", p.due_label) };
            format!("{when}: {}", p.title)
        });
        section(&mut out, &heading, tasks);
    }
    section(&mut out, "Discuss with your clinic", t.warnings.iter().map(|w| w.text.clone()));
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

pub fn sessions(sessions: &[SessionView]) -> String {
    let mut out = String::new();
    for s in sessions {
        let areas: Vec<&str> = s.areas.iter().map(|a| a.key()).collect();
        let planned = if s.planned { " (planned)" } else { "" };
        let _ = writeln!(
            out,
            "{:>4}  #{:<3} {} {}  {} mm  {}{planned}",
            s.id,
            s.number,
            s.start,
            s.zone,
            s.depth_mm,
            areas.join(", ")
        );
    }
    out
}

pub fn profile(p: &Profile, warnings: &[AdviceView]) -> String {
    let mut out = String::new();
    let yes = |b: bool| if b { "yes" } else { "no" };
    let skin = p.fitzpatrick.map_or("not given".to_owned(), |t| t.to_string());
    let _ = writeln!(out, "cold-sore history: {}", yes(p.cold_sore_history));
    let _ = writeln!(out, "Fitzpatrick skin type: {skin}");
    let _ = writeln!(out, "pregnant or breastfeeding: {}", yes(p.pregnant));
    let _ =
        writeln!(out, "isotretinoin in the last 6 months: {}", yes(p.isotretinoin_last_6_months));
    let _ = writeln!(out, "anticoagulants: {}", yes(p.anticoagulants));
    let _ = writeln!(out, "keloid tendency: {}", yes(p.keloid_tendency));
    section(&mut out, "Discuss with your clinic", warnings.iter().map(|w| w.text.clone()));
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
