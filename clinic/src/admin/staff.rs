//! `clinic staff …`: add, grant, revoke, list, disable, enable, remove, reset-password,
//! sessions, end-sessions. Each change is audited (actor `cli:<OS user>`, subject the account's
//! email); a change to an account's role in a clinic goes to that clinic's log.

use std::io::BufRead;

use chrono::{SecondsFormat, Utc};
use clap::Subcommand;

use super::clinics::resolve;
use super::db::DbArgs;
use super::lifecycle::{Actor, Change, apply};
use super::record;
use crate::passwords;
use crate::store::{ClinicId, Role, StaffStatus, Store};

/// The staff subcommands; every one names the database with `--db`.
#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add a staff account with a role in one clinic; the password is read from standard
    /// input (first line).
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// Login email.
        #[arg(long)]
        email: String,
        /// `clinician` (patients) or `admin` (audit log, staff management).
        #[arg(long, default_value = "clinician", value_parser = parse_role)]
        role: Role,
        /// The clinic's short name (default: the default clinic).
        #[arg(long)]
        clinic: Option<String>,
    },
    /// Give an account a role in a clinic (another clinic it works for, or a new role in one
    /// it works for already); its sessions end.
    Grant {
        #[command(flatten)]
        db: DbArgs,
        /// Login email.
        #[arg(long)]
        email: String,
        /// The clinic's short name.
        #[arg(long)]
        clinic: String,
        /// `clinician` or `admin`.
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// Take a clinic off an account's list; its sessions end.
    Revoke {
        #[command(flatten)]
        db: DbArgs,
        /// Login email.
        #[arg(long)]
        email: String,
        /// The clinic's short name.
        #[arg(long)]
        clinic: String,
    },
    /// Change an account's role in a clinic (its sessions end); `grant` with a default clinic.
    SetRole {
        #[command(flatten)]
        db: DbArgs,
        /// Login email.
        #[arg(long)]
        email: String,
        /// `clinician` or `admin`.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The clinic's short name (default: the default clinic).
        #[arg(long)]
        clinic: Option<String>,
    },
    /// List every account with its status and number of sessions.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Refuse the account's logins and end its sessions at once.
    Disable {
        #[command(flatten)]
        db: DbArgs,
        /// Login email.
        #[arg(long)]
        email: String,
    },
    /// Let a disabled account log in again.
    Enable {
        #[command(flatten)]
        db: DbArgs,
        /// Login email.
        #[arg(long)]
        email: String,
    },
    /// Remove the account: it can never log in again, its email is free for a new account,
    /// and the history it wrote keeps its name.
    Remove {
        #[command(flatten)]
        db: DbArgs,
        /// Login email.
        #[arg(long)]
        email: String,
    },
    /// Set a new password (read from standard input) and end the account's sessions.
    ResetPassword {
        #[command(flatten)]
        db: DbArgs,
        /// Login email.
        #[arg(long)]
        email: String,
    },
    /// List the account's sessions.
    Sessions {
        #[command(flatten)]
        db: DbArgs,
        /// Login email.
        #[arg(long)]
        email: String,
    },
    /// End every session of the account (log out everywhere).
    EndSessions {
        #[command(flatten)]
        db: DbArgs,
        /// Login email.
        #[arg(long)]
        email: String,
    },
    /// Forget the account's second factor and recovery codes (a lost phone) and end its
    /// sessions; its next login sets a new one up.
    ResetMfa {
        #[command(flatten)]
        db: DbArgs,
        /// Login email.
        #[arg(long)]
        email: String,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| "the role is clinician or admin".to_owned())
}

fn open(db: &DbArgs) -> Result<Box<dyn Store>, String> {
    db.open()
}

fn read_password(email: &str) -> Result<String, String> {
    eprint!("Password for {email} (read from standard input): ");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| e.to_string())?;
    eprintln!();
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn no_account(email: &str) -> String {
    format!("no active or disabled staff account with email {email}")
}

fn time(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Runs one staff subcommand; the text to print, or why it failed.
pub fn run(command: &StaffCommand) -> Result<String, String> {
    let err = |e: crate::store::StoreError| e.to_string();
    let done_in = |store: &dyn Store, clinic: ClinicId, action: &str, email: &str| {
        record(store, Some(clinic), action, None, Some(email)).map_err(err)
    };
    let grant = |db: &DbArgs, email: &str, slug: Option<&str>, role: Role| {
        let store = open(db)?;
        let clinic = resolve(&*store, slug)?;
        if !store.grant_staff(clinic, email, role).map_err(err)? {
            return Err(no_account(email));
        }
        done_in(&*store, clinic, &format!("staff_set_role_{}", role.as_str()), email)?;
        let place = slug.unwrap_or("the default clinic");
        Ok(format!("{email} is now {} in {place}; its sessions have ended", role.as_str()))
    };
    match command {
        StaffCommand::Add { db, email, role, clinic } => {
            let email = email.trim();
            if !email.contains('@') || email.len() > 254 {
                return Err("give a valid email address".into());
            }
            let store = open(db)?;
            let clinic = resolve(&*store, clinic.as_deref())?;
            let hash =
                passwords::hash_new(&read_password(email)?, email).map_err(|e| e.to_string())?;
            store.add_staff(clinic, email, &hash, *role, Utc::now()).map_err(err)?;
            done_in(&*store, clinic, "staff_add", email)?;
            Ok(format!("staff account added: {email} ({})", role.as_str()))
        }
        StaffCommand::Grant { db, email, clinic, role } => grant(db, email, Some(clinic), *role),
        StaffCommand::SetRole { db, email, role, clinic } => {
            grant(db, email, clinic.as_deref(), *role)
        }
        StaffCommand::Revoke { db, email, clinic } => {
            let store = open(db)?;
            let id = resolve(&*store, Some(clinic))?;
            if !store.revoke_staff(id, email).map_err(err)? {
                return Err(format!("{email} has no role in {clinic}"));
            }
            done_in(&*store, id, "staff_revoke", email)?;
            Ok(format!("{email} no longer works for {clinic}; its sessions have ended"))
        }
        StaffCommand::List { db } => {
            let mut out = format!(
                "{:<5} {:<40} {:<24} {:<32} {:<4} {:<21} {:<21} {}",
                "id", "email", "clinic:role", "status", "mfa", "created", "last login", "sessions"
            );
            for s in open(db)?.staff_list().map_err(err)? {
                let status = match s.status {
                    StaffStatus::Active => "active".to_owned(),
                    StaffStatus::Disabled(at) => format!("disabled {}", time(at)),
                    StaffStatus::Removed(at) => format!("removed {}", time(at)),
                };
                let roles: Vec<String> = s
                    .memberships
                    .iter()
                    .map(|m| format!("{}:{}", m.slug, m.role.as_str()))
                    .collect();
                out.push_str(&format!(
                    "\n{:<5} {:<40} {:<24} {:<32} {:<4} {:<21} {:<21} {}",
                    s.id,
                    s.email,
                    roles.join(","),
                    status,
                    if s.mfa_enrolled { "yes" } else { "no" },
                    time(s.created_at),
                    s.last_login_at.map_or_else(|| "never".to_owned(), time),
                    s.sessions
                ));
            }
            Ok(out)
        }
        StaffCommand::Disable { db, email } => {
            change(db, email, Change::Disable)?;
            Ok(format!("disabled {email}; its sessions have ended"))
        }
        StaffCommand::Enable { db, email } => {
            change(db, email, Change::Enable)?;
            Ok(format!("enabled {email}"))
        }
        StaffCommand::Remove { db, email } => {
            change(db, email, Change::Remove)?;
            Ok(format!("removed {email}; its history keeps its name"))
        }
        StaffCommand::ResetPassword { db, email } => {
            let hash =
                passwords::hash_new(&read_password(email)?, email).map_err(|e| e.to_string())?;
            change(db, email, Change::SetPassword(hash))?;
            Ok(format!("new password set for {email}; its sessions have ended"))
        }
        StaffCommand::Sessions { db, email } => {
            let sessions =
                open(db)?.staff_sessions(email).map_err(err)?.ok_or_else(|| no_account(email))?;
            let mut out = format!("{} session(s) of {email}", sessions.len());
            for s in sessions {
                out.push_str(&format!(
                    "\nlogged in {}  last seen {}",
                    time(s.created_at),
                    time(s.last_seen_at)
                ));
            }
            Ok(out)
        }
        StaffCommand::EndSessions { db, email } => {
            let ended = change(db, email, Change::EndSessions)?;
            Ok(format!("ended {ended} session(s) of {email}"))
        }
        StaffCommand::ResetMfa { db, email } => {
            change(db, email, Change::ResetMfa)?;
            Ok(format!(
                "second factor of {email} reset; its sessions have ended and its next login sets up a new one"
            ))
        }
    }
}

/// One lifecycle change by the operator, through the decision the portal uses too.
fn change(db: &DbArgs, email: &str, change: Change) -> Result<usize, String> {
    let store = open(db)?;
    apply(&*store, &Actor::cli(), email, &change, Utc::now())
        .map_err(|e| e.to_string())?
        .map_err(|refused| refused.to_string())
}
