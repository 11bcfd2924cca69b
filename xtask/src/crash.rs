//! `cargo xtask crash-test [N]`: SIGKILL a writer at random moments while it records check-ins
//! and imports photos in a loop (`afterglow-crash-writer` in `testing/system`: the CLI's shell, core and storage),
//! N times (default 200), reopening the data dir each time. Then, after one last reopen:
//! `PRAGMA integrity_check` is ok, every record the writer acknowledged is stored exactly once,
//! every photo row has both files and no file in `photos/` lacks a row.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use rusqlite::Connection;

use crate::cargo;

/// The writer's run number for the timing warm-up (not counted) and for the last reopen.
const WARMUP_RUN: u32 = 100_000;
const REOPEN_RUN: u32 = 100_001;

/// What one run of the harness saw.
#[derive(Debug, Default)]
struct Tally {
    killed: usize,
    acknowledged_checkins: Vec<String>,
    acknowledged_photos: Vec<String>,
    /// Files in `photos/` without a row just after a kill (the next open removes them).
    debris_after_kills: usize,
    /// Photo rows whose files were missing just after a kill (must stay 0: files go first).
    rows_without_file_after_kills: usize,
}

pub fn run(runs: usize) -> anyhow::Result<()> {
    cargo(&["build", "--locked", "-p", "afterglow", "-p", "afterglow_system_tests", "--bins"])?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| "target".into(), std::path::PathBuf::from);
    let cli = target.join("debug/afterglow");
    let writer = target.join("debug/afterglow-crash-writer");
    let dir = std::env::temp_dir().join(format!("afterglow-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    add_session(&cli, &dir)?;

    // How long a few uninterrupted records take: kills land anywhere up to 1.5 times that, so
    // they hit opening, migrating, cleaning up, check-ins and every step of a photo import.
    let started = Instant::now();
    let warmup = Command::new(&writer).arg(&dir).args([&WARMUP_RUN.to_string(), "8"]).output()?;
    if !warmup.status.success() {
        bail!("the writer failed: {}", String::from_utf8_lossy(&warmup.stderr));
    }
    let window_us = u64::try_from(started.elapsed().as_micros() * 3 / 2)?.max(1);
    let mut seed = SystemTime::now().duration_since(UNIX_EPOCH)?.as_nanos() as u64 | 1;
    println!("crash-test: {runs} runs, kill within {} ms, seed {seed}", window_us / 1000);

    let mut tally = Tally::default();
    for run in 0..runs {
        let mut child = Command::new(&writer)
            .arg(&dir)
            .arg(run.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % window_us));
        if child.try_wait()?.is_none() {
            child.kill()?; // SIGKILL on Unix
            tally.killed += 1;
        }
        let _ = child.wait()?;
        let mut out = String::new();
        child.stdout.take().context("stdout")?.read_to_string(&mut out)?;
        acknowledge(&out, &mut tally);
        let (files, rows) = (photo_files(&dir)?, photo_rows(&dir)?);
        tally.debris_after_kills += files.difference(&rows).count();
        tally.rows_without_file_after_kills += rows.difference(&files).count();
    }
    // The last reopen: what the app does on its next start.
    let reopen = Command::new(&writer).arg(&dir).args([&REOPEN_RUN.to_string(), "0"]).output()?;
    if !reopen.status.success() {
        bail!("reopening failed: {}", String::from_utf8_lossy(&reopen.stderr));
    }
    let outcome = check(&dir, &tally);
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

fn add_session(cli: &Path, dir: &Path) -> anyhow::Result<()> {
    let two_days_ago =
        (SystemTime::now() - Duration::from_secs(2 * 86_400)).duration_since(UNIX_EPOCH)?.as_secs();
    let start = rfc3339_from_unix(&format!("@{two_days_ago}"))?;
    let status = Command::new(cli)
        .arg("--data-dir")
        .arg(dir)
        .args(["session", "add", "--start", &start, "--tz", "UTC", "--depth-mm", "1"])
        .args(["--area", "face"])
        .output()?
        .status;
    if !status.success() {
        bail!("could not add the session");
    }
    Ok(())
}

/// Each complete line the writer printed before it died is an acknowledged record.
fn acknowledge(out: &str, tally: &mut Tally) {
    let complete = out.rsplit_once('\n').map_or("", |(lines, _)| lines);
    for line in complete.lines() {
        match line.split_once(' ') {
            Some(("checkin", note)) => tally.acknowledged_checkins.push(note.to_owned()),
            Some(("photo", note)) => tally.acknowledged_photos.push(note.to_owned()),
            _ => {}
        }
    }
}

fn check(dir: &Path, tally: &Tally) -> anyhow::Result<()> {
    let conn = Connection::open(dir.join("afterglow.db"))?;
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    let checkins = counts(&conn, "checkins")?;
    let photos = counts(&conn, "photos")?;
    let missing: Vec<&String> = (tally.acknowledged_checkins.iter())
        .filter(|n| !checkins.contains_key(*n))
        .chain(tally.acknowledged_photos.iter().filter(|n| !photos.contains_key(*n)))
        .collect();
    let duplicated: Vec<&String> =
        checkins.iter().chain(&photos).filter(|(_, c)| **c > 1).map(|(n, _)| n).collect();
    let files = photo_files(dir)?;
    let rows = photo_rows(dir)?;
    let orphan_files: Vec<&String> = files.difference(&rows).collect();
    let rows_without_file: Vec<&String> = rows.difference(&files).collect();
    let rows_without_file_ever = rows_without_file.len() + tally.rows_without_file_after_kills;
    println!(
        "crash-test: {} kills; acknowledged {} check-ins + {} photos, stored {} + {} \
         ({} committed but killed before acknowledging); integrity {integrity}; {} missing, \
         {} duplicated; {} debris files after kills (removed on reopen), {} orphan files and \
         {} rows without a file (after kills or reopen)",
        tally.killed,
        tally.acknowledged_checkins.len(),
        tally.acknowledged_photos.len(),
        checkins.len(),
        photos.len(),
        (checkins.len() + photos.len())
            .saturating_sub(tally.acknowledged_checkins.len() + tally.acknowledged_photos.len()),
        missing.len(),
        duplicated.len(),
        tally.debris_after_kills,
        orphan_files.len(),
        rows_without_file_ever,
    );
    if integrity != "ok"
        || !missing.is_empty()
        || !duplicated.is_empty()
        || !orphan_files.is_empty()
        || rows_without_file_ever > 0
    {
        bail!(
            "crash safety violated: missing {missing:?}, duplicated {duplicated:?}, orphan files \
             {orphan_files:?}, rows without a file {rows_without_file:?}, integrity {integrity}"
        );
    }
    Ok(())
}

/// How often each harness note is stored (the warm-up's records aside) in `table`.
fn counts(conn: &Connection, table: &str) -> anyhow::Result<HashMap<String, i64>> {
    let mut statement = conn.prepare(&format!(
        "SELECT note, count(*) FROM {table} \
         WHERE note LIKE 'crash-%' AND note NOT LIKE 'crash-{WARMUP_RUN}-%' GROUP BY note"
    ))?;
    let rows = statement.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The names of the files in `photos/` (temporary debris included).
fn photo_files(dir: &Path) -> anyhow::Result<HashSet<String>> {
    let Ok(entries) = std::fs::read_dir(dir.join("photos")) else { return Ok(HashSet::new()) };
    let mut names = HashSet::new();
    for entry in entries {
        names.insert(entry?.file_name().to_string_lossy().into_owned());
    }
    Ok(names)
}

/// The file names the photo rows refer to (full size and thumbnail).
fn photo_rows(dir: &Path) -> anyhow::Result<HashSet<String>> {
    // No CREATE flag: looking must not make a database where the writer had none yet.
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE;
    let conn = Connection::open_with_flags(dir.join("afterglow.db"), flags)?;
    let mut statement = conn.prepare("SELECT sha256, thumb_sha256 FROM photos")?;
    let mut names = HashSet::new();
    for row in statement.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (full, thumb) = row?;
        names.insert(format!("{full}.jpg"));
        names.insert(format!("{thumb}.jpg"));
    }
    Ok(names)
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
    fn only_complete_lines_are_acknowledged() {
        let mut tally = super::Tally::default();
        super::acknowledge("checkin crash-1-0\nphoto crash-1-1\ncheckin crash-1-2", &mut tally);
        assert_eq!(tally.acknowledged_checkins, vec!["crash-1-0"]);
        assert_eq!(tally.acknowledged_photos, vec!["crash-1-1"]);
    }
}
