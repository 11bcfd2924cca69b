//! The PDF recovery report any clinic can file: patient and session summary, the check-in table
//! with triage levels and days, a trend chart drawn as vector lines, chosen photos as
//! thumbnails with their day, and when it was made. Text is real text (`pdftotext` reads it).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use shared::checkin::Checkin;
use shared::domain::{PatientRecord, Session, clock};
use shared::journal::Photo;

use crate::canvas::{Canvas, MARGIN, PAGE_W};

/// A chosen photo and its stored thumbnail JPEG, read by the shell.
#[derive(Debug)]
pub struct ReportPhoto<'a> {
    pub photo: &'a Photo,
    pub thumb_jpeg: Vec<u8>,
}

#[derive(Debug)]
pub struct ReportInput<'a> {
    pub record: &'a PatientRecord,
    pub photos: Vec<ReportPhoto<'a>>,
    pub patient_id: &'a str,
    pub generated: DateTime<Utc>,
    /// The zone times are shown in (the patient's current one).
    pub zone: Tz,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("photo {id}'s thumbnail is not a readable JPEG: {reason}")]
    Thumbnail { id: i64, reason: String },
}

const SERIES: [(&str, [f32; 3]); 4] = [
    ("Redness (0-4)", [0.85, 0.2, 0.2]),
    ("Swelling (0-3)", [0.2, 0.4, 0.85]),
    ("Pain (0-10)", [0.9, 0.55, 0.1]),
    ("Itch (0-10)", [0.3, 0.65, 0.3]),
];

fn local(ms: i64, zone: Tz) -> String {
    let at = clock::instant_from_ms(ms).unwrap_or_default();
    at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}

fn level_text(c: &Checkin) -> &'static str {
    use shared::checkin::Level;
    match c.details.triage.level {
        Level::Expected => "expected",
        Level::Watch => "watch",
        Level::ContactClinic => "contact clinic today",
        Level::Urgent => "URGENT",
    }
}

/// Builds the report as PDF bytes.
pub fn report(input: &ReportInput) -> Result<Vec<u8>, ReportError> {
    let mut c = Canvas::new();
    let record = input.record;
    c.line(20.0, true, "Afterglow recovery report");
    c.line(
        10.0,
        false,
        &format!(
            "Generated {} ({}) from the patient's own app records; self-reported, not a diagnosis.",
            input.generated.with_timezone(&input.zone).format("%Y-%m-%d %H:%M %Z"),
            input.zone.name()
        ),
    );
    c.line(10.0, false, &format!("Patient export id: {}", input.patient_id));
    if let Some(skin) = record.profile.fitzpatrick {
        c.line(10.0, false, &format!("Fitzpatrick skin type: {skin}"));
    }
    c.gap(8.0);
    sessions(&mut c, &record.sessions);
    checkins(&mut c, &record.checkins, input.zone);
    if let Some(session) = record.sessions.iter().rev().find(|s| has_checkins(record, s)) {
        trend(&mut c, &record.checkins, session, input.zone);
    }
    photos(&mut c, &input.photos, input.zone)?;
    Ok(c.finish("Afterglow recovery report"))
}

fn has_checkins(record: &PatientRecord, s: &Session) -> bool {
    record.checkins.iter().any(|c| c.details.session_id == Some(s.id))
}

fn sessions(c: &mut Canvas, sessions: &[Session]) {
    c.line(14.0, true, &format!("Treatment sessions ({})", sessions.len()));
    for s in sessions {
        let d = &s.details;
        let zone = clock::parse_zone(&d.zone).unwrap_or(Tz::UTC);
        let areas: Vec<&str> = d.areas.iter().map(|a| a.key()).collect();
        c.line(
            10.0,
            false,
            &format!(
                "Session {}: {} ({}), needle depth {:.2} mm, areas: {}{}",
                s.id,
                local(d.start_utc_ms, zone),
                d.zone,
                f64::from(d.depth_um) / 1000.0,
                if areas.is_empty() { "-".into() } else { areas.join(", ") },
                d.device.as_deref().map_or(String::new(), |dev| format!(", device: {dev}")),
            ),
        );
    }
    c.gap(8.0);
}

const COLUMNS: [(&str, f32); 9] = [
    ("Taken", 0.0),
    ("Session", 92.0),
    ("Day", 138.0),
    ("Redness", 168.0),
    ("Swelling", 214.0),
    ("Pain", 262.0),
    ("Itch", 292.0),
    ("Temp C", 320.0),
    ("Triage level (rules)", 362.0),
];

fn checkins(c: &mut Canvas, checkins: &[Checkin], zone: Tz) {
    c.line(14.0, true, &format!("Check-ins ({})", checkins.len()));
    let header = |c: &mut Canvas| {
        c.ensure(12.0);
        for (title, x) in COLUMNS {
            c.text_at(MARGIN + x, c.y, 9.0, true, title);
        }
        c.gap(12.0);
    };
    header(c);
    for (i, k) in checkins.iter().enumerate() {
        if c.y - 12.0 < MARGIN {
            c.new_page();
            header(c);
        }
        let d = &k.details;
        let a = &d.answers;
        if i % 2 == 0 {
            c.fill_rect([0.93, 0.93, 0.93], MARGIN - 2.0, c.y - 3.0, PAGE_W - 2.0 * MARGIN, 12.0);
        }
        let rules = if d.triage.rules.is_empty() {
            String::new()
        } else {
            format!(" ({})", d.triage.rules.join(", "))
        };
        let cells = [
            local(d.taken_utc_ms, zone),
            d.session_id.map_or("-".into(), |s| s.to_string()),
            format!("Day {}", d.day_index),
            // "-" for a score not answered (an urgent check-in sent before the scores).
            score_cell(a.redness),
            score_cell(a.swelling),
            score_cell(a.pain),
            score_cell(a.itch),
            a.temperature_tenths_c.map_or("-".into(), |t| format!("{:.1}", f64::from(t) / 10.0)),
            format!("{}{rules}", level_text(k)),
        ];
        for ((_, x), cell) in COLUMNS.iter().zip(cells) {
            c.text_at(MARGIN + x, c.y, 9.0, false, &cell);
        }
        c.gap(12.0);
    }
    c.gap(8.0);
}

fn score_cell(score: Option<u8>) -> String {
    score.map_or_else(|| "-".to_owned(), |s| s.to_string())
}

/// Scores by day for the session's counted check-ins (the latest of each day), as vector lines.
fn trend(c: &mut Canvas, all: &[Checkin], session: &Session, zone: Tz) {
    let days = shared::checkin::history::counted_by_day(all, session.id);
    let (Some(first), Some(last)) = (days.keys().next(), days.keys().next_back()) else { return };
    let (first, last) = (*first, (*last).max(*first + 1));
    let (w, h) = (PAGE_W - 2.0 * MARGIN - 40.0, 150.0);
    c.ensure(h + 70.0);
    c.line(
        14.0,
        true,
        &format!(
            "Trend after session {} ({}), latest check-in per day",
            session.id,
            local(session.details.start_utc_ms, zone)
        ),
    );
    let (x0, y0) = (MARGIN + 24.0, c.y - h - 10.0);
    let x_of = |day: u32| x0 + w * (day - first) as f32 / (last - first) as f32;
    let y_of = |score: u8| y0 + h * f32::from(score) / 10.0;
    c.stroke_rgb([0.0, 0.0, 0.0], 0.8);
    c.polyline(&[(x0, y0 + h), (x0, y0), (x0 + w, y0)]);
    c.stroke_rgb([0.8, 0.8, 0.8], 0.4);
    for score in [0u8, 2, 4, 6, 8, 10] {
        c.text_at(x0 - 16.0, y_of(score) - 3.0, 8.0, false, &score.to_string());
        if score > 0 {
            c.polyline(&[(x0, y_of(score)), (x0 + w, y_of(score))]);
        }
    }
    for day in days.keys() {
        c.text_at(x_of(*day) - 8.0, y0 - 12.0, 8.0, false, &format!("Day {day}"));
    }
    for (i, (label, rgb)) in SERIES.iter().enumerate() {
        // Counted days have every score (counted_by_day skips those without).
        let points: Vec<(f32, f32)> = days
            .iter()
            .filter_map(|(day, k)| {
                let a = &k.details.answers;
                let score = [a.redness, a.swelling, a.pain, a.itch].get(i).copied().flatten()?;
                Some((x_of(*day), y_of(score)))
            })
            .collect();
        c.stroke_rgb(*rgb, 1.6);
        c.polyline(&points);
        let lx = MARGIN + 120.0 * i as f32;
        c.polyline(&[(lx, y0 - 30.0), (lx + 16.0, y0 - 30.0)]);
        c.text_at(lx + 20.0, y0 - 33.0, 8.0, false, label);
    }
    c.stroke_rgb([0.0, 0.0, 0.0], 1.0);
    c.y = y0 - 50.0;
}

fn photos(c: &mut Canvas, photos: &[ReportPhoto], zone: Tz) -> Result<(), ReportError> {
    if photos.is_empty() {
        return Ok(());
    }
    c.ensure(200.0);
    c.line(14.0, true, &format!("Photos ({})", photos.len()));
    let box_side = 150.0;
    let mut x = MARGIN;
    for p in photos {
        let header = crate::jpeg::header(&p.thumb_jpeg)
            .map_err(|reason| ReportError::Thumbnail { id: p.photo.id, reason })?;
        let (pw, ph) = (f32::from(header.width), f32::from(header.height));
        let scale = box_side / pw.max(ph).max(1.0);
        if x + box_side > PAGE_W - MARGIN {
            x = MARGIN;
            c.gap(box_side + 30.0);
        }
        c.ensure(box_side + 30.0);
        let gray = header.gray;
        let px = (u32::from(header.width), u32::from(header.height));
        let (w, h) = (pw * scale, ph * scale);
        c.jpeg(p.thumb_jpeg.clone(), px, gray, x, c.y - h, w, h);
        let day = p.photo.day_index.map_or("Day ?".into(), |d| format!("Day {d}"));
        let label = format!("{day} - {}", local(p.photo.taken_utc_ms, zone));
        c.text_at(x, c.y - box_side - 12.0, 8.0, false, &label);
        x += box_side + 16.0;
    }
    c.gap(box_side + 30.0);
    Ok(())
}

#[cfg(test)]
mod tests {
    use shared::journal::TakenSource;

    use super::*;

    fn photo() -> Photo {
        Photo {
            id: 3,
            taken_utc_ms: 0,
            taken_source: TakenSource::Given,
            session_id: None,
            day_index: None,
            area: None,
            note: None,
            width: 8,
            height: 8,
            sha256: String::new(),
            file: String::new(),
            thumb_file: String::new(),
            imported_utc_ms: 0,
        }
    }

    fn input<'a>(record: &'a PatientRecord, photos: Vec<ReportPhoto<'a>>) -> ReportInput<'a> {
        ReportInput { record, photos, patient_id: "p", generated: Utc::now(), zone: Tz::UTC }
    }

    #[test]
    fn an_empty_record_still_makes_a_pdf() {
        let record = PatientRecord::default();
        let pdf = report(&input(&record, vec![])).unwrap();
        assert!(pdf.starts_with(b"%PDF-") && pdf.ends_with(b"%%EOF"));
    }

    #[test]
    fn a_thumbnail_that_is_not_a_jpeg_is_an_error_naming_the_photo() {
        let record = PatientRecord::default();
        let p = photo();
        let bad = vec![ReportPhoto { photo: &p, thumb_jpeg: b"not a jpeg".to_vec() }];
        let err = report(&input(&record, bad)).unwrap_err();
        assert!(err.to_string().contains("photo 3"), "{err}");
    }

    #[test]
    fn text_outside_win_ansi_does_not_break_the_pdf() {
        let mut record = PatientRecord::default();
        record.profile.fitzpatrick = Some(3);
        let pdf = report(&ReportInput { patient_id: "שלום é", ..input(&record, vec![]) }).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
