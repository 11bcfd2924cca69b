//! The whole series as dated entries: sessions, unlocks, milestones and preparation tasks.

use chrono::{DateTime, Utc};

use super::today::prep_tasks;
use crate::domain::{Profile, Session};
use crate::protocol::CareProtocol;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Session,
    Unlock,
    Milestone,
    Prep,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub kind: EntryKind,
    /// Rule id (restriction, milestone or task), or `session`.
    pub id: String,
    pub title: String,
    /// 1-based position of the session the entry belongs to.
    pub session_number: u32,
}

/// Every dated entry of the series in time order (ties keep protocol order).
pub fn series_entries(
    sessions: &[Session],
    protocol: &CareProtocol,
    profile: &Profile,
) -> Vec<TimelineEntry> {
    let mut entries = Vec::new();
    for (i, session) in sessions.iter().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let is_last = i + 1 == sessions.len();
        let entry = |at, kind, id: &str, title: &str| TimelineEntry {
            at,
            kind,
            id: id.to_owned(),
            title: title.to_owned(),
            session_number: number,
        };
        for task in prep_tasks(session, protocol, profile) {
            entries.push(entry(task.due, EntryKind::Prep, &task.id, &task.title));
        }
        let title = format!("Session {number}");
        entries.push(entry(session.start(), EntryKind::Session, "session", &title));
        for rule in &protocol.restrictions {
            entries.push(entry(
                session.after(rule.hours),
                EntryKind::Unlock,
                &rule.id,
                &rule.unlock,
            ));
        }
        for m in protocol.milestones.iter().filter(|m| !m.last_session_only || is_last) {
            entries.push(entry(
                session.after(m.after_hours),
                EntryKind::Milestone,
                &m.id,
                &m.title,
            ));
        }
    }
    entries.sort_by_key(|e| e.at);
    entries
}
