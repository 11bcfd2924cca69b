//! The patient's reminder preferences: preferred morning and evening times, quiet hours, and
//! which kinds of reminder are on. Checked by [`ReminderPrefs::validate`] before they are stored.

use std::fmt;

use chrono::{NaiveTime, Timelike};
use facet::Facet;
use serde::{Deserialize, Serialize};

use super::ReminderKind;
use crate::i18n::{Language, fill};

/// A local wall-clock time of day, minute precision.
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WallTime {
    pub hour: u8,
    pub minute: u8,
}

/// Quiet hours as a local time range `[start, end)`; `start > end` crosses midnight
/// (22:00–07:30 is quiet from 22:00 until 07:30 the next morning).
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct QuietHours {
    pub start: WallTime,
    pub end: WallTime,
}

/// What the patient chose. `off` lists the kinds they switched off (all on by default).
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReminderPrefs {
    /// Morning skincare, the missed-check-in nudge and dated tasks fire at this local time.
    pub morning: WallTime,
    /// The daily check-in fires at this local time.
    pub evening: WallTime,
    pub quiet: Option<QuietHours>,
    pub off: Vec<ReminderKind>,
}

/// Why preferences were refused; [`PrefsError::words`] says it in the patient's language
/// (`Display` is the English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrefsError {
    /// Not `HH:MM` on a 24-hour clock.
    BadTime(String),
    /// Not `HH:MM-HH:MM`.
    BadRange(String),
    /// Hour above 23 or minute above 59 (from a shell that sent numbers).
    OutOfRange { hour: u8, minute: u8 },
    /// Start equals end: the range would silence every reminder.
    QuietAllDay(String),
    /// A preferred time falls inside the quiet hours (`which`: "morning" or "evening").
    PreferredInQuiet { which: &'static str, time: String, quiet: String },
}

impl PrefsError {
    /// The refusal in words the patient can act on, in `language`.
    pub fn words(&self, language: Language) -> String {
        let w = &language.words().reminders;
        match self {
            Self::BadTime(typed) => fill(w.bad_time, &[("typed", typed)]),
            Self::BadRange(typed) => fill(w.bad_quiet, &[("typed", typed)]),
            Self::OutOfRange { hour, minute } => {
                fill(w.not_a_time, &[("time", &format!("{hour:02}:{minute:02}"))])
            }
            Self::QuietAllDay(quiet) => fill(w.quiet_all_day, &[("quiet", quiet)]),
            Self::PreferredInQuiet { which, time, quiet } => {
                let which = if *which == "morning" { w.which_morning } else { w.which_evening };
                fill(w.time_in_quiet, &[("which", which), ("time", time), ("quiet", quiet)])
            }
        }
    }
}

impl fmt::Display for PrefsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(Language::En))
    }
}

impl std::error::Error for PrefsError {}

impl WallTime {
    pub const fn new(hour: u8, minute: u8) -> Self {
        Self { hour, minute }
    }

    /// Reads `HH:MM` (24-hour; `H:MM` accepted).
    pub fn parse(text: &str) -> Result<Self, PrefsError> {
        let bad = || PrefsError::BadTime(text.trim().to_owned());
        let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
        let hour: u8 = h.parse().map_err(|_| bad())?;
        let minute: u8 = m.parse().map_err(|_| bad())?;
        if m.len() != 2 || hour > 23 || minute > 59 {
            return Err(bad());
        }
        Ok(Self { hour, minute })
    }

    /// Minutes since local midnight.
    pub fn minutes(self) -> u32 {
        u32::from(self.hour) * 60 + u32::from(self.minute)
    }

    /// As a chrono time; `None` when out of range (only reachable before validation).
    pub fn naive(self) -> Option<NaiveTime> {
        NaiveTime::from_hms_opt(u32::from(self.hour), u32::from(self.minute), 0)
    }

    fn check(self) -> Result<(), PrefsError> {
        match self.naive() {
            Some(_) => Ok(()),
            None => Err(PrefsError::OutOfRange { hour: self.hour, minute: self.minute }),
        }
    }
}

impl std::fmt::Display for WallTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl QuietHours {
    /// Reads `HH:MM-HH:MM`. `24:00` as the end means midnight.
    pub fn parse(text: &str) -> Result<Self, PrefsError> {
        let (start, end) = text
            .trim()
            .split_once('-')
            .ok_or_else(|| PrefsError::BadRange(text.trim().to_owned()))?;
        let end = if end.trim() == "24:00" { WallTime::new(0, 0) } else { WallTime::parse(end)? };
        Ok(Self { start: WallTime::parse(start)?, end })
    }

    /// Whether a local time of day is quiet.
    pub fn contains(self, time: NaiveTime) -> bool {
        let t = time.hour() * 60 + time.minute();
        let (start, end) = (self.start.minutes(), self.end.minutes());
        if start <= end { start <= t && t < end } else { t >= start || t < end }
    }

    /// True when the range wraps past midnight.
    pub fn crosses_midnight(self) -> bool {
        self.start.minutes() > self.end.minutes()
    }
}

impl std::fmt::Display for QuietHours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

impl Default for ReminderPrefs {
    /// 08:30 morning, 20:00 check-in, quiet 22:00–07:30, every kind on.
    fn default() -> Self {
        Self {
            morning: WallTime::new(8, 30),
            evening: WallTime::new(20, 0),
            quiet: Some(QuietHours { start: WallTime::new(22, 0), end: WallTime::new(7, 30) }),
            off: Vec::new(),
        }
    }
}

impl ReminderPrefs {
    /// Checks the times, the quiet range and that no preferred time is silenced.
    pub fn validate(&self) -> Result<(), PrefsError> {
        self.morning.check()?;
        self.evening.check()?;
        let Some(quiet) = self.quiet else { return Ok(()) };
        quiet.start.check()?;
        quiet.end.check()?;
        if quiet.start == quiet.end {
            return Err(PrefsError::QuietAllDay(quiet.to_string()));
        }
        for (which, time) in [("morning", self.morning), ("evening", self.evening)] {
            if quiet.contains(time.naive().unwrap_or_default()) {
                return Err(PrefsError::PreferredInQuiet {
                    which,
                    time: time.to_string(),
                    quiet: quiet.to_string(),
                });
            }
        }
        Ok(())
    }

    /// Whether the patient wants reminders of this kind.
    pub fn is_on(&self, kind: ReminderKind) -> bool {
        !self.off.contains(&kind)
    }

    /// Whether a local time of day is inside the quiet hours.
    pub fn is_quiet(&self, time: NaiveTime) -> bool {
        self.quiet.is_some_and(|q| q.contains(time))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn prefs(morning: &str, evening: &str, quiet: Option<&str>) -> ReminderPrefs {
        ReminderPrefs {
            morning: WallTime::parse(morning).unwrap(),
            evening: WallTime::parse(evening).unwrap(),
            quiet: quiet.map(|q| QuietHours::parse(q).unwrap()),
            off: Vec::new(),
        }
    }

    #[test]
    fn defaults_are_valid() {
        assert_eq!(ReminderPrefs::default().validate(), Ok(()));
    }

    #[rstest]
    #[case("22:00-22:00")]
    #[case("00:00-24:00")]
    #[case("07:30-07:30")]
    fn quiet_hours_covering_the_whole_day_are_refused(#[case] quiet: &str) {
        let err = prefs("08:30", "20:00", Some(quiet)).validate().unwrap_err();
        assert!(matches!(err, PrefsError::QuietAllDay(_)), "{err}");
        assert!(err.to_string().contains("whole day"));
    }

    #[rstest]
    #[case("06:00", "20:00", "22:00-07:30", "morning")]
    #[case("08:30", "23:15", "22:00-07:30", "evening")]
    #[case("08:30", "13:00", "12:00-14:00", "evening")]
    #[case("22:00", "13:00", "22:00-07:30", "morning")]
    fn a_preferred_time_inside_quiet_hours_is_refused(
        #[case] morning: &str,
        #[case] evening: &str,
        #[case] quiet: &str,
        #[case] which: &str,
    ) {
        let err = prefs(morning, evening, Some(quiet)).validate().unwrap_err();
        assert!(
            matches!(err, PrefsError::PreferredInQuiet { which: w, .. } if w == which),
            "{err}"
        );
    }

    #[test]
    fn the_end_of_quiet_hours_is_not_quiet() {
        assert_eq!(prefs("07:30", "21:59", Some("22:00-07:30")).validate(), Ok(()));
    }

    #[rstest]
    #[case("8")]
    #[case("24:00")]
    #[case("08:60")]
    #[case("08:3")]
    #[case("eight")]
    #[case("-1:00")]
    fn unreadable_times_are_named(#[case] text: &str) {
        assert!(matches!(WallTime::parse(text), Err(PrefsError::BadTime(_))));
    }

    #[test]
    fn numbers_from_a_shell_are_range_checked() {
        let p = ReminderPrefs { morning: WallTime::new(25, 0), ..ReminderPrefs::default() };
        assert_eq!(p.validate(), Err(PrefsError::OutOfRange { hour: 25, minute: 0 }));
    }

    #[test]
    fn quiet_ranges_may_cross_midnight() {
        let q = QuietHours::parse("22:00-07:30").unwrap();
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert!(q.contains(at(23, 0)) && q.contains(at(0, 0)) && q.contains(at(7, 29)));
        assert!(!q.contains(at(7, 30)) && !q.contains(at(21, 59)));
        let day = QuietHours::parse("12:00-14:00").unwrap();
        assert!(day.contains(at(13, 0)) && !day.contains(at(14, 0)) && !day.contains(at(11, 0)));
    }
}
