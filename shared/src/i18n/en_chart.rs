//! English for the trend chart (keys in `chart.rs`).

use super::chart::ChartWords;

pub(super) const CHART: ChartWords = ChartWords {
    title: "Your check-ins against the expected course",
    description: "Pain, redness and swelling by day after the session; the shaded area is what \
                  is expected for pain.",
    caption: "Day after the session along the bottom; each measure runs from none (bottom) to \
              its worst (top); shaded: the pain expected that day.",
    day_axis: "Day after the session",
    pain: "Pain",
    redness: "Redness",
    swelling: "Swelling",
    expected_pain: "Expected pain",
};
