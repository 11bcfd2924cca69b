//! Issue 15's reminders in English and Spanish: what a patient reads on the lock screen (every
//! kind of notification, the follow-up after each flagged level), the reminders screen, its
//! errors and the calendar export. The planner writes the texts; the core re-plans when the
//! language changes, so the platform's pending notifications follow the toggle.

// Test helpers may unwrap: a failed unwrap here is a failed test, not a patient's crash.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use shared::checkin::Level;
use shared::domain::{Clock, PatientRecord, Profile, Session};
use shared::effects::{NotifyOperation, ScheduledNotification, StoreResult};
use shared::i18n::Language;
use shared::protocol::default_protocol_in;
use shared::reminders::{
    self, FollowUp, PlanInput, Reminder, ReminderKind, ReminderPrefs, WallTime, plan,
};
use shared::view::Screen;
use shared::{Aftercare, Core, Effect, Event, ViewModel};

mod common;

use common::checkins::{DAY_MS, SESSION_START_MS, session, stored_checkin};

fn instant(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap()
}

/// A session, the next one planned 6 weeks later and a cold-sore history (a preparation task):
/// the whole series from a day before the first session, with check-ins on days 0, 1 and 3
/// (day 2 missed: a nudge) and the day-3 check-in flagged at `level` (a follow-up).
fn whole_plan(language: Language, level: Level) -> Vec<Reminder> {
    let mut next: Session = session();
    next.id = 8;
    next.details.start_utc_ms = SESSION_START_MS + 42 * DAY_MS;
    let sessions = [session(), next];
    let check_ins: Vec<_> =
        [0, 1, 3].iter().map(|d| instant(SESSION_START_MS + d * DAY_MS + 3_600_000)).collect();
    let profile = Profile { cold_sore_history: true, ..Profile::default() };
    plan(&PlanInput {
        sessions: &sessions,
        protocol: default_protocol_in(language),
        profile: &profile,
        prefs: &ReminderPrefs::default(),
        check_ins: &check_ins,
        follow_up: Some(FollowUp { taken: check_ins[2], session_id: 7, level }),
        now: instant(SESSION_START_MS - DAY_MS),
        zone: "America/New_York".parse().unwrap(),
        limit: usize::MAX,
        language,
    })
}

/// The first reminder of each kind and each wording (daily, weekly, follow-up, nudge), as
/// title and body.
fn one_of_each(plan: &[Reminder]) -> BTreeMap<String, [String; 2]> {
    let mut out = BTreeMap::new();
    for r in plan {
        let wording: String = r.title.chars().filter(|c| !c.is_ascii_digit()).collect();
        let key = format!("{} · {wording}", r.kind.key());
        out.entry(key).or_insert_with(|| [r.title.clone(), r.body.clone()]);
    }
    out
}

#[test]
fn every_notification_reads_spanish_and_the_same_schedule_fires() {
    for level in [Level::Watch, Level::ContactClinic, Level::Urgent] {
        let en = whole_plan(Language::En, level);
        let es = whole_plan(Language::Es, level);
        assert!(en.len() > 20, "{} reminders", en.len());
        assert_eq!(en.len(), es.len());
        for (en, es) in en.iter().zip(&es) {
            // Only the words differ: the same reminder fires at the same instant.
            assert_eq!((&en.id, en.fire_at, en.kind), (&es.id, es.fire_at, es.kind));
            assert_ne!(en.title, es.title, "title not translated: {}", en.title);
            assert_ne!(en.body, es.body, "body not translated: {}", en.body);
        }
        let kinds: Vec<_> =
            ReminderKind::ALL.into_iter().filter(|k| es.iter().any(|r| r.kind == *k)).collect();
        assert_eq!(kinds, ReminderKind::ALL, "every kind is in the plan");
    }
    let contact = whole_plan(Language::Es, Level::ContactClinic);
    insta::assert_json_snapshot!("reminders_es", one_of_each(&contact));
    insta::assert_json_snapshot!(
        "reminders_en",
        one_of_each(&whole_plan(Language::En, Level::ContactClinic))
    );
    let follow_ups: Vec<String> = [Level::Watch, Level::ContactClinic, Level::Urgent]
        .into_iter()
        .map(|level| {
            let plan = whole_plan(Language::Es, level);
            plan.into_iter()
                .find(|r| r.title.starts_with("Vuelva a hacer el control"))
                .unwrap()
                .body
        })
        .collect();
    insta::assert_json_snapshot!("reminder_follow_ups_es", follow_ups);
}

/// A core an hour after a day-0 check-in flagged "contact clinic" (its follow-up is ahead), whose
/// Store requests are answered with `record` and whose Notify requests are kept.
struct Phone {
    core: Core<Aftercare>,
    record: PatientRecord,
    schedules: Vec<Vec<ScheduledNotification>>,
}

impl Phone {
    fn new(tag: &str) -> Self {
        let mut flagged = stored_checkin(0, 4);
        flagged.details.triage.level = Level::ContactClinic;
        let record = PatientRecord {
            sessions: vec![session()],
            checkins: vec![flagged],
            ..PatientRecord::default()
        };
        let mut phone = Self { core: Core::new(), record, schedules: Vec::new() };
        let clock =
            Clock { now_utc_ms: SESSION_START_MS + 2 * 3_600_000, zone: "America/New_York".into() };
        phone.send(Event::Start { clock });
        phone.send(Event::SetLanguage { tag: tag.into() });
        phone
    }

    fn send(&mut self, event: Event) -> ViewModel {
        let mut queue = self.core.process_event(event);
        while let Some(effect) = queue.pop() {
            match effect {
                Effect::Notify(request) => {
                    let NotifyOperation::ReplaceAll { notifications } = request.operation;
                    self.schedules.push(notifications);
                }
                Effect::Store(mut request) => {
                    let result = match request.operation {
                        shared::effects::StoreOperation::LoadRecord => {
                            StoreResult::Loaded { record: self.record.clone() }
                        }
                        _ => StoreResult::Done,
                    };
                    queue.extend(self.core.resolve(&mut request, result).unwrap());
                }
                _ => {}
            }
        }
        self.core.view()
    }

    fn last_schedule(&self) -> &[ScheduledNotification] {
        self.schedules.last().unwrap()
    }
}

#[test]
fn the_lock_screen_follows_the_language_and_the_toggle_replans() {
    let mut phone = Phone::new("es-US");
    let spanish = phone.last_schedule().to_vec();
    assert!(!spanish.is_empty());
    let follow_up =
        spanish.iter().find(|n| n.title.starts_with("Vuelva a hacer el control")).unwrap();
    assert!(
        follow_up.body.starts_with("Su último control indicó que se comunicara hoy con su clínica")
    );
    assert!(spanish.iter().any(|n| n.title.starts_with("Control diario · día")), "{spanish:#?}");
    assert!(spanish.iter().any(|n| n.title == "Maquillaje permitido (use brochas limpias)"));

    let sent = phone.schedules.len();
    phone.send(Event::ChooseLanguage { tag: "en".into() });
    assert_eq!(phone.schedules.len(), sent + 1, "the toggle replaces the pending schedule");
    let english = phone.last_schedule();
    assert_eq!(english.len(), spanish.len());
    for (en, es) in english.iter().zip(&spanish) {
        assert_eq!((&en.id, en.fire_at_utc_ms), (&es.id, es.fire_at_utc_ms));
        assert_ne!(en.title, es.title);
    }
    // The same language again changes nothing on the phone.
    phone.send(Event::ChooseLanguage { tag: "en-GB".into() });
    assert_eq!(phone.schedules.len(), sent + 1);
}

#[test]
fn the_reminders_screen_its_errors_and_the_calendar_read_spanish() {
    let mut phone = Phone::new("es-MX");
    let view = phone.send(Event::Show { screen: Screen::Reminders });
    let screen = &view.reminders;
    insta::assert_json_snapshot!("reminders_form_es", screen.form);
    insta::assert_json_snapshot!("reminders_screen_es", screen.words);
    let first = &screen.upcoming[0];
    assert!(
        ["hoy ", "mañana "].iter().any(|d| first.fire_label.starts_with(d)),
        "{}",
        first.fire_label
    );

    let prefs = ReminderPrefs { morning: WallTime::new(23, 0), ..ReminderPrefs::default() };
    let view = phone.send(Event::Reminders(reminders::Event::SetPrefs { prefs }));
    assert_eq!(
        view.error.unwrap().message,
        "la hora de la mañana 23:00 está dentro de sus horas de silencio 22:00-07:30; elija una hora fuera de ellas o cambie las horas de silencio"
    );
    let form = reminders::PrefsForm {
        morning: "8.30".into(),
        evening: "21:00".into(),
        quiet: String::new(),
        off: Vec::new(),
    };
    let view = phone.send(Event::Reminders(reminders::Event::SetPrefsTyped { form }));
    assert!(view.error.unwrap().message.starts_with("no se puede leer `8.30` como hora del día"));

    let view = phone.send(Event::Reminders(reminders::Event::ExportCalendar));
    let ics = view.reminders.calendar_ics.unwrap();
    assert!(ics.contains("X-WR-CALNAME:Afterglow: cuidados posteriores"), "{ics}");
    assert!(ics.contains("Previsto para las "), "{ics}");
    assert!(!ics.contains("Meant for"), "{ics}");
}

#[test]
fn english_reads_as_before() {
    let plan = whole_plan(Language::En, Level::ContactClinic);
    let unlock = plan.iter().find(|r| r.kind == ReminderKind::Unlock).unwrap();
    assert!(unlock.body.starts_with("From "), "{}", unlock.body);
    assert!(unlock.body.contains(". (Until then: "), "{}", unlock.body);
}
