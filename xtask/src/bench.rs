//! `cargo xtask bench`: runs every criterion benchmark and prints the medians it measured, with
//! the budget each is held to, so the figures in the README can be checked in one run.

use std::path::Path;

use anyhow::Context;

/// (criterion id directory, what it measures, budget in µs it is compared with)
const BUDGETS: &[(&str, &str, f64)] = &[(
    "today/bridge_update_view_40_sessions",
    "today screen, 40 sessions / 5 years, update + view via bincode bridge",
    8_333.0,
)];

pub fn run() -> anyhow::Result<()> {
    super::cargo(&["bench", "--workspace", "--locked"])?;
    println!(
        "\n| benchmark | median | budget (120 Hz frame) | share of budget |\n|---|---|---|---|"
    );
    for (dir, what, budget_us) in BUDGETS {
        let path = Path::new("target/criterion").join(dir).join("new/estimates.json");
        let median_us =
            median_ns(&path).with_context(|| format!("reading {}", path.display()))? / 1000.0;
        println!(
            "| {what} | {median_us:.1} µs | {budget_us:.0} µs | {:.2} % |",
            100.0 * median_us / budget_us
        );
    }
    Ok(())
}

fn median_ns(path: &Path) -> anyhow::Result<f64> {
    let text = std::fs::read_to_string(path)?;
    // estimates.json: {"mean":{...},"median":{"confidence_interval":{...},"point_estimate":N,...},...}
    let after = text.split("\"median\"").nth(1).context("no median")?;
    let value = after.split("\"point_estimate\":").nth(1).context("no point estimate")?;
    let number: String = value
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == 'e' || *c == '-')
        .collect();
    Ok(number.parse()?)
}
