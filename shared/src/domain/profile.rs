//! Profile flags that change what the patient should discuss with their clinic.
//! Flags produce warnings, never a refusal: the clinic decides.

use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::i18n::{Language, fill};

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

    /// A Fitzpatrick type outside 1–6 is not a skin type: the error holds the number, and
    /// [`no_such_skin_type`] words it in the patient's language.
    pub fn validate(&self) -> Result<(), u8> {
        match self.fitzpatrick {
            Some(t) if !(1..=6).contains(&t) => Err(t),
            _ => Ok(()),
        }
    }
}

/// The words for a skin type that does not exist (from [`Profile::validate`]).
pub fn no_such_skin_type(typed: u8, language: Language) -> String {
    fill(language.words().errors.no_such_skin_type, &[("typed", &typed.to_string())])
}

impl Profile {
    /// This profile with one question answered. The skin type is chosen, not answered yes or
    /// no: [`ProfileFlag::DarkerSkinType`] is refused here.
    pub fn answered(&self, flag: ProfileFlag, yes: bool) -> Result<Profile, String> {
        let mut profile = self.clone();
        let field = match flag {
            ProfileFlag::ColdSoreHistory => &mut profile.cold_sore_history,
            ProfileFlag::Pregnant => &mut profile.pregnant,
            ProfileFlag::RecentIsotretinoin => &mut profile.isotretinoin_last_6_months,
            ProfileFlag::Anticoagulants => &mut profile.anticoagulants,
            ProfileFlag::KeloidTendency => &mut profile.keloid_tendency,
            ProfileFlag::DarkerSkinType => {
                return Err("the skin type is chosen from its list, not answered yes or no".into());
            }
        };
        *field = yes;
        Ok(profile)
    }
}

/// One yes/no question about the patient, with the answer given so far.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ProfileQuestion {
    pub flag: ProfileFlag,
    pub text: String,
    pub yes: bool,
}

/// One choice of skin type; `skin_type` is `None` for "not sure".
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SkinTypeChoice {
    pub skin_type: Option<u8>,
    pub label: String,
    pub chosen: bool,
}

/// The "about you" questions as every shell draws them (onboarding and its own screen). Each
/// answer is sent at once (`Event::AnswerProfile`, `Event::ChooseSkinType`).
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct ProfileForm {
    pub title: String,
    /// Why it is asked: it changes the advice, never whether the patient may be treated.
    pub note: String,
    pub questions: Vec<ProfileQuestion>,
    pub skin_type_label: String,
    pub skin_types: Vec<SkinTypeChoice>,
}

/// The questions in the order asked, with their wording in `language`.
fn questions(language: Language) -> [(ProfileFlag, &'static str); 5] {
    let w = &language.words().profile;
    [
        (ProfileFlag::ColdSoreHistory, w.cold_sores),
        (ProfileFlag::Pregnant, w.pregnant),
        (ProfileFlag::RecentIsotretinoin, w.isotretinoin),
        (ProfileFlag::Anticoagulants, w.blood_thinners),
        (ProfileFlag::KeloidTendency, w.keloids),
    ]
}

pub fn form(profile: &Profile, language: Language) -> ProfileForm {
    let w = &language.words().profile;
    let not_sure = SkinTypeChoice {
        skin_type: None,
        label: w.not_sure.into(),
        chosen: profile.fitzpatrick.is_none(),
    };
    ProfileForm {
        title: w.title.into(),
        note: w.note.into(),
        questions: questions(language)
            .iter()
            .map(|&(flag, text)| ProfileQuestion {
                flag,
                text: text.into(),
                yes: profile.has(flag),
            })
            .collect(),
        skin_type_label: w.skin_type_label.into(),
        skin_types: std::iter::once(not_sure)
            .chain((1..=6).map(|t| SkinTypeChoice {
                skin_type: Some(t),
                label: fill(w.skin_type, &[("number", &t.to_string())]),
                chosen: profile.fitzpatrick == Some(t),
            }))
            .collect(),
    }
}
