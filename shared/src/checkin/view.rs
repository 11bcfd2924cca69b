//! What the check-in screens show: the last result, the form's words and the history (paged,
//! newest first). The trend chart is in [`super::trend`].

use facet::Facet;
use serde::{Deserialize, Serialize};

use super::answers::{Discharge, Sign, format_tenths_c};
use super::history::Checkin;
use super::triage::{Level, TriageResult};
use crate::domain::clock::Now;
use crate::i18n::{Language, fill};
use crate::view::format::at_label_in;
use crate::view::rfc3339;

/// Check-ins per history page.
pub const HISTORY_PAGE_SIZE: usize = 20;

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct CheckinsView {
    /// The result of the check-in just stored (for the result screen).
    pub last_result: Option<TriageResult>,
    /// Its level in words, the result screen's heading ("Contact your clinic today").
    pub last_result_title: Option<String>,
    /// Under the advice: its day and the rules that decided it ("Day 3 · rules C3").
    pub last_result_detail: Option<String>,
    pub last_checkin_id: Option<i64>,
    pub history: HistoryPage,
    pub trend: super::TrendView,
    /// The result screen offers to send this check-in to the linked clinic ("contact clinic"
    /// and "urgent" results not yet in the outbox).
    pub offer_share: bool,
    /// The outbox state of the last check-in, once it was shared (auto-share included).
    pub last_share_state: Option<crate::effects::OutboxState>,
    /// That state in words, with the reminder that the clinic does not watch shares live.
    pub share_note: Option<String>,
    /// What the clinic did with it once it answered: seen or handled, and its reply with the
    /// time ("Northside Clinic replied today 11:05: “We'll call you before noon”").
    pub clinic_answer: Vec<String>,
    /// The clinic's line while linked: its route for "contact clinic", a reminder to tell it
    /// afterwards for "urgent" (shown after the advice, never before it).
    pub clinic_advice: Option<String>,
    /// One tap to call the clinic on a "contact clinic" result while linked (clinical review,
    /// major 4: the route is a call, not a number to copy). Not on urgent results: there the
    /// action is the emergency number, whose digits the app cannot know for every country.
    pub call_clinic: Option<CallAction>,
    /// The questions of the check-in form, worded once here for every shell.
    pub questionnaire: Questionnaire,
    /// The form being answered, at its current step; `None` while the last result is shown
    /// (then `questionnaire.new_checkin_label` starts a new one).
    pub form: Option<super::FormView>,
    /// The screens' fixed words.
    pub labels: CheckinLabels,
}

/// The check-in screens' headings and buttons, worded once here for every shell.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct CheckinLabels {
    pub title: String,
    pub result_title: String,
    pub history_title: String,
    pub newer: String,
    pub older: String,
    /// Offers to send the result's check-in to the linked clinic.
    pub share: String,
    /// Leaves the result screen.
    pub done: String,
}

impl Default for CheckinLabels {
    fn default() -> Self {
        Self::in_language(Language::En)
    }
}

impl CheckinLabels {
    pub fn in_language(language: Language) -> Self {
        let w = &language.words().result;
        Self {
            title: w.title.to_owned(),
            result_title: w.result_title.to_owned(),
            history_title: w.history_title.to_owned(),
            newer: w.newer.to_owned(),
            older: w.older.to_owned(),
            share: w.share.to_owned(),
            done: w.done.to_owned(),
        }
    }
}

/// "Day 3 · rules C3": the result's day after the session and the rules that decided it.
pub(crate) fn result_detail(result: &TriageResult, language: Language) -> String {
    let w = &language.words().result;
    let day = result.day_index.to_string();
    if result.rules.is_empty() {
        return fill(w.day, &[("day", &day)]);
    }
    fill(w.day_and_rules, &[("day", &day), ("rules", &result.rules.join(", "))])
}

/// The check-in form as data: shells draw these lists in this order and pre-fill nothing.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Questionnaire {
    /// Headings, in the order the groups are asked.
    pub urgent_first_title: String,
    pub redness_title: String,
    pub swelling_title: String,
    pub pain_title: String,
    pub itch_title: String,
    pub discharge_title: String,
    pub other_signs_title: String,
    /// Asked first, each drawn as a button: tapping one is a "yes", which submits at once and
    /// gives urgent advice.
    pub urgent_first: Vec<SignQuestion>,
    /// Under the urgent-first title: what a "yes" does.
    pub urgent_first_hint: String,
    /// Redness 0–4, one anchor per step.
    pub redness: Vec<String>,
    /// Swelling 0–3, one anchor per step.
    pub swelling: Vec<String>,
    /// Pain and itch, 0 to 10: one label per step.
    pub score_steps: Vec<String>,
    pub discharge: Vec<DischargeOption>,
    /// The other yes/no signs; a sign not ticked is a "no".
    pub other_signs: Vec<SignQuestion>,
    /// The optional thermometer reading: its label, an example, and the Fahrenheit switch.
    pub temperature_label: String,
    pub temperature_example: String,
    pub fahrenheit_label: String,
    /// A choice that has not been made yet (a picker's empty entry).
    pub unanswered_label: String,
    pub note_label: String,
    /// Starts a new check-in after a result.
    pub new_checkin_label: String,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SignQuestion {
    pub sign: Sign,
    pub text: String,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct DischargeOption {
    pub discharge: Discharge,
    pub text: String,
}

impl Default for Questionnaire {
    fn default() -> Self {
        Self::in_language(Language::En)
    }
}

impl Questionnaire {
    /// The form's words in `language`; the order and the urgent-first split are the same in
    /// every language (they are clinical decisions, not wording).
    pub fn in_language(language: Language) -> Self {
        let w = &language.words().form;
        let ask = |sign: Sign| SignQuestion { sign, text: sign.question_in(language).to_owned() };
        let texts = |words: &[&str]| words.iter().map(|t| (*t).to_owned()).collect();
        Self {
            urgent_first_title: w.urgent_first_title.to_owned(),
            redness_title: w.redness_title.to_owned(),
            swelling_title: w.swelling_title.to_owned(),
            pain_title: w.pain_title.to_owned(),
            itch_title: w.itch_title.to_owned(),
            discharge_title: w.discharge_title.to_owned(),
            other_signs_title: w.other_signs_title.to_owned(),
            urgent_first: Sign::URGENT_FIRST.into_iter().map(ask).collect(),
            urgent_first_hint: w.urgent_first_hint.to_owned(),
            redness: texts(&w.redness),
            swelling: texts(&w.swelling),
            score_steps: (0..=super::answers::NRS_MAX).map(|n| n.to_string()).collect(),
            discharge: Discharge::ALL
                .into_iter()
                .map(|discharge| DischargeOption {
                    discharge,
                    text: discharge.label_in(language).to_owned(),
                })
                .collect(),
            other_signs: Sign::OTHERS.into_iter().map(ask).collect(),
            temperature_label: w.temperature_label.to_owned(),
            temperature_example: w.temperature_example.to_owned(),
            fahrenheit_label: w.fahrenheit_label.to_owned(),
            unanswered_label: w.unanswered_label.to_owned(),
            note_label: w.note_label.to_owned(),
            new_checkin_label: w.new_checkin_label.to_owned(),
        }
    }
}

/// The text with its first letter upper-case ("faint pink" → "Faint pink").
pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A call the shell places with the platform's dialer.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct CallAction {
    /// The button's words, e.g. "Call Glow Clinic".
    pub label: String,
    /// A `tel:` URI with only the characters a dialer reads (digits and a leading +).
    pub uri: String,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct HistoryPage {
    /// Newest first.
    pub entries: Vec<CheckinView>,
    pub page: u32,
    pub page_count: u32,
    pub total: u32,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct CheckinView {
    pub id: i64,
    /// RFC 3339 in the patient's current zone.
    pub taken: String,
    pub taken_label: String,
    pub session_id: Option<i64>,
    pub day_index: u32,
    pub level: Level,
    /// The level in words, as the result's heading and in the history ("Keep an eye on it").
    pub level_title: String,
    pub rules: Vec<String>,
    pub advice: String,
    /// The language `advice` is in: the patient's when the stored advice could be re-worded
    /// faithfully (`reword.rs`), else "en", which shells mark (`lang`) when it differs.
    pub advice_lang: String,
    /// Said under advice kept in English ("Saved in English, as your clinic received it").
    pub advice_note: Option<String>,
    pub flagged_for_sharing: bool,
    /// `None` when not answered (an urgent check-in sent before the scores).
    pub redness: Option<u8>,
    pub swelling: Option<u8>,
    pub pain: Option<u8>,
    pub itch: Option<u8>,
    /// The scores in words for the history line: "redness 1, swelling 0, pain 2, itch 0", or
    /// that they were not answered.
    pub scores_label: String,
    /// e.g. "38.2 °C"
    pub temperature: Option<String>,
    pub discharge: Option<Discharge>,
    pub signs: Vec<Sign>,
    pub note: Option<String>,
    /// False when a later check-in of the same day replaced it in the trend.
    pub counts_for_day: bool,
    /// "Day 3": days after its session.
    pub day_label: String,
    /// Said when a later check-in of the same day replaced it in the trend.
    pub replaced_note: Option<String>,
    /// The clinic's answer, as on the result (`CheckinsView::clinic_answer`).
    pub clinic_answer: Vec<String>,
}

/// One page of the history, newest first; `clinic_answer` words the clinic's answer to each.
pub fn history(
    checkins: &[Checkin],
    now: Now,
    page: u32,
    language: Language,
    clinic_answer: impl Fn(&Checkin) -> Vec<String>,
) -> HistoryPage {
    let total = checkins.len();
    let page_count = total.div_ceil(HISTORY_PAGE_SIZE).max(1);
    let page = usize::try_from(page).unwrap_or(usize::MAX).min(page_count - 1);
    let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let entries = (0..total)
        .rev()
        .skip(page * HISTORY_PAGE_SIZE)
        .take(HISTORY_PAGE_SIZE)
        .filter_map(|i| {
            let c = checkins.get(i)?;
            // Later check-ins of the same day follow it (history order); one with scores
            // replaces it in the trend.
            let replaced = checkins
                .get(i + 1..)
                .unwrap_or_default()
                .iter()
                .take_while(|next| {
                    next.details.session_id == c.details.session_id
                        && next.details.day_index == c.details.day_index
                })
                .any(|next| next.details.answers.has_scores());
            let counts = c.details.answers.has_scores() && !replaced;
            let mut entry = entry(c, now, counts, language);
            entry.clinic_answer = clinic_answer(c);
            Some(entry)
        })
        .collect();
    HistoryPage {
        entries,
        page: to_u32(page),
        page_count: to_u32(page_count),
        total: to_u32(total),
    }
}

/// One history line, with the stored English advice (`checkin::view_of` re-words it in the
/// patient's language where `reword.rs` can do so faithfully).
fn entry(c: &Checkin, now: Now, counts_for_day: bool, language: Language) -> CheckinView {
    let d = &c.details;
    let w = &language.words().result;
    let taken = crate::domain::clock::instant_from_ms(d.taken_utc_ms).unwrap_or_default();
    CheckinView {
        id: c.id,
        taken: rfc3339(taken, now.zone),
        taken_label: at_label_in(language, taken, now.zone, now.instant),
        session_id: d.session_id,
        day_index: d.day_index,
        level: d.triage.level,
        level_title: d.triage.title_in(language).to_owned(),
        rules: d.triage.rules.clone(),
        advice: d.triage.advice.clone(),
        advice_lang: Language::En.tag().to_owned(),
        advice_note: None,
        flagged_for_sharing: d.triage.flagged_for_sharing,
        redness: d.answers.redness,
        swelling: d.answers.swelling,
        pain: d.answers.pain,
        itch: d.answers.itch,
        scores_label: scores_label(&d.answers, language),
        temperature: d.answers.temperature_tenths_c.map(format_tenths_c),
        discharge: d.answers.discharge,
        signs: d.answers.signs.clone(),
        note: d.answers.note.clone(),
        counts_for_day,
        day_label: fill(w.day, &[("day", &d.day_index.to_string())]),
        replaced_note: (!counts_for_day && d.answers.has_scores()).then(|| w.replaced.to_owned()),
        clinic_answer: Vec::new(),
    }
}

/// The history line's scores, in words.
fn scores_label(a: &super::CheckinAnswers, language: Language) -> String {
    let w = &language.words().result;
    let named =
        [(w.redness, a.redness), (w.swelling, a.swelling), (w.pain, a.pain), (w.itch, a.itch)];
    if named.iter().all(|(_, v)| v.is_none()) {
        return w.scores_not_answered.to_owned();
    }
    let parts: Vec<String> = named
        .iter()
        .map(|(name, v)| match v {
            Some(v) => fill(w.score, &[("name", name), ("value", &v.to_string())]),
            None => fill(w.score_not_answered, &[("name", name)]),
        })
        .collect();
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkin::CheckinAnswers;

    #[test]
    fn scores_read_in_order_with_the_unanswered_named() {
        let a = CheckinAnswers {
            redness: Some(1),
            pain: Some(2),
            swelling: None,
            itch: None,
            ..CheckinAnswers::default()
        };
        assert_eq!(
            scores_label(&a, Language::En),
            "redness 1, swelling not answered, pain 2, itch not answered"
        );
        let all = CheckinAnswers { swelling: Some(0), itch: Some(3), ..a };
        assert_eq!(scores_label(&all, Language::En), "redness 1, swelling 0, pain 2, itch 3");
        assert_eq!(
            scores_label(&CheckinAnswers::default(), Language::En),
            "scores not answered (sent at once for an urgent sign)"
        );
    }
}
