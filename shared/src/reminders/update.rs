//! The reminders part of the app: its model, its events, and [`sync`], which keeps the shell's
//! pending notifications equal to the plan.

use chrono::{DateTime, Utc};
use crux_core::{Command, render::render};

use super::basis::{Basis, Change};
use super::ics::{CalendarInput, calendar};
use super::incremental::{Known, SPARE};
use super::{DEFAULT_CAP, Event, FollowUp, PlanInput, Reminder, ReminderPrefs, plan, relevant};
use crate::app::{self, Model as AppModel};
use crate::checkin::Checkin;
use crate::domain::Session;
use crate::effects::{Effect, StoreOperation, notify, notify::ScheduledNotification, store};
use crate::protocol::CareProtocol;
use crate::view::ErrorKind;

/// What the core keeps about reminders.
#[derive(Default)]
pub struct Model {
    /// The platform's cap on pending notifications, if the shell said.
    pub(crate) cap: Option<usize>,
    /// The rolling window as last planned, and a few reminders after it (see
    /// [`super::incremental`]).
    known: Known,
    /// How many of `known` the platform was given: the cap when it was planned.
    window: usize,
    /// The shell was last asked to schedule exactly the window of `known` (false until the
    /// first send). The schedule is made from the plan alone, so comparing plans tells whether
    /// it changed without writing (and keeping) a second copy of sixty titles and bodies.
    sent: bool,
    /// How many times a new check-in updated the plan without a re-plan (tests check that the
    /// incremental path is the one they exercise).
    #[cfg(test)]
    pub(crate) incremental_updates: usize,
    /// The latest "now" planned from. A clock that moves backwards plans from here, so a
    /// notification that has already fired is not scheduled a second time.
    high_water: Option<DateTime<Utc>>,
    /// The last .ics export, until the next shell event.
    pub(crate) calendar: Option<String>,
    /// What the current plan was made from.
    basis: Option<Basis>,
}

impl Model {
    /// The pending reminders the platform keeps: the soonest of the plan, up to the cap it was
    /// planned with.
    pub(crate) fn pending(&self) -> &[Reminder] {
        self.known.window(self.window)
    }
}

pub(super) fn taken_ms(checkin: &Checkin) -> i64 {
    checkin.details.taken_utc_ms
}

fn instant_of(checkin: &Checkin) -> Option<DateTime<Utc>> {
    DateTime::<Utc>::from_timestamp_millis(checkin.details.taken_utc_ms)
}

/// The check-ins a re-plan needs, as instants: those from [`relevant::check_ins_since`] on, and
/// the newest, which sets the planner's "now". The plan is the one over every check-in (the
/// planner trims to the same ones itself; a property test in `sync_tests` holds it); only
/// these are converted, not five years of them.
fn planner_check_ins(
    checkins: &[Checkin],
    sessions: &[Session],
    protocol: &CareProtocol,
    from: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    // History order is by instant, so the newest valid one is the last valid one.
    let Some(newest_at) = checkins.iter().rposition(|c| instant_of(c).is_some()) else {
        return Vec::new();
    };
    let newest = checkins.get(newest_at).and_then(instant_of).unwrap_or(from);
    let start = match relevant::check_ins_since(sessions, protocol, newest.max(from)) {
        Some(since) => {
            // The first stored millisecond at or after `since`.
            let ms = since.timestamp_millis()
                + i64::from(since.timestamp_subsec_nanos() % 1_000_000 != 0);
            checkins.partition_point(|c| c.details.taken_utc_ms < ms)
        }
        None => checkins.len(),
    };
    checkins.get(start.min(newest_at)..).unwrap_or_default().iter().filter_map(instant_of).collect()
}

/// The instants of the patient's check-ins, for skipping answered check-ins and the nudge.
fn check_in_instants(model: &AppModel) -> Vec<DateTime<Utc>> {
    let Some(record) = &model.record else { return Vec::new() };
    let mut instants = Vec::with_capacity(record.checkins.len());
    instants.extend(record.checkins.iter().filter_map(instant_of));
    instants
}

/// The newest check-in, which decides whether a follow-up is due. The record keeps check-ins
/// in history order, so it is the last one (no walk through the whole history per event).
pub(super) fn follow_up_of(model: &AppModel) -> Option<FollowUp> {
    let checkins = &model.record.as_ref()?.checkins;
    debug_assert!(checkins.is_sorted_by_key(Checkin::order_key), "check-ins out of history order");
    let newest = checkins.last()?;
    Some(FollowUp {
        taken: instant_of(newest)?,
        session_id: newest.details.session_id.unwrap_or_default(),
        level: newest.details.triage.level,
    })
}

pub(crate) fn prefs_of(model: &AppModel) -> ReminderPrefs {
    model.record.as_ref().and_then(|r| r.reminder_prefs.clone()).unwrap_or_default()
}

pub fn update(event: Event, model: &mut AppModel) -> Command<Effect, app::Event> {
    if !matches!(event, Event::PrefsStored(..)) {
        model.screen = crate::view::Screen::Reminders;
    }
    match event {
        Event::SetPrefsTyped { form } => match form.read() {
            Ok(prefs) => update(Event::SetPrefs { prefs }, model),
            Err(e) => model.fail(ErrorKind::Invalid, |l| e.words(l)),
        },
        Event::SetPrefs { prefs } => {
            if model.record.is_none() {
                return model.fail(ErrorKind::Storage, app::record_not_loaded);
            }
            match prefs.validate() {
                Ok(()) => {
                    let stored = prefs.clone();
                    store::request(StoreOperation::SaveReminderPrefs { prefs })
                        .then_send(move |r| app::Event::Reminders(Event::PrefsStored(stored, r)))
                }
                Err(e) => model.fail(ErrorKind::Invalid, |l| e.words(l)),
            }
        }
        Event::PrefsStored(prefs, crate::effects::StoreResult::Done) => {
            if let Some(record) = model.record.as_mut() {
                record.reminder_prefs = Some(prefs);
            }
            render()
        }
        Event::PrefsStored(_, result) => {
            model.fail(ErrorKind::Storage, |l| app::storage_message(&result, l))
        }
        Event::SetPlatformCap { cap } => {
            if cap == 0 {
                // A shell's mistake, for its developer.
                let words = |_| "the notification cap must be at least 1".to_owned();
                return model.fail(ErrorKind::Invalid, words);
            }
            model.reminders.cap = usize::try_from(cap).ok();
            render()
        }
        Event::ExportCalendar => {
            let Some(full) = full_plan(model) else {
                return model.fail(ErrorKind::Storage, app::record_not_loaded);
            };
            model.reminders.calendar = Some(full);
            render()
        }
    }
}

/// Where planning starts: now, or the latest now already planned from if the clock went back.
fn plan_from(model: &AppModel) -> Option<DateTime<Utc>> {
    let now = model.now?.instant;
    Some(model.reminders.high_water.map_or(now, |hw| hw.max(now)))
}

/// Plans with `limit`; `None` until the record and clock are known.
fn plan_with(model: &AppModel, limit: usize, check_ins: &[DateTime<Utc>]) -> Option<Vec<Reminder>> {
    let (record, now, from) = (model.record.as_ref()?, model.now?, plan_from(model)?);
    let prefs = prefs_of(model);
    Some(plan(&PlanInput {
        sessions: &record.sessions,
        protocol: model.shown_protocol(),
        profile: &record.profile,
        prefs: &prefs,
        check_ins,
        follow_up: follow_up_of(model),
        now: from,
        zone: now.zone,
        limit,
        language: model.language,
    }))
}

fn full_plan(model: &AppModel) -> Option<String> {
    let reminders = plan_with(model, usize::MAX, &check_in_instants(model))?;
    let (record, now, from) = (model.record.as_ref()?, model.now?, plan_from(model)?);
    Some(calendar(&CalendarInput {
        reminders: &reminders,
        sessions: &record.sessions,
        protocol: model.shown_protocol(),
        zone: now.zone,
        now: from,
        language: model.language,
    }))
}

/// Re-plans after any event and, when the schedule differs from what the shell last got, asks
/// it to replace the whole pending schedule. Called by the app after every update, so every
/// relevant change (sessions, profile, protocol, preferences, clock and zone) is covered
/// without each handler having to remember it. A new newest check-in, the change a patient
/// makes most, updates the plan in place instead ([`super::incremental`]).
pub fn sync(model: &mut AppModel) -> Command<Effect, app::Event> {
    let cap = model.reminders.cap.unwrap_or(DEFAULT_CAP);
    let Some(from) = plan_from(model) else { return Command::done() };
    let change =
        model.reminders.basis.as_ref().map_or(Change::Other, |b| b.change(model, cap, from));
    match change {
        Change::Nothing => return Command::done(),
        Change::NewestCheckIn => {
            if let Some(command) = after_newest_check_in(model, cap, from) {
                return command;
            }
        }
        Change::Other => {}
    }
    let (Some(record), Some(now)) = (model.record.as_ref(), model.now) else {
        return Command::done();
    };
    let basis = Basis {
        sessions: record.sessions.clone(),
        profile: record.profile.clone(),
        prefs: prefs_of(model),
        protocol_json: record.protocol_json.clone(),
        language: model.language,
        zone: now.zone,
        cap,
        check_in_ms: record.checkins.iter().map(taken_ms).collect(),
        follow_up: follow_up_of(model),
        valid_until: None,
    };
    let check_ins = planner_check_ins(&record.checkins, &record.sessions, model.protocol(), from);
    let limit = cap.saturating_add(SPARE);
    let Some(planned) = plan_with(model, limit, &check_ins) else {
        return Command::done();
    };
    model.reminders.high_water = Some(from);
    model.reminders.basis =
        Some(Basis { valid_until: planned.first().map(|r| r.fire_at), ..basis });
    let changed = !model.reminders.sent
        || model.reminders.pending() != planned.get(..cap).unwrap_or(&planned);
    model.reminders.known = Known::from_plan(planned, limit);
    model.reminders.window = cap;
    send(model, changed)
}

/// The plan after a new newest check-in, when the plan before it holds enough to tell
/// ([`Known::after_check_in`]); `None` to re-plan.
fn after_newest_check_in(
    model: &mut AppModel,
    cap: usize,
    from: DateTime<Utc>,
) -> Option<Command<Effect, app::Event>> {
    let (record, now) = (model.record.as_ref()?, model.now?);
    let newest = record.checkins.last()?;
    let planner_now = instant_of(newest)?.max(from);
    let basis = model.reminders.basis.as_ref()?;
    if basis.valid_until.is_some_and(|until| planner_now >= until) {
        return None;
    }
    let prefs = prefs_of(model);
    let follow_up = follow_up_of(model);
    // The field, not `model.shown_protocol()`: the plan is updated in place while this is
    // borrowed.
    let language = model.language;
    let protocol =
        model.protocol.as_ref().unwrap_or_else(|| crate::protocol::default_protocol_in(language));
    let check_ins = planner_check_ins(&record.checkins, &record.sessions, protocol, from);
    let input = PlanInput {
        sessions: &record.sessions,
        protocol,
        profile: &record.profile,
        prefs: &prefs,
        check_ins: &check_ins,
        follow_up,
        now: from,
        zone: now.zone,
        limit: cap,
        language,
    };
    let (known, changed) = model.reminders.known.after_check_in(&input, cap)?;
    let newest_ms = taken_ms(newest);
    let reminders = &mut model.reminders;
    if let Some(basis) = reminders.basis.as_mut() {
        basis.check_in_ms.push(newest_ms);
        basis.follow_up = follow_up;
        basis.valid_until = known.reminders.first().map(|r| r.fire_at);
    }
    reminders.high_water = Some(from);
    reminders.known = known;
    #[cfg(test)]
    {
        reminders.incremental_updates += 1;
    }
    Some(send(model, !model.reminders.sent || changed))
}

/// Asks the shell to replace its pending schedule with the window, when it `changed`.
fn send(model: &mut AppModel, changed: bool) -> Command<Effect, app::Event> {
    if !changed {
        return Command::done();
    }
    let public_text = model.language.words().reminder_public;
    let notifications: Vec<ScheduledNotification> = model
        .reminders
        .pending()
        .iter()
        .map(|r| ScheduledNotification {
            id: r.id.clone(),
            kind: r.kind,
            title: r.title.clone(),
            body: r.body.clone(),
            public_text: public_text.to_owned(),
            opens: r.kind.opens(),
            fire_at_utc_ms: r.fire_at.timestamp_millis(),
            local_time: crate::view::format::local_minutes(r.meant_for),
        })
        .collect();
    model.reminders.sent = true;
    notify::replace_all(notifications).into()
}

#[cfg(test)]
#[path = "sync_tests.rs"]
mod sync_tests;

#[cfg(test)]
#[path = "incremental_tests.rs"]
mod incremental_tests;
