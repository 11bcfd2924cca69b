//! The check-in being answered, held by the core: every shell asks the same steps in the same
//! order, sends each answer as it is given, and draws what [`FormView`] says. Before this, each
//! shell kept its own form and decided for itself when an urgent-first "yes" was sent (one on
//! the tap, one from a button, one with the whole form); now the core sends it on the answer.
//!
//! The steps are small enough for a phone screen (issue "The web app a patient can install"):
//! urgent-first signs, then skin, then pain and itch, then the other signs, then the optional
//! temperature and note. "Next" checks only the step's own questions, so a patient is told what
//! is missing where it is asked, and nothing answered is lost by going back.

use crate::i18n::{Language, fill};
use facet::Facet;
use serde::{Deserialize, Serialize};

use super::answers::{
    CheckinError, CheckinForm, Discharge, NRS_MAX, REDNESS_MAX, SWELLING_MAX, Sign,
    TemperatureInput, TemperatureUnit,
};

/// The steps of the check-in, in the order they are asked.
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[repr(C)]
pub enum CheckinStep {
    /// The urgent-first signs: a "yes" sends the check-in at once.
    #[default]
    UrgentFirst,
    /// Redness and swelling.
    Skin,
    /// Pain and itch, 0–10.
    PainAndItch,
    /// What comes out of the skin, and the other yes/no signs.
    Signs,
    /// The optional thermometer reading and note, then "Check in".
    Finish,
}

impl CheckinStep {
    const ORDER: [CheckinStep; 5] =
        [Self::UrgentFirst, Self::Skin, Self::PainAndItch, Self::Signs, Self::Finish];

    fn position(self) -> usize {
        Self::ORDER.iter().position(|s| *s == self).unwrap_or(0)
    }

    fn next(self) -> Option<Self> {
        Self::ORDER.get(self.position() + 1).copied()
    }

    fn previous(self) -> Option<Self> {
        self.position().checked_sub(1).and_then(|i| Self::ORDER.get(i).copied())
    }
}

/// One answer, sent the moment the patient gives it.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[repr(C)]
pub enum CheckinAnswer {
    /// "Yes" (or, to take it back, "no") to a sign. A "yes" to an urgent-first sign sends the
    /// check-in at once with that sign alone.
    Sign {
        sign: Sign,
        yes: bool,
    },
    Redness {
        score: u8,
    },
    Swelling {
        score: u8,
    },
    Pain {
        score: u8,
    },
    Itch {
        score: u8,
    },
    Discharge {
        discharge: Discharge,
    },
    /// The thermometer reading as typed; empty when there is none.
    Temperature {
        text: String,
    },
    Fahrenheit {
        on: bool,
    },
    Note {
        text: String,
    },
}

/// What was answered so far, and where the patient is.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct Draft {
    pub(crate) step: CheckinStep,
    redness: Option<u8>,
    swelling: Option<u8>,
    pain: Option<u8>,
    itch: Option<u8>,
    discharge: Option<Discharge>,
    /// Non-urgent signs answered "yes" (an urgent one is sent, never kept here).
    signs: Vec<Sign>,
    temperature: String,
    fahrenheit: bool,
    note: String,
    /// What "Next" found missing or wrong on this step, for the patient.
    /// Kept as the error, worded when drawn: switching language re-words it.
    pub(crate) problem: Option<CheckinError>,
}

/// What the core does after an answer or a step button.
#[derive(Debug, PartialEq)]
pub(crate) enum DraftOutcome {
    /// Only the form changed: draw it again.
    Changed,
    /// Send these urgent-first signs now, with nothing else.
    SendUrgent(Vec<Sign>),
    /// Every step passed: send the whole form.
    Send(CheckinForm),
}

impl Draft {
    pub(crate) fn answer(&mut self, answer: CheckinAnswer) -> DraftOutcome {
        self.problem = None;
        let score = |field, score: u8, max| {
            if score > max {
                Err(CheckinError::OutOfRange { field, value: score, max })
            } else {
                Ok(Some(score))
            }
        };
        let checked = match answer {
            CheckinAnswer::Sign { sign, yes: true } if sign.is_urgent() => {
                return DraftOutcome::SendUrgent(vec![sign]);
            }
            CheckinAnswer::Sign { sign, yes } => {
                self.signs.retain(|s| *s != sign);
                if yes && !sign.is_urgent() {
                    self.signs.push(sign);
                    self.signs.sort();
                }
                Ok(())
            }
            CheckinAnswer::Redness { score: s } => {
                score("redness", s, REDNESS_MAX).map(|v| self.redness = v)
            }
            CheckinAnswer::Swelling { score: s } => {
                score("swelling", s, SWELLING_MAX).map(|v| self.swelling = v)
            }
            CheckinAnswer::Pain { score: s } => score("pain", s, NRS_MAX).map(|v| self.pain = v),
            CheckinAnswer::Itch { score: s } => score("itch", s, NRS_MAX).map(|v| self.itch = v),
            CheckinAnswer::Discharge { discharge } => {
                self.discharge = Some(discharge);
                Ok(())
            }
            CheckinAnswer::Temperature { text } => {
                self.temperature = text;
                Ok(())
            }
            CheckinAnswer::Fahrenheit { on } => {
                self.fahrenheit = on;
                Ok(())
            }
            CheckinAnswer::Note { text } => {
                self.note = text;
                Ok(())
            }
        };
        if let Err(e) = checked {
            self.problem = Some(e);
        }
        DraftOutcome::Changed
    }

    /// "Next" (or "Check in" on the last step): on when this step's questions are answered.
    pub(crate) fn next(&mut self) -> DraftOutcome {
        let missing =
            |field, value: Option<u8>| value.map(|_| ()).ok_or(CheckinError::NotAnswered { field });
        let checked = match self.step {
            CheckinStep::UrgentFirst => Ok(()),
            CheckinStep::Skin => {
                missing("redness", self.redness).and_then(|()| missing("swelling", self.swelling))
            }
            CheckinStep::PainAndItch => {
                missing("pain", self.pain).and_then(|()| missing("itch", self.itch))
            }
            CheckinStep::Signs => self.discharge.map(|_| ()).ok_or(CheckinError::NoDischarge),
            // The whole form once more: the temperature and note are read here, and a shell
            // that skipped a step cannot send a half-answered check-in.
            CheckinStep::Finish => self.form().validate().map(|_| ()),
        };
        match (checked, self.step.next()) {
            (Err(e), _) => {
                self.problem = Some(e);
                DraftOutcome::Changed
            }
            (Ok(()), Some(next)) => {
                self.problem = None;
                self.step = next;
                DraftOutcome::Changed
            }
            (Ok(()), None) => DraftOutcome::Send(self.form()),
        }
    }

    pub(crate) fn back(&mut self) {
        self.problem = None;
        self.step = self.step.previous().unwrap_or(self.step);
    }

    /// The answers as the core checks them; an empty temperature or note is "none".
    pub(crate) fn form(&self) -> CheckinForm {
        let unit =
            if self.fahrenheit { TemperatureUnit::Fahrenheit } else { TemperatureUnit::Celsius };
        let given = |text: &str| Some(text.to_owned()).filter(|t| !t.trim().is_empty());
        CheckinForm {
            redness: self.redness,
            swelling: self.swelling,
            pain: self.pain,
            itch: self.itch,
            temperature: given(&self.temperature).map(|t| TemperatureInput::new(t, unit)),
            discharge: self.discharge,
            signs: self.signs.clone(),
            note: given(&self.note),
        }
    }

    pub(crate) fn view(&self, language: Language) -> FormView {
        let w = &language.words().form;
        let number = self.step.position() + 1;
        let count = CheckinStep::ORDER.len();
        let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        FormView {
            step: self.step,
            step_number: to_u32(number),
            step_count: to_u32(count),
            progress_label: fill(
                w.progress,
                &[("number", &number.to_string()), ("count", &count.to_string())],
            ),
            redness: self.redness,
            swelling: self.swelling,
            pain: self.pain,
            itch: self.itch,
            discharge: self.discharge,
            signs: self.signs.clone(),
            temperature: self.temperature.clone(),
            fahrenheit: self.fahrenheit,
            note: self.note.clone(),
            problem: self.problem.as_ref().map(|e| sentence(e, language)),
            next_label: match self.step {
                CheckinStep::UrgentFirst => w.none_of_these,
                CheckinStep::Finish => w.check_in,
                _ => w.next,
            }
            .to_owned(),
            back_label: self.step.previous().map(|_| w.back.to_owned()),
        }
    }
}

/// A checker's message as a sentence on the form ("Redness is not answered: …").
fn sentence(e: &CheckinError, language: Language) -> String {
    super::view::capitalised(&e.words(language))
}

/// The check-in form as the shells draw it: the current step's questions (their words are in
/// the questionnaire), the answers given so far, and the step buttons.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct FormView {
    pub step: CheckinStep,
    /// 1-based, for a progress bar.
    pub step_number: u32,
    pub step_count: u32,
    /// "Step 2 of 5"
    pub progress_label: String,
    pub redness: Option<u8>,
    pub swelling: Option<u8>,
    pub pain: Option<u8>,
    pub itch: Option<u8>,
    pub discharge: Option<Discharge>,
    /// The other signs answered "yes".
    pub signs: Vec<Sign>,
    /// The thermometer reading as typed.
    pub temperature: String,
    pub fahrenheit: bool,
    pub note: String,
    /// What is missing or wrong on this step, shown next to its button.
    pub problem: Option<String>,
    /// The step's main button: "None of these" on the urgent-first step, "Check in" on the
    /// last, "Next" between.
    pub next_label: String,
    /// `None` on the first step.
    pub back_label: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered_to_finish() -> Draft {
        let mut d = Draft::default();
        assert_eq!(d.next(), DraftOutcome::Changed);
        d.answer(CheckinAnswer::Redness { score: 1 });
        d.answer(CheckinAnswer::Swelling { score: 0 });
        d.next();
        d.answer(CheckinAnswer::Pain { score: 2 });
        d.answer(CheckinAnswer::Itch { score: 0 });
        d.next();
        d.answer(CheckinAnswer::Discharge { discharge: Discharge::None });
        d.next();
        assert_eq!(d.step, CheckinStep::Finish);
        d
    }

    #[test]
    fn each_step_asks_for_its_own_answers_before_moving_on() {
        let mut d = Draft::default();
        assert_eq!(d.view(Language::En).back_label, None);
        assert_eq!(d.view(Language::En).next_label, "None of these");
        d.next();
        assert_eq!(
            (d.step, d.view(Language::En).progress_label.as_str()),
            (CheckinStep::Skin, "Step 2 of 5")
        );
        d.answer(CheckinAnswer::Redness { score: 2 });
        d.next();
        assert_eq!(d.step, CheckinStep::Skin, "swelling is not answered");
        assert_eq!(
            d.view(Language::En).problem.as_deref(),
            Some("Swelling is not answered: choose a value (0 means none)")
        );
        d.answer(CheckinAnswer::Swelling { score: 0 });
        assert_eq!(d.problem, None, "answering clears the problem");
        d.next();
        d.next();
        assert_eq!(d.step, CheckinStep::PainAndItch);
        assert!(
            d.view(Language::En)
                .problem
                .as_deref()
                .is_some_and(|p| p.starts_with("Pain is not answered"))
        );
        d.answer(CheckinAnswer::Pain { score: 0 });
        d.answer(CheckinAnswer::Itch { score: 0 });
        d.next();
        d.next();
        assert_eq!(d.step, CheckinStep::Signs);
        assert!(
            d.view(Language::En)
                .problem
                .as_deref()
                .is_some_and(|p| p.contains("comes out of the treated skin"))
        );
        d.back();
        assert_eq!((d.step, d.redness, d.pain), (CheckinStep::PainAndItch, Some(2), Some(0)));
    }

    #[test]
    fn the_last_step_sends_the_whole_form_once_the_temperature_reads() {
        let mut d = answered_to_finish();
        assert_eq!(d.view(Language::En).next_label, "Check in");
        d.answer(CheckinAnswer::Sign { sign: Sign::Warmth, yes: true });
        d.answer(CheckinAnswer::Temperature { text: "38,5x".into() });
        assert_eq!(d.next(), DraftOutcome::Changed);
        assert!(
            d.view(Language::En)
                .problem
                .as_deref()
                .is_some_and(|p| p.starts_with("Cannot read `38,5x`"))
        );
        d.answer(CheckinAnswer::Temperature { text: "101.3".into() });
        d.answer(CheckinAnswer::Fahrenheit { on: true });
        d.answer(CheckinAnswer::Note { text: "  ".into() });
        let DraftOutcome::Send(form) = d.next() else { panic!("not sent: {:?}", d.problem) };
        assert_eq!(
            form.temperature,
            Some(TemperatureInput::new("101.3", TemperatureUnit::Fahrenheit))
        );
        assert_eq!((form.signs, form.note, form.pain), (vec![Sign::Warmth], None, Some(2)));
    }

    #[test]
    fn an_urgent_first_yes_is_sent_at_once_from_any_step_and_never_kept() {
        for step_answers in 0..3 {
            let mut d = Draft::default();
            for _ in 0..step_answers {
                d.next();
            }
            let outcome = d.answer(CheckinAnswer::Sign { sign: Sign::Allergy, yes: true });
            assert_eq!(outcome, DraftOutcome::SendUrgent(vec![Sign::Allergy]));
            assert!(d.signs.is_empty());
        }
        let mut d = Draft::default();
        d.answer(CheckinAnswer::Sign { sign: Sign::Eye, yes: false });
        d.answer(CheckinAnswer::Sign { sign: Sign::Bumps, yes: true });
        d.answer(CheckinAnswer::Sign { sign: Sign::Bumps, yes: true });
        assert_eq!(d.signs, vec![Sign::Bumps], "a repeated yes is one sign");
        d.answer(CheckinAnswer::Sign { sign: Sign::Bumps, yes: false });
        assert!(d.signs.is_empty());
    }

    #[test]
    fn a_score_off_its_scale_is_refused_with_its_words_and_not_kept() {
        let mut d = Draft::default();
        d.answer(CheckinAnswer::Redness { score: 5 });
        assert_eq!(d.redness, None);
        assert_eq!(
            d.view(Language::En).problem.as_deref(),
            Some("Redness must be a whole number from 0 to 4, not 5")
        );
        d.answer(CheckinAnswer::Itch { score: 11 });
        assert_eq!(d.itch, None);
    }
}
