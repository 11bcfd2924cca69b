//! One module per command group; each turns arguments into events and prints the view.

mod checkin;
mod demo;
mod export;
mod photo;
mod prefs;
mod profile;
mod protocol;
mod reminders;
mod session;
mod sharing;
mod today;

use std::path::PathBuf;

use anyhow::Context;
use chrono::{DateTime, Utc};
use shared::domain::Clock;
use shared::i18n::terminal::TerminalWords;
use shared::i18n::{Language, fill};

use crate::args::{Cli, Command};
use crate::shell::Shell;

/// What every command needs: where the data is, what "now" is, how to print.
pub struct Ctx {
    pub data_dir: PathBuf,
    pub now: DateTime<Utc>,
    pub json: bool,
    /// The patient's language as a locale tag, handed to the core (which reads "es…" as
    /// Spanish and anything else as English).
    pub lang: String,
}

impl Ctx {
    /// Opens the shell with the patient in `zone` (or the system zone).
    pub fn open(&self, zone: Option<&str>) -> anyhow::Result<Shell> {
        let zone = zone.map_or_else(system_zone, str::to_owned);
        let clock = Clock { now_utc_ms: self.now.timestamp_millis(), zone };
        self.open_at(clock)
    }

    /// The patient's language, as the core reads the tag.
    pub fn language(&self) -> Language {
        Language::from_tag(&self.lang)
    }

    /// The terminal's own words in the patient's language.
    pub fn words(&self) -> &'static TerminalWords {
        &self.language().words().terminal
    }

    /// Opens the shell at `clock` in the patient's language.
    pub fn open_at(&self, clock: Clock) -> anyhow::Result<Shell> {
        let mut shell = Shell::open(&self.data_dir, clock, self.language())?;
        shell.send_ok(shared::Event::SetLanguage { tag: self.lang.clone() })?;
        Ok(shell)
    }
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let lang = cli.lang.clone().unwrap_or_else(locale_tag);
    let words = &Language::from_tag(&lang).words().terminal;
    // For `photo add`, --at is when the photo was taken; "now" stays the system clock.
    let taken_at = match &cli.command {
        Command::Photo(crate::args::PhotoCommand::Add(_)) => cli.at.clone(),
        _ => None,
    };
    let now = match cli.at.as_ref().filter(|_| taken_at.is_none()) {
        Some(at) => parse_instant("--at", at, words)?,
        None => Utc::now(),
    };
    let explicit_dir =
        cli.data_dir.clone().or_else(|| std::env::var_os("AFTERGLOW_DATA_DIR").map(PathBuf::from));
    let data_dir = match (&cli.command, explicit_dir) {
        (_, Some(dir)) => dir,
        (Command::Demo(_), None) => std::env::temp_dir().join("afterglow-demo"),
        (_, None) => dirs::data_dir().context(words.no_data_dir)?.join("afterglow"),
    };
    let ctx = Ctx { data_dir, now, json: cli.json, lang };
    match cli.command {
        Command::Session(command) => session::run(&ctx, command),
        Command::Today(zone) => today::today(&ctx, zone.tz.as_deref()),
        Command::Timeline(zone) => today::timeline(&ctx, zone.tz.as_deref()),
        Command::Profile(command) => profile::run(&ctx, command),
        Command::Protocol(command) => protocol::run(&ctx, command),
        Command::Checkin(args) => checkin::run(&ctx, args),
        Command::Trend(zone) => checkin::trend(&ctx, zone.tz.as_deref()),
        Command::Photo(command) => photo::run(&ctx, taken_at.as_deref(), command),
        Command::Demo(zone) => demo::run(&ctx, zone.tz.as_deref()),
        Command::Reminders(args) => reminders::run(&ctx, args),
        Command::Prefs(command) => prefs::run(&ctx, command),
        Command::Export(command) => export::run(&ctx, command),
        Command::Report(args) => export::report(&ctx, args),
        Command::Clinic(command) => sharing::clinic(&ctx, command),
        Command::Share(args) => sharing::share(&ctx, args),
        Command::Outbox => sharing::outbox(&ctx),
        Command::Sync => sharing::sync(&ctx),
    }
}

/// `typed` (the value of `flag`) as an instant, or the terminal's words for why it is not one.
pub fn parse_instant(
    flag: &str,
    typed: &str,
    words: &TerminalWords,
) -> anyhow::Result<DateTime<Utc>> {
    let instant = DateTime::parse_from_rfc3339(typed)
        .with_context(|| fill(words.not_an_instant, &[("flag", flag), ("typed", typed)]))?;
    Ok(instant.with_timezone(&Utc))
}

/// A key a flag does not know, in one of the terminal's words, with the keys it does know.
pub fn unknown_key<'a>(
    template: &str,
    typed: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> String {
    let known: Vec<&str> = known.into_iter().collect();
    fill(template, &[("typed", typed), ("known", &known.join(", "))])
}

/// `path` filled into one of the terminal's file errors.
pub fn with_path(template: &str, path: &std::path::Path) -> String {
    fill(template, &[("path", &path.display().to_string())])
}

/// The system's IANA zone, falling back to UTC when it cannot be read.
pub fn system_zone() -> String {
    std::env::var("TZ")
        .ok()
        .filter(|tz| shared::domain::clock::parse_zone(tz).is_ok())
        .or_else(|| iana_time_zone::get_timezone().ok())
        .unwrap_or_else(|| "UTC".into())
}

/// Prints `value` as pretty JSON.
pub fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    emit(&format!("{}\n", serde_json::to_string_pretty(value)?))
}

/// Writes to stdout. A reader that went away (`afterglow trend --json | head`) ends the output
/// quietly instead of panicking the way `print!` does.
pub fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// The locale the environment names for messages, as POSIX orders it (`LC_ALL` over
/// `LC_MESSAGES` over `LANG`); empty when none is set.
fn locale_tag() -> String {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .unwrap_or_default()
}
