//! `afterglow reminders [ics --out FILE]`: the pending schedule, or its .ics export.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, bail};
use shared::domain::Clock;
use shared::i18n::fill;
use shared::i18n::terminal::TerminalWords;
use shared::reminders::{self, ReminderView};
use shared::view::Screen;
use shared::{Event, ViewModel};

use super::{Ctx, parse_instant, print_json, system_zone, with_path};
use crate::args::{RemindersArgs, RemindersCommand};
use crate::shell::Shell;

pub fn run(ctx: &Ctx, args: RemindersArgs) -> anyhow::Result<()> {
    let now = match &args.from {
        Some(from) => parse_instant("--from", from, ctx.words())?,
        None => ctx.now,
    };
    let zone = args.tz.clone().unwrap_or_else(system_zone);
    let mut shell = ctx.open_at(Clock { now_utc_ms: now.timestamp_millis(), zone })?;
    if let Some(cap) = args.limit {
        shell.send_ok(Event::Reminders(reminders::Event::SetPlatformCap { cap }))?;
    }
    match args.command {
        None => show(ctx, &mut shell),
        Some(RemindersCommand::Ics { out }) => export(ctx, &mut shell, &out),
    }
}

fn show(ctx: &Ctx, shell: &mut Shell) -> anyhow::Result<()> {
    let view = shell.send_ok(Event::Show { screen: Screen::Reminders })?;
    let upcoming = &view.reminders.upcoming;
    if ctx.json {
        let list: Vec<serde_json::Value> = upcoming
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id,
                    "kind": r.kind,
                    "fire_at": r.fire_at,
                    "local_time": r.local_time,
                    "title": r.title,
                    "body": r.body,
                })
            })
            .collect();
        return print_json(&list);
    }
    let scheduled = shell.scheduled().map_or(0, <[_]>::len);
    print!("{}", render(upcoming, &view, scheduled, ctx.words()));
    Ok(())
}

fn render(
    upcoming: &[ReminderView],
    view: &ViewModel,
    scheduled: usize,
    words: &TerminalWords,
) -> String {
    let mut out = String::new();
    if upcoming.is_empty() {
        let _ = writeln!(out, "{}", words.no_reminders);
        return out;
    }
    let (scheduled, cap) = (scheduled.to_string(), view.reminders.cap.to_string());
    let values = [("scheduled", scheduled.as_str()), ("cap", &cap), ("zone", &view.zone)];
    let _ = writeln!(out, "{}", fill(words.reminders_heading, &values));
    for r in upcoming {
        let _ = writeln!(out, "  {:<20} {}", r.fire_label, r.title);
        let _ = writeln!(out, "  {:<20} {}", "", r.body);
    }
    out
}

fn export(ctx: &Ctx, shell: &mut Shell, out: &Path) -> anyhow::Result<()> {
    let view = shell.send_ok(Event::Reminders(reminders::Event::ExportCalendar))?;
    let Some(ics) = view.reminders.calendar_ics else {
        bail!("{}", ctx.words().calendar_unavailable);
    };
    // Write beside the target, then rename: a failed write never leaves half a calendar.
    let partial = out.with_extension("ics.partial");
    let words = ctx.words();
    std::fs::write(&partial, &ics).with_context(|| with_path(words.cannot_write, &partial))?;
    std::fs::rename(&partial, out).with_context(|| with_path(words.cannot_write, out))?;
    let events = ics.matches("BEGIN:VEVENT").count();
    if ctx.json {
        print_json(&serde_json::json!({ "out": out.display().to_string(), "events": events }))
    } else {
        let values = [("events", events.to_string()), ("path", out.display().to_string())];
        let values = values.each_ref().map(|(k, v)| (*k, v.as_str()));
        println!("{}", fill(words.wrote_events, &values));
        Ok(())
    }
}
