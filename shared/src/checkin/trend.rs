//! The trend of the current session: one entry per day with the patient's scores and the
//! expected band, and the chart drawn from them. The chart is data on one scale (per mille of
//! its height) with its words, so every shell draws the same measures against the same band;
//! before, the web drew pain, redness and swelling against expected pain, Android redness and
//! swelling against expected redness, and iOS the raw scores on 0–4.

use facet::Facet;
use serde::{Deserialize, Serialize};

use super::answers::{NRS_MAX, REDNESS_MAX, SWELLING_MAX};
use super::history::{ExpectedBand, counted_by_day, current_session, expected_band};
use super::triage::Level;
use crate::domain::{PatientRecord, clock::Now};
use crate::i18n::Language;
use crate::protocol::CareProtocol;

/// The trend never runs past this many days (a session ten years old is not a chart).
const MAX_TREND_DAYS: u32 = 366;
/// The chart's full height.
pub const CHART_TOP: u16 = 1000;

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct TrendView {
    /// The session the chart follows (the newest that has started).
    pub session_id: Option<i64>,
    pub days: Vec<TrendDay>,
    /// The same days as the chart every shell draws.
    pub chart: TrendChart,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TrendDay {
    pub day_index: u32,
    /// Values of the check-in that counts for the day (the latest); `None` without one.
    pub redness: Option<u8>,
    pub swelling: Option<u8>,
    pub pain: Option<u8>,
    pub level: Option<Level>,
    /// The expected course for the day; `None` past the ceiling (nothing is expected).
    pub expected: Option<ExpectedBand>,
    /// The day has not started yet (the band is drawn ahead of the patient's values).
    pub future: bool,
}

/// The chart as every shell draws it.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct TrendChart {
    /// Its accessible name and description, and the caption under it.
    pub title: String,
    pub description: String,
    pub caption: String,
    /// The axis along the bottom, and under each day, left to right.
    pub day_axis_label: String,
    pub day_labels: Vec<String>,
    /// Pain, redness and swelling, each scaled from its own maximum to [`CHART_TOP`].
    pub series: Vec<TrendSeries>,
    /// The top of the expected band for pain on each day; `None` where nothing is expected.
    pub band: Vec<Option<u16>>,
    pub band_label: String,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TrendSeries {
    pub measure: TrendMeasure,
    pub label: String,
    /// One per day: the score scaled to [`CHART_TOP`]; `None` without a check-in that counts.
    pub points: Vec<Option<u16>>,
}

/// Which score a series is (shells pick its colour by this).
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum TrendMeasure {
    Pain,
    Redness,
    Swelling,
}

/// The trend of the current session: days 0 to the ceiling, or to the last check-in if later.
pub fn trend(
    record: &PatientRecord,
    protocol: &CareProtocol,
    now: Now,
    language: Language,
) -> TrendView {
    let Some(session) = current_session(&record.sessions, now.instant) else {
        return TrendView::default();
    };
    let redness_end = protocol.redness_days(session.depth_mm());
    let ceiling = protocol.expected_ceiling_days;
    let today = super::history::day_index(session, now.instant);
    let counted = counted_by_day(&record.checkins, session.id);
    let last_checkin_day = counted.keys().next_back().copied().unwrap_or(0);
    let last_day = ceiling.max(last_checkin_day).min(MAX_TREND_DAYS);
    let days = (0..=last_day)
        .map(|day| {
            let c = counted.get(&day).map(|c| &c.details);
            TrendDay {
                day_index: day,
                redness: c.and_then(|c| c.answers.redness),
                swelling: c.and_then(|c| c.answers.swelling),
                pain: c.and_then(|c| c.answers.pain),
                level: c.map(|c| c.triage.level),
                expected: expected_band(day, redness_end, ceiling),
                future: day > today,
            }
        })
        .collect::<Vec<_>>();
    TrendView { session_id: Some(session.id), chart: chart(&days, language), days }
}

/// The chart of `days`: nothing to draw without days.
fn chart(days: &[TrendDay], language: Language) -> TrendChart {
    if days.is_empty() {
        return TrendChart::default();
    }
    let w = language.chart_words();
    let scaled = |value: u8, max: u8| u16::from(value.min(max)) * CHART_TOP / u16::from(max.max(1));
    let series = |measure, label: &str, max, get: fn(&TrendDay) -> Option<u8>| TrendSeries {
        measure,
        label: label.to_owned(),
        points: days.iter().map(|d| get(d).map(|v| scaled(v, max))).collect(),
    };
    TrendChart {
        title: w.title.to_owned(),
        description: w.description.to_owned(),
        caption: w.caption.to_owned(),
        day_axis_label: w.day_axis.to_owned(),
        day_labels: days.iter().map(|d| d.day_index.to_string()).collect(),
        series: vec![
            series(TrendMeasure::Pain, w.pain, NRS_MAX, |d| d.pain),
            series(TrendMeasure::Redness, w.redness, REDNESS_MAX, |d| d.redness),
            series(TrendMeasure::Swelling, w.swelling, SWELLING_MAX, |d| d.swelling),
        ],
        band: days
            .iter()
            .map(|d| d.expected.map(|band: ExpectedBand| scaled(band.pain_max, NRS_MAX)))
            .collect(),
        band_label: w.expected_pain.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(day_index: u32, scores: Option<(u8, u8, u8)>, expected_pain: Option<u8>) -> TrendDay {
        TrendDay {
            day_index,
            redness: scores.map(|s| s.0),
            swelling: scores.map(|s| s.1),
            pain: scores.map(|s| s.2),
            level: None,
            expected: expected_pain.map(|pain_max| ExpectedBand {
                redness_max: 2,
                swelling_max: 1,
                pain_max,
            }),
            future: false,
        }
    }

    /// Issue "Every word from the core": every measure is scaled here, from its own maximum,
    /// so a redness of 4 and a pain of 10 both reach the top, and a day without a check-in is a
    /// gap, never a zero.
    #[test]
    fn every_measure_is_scaled_from_its_own_maximum_and_gaps_stay_gaps() {
        let chart = chart(
            &[
                day(0, Some((4, 3, 10)), Some(4)),
                day(1, None, None),
                day(2, Some((2, 1, 5)), Some(2)),
            ],
            Language::En,
        );
        let points = |m: TrendMeasure| {
            chart
                .series
                .iter()
                .find(|s| s.measure == m)
                .map(|s| s.points.clone())
                .unwrap_or_default()
        };
        assert_eq!(points(TrendMeasure::Pain), vec![Some(1000), None, Some(500)]);
        assert_eq!(points(TrendMeasure::Redness), vec![Some(1000), None, Some(500)]);
        assert_eq!(points(TrendMeasure::Swelling), vec![Some(1000), None, Some(333)]);
        assert_eq!(chart.band, vec![Some(400), None, Some(200)]);
        assert_eq!(chart.day_labels, vec!["0", "1", "2"]);
        assert!(chart.caption.contains("shaded"));
        assert_eq!(super::chart(&[], Language::Es), TrendChart::default(), "no session, no chart");
    }

    /// Issue 15: the chart is worded at view time in the patient's language, every label from
    /// the catalogue, the same points in both.
    #[test]
    fn the_chart_is_worded_in_the_patients_language() {
        let days = [day(0, Some((1, 1, 3)), Some(4))];
        let (en, es) = (chart(&days, Language::En), chart(&days, Language::Es));
        let labels = |c: &TrendChart| {
            let mut l = vec![c.title.clone(), c.description.clone(), c.caption.clone()];
            l.extend([c.day_axis_label.clone(), c.band_label.clone()]);
            l.extend(c.series.iter().map(|s| s.label.clone()));
            l
        };
        assert_eq!(
            labels(&en),
            [
                "Your check-ins against the expected course",
                "Pain, redness and swelling by day after the session; the shaded area is what is expected for pain.",
                "Day after the session along the bottom; each measure runs from none (bottom) to its worst (top); shaded: the pain expected that day.",
                "Day after the session",
                "Expected pain",
                "Pain",
                "Redness",
                "Swelling"
            ]
        );
        assert_eq!(
            labels(&es),
            [
                "Sus controles frente a la evolución esperada",
                "Dolor, enrojecimiento e hinchazón por día después de la sesión; el área sombreada es el dolor que se espera.",
                "Abajo, el día después de la sesión; cada medida va de nada (abajo) a lo peor (arriba); lo sombreado: el dolor que se espera ese día.",
                "Día después de la sesión",
                "Dolor esperado",
                "Dolor",
                "Enrojecimiento",
                "Hinchazón"
            ]
        );
        assert_eq!(
            en.series.iter().map(|s| &s.points).collect::<Vec<_>>(),
            es.series.iter().map(|s| &s.points).collect::<Vec<_>>()
        );
        assert_eq!(en.band, es.band);
    }
}
