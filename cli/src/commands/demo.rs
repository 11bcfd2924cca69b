//! `afterglow demo`: a demo patient mid-series, so a newcomer sees the app's main job at once.

use chrono::{Duration, SecondsFormat};
use shared::Event;
use shared::domain::{Profile, SessionForm, TreatedArea};
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
                device: Some("demo pen".into()),
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
    emit(&format!("Demo patient in {zone} (data in {})\n\n", ctx.data_dir.display()))?;
    if let Some(today) = &view.today {
        emit(&render::today(today))?;
    }
    Ok(())
}
