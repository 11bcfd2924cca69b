//! The plan after a new newest check-in, updated from the plan before it instead of re-planned.
//!
//! A check-in decides only the check-in reminders (it answers its own local day's), the nudge
//! and the follow-up ([`super::checkins`]); every other kind depends on the series, the
//! preferences, the zone and the clock alone. So when a check-in is the only change, the other
//! reminders stay as they were and only the check-in kinds are planned again and merged in.
//! That is exact only if every pending reminder up to some instant is known, so the plan is
//! kept a little beyond the platform's window ([`SPARE`]) and a check-in that leaves fewer than
//! the window known falls back to a whole re-plan. A property test in `sync_tests` holds the
//! result to the whole re-plan.

use chrono::{DateTime, Utc};

use super::plan::{PlanInput, Reminder, fire_at, order, written};
use super::{ReminderKind, candidates, relevant};

/// Reminders planned beyond the platform's window: a check-in can remove at most three from
/// the window (its day's check-in reminder, the previous follow-up and the nudge).
pub(super) const SPARE: usize = 8;

/// Reminders a check-in can change.
fn from_check_ins(kind: ReminderKind) -> bool {
    matches!(kind, ReminderKind::CheckIn | ReminderKind::CheckInNudge)
}

/// A plan holding every pending reminder that fires before `bound` (all of them when `None`),
/// soonest first, and maybe some that fire at `bound` (a plan cut at its limit can leave out
/// some that tie with its last one).
#[derive(Default)]
pub(super) struct Known {
    pub reminders: Vec<Reminder>,
    pub bound: Option<DateTime<Utc>>,
}

impl Known {
    /// From a plan made with `limit`: all of them when the plan is shorter than its limit, else
    /// known up to the last one's instant.
    pub fn from_plan(reminders: Vec<Reminder>, limit: usize) -> Self {
        let bound =
            if reminders.len() < limit { None } else { reminders.last().map(|r| r.fire_at) };
        Self { reminders, bound }
    }

    /// The soonest `cap`: what the platform schedules.
    pub fn window(&self, cap: usize) -> &[Reminder] {
        self.reminders.get(..cap).unwrap_or(&self.reminders)
    }

    /// The plan after a new newest check-in, planned from `input` as a re-plan would be (the
    /// same inputs, the check-in included), and whether its soonest `cap` differ from before.
    /// `None` when fewer than `cap` reminders would be known: only a re-plan can tell then.
    pub fn after_check_in(&mut self, input: &PlanInput<'_>, cap: usize) -> Option<(Known, bool)> {
        let fresh = check_in_reminders(input, self.bound);
        let bound = self.bound;
        let known_before_bound = |r: &&Reminder| bound.is_none_or(|bound| r.fire_at < bound);
        let kept = self
            .reminders
            .iter()
            .filter(|r| !from_check_ins(r.kind))
            .filter(known_before_bound)
            .count();
        // The window is exact only if it ends before the bound.
        if bound.is_some() && kept + fresh.len() < cap {
            return None;
        }
        let merged = merge_order(&self.reminders, &fresh);
        let old_window = self.window(cap);
        let new_len = merged.len().min(cap);
        let changed = new_len != old_window.len()
            || merged.iter().zip(old_window).enumerate().any(|(at, (source, old))| match source {
                Source::Kept(i) => *i != at,
                Source::Fresh(j) => fresh.get(*j) != Some(old),
            });
        let mut kept: Vec<Option<Reminder>> =
            std::mem::take(&mut self.reminders).into_iter().map(Some).collect();
        let mut fresh: Vec<Option<Reminder>> = fresh.into_iter().map(Some).collect();
        let reminders = merged
            .iter()
            .filter_map(|source| match source {
                Source::Kept(i) => kept.get_mut(*i).and_then(Option::take),
                Source::Fresh(j) => fresh.get_mut(*j).and_then(Option::take),
            })
            .collect();
        Some((Known { reminders, bound: self.bound }, changed))
    }
}

/// Where a reminder of the merged plan comes from.
enum Source {
    /// The plan before, at this index.
    Kept(usize),
    /// The newly planned check-in reminders, at this index.
    Fresh(usize),
}

/// The kept reminders (the check-in kinds left out) and the fresh ones, soonest first. Kept and
/// fresh reminders never share a kind, so (instant, kind, session) orders them as the planner
/// does; within each list the planner's order stands.
fn merge_order(before: &[Reminder], fresh: &[Reminder]) -> Vec<Source> {
    let rank = |r: &Reminder| (r.fire_at, r.kind, r.session_id);
    let mut kept = before.iter().enumerate().filter(|(_, r)| !from_check_ins(r.kind)).peekable();
    let mut fresh = fresh.iter().enumerate().peekable();
    let mut merged = Vec::with_capacity(before.len() + 2);
    loop {
        let source = match (kept.peek(), fresh.peek()) {
            (Some((i, k)), Some((j, f))) => {
                if rank(k) <= rank(f) {
                    Source::Kept(*i)
                } else {
                    Source::Fresh(*j)
                }
            }
            (Some((i, _)), None) => Source::Kept(*i),
            (None, Some((j, _))) => Source::Fresh(*j),
            (None, None) => return merged,
        };
        match source {
            Source::Kept(_) => kept.next(),
            Source::Fresh(_) => fresh.next(),
        };
        merged.push(source);
    }
}

/// The pending check-in reminders, nudge and follow-up that fire before `bound`, soonest first,
/// as [`super::plan`] would plan them from `input`.
fn check_in_reminders(input: &PlanInput<'_>, bound: Option<DateTime<Utc>>) -> Vec<Reminder> {
    let now = input.check_ins.iter().copied().fold(input.now, DateTime::max);
    let (sessions, check_ins) = relevant::still_relevant(input, now);
    let input = PlanInput { now, sessions: &sessions, check_ins: &check_ins, ..*input };
    let mut pending: Vec<_> = candidates::from_check_ins(&input)
        .into_iter()
        .filter_map(|c| Some((fire_at(&input, &c)?, c)))
        .filter(|(at, _)| bound.is_none_or(|bound| *at < bound))
        .collect();
    pending.sort_unstable_by(order);
    pending.into_iter().map(|p| written(&input, p)).collect()
}
