//! The words of each reminder, written only for the reminders that make the window.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::checkin::Level;
use crate::protocol::{CareProtocol, MilestoneRule, PrepRule, RestrictionRule};
use crate::view::format::{MONTHS, WEEKDAYS};

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

/// "Sat 14 Mar". Written by hand: chrono's `format` parses its pattern on every call, and
/// planning (which runs after every event) writes up to 60 of these.
pub(super) fn day_label(date: NaiveDate) -> String {
    let weekday = WEEKDAYS[date.weekday().num_days_from_monday() as usize % 7];
    let month = MONTHS[date.month0() as usize % 12];
    format!("{weekday} {} {month}", date.day())
}

/// The last day with a daily check-in; weekly after it.
pub(super) const DAILY_UNTIL_DAY: i64 = 7;

impl Text<'_> {
    /// The title and body; `meant_for` is the local wall-clock time the reminder is for.
    pub fn render(&self, protocol: &CareProtocol, meant_for: NaiveDateTime) -> (String, String) {
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
                (format!("Morning skincare · day {day}"), active.join(" · "))
            }
            Text::CheckIn { day } if day <= DAILY_UNTIL_DAY => (
                format!("Daily check-in · day {day}"),
                "How does your skin feel today? It takes under a minute.".into(),
            ),
            Text::CheckIn { day } => (
                format!("Weekly check-in · week {}", day / 7),
                "A quick look at how your skin is doing. It takes under a minute.".into(),
            ),
            Text::Nudge { missed, after_flag: true } => (
                "Please check in today".into(),
                format!(
                    "Your last check-in needed a closer look, and {} has no check-in yet. Tell us how your skin is now. If it is worse, or you are worried, contact your clinic.",
                    day_label(missed)
                ),
            ),
            Text::FollowUp { level } => (
                "Check in again: how is your skin now?".into(),
                match level {
                    Level::Expected | Level::Watch => {
                        "Your last check-in showed something to watch. Tell us how it looks now; it takes under a minute."
                    }
                    Level::ContactClinic => {
                        "Your last check-in said to contact your clinic today. If you have not reached them yet, call them now, then tell us how your skin is."
                    }
                    Level::Urgent => {
                        "Your last check-in said to get urgent care. If you have not been seen yet, do that now; then tell us how you are."
                    }
                }
                .into(),
            ),
            Text::Nudge { missed, after_flag: false } => (
                "Yesterday's check-in is still open".into(),
                format!(
                    "No pressure: if you have a minute, tell us how your skin felt on {}. If anything worries you, contact your clinic.",
                    day_label(missed)
                ),
            ),
            Text::Unlock { rule } => (
                rule.unlock.clone(),
                format!(
                    "From {:02}:{:02} on {}: {}. (Until then: {}.)",
                    meant_for.hour(),
                    meant_for.minute(),
                    day_label(meant_for.date()),
                    rule.unlock,
                    rule.title
                ),
            ),
            Text::Prep { rule, session_day } => {
                (format!("Before your session on {}", day_label(session_day)), rule.title.clone())
            }
            Text::Book { window, closes } => (
                "Time to book your next session".into(),
                format!(
                    "{}: if you are continuing the series, book with your clinic for before {}.",
                    window.title,
                    closes.map_or_else(String::new, day_label)
                ),
            ),
            Text::Results { milestone } => (
                "Time for your results photo".into(),
                format!(
                    "{}. Take it in the same place, light and angle as your first photo.",
                    milestone.title
                ),
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
            assert_eq!(day_label(date), date.format("%a %-d %b").to_string());
            date = date.succ_opt().unwrap();
        }
    }
}
