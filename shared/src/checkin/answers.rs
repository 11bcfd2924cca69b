//! What the patient answers in a check-in, and how the answers are checked.
//!
//! The shell sends a [`CheckinForm`] (temperature as typed, in °C or °F); the core checks it and
//! keeps a [`CheckinAnswers`] (temperature in tenths of a degree Celsius, so comparisons with the
//! 38.0 °C fever threshold are exact integer comparisons).

use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::domain::session::{SessionError, clean_text};
use crate::i18n::{Language, fill};

pub const REDNESS_MAX: u8 = 4;
pub const SWELLING_MAX: u8 = 3;
pub const NRS_MAX: u8 = 10;
/// Readings outside this range are thermometer or typing errors, not body temperatures.
pub const TEMP_MIN_TENTHS_C: i16 = 340;
pub const TEMP_MAX_TENTHS_C: i16 = 430;
/// 38.0 °C (100.4 °F): the fever threshold of clinical-research.md §1.6 and §1.8 (R24).
pub const FEVER_TENTHS_C: i16 = 380;
pub const NOTE_MAX_CHARS: usize = 2_000;

/// Words for the redness self-rating (PSA-style 5-point scale, clinical-research.md §1.7, R20).
pub const REDNESS_ANCHORS: [&str; 5] =
    ["no redness", "faint pink", "pink", "red, like a sunburn", "deep or dark red"];

/// Words for swelling (Draize-style, adapted for patients, R21).
pub const SWELLING_ANCHORS: [&str; 4] = ["none", "slight", "clearly puffy", "very swollen"];

/// What comes out of the treated skin.
#[derive(
    Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum Discharge {
    None,
    /// Clear or sticky fluid.
    Clear,
    /// Spots of blood.
    Blood,
    /// Cloudy, yellow, green or thick fluid, or a bad smell.
    Pus,
}

impl Discharge {
    pub const ALL: [Discharge; 4] = [Self::None, Self::Clear, Self::Blood, Self::Pus];

    pub fn key(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Clear => "clear",
            Self::Blood => "blood",
            Self::Pus => "pus",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.key() == key.trim().to_lowercase())
    }

    /// The answer as the patient reads it, in English (the clinic portal's wording).
    pub fn label(self) -> &'static str {
        self.label_in(Language::En)
    }

    /// The answer as the patient reads it (the one wording every shell shows).
    pub fn label_in(self, language: Language) -> &'static str {
        let form = &language.words().form;
        match self {
            Self::None => form.discharge_none,
            Self::Clear => form.discharge_clear,
            Self::Blood => form.discharge_blood,
            Self::Pus => form.discharge_pus,
        }
    }
}

/// The yes/no warning signs of the check-in (clinical-research.md §1.6, §1.8 inputs).
#[derive(
    Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum Sign {
    /// The treated area feels warmer than the skin around it.
    Warmth,
    /// Redness spreading beyond the treated area.
    Spreading,
    /// Red streaks running from the area.
    Streaks,
    /// Blisters, cold-sore-like sores, or a tingling or burning patch.
    Blisters,
    /// Eye pain, a red eye, vision change, swelling closing the eye, or blisters near the eye.
    Eye,
    /// Lip, tongue or throat swelling, trouble breathing, or widespread hives.
    Allergy,
    /// Bleeding that does not stop after 10–15 minutes of firm pressure.
    Bleeding,
    /// New firm bumps.
    Bumps,
    /// Dark patches.
    DarkPatches,
    /// Feeling feverish, shivery or unwell.
    Unwell,
    /// Signs that an infection has spread through the body (sepsis): a racing heart or fast
    /// breathing, vomiting, dizziness or fainting, confusion, or cold and clammy skin.
    /// Appended last: stored check-ins and the bridge name signs by key and by position.
    Systemic,
    /// Worse than yesterday, as the patient sees it: asked directly, so a worsening course is
    /// caught without a stored check-in from the day before (clinical review, major 7).
    Worsening,
}

impl Sign {
    pub const ALL: [Sign; 12] = [
        Self::Warmth,
        Self::Spreading,
        Self::Streaks,
        Self::Blisters,
        Self::Eye,
        Self::Allergy,
        Self::Bleeding,
        Self::Bumps,
        Self::DarkPatches,
        Self::Unwell,
        Self::Systemic,
        Self::Worsening,
    ];

    /// The questions asked first, most dangerous first: answering yes to any of them gives
    /// urgent advice at once, before (and whatever) the rest of the form says.
    pub const URGENT_FIRST: [Sign; 6] =
        [Self::Allergy, Self::Systemic, Self::Eye, Self::Spreading, Self::Streaks, Self::Bleeding];

    /// The other yes/no questions, in the order they are asked.
    pub const OTHERS: [Sign; 6] = [
        Self::Worsening,
        Self::Warmth,
        Self::Blisters,
        Self::Unwell,
        Self::Bumps,
        Self::DarkPatches,
    ];

    /// Stable snake_case name (JSON, storage, CLI).
    pub fn key(self) -> &'static str {
        match self {
            Self::Warmth => "warmth",
            Self::Spreading => "spreading",
            Self::Streaks => "streaks",
            Self::Blisters => "blisters",
            Self::Eye => "eye",
            Self::Allergy => "allergy",
            Self::Bleeding => "bleeding",
            Self::Bumps => "bumps",
            Self::DarkPatches => "dark_patches",
            Self::Unwell => "unwell",
            Self::Systemic => "systemic",
            Self::Worsening => "worsening",
        }
    }

    /// The question in English.
    pub fn question(self) -> &'static str {
        self.question_in(Language::En)
    }

    /// The question as the patient reads it, the one wording every shell shows.
    pub fn question_in(self, language: Language) -> &'static str {
        let signs = &language.words().signs;
        match self {
            Self::Allergy => signs.allergy,
            Self::Systemic => signs.systemic,
            Self::Eye => signs.eye,
            Self::Spreading => signs.spreading,
            Self::Streaks => signs.streaks,
            Self::Bleeding => signs.bleeding,
            Self::Warmth => signs.warmth,
            Self::Blisters => signs.blisters,
            Self::Unwell => signs.unwell,
            Self::Bumps => signs.bumps,
            Self::DarkPatches => signs.dark_patches,
            Self::Worsening => signs.worsening,
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The signs that send the patient to urgent care whatever else they answered (U1, U3–U6).
    pub fn is_urgent(self) -> bool {
        Self::URGENT_FIRST.contains(&self)
    }
}

#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum TemperatureUnit {
    Celsius,
    Fahrenheit,
}

/// A thermometer reading as the patient typed it ("38.5", "38,5", "101.3"); the core reads it,
/// so a reading no shell could parse is refused with its words instead of dropped.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TemperatureInput {
    pub text: String,
    pub unit: TemperatureUnit,
}

/// A check-in as the shell sends it. A score is `None` when it was not answered: only a check-in
/// with an urgent-first sign may leave them (it is sent the moment that sign is ticked), and
/// then nothing is stored in their place (clinical review, major 10).
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct CheckinForm {
    /// 0–4, see [`REDNESS_ANCHORS`].
    pub redness: Option<u8>,
    /// 0–3, see [`SWELLING_ANCHORS`].
    pub swelling: Option<u8>,
    /// Pain, 0 (none) to 10 (worst imaginable).
    pub pain: Option<u8>,
    /// Itch, 0 (none) to 10 (worst imaginable).
    pub itch: Option<u8>,
    /// Optional: many patients have no thermometer.
    pub temperature: Option<TemperatureInput>,
    /// `None` when the question was not answered.
    pub discharge: Option<Discharge>,
    /// Warning signs answered "yes"; every sign not listed was answered "no".
    pub signs: Vec<Sign>,
    pub note: Option<String>,
}

/// Checked answers, as stored and triaged. Scores are `None` when not answered (an urgent
/// check-in sent before them), never a stand-in zero.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct CheckinAnswers {
    pub redness: Option<u8>,
    pub swelling: Option<u8>,
    pub pain: Option<u8>,
    pub itch: Option<u8>,
    /// Tenths of a degree Celsius (38.0 °C = 380).
    pub temperature_tenths_c: Option<i16>,
    pub discharge: Option<Discharge>,
    /// Signs answered "yes", sorted, without duplicates.
    pub signs: Vec<Sign>,
    pub note: Option<String>,
}

impl CheckinAnswers {
    pub fn has(&self, sign: Sign) -> bool {
        self.signs.contains(&sign)
    }

    /// The questions that could hide a higher level were answered: only then can a check-in be
    /// "expected". A temperature is not required: many patients have no thermometer, and the
    /// form always asks "feeling feverish, shivery or unwell?" (a sign not ticked is a "no"), so
    /// a missing reading is an answer, not a warning sign (clinical review, minor 23).
    pub fn is_complete(&self) -> bool {
        self.discharge.is_some() && self.has_scores()
    }

    /// All four scores were answered: only then does the check-in count in the trend, as a
    /// day to compare with, or as numbers in an export.
    pub fn has_scores(&self) -> bool {
        [self.redness, self.swelling, self.pain, self.itch].iter().all(Option::is_some)
    }
}

/// Why a check-in was refused. Messages are for the patient.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckinError {
    /// A score outside its scale.
    #[error("{field} must be a whole number from 0 to {max}, not {value}")]
    OutOfRange { field: &'static str, value: u8, max: u8 },
    /// A temperature no body has: a misread or mistyped thermometer.
    #[error(
        "a temperature of {shown} is not a body temperature (34.0–43.0 °C, 93.2–109.4 °F): check the thermometer reading"
    )]
    ImplausibleTemperature { shown: String },
    /// Typed text that is not a number.
    #[error("cannot read `{typed}` as a temperature: type the thermometer's number, like 37.5")]
    TemperatureNotANumber { typed: String },
    /// The note is too long or holds control characters.
    #[error(transparent)]
    Note(#[from] SessionError),
    /// A score left unanswered without an urgent sign to explain it.
    #[error("{field} is not answered: choose a value (0 means none)")]
    NotAnswered { field: &'static str },
    /// The step that asks what comes out of the skin was left unanswered.
    #[error("say whether anything comes out of the treated skin (\"Nothing\" if nothing does)")]
    NoDischarge,
    /// No session has started yet: there is no day to compare with.
    #[error(
        "a check-in needs a treatment session that has already started: add your session first"
    )]
    NoSessionYet,
}

impl CheckinError {
    /// The message in the patient's language (`Display` is the English one, for logs and the
    /// other crates). Field names are the keys the checkers use ("redness", …).
    pub fn words(&self, language: Language) -> String {
        let w = language.words();
        let field_name = |field: &str| -> &'static str {
            match field {
                "redness" => w.result.redness,
                "swelling" => w.result.swelling,
                "pain" => w.result.pain,
                _ => w.result.itch,
            }
        };
        match self {
            Self::OutOfRange { field, value, max } => fill(
                w.errors.out_of_range,
                &[
                    ("field", field_name(field)),
                    ("max", &max.to_string()),
                    ("value", &value.to_string()),
                ],
            ),
            Self::ImplausibleTemperature { shown } => {
                fill(w.errors.implausible_temperature, &[("shown", shown)])
            }
            Self::TemperatureNotANumber { typed } => {
                fill(w.errors.temperature_not_a_number, &[("typed", typed)])
            }
            Self::NotAnswered { field } => {
                fill(w.errors.not_answered, &[("field", field_name(field))])
            }
            Self::NoDischarge => w.errors.no_discharge.to_owned(),
            Self::NoSessionYet => w.errors.no_session_yet.to_owned(),
            // The note is the only text a check-in checks.
            Self::Note(SessionError::TooLong { len, max, .. }) => fill(
                w.errors.note_too_long,
                &[("len", &len.to_string()), ("max", &max.to_string())],
            ),
            Self::Note(SessionError::ControlCharacters { .. }) => {
                w.errors.note_control_characters.to_owned()
            }
            Self::Note(other) => language.session_error(other),
        }
    }
}

impl TemperatureInput {
    pub fn new(text: impl Into<String>, unit: TemperatureUnit) -> Self {
        Self { text: text.into(), unit }
    }

    /// Reads the typed number (a decimal comma as well as a point), converts it to tenths of a
    /// degree Celsius, rounding to the nearest tenth, and refuses readings outside 34.0–43.0 °C.
    pub fn to_tenths_c(&self) -> Result<i16, CheckinError> {
        let typed = self.text.trim();
        let value: f64 = typed.replace(',', ".").parse().map_err(|_| {
            CheckinError::TemperatureNotANumber { typed: typed.chars().take(20).collect() }
        })?;
        let (celsius, unit) = match self.unit {
            TemperatureUnit::Celsius => (value, "°C"),
            TemperatureUnit::Fahrenheit => ((value - 32.0) * 5.0 / 9.0, "°F"),
        };
        let implausible =
            || CheckinError::ImplausibleTemperature { shown: format!("{typed} {unit}") };
        if !celsius.is_finite() {
            return Err(implausible());
        }
        // Rounded to the nearest tenth: 100.4 °F is 38.0 °C, not 37.999…
        let tenths = (celsius * 10.0).round();
        if tenths < f64::from(TEMP_MIN_TENTHS_C) || tenths > f64::from(TEMP_MAX_TENTHS_C) {
            return Err(implausible());
        }
        // In range, so the conversion is exact.
        Ok(tenths as i16)
    }
}

impl CheckinForm {
    /// Checks every answer; the first problem found is reported.
    pub fn validate(&self) -> Result<CheckinAnswers, CheckinError> {
        // Only an urgent check-in may come without scores: it is sent the moment the urgent sign
        // is ticked, so the advice is not held back by questions that cannot change it.
        let may_skip = self.signs.iter().any(|s| s.is_urgent());
        let scale = |field, value: Option<u8>, max| match value {
            Some(value) if value > max => Err(CheckinError::OutOfRange { field, value, max }),
            None if !may_skip => Err(CheckinError::NotAnswered { field }),
            value => Ok(value),
        };
        let mut signs = self.signs.clone();
        signs.sort();
        signs.dedup();
        Ok(CheckinAnswers {
            redness: scale("redness", self.redness, REDNESS_MAX)?,
            swelling: scale("swelling", self.swelling, SWELLING_MAX)?,
            pain: scale("pain", self.pain, NRS_MAX)?,
            itch: scale("itch", self.itch, NRS_MAX)?,
            temperature_tenths_c: self
                .temperature
                .as_ref()
                .map(TemperatureInput::to_tenths_c)
                .transpose()?,
            discharge: self.discharge,
            signs,
            note: clean_text("note", self.note.as_deref(), NOTE_MAX_CHARS, true)?,
        })
    }
}

/// "38.0 °C" for tenths of a degree.
pub fn format_tenths_c(tenths: i16) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let abs = tenths.unsigned_abs();
    format!("{sign}{}.{} °C", abs / 10, abs % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CheckinForm {
        CheckinForm {
            redness: Some(2),
            swelling: Some(1),
            pain: Some(3),
            itch: Some(1),
            temperature: None,
            discharge: Some(Discharge::None),
            signs: vec![Sign::Warmth, Sign::Warmth],
            note: None,
        }
    }

    fn temp(value: f64, unit: TemperatureUnit) -> Result<i16, CheckinError> {
        TemperatureInput::new(value.to_string(), unit).to_tenths_c()
    }

    /// Issue "Every word from the core": the typed text is read here, a decimal comma too, and
    /// what is not a number is refused with the patient's own text (Android used to drop it).
    #[test]
    fn a_typed_temperature_is_read_by_the_core() {
        let typed =
            |text: &str| TemperatureInput::new(text, TemperatureUnit::Celsius).to_tenths_c();
        assert_eq!(typed(" 38,5 "), Ok(385));
        assert_eq!(typed("37.96"), Ok(380));
        for text in ["38.5x", "", "thirty-eight", "38..5"] {
            let err = typed(text).unwrap_err();
            assert_eq!(err, CheckinError::TemperatureNotANumber { typed: text.trim().into() });
            assert!(err.to_string().contains("as a temperature"), "{err}");
        }
    }

    #[test]
    fn fahrenheit_is_converted_to_tenths_of_celsius() {
        assert_eq!(temp(100.4, TemperatureUnit::Fahrenheit), Ok(380));
        assert_eq!(temp(98.6, TemperatureUnit::Fahrenheit), Ok(370));
        assert_eq!(temp(100.3, TemperatureUnit::Fahrenheit), Ok(379));
        assert_eq!(temp(38.0, TemperatureUnit::Celsius), Ok(380));
        assert_eq!(temp(37.96, TemperatureUnit::Celsius), Ok(380));
    }

    #[test]
    fn implausible_temperatures_ask_to_check_the_thermometer() {
        for (value, unit) in [
            (60.0, TemperatureUnit::Celsius),
            (20.0, TemperatureUnit::Celsius),
            (33.9, TemperatureUnit::Celsius),
            (43.1, TemperatureUnit::Celsius),
            (38.0, TemperatureUnit::Fahrenheit),
            (f64::NAN, TemperatureUnit::Celsius),
            (f64::INFINITY, TemperatureUnit::Fahrenheit),
        ] {
            let err = temp(value, unit).unwrap_err();
            assert!(err.to_string().contains("check the thermometer reading"), "{err}");
        }
        assert_eq!(temp(34.0, TemperatureUnit::Celsius), Ok(340));
        assert_eq!(temp(43.0, TemperatureUnit::Celsius), Ok(430));
    }

    #[test]
    fn scores_outside_their_scale_are_named() {
        type Change = fn(&mut CheckinForm);
        let cases: [(Change, &str); 4] = [
            (|f| f.redness = Some(5), "redness must be a whole number from 0 to 4, not 5"),
            (|f| f.swelling = Some(4), "swelling must be a whole number from 0 to 3, not 4"),
            (|f| f.pain = Some(11), "pain must be a whole number from 0 to 10, not 11"),
            (|f| f.itch = Some(200), "itch must be a whole number from 0 to 10, not 200"),
        ];
        for (change, message) in cases {
            let mut f = form();
            change(&mut f);
            assert_eq!(f.validate().unwrap_err().to_string(), message);
        }
    }

    #[test]
    fn notes_keep_right_to_left_text_and_refuse_control_characters_and_huge_text() {
        let mut f = form();
        f.note = Some("  אדמומיות בלחי שמאל — left cheek  ".into());
        let answers = f.validate().unwrap();
        assert_eq!(answers.note.as_deref(), Some("אדמומיות בלחי שמאל — left cheek"));
        assert_eq!(answers.signs, vec![Sign::Warmth]);
        f.note = Some("red\u{1b}[31m".into());
        assert!(f.validate().unwrap_err().to_string().contains("control characters"));
        f.note = Some("x".repeat(100 * 1024));
        assert!(f.validate().unwrap_err().to_string().contains("too long"));
    }

    #[test]
    fn keys_round_trip() {
        for s in Sign::ALL {
            assert_eq!(Sign::from_key(s.key()), Some(s));
        }
        for d in Discharge::ALL {
            assert_eq!(Discharge::from_key(d.key()), Some(d));
        }
        assert_eq!(format_tenths_c(380), "38.0 °C");
        assert_eq!(format_tenths_c(365), "36.5 °C");
    }
}
