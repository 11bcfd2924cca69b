//! `afterglow protocol use|default|show|template`

use anyhow::Context;
use shared::view::Screen;
use shared::{Event, protocol};

use super::{Ctx, emit, print_json};
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
                .with_context(|| format!("cannot read {}", file.display()))?;
            shell.send_ok(Event::UseClinicProtocol { json })?
        }
        ProtocolCommand::Default => shell.send_ok(Event::UseDefaultProtocol)?,
        _ => shell.send_ok(Event::Show { screen: Screen::Today })?,
    };
    if ctx.json {
        print_json(&view.care_protocol)
    } else {
        let origin =
            if view.care_protocol.is_default { "shipped default" } else { "clinic protocol" };
        let p = &view.care_protocol;
        emit(&format!("{} (id {}, version {}, {origin})\n", p.name, p.id, p.version))
    }
}
