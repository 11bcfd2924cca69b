//! `afterglow export fhir` and `afterglow report`: the patient's record written as local files.
//! Nothing leaves the device; the files are written atomically and readable by the owner only.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

use afterglow_handlers::export::pdf::{self, ReportInput, ReportPhoto};
use anyhow::{Context, bail};
use shared::domain::PatientRecord;
use shared::export::fhir::{self, FhirInput, PhotoContent};
use shared::i18n::fill;
use shared::i18n::terminal::TerminalWords;
use shared::journal::Photo;

use super::{Ctx, print_json, with_path};
use crate::args::{ExportCommand, ReportArgs};
use crate::shell::Shell;

/// The identifier the patient appears under in exports (the app stores no name). Made once
/// per data dir, so that exports of the same record name the same patient.
const EXPORT_ID_FILE: &str = "export-id";

pub fn run(ctx: &Ctx, command: ExportCommand) -> anyhow::Result<()> {
    let ExportCommand::Fhir { out, photos } = command;
    let mut shell = ctx.open(None)?;
    let record = shell.record()?;
    let words = ctx.words();
    let chosen = chosen_photos(&record, &photos, words)?;
    let jpegs = read_photos(&shell, &chosen, words)?;
    let contents: Vec<PhotoContent> =
        chosen.iter().zip(&jpegs).map(|(photo, jpeg)| PhotoContent { photo, jpeg }).collect();
    let patient_id = export_id(&ctx.data_dir, words)?;
    let bundle = fhir::bundle(&FhirInput {
        patient_id: &patient_id,
        sessions: &record.sessions,
        checkins: &record.checkins,
        photos: &contents,
        generated_utc_ms: ctx.now.timestamp_millis(),
    });
    let mut json = serde_json::to_vec_pretty(&bundle)?;
    json.push(b'\n');
    let path = write_out(&out, &json, words)?;
    let entries = bundle["entry"].as_array().map_or(0, Vec::len);
    if ctx.json {
        print_json(&serde_json::json!({
            "out": path,
            "resources": entries,
            "sessions": record.sessions.len(),
            "checkins": record.checkins.len(),
            "photos": chosen.len(),
        }))
    } else {
        println!("{}", path.display());
        Ok(())
    }
}

/// `afterglow report`: the PDF recovery report, with the chosen photos' thumbnails.
pub fn report(ctx: &Ctx, args: ReportArgs) -> anyhow::Result<()> {
    let zone = args.tz.clone().unwrap_or_else(super::system_zone);
    let words = ctx.words();
    let tz = shared::domain::clock::parse_zone(&zone)
        .map_err(|e| anyhow::anyhow!(ctx.language().time_error(&e)))?;
    let mut shell = ctx.open(Some(&zone))?;
    let record = shell.record()?;
    let chosen = chosen_photos(&record, &args.photos, words)?;
    let photos = chosen
        .iter()
        .map(|photo| {
            let path = shell.photo_path(&photo.thumb_file);
            let thumb_jpeg = std::fs::read(&path).with_context(|| {
                fill(words.thumbnail_unreadable, &[("id", &photo.id.to_string())])
            })?;
            Ok(ReportPhoto { photo, thumb_jpeg })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let patient_id = export_id(&ctx.data_dir, words)?;
    let pdf = pdf::report(&ReportInput {
        record: &record,
        photos,
        patient_id: &patient_id,
        generated: ctx.now,
        zone: tz,
    })?;
    let path = write_out(&args.out, &pdf, words)?;
    if ctx.json {
        print_json(&serde_json::json!({
            "out": path,
            "bytes": pdf.len(),
            "sessions": record.sessions.len(),
            "checkins": record.checkins.len(),
            "photos": chosen.len(),
        }))
    } else {
        println!("{}", path.display());
        Ok(())
    }
}

/// The photos named on the command line, in the order given; an unknown id is an error.
pub fn chosen_photos<'a>(
    record: &'a PatientRecord,
    ids: &[i64],
    words: &TerminalWords,
) -> anyhow::Result<Vec<&'a Photo>> {
    ids.iter()
        .map(|id| {
            record
                .photos
                .iter()
                .find(|p| p.id == *id)
                .with_context(|| fill(words.no_such_photo, &[("id", &id.to_string())]))
        })
        .collect()
}

fn read_photos(
    shell: &Shell,
    photos: &[&Photo],
    words: &TerminalWords,
) -> anyhow::Result<Vec<Vec<u8>>> {
    photos
        .iter()
        .map(|p| {
            let path = shell.photo_path(&p.file);
            std::fs::read(&path)
                .with_context(|| fill(words.photo_file_unreadable, &[("id", &p.id.to_string())]))
        })
        .collect()
}

/// Writes `bytes` to `out` through a temporary file in the same directory and a rename, so a
/// crash leaves either the old file or the new one. Returns the absolute path written.
pub fn write_out(out: &Path, bytes: &[u8], words: &TerminalWords) -> anyhow::Result<PathBuf> {
    let out = std::path::absolute(out).context(words.cannot_resolve_out)?;
    let (Some(dir), Some(name)) = (out.parent(), out.file_name().and_then(|n| n.to_str())) else {
        bail!("{}", with_path(words.out_not_a_file, &out));
    };
    if !dir.is_dir() {
        bail!("{}", with_path(words.directory_missing, dir));
    }
    afterglow_handlers::photo::write_atomic(dir, name, bytes)
        .with_context(|| with_path(words.cannot_write, &out))
}

fn export_id(data_dir: &Path, words: &TerminalWords) -> anyhow::Result<String> {
    let path = data_dir.join(EXPORT_ID_FILE);
    if let Ok(id) = std::fs::read_to_string(&path) {
        let id = id.trim();
        if !id.is_empty() {
            return Ok(id.to_owned());
        }
    }
    // RandomState is seeded from the OS's randomness: 128 bits without another dependency.
    let random = || RandomState::new().hash_one(std::process::id());
    let id = format!("{:016x}{:016x}", random(), random());
    afterglow_handlers::photo::write_atomic(data_dir, EXPORT_ID_FILE, id.as_bytes())
        .context(words.export_id_unstored)?;
    Ok(id)
}
