//! Command-line syntax.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "afterglow",
    version,
    about = "Microneedling aftercare companion (terminal shell)"
)]
pub struct Cli {
    /// Where the patient's data lives [default: the platform data dir, or $AFTERGLOW_DATA_DIR].
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Print machine-readable JSON on stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// Treat this RFC 3339 instant as "now" [default: the system clock]. For `photo add`: when
    /// the photo was taken (overrides the camera's date).
    #[arg(long, global = true, value_name = "RFC3339")]
    pub at: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Add or list treatment sessions.
    #[command(subcommand)]
    Session(SessionCommand),
    /// Today's do's and don'ts, unlock times, what to expect and what comes next.
    Today(ZoneArg),
    /// The whole series: sessions, unlocks, milestones, preparation tasks.
    Timeline(ZoneArg),
    /// Profile flags that change the advice (cold sores, skin type, ...).
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Use a clinic's care protocol, or go back to the default.
    #[command(subcommand)]
    Protocol(ProtocolCommand),
    /// The photo journal: add, list, compare, export, delete photos.
    #[command(subcommand)]
    Photo(PhotoCommand),
    /// Seed a demo series (in a temporary data dir unless --data-dir) and show today.
    Demo(ZoneArg),
}

#[derive(Args, Debug)]
pub struct ZoneArg {
    /// The patient's current IANA zone [default: the system zone].
    #[arg(long, value_name = "IANA")]
    pub tz: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum SessionCommand {
    /// Record a session (or book one with --planned).
    Add(SessionAdd),
    /// List the sessions of the series.
    List(ZoneArg),
    /// Delete a session by id.
    Delete { id: i64 },
}

#[derive(Args, Debug)]
pub struct SessionAdd {
    /// RFC 3339 instant, or local YYYY-MM-DDTHH:MM in --tz.
    #[arg(long)]
    pub start: String,
    /// IANA zone where the session takes place.
    #[arg(long, value_name = "IANA")]
    pub tz: String,
    /// Needle depth in millimetres, e.g. 1.5 (up to 3).
    #[arg(long, value_name = "MM")]
    pub depth_mm: String,
    /// Treated area; repeat for several (face, neck, decolletage, hands, scalp, body, scars, stretch_marks).
    #[arg(long = "area", required = true, value_name = "AREA")]
    pub areas: Vec<String>,
    #[arg(long)]
    pub device: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
    /// The session is booked, not done (must be in the future).
    #[arg(long)]
    pub planned: bool,
}

#[derive(Subcommand, Debug)]
pub enum ProfileCommand {
    /// Set profile flags; flags not given keep their value.
    Set(ProfileSet),
    /// Show the profile and what it means for the advice.
    Show,
}

#[derive(Args, Debug)]
pub struct ProfileSet {
    #[arg(long, value_name = "BOOL")]
    pub cold_sores: Option<bool>,
    /// Fitzpatrick skin type 1-6 (0 to clear).
    #[arg(long, value_name = "1-6")]
    pub fitzpatrick: Option<u8>,
    #[arg(long, value_name = "BOOL")]
    pub pregnant: Option<bool>,
    /// Isotretinoin taken in the last 6 months.
    #[arg(long, value_name = "BOOL")]
    pub isotretinoin: Option<bool>,
    #[arg(long, value_name = "BOOL")]
    pub anticoagulants: Option<bool>,
    #[arg(long, value_name = "BOOL")]
    pub keloid: Option<bool>,
}

#[derive(Subcommand, Debug)]
pub enum ProtocolCommand {
    /// Use the care protocol in FILE (JSON, checked first).
    Use { file: PathBuf },
    /// Go back to the shipped default protocol.
    Default,
    /// Show the protocol in use.
    Show,
    /// Print the shipped default protocol's JSON (a starting point for clinics).
    Template,
}

#[derive(Subcommand, Debug)]
pub enum PhotoCommand {
    /// Add a JPEG or PNG photo (HEIC: convert to JPEG first); prints its id.
    Add(PhotoAdd),
    /// List the journal: photos by session and day.
    List(ZoneArg),
    /// Write two photos side by side, with their day labels, as a PNG.
    Compare {
        first_id: i64,
        second_id: i64,
        #[arg(long, value_name = "FILE.png")]
        out: PathBuf,
    },
    /// Copy a stored photo (upright, without metadata) to a JPEG file.
    Export {
        id: i64,
        #[arg(long, value_name = "FILE.jpg")]
        out: PathBuf,
    },
    /// Delete a photo and its files.
    Delete { id: i64 },
}

#[derive(Args, Debug)]
pub struct PhotoAdd {
    pub file: PathBuf,
    /// Treated area shown (face, neck, decolletage, hands, scalp, body, scars, stretch_marks).
    #[arg(long, value_name = "AREA")]
    pub area: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    /// The patient's current IANA zone [default: the system zone].
    #[arg(long, value_name = "IANA")]
    pub tz: Option<String>,
}
