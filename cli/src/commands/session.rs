//! `afterglow session add|list|delete`

use anyhow::Context;
use shared::Event;
use shared::domain::{Screening, SessionForm};
use shared::i18n::terminal::TerminalWords;
use shared::view::Screen;

use super::{Ctx, emit, print_json, unknown_key};
use crate::args::{SessionAdd, SessionCommand};
use crate::render;

pub fn run(ctx: &Ctx, command: SessionCommand) -> anyhow::Result<()> {
    match command {
        SessionCommand::Add(add) => {
            let form = form(&add, ctx.words())?;
            let mut shell = ctx.open(Some(&add.tz))?;
            let view = shell.send_ok(Event::AddSession { form })?;
            let id = view.last_saved_session_id.context(ctx.words().session_not_stored)?;
            let view = shell.send_ok(Event::Show { screen: Screen::Sessions })?;
            let session = view
                .sessions
                .iter()
                .find(|s| s.id == id)
                .context(ctx.words().session_not_stored)?;
            if ctx.json {
                print_json(session)
            } else {
                emit(&format!("{id}\n"))?;
                Ok(())
            }
        }
        SessionCommand::List(zone) => {
            let view =
                ctx.open(zone.tz.as_deref())?.send_ok(Event::Show { screen: Screen::Sessions })?;
            if ctx.json {
                print_json(&view.sessions)
            } else {
                emit(&render::sessions(&view.sessions))?;
                Ok(())
            }
        }
        SessionCommand::Delete { id } => {
            ctx.open(None)?.send_ok(Event::DeleteSession { id })?;
            if ctx.json { print_json(&serde_json::json!({ "deleted": id })) } else { Ok(()) }
        }
    }
}

fn form(add: &SessionAdd, words: &TerminalWords) -> anyhow::Result<SessionForm> {
    let areas = add
        .areas
        .iter()
        .map(|a| super::photo::area(a, words))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(SessionForm {
        start: add.start.clone(),
        zone: add.tz.clone(),
        depth_mm: add.depth_mm.clone(),
        areas,
        device: add.device.clone(),
        notes: add.notes.clone(),
        planned: add.planned,
        screening: add
            .screening
            .iter()
            .map(|key| {
                Screening::from_key(key).with_context(|| {
                    unknown_key(words.unknown_screening, key, Screening::ALL.map(Screening::key))
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?,
    })
}
