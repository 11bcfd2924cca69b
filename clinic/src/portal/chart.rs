//! The symptom trend as an inline SVG (no JavaScript): pain 0–10, redness 0–4, swelling 0–3,
//! each scaled to its own maximum so the three lines share one plot.

use std::fmt::Write;

use maud::{Markup, PreEscaped};

use crate::store::CheckinRecord;

const W: f64 = 600.0;
const H: f64 = 200.0;
const PAD: f64 = 24.0;

struct Series {
    name: &'static str,
    color: &'static str,
    max: f64,
    value: fn(&CheckinRecord) -> Option<u8>,
}

const SERIES: [Series; 3] = [
    Series { name: "pain (0–10)", color: "#b00020", max: 10.0, value: |c| c.answers.pain },
    Series { name: "redness (0–4)", color: "#e65100", max: 4.0, value: |c| c.answers.redness },
    Series { name: "swelling (0–3)", color: "#1565c0", max: 3.0, value: |c| c.answers.swelling },
];

/// The chart; only numbers and fixed labels go into the SVG, so no escaping is needed.
pub fn trend(checkins: &[CheckinRecord]) -> Markup {
    let times: Vec<i64> = checkins.iter().map(|c| c.recorded_at.timestamp()).collect();
    let (Some(first), Some(last)) = (times.iter().min(), times.iter().max()) else {
        return PreEscaped("<p class=\"muted\">No check-ins to chart yet.</p>".into());
    };
    let span = (last - first).max(1) as f64;
    let x = |t: i64| PAD + (t - first) as f64 / span * (W - 2.0 * PAD);
    let y = |v: f64, max: f64| H - PAD - v / max * (H - 2.0 * PAD);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg viewBox=\"0 0 {W} {H}\" width=\"100%\" role=\"img\" aria-label=\"Symptom trend\" \
         xmlns=\"http://www.w3.org/2000/svg\"><rect x=\"0\" y=\"0\" width=\"{W}\" height=\"{H}\" \
         fill=\"#fafafa\"/><line x1=\"{PAD}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#999\"/>",
        H - PAD,
        W - PAD,
        H - PAD
    );
    for (i, s) in SERIES.iter().enumerate() {
        let points: Vec<String> = checkins
            .iter()
            .filter_map(|c| {
                (s.value)(c).map(|v| {
                    format!("{:.1},{:.1}", x(c.recorded_at.timestamp()), y(f64::from(v), s.max))
                })
            })
            .collect();
        if points.len() > 1 {
            let _ = write!(
                svg,
                "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>",
                s.color,
                points.join(" ")
            );
        }
        for p in &points {
            if let Some((px, py)) = p.split_once(',') {
                let _ =
                    write!(svg, "<circle cx=\"{px}\" cy=\"{py}\" r=\"3\" fill=\"{}\"/>", s.color);
            }
        }
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"14\" font-size=\"12\" fill=\"{}\">{}</text>",
            PAD + i as f64 * 150.0,
            s.color,
            s.name
        );
    }
    svg.push_str("</svg>");
    PreEscaped(svg)
}
