//! `afterglow checkin`, `afterglow checkin list` and `afterglow trend`

use std::fmt::Write;

use anyhow::bail;
use shared::Event;
use shared::checkin::{
    self, CheckinForm, CheckinView, Discharge, Level, Sign, TemperatureInput, TemperatureUnit,
    TrendDay,
};
use shared::i18n::fill;
use shared::i18n::terminal::TerminalWords;
use shared::view::Screen;

use super::{Ctx, emit, print_json, unknown_key};
use crate::args::{CheckinArgs, CheckinCommand};

pub fn run(ctx: &Ctx, args: CheckinArgs) -> anyhow::Result<()> {
    if let Some(CheckinCommand::List(zone)) = &args.command {
        return list(ctx, zone.tz.as_deref());
    }
    let form = form(&args, ctx.words())?;
    let mut shell = ctx.open(args.tz.as_deref())?;
    let view = shell.send(Event::Checkin(checkin::Event::Submit { form }));
    // An urgent sign gives advice even when the check-in could not be stored: advice first,
    // then the error about what was not stored.
    let Some(result) = view.checkins.last_result.clone() else {
        let words = view.language.current.words();
        bail!(
            "{}",
            view.error.map_or_else(|| words.errors.record_not_loaded.into(), |e| e.message)
        );
    };
    if ctx.json {
        return print_json(&serde_json::json!({
            "level": result.level,
            "rules": result.rules,
            "advice": result.advice,
            "day_index": result.day_index,
            "flagged_for_sharing": result.flagged_for_sharing,
            "id": view.checkins.last_checkin_id,
            "offer_share": view.checkins.offer_share,
            "share_state": view.checkins.last_share_state,
            "clinic_advice": view.checkins.clinic_advice,
            "error": view.error.as_ref().map(|e| &e.message),
        }))
        .and_then(|()| match &view.error {
            Some(error) => bail!("{}", error.message),
            None => Ok(()),
        });
    }
    // The result screen's words, in its order: the level (in capitals, the terminal's heading),
    // the advice, its day and rules, then the clinic's line.
    let c = &view.checkins;
    let title = c.last_result_title.as_deref().unwrap_or_default().to_uppercase();
    emit(&format!("{title}\n{}\n", result.advice))?;
    for line in [&c.last_result_detail, &c.clinic_advice].into_iter().flatten() {
        emit(&format!("{line}\n"))?;
    }
    if let Some(error) = &view.error {
        bail!("{}", error.message);
    }
    if let Some(note) = &c.share_note {
        emit(&format!("{note}\n"))?;
    } else if c.offer_share {
        let id = c.last_checkin_id.unwrap_or_default();
        emit(&format!("{}: afterglow share --checkin {id}\n", c.labels.share))?;
    }
    Ok(())
}

fn form(args: &CheckinArgs, words: &TerminalWords) -> anyhow::Result<CheckinForm> {
    let temperature = match (&args.temp_c, &args.temp_f) {
        (Some(text), _) => Some(TemperatureInput::new(text, TemperatureUnit::Celsius)),
        (None, Some(text)) => Some(TemperatureInput::new(text, TemperatureUnit::Fahrenheit)),
        (None, None) => None,
    };
    let discharge = match &args.discharge {
        None => None,
        Some(key) => match Discharge::from_key(key) {
            Some(d) => Some(d),
            None => {
                let known = Discharge::ALL.map(Discharge::key);
                bail!("{}", unknown_key(words.unknown_discharge, key, known))
            }
        },
    };
    let flags = [
        (args.warmth, Sign::Warmth),
        (args.spreading, Sign::Spreading),
        (args.streaks, Sign::Streaks),
        (args.blisters, Sign::Blisters),
        (args.eye, Sign::Eye),
        (args.allergy, Sign::Allergy),
        (args.bleeding, Sign::Bleeding),
        (args.bumps, Sign::Bumps),
        (args.dark_patches, Sign::DarkPatches),
        (args.unwell, Sign::Unwell),
        (args.systemic, Sign::Systemic),
        (args.worsening, Sign::Worsening),
    ];
    let signs: Vec<Sign> = flags.into_iter().filter(|(on, _)| *on).map(|(_, sign)| sign).collect();
    // With an urgent sign (the core says which are) the scores may be left out: it triages the
    // sign at once and stores nothing in their place. Otherwise each one is asked for here.
    let urgent = signs.iter().any(|s| s.is_urgent());
    let score = |value: Option<u8>, flag: &str| -> anyhow::Result<Option<u8>> {
        if urgent || value.is_some() {
            return Ok(value);
        }
        bail!("{}", fill(words.score_required, &[("flag", flag)]))
    };
    Ok(CheckinForm {
        redness: score(args.redness, "--redness")?,
        swelling: score(args.swelling, "--swelling")?,
        pain: score(args.pain, "--pain")?,
        itch: score(args.itch, "--itch")?,
        temperature,
        discharge,
        signs,
        note: args.note.clone(),
    })
}

/// Walks every page of the history (newest first).
fn list(ctx: &Ctx, zone: Option<&str>) -> anyhow::Result<()> {
    let mut shell = ctx.open(zone)?;
    let mut entries = Vec::new();
    let mut page = 0;
    loop {
        let view = shell.send_ok(Event::Checkin(checkin::Event::ShowHistoryPage { page }))?;
        entries.extend(view.checkins.history.entries);
        page += 1;
        if page >= view.checkins.history.page_count {
            break;
        }
    }
    if ctx.json {
        return print_json(&entries);
    }
    emit(&render_history(&entries))?;
    Ok(())
}

pub fn trend(ctx: &Ctx, zone: Option<&str>) -> anyhow::Result<()> {
    let view = ctx.open(zone)?.send_ok(Event::Show { screen: Screen::Checkins })?;
    let trend = view.checkins.trend;
    if ctx.json {
        return print_json(&trend.days);
    }
    if trend.session_id.is_none() {
        bail!("{}", ctx.words().no_session_started);
    }
    emit(&render_trend(&trend.days, ctx.words()))?;
    Ok(())
}

/// One line per check-in, in the history's words: id, time, day, level, scores and rules.
fn render_history(entries: &[CheckinView]) -> String {
    let mut out = String::new();
    for c in entries {
        let replaced = c.replaced_note.as_deref().map(|n| format!("  ({n})")).unwrap_or_default();
        let rules = c.rules.join(",");
        let _ = writeln!(
            out,
            "{:>5}  {}  {:<7} {}  {}  {rules}{replaced}",
            c.id, c.taken, c.day_label, c.level_title, c.scores_label,
        );
    }
    out
}

fn render_trend(days: &[TrendDay], words: &TerminalWords) -> String {
    // Each column is as wide as its heading in the patient's language.
    let widths = [words.trend_day, words.trend_redness, words.trend_swelling, words.trend_pain]
        .map(|heading| heading.chars().count());
    let [day_w, redness_w, swelling_w, pain_w] = widths;
    let mut out = format!(
        "{:>day_w$}  {:>redness_w$}  {:>swelling_w$}  {:>pain_w$}   {}\n",
        words.trend_day,
        words.trend_redness,
        words.trend_swelling,
        words.trend_pain,
        words.trend_expected,
    );
    let value = |v: Option<u8>| v.map_or("-".to_owned(), |v| v.to_string());
    for d in days {
        let band = d.expected.map_or(words.nothing_expected.to_owned(), |b| {
            format!("{}/{}/{}", b.redness_max, b.swelling_max, b.pain_max)
        });
        let level = d.level.map_or("", Level::key);
        let future = if d.future { format!("  {}", words.ahead) } else { String::new() };
        let _ = writeln!(
            out,
            "{:>day_w$}  {:>redness_w$}  {:>swelling_w$}  {:>pain_w$}   {band:<26} {level}{future}",
            d.day_index,
            value(d.redness),
            value(d.swelling),
            value(d.pain),
        );
    }
    out
}
