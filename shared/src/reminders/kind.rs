//! The kinds of reminder. A kind is what the patient switches on or off in their preferences.

use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::view::Place;

/// What a reminder is about. The snake_case key is the stable name used in ids, JSON and the CLI.
#[derive(
    Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum ReminderKind {
    /// Morning skincare while the protocol's do's last: SPF, gentle cleanse, moisturise.
    MorningCare,
    /// The daily check-in (days 0–7), then weekly until the next session.
    CheckIn,
    /// One gentle nudge after a missed check-in.
    CheckInNudge,
    /// A restriction ends: "Makeup OK again from 10:30".
    Unlock,
    /// The window for the next session opens.
    BookNextSession,
    /// A preparation task before a planned session.
    Prep,
    /// About three months after the last session: take the results photo.
    ResultsPhoto,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 7] = [
        Self::MorningCare,
        Self::CheckIn,
        Self::CheckInNudge,
        Self::Unlock,
        Self::BookNextSession,
        Self::Prep,
        Self::ResultsPhoto,
    ];

    /// The stable snake_case name.
    pub fn key(self) -> &'static str {
        match self {
            Self::MorningCare => "morning_care",
            Self::CheckIn => "check_in",
            Self::CheckInNudge => "check_in_nudge",
            Self::Unlock => "unlock",
            Self::BookNextSession => "book_next_session",
            Self::Prep => "prep",
            Self::ResultsPhoto => "results_photo",
        }
    }

    /// What the patient switches on or off, in English (the catalogue's words).
    pub fn label(self) -> &'static str {
        self.label_in(crate::i18n::Language::En)
    }

    /// What the patient switches on or off, in `language`.
    pub fn label_in(self, language: crate::i18n::Language) -> &'static str {
        let index = Self::ALL.iter().position(|k| *k == self).unwrap_or_default();
        language.words().reminders.kinds[index]
    }

    /// Reads a key as written by [`ReminderKind::key`] (dashes accepted too).
    pub fn from_key(key: &str) -> Option<Self> {
        let key = key.trim().to_lowercase().replace('-', "_");
        Self::ALL.into_iter().find(|kind| kind.key() == key)
    }

    /// Daily kinds fire at one of the patient's preferred local times; the others at an instant
    /// the protocol gives (unlocks) or at the morning time of a given date.
    pub fn is_daily(self) -> bool {
        matches!(self, Self::MorningCare | Self::CheckIn)
    }

    /// Where a tap on the reminder takes the patient (review #28): to what it asks them to do.
    pub fn opens(self) -> Place {
        match self {
            Self::MorningCare | Self::Unlock => Place::Today,
            Self::CheckIn | Self::CheckInNudge => Place::Checkins,
            Self::BookNextSession | Self::Prep => Place::Timeline,
            Self::ResultsPhoto => Place::Photos,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for kind in ReminderKind::ALL {
            assert_eq!(ReminderKind::from_key(kind.key()), Some(kind));
        }
        assert_eq!(ReminderKind::from_key("Check-In"), Some(ReminderKind::CheckIn));
        assert_eq!(ReminderKind::from_key("lunch"), None);
    }
}
