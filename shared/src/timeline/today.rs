//! "Today": the phase, do's and don'ts, active restrictions, what to expect, what comes next.

use chrono::{DateTime, Duration, Utc};

use super::{PHASE_NO_SESSIONS, PHASE_PREPARING, split_at_now};
use crate::domain::{Profile, Session};
use crate::protocol::{CareProtocol, ExpectedUntil};

/// A restriction still in force, and the instant it ends.
#[derive(Clone, Debug, PartialEq)]
pub struct ActiveRestriction {
    pub id: String,
    pub title: String,
    pub unlock: String,
    pub until: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Milestone {
    pub id: String,
    pub title: String,
    pub at: DateTime<Utc>,
    pub until: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PrepTask {
    pub id: String,
    pub title: String,
    pub due: DateTime<Utc>,
    pub session_id: i64,
}

/// Where the patient is, at one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Today {
    /// The session the patient is recovering from (the newest that has started).
    pub current: Option<Session>,
    /// The next booked session.
    pub next: Option<Session>,
    /// Whole elapsed 24 h periods since the current session started (0 on the session day).
    pub day_index: Option<u32>,
    pub phase_id: String,
    pub phase_title: String,
    pub dos: Vec<(String, String)>,
    pub donts: Vec<(String, String)>,
    pub restrictions: Vec<ActiveRestriction>,
    /// What is normal to feel now, with when it should pass.
    pub expected: Vec<(String, String, DateTime<Utc>)>,
    pub milestones: Vec<Milestone>,
    pub prep_tasks: Vec<PrepTask>,
    /// Profile-based things to discuss with the clinic.
    pub warnings: Vec<(String, String)>,
}

/// Computes today's view of the series at `now`.
pub fn today(
    sessions: &[Session],
    protocol: &CareProtocol,
    profile: &Profile,
    now: DateTime<Utc>,
) -> Today {
    let (started, next) = split_at_now(sessions, now);
    let current = started.last();
    let warnings = protocol
        .warnings
        .iter()
        .filter(|w| profile.has(w.flag))
        .map(|w| (w.id.clone(), w.text.clone()))
        .collect();
    let prep_tasks = next.map(|session| prep_tasks(session, protocol, profile)).unwrap_or_default();

    let Some(current) = current else {
        let phase_id = if next.is_some() { PHASE_PREPARING } else { PHASE_NO_SESSIONS };
        let phase_title = if next.is_some() {
            "Getting ready for your session"
        } else {
            "Add your first session"
        };
        return Today {
            current: None,
            next: next.cloned(),
            day_index: None,
            phase_id: phase_id.into(),
            phase_title: phase_title.into(),
            dos: Vec::new(),
            donts: Vec::new(),
            restrictions: Vec::new(),
            expected: Vec::new(),
            milestones: Vec::new(),
            prep_tasks,
            warnings,
        };
    };

    let elapsed = now - current.start();
    let hours = elapsed.num_hours();
    let in_window = |from: u32, until: u32| hours >= i64::from(from) && hours < i64::from(until);
    let phase = protocol.phase_at(hours);
    let redness_end =
        current.start() + Duration::days(i64::from(protocol.redness_days(current.depth_mm())));
    let ceiling = current.start() + Duration::days(i64::from(protocol.expected_ceiling_days));

    Today {
        day_index: u32::try_from(elapsed.num_days()).ok(),
        phase_id: phase.map_or_else(|| "recovery".into(), |p| p.id.clone()),
        phase_title: phase.map_or_else(|| "Recovery".into(), |p| p.title.clone()),
        dos: protocol
            .dos
            .iter()
            .filter(|d| in_window(d.from_hours, d.until_hours))
            .map(|d| (d.id.clone(), d.text.clone()))
            .collect(),
        donts: protocol
            .donts
            .iter()
            .filter(|d| in_window(d.from_hours, d.until_hours))
            .map(|d| (d.id.clone(), d.text.clone()))
            .collect(),
        restrictions: active_restrictions(started, protocol, now),
        expected: protocol
            .expected
            .iter()
            .filter_map(|e| {
                let from = current.after(e.from_hours);
                let until = match (e.until_hours, e.until) {
                    (Some(h), _) => current.after(h),
                    (None, Some(ExpectedUntil::RednessEnd)) => redness_end,
                    (None, None) => return None,
                };
                let until = until.min(ceiling);
                (from <= now && now < until).then(|| (e.id.clone(), e.text.clone(), until))
            })
            .collect(),
        milestones: protocol
            .milestones
            .iter()
            .filter(|m| !m.last_session_only || next.is_none())
            .map(|m| Milestone {
                id: m.id.clone(),
                title: m.title.clone(),
                at: current.after(m.after_hours),
                until: m.until_hours.map(|h| current.after(h)),
            })
            .filter(|m| m.until.unwrap_or(m.at) > now)
            .collect(),
        current: Some(current.clone()),
        next: next.cloned(),
        prep_tasks,
        warnings,
    }
}

/// Restrictions of every started session that are still running. Sessions close together can
/// overlap; each restriction then ends at the latest of its ends.
fn active_restrictions(
    started: &[Session],
    protocol: &CareProtocol,
    now: DateTime<Utc>,
) -> Vec<ActiveRestriction> {
    protocol
        .restrictions
        .iter()
        .filter_map(|rule| {
            let until = started.iter().map(|s| s.after(rule.hours)).max()?;
            (until > now).then(|| ActiveRestriction {
                id: rule.id.clone(),
                title: rule.title.clone(),
                unlock: rule.unlock.clone(),
                until,
            })
        })
        .collect()
}

/// Preparation tasks before `session`, soonest due first.
pub(super) fn prep_tasks(
    session: &Session,
    protocol: &CareProtocol,
    profile: &Profile,
) -> Vec<PrepTask> {
    let mut tasks: Vec<PrepTask> = protocol
        .prep_tasks
        .iter()
        .filter(|t| t.only_if.is_none_or(|flag| profile.has(flag)))
        .map(|t| PrepTask {
            id: t.id.clone(),
            title: t.title.clone(),
            due: session.start() - Duration::hours(i64::from(t.before_hours)),
            session_id: session.id,
        })
        .collect();
    tasks.sort_by_key(|t| t.due);
    tasks
}
