//! `afterglow clinic link|unlink|status`, `afterglow share`, `afterglow outbox`, `afterglow sync`.

use std::fmt::Write as _;

use shared::Event;
use shared::effects::OutboxState;
use shared::sharing::{CheckinChoice, ShareSelection, SharingEvent, SharingView};
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
    let mut text = link_text(&view.sharing);
    if view.sharing.linked {
        let origin =
            if view.care_protocol.is_default { "shipped default" } else { "clinic protocol" };
        text.push_str(&format!("Care protocol: {} ({origin})\n", view.care_protocol.name));
    }
    emit(&text)
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
    let mut queued = 0;
    for checkin_id in args.checkin_ids {
        let view = shell.send_ok(Event::Sharing(SharingEvent::ShareCheckin { checkin_id }))?;
        queued += view.sharing.last_queued.unwrap_or(0);
    }
    let chosen = selection.checkins != CheckinChoice::None
        || !selection.photo_ids.is_empty()
        || selection.include_sessions;
    let view = if chosen || queued == 0 {
        let view = shell.send_ok(Event::Sharing(SharingEvent::Share { selection }))?;
        queued += view.sharing.last_queued.unwrap_or(0);
        view
    } else {
        shell.send_ok(Event::Show { screen: Screen::Sharing })?
    };
    if ctx.json {
        return print_json(&view.sharing);
    }
    let mut text = match queued {
        0 => "Nothing new to queue: everything chosen was shared before.\n".to_owned(),
        1 => "Queued 1 item for the clinic.\n".to_owned(),
        n => format!("Queued {n} items for the clinic.\n"),
    };
    text.push_str(&outbox_text(&view.sharing));
    emit(&text)
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
        anyhow::bail!("link to your clinic first: afterglow clinic link --server URL --code CODE");
    }
    let view = shell.send_ok(Event::Sharing(SharingEvent::Sync))?;
    if ctx.json {
        return print_json(&view.sharing);
    }
    // What the clinic did with the newest check-ins, as the app's history shows it.
    let history = shell.send_ok(Event::Show { screen: Screen::Checkins })?.checkins.history;
    let mut text = outbox_text(&view.sharing);
    for entry in history.entries.iter().filter(|e| !e.clinic_answer.is_empty()) {
        let _ = writeln!(text, "Check-in {}:", entry.taken_label);
        for line in &entry.clinic_answer {
            let _ = writeln!(text, "  {line}");
        }
    }
    emit(&text)
}

const RELINK: &str = "relink needed: ask the clinic for a new invite, then run \
                      afterglow clinic link --server URL --code CODE";

fn link_text(s: &SharingView) -> String {
    if !s.linked {
        return "Not linked to a clinic. Link with: afterglow clinic link --server URL --code CODE\n"
            .into();
    }
    let mut text = format!(
        "Linked to {} ({})\nPhone: {}\nOutside opening hours: {}\nShare urgent check-ins automatically: {}\n",
        s.clinic_name.as_deref().unwrap_or_default(),
        s.server.as_deref().unwrap_or_default(),
        s.clinic_phone.as_deref().unwrap_or_default(),
        s.after_hours_advice.as_deref().unwrap_or_default(),
        if s.auto_share { "yes" } else { "no" },
    );
    if s.relink_needed {
        text.push_str(&format!("The clinic no longer accepts this device: {RELINK}\n"));
    }
    text
}

fn outbox_text(s: &SharingView) -> String {
    let mut text = format!("Outbox: {}\n", s.status);
    for item in &s.items {
        let state = match item.state {
            OutboxState::Queued => "queued",
            OutboxState::Sent => "sent",
            OutboxState::Failed => "failed",
        };
        let when = item.sent_label.as_deref().map(|at| format!(" {at}")).unwrap_or_default();
        text.push_str(&format!(
            "  #{:<4} {:<24} {state}{when}: {}",
            item.id, item.label, item.state_text
        ));
        if let Some(reason) = &item.reason {
            text.push_str(&format!(" (last try: {reason})"));
        }
        if item.attempts > 0 && item.state != OutboxState::Sent {
            text.push_str(&format!(" [{} attempts]", item.attempts));
        }
        text.push('\n');
    }
    if s.relink_needed {
        text.push_str(&format!("{RELINK}\n"));
    } else if !s.linked && s.queued > 0 {
        text.push_str(
            "Not linked: run afterglow clinic link --server URL --code CODE to send them\n",
        );
    } else if s.queued > 0 {
        text.push_str("Run afterglow sync to send what is due (the status above says when the next try is).\n");
    }
    text
}
