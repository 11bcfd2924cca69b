//! `afterglow profile set|show`

use shared::Event;
use shared::view::Screen;
use shared::view::TodaySectionKind::Warnings;

use super::{Ctx, emit, print_json};
use crate::args::ProfileCommand;
use crate::render;

pub fn run(ctx: &Ctx, command: ProfileCommand) -> anyhow::Result<()> {
    let mut shell = ctx.open(None)?;
    let mut view = shell.send_ok(Event::Show { screen: Screen::Today })?;
    if let ProfileCommand::Set(set) = command {
        let mut profile = view.profile.clone();
        let flags = [
            (set.cold_sores, &mut profile.cold_sore_history),
            (set.pregnant, &mut profile.pregnant),
            (set.isotretinoin, &mut profile.isotretinoin_last_6_months),
            (set.anticoagulants, &mut profile.anticoagulants),
            (set.keloid, &mut profile.keloid_tendency),
        ];
        for (value, flag) in flags {
            if let Some(value) = value {
                *flag = value;
            }
        }
        if let Some(t) = set.fitzpatrick {
            profile.fitzpatrick = (t != 0).then_some(t);
        }
        view = shell.send_ok(Event::SetProfile { profile })?;
    }
    let warnings = view.today.as_ref().map(|t| t.warnings.clone()).unwrap_or_default();
    if ctx.json {
        print_json(&serde_json::json!({ "profile": view.profile, "warnings": warnings }))
    } else {
        // The same heading and lines as today's "talk to your clinic" section.
        let section = view.today.iter().flat_map(|t| &t.sections).find(|s| s.kind == Warnings);
        let heading = section.map_or("", |s| s.title.as_str());
        let lines: Vec<String> =
            section.iter().flat_map(|s| &s.lines).map(|l| l.text.clone()).collect();
        emit(&render::profile(&view.profile_form, (heading, &lines)))?;
        Ok(())
    }
}
