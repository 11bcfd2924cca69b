//! `afterglow photo add|list|compare|export|delete`
//!
//! For `photo add`, the global `--at` says when the photo was taken (it wins over the camera's
//! date); "now" is then the system clock, so a photo dated in the future is still caught.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, bail};
use shared::domain::TreatedArea;
use shared::i18n::terminal::TerminalWords;
use shared::journal::{self, JournalView, PhotoForm, PhotoView, TakenSource};
use shared::view::Screen;
use shared::{Event, ViewModel};

use super::{Ctx, print_json, unknown_key, with_path};
use crate::args::PhotoCommand;
use crate::shell::Shell;

pub fn run(ctx: &Ctx, taken_at: Option<&str>, command: PhotoCommand) -> anyhow::Result<()> {
    match command {
        PhotoCommand::Add(add) => {
            let area = add.area.as_deref().map(|key| area(key, ctx.words())).transpose()?;
            let source = absolute(&add.file, ctx.words())?;
            let form =
                PhotoForm { source, area, note: add.note, taken_at: taken_at.map(str::to_owned) };
            let mut shell = ctx.open(add.tz.as_deref())?;
            let view = send(&mut shell, journal::Event::Add { form })?;
            let photo = view.journal.last_imported.context(ctx.words().photo_not_stored)?;
            if ctx.json {
                print_json(&serde_json::json!({
                    "id": photo.id,
                    "day_index": photo.day_index,
                    "width": photo.width,
                    "height": photo.height,
                    "sha256": photo.sha256,
                }))
            } else {
                println!("{}", photo.id);
                Ok(())
            }
        }
        PhotoCommand::List(zone) => {
            let view =
                ctx.open(zone.tz.as_deref())?.send_ok(Event::Show { screen: Screen::Journal })?;
            if ctx.json {
                print_json(&view.journal)
            } else {
                print!("{}", render(&view.journal, ctx.words()));
                Ok(())
            }
        }
        PhotoCommand::Compare { first_id, second_id, out } => {
            let destination = absolute(&out, ctx.words())?;
            let event = journal::Event::WriteComparison { first_id, second_id, destination };
            written(ctx, send(&mut ctx.open(None)?, event)?)
        }
        PhotoCommand::Export { id, out } => {
            let destination = absolute(&out, ctx.words())?;
            written(ctx, send(&mut ctx.open(None)?, journal::Event::Export { id, destination })?)
        }
        PhotoCommand::Delete { id } => {
            send(&mut ctx.open(None)?, journal::Event::Delete { id })?;
            if ctx.json { print_json(&serde_json::json!({ "deleted": id })) } else { Ok(()) }
        }
    }
}

fn send(shell: &mut Shell, event: journal::Event) -> anyhow::Result<ViewModel> {
    shell.send_ok(Event::Journal(event))
}

fn written(ctx: &Ctx, view: ViewModel) -> anyhow::Result<()> {
    let path = view.journal.last_written.context(ctx.words().nothing_written)?;
    if ctx.json {
        print_json(&serde_json::json!({ "out": path }))
    } else {
        println!("{path}");
        Ok(())
    }
}

pub(super) fn area(key: &str, words: &TerminalWords) -> anyhow::Result<TreatedArea> {
    TreatedArea::from_key(key).with_context(|| {
        unknown_key(words.unknown_area, key, TreatedArea::ALL.map(TreatedArea::key))
    })
}

/// The core and handler resolve paths on their own; hand them absolute ones.
fn absolute(path: &Path, words: &TerminalWords) -> anyhow::Result<String> {
    let path = std::path::absolute(path).with_context(|| with_path(words.bad_path, path))?;
    match path.to_str() {
        Some(s) => Ok(s.to_owned()),
        None => bail!("{}", with_path(words.path_not_utf8, &path)),
    }
}

fn render(journal: &JournalView, words: &TerminalWords) -> String {
    if journal.groups.is_empty() {
        return format!("{}\n", words.no_photos);
    }
    let mut out = String::new();
    for group in &journal.groups {
        let _ = writeln!(out, "{}", group.label);
        for day in &group.days {
            let _ = writeln!(out, "  {}", day.label);
            for photo in &day.photos {
                let _ = writeln!(out, "    {}", line(photo, words));
            }
        }
    }
    out
}

fn line(p: &PhotoView, words: &TerminalWords) -> String {
    let source = match p.taken_source {
        TakenSource::Camera => words.taken_camera,
        TakenSource::Given => words.taken_given,
        TakenSource::ImportTime => words.taken_import,
    };
    let mut line = format!(
        "#{}  {}  {} ({source})  {}x{}",
        p.id,
        p.area.map_or("-", TreatedArea::key),
        p.taken_label,
        p.width,
        p.height
    );
    if p.is_reference {
        let _ = write!(line, "  {}", words.reference);
    }
    if let Some(note) = &p.note {
        let _ = write!(line, "  \"{}\"", note.escape_debug());
    }
    line
}
