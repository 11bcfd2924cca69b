//! The words of each reminder, written only for the reminders that make the window.

use chrono::{NaiveDate, NaiveDateTime, Timelike};

use crate::checkin::Level;
use crate::i18n::{Language, fill};
use crate::protocol::{CareProtocol, MilestoneRule, PrepRule, RestrictionRule};

/// Which text to write, with what it needs.
#[derive(Clone, Copy, Debug)]
pub(super) enum Text<'a> {
    /// The protocol's do's active `elapsed_min` minutes after the session, on recovery `day`.
    Morning {
        day: i64,
        elapsed_min: i64,
    },
    CheckIn {
        day: i64,
    },
    Nudge {
        missed: NaiveDate,
        /// The newest check-in was flagged: the nudge must not sound optional.
        after_flag: bool,
    },
    FollowUp {
        level: Level,
    },
    Unlock {
        rule: &'a RestrictionRule,
    },
    Prep {
        rule: &'a PrepRule,
        session_day: NaiveDate,
    },
    Book {
        window: &'a MilestoneRule,
        closes: Option<NaiveDate>,
    },
    Results {
        milestone: &'a MilestoneRule,
    },
}

/// "Sat 14 Mar", "sábado 14 mar".
pub(super) fn day_label(language: Language, date: NaiveDate) -> String {
    crate::view::format::date_label(language, date)
}

/// The last day with a daily check-in; weekly after it.
pub(super) const DAILY_UNTIL_DAY: i64 = 7;

impl Text<'_> {
    /// The title and body in `language`; `meant_for` is the local wall-clock time the reminder
    /// is for. `protocol` is the one the patient reads (the default in their language, or
    /// the clinic's in its words).
    pub fn render(
        &self,
        protocol: &CareProtocol,
        meant_for: NaiveDateTime,
        language: Language,
    ) -> (String, String) {
        let words = &language.words().reminders;
        let day = |date| day_label(language, date);
        match *self {
            Text::Morning { day, elapsed_min } => {
                let active: Vec<&str> = protocol
                    .dos
                    .iter()
                    .filter(|d| {
                        i64::from(d.from_hours) * 60 <= elapsed_min
                            && elapsed_min < i64::from(d.until_hours) * 60
                    })
                    .map(|d| d.text.as_str())
                    .collect();
                (fill(words.morning_title, &[("day", &day.to_string())]), active.join(" · "))
            }
            Text::CheckIn { day } if day <= DAILY_UNTIL_DAY => {
                (fill(words.daily_title, &[("day", &day.to_string())]), words.daily_body.into())
            }
            Text::CheckIn { day } => (
                fill(words.weekly_title, &[("week", &(day / 7).to_string())]),
                words.weekly_body.into(),
            ),
            Text::Nudge { missed, after_flag: true } => (
                words.nudge_flagged_title.into(),
                fill(words.nudge_flagged_body, &[("day", &day(missed))]),
            ),
            Text::FollowUp { level } => (
                words.follow_up_title.into(),
                match level {
                    Level::Expected | Level::Watch => words.follow_up_watch,
                    Level::ContactClinic => words.follow_up_contact_clinic,
                    Level::Urgent => words.follow_up_urgent,
                }
                .into(),
            ),
            Text::Nudge { missed, after_flag: false } => {
                (words.nudge_title.into(), fill(words.nudge_body, &[("day", &day(missed))]))
            }
            Text::Unlock { rule } => (
                rule.unlock.clone(),
                fill(
                    words.unlock_body,
                    &[
                        ("time", &format!("{:02}:{:02}", meant_for.hour(), meant_for.minute())),
                        ("day", &day(meant_for.date())),
                        ("unlock", &rule.unlock),
                        ("restriction", &rule.title),
                    ],
                ),
            ),
            Text::Prep { rule, session_day } => {
                (fill(words.prep_title, &[("day", &day(session_day))]), rule.title.clone())
            }
            Text::Book { window, closes } => (
                words.book_title.into(),
                fill(
                    words.book_body,
                    &[("window", &window.title), ("day", &closes.map_or_else(String::new, day))],
                ),
            ),
            Text::Results { milestone } => (
                words.results_title.into(),
                fill(words.results_body, &[("milestone", &milestone.title)]),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_labels_match_chrono() {
        let mut date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for _ in 0..400 {
            assert_eq!(day_label(Language::En, date), date.format("%a %-d %b").to_string());
            date = date.succ_opt().unwrap();
        }
    }
}
