//! `cargo xtask bench`: runs every criterion benchmark of the workspace, then prints each median
//! with its share of a 120 Hz frame (8.3 ms), the budget interactive work is held to. Peers (e.g.
//! `vipsthumbnail` for photo import) are benchmarked in the same group and run.

use std::path::{Path, PathBuf};

use anyhow::Context;

const FRAME_US: f64 = 1_000_000.0 / 120.0;

pub fn run() -> anyhow::Result<()> {
    super::cargo(&["bench", "--workspace", "--locked"])?;
    let root =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    let mut rows = Vec::new();
    collect(&root.join("criterion"), &mut rows)?;
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    println!("\n| benchmark | median | share of a 120 Hz frame |\n|---|---|---|");
    for (id, median_us) in rows {
        println!("| {id} | {} | {:.2} % |", human(median_us), 100.0 * median_us / FRAME_US);
    }
    Ok(())
}

/// Every `<bench>/new/` directory below `dir`: (full id, median in µs).
fn collect(dir: &Path, rows: &mut Vec<(String, f64)>) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    for entry in entries {
        let path = entry?.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "new") {
            let id =
                field(&std::fs::read_to_string(path.join("benchmark.json"))?, "\"full_id\":\"")
                    .context("benchmark.json without full_id")?;
            let estimates = std::fs::read_to_string(path.join("estimates.json"))?;
            let median = estimates.split("\"median\"").nth(1).context("no median")?;
            let ns: f64 =
                field(median, "\"point_estimate\":").context("no point estimate")?.parse()?;
            rows.push((id, ns / 1000.0));
        } else if path.file_name().is_none_or(|n| n != "report") {
            collect(&path, rows)?;
        }
    }
    Ok(())
}

/// The text after `key` up to the next `"`, `,` or `}`.
fn field(json: &str, key: &str) -> Option<String> {
    let rest = json.split(key).nth(1)?;
    Some(rest.chars().take_while(|c| !matches!(c, '"' | ',' | '}')).collect())
}

fn human(us: f64) -> String {
    if us >= 1000.0 { format!("{:.1} ms", us / 1000.0) } else { format!("{us:.1} µs") }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fields_are_read_from_criterion_json() {
        let json = r#"{"group_id":"today","full_id":"today/bridge","value_str":null}"#;
        assert_eq!(super::field(json, "\"full_id\":\"").as_deref(), Some("today/bridge"));
        let estimates =
            r#"{"mean":{"point_estimate":9.0},"median":{"point_estimate":12345.6,"x":1}}"#;
        let median = estimates.split("\"median\"").nth(1).unwrap();
        assert_eq!(super::field(median, "\"point_estimate\":").as_deref(), Some("12345.6"));
    }
}
