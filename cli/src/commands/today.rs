//! `afterglow today` and `afterglow timeline`

use shared::Event;
use shared::view::Screen;

use super::{Ctx, emit, print_json};
use crate::render;

pub fn today(ctx: &Ctx, zone: Option<&str>) -> anyhow::Result<()> {
    let view = ctx.open(zone)?.send_ok(Event::Show { screen: Screen::Today })?;
    match &view.today {
        Some(today) if ctx.json => print_json(today),
        Some(today) => {
            emit(&render::today(today))?;
            Ok(())
        }
        None => anyhow::bail!("{}", view.language.current.words().errors.record_not_loaded),
    }
}

/// Walks every page of the timeline so the whole series is printed.
pub fn timeline(ctx: &Ctx, zone: Option<&str>) -> anyhow::Result<()> {
    let mut shell = ctx.open(zone)?;
    let mut entries = Vec::new();
    let mut page = 0;
    loop {
        let view = shell.send_ok(Event::ShowTimelinePage { page })?;
        entries.extend(view.timeline.entries);
        page += 1;
        if page >= view.timeline.page_count {
            break;
        }
    }
    if ctx.json {
        print_json(&entries)
    } else {
        emit(&render::timeline(&entries))?;
        Ok(())
    }
}
