//! `afterglow-crash-writer`: the writer `cargo xtask crash-test` kills with SIGKILL.
//!
//! It drives the same shell, core and storage as `afterglow` (the CLI's library exports its shell), and
//! alternates check-ins and photo imports in a loop, printing one line per record *after* the
//! core has shown it stored: `checkin <note>` or `photo <note>`. A printed line is an
//! acknowledgement; the harness checks each acknowledged record is stored exactly once.
//!
//! Usage: `afterglow-crash-writer DATA_DIR RUN [OPS]` (OPS absent: until killed; 0: open the
//! data dir — which removes a crash's debris — and exit).

use std::io::Write;
use std::path::{Path, PathBuf};

use afterglow_handlers::photo::testdata;
use anyhow::{Context, bail};
use shared::checkin::{self, CheckinForm};
use shared::domain::Clock;
use shared::journal::{self, PhotoForm};
use shared::{Event, ViewModel};

use afterglow_cli::shell::Shell;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, run, ops) = match args.as_slice() {
        [dir, run] => (PathBuf::from(dir), run.parse::<u32>()?, None),
        [dir, run, ops] => (PathBuf::from(dir), run.parse::<u32>()?, Some(ops.parse::<u32>()?)),
        _ => bail!("usage: afterglow-crash-writer DATA_DIR RUN [OPS]"),
    };
    let now_utc_ms = chrono::Utc::now().timestamp_millis();
    let clock = Clock { now_utc_ms, zone: "UTC".into() };
    let mut shell = Shell::open(&dir, clock, shared::i18n::Language::En)?;
    // Photo sources live outside the data dir, one folder per run.
    let sources = dir.with_extension(format!("sources-{run}"));
    std::fs::create_dir_all(&sources)?;
    let mut stdout = std::io::stdout().lock();
    let mut op = 0;
    while ops.is_none_or(|n| op < n) {
        let note = format!("crash-{run}-{op}");
        let line = if op % 2 == 0 {
            checkin(&mut shell, &note)?
        } else {
            photo(&mut shell, &sources, run.wrapping_mul(10_000).wrapping_add(op), &note)?
        };
        writeln!(stdout, "{line}")?;
        stdout.flush()?;
        op += 1;
    }
    let _ = std::fs::remove_dir_all(&sources);
    Ok(())
}

fn checkin(shell: &mut Shell, note: &str) -> anyhow::Result<String> {
    let form = CheckinForm {
        redness: Some(1),
        swelling: Some(0),
        pain: Some(1),
        itch: Some(0),
        temperature: None,
        discharge: None,
        signs: Vec::new(),
        note: Some(note.to_owned()),
    };
    let view = shell.send_ok(Event::Checkin(checkin::Event::Submit { form }))?;
    view.checkins.last_checkin_id.context("the check-in was not stored")?;
    Ok(format!("checkin {note}"))
}

/// Imports a JPEG whose pixels are unique to `n`: the journal refuses duplicates.
fn photo(shell: &mut Shell, sources: &Path, n: u32, note: &str) -> anyhow::Result<String> {
    let source = sources.join(format!("{n}.jpg"));
    std::fs::write(&source, testdata::seeded_jpeg(96, 64, n.wrapping_mul(2).wrapping_add(1)))?;
    let form = PhotoForm {
        source: source.display().to_string(),
        area: None,
        note: Some(note.to_owned()),
        taken_at: None,
    };
    let view: ViewModel = shell.send_ok(Event::Journal(journal::Event::Add { form }))?;
    view.journal.last_imported.context("the photo was not stored")?;
    let _ = std::fs::remove_file(&source);
    Ok(format!("photo {note}"))
}
