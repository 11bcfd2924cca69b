//! Clinical vignettes for every row of the triage table (clinical-research.md §1.8) and its
//! boundaries, and properties the engine must keep whatever the answers.

// Test and bench helpers may unwrap: a failed unwrap here is a failed run, not a patient's crash.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use rstest::rstest;
use shared::checkin::{
    CheckinAnswers, CheckinForm, Course, Discharge, Level, Sign, TemperatureInput, TemperatureUnit,
    triage,
};
use shared::protocol::default_protocol;

/// Answers from a compact spec: `r3 s1 p2 i0` scores, `t385` temperature in tenths of °C
/// (`t-` = not measured), `dpus` discharge (`d-` = not answered), and sign keys (`warmth`).
/// Unmentioned: scores 0, 36.8 °C, no discharge, no signs.
fn answers(spec: &str) -> CheckinAnswers {
    let mut a = CheckinAnswers {
        redness: Some(0),
        swelling: Some(0),
        pain: Some(0),
        itch: Some(0),
        temperature_tenths_c: Some(368),
        discharge: Some(Discharge::None),
        ..CheckinAnswers::default()
    };
    for token in spec.split_whitespace() {
        if let Some(sign) = Sign::from_key(token) {
            a.signs.push(sign);
            continue;
        }
        let (head, rest) = token.split_at(1);
        match head {
            "r" | "s" | "p" | "i" if rest.parse::<u8>().is_ok() => {
                let n = Some(rest.parse().unwrap());
                *match head {
                    "r" => &mut a.redness,
                    "s" => &mut a.swelling,
                    "p" => &mut a.pain,
                    _ => &mut a.itch,
                } = n;
            }
            "t" => a.temperature_tenths_c = rest.parse().ok(),
            "d" => a.discharge = Discharge::from_key(rest),
            _ => panic!("bad token {token}"),
        }
    }
    a.signs.sort();
    a
}

/// The course for a day after a session of `depth_mm`, per the shipped default protocol.
fn course(day: u32, depth_mm: f64) -> Course {
    let p = default_protocol();
    Course {
        day_index: day,
        redness_end_days: p.redness_days(depth_mm),
        ceiling_days: p.expected_ceiling_days,
    }
}

use Level::{ContactClinic as Clinic, Expected, Urgent, Watch};

#[rstest]
// The two vignettes of the issue.
#[case::day3_red_warm_oozing_pus_cheek(3, 1.0, "", "r3 warmth dpus", Clinic, &["C1"])]
#[case::day3_red_warm_weeping_cheek(3, 1.0, "", "r3 warmth dclear", Clinic, &["C6"])]
#[case::day1_bright_red_sunburn_feeling(1, 1.0, "", "r3 s1 p2 warmth", Expected, &["E1"])]
// U1–U5.
#[case::u1_allergy(1, 1.0, "", "allergy", Urgent, &["U1"])]
#[case::u1_wins_over_everything(1, 1.0, "", "allergy eye dpus t395", Urgent, &["U1", "U3"])]
#[case::u2_fever_and_spreading(3, 1.0, "", "t385 spreading", Urgent, &["U2", "U4"])]
#[case::u2_fever_and_rapid_worsening(3, 1.0, "r1", "t380 r3", Urgent, &["U2"])]
#[case::u2_feverish_and_swelling_up_two(2, 1.0, "s0", "unwell s2", Urgent, &["U2"])]
#[case::u2_not_below_38(3, 1.0, "r1", "t379 r3", Clinic, &["C3"])]
#[case::u3_eye(0, 0.5, "", "eye", Urgent, &["U3"])]
#[case::u4_streaks(2, 1.0, "", "streaks", Urgent, &["U4"])]
#[case::u4_spreading(5, 1.0, "", "spreading", Urgent, &["U4"])]
#[case::u5_bleeding(0, 1.5, "", "bleeding", Urgent, &["U5"])]
// C1–C8.
#[case::c1_pus_on_day0(0, 1.0, "", "dpus", Clinic, &["C1"])]
#[case::c1_and_c2(4, 1.0, "", "dpus t390", Clinic, &["C1", "C2"])]
#[case::c2_fever_exactly_38(4, 1.0, "", "t380", Clinic, &["C2"])]
#[case::c2_not_at_37_9(4, 1.0, "", "t379", Expected, &["E3"])]
#[case::c2_feeling_feverish(1, 1.0, "", "unwell t-", Clinic, &["C2"])]
#[case::c3_severe_pain_any_day(0, 1.0, "", "p7", Clinic, &["C3"])]
#[case::c3_redness_worse_on_day2(2, 1.0, "r1", "r2", Clinic, &["C3"])]
#[case::c3_not_on_day1(1, 1.0, "r1", "r2", Expected, &["E1"])]
#[case::c3_pain_up_two_on_day4(4, 1.0, "p0", "p2", Clinic, &["C3"])]
#[case::c3_pain_up_one_is_not_a_change(4, 1.0, "p1", "p2", Expected, &["E3"])]
#[case::c3_swelling_worse_on_day3(3, 1.0, "s0", "s1", Clinic, &["C3"])]
#[case::c4_warm_and_tender_day2(2, 1.0, "", "warmth p4", Clinic, &["C4"])]
#[case::c4_not_on_day1(1, 1.0, "", "warmth p4", Watch, &["W1"])]
#[case::c4_needs_tenderness(2, 1.0, "", "warmth p3", Watch, &[])]
#[case::c5_blisters(2, 1.0, "", "blisters", Clinic, &["C5"])]
#[case::c6_severe_itch(4, 1.0, "", "i7", Clinic, &["C6"])]
#[case::c6_clear_ooze_is_normal_on_day1(1, 1.0, "", "dclear r2", Expected, &["E1"])]
#[case::c7_depth_1mm_day6(6, 1.0, "", "r2", Clinic, &["C7"])]
#[case::c7_depth_1mm_day5_is_not_yet(5, 1.0, "", "r2", Watch, &[])]
#[case::c7_depth_05mm_day4(4, 0.5, "", "r2", Clinic, &["C7"])]
#[case::c7_depth_05mm_day3_is_not_yet(3, 0.5, "", "r2", Watch, &[])]
#[case::c7_depth_2mm_day7_any_redness(7, 2.0, "", "r1", Clinic, &["C7"])]
#[case::c7_depth_2mm_day7_no_redness(7, 2.0, "", "r0", Expected, &["E3", "E4"])]
#[case::c8_bumps_day7(7, 1.0, "", "bumps", Clinic, &["C8"])]
// W1–W4.
#[case::w1_deep_red_day1(1, 1.0, "", "r4", Watch, &["W1"])]
#[case::w1_red_on_day2(2, 1.0, "r3", "r3", Watch, &["W1"])]
#[case::w1_swollen_day0(0, 1.0, "", "s2", Watch, &["W1"])]
#[case::w1_moderate_pain(0, 1.0, "", "p5", Watch, &["W1"])]
#[case::w1_moderate_itch(1, 1.0, "", "i4", Watch, &["W1"])]
#[case::w1_ends_after_day2(3, 1.0, "", "i4", Watch, &[])]
#[case::w2_redness_improving_past_its_end(3, 0.5, "r2", "r1", Watch, &["W2"])]
#[case::w2_depth_2mm_within_its_end(3, 2.0, "r2", "r1", Expected, &["E2", "E3"])]
#[case::w3_bumps_before_day7(6, 1.0, "", "bumps", Watch, &["W3"])]
#[case::w4_dark_patches_day8(8, 1.0, "", "dark_patches", Watch, &["W4"])]
// E1–E3 and their edges.
#[case::e1_pinpoint_blood_day0(0, 1.5, "", "r3 s1 p3 dblood warmth", Expected, &["E1"])]
#[case::minor_23_no_thermometer_is_an_answer(1, 1.0, "", "r3 s1 p2 warmth t-", Expected, &["E1"])]
#[case::e1_needs_the_discharge_answer(1, 1.0, "", "r1 d-", Watch, &[])]
#[case::e2_fading_pink_day2(2, 1.0, "r3", "r2", Expected, &["E2"])]
#[case::e2_past_the_shallow_end(2, 0.5, "r3", "r2", Watch, &["W2"])]
#[case::e2_past_the_shallow_end_not_improving(2, 0.5, "r2", "r2", Watch, &[])]
#[case::e2_no_warmth_after_day1(2, 1.0, "", "r1 warmth", Watch, &[])]
#[case::e3_flaking_itch_day4(4, 2.0, "", "r1 i3", Expected, &["E3"])]
#[case::e3_darker_pigment_day5(5, 1.0, "", "dark_patches", Expected, &["E3"])]
#[case::e3_dark_patches_not_on_day1(1, 1.0, "", "dark_patches", Watch, &[])]
#[case::major_12_healed_past_the_ceiling_is_normal_healing(8, 1.0, "", "", Expected, &["E4"])]
#[case::major_12_slight_itch_past_the_ceiling(20, 1.0, "", "r0 p1 i1 t-", Expected, &["E4"])]
#[case::major_12_pink_past_the_ceiling_is_not_healed(8, 1.0, "", "r1", Clinic, &["C7"])]
// Findings of the clinical review (../shared/reviews/clinical.md §5), one named case each.
#[case::critical_2_systemic_signs_alone(3, 1.0, "", "systemic t-", Urgent, &["U6"])]
#[case::critical_2_fever_with_confusion(3, 1.0, "", "t400 systemic", Urgent, &["U6"])]
#[case::major_5_blisters_near_the_eye(2, 1.0, "", "eye blisters", Urgent, &["U3"])]
#[case::major_6_deep_redness_on_day3(3, 1.0, "", "r4", Clinic, &["C9"])]
#[case::major_6_severe_everything_day4(4, 1.0, "", "r4 s3 p6 i6", Clinic, &["C9"])]
#[case::major_6_marked_swelling_past_redness_end(5, 1.0, "", "s2", Clinic, &["C9"])]
#[case::major_6_swelling_past_the_ceiling(8, 1.0, "", "s1", Clinic, &["C9"])]
#[case::major_6_itch_past_the_ceiling(9, 1.0, "", "i4", Clinic, &["C9"])]
#[case::major_6_worse_than_yesterday_without_a_stored_check_in(3, 1.0, "", "r2 worsening", Clinic, &["C3"])]
#[case::major_6_worse_is_normal_on_day1(1, 1.0, "", "r2 worsening", Watch, &[])]
#[case::major_7_fever_and_one_step_from_deep_red(3, 1.0, "r3", "t385 r4", Urgent, &["U2"])]
#[case::major_7_feverish_and_worse_than_yesterday(3, 1.0, "", "unwell worsening t-", Urgent, &["U2"])]
fn vignettes(
    #[case] day: u32,
    #[case] depth_mm: f64,
    #[case] yesterday: &str,
    #[case] today: &str,
    #[case] level: Level,
    #[case] rules: &[&str],
) {
    let previous = (!yesterday.is_empty()).then(|| answers(yesterday));
    let result = triage(&answers(today), previous.as_ref(), course(day, depth_mm));
    let fired: Vec<&str> = result.rules.iter().map(String::as_str).collect();
    assert_eq!((result.level, fired.as_slice()), (level, rules), "{}", result.advice);
    assert_eq!(result.day_index, day);
    assert_eq!(result.flagged_for_sharing, level >= Clinic);
}

#[rstest]
#[case::f_100_4_is_fever(100.4, TemperatureUnit::Fahrenheit, Clinic)]
#[case::f_100_3_is_not(100.3, TemperatureUnit::Fahrenheit, Expected)]
#[case::c_38_0_is_fever(38.0, TemperatureUnit::Celsius, Clinic)]
#[case::c_37_9_is_not(37.9, TemperatureUnit::Celsius, Expected)]
fn thermometer_readings_in_either_unit(
    #[case] value: f64,
    #[case] unit: TemperatureUnit,
    #[case] level: Level,
) {
    let form = CheckinForm {
        redness: Some(0),
        swelling: Some(0),
        pain: Some(1),
        itch: Some(2),
        temperature: Some(TemperatureInput::new(value.to_string(), unit)),
        discharge: Some(Discharge::None),
        signs: vec![],
        note: None,
    };
    let result = triage(&form.validate().unwrap(), None, course(4, 1.5));
    assert_eq!(result.level, level, "{}", result.advice);
}

#[test]
fn advice_names_what_rose() {
    let result = triage(&answers("r2 p3"), Some(&answers("r1 p1")), course(2, 1.0));
    assert!(
        result.advice.ends_with("You reported more redness and pain than the day before."),
        "{}",
        result.advice
    );
}

#[test]
fn advice_names_the_day_and_never_diagnoses() {
    let result = triage(&answers("r3 warmth dpus"), None, course(4, 1.0));
    assert!(
        result
            .advice
            .starts_with("This is not what we expect on day 4. Contact your clinic today."),
        "{}",
        result.advice
    );
    for word in ["infection", "infected", "cellulitis", "herpes", "diagnos"] {
        for spec in ["dpus t390", "blisters", "allergy", "r2", "", "bumps", "i7"] {
            let advice = triage(&answers(spec), None, course(8, 1.0)).advice.to_lowercase();
            assert!(!advice.contains(word), "{spec}: {advice}");
        }
    }
}

fn any_answers() -> impl Strategy<Value = CheckinAnswers> {
    (
        (0..=4_u8, 0..=3_u8, 0..=10_u8, 0..=10_u8),
        proptest::option::of(340..=430_i16),
        proptest::option::of(proptest::sample::select(Discharge::ALL.to_vec())),
        proptest::sample::subsequence(Sign::ALL.to_vec(), 0..=Sign::ALL.len()),
    )
        .prop_map(
            |((redness, swelling, pain, itch), temperature_tenths_c, discharge, signs)| {
                CheckinAnswers {
                    redness: Some(redness),
                    swelling: Some(swelling),
                    pain: Some(pain),
                    itch: Some(itch),
                    temperature_tenths_c,
                    discharge,
                    signs,
                    note: None,
                }
            },
        )
}

fn any_course() -> impl Strategy<Value = Course> {
    (0..=14_u32, 1..=5_u32, 5..=10_u32).prop_map(|(day_index, redness_end_days, ceiling_days)| {
        Course { day_index, redness_end_days, ceiling_days }
    })
}

proptest! {
    #[test]
    fn adding_an_urgent_sign_never_lowers_the_level(
        a in any_answers(),
        previous in proptest::option::of(any_answers()),
        course in any_course(),
        sign in proptest::sample::select(Sign::ALL.iter().copied().filter(|s| s.is_urgent()).collect::<Vec<_>>()),
    ) {
        let before = triage(&a, previous.as_ref(), course).level;
        let mut with_sign = a.clone();
        if !with_sign.signs.contains(&sign) {
            with_sign.signs.push(sign);
            with_sign.signs.sort();
        }
        let after = triage(&with_sign, previous.as_ref(), course).level;
        prop_assert!(after >= before);
        prop_assert_eq!(after, Level::Urgent);
    }

    #[test]
    fn an_unanswered_discharge_question_is_never_expected(
        full in any_answers(),
        previous in proptest::option::of(any_answers()),
        course in any_course(),
    ) {
        let missing = CheckinAnswers { discharge: None, ..full };
        prop_assert_ne!(triage(&missing, previous.as_ref(), course).level, Level::Expected);
    }

    /// No thermometer is an answer (clinical review, minor 23): it triages like a normal
    /// reading, and "feeling feverish or shivery" still counts as a fever.
    #[test]
    fn no_thermometer_triages_like_a_normal_reading(
        full in any_answers(),
        previous in proptest::option::of(any_answers()),
        course in any_course(),
    ) {
        let normal = CheckinAnswers { temperature_tenths_c: Some(368), ..full.clone() };
        let without = CheckinAnswers { temperature_tenths_c: None, ..full };
        let (a, b) = (triage(&without, previous.as_ref(), course), triage(&normal, previous.as_ref(), course));
        prop_assert_eq!((a.level, a.rules), (b.level, b.rules));
    }

    #[test]
    fn triage_is_deterministic_and_consistent(
        a in any_answers(),
        previous in proptest::option::of(any_answers()),
        course in any_course(),
    ) {
        let first = triage(&a, previous.as_ref(), course);
        prop_assert_eq!(&first, &triage(&a, previous.as_ref(), course));
        prop_assert_eq!(first.flagged_for_sharing, first.level >= Level::ContactClinic);
        // A state no row matches is "watch", never "expected".
        if first.rules.is_empty() {
            prop_assert_eq!(first.level, Level::Watch);
        }
        if first.level == Level::Expected {
            prop_assert!(course.day_index <= course.ceiling_days);
        }
    }
}

/// One representative check-in per rule: (rule, day, depth, previous day, answers).
const ADVICE_CASES: &[(&str, u32, f64, &str, &str)] = &[
    ("U1", 1, 1.0, "", "allergy"),
    ("U2", 3, 1.0, "r1", "t380 r3"),
    ("U3", 0, 0.5, "", "eye"),
    ("U4", 2, 1.0, "", "streaks"),
    ("U5", 0, 1.5, "", "bleeding"),
    ("U6", 2, 1.0, "", "systemic"),
    ("C1", 0, 1.0, "", "dpus"),
    ("C2", 4, 1.0, "", "t380"),
    ("C3", 0, 1.0, "", "p7"),
    ("C4", 2, 1.0, "", "warmth p4"),
    ("C5", 2, 1.0, "", "blisters"),
    ("C6", 4, 1.0, "", "i7"),
    ("C7", 6, 1.0, "", "r2"),
    ("C8", 7, 1.0, "", "bumps"),
    ("C9", 3, 1.0, "", "r4"),
    ("W1", 1, 1.0, "", "r4"),
    ("W2", 3, 0.5, "r2", "r1"),
    ("W3", 6, 1.0, "", "bumps"),
    ("W4", 8, 1.0, "", "dark_patches"),
    ("E1", 1, 1.0, "", "r3 s1 p2 warmth"),
    ("E2", 2, 1.0, "r3", "r2"),
    ("E3", 4, 2.0, "", "r1 i3"),
    ("E4", 8, 1.0, "", ""),
];

/// Every rule's advice as the patient reads it, unlinked and with a clinic's line when linked
/// (clinical review: advice snapshots per rule). One representative check-in per rule; each
/// must decide its own rule, so the snapshot is that rule's wording.
#[test]
fn every_rules_advice_linked_and_unlinked_is_reviewed() {
    use shared::checkin::rules::RULES;
    use shared::effects::ClinicLink;
    let link = ClinicLink {
        server: "https://glow.example".into(),
        device_id: "dev-1".into(),
        clinic_name: "Glow Clinic".into(),
        clinic_phone: "+44 20 0000 0000".into(),
        after_hours_advice: "Outside opening hours, call 111.".into(),
        auto_share: false,
        relink_needed: false,
        linked_utc_ms: 0,
    };
    let cases = ADVICE_CASES;
    let covered: Vec<&str> = cases.iter().map(|c| c.0).collect();
    for rule in RULES {
        assert!(covered.contains(&rule.id), "rule {} has no advice snapshot", rule.id);
    }
    let table: Vec<serde_json::Value> = cases
        .iter()
        .map(|(rule, day, depth, previous, spec)| {
            let previous = (!previous.is_empty()).then(|| answers(previous));
            let result = triage(&answers(spec), previous.as_ref(), course(*day, *depth));
            assert!(result.rules.iter().any(|r| r == rule), "{rule}: fired {:?}", result.rules);
            serde_json::json!({
                "rule": rule,
                "level": result.level.key(),
                "title": result.title(),
                "advice": result.advice,
                "linked_clinic_line": shared::sharing::clinic_line(&link, &result),
            })
        })
        .collect();
    insta::assert_json_snapshot!("advice_of_every_rule", table);
    // The same table in Spanish, for the clinical reviewer of the translation (issue 15).
    let spanish = shared::i18n::Language::Es;
    let table_es: Vec<serde_json::Value> = cases
        .iter()
        .map(|(rule, day, depth, previous, spec)| {
            let previous = (!previous.is_empty()).then(|| answers(previous));
            let result = shared::checkin::triage_in(
                spanish,
                &answers(spec),
                previous.as_ref(),
                course(*day, *depth),
            );
            serde_json::json!({
                "rule": rule,
                "title": result.title_in(spanish),
                "advice": result.advice,
                "linked_clinic_line": shared::sharing::clinic_line_in(spanish, &link, &result),
            })
        })
        .collect();
    insta::assert_json_snapshot!("advice_of_every_rule_es", table_es);
}

/// Major 4 (clinical review): every "contact your clinic today" result says what to do when
/// the clinic cannot be reached (the next-business-day rows C7 and C8 excepted).
#[test]
fn major_4_every_contact_clinic_result_has_a_route_when_the_clinic_is_closed() {
    for (rule, day, depth, previous, spec) in ADVICE_CASES {
        let previous = (!previous.is_empty()).then(|| answers(previous));
        let result = triage(&answers(spec), previous.as_ref(), course(*day, *depth));
        if result.level != Clinic || ["C7", "C8"].contains(rule) {
            continue;
        }
        assert!(result.advice.contains("If you cannot reach them"), "{rule}: {}", result.advice);
    }
}

/// Minor 24 (clinical review): a result whose advice gives the clinic days (C7, C8) is not
/// headed "Contact your clinic today"; every other contact-clinic result is.
#[test]
fn minor_24_a_next_business_day_result_is_not_headed_today() {
    for (rule, day, depth, previous, spec) in ADVICE_CASES {
        let previous = (!previous.is_empty()).then(|| answers(previous));
        let result = triage(&answers(spec), previous.as_ref(), course(*day, *depth));
        if result.level != Clinic {
            continue;
        }
        if ["C7", "C8"].contains(rule) {
            assert!(!result.title().contains("today"), "{rule}: {}", result.title());
        } else {
            assert_eq!(result.title(), "Contact your clinic today", "{rule}");
        }
    }
}
