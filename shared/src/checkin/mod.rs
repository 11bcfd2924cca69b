//! Symptom check-ins and their triage: expected, watch, contact clinic today, or urgent care.
//!
//! The patient answers a short questionnaire ([`CheckinForm`]); the core checks the answers,
//! places them on the current session's day, triages them with the rule table in [`rules`]
//! (clinical-research.md §1.8) and asks storage to keep the check-in with its result. The
//! history and the trend chart's data are view models built from the stored check-ins.

pub mod answers;
pub mod draft;
pub mod history;
mod reword;
pub mod rules;
pub mod trend;
pub mod triage;
pub mod view;

pub use answers::{
    CheckinAnswers, CheckinError, CheckinForm, Discharge, Sign, TemperatureInput, TemperatureUnit,
};
pub use draft::{CheckinAnswer, CheckinStep, FormView};
pub use history::{Checkin, ExpectedBand, NewCheckin};
pub use rules::{TRIAGE_TABLE_STATUS, TRIAGE_TABLE_VERSION};
pub use trend::{TrendChart, TrendDay, TrendMeasure, TrendSeries, TrendView};
pub use triage::{Course, Level, TriageResult, triage, triage_in};
pub use view::{CallAction, CheckinLabels, CheckinView, CheckinsView, HistoryPage};

use crux_core::{Command, render::render};
use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::app::{self, Model};
use crate::effects::{Effect, StoreOperation, StoreResult, store};
use crate::i18n;
use crate::view::Screen;
use crate::view::{ErrorKind, Failure};

/// The check-in feature's events. Named `CheckinEvent`, not `Event`: the type generator names
/// types by their Rust name, and a second `Event` would collide with the app's.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[repr(C)]
pub enum CheckinEvent {
    /// A whole check-in at once (taken "now"): the command line and tests. The app's screens
    /// answer step by step with the events below.
    Submit { form: CheckinForm },
    /// Page of the history (0 = newest).
    ShowHistoryPage { page: u32 },
    /// One answer on the form the core holds. A "yes" to an urgent-first sign sends the
    /// check-in at once with that sign alone, every other question unanswered (never 0:
    /// clinical review, major 10).
    Answer { answer: CheckinAnswer },
    /// The step's main button: the next step, or on the last one, send the check-in.
    Next,
    /// The step before; nothing answered is lost.
    Back,
    /// "New check-in" after a result: an empty form. A form being answered is kept.
    StartNew,

    #[serde(skip)]
    #[facet(skip)]
    Stored(StoreResult),
}

/// Check-ins the loaded history has room for before it must grow (a few weeks of them).
pub(crate) const HEADROOM: usize = 64;

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
    /// The check-in being answered.
    pub(crate) draft: draft::Draft,
    /// The result of the last check-in is on screen instead of the form.
    pub(crate) showing_result: bool,
    pub(crate) last_result: Option<TriageResult>,
    /// The result of the check-in being stored: shown even if storing fails.
    pub(crate) pending_result: Option<TriageResult>,
    /// What the last result was triaged from, so its advice is re-worded in the patient's
    /// language on every view (the stored advice is English, for the clinic).
    pub(crate) last_inputs: Option<TriageInputs>,
    pub(crate) pending_inputs: Option<TriageInputs>,
    pub(crate) last_checkin_id: Option<i64>,
    pub(crate) history_page: u32,
}

/// A triage's inputs: triage is a pure function, so these give the same result in any language.
#[derive(Clone, Debug)]
pub(crate) struct TriageInputs {
    answers: CheckinAnswers,
    previous: Option<CheckinAnswers>,
    course: Course,
}

impl TriageInputs {
    fn triage(&self, language: i18n::Language) -> TriageResult {
        triage_in(language, &self.answers, self.previous.as_ref(), self.course)
    }
}

pub fn update(event: Event, model: &mut Model) -> Command<Effect, app::Event> {
    match event {
        Event::Answer { answer } => {
            let outcome = model.checkin.draft.answer(answer);
            from_draft(outcome, model)
        }
        Event::Next => {
            let outcome = model.checkin.draft.next();
            from_draft(outcome, model)
        }
        Event::Back => {
            model.checkin.draft.back();
            render()
        }
        Event::StartNew => {
            if model.checkin.showing_result {
                model.checkin.showing_result = false;
                model.checkin.draft = draft::Draft::default();
            }
            render()
        }
        Event::Submit { form } => {
            model.checkin.last_result = None;
            model.checkin.last_checkin_id = None;
            match prepare(&form, model) {
                Ok((checkin, inputs)) => {
                    model.checkin.pending_result = Some(checkin.triage.clone());
                    model.checkin.pending_inputs = Some(inputs);
                    show_result(&mut model.checkin);
                    store::request(StoreOperation::AddCheckin { checkin })
                        .then_send(|r| app::Event::Checkin(Event::Stored(r)))
                }
                Err(failure) => {
                    // Urgent signs are never lost to another answer's mistake, a missing
                    // session or an unloaded record: the advice first, then the error.
                    let urgent = urgent_first(&form, model);
                    model.checkin.last_result =
                        urgent.as_ref().map(|i| i.triage(i18n::Language::En));
                    model.checkin.last_inputs = urgent;
                    if model.checkin.last_result.is_some() {
                        show_result(&mut model.checkin);
                    }
                    model.show(failure)
                }
            }
        }
        Event::ShowHistoryPage { page } => {
            model.screen = Screen::Checkins;
            model.checkin.history_page = page;
            render()
        }
        Event::Stored(StoreResult::CheckinAdded { checkin }) => {
            model.checkin.pending_result = None;
            model.checkin.last_result = Some(checkin.details.triage.clone());
            model.checkin.last_inputs = model.checkin.pending_inputs.take();
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
            // The advice stands even when the disk is full: it was decided before storing.
            model.checkin.last_result = model.checkin.pending_result.take();
            model.checkin.last_inputs = model.checkin.pending_inputs.take();
            model.fail(ErrorKind::Storage, |l| {
                let reason = l.store_error(&error);
                i18n::fill(l.words().errors.not_saved, &[("reason", &reason)])
            })
        }
        Event::Stored(other) => model.fail(ErrorKind::Storage, |l| app::storage_message(&other, l)),
    }
}

/// Sends what the form decided to send. A refused check-in keeps the form as it was (the error
/// says why), so nothing typed is lost.
fn from_draft(outcome: draft::DraftOutcome, model: &mut Model) -> Command<Effect, app::Event> {
    let form = match outcome {
        draft::DraftOutcome::Changed => return render(),
        draft::DraftOutcome::SendUrgent(signs) => urgent_form(signs),
        draft::DraftOutcome::Send(form) => form,
    };
    update(Event::Submit { form }, model)
}

/// Once a check-in has a result, the result replaces the form, which starts empty next time.
fn show_result(state: &mut CheckinState) {
    state.showing_result = true;
    state.draft = draft::Draft::default();
}

/// The form an urgent-first "yes" sends: only urgent-first signs, nothing else answered.
fn urgent_form(mut signs: Vec<Sign>) -> CheckinForm {
    signs.retain(|s| s.is_urgent());
    signs.sort();
    signs.dedup();
    CheckinForm {
        redness: None,
        swelling: None,
        pain: None,
        itch: None,
        temperature: None,
        discharge: None,
        signs,
        note: None,
    }
}

/// The urgent-first questions triaged on their own, before anything else is checked: `None`
/// when no urgent sign was answered "yes". Only the urgent rows that need nothing but a sign
/// (U1, U3–U6) can match, so the other answers cannot lower or hide the result.
fn urgent_first(form: &CheckinForm, model: &Model) -> Option<TriageInputs> {
    let signs: Vec<Sign> =
        Sign::URGENT_FIRST.into_iter().filter(|s| form.signs.contains(s)).collect();
    if signs.is_empty() {
        return None;
    }
    let day_index = model
        .now
        .zip(model.record.as_ref())
        .and_then(|(now, record)| {
            history::current_session(&record.sessions, now.instant)
                .map(|session| history::day_index(session, now.instant))
        })
        .unwrap_or(0);
    let answers = CheckinAnswers { signs, ..CheckinAnswers::default() };
    let course = Course { day_index, redness_end_days: 0, ceiling_days: 0 };
    Some(TriageInputs { answers, previous: None, course })
}

/// Checks the form, places it on the current session's day and triages it.
fn prepare(form: &CheckinForm, model: &Model) -> Result<(NewCheckin, TriageInputs), Failure> {
    let now = model.now.ok_or_else(|| Failure::new(ErrorKind::Clock, app::clock_not_set))?;
    let record = model
        .record
        .as_ref()
        .ok_or_else(|| Failure::new(ErrorKind::Storage, app::record_not_loaded))?;
    let invalid = |e: CheckinError| Failure::new(ErrorKind::Invalid, move |l| e.words(l));
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
    let inputs =
        TriageInputs { answers, previous: previous.map(|c| c.details.answers.clone()), course };
    // Stored and shared in English: the clinic reads the advice the patient was given.
    let result = inputs.triage(i18n::Language::En);
    let checkin = NewCheckin {
        taken_utc_ms: now.instant.timestamp_millis(),
        zone: now.zone.name().to_owned(),
        session_id: Some(session.id),
        day_index,
        answers: inputs.answers.clone(),
        triage: result,
    };
    Ok((checkin, inputs))
}

/// The check-in screens' view. The last result (and its clinic line) is shown even before the
/// record has loaded: an urgent answer gets its advice whatever else is missing.
pub(crate) fn view_of(model: &Model) -> CheckinsView {
    let language = model.language;
    // The stored result with its advice in the patient's language (level and rows are the
    // stored ones: re-triaging only re-words them).
    let last_result = model.checkin.last_result.clone().map(|stored| {
        match (&model.checkin.last_inputs, language) {
            (Some(inputs), i18n::Language::Es) => {
                TriageResult { advice: inputs.triage(language).advice, ..stored }
            }
            _ => stored,
        }
    });
    let last = model.checkin.last_result.as_ref().zip(model.checkin.last_checkin_id);
    let share_state = last.and_then(|(_, id)| {
        model.sharing.item_for(crate::effects::OutboxKind::Checkin, id).map(|i| i.state)
    });
    let mut view = CheckinsView {
        last_result_title: last_result.as_ref().map(|r| r.title_in(language).to_owned()),
        last_result_detail: last_result.as_ref().map(|r| view::result_detail(r, language)),
        last_result,
        last_checkin_id: model.checkin.last_checkin_id,
        offer_share: last
            .is_some_and(|(r, id)| crate::sharing::offers_share(model, id, r.flagged_for_sharing)),
        last_share_state: share_state,
        share_note: share_state.map(|state| share_note(state, language)),
        clinic_answer: match (last, &model.record, model.now) {
            (Some((_, id)), Some(record), Some(now)) => record
                .checkins
                .iter()
                .rev()
                .find(|c| c.id == id)
                .map(|c| crate::sharing::answers::lines(model, c, now))
                .unwrap_or_default(),
            _ => Vec::new(),
        },
        clinic_advice: model
            .checkin
            .last_result
            .as_ref()
            .and_then(|r| crate::sharing::clinic_advice(model, r, language)),
        call_clinic: model
            .checkin
            .last_result
            .as_ref()
            .filter(|r| r.level == crate::checkin::Level::ContactClinic)
            .and_then(|_| crate::sharing::call_clinic(model, language)),
        form: (!model.checkin.showing_result).then(|| model.checkin.draft.view(language)),
        questionnaire: view::Questionnaire::in_language(language),
        labels: CheckinLabels::in_language(language),
        ..CheckinsView::default()
    };
    // History and trend walk every stored check-in: built only on their own screen.
    if let (Some(record), Some(now), Screen::Checkins) = (&model.record, model.now, model.screen) {
        let answer = |c: &Checkin| crate::sharing::answers::lines(model, c, now);
        view.history =
            view::history(&record.checkins, now, model.checkin.history_page, language, answer);
        if language != i18n::Language::En {
            for entry in &mut view.history.entries {
                let index = record.checkins.iter().rposition(|c| c.id == entry.id);
                match index
                    .and_then(|i| reword::stored_advice_in(model, &record.checkins, i, language))
                {
                    Some(advice) => {
                        entry.advice = advice;
                        entry.advice_lang = language.tag().to_owned();
                    }
                    None => {
                        entry.advice_note =
                            Some(language.words().result.advice_in_english.to_owned());
                    }
                }
            }
        }
        view.trend = trend::trend(record, model.protocol(), now, language);
    }
    view
}

/// A shared check-in's state, worded so that "sent" never reads as "the clinic has seen it".
fn share_note(state: crate::effects::OutboxState, language: i18n::Language) -> String {
    use crate::effects::OutboxState;
    let w = language.words();
    let state = match state {
        OutboxState::Queued => w.result.share_queued,
        OutboxState::Sent => w.result.share_sent,
        OutboxState::Failed => w.result.share_failed,
    };
    format!("{state} {}", w.safety.not_monitored)
}
