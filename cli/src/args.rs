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
    /// Language of the patient's words: en or es [default: the locale in $LC_ALL, $LC_MESSAGES
    /// or $LANG; English when none names Spanish].
    #[arg(long, global = true, value_name = "TAG")]
    pub lang: Option<String>,
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
    /// Record a symptom check-in (taken "now", see --at) and see how it is triaged;
    /// `checkin list` shows the history.
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Checkin(CheckinArgs),
    /// The check-ins of the current session day by day, against the expected course.
    Trend(ZoneArg),
    /// The photo journal: add, list, compare, export, delete photos.
    #[command(subcommand)]
    Photo(PhotoCommand),
    /// Seed a demo series (in a temporary data dir unless --data-dir) and show today.
    Demo(ZoneArg),
    /// The pending reminder schedule, or its export as an iCalendar file.
    Reminders(RemindersArgs),
    /// Reminder preferences: preferred times, quiet hours, which kinds are on.
    #[command(subcommand)]
    Prefs(PrefsCommand),
    /// Write a PDF recovery report any clinic can file (a local file; nothing is sent).
    Report(ReportArgs),
    /// Export the record in a standard format (a local file; nothing is sent).
    #[command(subcommand)]
    Export(ExportCommand),
    /// Link this device to a clinic (invite code or QR URL), unlink it, or show the link.
    #[command(subcommand)]
    Clinic(ClinicCommand),
    /// Send chosen check-ins, photos and sessions to the linked clinic (through the outbox).
    Share(ShareArgs),
    /// What was shared and its state: queued, sent, or failed with what to do.
    Outbox,
    /// Send what is queued and due now.
    Sync,
}

#[derive(Subcommand, Debug)]
pub enum ClinicCommand {
    /// Enroll with the clinic's invite.
    Link {
        /// The clinic's address, e.g. https://clinic.example (not needed with a QR URL).
        #[arg(long, value_name = "URL", default_value = "")]
        server: String,
        /// The invite code (XXXX-XXXX-XXXX), or the QR code's afterglow://enroll?... URL.
        #[arg(long, value_name = "CODE")]
        code: String,
        /// Send "contact clinic" and "urgent" check-ins to the clinic as soon as they are made.
        #[arg(long)]
        auto_share: bool,
    },
    /// Ask the clinic to end this device's access, then forget its token and link (queued
    /// items stay, marked not sent). When the clinic cannot be reached the link is kept.
    Unlink {
        /// Forget the token and link on this device only, without asking the clinic (after it
        /// could not be reached).
        #[arg(long)]
        here_only: bool,
    },
    /// The link: clinic, phone, after-hours advice, auto-share, relink needed.
    Status,
}

#[derive(Args, Debug)]
pub struct ShareArgs {
    /// Which check-ins to send.
    #[arg(long, value_enum, default_value = "none")]
    pub checkins: CheckinsChoice,
    /// Send this journal photo; repeat for several.
    #[arg(long = "photo", value_name = "ID")]
    pub photos: Vec<i64>,
    /// Send this one check-in (e.g. the one a result offered to share); repeat for several.
    #[arg(long = "checkin", value_name = "ID")]
    pub checkin_ids: Vec<i64>,
    /// Send the treatment sessions.
    #[arg(long)]
    pub sessions: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum CheckinsChoice {
    All,
    /// Only "contact clinic today" and "urgent" results.
    Flagged,
    None,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Where to write the PDF.
    #[arg(long, value_name = "FILE.pdf")]
    pub out: std::path::PathBuf,
    /// Include this photo (as a thumbnail with its day); repeat for several.
    #[arg(long = "photo", value_name = "ID")]
    pub photos: Vec<i64>,
    /// The patient's current IANA zone for the times shown [default: the system zone].
    #[arg(long, value_name = "IANA")]
    pub tz: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// A FHIR R4 Bundle (type collection): Patient, Procedures, check-ins, chosen photos.
    Fhir {
        /// Where to write the JSON.
        #[arg(long, value_name = "FILE.json")]
        out: std::path::PathBuf,
        /// Include this photo (DocumentReference + Binary); repeat for several.
        #[arg(long = "photo", value_name = "ID")]
        photos: Vec<i64>,
    },
}

#[derive(Args, Debug)]
pub struct RemindersArgs {
    #[command(subcommand)]
    pub command: Option<RemindersCommand>,
    /// Plan from this RFC 3339 instant [default: --at, or the system clock].
    #[arg(long, global = true, value_name = "RFC3339")]
    pub from: Option<String>,
    /// The patient's current IANA zone [default: the system zone].
    #[arg(long, global = true, value_name = "IANA")]
    pub tz: Option<String>,
    /// How many reminders may be pending at once (the platform's cap) [default: 60].
    #[arg(long, value_name = "N")]
    pub limit: Option<u32>,
}

#[derive(Subcommand, Debug)]
pub enum RemindersCommand {
    /// Write every upcoming reminder and the series' milestones as an .ics file.
    Ics {
        #[arg(long, value_name = "FILE.ics")]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum PrefsCommand {
    /// Change preferences; what is not given keeps its value.
    Set(PrefsSet),
    /// Show the preferences.
    Show,
}

#[derive(Args, Debug)]
pub struct PrefsSet {
    /// Morning reminders (skincare, tasks, the nudge) at this local time, HH:MM.
    #[arg(long, value_name = "HH:MM")]
    pub morning: Option<String>,
    /// The check-in reminder at this local time, HH:MM.
    #[arg(long, value_name = "HH:MM")]
    pub evening: Option<String>,
    /// Quiet hours HH:MM-HH:MM (may cross midnight, e.g. 22:00-07:30).
    #[arg(long, value_name = "HH:MM-HH:MM", conflicts_with = "no_quiet")]
    pub quiet: Option<String>,
    /// No quiet hours at all.
    #[arg(long)]
    pub no_quiet: bool,
    /// Switch a kind off; repeat for several (morning_care, check_in, check_in_nudge, unlock, book_next_session, prep, results_photo).
    #[arg(long = "off", value_name = "KIND")]
    pub off: Vec<String>,
    /// Switch a kind back on; repeat for several.
    #[arg(long = "on", value_name = "KIND")]
    pub on: Vec<String>,
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
    #[arg(long, value_name = "MM", allow_hyphen_values = true)]
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
    /// A screening question answered "yes" for this session; repeat for several
    /// (`afterglow session add --help` lists them; each becomes a warning, never a refusal).
    #[arg(long = "screen", value_name = "KEY")]
    pub screening: Vec<String>,
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

#[derive(Args, Debug)]
pub struct CheckinArgs {
    #[command(subcommand)]
    pub command: Option<CheckinCommand>,
    /// Redness 0-4: 0 none, 1 faint pink, 2 pink, 3 red like a sunburn, 4 deep or dark red.
    #[arg(long, value_name = "0-4")]
    pub redness: Option<u8>,
    /// Swelling 0-3: 0 none, 1 slight, 2 clearly puffy, 3 very swollen.
    #[arg(long, value_name = "0-3")]
    pub swelling: Option<u8>,
    /// Pain 0-10 (0 none, 10 worst imaginable).
    #[arg(long, value_name = "0-10")]
    pub pain: Option<u8>,
    /// Itch 0-10 (0 none, 10 worst imaginable).
    #[arg(long, value_name = "0-10")]
    pub itch: Option<u8>,
    /// Temperature in degrees Celsius, e.g. 37.2 (read by the core, as the apps' forms are).
    #[arg(long, value_name = "C", conflicts_with = "temp_f", allow_negative_numbers = true)]
    pub temp_c: Option<String>,
    /// Temperature in degrees Fahrenheit, e.g. 99.1.
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub temp_f: Option<String>,
    /// What comes out of the skin: none, clear (or sticky), blood (spots), pus (cloudy, yellow,
    /// green, thick or smelly).
    #[arg(long, value_name = "KIND")]
    pub discharge: Option<String>,
    /// The treated area feels warmer than the skin around it.
    #[arg(long)]
    pub warmth: bool,
    /// Redness is spreading beyond the treated area.
    #[arg(long)]
    pub spreading: bool,
    /// Red streaks run from the area.
    #[arg(long)]
    pub streaks: bool,
    /// Blisters, cold-sore-like sores, or a tingling or burning patch.
    #[arg(long)]
    pub blisters: bool,
    /// Eye pain, a red eye, a change in vision, swelling closing the eye, or blisters or sores
    /// near the eye.
    #[arg(long)]
    pub eye: bool,
    /// Swelling of the lips, tongue or throat, trouble breathing, widespread hives, or feeling
    /// faint.
    #[arg(long)]
    pub allergy: bool,
    /// A racing heart or fast breathing, vomiting, dizziness or fainting, confusion, or cold and
    /// clammy skin.
    #[arg(long)]
    pub systemic: bool,
    /// Redness, swelling or pain worse than yesterday.
    #[arg(long)]
    pub worsening: bool,
    /// Bleeding that does not stop after 10-15 minutes of firm pressure.
    #[arg(long)]
    pub bleeding: bool,
    /// New firm bumps.
    #[arg(long)]
    pub bumps: bool,
    /// Dark patches.
    #[arg(long)]
    pub dark_patches: bool,
    /// Feeling feverish, shivery or unwell.
    #[arg(long)]
    pub unwell: bool,
    /// Anything else, in your words (up to 2,000 characters).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The patient's current IANA zone [default: the system zone].
    #[arg(long, value_name = "IANA")]
    pub tz: Option<String>,
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

#[derive(Subcommand, Debug)]
pub enum CheckinCommand {
    /// Every check-in, newest first, with its triage.
    List(ZoneArg),
}
