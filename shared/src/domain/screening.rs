//! Questions asked with every session (clinical review, major 15; clinical-research.md §1.4):
//! what makes a clinic postpone or change a treatment. Each "yes" becomes a warning to discuss
//! with the clinic before that session, never a refusal: the clinic decides.

use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::i18n::Language;

/// A "yes" to one screening question. Append only: stored by key, bridged by position.
#[derive(
    Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum Screening {
    /// Active acne, a cold sore, an infection or a rash where the needles will go (R1, R10, C15).
    ActiveSkinProblem,
    /// A cold-sore history (R15, R16).
    ColdSores,
    /// Immunosuppressed: medicines, chemotherapy or radiotherapy, steroids (R10, C15).
    Immunosuppressed,
    /// Diabetes that is not well controlled (R10).
    Diabetes,
    /// An eczema, psoriasis, rosacea or vitiligo flare (R10, C15).
    SkinConditionFlare,
    /// Allergy to metals (nickel) or to numbing cream (R10).
    MetalOrAnaestheticAllergy,
    /// Pregnant (source 000, R10, C15).
    Pregnant,
    /// Breastfeeding (source 000).
    Breastfeeding,
    /// Isotretinoin in the last 6 months (R14, R10).
    RecentIsotretinoin,
    /// Blood thinners (R10, C15).
    BloodThinners,
    /// Keloid or raised scars (R10, C15).
    KeloidTendency,
    /// Under 22: the devices' authorised indications are for adults 22 and over (R10, R12).
    /// Asked, not refused: clinics treat younger patients off-label with consent.
    YoungerThan22,
    /// Radiofrequency (RF) microneedling: longer recovery and risks this plan does not cover
    /// (burns, scarring, fat loss, nerve damage; FDA 2025 safety communication, R13).
    Radiofrequency,
}

impl Screening {
    pub const ALL: [Screening; 13] = [
        Self::ActiveSkinProblem,
        Self::ColdSores,
        Self::Immunosuppressed,
        Self::Diabetes,
        Self::SkinConditionFlare,
        Self::MetalOrAnaestheticAllergy,
        Self::Pregnant,
        Self::Breastfeeding,
        Self::RecentIsotretinoin,
        Self::BloodThinners,
        Self::KeloidTendency,
        Self::YoungerThan22,
        Self::Radiofrequency,
    ];

    /// Stable snake_case name (storage, CLI).
    pub fn key(self) -> &'static str {
        match self {
            Self::ActiveSkinProblem => "active_skin_problem",
            Self::ColdSores => "cold_sores",
            Self::Immunosuppressed => "immunosuppressed",
            Self::Diabetes => "diabetes",
            Self::SkinConditionFlare => "skin_condition_flare",
            Self::MetalOrAnaestheticAllergy => "metal_or_anaesthetic_allergy",
            Self::Pregnant => "pregnant",
            Self::Breastfeeding => "breastfeeding",
            Self::RecentIsotretinoin => "recent_isotretinoin",
            Self::BloodThinners => "blood_thinners",
            Self::KeloidTendency => "keloid_tendency",
            Self::YoungerThan22 => "younger_than_22",
            Self::Radiofrequency => "radiofrequency",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The question as the patient reads it, for this session (English).
    pub fn question(self) -> &'static str {
        self.question_in(Language::En)
    }

    /// The question in the patient's language (`i18n::screens::ScreeningWords`).
    pub fn question_in(self, language: Language) -> &'static str {
        language.words().screening.questions[self.index()]
    }

    /// What to do about a "yes": always discuss, never a refusal (English).
    pub fn warning(self) -> &'static str {
        self.warning_in(Language::En)
    }

    /// [`Screening::warning`] in the patient's language.
    pub fn warning_in(self, language: Language) -> &'static str {
        language.words().screening.warnings[self.index()]
    }

    /// Its place in [`Screening::ALL`], the order of the catalogue's arrays (their length is
    /// `ALL`'s, so a new item does not compile until both languages word it).
    fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or_default()
    }
}

/// One screening question as the shells draw it.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ScreeningQuestion {
    pub item: Screening,
    pub text: String,
}

/// The screening as the shells draw it: its heading and the questions, in the order asked.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct ScreeningForm {
    pub title: String,
    pub questions: Vec<ScreeningQuestion>,
}

pub fn form(language: Language) -> ScreeningForm {
    ScreeningForm {
        title: language.words().screening.title.to_owned(),
        questions: Screening::ALL
            .into_iter()
            .map(|item| ScreeningQuestion { item, text: item.question_in(language).to_owned() })
            .collect(),
    }
}

/// Sessions closer than this are flagged: the research's usual minimum interval (R6, C1).
pub const MIN_INTERVAL_DAYS: i64 = 28;
