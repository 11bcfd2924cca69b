//! The app side: the core asks the shell to replace the pending schedule on start, after every
//! relevant change and after a zone change, and only then.

use chrono::{DateTime, Utc};
use shared::domain::{Clock, PatientRecord, SessionForm, TreatedArea};
use shared::effects::{NotifyOperation, ScheduledNotification, StoreOperation, StoreResult};
use shared::reminders::{self, ReminderKind, ReminderPrefs, WallTime};
use shared::{Aftercare, Core, Effect, Event, ViewModel};

use crate::fixtures::*;

struct Harness {
    core: Core<Aftercare>,
    record: PatientRecord,
    next_id: i64,
    schedules: Vec<Vec<ScheduledNotification>>,
    stored_prefs: Vec<ReminderPrefs>,
}

impl Harness {
    /// Resolves store effects against an in-memory record (the SQLite handler is tested in
    /// `handlers`; here only the core's decisions matter) and records Notify requests.
    fn send(&mut self, event: Event) -> ViewModel {
        let mut queue: Vec<Effect> = self.core.process_event(event);
        while let Some(effect) = queue.pop() {
            match effect {
                // These tests never touch the journal.
                Effect::Render(_) | Effect::Photo(_) | Effect::Clinic(_) => {}
                Effect::Notify(request) => {
                    let NotifyOperation::ReplaceAll { notifications } = request.operation;
                    self.schedules.push(notifications);
                }
                Effect::Store(mut request) => {
                    let result = match request.operation.clone() {
                        StoreOperation::LoadRecord => {
                            StoreResult::Loaded { record: self.record.clone() }
                        }
                        StoreOperation::AddSession { session } => {
                            self.next_id += 1;
                            StoreResult::SessionAdded {
                                session: shared::domain::Session {
                                    id: self.next_id,
                                    details: session,
                                },
                            }
                        }
                        StoreOperation::SaveReminderPrefs { prefs } => {
                            self.stored_prefs.push(prefs);
                            StoreResult::Done
                        }
                        _ => StoreResult::Done,
                    };
                    queue.extend(self.core.resolve(&mut request, result).unwrap());
                }
            }
        }
        self.core.view()
    }
}

fn clock(now: DateTime<Utc>, zone: &str) -> Clock {
    Clock { now_utc_ms: now.timestamp_millis(), zone: zone.into() }
}

fn started() -> (Harness, DateTime<Utc>) {
    let z = zone("Europe/London");
    let now = at("2026-03-02T11:00", z);
    let mut record = PatientRecord::default();
    record.sessions.push(session(1, at("2026-03-02T10:30", z), "Europe/London"));
    record.sessions.push(session(2, at("2026-04-06T10:30", z), "Europe/London"));
    let mut h = Harness {
        core: Core::new(),
        record,
        next_id: 2,
        schedules: Vec::new(),
        stored_prefs: Vec::new(),
    };
    h.send(Event::Start { clock: clock(now, "Europe/London") });
    (h, now)
}

#[test]
fn start_replaces_the_schedule_once_and_the_view_shows_it() {
    let (mut h, _) = started();
    assert_eq!(h.schedules.len(), 1);
    let schedule = h.schedules[0].clone();
    assert_eq!(schedule.len(), reminders::DEFAULT_CAP);
    let view = h.send(Event::Show { screen: shared::view::Screen::Reminders });
    assert_eq!(h.schedules.len(), 1, "an unrelated event re-sends nothing");
    let soon = at("2026-03-02T19:59", zone("Europe/London"));
    h.send(Event::ClockChanged { clock: clock(soon, "Europe/London") });
    assert_eq!(h.schedules.len(), 1, "time passing before the next reminder changes nothing");
    let fired = at("2026-03-02T20:00", zone("Europe/London"));
    h.send(Event::ClockChanged { clock: clock(fired, "Europe/London") });
    assert_eq!(h.schedules.len(), 2, "once the soonest fires, the window rolls");
    assert!(h.schedules[1].iter().all(|n| n.id != schedule[0].id));
    assert_eq!(h.schedules[1].len(), reminders::DEFAULT_CAP);
    assert_eq!(view.reminders.upcoming.len(), schedule.len());
    assert_eq!(view.reminders.upcoming[0].id, schedule[0].id);
    assert_eq!(view.reminders.upcoming[0].fire_at, "2026-03-02T20:00:00+00:00");
    assert_eq!(view.reminders.upcoming[0].local_time, "2026-03-02T20:00");
    assert_eq!(schedule[0].local_time, "2026-03-02T20:00");
}

#[test]
fn adding_a_session_and_changing_preferences_replan() {
    let (mut h, _) = started();
    let form = |start: &str| SessionForm {
        start: start.into(),
        zone: "Europe/London".into(),
        depth_mm: "1".into(),
        areas: vec![TreatedArea::Face],
        device: None,
        notes: None,
        planned: true,
        screening: Vec::new(),
    };
    // Far beyond the 60-reminder window: the schedule is the same, so nothing is re-sent.
    h.send(Event::AddSession { form: form("2026-09-14T10:30") });
    assert_eq!(h.schedules.len(), 1);
    // Inside it: session 1's later reminders give way to session 3's.
    h.send(Event::AddSession { form: form("2026-03-16T10:30") });
    assert_eq!(h.schedules.len(), 2);
    assert!(
        h.schedules[1].iter().any(|n| n.id == "unlock:4:no_makeup"),
        "{:?}",
        h.schedules[1].iter().map(|n| &n.id).collect::<Vec<_>>()
    );
    let prefs = ReminderPrefs { evening: WallTime::new(21, 15), ..ReminderPrefs::default() };
    let view = h.send(Event::Reminders(reminders::Event::SetPrefs { prefs: prefs.clone() }));
    assert_eq!(h.stored_prefs, vec![prefs.clone()]);
    assert_eq!(view.reminders.prefs, prefs);
    assert_eq!(h.schedules.len(), 3);
    let check_in = h.schedules[2].iter().find(|n| n.kind == ReminderKind::CheckIn).unwrap();
    assert!(check_in.local_time.ends_with("T21:15"), "{}", check_in.local_time);
}

#[test]
fn bad_preferences_are_refused_and_nothing_is_stored() {
    let (mut h, _) = started();
    let prefs = ReminderPrefs { morning: WallTime::new(23, 0), ..ReminderPrefs::default() };
    let view = h.send(Event::Reminders(reminders::Event::SetPrefs { prefs }));
    assert!(view.error.unwrap().message.contains("inside your quiet hours"));
    assert!(h.stored_prefs.is_empty());
    assert_eq!(h.schedules.len(), 1);
}

#[test]
fn a_zone_change_replans_and_the_platform_cap_is_respected() {
    let (mut h, now) = started();
    h.send(Event::ClockChanged { clock: clock(now, "America/New_York") });
    assert_eq!(h.schedules.len(), 2);
    let first = h.schedules[1].iter().find(|n| n.kind == ReminderKind::CheckIn).unwrap();
    assert_eq!(first.local_time, "2026-03-02T20:00", "20:00 in New York now");
    assert_eq!(first.fire_at_utc_ms, at("2026-03-03T01:00:00Z", zone("UTC")).timestamp_millis());
    h.send(Event::Reminders(reminders::Event::SetPlatformCap { cap: 5 }));
    assert_eq!(h.schedules.last().unwrap().len(), 5);
}

#[test]
fn a_clock_moved_backwards_does_not_bring_back_fired_reminders() {
    let (mut h, now) = started();
    let later = now + chrono::Duration::days(3);
    h.send(Event::ClockChanged { clock: clock(later, "Europe/London") });
    let rolled = h.schedules.last().unwrap().clone();
    assert!(rolled.iter().all(|n| n.fire_at_utc_ms > later.timestamp_millis()));
    h.send(Event::ClockChanged { clock: clock(now, "Europe/London") });
    assert_eq!(h.schedules.last().unwrap(), &rolled, "nothing before the latest now returns");
}

#[test]
fn the_calendar_export_appears_in_the_view_once() {
    let (mut h, _) = started();
    let view = h.send(Event::Reminders(reminders::Event::ExportCalendar));
    let ics = view.reminders.calendar_ics.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    let view = h.send(Event::ShowTimelinePage { page: 0 });
    assert!(view.reminders.calendar_ics.is_none());
}

#[test]
fn the_notify_operation_keeps_its_serialised_shape() {
    let (h, _) = started();
    let op = NotifyOperation::ReplaceAll { notifications: h.schedules[0][..3].to_vec() };
    insta::assert_json_snapshot!("notify_replace_all", op);
}

/// Review #20: every reminder carries the words a locked phone shows instead of its title and
/// body, and they name nothing (no treatment, symptom or time).
#[test]
fn every_reminder_has_a_public_text_that_names_nothing() {
    let (h, _) = started();
    let plan = h.schedules.last().unwrap();
    assert!(!plan.is_empty());
    for n in plan {
        assert_eq!(n.public_text, "Afterglow has a reminder for you");
        assert!(!n.public_text.contains(&n.title) && !n.public_text.contains(&n.local_time[11..]));
    }
}

/// Review #28: a tap on a reminder opens what it asks for, as the core decides: a check-in
/// reminder the check-ins, a morning or unlock reminder today, the results photo the journal.
#[test]
fn every_reminder_says_which_place_a_tap_opens() {
    use shared::view::Place;
    let (h, _) = started();
    let plan = h.schedules.last().unwrap();
    let kinds: std::collections::BTreeSet<_> = plan.iter().map(|n| n.kind).collect();
    assert!(kinds.contains(&ReminderKind::CheckIn) && kinds.contains(&ReminderKind::MorningCare));
    for n in plan {
        assert_eq!(n.opens, n.kind.opens(), "{}", n.id);
    }
    assert_eq!(ReminderKind::CheckIn.opens(), Place::Checkins);
    assert_eq!(ReminderKind::CheckInNudge.opens(), Place::Checkins);
    assert_eq!(ReminderKind::MorningCare.opens(), Place::Today);
    assert_eq!(ReminderKind::Prep.opens(), Place::Timeline);
    assert_eq!(ReminderKind::ResultsPhoto.opens(), Place::Photos);
}
