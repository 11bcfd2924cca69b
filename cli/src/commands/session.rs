//! `afterglow session add|list|delete`

use anyhow::{Context, bail};
use shared::Event;
use shared::domain::{Screening, SessionForm, TreatedArea};
use shared::view::Screen;

use super::{Ctx, emit, print_json};
use crate::args::{SessionAdd, SessionCommand};
use crate::render;

pub fn run(ctx: &Ctx, command: SessionCommand) -> anyhow::Result<()> {
    match command {
        SessionCommand::Add(add) => {
            let form = form(&add)?;
            let mut shell = ctx.open(Some(&add.tz))?;
            let view = shell.send_ok(Event::AddSession { form })?;
            let id = view.last_saved_session_id.context("the session was not stored")?;
            let view = shell.send_ok(Event::Show { screen: Screen::Sessions })?;
            let session =
                view.sessions.iter().find(|s| s.id == id).context("stored session missing")?;
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

fn form(add: &SessionAdd) -> anyhow::Result<SessionForm> {
    let areas = add
        .areas
        .iter()
        .map(|a| {
            TreatedArea::from_key(a).with_context(|| {
                let known: Vec<&str> = TreatedArea::ALL.iter().map(|a| a.key()).collect();
                format!("unknown area `{a}`; use one of: {}", known.join(", "))
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(SessionForm {
        start: add.start.clone(),
        zone: add.tz.clone(),
        depth_um: depth_um(&add.depth_mm)?,
        areas,
        device: add.device.clone(),
        notes: add.notes.clone(),
        planned: add.planned,
        screening: add
            .screening
            .iter()
            .map(|key| {
                Screening::from_key(key).with_context(|| {
                    let known: Vec<&str> = Screening::ALL.iter().map(|s| s.key()).collect();
                    format!("unknown screening answer `{key}`; use one of: {}", known.join(", "))
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?,
    })
}

/// Reads millimetres ("1.5", "0.25", "2") as micrometres without floating-point surprises.
fn depth_um(text: &str) -> anyhow::Result<u32> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty()
        || !digits(whole)
        || !digits(fraction)
        || fraction.len() > 3
    {
        bail!("needle depth `{text}` is not a number of millimetres like 1.5 (at most 3 decimals)");
    }
    let whole: u32 =
        if whole.is_empty() { 0 } else { whole.parse().context("needle depth is too large")? };
    let fraction: u32 = format!("{fraction:0<3}").parse().unwrap_or(0);
    whole
        .checked_mul(1000)
        .and_then(|w| w.checked_add(fraction))
        .context("needle depth is too large")
}

#[cfg(test)]
mod tests {
    use super::depth_um;

    #[test]
    fn depths_are_read_exactly() {
        assert_eq!(depth_um("1.5").unwrap(), 1500);
        assert_eq!(depth_um("0.25").unwrap(), 250);
        assert_eq!(depth_um("2").unwrap(), 2000);
        assert_eq!(depth_um(".5").unwrap(), 500);
        for bad in ["-1", "abc", "1.2345", "", "1e3", "99999999999"] {
            assert!(depth_um(bad).is_err(), "{bad}");
        }
    }
}
