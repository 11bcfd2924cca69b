//! Symptom check-ins and their triage: expected, watch, contact clinic today, or urgent care.
//!
//! The patient answers a short questionnaire ([`CheckinForm`]); the core checks the answers,
//! places them on the current session's day, triages them with the rule table in [`rules`]
//! (clinical-research.md §1.8) and asks storage to keep the check-in with its result. The
//! history and the trend chart's data are view models built from the stored check-ins.

pub mod answers;
pub mod history;
pub mod rules;
pub mod triage;
pub mod view;

pub use answers::{
    CheckinAnswers, CheckinError, CheckinForm, Discharge, Sign, TemperatureInput, TemperatureUnit,
};
pub use history::{Checkin, ExpectedBand, NewCheckin};
pub use triage::{Course, Level, TriageResult, triage};
pub use view::{CheckinView, CheckinsView, HistoryPage, TrendDay, TrendView};

use crux_core::{Command, render::render};
use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::app::{self, Model};
use crate::effects::{Effect, StoreOperation, StoreResult, store};
use crate::view::Screen;
use crate::view::{ErrorKind, ErrorView};

/// The check-in feature's events. Named `CheckinEvent`, not `Event`: the type generator names
/// types by their Rust name, and a second `Event` would collide with the app's.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[repr(C)]
pub enum CheckinEvent {
    /// The patient finished a check-in (taken "now").
    Submit { form: CheckinForm },
    /// Page of the history (0 = newest).
    ShowHistoryPage { page: u32 },

    #[serde(skip)]
    #[facet(skip)]
    Stored(StoreResult),
}

/// The feature's events under the name the house layout uses (`checkin::Event`).
pub type Event = CheckinEvent;

impl CheckinEvent {
    /// Whether a shell sends this event (the rest are the core's own follow-ups).
    pub fn is_from_shell(&self) -> bool {
        !matches!(self, Self::Stored(_))
    }
}

/// The check-in part of the model (the check-ins themselves are in the patient's record).
#[derive(Default)]
pub struct CheckinState {
    pub(crate) last_result: Option<TriageResult>,
    pub(crate) last_checkin_id: Option<i64>,
    pub(crate) history_page: u32,
}

fn fail(
    model: &mut Model,
    kind: ErrorKind,
    message: impl Into<String>,
) -> Command<Effect, app::Event> {
    model.error = Some(ErrorView { kind, message: message.into() });
    render()
}

pub fn update(event: Event, model: &mut Model) -> Command<Effect, app::Event> {
    match event {
        Event::Submit { form } => {
            model.checkin.last_result = None;
            model.checkin.last_checkin_id = None;
            match prepare(&form, model) {
                Ok(checkin) => store::request(StoreOperation::AddCheckin { checkin })
                    .then_send(|r| app::Event::Checkin(Event::Stored(r))),
                Err((kind, message)) => fail(model, kind, message),
            }
        }
        Event::ShowHistoryPage { page } => {
            model.screen = Screen::Checkins;
            model.checkin.history_page = page;
            render()
        }
        Event::Stored(StoreResult::CheckinAdded { checkin }) => {
            model.checkin.last_result = Some(checkin.details.triage.clone());
            model.checkin.last_checkin_id = Some(checkin.id);
            model.checkin.history_page = 0;
            let share = crate::sharing::after_checkin(model, &checkin);
            if let Some(record) = model.record.as_mut() {
                let at = record.checkins.partition_point(|c| c.order_key() <= checkin.order_key());
                record.checkins.insert(at, checkin);
            }
            share.and(render())
        }
        Event::Stored(StoreResult::Failed { error }) => {
            fail(model, ErrorKind::Storage, error.message)
        }
        Event::Stored(_) => fail(model, ErrorKind::Storage, "storage answered out of turn"),
    }
}

/// Checks the form, places it on the current session's day and triages it.
fn prepare(form: &CheckinForm, model: &Model) -> Result<NewCheckin, (ErrorKind, String)> {
    let now = model.now.ok_or((ErrorKind::Clock, "the clock has not been set yet".to_owned()))?;
    let record = model
        .record
        .as_ref()
        .ok_or((ErrorKind::Storage, "your record has not loaded yet".to_owned()))?;
    let invalid = |e: CheckinError| (ErrorKind::Invalid, e.to_string());
    let answers = form.validate().map_err(invalid)?;
    let session = history::current_session(&record.sessions, now.instant)
        .ok_or_else(|| invalid(CheckinError::NoSessionYet))?;
    let protocol = model.protocol();
    let day_index = history::day_index(session, now.instant);
    let course = Course {
        day_index,
        redness_end_days: protocol.redness_days(session.depth_mm()),
        ceiling_days: protocol.expected_ceiling_days,
    };
    let previous = history::previous_day(&record.checkins, session.id, day_index);
    let result = triage(&answers, previous.map(|c| &c.details.answers), course);
    Ok(NewCheckin {
        taken_utc_ms: now.instant.timestamp_millis(),
        zone: now.zone.name().to_owned(),
        session_id: Some(session.id),
        day_index,
        answers,
        triage: result,
    })
}

/// The check-in screens' view.
pub(crate) fn view_of(model: &Model) -> CheckinsView {
    let (Some(record), Some(now)) = (&model.record, model.now) else {
        return CheckinsView::default();
    };
    let on_screen = model.screen == Screen::Checkins;
    let last = model.checkin.last_result.as_ref().zip(model.checkin.last_checkin_id);
    CheckinsView {
        last_result: model.checkin.last_result.clone(),
        last_checkin_id: model.checkin.last_checkin_id,
        offer_share: last
            .is_some_and(|(r, id)| crate::sharing::offers_share(model, id, r.flagged_for_sharing)),
        last_share_state: last.and_then(|(_, id)| {
            model.sharing.item_for(crate::effects::OutboxKind::Checkin, id).map(|i| i.state)
        }),
        clinic_advice: last.and_then(|(r, _)| crate::sharing::clinic_advice(model, r.level)),
        // History and trend walk every stored check-in: built only on their own screen.
        history: if on_screen {
            view::history(&record.checkins, now, model.checkin.history_page)
        } else {
            view::HistoryPage::default()
        },
        trend: if on_screen {
            view::trend(record, model.protocol(), now)
        } else {
            view::TrendView::default()
        },
    }
}
