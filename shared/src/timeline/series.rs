//! The whole series as dated entries: sessions, unlocks, milestones and preparation tasks.
//!
//! Entries point at their protocol rule by index instead of copying its text: a five-year series
//! has hundreds of entries and a screen shows a page of them, so only that page is spelled out.

use chrono::{DateTime, Duration, Utc};

use crate::domain::{Profile, Session};
use crate::protocol::CareProtocol;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Session,
    /// Index into the protocol's `restrictions`.
    Unlock(usize),
    /// Index into the protocol's `milestones`.
    Milestone(usize),
    /// Index into the protocol's `prep_tasks`.
    Prep(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub kind: EntryKind,
    /// 1-based position of the session the entry belongs to.
    pub session_number: u32,
}

impl TimelineEntry {
    /// The rule id (`session` for a session).
    pub fn id<'p>(&self, protocol: &'p CareProtocol) -> &'p str {
        match self.kind {
            EntryKind::Session => "session",
            EntryKind::Unlock(i) => protocol.restrictions.get(i).map_or("", |r| &r.id),
            EntryKind::Milestone(i) => protocol.milestones.get(i).map_or("", |m| &m.id),
            EntryKind::Prep(i) => protocol.prep_tasks.get(i).map_or("", |t| &t.id),
        }
    }

    /// What the patient reads.
    pub fn title(&self, protocol: &CareProtocol) -> String {
        match self.kind {
            EntryKind::Session => format!("Session {}", self.session_number),
            EntryKind::Unlock(i) => {
                protocol.restrictions.get(i).map(|r| r.unlock.clone()).unwrap_or_default()
            }
            EntryKind::Milestone(i) => {
                protocol.milestones.get(i).map(|m| m.title.clone()).unwrap_or_default()
            }
            EntryKind::Prep(i) => {
                protocol.prep_tasks.get(i).map(|t| t.title.clone()).unwrap_or_default()
            }
        }
    }
}

/// Every dated entry of the series in time order (ties keep protocol order).
pub fn series_entries(
    sessions: &[Session],
    protocol: &CareProtocol,
    profile: &Profile,
) -> Vec<TimelineEntry> {
    let per_session =
        1 + protocol.restrictions.len() + protocol.milestones.len() + protocol.prep_tasks.len();
    let mut entries = Vec::with_capacity(sessions.len() * per_session);
    for (i, session) in sessions.iter().enumerate() {
        let session_number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let is_last = i + 1 == sessions.len();
        let mut push = |at, kind| entries.push(TimelineEntry { at, kind, session_number });
        for (rule, task) in protocol.prep_tasks.iter().enumerate() {
            if task.only_if.is_none_or(|flag| profile.has(flag)) {
                push(
                    session.start() - Duration::hours(i64::from(task.before_hours)),
                    EntryKind::Prep(rule),
                );
            }
        }
        push(session.start(), EntryKind::Session);
        for (rule, restriction) in protocol.restrictions.iter().enumerate() {
            push(session.after(restriction.hours), EntryKind::Unlock(rule));
        }
        for (rule, milestone) in protocol.milestones.iter().enumerate() {
            if !milestone.last_session_only || is_last {
                push(session.after(milestone.after_hours), EntryKind::Milestone(rule));
            }
        }
    }
    entries.sort_by_key(|e| e.at);
    entries
}
