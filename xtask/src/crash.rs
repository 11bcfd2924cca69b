//! `cargo xtask crash-test [N]`: kill the real `afterglow` CLI with SIGKILL at random moments while
//! it records check-ins, N times (default 200), then check the database: integrity is ok, every
//! check-in the CLI acknowledged is stored exactly once, and nothing is stored twice.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use rusqlite::Connection;

use crate::cargo;

pub fn run(runs: usize) -> anyhow::Result<()> {
    cargo(&["build", "--locked", "-p", "afterglow"])?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| "target".into(), std::path::PathBuf::from);
    let cli = target.join("debug/afterglow");
    let dir = std::env::temp_dir().join(format!("afterglow-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let two_days_ago =
        (SystemTime::now() - Duration::from_secs(2 * 86_400)).duration_since(UNIX_EPOCH)?.as_secs();
    let start = format!("@{two_days_ago}");
    let start = rfc3339_from_unix(&start)?;
    let status = Command::new(&cli)
        .arg("--data-dir")
        .arg(&dir)
        .args([
            "session",
            "add",
            "--start",
            &start,
            "--tz",
            "UTC",
            "--depth-mm",
            "1",
            "--area",
            "face",
        ])
        .status()?;
    if !status.success() {
        bail!("could not add the session");
    }

    // How long one uninterrupted check-in takes: kills land anywhere up to 1.5 times that.
    let full = (0..3)
        .map(|i| time_checkin(&cli, &dir, &format!("warmup-{i}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let window_us =
        u64::try_from(full.iter().max().copied().unwrap_or_default().as_micros() * 3 / 2)?.max(1);
    let mut seed = SystemTime::now().duration_since(UNIX_EPOCH)?.as_nanos() as u64 | 1;
    println!("crash-test: {runs} runs, kill within {} ms, seed {seed}", window_us / 1000);

    let mut acknowledged = Vec::new();
    let mut killed = 0;
    for i in 0..runs {
        let note = format!("crash-{i}");
        let mut child = checkin_command(&cli, &dir, &note)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % window_us));
        if child.try_wait()?.is_none() {
            child.kill()?; // SIGKILL on Unix
            killed += 1;
        }
        let _ = child.wait()?;
        let mut out = String::new();
        child.stdout.take().context("stdout")?.read_to_string(&mut out)?;
        // Acknowledged = the CLI printed the stored check-in's id before it died or exited.
        if serde_json_id(&out).is_some() {
            acknowledged.push(note);
        }
    }

    let conn = Connection::open(dir.join("afterglow.db"))?;
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    let mut counts: HashMap<String, i64> = HashMap::new();
    let mut statement = conn
        .prepare("SELECT note, count(*) FROM checkins WHERE note LIKE 'crash-%' GROUP BY note")?;
    for row in statement.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (note, count) = row?;
        counts.insert(note, count);
    }
    let missing: Vec<&String> = acknowledged.iter().filter(|n| !counts.contains_key(*n)).collect();
    let duplicated: Vec<&String> = counts.iter().filter(|(_, c)| **c > 1).map(|(n, _)| n).collect();
    let stored = counts.len();
    println!(
        "crash-test: {runs} runs, {killed} killed mid-run, {} acknowledged, {stored} stored \
         ({} committed but killed before acknowledging), integrity {integrity}, {} missing, {} duplicated",
        acknowledged.len(),
        stored.saturating_sub(acknowledged.len()),
        missing.len(),
        duplicated.len(),
    );
    let _ = std::fs::remove_dir_all(&dir);
    if integrity != "ok" || !missing.is_empty() || !duplicated.is_empty() {
        bail!(
            "crash safety violated: missing {missing:?}, duplicated {duplicated:?}, integrity {integrity}"
        );
    }
    Ok(())
}

fn checkin_command(cli: &Path, dir: &Path, note: &str) -> Command {
    let mut command = Command::new(cli);
    command.arg("--data-dir").arg(dir).arg("--json").args([
        "checkin",
        "--redness",
        "1",
        "--swelling",
        "0",
        "--pain",
        "1",
        "--itch",
        "0",
        "--temp-c",
        "36.8",
        "--discharge",
        "none",
        "--note",
        note,
    ]);
    command
}

fn time_checkin(cli: &Path, dir: &Path, note: &str) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let out = checkin_command(cli, dir, note).output()?;
    if !out.status.success() {
        bail!("a check-in failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(started.elapsed())
}

/// The `"id": N` of the CLI's JSON answer, if it got that far.
fn serde_json_id(out: &str) -> Option<i64> {
    let after = out.split("\"id\":").nth(1)?;
    after.trim_start().split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// `@SECONDS` → RFC 3339 UTC, without a date library in xtask.
fn rfc3339_from_unix(at: &str) -> anyhow::Result<String> {
    let secs: i64 = at.trim_start_matches('@').parse()?;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Ok(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn unix_seconds_become_rfc3339() {
        assert_eq!(super::rfc3339_from_unix("@0").unwrap(), "1970-01-01T00:00:00Z");
        assert_eq!(super::rfc3339_from_unix("@1772935200").unwrap(), "2026-03-08T02:00:00Z");
        assert_eq!(super::rfc3339_from_unix("@1709208000").unwrap(), "2024-02-29T12:00:00Z");
    }

    #[test]
    fn the_acknowledged_id_is_read_from_partial_output() {
        assert_eq!(super::serde_json_id("{\n  \"id\": 42,\n  \"level\": \"watch\"}"), Some(42));
        assert_eq!(super::serde_json_id("{\n  \"advice\": \"x\""), None);
    }
}
