//! Reading a protocol from JSON: syntax and shape first (with the path of the offending field),
//! then the rules that JSON cannot express (windows, overlaps, duplicate ids).

use std::collections::HashSet;

use super::{CareProtocol, FORMAT};

/// Longest window a rule may name: a year of elapsed hours.
const MAX_HOURS: u32 = 366 * 24;

/// A protocol that cannot be used, naming the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("care protocol: {field}: {problem}")]
pub struct ProtocolError {
    /// JSON path of the field, e.g. `restrictions[2].hours` (`.` for the whole document).
    pub field: String,
    pub problem: String,
}

fn fail(field: impl Into<String>, problem: impl Into<String>) -> ProtocolError {
    ProtocolError { field: field.into(), problem: problem.into() }
}

/// Parses and checks a protocol.
pub fn parse(json: &str) -> Result<CareProtocol, ProtocolError> {
    // Read the format first, so a newer protocol gets "update the app", not a field error.
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(json) {
        match map.get("format").and_then(serde_json::Value::as_u64) {
            Some(format) if format > u64::from(FORMAT) => {
                return Err(fail(
                    "format",
                    format!(
                        "format {format} is newer than this app reads ({FORMAT}); update Afterglow"
                    ),
                ));
            }
            _ => {}
        }
    }
    let deserializer = &mut serde_json::Deserializer::from_str(json);
    let protocol: CareProtocol = serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let path = e.path().to_string();
        fail(if path.is_empty() { ".".into() } else { path }, e.inner().to_string())
    })?;
    check(&protocol)?;
    Ok(protocol)
}

fn check(p: &CareProtocol) -> Result<(), ProtocolError> {
    if p.format != FORMAT {
        return Err(fail("format", format!("must be {FORMAT}")));
    }
    non_empty("id", &p.id)?;
    non_empty("version", &p.version)?;
    non_empty("name", &p.name)?;
    // The research's hard ceiling: expected effects are over by day 7 whatever the depth; a
    // protocol allowing longer would call a week-two infection "expected" (review, minor 22).
    if !(1..=7).contains(&p.expected_ceiling_days) {
        return Err(fail("expected_ceiling_days", "must be 1 to 7 days"));
    }
    check_depth_bands(p)?;
    check_phases(p)?;

    let mut ids = Ids::default();
    for (i, r) in p.restrictions.iter().enumerate() {
        let at = format!("restrictions[{i}]");
        ids.add(&at, &r.id)?;
        non_empty(&format!("{at}.title"), &r.title)?;
        non_empty(&format!("{at}.unlock"), &r.unlock)?;
        hours(&format!("{at}.hours"), r.hours, 1)?;
        sources(&at, &r.source)?;
    }
    for (list, items) in [("dos", &p.dos), ("donts", &p.donts)] {
        for (i, item) in items.iter().enumerate() {
            let at = format!("{list}[{i}]");
            ids.add(&at, &item.id)?;
            non_empty(&format!("{at}.text"), &item.text)?;
            window(&at, item.from_hours, item.until_hours)?;
            sources(&at, &item.source)?;
        }
    }
    for (i, item) in p.expected.iter().enumerate() {
        let at = format!("expected[{i}]");
        ids.add(&at, &item.id)?;
        non_empty(&format!("{at}.text"), &item.text)?;
        match (item.until_hours, item.until) {
            (Some(until), None) => window(&at, item.from_hours, until)?,
            (None, Some(_)) => hours(&format!("{at}.from_hours"), item.from_hours, 0)?,
            _ => return Err(fail(&at, "give exactly one of `until_hours` and `until`")),
        }
        sources(&at, &item.source)?;
    }
    for (i, m) in p.milestones.iter().enumerate() {
        let at = format!("milestones[{i}]");
        ids.add(&at, &m.id)?;
        non_empty(&format!("{at}.title"), &m.title)?;
        hours(&format!("{at}.after_hours"), m.after_hours, 1)?;
        if let Some(until) = m.until_hours {
            window(&at, m.after_hours, until)?;
        }
        sources(&at, &m.source)?;
    }
    for (i, t) in p.prep_tasks.iter().enumerate() {
        let at = format!("prep_tasks[{i}]");
        ids.add(&at, &t.id)?;
        non_empty(&format!("{at}.title"), &t.title)?;
        hours(&format!("{at}.before_hours"), t.before_hours, 0)?;
        sources(&at, &t.source)?;
    }
    for (i, w) in p.warnings.iter().enumerate() {
        let at = format!("warnings[{i}]");
        ids.add(&at, &w.id)?;
        non_empty(&format!("{at}.text"), &w.text)?;
        sources(&at, &w.source)?;
    }
    Ok(())
}

fn check_depth_bands(p: &CareProtocol) -> Result<(), ProtocolError> {
    if p.depth_bands.is_empty() {
        return Err(fail("depth_bands", "give at least one band"));
    }
    let mut previous = 0.0_f64;
    for (i, band) in p.depth_bands.iter().enumerate() {
        let at = format!("depth_bands[{i}]");
        if !band.max_depth_mm.is_finite() || band.max_depth_mm <= previous {
            return Err(fail(
                format!("{at}.max_depth_mm"),
                "bands must go from shallow to deep without overlapping (each max above the last, above 0)",
            ));
        }
        if band.redness_days > p.expected_ceiling_days {
            return Err(fail(format!("{at}.redness_days"), "is past expected_ceiling_days"));
        }
        sources(&at, &band.source)?;
        previous = band.max_depth_mm;
    }
    Ok(())
}

fn check_phases(p: &CareProtocol) -> Result<(), ProtocolError> {
    match p.phases.first() {
        Some(first) if first.from_hours == 0 => {}
        _ => return Err(fail("phases[0].from_hours", "the first phase must start at 0 hours")),
    }
    let mut ids = Ids::default();
    for (i, pair) in p.phases.windows(2).enumerate() {
        if pair[1].from_hours <= pair[0].from_hours {
            return Err(fail(
                format!("phases[{}].from_hours", i + 1),
                "phases overlap: each must start after the one before",
            ));
        }
    }
    for (i, phase) in p.phases.iter().enumerate() {
        ids.add(&format!("phases[{i}]"), &phase.id)?;
        non_empty(&format!("phases[{i}].title"), &phase.title)?;
        hours(&format!("phases[{i}].from_hours"), phase.from_hours, 0)?;
    }
    Ok(())
}

#[derive(Default)]
struct Ids(HashSet<String>);

impl Ids {
    fn add(&mut self, at: &str, id: &str) -> Result<(), ProtocolError> {
        let snake = !id.is_empty()
            && id.len() <= 64
            && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !snake {
            return Err(fail(
                format!("{at}.id"),
                "must be snake_case (a-z, 0-9, _), 1–64 characters",
            ));
        }
        if !self.0.insert(id.to_owned()) {
            return Err(fail(format!("{at}.id"), format!("`{id}` is used twice")));
        }
        Ok(())
    }
}

fn non_empty(field: &str, text: &str) -> Result<(), ProtocolError> {
    let ok = !text.trim().is_empty()
        && text.chars().count() <= 300
        && !text.chars().any(char::is_control);
    if ok {
        Ok(())
    } else {
        Err(fail(field, "must be 1–300 characters of text without control characters"))
    }
}

fn hours(field: &str, value: u32, min: u32) -> Result<(), ProtocolError> {
    if (min..=MAX_HOURS).contains(&value) {
        Ok(())
    } else {
        Err(fail(field, format!("must be {min} to {MAX_HOURS} hours")))
    }
}

fn window(at: &str, from: u32, until: u32) -> Result<(), ProtocolError> {
    hours(&format!("{at}.from_hours"), from, 0)?;
    hours(&format!("{at}.until_hours"), until, 1)?;
    if until <= from {
        return Err(fail(format!("{at}.until_hours"), "must be after from_hours"));
    }
    Ok(())
}

fn sources(at: &str, keys: &[String]) -> Result<(), ProtocolError> {
    if keys.is_empty() || keys.iter().any(|k| k.trim().is_empty() || k.len() > 40) {
        return Err(fail(
            format!("{at}.source"),
            "name at least one source key (e.g. \"R1\" or \"clinic\")",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::default_protocol_json;

    fn default_value() -> serde_json::Value {
        serde_json::from_str(default_protocol_json()).unwrap()
    }

    fn parse_value(v: &serde_json::Value) -> Result<CareProtocol, ProtocolError> {
        parse(&v.to_string())
    }

    #[test]
    fn the_shipped_default_passes_every_check() {
        let p = parse(default_protocol_json()).unwrap();
        let ids: Vec<&str> = p.restrictions.iter().map(|r| r.id.as_str()).collect();
        for id in
            ["no_makeup", "no_sweating", "no_sun", "no_actives", "no_swimming_sauna", "no_picking"]
        {
            assert!(ids.contains(&id), "missing {id}");
        }
    }

    /// Minor 22 (clinical review): no protocol may call anything "expected" past day 7.
    #[test]
    fn minor_22_an_expected_course_past_seven_days_is_refused() {
        let mut v = default_value();
        v["expected_ceiling_days"] = 8.into();
        let e = parse_value(&v).unwrap_err();
        assert!(e.to_string().contains("expected_ceiling_days"), "{e}");
        assert!(e.to_string().contains("1 to 7"), "{e}");
    }

    /// Minors 18, 20 and 27 (clinical review): bruising and swollen glands are named as
    /// expected, outside serums stay off for four weeks, moisturising lasts as long as flaking.
    #[test]
    fn minors_18_20_27_the_default_course_names_what_the_review_found_missing() {
        let p = parse(default_protocol_json()).unwrap();
        let expected: Vec<&str> = p.expected.iter().map(|e| e.id.as_str()).collect();
        assert!(expected.contains(&"bruising") && expected.contains(&"glands"), "{expected:?}");
        let serums = p.donts.iter().find(|d| d.id == "no_unapproved_serums").unwrap();
        assert_eq!(serums.until_hours, 672);
        let flaking = p.expected.iter().find(|e| e.id == "flaking_itch").unwrap();
        let moisturise = p.dos.iter().find(|d| d.id == "moisturise").unwrap();
        assert!(moisturise.until_hours >= flaking.until_hours.unwrap_or(0));
    }

    #[test]
    fn every_default_source_key_is_one_of_the_research_keys() {
        let p = parse(default_protocol_json()).unwrap();
        let json = serde_json::to_value(&p).unwrap();
        let mut keys = Vec::new();
        collect_sources(&json, &mut keys);
        assert!(keys.len() > 20);
        for key in keys {
            let (tier, n) = key.split_at(1);
            assert!(
                (tier == "R" || tier == "C") && n.parse::<u32>().is_ok(),
                "odd source key {key}"
            );
        }
    }

    fn collect_sources(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    if k == "source" {
                        out.extend(
                            v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()),
                        );
                    } else {
                        collect_sources(v, out);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect_sources(v, out)),
            _ => {}
        }
    }

    #[test]
    fn malformed_json_names_the_place() {
        let err = parse("{\"format\": 1, ").unwrap_err();
        assert!(err.to_string().starts_with("care protocol:"), "{err}");
    }

    #[test]
    fn unknown_field_is_named() {
        let mut v = default_value();
        v["restrictions"][1]["colour"] = "red".into();
        let err = parse_value(&v).unwrap_err();
        assert_eq!(err.field, "restrictions[1].colour");
        assert!(err.problem.contains("colour"), "{err}");
    }

    #[test]
    fn wrong_type_is_named_with_its_path() {
        let mut v = default_value();
        v["restrictions"][2]["hours"] = "a day".into();
        assert_eq!(parse_value(&v).unwrap_err().field, "restrictions[2].hours");
    }

    #[test]
    fn overlapping_phases_and_bands_are_refused() {
        let mut v = default_value();
        v["phases"][2]["from_hours"] = v["phases"][1]["from_hours"].clone();
        assert_eq!(parse_value(&v).unwrap_err().field, "phases[2].from_hours");

        let mut v = default_value();
        v["depth_bands"][1]["max_depth_mm"] = 0.25.into();
        assert_eq!(parse_value(&v).unwrap_err().field, "depth_bands[1].max_depth_mm");
    }

    #[test]
    fn inverted_window_and_duplicate_ids_are_refused() {
        let mut v = default_value();
        v["dos"][0]["until_hours"] = 0.into();
        assert_eq!(parse_value(&v).unwrap_err().field, "dos[0].until_hours");

        let mut v = default_value();
        v["restrictions"][1]["id"] = v["restrictions"][0]["id"].clone();
        let err = parse_value(&v).unwrap_err();
        assert_eq!(err.field, "restrictions[1].id");
        assert!(err.problem.contains("twice"));
    }

    #[test]
    fn a_newer_format_asks_for_an_update() {
        let mut v = default_value();
        v["format"] = 2.into();
        v["something_new"] = true.into();
        let err = parse_value(&v).unwrap_err();
        assert_eq!(err.field, "format");
        assert!(err.problem.contains("update Afterglow"));
    }
}
