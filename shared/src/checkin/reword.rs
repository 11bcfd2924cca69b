//! A stored check-in's advice in the patient's language. The stored advice is English (what the
//! clinic received); triage is pure, so the stored inputs give the same result again — when they
//! do. A history entry is re-worded only if re-triaging its stored answers, the day before's and
//! its session's course gives back exactly the stored English advice, level and rows; otherwise
//! (a protocol or table changed since) it keeps the English and says so.

use super::{Checkin, Course, TriageInputs, history};
use crate::app::Model;
use crate::i18n::Language;

/// `checkins[index]`'s advice in `language`, or `None` when it cannot be re-worded faithfully.
pub(crate) fn stored_advice_in(
    model: &Model,
    checkins: &[Checkin],
    index: usize,
    language: Language,
) -> Option<String> {
    let checkin = checkins.get(index)?;
    let d = &checkin.details;
    let record = model.record.as_ref()?;
    let session = record.sessions.iter().find(|s| Some(s.id) == d.session_id)?;
    let protocol = model.protocol();
    // As it was triaged: only the check-ins stored before it could be "the day before".
    let previous = history::previous_day(checkins.get(..index)?, session.id, d.day_index)
        .map(|c| c.details.answers.clone());
    let full = Course {
        day_index: d.day_index,
        redness_end_days: protocol.redness_days(session.depth_mm()),
        ceiling_days: protocol.expected_ceiling_days,
    };
    // An urgent-first check-in was triaged from its signs alone, before any score.
    let urgent_first = Course { day_index: d.day_index, redness_end_days: 0, ceiling_days: 0 };
    [
        TriageInputs { answers: d.answers.clone(), previous, course: full },
        TriageInputs { answers: d.answers.clone(), previous: None, course: urgent_first },
    ]
    .into_iter()
    .find(|inputs| {
        let again = inputs.triage(Language::En);
        again.advice == d.triage.advice
            && again.level == d.triage.level
            && again.rules == d.triage.rules
    })
    .map(|inputs| inputs.triage(language).advice)
}
