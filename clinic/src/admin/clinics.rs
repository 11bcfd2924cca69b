//! `clinic clinic add|list`, and how every command finds the clinic it acts on: `--clinic
//! <short name>`, or the default clinic when none is given (a single-clinic server never
//! names one).

use chrono::Utc;
use clap::Subcommand;

use super::db::DbArgs;
use super::record;
use crate::store::{ClinicId, ClinicSettings, Store};

/// The clinic subcommands; every one names the database with `--db`.
#[derive(Debug, Subcommand)]
pub enum ClinicCommand {
    /// Add a clinic; its staff are given a role with `clinic staff grant`.
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// Short name for the command line (letters, digits, `-`), e.g. `north`.
        #[arg(long)]
        slug: String,
        /// Name shown to patients and staff.
        #[arg(long)]
        name: String,
        /// Phone number patients call.
        #[arg(long, default_value = "")]
        phone: String,
        /// After-hours advice (default: the same advice a new server starts with).
        #[arg(long)]
        after_hours: Option<String>,
    },
    /// List every clinic with its number of patients.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
}

/// The clinic `--clinic` names, or the default clinic when it names none.
pub fn resolve(store: &dyn Store, slug: Option<&str>) -> Result<ClinicId, String> {
    match slug {
        None => store.default_clinic().map_err(|e| e.to_string()),
        Some(slug) => store
            .clinic_by_slug(slug)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no clinic with short name {slug} (see `clinic clinic list`)")),
    }
}

fn valid_slug(slug: &str) -> bool {
    (1..=40).contains(&slug.len()) && slug.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Runs one clinic subcommand; the text to print, or why it failed.
pub fn run(command: &ClinicCommand) -> Result<String, String> {
    let err = |e: crate::store::StoreError| e.to_string();
    match command {
        ClinicCommand::Add { db, slug, name, phone, after_hours } => {
            if !valid_slug(slug) {
                return Err("the short name is 1-40 letters, digits or -".into());
            }
            let name = name.trim();
            if name.is_empty() {
                return Err("give the clinic a name".into());
            }
            let defaults = ClinicSettings::default();
            let settings = ClinicSettings {
                name: name.to_owned(),
                phone: phone.trim().to_owned(),
                after_hours_advice: after_hours.clone().unwrap_or(defaults.after_hours_advice),
                protocol_json: None,
                alert_emails: Vec::new(),
            };
            let store = db.open()?;
            let clinic = store.add_clinic(slug, &settings, Utc::now()).map_err(err)?;
            record(&*store, Some(clinic), "clinic_add", None, Some(slug)).map_err(err)?;
            Ok(format!("clinic added: {slug} ({name})"))
        }
        ClinicCommand::List { db } => {
            let store = db.open()?;
            let mut out =
                format!("{:<5} {:<20} {:<30} {:<20} {}", "id", "slug", "name", "phone", "patients");
            for c in store.clinics().map_err(err)? {
                out.push_str(&format!(
                    "\n{:<5} {:<20} {:<30} {:<20} {}",
                    c.id.get(),
                    c.slug,
                    c.settings.name,
                    c.settings.phone,
                    c.patients
                ));
            }
            Ok(out)
        }
    }
}
