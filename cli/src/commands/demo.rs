//! `afterglow demo`: a demo patient mid-series, so a newcomer sees the app's main job at once.

use chrono::{Duration, SecondsFormat};
use shared::Event;
use shared::domain::{Profile, SessionForm, TreatedArea};
use shared::i18n::fill;
use shared::view::Screen;

use super::{Ctx, emit, system_zone};
use crate::render;

pub fn run(ctx: &Ctx, zone: Option<&str>) -> anyhow::Result<()> {
    let zone = zone.map_or_else(system_zone, str::to_owned);
    let mut shell = ctx.open(Some(&zone))?;
    let view = shell.send_ok(Event::Show { screen: Screen::Sessions })?;
    if view.sessions.is_empty() {
        let at = |hours_ago: i64| {
            (ctx.now - Duration::hours(hours_ago)).to_rfc3339_opts(SecondsFormat::Secs, true)
        };
        let sessions = [(6 * 7 * 24, "1", false), (20, "1.5", false), (-5 * 7 * 24, "1.5", true)];
        for (hours_ago, depth_mm, planned) in sessions {
            let form = SessionForm {
                start: at(hours_ago),
                zone: zone.clone(),
                depth_mm: depth_mm.into(),
                areas: vec![TreatedArea::Face, TreatedArea::Neck],
                device: Some(ctx.words().demo_device.into()),
                notes: None,
                planned,
                screening: Vec::new(),
            };
            shell.send_ok(Event::AddSession { form })?;
        }
        let profile =
            Profile { cold_sore_history: true, fitzpatrick: Some(3), ..Profile::default() };
        shell.send_ok(Event::SetProfile { profile })?;
    }
    let view = shell.send_ok(Event::Show { screen: Screen::Today })?;
    if ctx.json {
        return super::print_json(&view.today);
    }
    let path = ctx.data_dir.display().to_string();
    let heading = fill(ctx.words().demo_heading, &[("zone", &zone), ("path", &path)]);
    emit(&format!("{heading}\n\n"))?;
    if let Some(today) = &view.today {
        emit(&render::today(today))?;
    }
    Ok(())
}
