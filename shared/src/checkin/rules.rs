//! The triage rule table of clinical-research.md §1.8 as data.
//!
//! **A proposal for the partner clinic's medical director, not clinically validated.** Each row
//! keeps its id and source keys so a reviewer can trace it. Rows are evaluated top-down (U, C, W,
//! E); the first matching row decides the level; a state no row matches is "watch".
//!
//! Where the table is ambiguous or its rows overlap, the reading chosen is written next to the
//! row (search for "Reading:").

use super::answers::{Discharge, Sign};
use super::triage::Level;

/// A score the patient gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Redness,
    Swelling,
    Pain,
    Itch,
}

/// What is normal on some days after a session (rows E1–E3). The same data draws the expected
/// band of the trend chart, so the chart and the triage cannot disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpectedCourse {
    pub first_day: u32,
    pub last_day: u32,
    pub redness_max: u8,
    pub swelling_max: u8,
    pub pain_max: u8,
    pub itch_max: u8,
    /// Warmth of the treated skin is part of the normal course on these days.
    pub warmth_ok: bool,
    /// Discharge that is normal on these days.
    pub discharge_ok: &'static [Discharge],
    /// Transiently darker treated pigment is normal on these days.
    pub dark_patches_ok: bool,
}

/// A condition on the check-in, its day and the previous day's check-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cond {
    /// The patient answered "yes" to this sign.
    Sign(Sign),
    /// A reading of 38.0 °C (100.4 °F) or more, or feeling feverish or unwell.
    Fever,
    Discharge(Discharge),
    AtLeast(Measure, u8),
    DayAtLeast(u32),
    DayAtMost(u32),
    /// `D > E_end + days`: past the depth band's expected end of redness.
    DayPastRednessEnd(u32),
    /// `D >= ceiling` (7 days by default): nothing is expected any more.
    DayAtOrPastCeiling,
    /// Higher than on the previous day's check-in (false without one).
    WorseThanPrevious(Measure),
    /// Up by at least this much since the previous day's check-in ("rapid worsening").
    RoseBy(Measure, u8),
    /// Lower than on the previous day's check-in (false without one).
    BetterThanPrevious(Measure),
    /// Not higher than on the previous day's check-in (true without one).
    NotWorseThanPrevious(Measure),
    /// Within an expected course, with every optional question answered and no other sign.
    Expected(ExpectedCourse),
    /// At or past the ceiling with nothing to report: no redness, swelling, discharge, fever or
    /// sign, pain and itch at most 1.
    Healed,
    All(&'static [Cond]),
    Any(&'static [Cond]),
}

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TriageRule {
    /// `U1`, `C3`, …
    pub id: &'static str,
    pub level: Level,
    pub when: Cond,
    /// Source keys of clinical-research.md §6; empty where the basis is general first aid.
    pub source: &'static [&'static str],
    // What the patient reported, in words for the advice ("You reported …"), is in the
    // catalogue (`i18n`, `ReasonWords`), one text per row and language.
}

use Cond::*;
use Measure::*;

const FRESH: ExpectedCourse = ExpectedCourse {
    first_day: 0,
    last_day: 1,
    redness_max: 3,
    swelling_max: 1,
    pain_max: 3,
    itch_max: 3,
    warmth_ok: true,
    discharge_ok: &[Discharge::None, Discharge::Clear, Discharge::Blood],
    dark_patches_ok: false,
};

const FADING: ExpectedCourse = ExpectedCourse {
    first_day: 2,
    last_day: 3,
    redness_max: 2,
    swelling_max: 1,
    pain_max: 2,
    itch_max: 3,
    warmth_ok: false,
    discharge_ok: &[Discharge::None],
    dark_patches_ok: false,
};

const FLAKING: ExpectedCourse = ExpectedCourse {
    first_day: 3,
    last_day: 7,
    redness_max: 1,
    swelling_max: 0,
    pain_max: 2,
    itch_max: 3,
    warmth_ok: false,
    discharge_ok: &[Discharge::None],
    dark_patches_ok: true,
};

/// The rows E1–E3, for the trend chart's expected band.
pub const EXPECTED_COURSES: [ExpectedCourse; 3] = [FRESH, FADING, FLAKING];

/// The table, in evaluation order.
/// The table's version: raised whenever a row, its order or its advice changes. Version 2
/// answers the clinical review of 2026-11 (sepsis and eye signs, urgent-first questions,
/// persisting findings, "worse than yesterday", healed skin after the course).
pub const TRIAGE_TABLE_VERSION: &str = "2";

/// Who has reviewed the table: shown with the version on the About screen and in the README.
pub const TRIAGE_TABLE_STATUS: &str = "a proposal from the project's clinical research and an independent clinical review; not yet signed off by a clinic's medical director";

pub const RULES: &[TriageRule] = &[
    TriageRule { id: "U1", level: Level::Urgent, when: Sign(Sign::Allergy), source: &[] },
    // Reading: with a fever, "rapid worsening" is any step up in redness or swelling since the
    // last check-in, or the patient's own "worse than yesterday". A two-step rise was unreachable
    // from deep redness (3 → 4 is one step) and needed a stored check-in (clinical review,
    // major 7); with a fever the conservative reading is the right one. Fever includes feeling
    // feverish, as the table's inputs allow ("or feel feverish/chills").
    TriageRule {
        id: "U2",
        level: Level::Urgent,
        when: All(&[
            Fever,
            Any(&[
                Sign(Sign::Spreading),
                Sign(Sign::Streaks),
                Sign(Sign::Worsening),
                WorseThanPrevious(Redness),
                WorseThanPrevious(Swelling),
            ]),
        ]),
        source: &["R24"],
    },
    TriageRule { id: "U3", level: Level::Urgent, when: Sign(Sign::Eye), source: &["R24", "C17"] },
    // Reading: "redness spreading beyond the treated area" is the patient's report of redness
    // visibly enlarging (§1.6: infection → urgent if it spreads).
    TriageRule {
        id: "U4",
        level: Level::Urgent,
        when: Any(&[Sign(Sign::Streaks), Sign(Sign::Spreading)]),
        source: &["R25", "R24"],
    },
    TriageRule { id: "U5", level: Level::Urgent, when: Sign(Sign::Bleeding), source: &[] },
    // Reading: the research lists these systemic signs with a fever (U2, §1.6 "systemic
    // spread"). Asked alone they are still urgent here: a patient without a thermometer cannot
    // show the fever, and confusion, fainting or cold clammy skin need emergency care whatever
    // the temperature. Conservative where the research is silent (clinical review, critical 2).
    TriageRule { id: "U6", level: Level::Urgent, when: Sign(Sign::Systemic), source: &["R24"] },
    TriageRule {
        id: "C1",
        level: Level::ContactClinic,
        when: Discharge(Discharge::Pus),
        source: &["R18", "R12", "R19"],
    },
    TriageRule { id: "C2", level: Level::ContactClinic, when: Fever, source: &["R24"] },
    // Reading: on the 0–10 pain scale a rise of 2 points is the smallest meaningful change
    // (R22, §1.7); on the coarse redness (0–4) and swelling (0–3) scales one step is. The
    // patient's own "worse than yesterday" counts too, so a first check-in on day 3 is covered.
    // Before day 2 swelling and redness normally still rise (§1.4), so neither counts there.
    TriageRule {
        id: "C3",
        level: Level::ContactClinic,
        when: Any(&[
            AtLeast(Pain, 7),
            All(&[
                DayAtLeast(2),
                Any(&[
                    WorseThanPrevious(Redness),
                    WorseThanPrevious(Swelling),
                    RoseBy(Pain, 2),
                    Sign(Sign::Worsening),
                ]),
            ]),
        ]),
        source: &["R22", "C14"],
    },
    // Reading: "increasing tenderness" has no question of its own; pain rising is already C3,
    // so C4 reads tenderness as pain of 4 or more (moderate, R22) together with warmth.
    TriageRule {
        id: "C4",
        level: Level::ContactClinic,
        when: All(&[DayAtLeast(2), Sign(Sign::Warmth), AtLeast(Pain, 4)]),
        source: &["R18"],
    },
    TriageRule {
        id: "C5",
        level: Level::ContactClinic,
        when: Sign(Sign::Blisters),
        source: &["R15", "R16"],
    },
    // Reading: a "weeping" rash is clear fluid after day 1, when the expected course has none
    // (§1.1: ooze only on the treatment day; E2/E3 allow no discharge).
    TriageRule {
        id: "C6",
        level: Level::ContactClinic,
        when: Any(&[AtLeast(Itch, 7), All(&[DayAtLeast(2), Discharge(Discharge::Clear)])]),
        source: &["R1", "R23"],
    },
    TriageRule {
        id: "C7",
        level: Level::ContactClinic,
        when: Any(&[
            All(&[AtLeast(Redness, 2), DayPastRednessEnd(2)]),
            All(&[AtLeast(Redness, 1), DayAtOrPastCeiling]),
        ]),
        source: &["R1"],
    },
    // Reading (clinical review, major 6): deep redness 4 from day 3, marked swelling or
    // moderate pain more than a day past the depth's expected end of redness, and any swelling
    // or moderate pain or itch at or past the ceiling are not a course to watch at home.
    TriageRule {
        id: "C9",
        level: Level::ContactClinic,
        when: Any(&[
            All(&[DayAtLeast(3), AtLeast(Redness, 4)]),
            All(&[DayPastRednessEnd(1), Any(&[AtLeast(Swelling, 2), AtLeast(Pain, 4)])]),
            All(&[
                DayAtOrPastCeiling,
                Any(&[AtLeast(Swelling, 1), AtLeast(Pain, 4), AtLeast(Itch, 4)]),
            ]),
        ]),
        source: &["R1", "R22"],
    },
    TriageRule {
        id: "C8",
        level: Level::ContactClinic,
        when: All(&[Sign(Sign::Bumps), DayAtOrPastCeiling]),
        source: &["R3", "R1"],
    },
    // Reading: redness 3 ("like a sunburn") on days 0–1 is the normal peak (§1.1, E1), so W1's
    // redness part is 4 on days 0–1 and 3–4 on day 2.
    TriageRule {
        id: "W1",
        level: Level::Watch,
        when: All(&[
            DayAtMost(2),
            Any(&[
                All(&[
                    Any(&[
                        AtLeast(Redness, 4),
                        All(&[DayAtLeast(2), AtLeast(Redness, 3)]),
                        AtLeast(Swelling, 2),
                    ]),
                    NotWorseThanPrevious(Redness),
                    NotWorseThanPrevious(Swelling),
                ]),
                AtLeast(Pain, 4),
                AtLeast(Itch, 4),
            ]),
        ]),
        source: &["R22", "R23"],
    },
    TriageRule {
        id: "W2",
        level: Level::Watch,
        when: All(&[
            DayPastRednessEnd(0),
            AtLeast(Redness, 1),
            BetterThanPrevious(Redness),
            // D < ceiling: at or past it, C7 has already matched any redness.
        ]),
        source: &["R1"],
    },
    // Reading: "no spreading redness" is already guaranteed (spreading is U4).
    TriageRule { id: "W3", level: Level::Watch, when: Sign(Sign::Bumps), source: &["C14"] },
    TriageRule {
        id: "W4",
        level: Level::Watch,
        when: All(&[Sign(Sign::DarkPatches), DayAtOrPastCeiling]),
        source: &["R1", "R4"],
    },
    TriageRule {
        id: "E1",
        level: Level::Expected,
        when: Expected(FRESH),
        source: &["R5", "R6", "R12"],
    },
    TriageRule { id: "E2", level: Level::Expected, when: Expected(FADING), source: &["R9", "C10"] },
    TriageRule {
        id: "E3",
        level: Level::Expected,
        when: Expected(FLAKING),
        source: &["R1", "C10"],
    },
    // Reading (clinical review, major 12): after the expected course, a check-in with no
    // redness, swelling, discharge or sign and at most slight pain or itch is healed skin;
    // calling it "watch" every time teaches the patient to ignore "watch".
    TriageRule { id: "E4", level: Level::Expected, when: Healed, source: &["R1"] },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_levels_never_rise_down_the_table() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        assert!(RULES.windows(2).all(|w| w[0].level >= w[1].level));
        assert_eq!(RULES.len(), 23);
    }
}
