//! The triage engine: a pure function of (answers, previous day's answers, day, expected course).
//!
//! Photos are not an input: the engine cannot see them, so they can never change a level
//! (clinical-research.md §1.8 design constraints, R26).

use facet::Facet;
use serde::{Deserialize, Serialize};

use super::answers::{CheckinAnswers, FEVER_TENTHS_C, Sign};
use super::rules::{Cond, ExpectedCourse, Measure, RULES, TriageRule};
use crate::i18n::{Language, Words, fill, join_and};

/// How soon the patient should act, lowest first.
#[derive(
    Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum Level {
    Expected,
    Watch,
    ContactClinic,
    Urgent,
}

impl Level {
    pub fn key(self) -> &'static str {
        match self {
            Self::Expected => "expected",
            Self::Watch => "watch",
            Self::ContactClinic => "contact_clinic",
            Self::Urgent => "urgent",
        }
    }

    /// The result's heading in English.
    pub fn title(self) -> &'static str {
        self.title_in(Language::En)
    }

    /// The result's heading, the same on every screen and shell.
    pub fn title_in(self, language: Language) -> &'static str {
        let result = &language.words().result;
        match self {
            Self::Expected => result.level_expected,
            Self::Watch => result.level_watch,
            Self::ContactClinic => result.level_contact_clinic,
            Self::Urgent => result.level_urgent,
        }
    }

    /// Results the clinic should see (the sharing feature sends them).
    pub fn is_flagged_for_sharing(self) -> bool {
        self >= Self::ContactClinic
    }
}

/// Where the check-in sits in the expected course of its session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Course {
    /// Whole elapsed 24 h periods since the session started (0 on the session day).
    pub day_index: u32,
    /// `E_end`: the depth band's expected end of visible redness, in days.
    pub redness_end_days: u32,
    /// Past this day nothing is expected any more (7 by default).
    pub ceiling_days: u32,
}

/// The outcome of one check-in.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TriageResult {
    pub level: Level,
    /// Ids of the rows that matched at the deciding level, in table order; empty when no row
    /// matched (the result is then "watch").
    pub rules: Vec<String>,
    /// Plain, non-diagnostic advice.
    pub advice: String,
    pub day_index: u32,
    /// "Contact clinic today" and "urgent" results are offered for sharing with the clinic.
    pub flagged_for_sharing: bool,
}

/// The contact-clinic rows whose own advice gives the clinic days, not hours (C7: today or the
/// next business day; C8: the next two business days).
const NOT_TODAY: [&str; 2] = ["C7", "C8"];

impl TriageResult {
    /// A contact-clinic result decided only by rows that give the clinic days: its heading and
    /// clinic line must not say "today" (clinical review, minor 24).
    pub fn gives_days_not_hours(&self) -> bool {
        self.level == Level::ContactClinic
            && !self.rules.is_empty()
            && self.rules.iter().all(|r| NOT_TODAY.contains(&r.as_str()))
    }

    /// The result's heading: the level's title, except that a result giving the clinic days
    /// says so instead of "today".
    pub fn title(&self) -> &'static str {
        self.title_in(Language::En)
    }

    /// [`Self::title`] in the patient's language.
    pub fn title_in(&self, language: Language) -> &'static str {
        if self.gives_days_not_hours() {
            language.words().result.level_contact_clinic_soon
        } else {
            self.level.title_in(language)
        }
    }
}

/// An answered score no higher than `max` (an unanswered one is not "low").
fn at_most(score: Option<u8>, max: u8) -> bool {
    score.is_some_and(|s| s <= max)
}

struct Facts<'a> {
    answers: &'a CheckinAnswers,
    previous: Option<&'a CheckinAnswers>,
    course: Course,
}

impl Facts<'_> {
    /// `None` when not answered: a missing score never satisfies a condition on it.
    fn score(answers: &CheckinAnswers, measure: Measure) -> Option<u8> {
        match measure {
            Measure::Redness => answers.redness,
            Measure::Swelling => answers.swelling,
            Measure::Pain => answers.pain,
            Measure::Itch => answers.itch,
        }
    }

    fn now(&self, m: Measure) -> Option<u8> {
        Self::score(self.answers, m)
    }

    fn before(&self, m: Measure) -> Option<u8> {
        self.previous.and_then(|p| Self::score(p, m))
    }

    /// Both days' values of `m`, when both were answered.
    fn both(&self, m: Measure) -> Option<(u8, u8)> {
        self.now(m).zip(self.before(m))
    }

    fn fever(&self) -> bool {
        self.answers.temperature_tenths_c.is_some_and(|t| t >= FEVER_TENTHS_C)
            || self.answers.has(Sign::Unwell)
    }

    fn holds(&self, cond: &Cond) -> bool {
        let day = self.course.day_index;
        match *cond {
            Cond::Sign(sign) => self.answers.has(sign),
            Cond::Fever => self.fever(),
            Cond::Discharge(d) => self.answers.discharge == Some(d),
            Cond::AtLeast(m, n) => self.now(m).is_some_and(|v| v >= n),
            Cond::DayAtLeast(n) => day >= n,
            Cond::DayAtMost(n) => day <= n,
            Cond::DayPastRednessEnd(extra) => {
                day > self.course.redness_end_days.saturating_add(extra)
            }
            Cond::DayAtOrPastCeiling => day >= self.course.ceiling_days,
            Cond::WorseThanPrevious(m) => self.both(m).is_some_and(|(n, b)| n > b),
            Cond::RoseBy(m, by) => self.both(m).is_some_and(|(n, b)| n >= b.saturating_add(by)),
            Cond::BetterThanPrevious(m) => self.both(m).is_some_and(|(n, b)| n < b),
            Cond::NotWorseThanPrevious(m) => match (self.now(m), self.before(m)) {
                (Some(n), Some(b)) => n <= b,
                (Some(_), None) => true,
                (None, _) => false,
            },
            Cond::Expected(course) => self.expected(&course),
            Cond::Healed => self.healed(),
            Cond::All(conds) => conds.iter().all(|c| self.holds(c)),
            Cond::Any(conds) => conds.iter().any(|c| self.holds(c)),
        }
    }

    /// Row E4: past the expected course with nothing left to report.
    fn healed(&self) -> bool {
        let a = self.answers;
        self.course.day_index >= self.course.ceiling_days
            && a.is_complete()
            && !self.fever()
            && at_most(a.redness, 0)
            && at_most(a.swelling, 0)
            && at_most(a.pain, 1)
            && at_most(a.itch, 1)
            && a.discharge == Some(super::answers::Discharge::None)
            && a.signs.is_empty()
    }

    /// Rows E1–E3: within the course's days and limits, redness gone once the depth band's
    /// expected end has passed, every optional question answered, and no sign the course does
    /// not allow.
    fn expected(&self, c: &ExpectedCourse) -> bool {
        let a = self.answers;
        let day = self.course.day_index;
        let sign_ok = |s: &Sign| match s {
            Sign::Warmth => c.warmth_ok,
            Sign::DarkPatches => c.dark_patches_ok,
            _ => false,
        };
        (c.first_day..=c.last_day).contains(&day)
            && day <= self.course.ceiling_days
            && a.is_complete()
            && !self.fever()
            && at_most(a.redness, c.redness_max)
            && (day <= self.course.redness_end_days || at_most(a.redness, 0))
            && at_most(a.swelling, c.swelling_max)
            && at_most(a.pain, c.pain_max)
            && at_most(a.itch, c.itch_max)
            && a.discharge.is_some_and(|d| c.discharge_ok.contains(&d))
            && a.signs.iter().all(sign_ok)
    }
}

/// Triage of one check-in. `previous` is the check-in that counts for the most recent earlier
/// day of the same session (the trend rules compare with it). The advice is in English, as it
/// is stored and shared with the clinic; [`triage_in`] words it for the patient.
pub fn triage(
    answers: &CheckinAnswers,
    previous: Option<&CheckinAnswers>,
    course: Course,
) -> TriageResult {
    triage_in(Language::En, answers, previous, course)
}

/// [`triage`] with the advice in `language`: the same level and rows, a pure function, so the
/// result screen re-words a stored result when the patient switches language.
pub fn triage_in(
    language: Language,
    answers: &CheckinAnswers,
    previous: Option<&CheckinAnswers>,
    course: Course,
) -> TriageResult {
    let facts = Facts { answers, previous, course };
    let first = RULES.iter().find(|rule| facts.holds(&rule.when));
    let level = first.map_or(Level::Watch, |rule| rule.level);
    let fired: Vec<&TriageRule> = RULES
        .iter()
        .skip_while(|rule| Some(rule.id) != first.map(|f| f.id))
        .filter(|rule| rule.level == level && facts.holds(&rule.when))
        .collect();
    TriageResult {
        level,
        rules: fired.iter().map(|r| r.id.to_owned()).collect(),
        advice: advice(language.words(), level, &fired, &facts),
        day_index: course.day_index,
        flagged_for_sharing: level.is_flagged_for_sharing(),
    }
}

/// The emergency instruction: the first sentence of every urgent result, and its only action.
/// Allergy (U1) and signs of sepsis (U6) are emergencies; the other urgent rows may be seen at
/// urgent care as well as an emergency department.
fn urgent_instruction(w: &Words, has: impl Fn(&str) -> bool) -> &'static str {
    if has("U1") || has("U6") { w.advice.emergency } else { w.advice.urgent_care }
}

/// What to do if the clinic cannot be reached: every "contact clinic" result has a route
/// (clinical review, major 4). Fever keeps the research's 4-hour limit (C2, R24).
fn unreachable_route(w: &Words, has: impl Fn(&str) -> bool) -> &'static str {
    if has("C2") { w.advice.unreachable_fever } else { w.advice.unreachable }
}

/// Appends a sentence with the space between sentences.
fn then(text: &mut String, sentence: &str) {
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(sentence);
}

fn advice(w: &Words, level: Level, fired: &[&TriageRule], facts: &Facts<'_>) -> String {
    let (answers, course) = (facts.answers, facts.course);
    let day = course.day_index.to_string();
    let on_day = |template: &str| fill(template, &[("day", &day)]);
    let has = |id: &str| fired.iter().any(|r| r.id == id);
    let a = &w.advice;
    let mut text = String::new();
    match level {
        Level::Urgent => {
            then(&mut text, urgent_instruction(w, has));
            if has("U5") {
                then(&mut text, a.keep_pressing);
            }
        }
        Level::ContactClinic if fired.iter().all(|r| r.id == "C8") => {
            then(&mut text, &on_day(a.clinic_two_business_days));
        }
        Level::ContactClinic if fired.iter().all(|r| r.id == "C7") => {
            then(&mut text, &on_day(a.clinic_next_business_day));
        }
        Level::ContactClinic => {
            then(&mut text, &on_day(a.clinic_today));
            then(&mut text, unreachable_route(w, has));
        }
        Level::Watch if fired.is_empty() => {
            then(&mut text, &on_day(a.unmatched));
            if course.day_index > course.ceiling_days {
                let ceiling = course.ceiling_days.to_string();
                then(&mut text, &fill(a.past_ceiling, &[("ceiling", &ceiling)]));
            }
            if !answers.is_complete() {
                then(&mut text, a.say_discharge);
            }
            then(&mut text, a.unmatched_follow_up);
        }
        Level::Watch => {
            then(&mut text, a.watch);
            if has("W4") {
                then(&mut text, a.dark_patches);
            }
        }
        Level::Expected if has("E4") => then(&mut text, a.healed),
        Level::Expected => then(&mut text, &on_day(a.expected)),
    }
    if level != Level::Expected && !fired.is_empty() {
        let reasons: Vec<String> = fired.iter().map(|r| reason(w, r, facts)).collect();
        let reasons = reasons.join(a.reasons_separator);
        then(&mut text, &fill(a.you_reported, &[("reasons", &reasons)]));
    }
    if level == Level::Urgent {
        // Secondary, after the instruction and the reasons (critical 1): the clinic never
        // precedes or softens the emergency advice.
        then(&mut text, a.tell_clinic_after_care);
    }
    if level <= Level::Watch && answers.temperature_tenths_c.is_none() {
        then(&mut text, a.measure_if_feverish);
    }
    text
}

/// A row's reason in the patient's language ("You reported …").
fn rule_reason(w: &Words, id: &str) -> &'static str {
    let r = &w.reasons;
    match id {
        "U1" => r.u1,
        "U2" => r.u2,
        "U3" => r.u3,
        "U4" => r.u4,
        "U5" => r.u5,
        "U6" => r.u6,
        "C1" => r.c1,
        "C2" => r.c2,
        "C3" => r.c3,
        "C4" => r.c4,
        "C5" => r.c5,
        "C6" => r.c6,
        "C7" => r.c7,
        "C8" => r.c8,
        "C9" => r.c9,
        "W1" => r.w1,
        "W2" => r.w2,
        "W3" => r.w3,
        "W4" => r.w4,
        "E1" => r.e1,
        "E2" => r.e2,
        "E3" => r.e3,
        _ => r.e4,
    }
}

/// What the patient reported that made `rule` match. Rows with several clauses name the ones
/// that held (C3: which score rose), so the advice never lists what the patient did not say.
fn reason(w: &Words, rule: &TriageRule, facts: &Facts<'_>) -> String {
    if rule.id != "C3" {
        return rule_reason(w, rule.id).to_owned();
    }
    let mut parts = Vec::new();
    if facts.holds(&Cond::AtLeast(Measure::Pain, 7)) {
        parts.push(w.reasons.severe_pain.to_owned());
    }
    if facts.course.day_index >= 2 {
        let rose = [
            (Cond::WorseThanPrevious(Measure::Redness), w.result.redness),
            (Cond::WorseThanPrevious(Measure::Swelling), w.result.swelling),
            (Cond::RoseBy(Measure::Pain, 2), w.result.pain),
        ];
        let rose: Vec<&str> =
            rose.iter().filter(|(c, _)| facts.holds(c)).map(|(_, name)| *name).collect();
        if !rose.is_empty() {
            let measures = join_and(w, &rose);
            parts.push(fill(w.reasons.more_than_day_before, &[("measures", &measures)]));
        }
    }
    if parts.is_empty() {
        rule_reason(w, rule.id).to_owned()
    } else {
        parts.join(w.reasons.and_also)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkin::answers::Discharge;

    fn calm() -> CheckinAnswers {
        CheckinAnswers {
            redness: Some(0),
            swelling: Some(0),
            pain: Some(0),
            itch: Some(0),
            temperature_tenths_c: Some(368),
            discharge: Some(Discharge::None),
            ..CheckinAnswers::default()
        }
    }

    fn day(d: u32) -> Course {
        Course { day_index: d, redness_end_days: 3, ceiling_days: 7 }
    }

    #[test]
    fn all_rows_at_the_deciding_level_are_named() {
        let answers = CheckinAnswers {
            discharge: Some(Discharge::Pus),
            temperature_tenths_c: Some(385),
            ..calm()
        };
        let result = triage(&answers, None, day(3));
        assert_eq!(result.level, Level::ContactClinic);
        assert_eq!(result.rules, ["C1", "C2"]);
        assert!(result.flagged_for_sharing);
        assert!(
            result
                .advice
                .starts_with("This is not what we expect on day 3. Contact your clinic today.")
        );
        assert!(!result.advice.contains("infection"), "advice must not diagnose");
    }

    #[test]
    fn nothing_matched_is_watch_and_says_what_is_missing() {
        let answers = CheckinAnswers { discharge: None, ..calm() };
        let result = triage(&answers, None, day(1));
        assert_eq!((result.level, result.rules.len()), (Level::Watch, 0));
        assert!(result.advice.contains("Say whether anything comes out"), "{}", result.advice);
        assert!(!result.flagged_for_sharing);
    }

    #[test]
    fn no_thermometer_is_an_answer_and_the_advice_says_when_to_measure() {
        let answers = CheckinAnswers { temperature_tenths_c: None, ..calm() };
        let result = triage(&answers, None, day(1));
        assert_eq!(result.level, Level::Expected);
        assert!(result.advice.ends_with("take your temperature and check in again."));
    }

    /// Each row of the table has its own reason in every language (a new row without one
    /// would read as E4's).
    #[test]
    fn every_row_has_its_own_reason_in_every_language() {
        for language in Language::ALL {
            let w = language.words();
            let mut reasons: Vec<&str> = RULES.iter().map(|r| rule_reason(w, r.id)).collect();
            reasons.sort_unstable();
            reasons.dedup();
            assert_eq!(reasons.len(), RULES.len(), "{language:?}");
        }
    }
}
