//! `afterglow prefs set|show`: reminder preferences.

use anyhow::anyhow;
use shared::Event;
use shared::i18n::{Language, fill};
use shared::reminders::{self, PrefsError, QuietHours, ReminderKind, ReminderPrefs, WallTime};
use shared::view::Screen;

use super::{Ctx, print_json};
use crate::args::{PrefsCommand, PrefsSet};

pub fn run(ctx: &Ctx, command: PrefsCommand) -> anyhow::Result<()> {
    let mut shell = ctx.open(None)?;
    let mut view = shell.send_ok(Event::Show { screen: Screen::Reminders })?;
    if let PrefsCommand::Set(set) = command {
        let language = Language::from_tag(&ctx.lang);
        let prefs =
            apply(view.reminders.prefs.clone(), &set).map_err(|e| anyhow!(e.words(language)))?;
        view = shell.send_ok(Event::Reminders(reminders::Event::SetPrefs { prefs }))?;
    }
    let prefs = &view.reminders.prefs;
    if ctx.json {
        return print_json(&serde_json::json!({
            "morning": prefs.morning.to_string(),
            "evening": prefs.evening.to_string(),
            "quiet": prefs.quiet.map(|q| q.to_string()),
            "off": prefs.off,
        }));
    }
    let words = ctx.words();
    let listed =
        |keys: Vec<&str>| if keys.is_empty() { words.none.into() } else { keys.join(", ") };
    let on = ReminderKind::ALL.iter().filter(|k| prefs.is_on(**k)).map(|k| k.key()).collect();
    let quiet = prefs.quiet.map_or(words.none.to_owned(), |q| q.to_string());
    println!("{}", fill(words.prefs_morning, &[("time", &prefs.morning.to_string())]));
    println!("{}", fill(words.prefs_evening, &[("time", &prefs.evening.to_string())]));
    println!("{}", fill(words.prefs_quiet, &[("hours", &quiet)]));
    println!("{}", fill(words.prefs_on, &[("kinds", &listed(on))]));
    println!(
        "{}",
        fill(words.prefs_off, &[("kinds", &listed(prefs.off.iter().map(|k| k.key()).collect()))])
    );
    Ok(())
}

/// Why a flag could not be read, worded by the catalogue in the patient's language.
enum FlagError {
    Prefs(PrefsError),
    UnknownKind(String),
}

impl From<PrefsError> for FlagError {
    fn from(e: PrefsError) -> Self {
        Self::Prefs(e)
    }
}

impl FlagError {
    fn words(&self, language: Language) -> String {
        match self {
            Self::Prefs(e) => e.words(language),
            Self::UnknownKind(typed) => {
                let known: Vec<&str> = ReminderKind::ALL.iter().map(|k| k.key()).collect();
                fill(
                    language.words().reminders.unknown_kind,
                    &[("typed", typed), ("known", &known.join(", "))],
                )
            }
        }
    }
}

fn kind(key: &str) -> Result<ReminderKind, FlagError> {
    ReminderKind::from_key(key).ok_or_else(|| FlagError::UnknownKind(key.to_owned()))
}

/// The stored preferences with the flags applied (the core validates the result).
fn apply(mut prefs: ReminderPrefs, set: &PrefsSet) -> Result<ReminderPrefs, FlagError> {
    if let Some(morning) = &set.morning {
        prefs.morning = WallTime::parse(morning)?;
    }
    if let Some(evening) = &set.evening {
        prefs.evening = WallTime::parse(evening)?;
    }
    if let Some(quiet) = &set.quiet {
        prefs.quiet = Some(QuietHours::parse(quiet)?);
    }
    if set.no_quiet {
        prefs.quiet = None;
    }
    for key in &set.off {
        let k = kind(key)?;
        if !prefs.off.contains(&k) {
            prefs.off.push(k);
        }
    }
    for key in &set.on {
        let k = kind(key)?;
        prefs.off.retain(|o| *o != k);
    }
    prefs.off.sort();
    Ok(prefs)
}
