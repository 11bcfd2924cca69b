//! The catalogue's keys for the trend chart: the patient's check-ins drawn against the pain
//! expected each day after the session (issue 15: every word from the core).

use serde::Serialize;

use super::{Language, en_chart, es_chart};

#[derive(Serialize, Debug)]
pub struct ChartWords {
    pub title: &'static str,
    /// What the chart shows, for screen readers.
    pub description: &'static str,
    /// How to read the chart, under it.
    pub caption: &'static str,
    pub day_axis: &'static str,
    pub pain: &'static str,
    pub redness: &'static str,
    pub swelling: &'static str,
    /// The shaded band's legend.
    pub expected_pain: &'static str,
}

impl Language {
    /// The trend chart's words in this language.
    pub fn chart_words(self) -> &'static ChartWords {
        match self {
            Self::En => &en_chart::CHART,
            Self::Es => &es_chart::CHART,
        }
    }
}
