//! Profile flags that change what the patient should discuss with their clinic.
//! Flags produce warnings, never a refusal: the clinic decides.

use facet::Facet;
use serde::{Deserialize, Serialize};

/// What the patient told us about themselves that matters for aftercare content.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Profile {
    pub cold_sore_history: bool,
    /// Fitzpatrick skin type 1–6, if known.
    pub fitzpatrick: Option<u8>,
    pub pregnant: bool,
    pub isotretinoin_last_6_months: bool,
    pub anticoagulants: bool,
    pub keloid_tendency: bool,
}

/// A flag a protocol's warnings and preparation tasks can be conditioned on.
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum ProfileFlag {
    ColdSoreHistory,
    /// Fitzpatrick IV–VI: higher risk of post-inflammatory hyperpigmentation.
    DarkerSkinType,
    Pregnant,
    RecentIsotretinoin,
    Anticoagulants,
    KeloidTendency,
}

impl Profile {
    /// Whether the profile has `flag`.
    pub fn has(&self, flag: ProfileFlag) -> bool {
        match flag {
            ProfileFlag::ColdSoreHistory => self.cold_sore_history,
            ProfileFlag::DarkerSkinType => self.fitzpatrick.is_some_and(|t| t >= 4),
            ProfileFlag::Pregnant => self.pregnant,
            ProfileFlag::RecentIsotretinoin => self.isotretinoin_last_6_months,
            ProfileFlag::Anticoagulants => self.anticoagulants,
            ProfileFlag::KeloidTendency => self.keloid_tendency,
        }
    }

    /// A Fitzpatrick type outside 1–6 is not a skin type.
    pub fn validate(&self) -> Result<(), String> {
        match self.fitzpatrick {
            Some(t) if !(1..=6).contains(&t) => {
                Err(format!("Fitzpatrick skin type must be 1 to 6, not {t}"))
            }
            _ => Ok(()),
        }
    }
}
