//! The protocol's rule types, as they appear in the JSON.

use serde::{Deserialize, Serialize};

use crate::domain::ProfileFlag;

/// A care protocol. Field names are the JSON keys; unknown keys are refused.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CareProtocol {
    /// JSON format version; this app reads [`super::FORMAT`].
    pub format: u32,
    pub id: String,
    /// The protocol's own version, chosen by its author (e.g. `2026.11`).
    pub version: String,
    pub name: String,
    /// Needle-depth bands, shallowest first; the band picks when visible redness should end.
    pub depth_bands: Vec<DepthBand>,
    /// Past this many days nothing is "expected" any more, whatever the depth.
    pub expected_ceiling_days: u32,
    pub phases: Vec<PhaseRule>,
    pub restrictions: Vec<RestrictionRule>,
    pub dos: Vec<CareItem>,
    pub donts: Vec<CareItem>,
    pub expected: Vec<ExpectedItem>,
    pub milestones: Vec<MilestoneRule>,
    pub prep_tasks: Vec<PrepRule>,
    pub warnings: Vec<WarningRule>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DepthBand {
    /// Upper bound of the band, inclusive, in millimetres.
    pub max_depth_mm: f64,
    /// Days of visible redness to expect in this band.
    pub redness_days: u32,
    pub source: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PhaseRule {
    pub id: String,
    pub title: String,
    /// Elapsed hours after the session start at which this phase begins.
    pub from_hours: u32,
}

/// Something not to do until an elapsed time after the session; shown as an unlock.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RestrictionRule {
    /// Stable snake_case id, e.g. `no_makeup`.
    pub id: String,
    /// What not to do, e.g. "No makeup".
    pub title: String,
    /// What becomes possible, e.g. "Makeup OK".
    pub unlock: String,
    pub hours: u32,
    pub source: Vec<String>,
}

/// Advice that applies in a window of elapsed time after the session.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CareItem {
    pub id: String,
    pub text: String,
    pub from_hours: u32,
    pub until_hours: u32,
    pub source: Vec<String>,
}

/// What is normal to feel. Either a fixed window or "until redness should have faded".
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExpectedItem {
    pub id: String,
    pub text: String,
    pub from_hours: u32,
    /// End of the window in elapsed hours; exactly one of this and `until` is set.
    #[serde(default)]
    pub until_hours: Option<u32>,
    #[serde(default)]
    pub until: Option<ExpectedUntil>,
    pub source: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ExpectedUntil {
    /// The depth band's expected end of visible redness.
    RednessEnd,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MilestoneRule {
    pub id: String,
    pub title: String,
    pub after_hours: u32,
    /// For windows (e.g. the next-session window), when the window closes.
    #[serde(default)]
    pub until_hours: Option<u32>,
    /// Shown only after the newest session of the series (e.g. the results check).
    #[serde(default)]
    pub last_session_only: bool,
    pub source: Vec<String>,
}

/// A task before a planned session, due `before_hours` before its start.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PrepRule {
    pub id: String,
    pub title: String,
    pub before_hours: u32,
    /// Only for patients with this profile flag.
    #[serde(default)]
    pub only_if: Option<ProfileFlag>,
    pub source: Vec<String>,
}

/// Something to discuss with the clinic because of a profile flag. Never a refusal.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WarningRule {
    pub id: String,
    pub flag: ProfileFlag,
    pub text: String,
    pub source: Vec<String>,
}

impl CareProtocol {
    /// A protocol with no rules; only reachable if the shipped default were broken.
    pub(crate) fn empty() -> Self {
        Self {
            format: super::FORMAT,
            id: "empty".into(),
            version: "0".into(),
            name: "No protocol".into(),
            depth_bands: Vec::new(),
            expected_ceiling_days: 7,
            phases: Vec::new(),
            restrictions: Vec::new(),
            dos: Vec::new(),
            donts: Vec::new(),
            expected: Vec::new(),
            milestones: Vec::new(),
            prep_tasks: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Days of visible redness to expect for a needle depth, capped by the ceiling.
    pub fn redness_days(&self, depth_mm: f64) -> u32 {
        let band = self.depth_bands.iter().find(|band| depth_mm <= band.max_depth_mm + 1e-9);
        let days =
            band.or(self.depth_bands.last()).map_or(self.expected_ceiling_days, |b| b.redness_days);
        days.min(self.expected_ceiling_days)
    }

    /// The phase a session is in after `elapsed_hours`.
    pub fn phase_at(&self, elapsed_hours: i64) -> Option<&PhaseRule> {
        self.phases.iter().rev().find(|phase| i64::from(phase.from_hours) <= elapsed_hours)
    }
}
