//! `afterglow protocol use|default|show|template`

use anyhow::Context;
use shared::i18n::fill;
use shared::view::Screen;
use shared::{Event, protocol};

use super::{Ctx, emit, print_json, with_path};
use crate::args::ProtocolCommand;

pub fn run(ctx: &Ctx, command: ProtocolCommand) -> anyhow::Result<()> {
    if let ProtocolCommand::Template = command {
        emit(&format!("{}\n", protocol::default_protocol_json().trim_end()))?;
        return Ok(());
    }
    let mut shell = ctx.open(None)?;
    let view = match command {
        ProtocolCommand::Use { file } => {
            let json = std::fs::read_to_string(&file)
                .with_context(|| with_path(ctx.words().cannot_read, &file))?;
            shell.send_ok(Event::UseClinicProtocol { json })?
        }
        ProtocolCommand::Default => shell.send_ok(Event::UseDefaultProtocol)?,
        _ => shell.send_ok(Event::Show { screen: Screen::Today })?,
    };
    if ctx.json {
        print_json(&view.care_protocol)
    } else {
        let words = ctx.words();
        let p = &view.care_protocol;
        let origin = if p.is_default { words.protocol_default } else { words.protocol_clinic };
        let version = p.version.to_string();
        let values =
            [("name", p.name.as_str()), ("id", &p.id), ("version", &version), ("origin", origin)];
        emit(&format!("{}\n", fill(words.protocol_line, &values)))
    }
}
