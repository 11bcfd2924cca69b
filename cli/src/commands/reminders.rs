//! `afterglow reminders [ics --out FILE]`: the pending schedule, or its .ics export.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use shared::domain::Clock;
use shared::reminders::{self, ReminderView};
use shared::view::Screen;
use shared::{Event, ViewModel};

use super::{Ctx, print_json, system_zone};
use crate::args::{RemindersArgs, RemindersCommand};
use crate::shell::Shell;

pub fn run(ctx: &Ctx, args: RemindersArgs) -> anyhow::Result<()> {
    let now = match &args.from {
        Some(from) => DateTime::parse_from_rfc3339(from)
            .with_context(|| {
                format!(
                    "--from `{from}` is not an RFC 3339 instant (e.g. 2026-03-08T09:00:00-04:00)"
                )
            })?
            .with_timezone(&Utc),
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
    print!("{}", render(upcoming, &view, scheduled));
    Ok(())
}

fn render(upcoming: &[ReminderView], view: &ViewModel, scheduled: usize) -> String {
    let mut out = String::new();
    if upcoming.is_empty() {
        let _ = writeln!(out, "No reminders pending (add a session with `afterglow session add`).");
        return out;
    }
    let _ = writeln!(
        out,
        "{scheduled} reminders scheduled (at most {}), times in {}:",
        view.reminders.cap, view.zone
    );
    for r in upcoming {
        let _ = writeln!(out, "  {:<20} {}", r.fire_label, r.title);
        let _ = writeln!(out, "  {:<20} {}", "", r.body);
    }
    out
}

fn export(ctx: &Ctx, shell: &mut Shell, out: &Path) -> anyhow::Result<()> {
    let view = shell.send_ok(Event::Reminders(reminders::Event::ExportCalendar))?;
    let Some(ics) = view.reminders.calendar_ics else {
        bail!("the calendar export is not available");
    };
    // Write beside the target, then rename: a failed write never leaves half a calendar.
    let partial = out.with_extension("ics.partial");
    std::fs::write(&partial, &ics)
        .with_context(|| format!("cannot write {}", partial.display()))?;
    std::fs::rename(&partial, out).with_context(|| format!("cannot write {}", out.display()))?;
    let events = ics.matches("BEGIN:VEVENT").count();
    if ctx.json {
        print_json(&serde_json::json!({ "out": out.display().to_string(), "events": events }))
    } else {
        println!("wrote {events} events to {}", out.display());
        Ok(())
    }
}
