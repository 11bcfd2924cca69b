//! Builders shared by the reminder tests.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use shared::domain::{NewSession, Profile, Session, TreatedArea, clock::parse_instant};
use shared::i18n::Language;
use shared::protocol::{CareProtocol, default_protocol};
use shared::reminders::{FollowUp, PlanInput, Reminder, ReminderKind, ReminderPrefs, plan};

pub fn zone(name: &str) -> Tz {
    name.parse().unwrap()
}

/// An instant from RFC 3339 or local `YYYY-MM-DDTHH:MM` in `zone`.
pub fn at(text: &str, zone: Tz) -> DateTime<Utc> {
    parse_instant(text, zone).unwrap()
}

pub fn session(id: i64, start: DateTime<Utc>, zone: &str) -> Session {
    Session {
        id,
        details: NewSession {
            start_utc_ms: start.timestamp_millis(),
            zone: zone.into(),
            depth_um: 1500,
            areas: vec![TreatedArea::Face],
            device: None,
            notes: None,
            screening: Vec::new(),
        },
    }
}

/// What a test varies; everything else is the default.
pub struct Setup {
    pub sessions: Vec<Session>,
    pub protocol: CareProtocol,
    pub profile: Profile,
    pub prefs: ReminderPrefs,
    pub check_ins: Vec<DateTime<Utc>>,
    pub follow_up: Option<FollowUp>,
    pub zone: Tz,
    pub limit: usize,
}

impl Setup {
    pub fn new(sessions: Vec<Session>, zone: Tz) -> Self {
        Self {
            sessions,
            protocol: default_protocol().clone(),
            profile: Profile::default(),
            prefs: ReminderPrefs::default(),
            check_ins: Vec::new(),
            follow_up: None,
            zone,
            limit: usize::MAX,
        }
    }

    pub fn plan(&self, now: DateTime<Utc>) -> Vec<Reminder> {
        plan(&PlanInput {
            sessions: &self.sessions,
            protocol: &self.protocol,
            profile: &self.profile,
            prefs: &self.prefs,
            check_ins: &self.check_ins,
            follow_up: self.follow_up,
            now,
            zone: self.zone,
            limit: self.limit,
            language: Language::En,
        })
    }
}

pub fn of_kind(plan: &[Reminder], kind: ReminderKind) -> Vec<&Reminder> {
    plan.iter().filter(|r| r.kind == kind).collect()
}

/// The local wall-clock time a reminder fires at, `YYYY-MM-DDTHH:MM`.
pub fn fires_local(r: &Reminder, zone: Tz) -> String {
    r.fire_at.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string()
}
