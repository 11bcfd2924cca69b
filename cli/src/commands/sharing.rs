//! `afterglow clinic link|unlink|status`, `afterglow share`, `afterglow outbox`, `afterglow sync`.

use std::fmt::Write as _;

use shared::Event;
use shared::effects::ClinicReason;
use shared::sharing::{CheckinChoice, ShareSelection, SharingEvent, SharingView, reasons};
use shared::view::Screen;

use super::{Ctx, emit, print_json};
use crate::args::{CheckinsChoice, ClinicCommand, ShareArgs};

pub fn clinic(ctx: &Ctx, command: ClinicCommand) -> anyhow::Result<()> {
    let mut shell = ctx.open(None)?;
    let view = match command {
        ClinicCommand::Link { server, code, auto_share } => {
            let event = SharingEvent::Link { server, invite_code: code, auto_share };
            shell.send_ok(Event::Sharing(event))?
        }
        ClinicCommand::Unlink { here_only } => {
            let event = if here_only { SharingEvent::UnlinkHere } else { SharingEvent::Unlink };
            let view = shell.send_ok(Event::Sharing(event))?;
            if let Some(trouble) = &view.sharing.unlink_trouble {
                if ctx.json {
                    print_json(&view.sharing)?;
                }
                anyhow::bail!(
                    "{}\n{}: afterglow clinic unlink\n{}: afterglow clinic unlink --here-only\n{}",
                    trouble.message,
                    trouble.retry_label,
                    trouble.here_only_label,
                    trouble.here_only_note
                );
            }
            view
        }
        ClinicCommand::Status => shell.send_ok(Event::Show { screen: Screen::Sharing })?,
    };
    if ctx.json {
        return print_json(&view.sharing);
    }
    emit(&link_text(&view.sharing))
}

pub fn share(ctx: &Ctx, args: ShareArgs) -> anyhow::Result<()> {
    let selection = ShareSelection {
        checkins: match args.checkins {
            CheckinsChoice::All => CheckinChoice::All,
            CheckinsChoice::Flagged => CheckinChoice::Flagged,
            CheckinsChoice::None => CheckinChoice::None,
        },
        photo_ids: args.photos,
        include_sessions: args.sessions,
    };
    let mut shell = ctx.open(None)?;
    let by_id = !args.checkin_ids.is_empty();
    for checkin_id in args.checkin_ids {
        shell.send_ok(Event::Sharing(SharingEvent::ShareCheckin { checkin_id }))?;
    }
    let chosen = selection.checkins != CheckinChoice::None
        || !selection.photo_ids.is_empty()
        || selection.include_sessions;
    // With nothing chosen at all, the core says what to choose.
    let view = if chosen || !by_id {
        shell.send_ok(Event::Sharing(SharingEvent::Share { selection }))?
    } else {
        shell.send_ok(Event::Show { screen: Screen::Sharing })?
    };
    if ctx.json {
        return print_json(&view.sharing);
    }
    // The outbox's status says what waits and what was sent; nothing is ever queued twice.
    emit(&outbox_text(&view.sharing))
}

pub fn outbox(ctx: &Ctx) -> anyhow::Result<()> {
    let mut shell = ctx.open(None)?;
    let view = shell.send_ok(Event::Show { screen: Screen::Sharing })?;
    if ctx.json { print_json(&view.sharing) } else { emit(&outbox_text(&view.sharing)) }
}

pub fn sync(ctx: &Ctx) -> anyhow::Result<()> {
    let mut shell = ctx.open(None)?;
    let view = shell.send_ok(Event::Show { screen: Screen::Sharing })?;
    if !view.sharing.linked {
        let not_linked = reasons::word(&ClinicReason::NotLinked, view.language.current);
        anyhow::bail!("{not_linked}\n{}: {LINK_COMMAND}", view.sharing.labels.link_title);
    }
    let view = shell.send_ok(Event::Sharing(SharingEvent::Sync))?;
    if ctx.json {
        return print_json(&view.sharing);
    }
    // What the clinic did with the newest check-ins, as the app's history shows it.
    let history = shell.send_ok(Event::Show { screen: Screen::Checkins })?.checkins.history;
    let mut text = outbox_text(&view.sharing);
    for entry in history.entries.iter().filter(|e| !e.clinic_answer.is_empty()) {
        let _ = writeln!(text, "{} · {}:", entry.day_label, entry.taken_label);
        for line in &entry.clinic_answer {
            let _ = writeln!(text, "  {line}");
        }
    }
    emit(&text)
}

/// The commands that act on what the screen says (command syntax, the same in every language).
const LINK_COMMAND: &str = "afterglow clinic link --server URL --code CODE";
const SYNC_COMMAND: &str = "afterglow sync";

/// The clinic screen's head, in the core's words: the link, or the status while not linked.
fn link_text(s: &SharingView) -> String {
    let words = &s.labels;
    if !s.linked {
        return format!("{}\n{}: {LINK_COMMAND}\n", s.status, words.link_title);
    }
    let mut text = format!(
        "{} ({})\n",
        s.clinic_name.as_deref().unwrap_or_default(),
        s.server.as_deref().unwrap_or_default()
    );
    for line in [&words.phone_line, &s.after_hours_advice].into_iter().flatten() {
        let _ = writeln!(text, "{line}");
    }
    let _ = writeln!(text, "[{}] {}", if s.auto_share { "x" } else { " " }, words.auto_share_label);
    if let Some(alert) = &words.relink_alert {
        let _ = writeln!(text, "{alert}\n{}: {LINK_COMMAND}", words.link_title);
    }
    text
}

/// The outbox as the clinic screen lists it: the status, then each item with its state and the
/// reason of its last try.
fn outbox_text(s: &SharingView) -> String {
    let words = &s.labels;
    let mut text = format!("{}: {}\n", words.outbox_title, s.status);
    for item in &s.items {
        let when = item.sent_label.as_deref().map(|at| format!(" {at}")).unwrap_or_default();
        let _ = write!(text, "  #{:<4} {:<24} {}{when}", item.id, item.label, item.state_text);
        if let Some(reason) = &item.reason {
            let _ = write!(text, " ({reason})");
        }
        text.push('\n');
    }
    if let Some(alert) = &words.relink_alert {
        let _ = writeln!(text, "{alert}\n{}: {LINK_COMMAND}", words.link_title);
    } else if !s.linked && s.queued > 0 {
        let _ = writeln!(text, "{}: {LINK_COMMAND}", words.link_title);
    } else if s.queued > 0 {
        let _ = writeln!(text, "{}: {SYNC_COMMAND}", words.send_now);
    }
    text
}
