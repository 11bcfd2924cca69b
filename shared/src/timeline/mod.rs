//! The timeline engine: where a patient is in their recovery at an instant, and the whole series
//! as a list of dated entries. Pure functions of (sessions, protocol, profile, now).
//!
//! Every window is elapsed time from a session's start instant, so "24 hours" is 24 hours even
//! across a DST change; the view layer decides how an instant reads in the patient's zone.

mod series;
mod today;

pub use series::{EntryKind, TimelineEntry, series_entries};
pub use today::{ActiveRestriction, Milestone, PrepTask, Today, today};

use crate::domain::Session;

/// Phase id while no session has happened yet but one is booked.
pub const PHASE_PREPARING: &str = "preparing";
/// Phase id while the patient has no session at all.
pub const PHASE_NO_SESSIONS: &str = "no_sessions";

/// Sessions that started at or before `now` and the first one after it. Sessions must be sorted
/// by start (the store returns them so; [`crate::app`] keeps them so).
fn split_at_now(
    sessions: &[Session],
    now: chrono::DateTime<chrono::Utc>,
) -> (&[Session], Option<&Session>) {
    let next = sessions.partition_point(|s| s.start() <= now);
    (&sessions[..next], sessions.get(next))
}
