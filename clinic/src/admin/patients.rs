//! `clinic patient erase`: the operator's erasure of one patient (rows and photo files), audited
//! with the patient's random id and no other detail.

use std::path::PathBuf;

use clap::Subcommand;

use super::clinics::resolve;
use super::db::DbArgs;
use crate::erasure::erase_patient;
use crate::photos::PhotoStore;

/// Patient records.
#[derive(Debug, Subcommand)]
pub enum PatientCommand {
    /// Erase a patient: check-ins, sessions, photos (rows and files), devices, invites, alerts.
    /// The audit log keeps that an erasure happened, under the patient's random id.
    Erase {
        #[command(flatten)]
        db: DbArgs,
        /// With --database-url: the data folder holding the photos.
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// The clinic's short name (default: the default clinic).
        #[arg(long)]
        clinic: Option<String>,
        /// The patient id (from the portal's patient page or `clinic invite`).
        patient_id: String,
    },
}

/// The photo folder of a database: beside the SQLite file, or in the PostgreSQL server's data
/// folder (where `clinic serve --data-dir` keeps it).
pub fn photos_of(db: &DbArgs, data_dir: Option<&std::path::Path>) -> Result<PhotoStore, String> {
    match (&db.database_url, &db.db, data_dir) {
        (None, Some(file), _) => Ok(PhotoStore::beside(file)),
        (Some(_), _, Some(dir)) => Ok(PhotoStore::beside(&dir.join(crate::backup::DB_FILE))),
        _ => Err("with --database-url, name the photos' --data-dir".into()),
    }
}

/// Runs one patient subcommand; the text to print, or why it failed.
pub fn run(command: &PatientCommand) -> Result<String, String> {
    match command {
        PatientCommand::Erase { db, data_dir, clinic, patient_id } => {
            let photos = photos_of(db, data_dir.as_deref())?;
            let store = db.open()?;
            let clinic = resolve(&*store, clinic.as_deref())?;
            let erased = erase_patient(&*store, &photos, clinic, patient_id)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("the clinic has no patient {patient_id}"))?;
            super::record(&*store, Some(clinic), "erase_patient", Some(patient_id), None)
                .map_err(|e| e.to_string())?;
            Ok(format!(
                "erased patient {patient_id}: every record and {} photo file(s)",
                erased.photo_files
            ))
        }
    }
}
