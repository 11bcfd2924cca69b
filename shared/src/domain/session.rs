//! Treatment sessions. A session in the future is a *planned* session: the timeline turns it into
//! preparation tasks. Sessions of one patient form their series.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use facet::Facet;
use serde::{Deserialize, Serialize};

use super::clock::{self, TimeError};
use crate::i18n::Language;

/// Deepest needle the product covers. Deeper (and RF) microneedling is out of scope.
pub const MAX_DEPTH_UM: u32 = 3_000;
/// The oldest session the app accepts, counted back from "now".
pub const MAX_AGE_DAYS: i64 = 10 * 366;
/// How far ahead a session may be booked.
pub const MAX_LEAD_DAYS: i64 = 2 * 366;
const MAX_DEVICE_CHARS: usize = 120;
const MAX_NOTES_CHARS: usize = 4_000;

/// Where the needles went.
#[derive(
    Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum TreatedArea {
    Face,
    Neck,
    Decolletage,
    Hands,
    Scalp,
    Body,
    Scars,
    StretchMarks,
}

impl TreatedArea {
    pub const ALL: [TreatedArea; 8] = [
        Self::Face,
        Self::Neck,
        Self::Decolletage,
        Self::Hands,
        Self::Scalp,
        Self::Body,
        Self::Scars,
        Self::StretchMarks,
    ];

    /// The area in words, for choosing it and for labels (English).
    pub fn label(self) -> &'static str {
        self.label_in(Language::En)
    }

    /// The area in the patient's language.
    pub fn label_in(self, language: Language) -> &'static str {
        let index = Self::ALL.iter().position(|a| *a == self).unwrap_or_default();
        language.words().session_form.area_names[index]
    }

    /// The stable snake_case name used in JSON and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Self::Face => "face",
            Self::Neck => "neck",
            Self::Decolletage => "decolletage",
            Self::Hands => "hands",
            Self::Scalp => "scalp",
            Self::Body => "body",
            Self::Scars => "scars",
            Self::StretchMarks => "stretch_marks",
        }
    }

    /// Reads a key as written by [`TreatedArea::key`] (also accepts `décolleté` and dashes).
    pub fn from_key(key: &str) -> Option<Self> {
        let key = key.trim().to_lowercase().replace('-', "_");
        let key =
            if key == "décolleté" || key == "decollete" { "decolletage".into() } else { key };
        Self::ALL.into_iter().find(|area| area.key() == key)
    }
}

/// A session as the patient describes it, before storage gives it an id.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct NewSession {
    /// When the session started, in UTC milliseconds.
    pub start_utc_ms: i64,
    /// IANA zone of the place where it happened.
    pub zone: String,
    /// Needle depth in micrometres (1.5 mm = 1500).
    pub depth_um: u32,
    pub areas: Vec<TreatedArea>,
    pub device: Option<String>,
    pub notes: Option<String>,
    /// Screening questions answered "yes" for this session (sorted, no duplicates); each is a
    /// warning to discuss with the clinic. Empty for sessions stored before it was asked.
    #[serde(default)]
    pub screening: Vec<super::Screening>,
}

/// A treated area with its words, as the session form and the camera offer it.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct AreaChoice {
    pub area: TreatedArea,
    pub label: String,
}

/// Every area, in the order to offer them.
pub fn area_choices(language: Language) -> Vec<AreaChoice> {
    TreatedArea::ALL
        .iter()
        .map(|&area| AreaChoice { area, label: area.label_in(language).to_owned() })
        .collect()
}

/// A stored session.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub id: i64,
    pub details: NewSession,
}

impl Session {
    /// The start instant. Stored sessions were validated, so this cannot fail for them; a
    /// corrupted row falls back to the epoch rather than panicking.
    pub fn start(&self) -> DateTime<Utc> {
        clock::instant_from_ms(self.details.start_utc_ms).unwrap_or_default()
    }

    /// The instant `hours` of elapsed time after the start.
    pub fn after(&self, hours: u32) -> DateTime<Utc> {
        self.start() + Duration::hours(i64::from(hours))
    }

    pub fn depth_mm(&self) -> f64 {
        f64::from(self.details.depth_um) / 1000.0
    }
}

/// Why a session was refused. Each message names the problem in the patient's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Time(#[from] TimeError),
    #[error("needle depth \"{0}\" is not a number of millimetres like 1.5 (at most 3 decimals)")]
    DepthNotANumber(String),
    #[error("needle depth must be more than 0 mm")]
    DepthNotPositive,
    #[error(
        "needle depth {0} mm is deeper than 3 mm, which is outside what Afterglow covers; ask your clinic"
    )]
    DepthTooDeep(String),
    #[error("pick at least one treated area")]
    NoArea,
    #[error("the session starts more than 10 years ago; check the date")]
    TooLongAgo,
    #[error("the session is booked more than 2 years ahead; check the date")]
    TooFarAhead,
    #[error("a planned session must start in the future")]
    PlannedInThePast,
    #[error("{field} is too long ({len} characters; at most {max})")]
    TooLong { field: &'static str, len: usize, max: usize },
    #[error("{field} contains control characters")]
    ControlCharacters { field: &'static str },
}

/// What a shell sends to add a session: text as the patient typed it, checked by the core.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct SessionForm {
    /// RFC 3339, or local `YYYY-MM-DDTHH:MM` in `zone`.
    pub start: String,
    pub zone: String,
    /// Needle depth in millimetres as typed ("1.5", "1,5", ".25"); read exactly to the
    /// micrometre here, so no shell rounds or truncates it.
    pub depth_mm: String,
    pub areas: Vec<TreatedArea>,
    pub device: Option<String>,
    pub notes: Option<String>,
    /// The patient says this session is booked, not done: it must then be in the future.
    pub planned: bool,
    /// Screening questions answered "yes" (every one not listed was answered "no").
    pub screening: Vec<super::Screening>,
}

impl SessionForm {
    /// Checks the form against "now" and turns it into a session to store.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<NewSession, SessionError> {
        let zone: Tz = clock::parse_zone(&self.zone)?;
        let start = clock::parse_instant(&self.start, zone)?;
        let depth_um = parse_depth_um(&self.depth_mm)?;
        if depth_um == 0 {
            return Err(SessionError::DepthNotPositive);
        }
        if depth_um > MAX_DEPTH_UM {
            return Err(SessionError::DepthTooDeep(format!("{:.2}", f64::from(depth_um) / 1e3)));
        }
        if self.areas.is_empty() {
            return Err(SessionError::NoArea);
        }
        if start < now - Duration::days(MAX_AGE_DAYS) {
            return Err(SessionError::TooLongAgo);
        }
        if start > now + Duration::days(MAX_LEAD_DAYS) {
            return Err(SessionError::TooFarAhead);
        }
        if self.planned && start <= now {
            return Err(SessionError::PlannedInThePast);
        }
        let mut areas = self.areas.clone();
        areas.sort();
        areas.dedup();
        Ok(NewSession {
            start_utc_ms: start.timestamp_millis(),
            zone: zone.name().to_owned(),
            depth_um,
            areas,
            device: clean_text("device", self.device.as_deref(), MAX_DEVICE_CHARS, false)?,
            notes: clean_text("notes", self.notes.as_deref(), MAX_NOTES_CHARS, true)?,
            screening: {
                let mut yes = self.screening.clone();
                yes.sort();
                yes.dedup();
                yes
            },
        })
    }
}

/// Millimetres as typed ("1.5", "1,5", ".25", "2") to micrometres, digit by digit: no
/// floating point, so 2.01 mm is 2010 µm on every shell.
pub fn parse_depth_um(text: &str) -> Result<u32, SessionError> {
    let text = text.trim();
    let not_a_number = || SessionError::DepthNotANumber(text.chars().take(20).collect());
    let (whole, fraction) = text.split_once(['.', ',']).unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty())
        || !digits(whole)
        || !digits(fraction)
        || fraction.len() > 3
    {
        return Err(not_a_number());
    }
    let whole: u32 =
        if whole.is_empty() { 0 } else { whole.parse().map_err(|_| not_a_number())? };
    let fraction: u32 = format!("{fraction:0<3}").parse().map_err(|_| not_a_number())?;
    whole.checked_mul(1000).and_then(|w| w.checked_add(fraction)).ok_or_else(not_a_number)
}

/// Trims free text, maps empty to `None`, and refuses over-long text and control characters
/// (right-to-left and other Unicode text is kept as typed).
pub fn clean_text(
    field: &'static str,
    text: Option<&str>,
    max: usize,
    multiline: bool,
) -> Result<Option<String>, SessionError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let len = text.chars().count();
    if len > max {
        return Err(SessionError::TooLong { field, len, max });
    }
    let allowed = |c: char| !c.is_control() || (multiline && (c == '\n' || c == '\t'));
    if !text.chars().all(allowed) {
        return Err(SessionError::ControlCharacters { field });
    }
    Ok(Some(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(start: &str) -> SessionForm {
        SessionForm {
            start: start.into(),
            zone: "Europe/London".into(),
            depth_mm: "1.5".into(),
            areas: vec![TreatedArea::Face, TreatedArea::Face, TreatedArea::Neck],
            device: None,
            notes: Some("  שלום, left cheek  ".into()),
            planned: false,
            screening: Vec::new(),
        }
    }

    fn now() -> DateTime<Utc> {
        clock::parse_instant("2026-06-01T12:00:00Z", chrono_tz::UTC).unwrap()
    }

    #[test]
    fn a_valid_form_becomes_a_session() {
        let s = form("2026-05-30T10:00").validate(now()).unwrap();
        assert_eq!(s.zone, "Europe/London");
        assert_eq!(s.areas, vec![TreatedArea::Face, TreatedArea::Neck]);
        assert_eq!(s.notes.as_deref(), Some("שלום, left cheek"));
        // 10:00 BST is 09:00 UTC.
        assert_eq!(
            s.start_utc_ms,
            clock::parse_instant("2026-05-30T09:00:00Z", chrono_tz::UTC)
                .unwrap()
                .timestamp_millis()
        );
    }

    #[test]
    fn bad_input_is_named() {
        let mut f = form("2026-05-30T10:00");
        f.depth_mm = "3.5".into();
        assert!(f.validate(now()).unwrap_err().to_string().contains("3.50 mm"));
        f.depth_mm = "0".into();
        assert_eq!(f.validate(now()), Err(SessionError::DepthNotPositive));
        let f = form("1990-01-01T10:00");
        assert_eq!(f.validate(now()), Err(SessionError::TooLongAgo));
        let mut f = form("2026-05-30T10:00");
        f.planned = true;
        assert_eq!(f.validate(now()), Err(SessionError::PlannedInThePast));
        let mut f = form("2026-05-30T10:00");
        f.notes = Some("bell\u{7}".into());
        assert!(matches!(f.validate(now()), Err(SessionError::ControlCharacters { .. })));
        let mut f = form("2026-05-30T10:00");
        f.zone = "Nowhere/Atlantis".into();
        assert!(matches!(f.validate(now()), Err(SessionError::Time(TimeError::UnknownZone(_)))));
    }

    #[test]
    fn depths_are_read_exactly_to_the_micrometre() {
        for (text, um) in [
            ("1.5", 1500),
            ("1,5", 1500),
            (" 0.25 ", 250),
            ("2", 2000),
            (".5", 500),
            ("2.01", 2010),
            ("0.001", 1),
        ] {
            assert_eq!(parse_depth_um(text).unwrap(), um, "{text}");
        }
        for bad in ["-1", "abc", "1.2345", "", "1e3", "99999999999", "1.5.2", "1,5,2", "١٫٥"] {
            assert!(matches!(parse_depth_um(bad), Err(SessionError::DepthNotANumber(_))), "{bad}");
        }
        let mut f = form("2026-03-08T09:00");
        f.depth_mm = "2.01".into();
        assert_eq!(f.validate(now()).unwrap().depth_um, 2010, "Android used to store 2009");
    }

    #[test]
    fn area_keys_round_trip() {
        for area in TreatedArea::ALL {
            assert_eq!(TreatedArea::from_key(area.key()), Some(area));
        }
        assert_eq!(TreatedArea::from_key("Décolleté"), Some(TreatedArea::Decolletage));
        assert_eq!(TreatedArea::from_key("stretch-marks"), Some(TreatedArea::StretchMarks));
    }
}
