//! `clinic`: the clinic server and its admin commands.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use clinic::admin::audit::AuditCommand;
use clinic::admin::clinics::{ClinicCommand, resolve};
use clinic::admin::db::DbArgs;
use clinic::admin::db_key::DbKeyCommand;
use clinic::admin::patients::PatientCommand;
use clinic::admin::photo_key::PhotoKeyCommand;
use clinic::admin::staff::StaffCommand;
use clinic::alerts::AlertFlags;
use clinic::client_addr::{ProxyConfig, ProxyHeader};
use clinic::invite::{create_patient_invite, qr_png, qr_terminal, validate_protocol};
use clinic::ratelimit::RateLimit;
use clinic::state::Limits;
use clinic::store::sqlite::cipher::DbKey;
use clinic::store::{SettingsUpdate, Store};
use clinic::{Operations, ServeConfig, admin};

#[derive(Parser)]
#[command(name = "clinic", about = "Afterglow clinic server: enrollment, share API, staff portal")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once at start and matched at once: the size of `Serve` (its flags) costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server.
    Serve {
        /// SQLite database file (created if absent); photos go to `<file>.photos/`.
        #[arg(long, required_unless_present = "database_url", conflicts_with = "database_url")]
        db: Option<PathBuf>,
        /// A PostgreSQL database instead of the file: postgres://USER:PASSWORD@HOST:PORT/NAME
        /// (the role must own the database and must not bypass row-level security). Photos
        /// then go to `<data-dir>/clinic.db.photos/`, where a SQLite server keeps them.
        #[arg(
            long,
            value_name = "URL",
            requires = "data_dir",
            env = "AFTERGLOW_DATABASE_URL",
            hide_env_values = true
        )]
        database_url: Option<String>,
        /// With --database-url: the folder for photos.
        #[arg(long, requires = "database_url")]
        data_dir: Option<PathBuf>,
        /// Address to listen on (port 0 picks a free one and prints it).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Mark cookies `Secure` (set this when patients and staff reach the server over HTTPS,
        /// e.g. behind a TLS-terminating proxy).
        #[arg(long)]
        secure_cookies: bool,
        /// Requests a device may make at once on the share API.
        #[arg(long, default_value_t = 30)]
        device_burst: u32,
        /// Requests per minute a device may make after the burst.
        #[arg(long, default_value_t = 120)]
        device_per_minute: u32,
        /// Days a device token may go unused before the server refuses it (401; the portal
        /// shows the device as expired). The app then asks the patient to link again.
        #[arg(long, default_value_t = share_api::DEFAULT_DEVICE_IDLE_DAYS, value_parser = clap::value_parser!(u32).range(1..=3650))]
        device_idle_days: u32,
        /// MiB of photos one device may have stored; past it uploads get 413.
        #[arg(long, default_value_t = 1024)]
        device_photo_quota_mib: u64,
        /// MiB of photos one patient may have stored, all devices together.
        #[arg(long, default_value_t = 2048)]
        patient_photo_quota_mib: u64,
        /// Enrollment, login and second-factor attempts a client address (an IPv6 /64) may make
        /// at once, each kind counted apart.
        #[arg(long, default_value_t = 20)]
        address_burst: u32,
        /// Enrollment and login attempts per minute per client address after the burst.
        #[arg(long, default_value_t = 30)]
        address_per_minute: u32,
        /// Logins (and, apart, enrollments and second-factor codes) the whole server accepts at
        /// once, whatever the number of client addresses.
        #[arg(long, default_value_t = 200)]
        global_burst: u32,
        /// Server-wide logins (enrollments, codes) per minute after the burst.
        #[arg(long, default_value_t = 600)]
        global_per_minute: u32,
        /// A proxy (CIDR or address) whose forwarding header names the client, e.g. the
        /// TLS-terminating proxy on 127.0.0.1/32; repeat for several. Without it those headers
        /// are ignored, and never believed from any other peer.
        #[arg(
            long = "trusted-proxy",
            value_name = "CIDR",
            value_parser = clinic::client_addr::parse_cidr
        )]
        trusted_proxies: Vec<ipnet::IpNet>,
        /// The header the trusted proxies write (only that one is read).
        #[arg(long, value_enum, default_value_t = ProxyHeader::XForwardedFor)]
        proxy_header: ProxyHeader,
        /// Serve the built patient web app from this directory under `/app/` on `--app-addr`
        /// (its own origin; never on `--addr`, where the portal is).
        #[arg(long, requires = "app_addr")]
        web_dir: Option<PathBuf>,
        /// The patient web app's own address (e.g. 127.0.0.1:8081, behind the proxy for
        /// app.clinic.example): the app and the device API, not the portal.
        #[arg(long, requires = "web_dir")]
        app_addr: Option<SocketAddr>,
        /// Connections open at once; more are closed on arrival.
        #[arg(long, default_value_t = 1024)]
        max_connections: usize,
        /// Seconds a client has to send a request's headers.
        #[arg(long, default_value_t = 10)]
        header_timeout_secs: u64,
        /// Seconds for a whole request, body included (408 after).
        #[arg(long, default_value_t = 60)]
        request_timeout_secs: u64,
        /// FHIR downloads built at once (each holds the whole Bundle in memory, up to about
        /// 90 MiB with photos); more get 503 with Retry-After.
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
        fhir_downloads: u32,
        /// Start even if the data folder is readable by group or others (it should be 0700).
        #[arg(long)]
        allow_open_permissions: bool,
        /// Erase patients whose record has been closed (no activity, no urgent or
        /// contact-clinic check-in waiting) this many days, at start and then daily; audited.
        /// Off unless given.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        retention_days: Option<u32>,
        /// Encrypt photos at rest with this key (`clinic photo-key new PATH`; 0600, outside the
        /// data folder). Plaintext photo files are sealed at start. Without it photos are
        /// stored unencrypted (a warning is logged).
        #[arg(long, value_name = "PATH")]
        photo_key_file: Option<PathBuf>,
        /// Encrypt the SQLite database at rest with this key (`clinic db-key new PATH`; 0600,
        /// outside the data folder; SQLCipher). A plaintext database is encrypted at start.
        /// Without it the database is stored unencrypted (a warning is logged).
        #[arg(long, value_name = "PATH", env = "AFTERGLOW_DB_KEY_FILE")]
        db_key_file: Option<PathBuf>,
        #[command(flatten)]
        alerts: AlertFlags,
    },
    /// Manage clinics (one server can hold several, each walled off from the others).
    Clinic {
        #[command(subcommand)]
        command: ClinicCommand,
    },
    /// Manage staff accounts and their roles in each clinic.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Create a patient and a single-use invite; prints the code and a QR code.
    Invite {
        #[command(flatten)]
        db: DbArgs,
        /// Patient's name (shown only to staff).
        #[arg(long)]
        name: String,
        /// The clinic's short name (default: the default clinic).
        #[arg(long)]
        clinic: Option<String>,
        /// Care protocol JSON for this patient (validated like the app does); default: the
        /// app's built-in protocol.
        #[arg(long)]
        protocol: Option<PathBuf>,
        /// Where to write the QR code PNG (default: `invite-<code>.png` here).
        #[arg(long)]
        png: Option<PathBuf>,
    },
    /// Photo keys: make one, rotate photos to a new one.
    PhotoKey {
        #[command(subcommand)]
        command: PhotoKeyCommand,
    },
    /// Database keys: make one, rotate the SQLite file to a new one.
    DbKey {
        #[command(subcommand)]
        command: DbKeyCommand,
    },
    /// Patient records: erasure.
    Patient {
        #[command(subcommand)]
        command: PatientCommand,
    },
    /// Copy the database (consistent even while the server runs) and its photos to a new
    /// folder.
    Backup {
        /// Database file.
        #[arg(long)]
        db: PathBuf,
        /// New (or empty) folder for the backup.
        #[arg(long)]
        to: PathBuf,
        /// The database key of an encrypted database; the backup stays encrypted with it.
        #[arg(long, value_name = "PATH", env = "AFTERGLOW_DB_KEY_FILE")]
        db_key_file: Option<PathBuf>,
    },
    /// Check a backup and restore it into a new data folder (`<to>/clinic.db`).
    Restore {
        /// The backup folder.
        #[arg(long)]
        from: PathBuf,
        /// New (or empty) data folder.
        #[arg(long)]
        to: PathBuf,
        /// The database key the backup was taken under (an encrypted backup needs it).
        #[arg(long, value_name = "PATH", env = "AFTERGLOW_DB_KEY_FILE")]
        db_key_file: Option<PathBuf>,
    },
    /// Copy a SQLite server's records into a new PostgreSQL database, verified table by table
    /// (row counts and checksums); nothing is committed unless every table matches.
    MigrateToPostgres {
        /// The SQLite database file (stop the server first: uploads after the copy began
        /// would not be in it).
        #[arg(long)]
        db: PathBuf,
        /// The new, empty PostgreSQL database.
        #[arg(long, value_name = "URL", env = "AFTERGLOW_DATABASE_URL", hide_env_values = true)]
        database_url: String,
        /// The database key of an encrypted SQLite file.
        #[arg(long, value_name = "PATH", env = "AFTERGLOW_DB_KEY_FILE")]
        db_key_file: Option<PathBuf>,
    },
    /// Check the audit log's hash chain.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Set what the app is told about a clinic at enrollment, its care protocol, and the
    /// server's public URL.
    Settings {
        #[command(flatten)]
        db: DbArgs,
        /// The clinic's short name (default: the default clinic).
        #[arg(long)]
        clinic: Option<String>,
        /// Clinic name.
        #[arg(long)]
        name: Option<String>,
        /// Phone number.
        #[arg(long)]
        phone: Option<String>,
        /// After-hours advice.
        #[arg(long)]
        after_hours: Option<String>,
        /// Care protocol JSON for the clinic's new patients (validated like the app does).
        #[arg(long)]
        protocol: Option<PathBuf>,
        /// URL the app uses to reach this server, for every clinic (goes into invite QR codes).
        #[arg(long)]
        public_url: Option<String>,
        /// Where the clinic's email alerts go, replacing its list (repeat for more, at most
        /// 10); a clinic with none uses the server's --smtp-to.
        #[arg(long, value_name = "ADDRESS")]
        alert_email: Vec<String>,
        /// Forget the clinic's alert addresses (its alerts go to --smtp-to again).
        #[arg(long, conflicts_with = "alert_email")]
        clear_alert_emails: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve {
            db,
            database_url,
            data_dir,
            addr,
            secure_cookies,
            device_burst,
            device_per_minute,
            device_idle_days,
            device_photo_quota_mib,
            patient_photo_quota_mib,
            address_burst,
            address_per_minute,
            global_burst,
            global_per_minute,
            trusted_proxies,
            proxy_header,
            web_dir,
            app_addr,
            max_connections,
            header_timeout_secs,
            request_timeout_secs,
            fhir_downloads,
            allow_open_permissions,
            retention_days,
            photo_key_file,
            db_key_file,
            alerts,
        } => {
            let limits = Limits {
                secure_cookies,
                device_rate: RateLimit { burst: device_burst, per_minute: device_per_minute },
                address_rate: RateLimit { burst: address_burst, per_minute: address_per_minute },
                global_rate: RateLimit { burst: global_burst, per_minute: global_per_minute },
                proxies: ProxyConfig { trusted: trusted_proxies, header: proxy_header },
                device_idle_days,
                device_photo_quota: device_photo_quota_mib.saturating_mul(1024 * 1024),
                patient_photo_quota: patient_photo_quota_mib.saturating_mul(1024 * 1024),
                max_connections,
                header_timeout: std::time::Duration::from_secs(header_timeout_secs),
                request_timeout: std::time::Duration::from_secs(request_timeout_secs),
                fhir_downloads: fhir_downloads as usize,
                ..Limits::default()
            };
            alerts.into_config().and_then(|alerts| {
                let ops = Operations {
                    alerts,
                    allow_open_permissions,
                    retention_days,
                    photo_key_file,
                    db_key_file,
                };
                // With PostgreSQL, `db` only places the photos, as a SQLite server beside them.
                let db = db
                    .or_else(|| data_dir.map(|d| d.join(clinic::backup::DB_FILE)))
                    .unwrap_or_default();
                serve(ServeConfig { db, database_url, addr, limits, web_dir, app_addr }, ops)
            })
        }
        Command::Clinic { command } => admin::clinics::run(&command).map(|out| println!("{out}")),
        Command::Staff { command } => admin::staff::run(&command).map(|out| println!("{out}")),
        Command::PhotoKey { command } => {
            admin::photo_key::run(&command).map(|out| println!("{out}"))
        }
        Command::DbKey { command } => admin::db_key::run(&command).map(|out| println!("{out}")),
        Command::Patient { command } => {
            admin::patients::run(&command).map(|out| println!("{out}"))
        }
        Command::Invite { db, name, clinic, protocol, png } => {
            invite(&db, &name, clinic.as_deref(), protocol.as_deref(), png.as_deref())
        }
        Command::Settings {
            db,
            clinic,
            name,
            phone,
            after_hours,
            protocol,
            public_url,
            alert_email,
            clear_alert_emails,
        } => {
            // Some(empty) clears the list; None leaves it as it is.
            let alert_emails = (clear_alert_emails || !alert_email.is_empty()).then_some(alert_email);
            let change =
                SettingsChange { name, phone, after_hours, protocol, public_url, alert_emails };
            settings(&db, clinic.as_deref(), change)
        }
        Command::Backup { db, to, db_key_file } => db_key(&db, db_key_file.as_deref())
            .and_then(|key| clinic::backup::backup(&db, &to, key.as_ref()).map_err(|e| e.to_string()))
            .map(|m| println!("backup of {} taken at {}: {} photos ({} encrypted; the photo key is not in the backup)", db.display(), m.taken_at.to_rfc3339(), m.photos, m.sealed_photos)),
        Command::Restore { from, to, db_key_file } => db_key(&from.join(clinic::backup::DB_FILE), db_key_file.as_deref())
            .and_then(|key| clinic::backup::restore(&from, &to, key.as_ref()).map_err(|e| e.to_string()))
            .map(|m| {
                println!(
                    "restored the backup taken at {} ({} photos); start it with: clinic serve --db {}",
                    m.taken_at.to_rfc3339(),
                    m.photos,
                    to.join(clinic::backup::DB_FILE).display()
                );
            }),
        Command::MigrateToPostgres { db, database_url, db_key_file } => db_key(&db, db_key_file.as_deref())
            .and_then(|key| admin::to_postgres::run(&db, &database_url, key.as_ref()))
            .map(|report| println!("{report}")),
        Command::Audit { command: AuditCommand::Verify { db } } => {
            return audit_verify(&db);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The database key for the SQLite file `db`, checked like the server checks it (0600/0400,
/// outside `db`'s folder).
fn db_key(db: &Path, file: Option<&Path>) -> Result<Option<DbKey>, String> {
    file.map(|file| DbKey::load(file, Some(&clinic::datadir::folder_of(db))))
        .transpose()
        .map_err(|e| e.to_string())
}

fn serve(config: ServeConfig, ops: Operations) -> Result<(), String> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let bound = clinic::bind_with(&config, ops).await.map_err(|e| e.to_string())?;
        let addr = bound.local_addr().map_err(|e| e.to_string())?;
        // Tests and scripts read this line to learn the port.
        println!("listening on http://{addr}");
        if let Some(app) = bound.app_addr() {
            // The second line, when the patient app is served: its own address.
            println!("patient app on http://{}", app.map_err(|e| e.to_string())?);
        }
        let _ = std::io::stdout().flush();
        tracing::info!(%addr, "clinic server started");
        bound
            .run(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| e.to_string())
    })
}

fn audit_verify(db: &DbArgs) -> ExitCode {
    match open(db).and_then(|store| admin::audit::verify(&*store).map_err(|e| e.to_string())) {
        Ok((report, intact)) => {
            println!("{report}");
            if intact { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn open(db: &DbArgs) -> Result<Box<dyn Store>, String> {
    db.open()
}

fn read_protocol(protocol: Option<&Path>) -> Result<Option<String>, String> {
    protocol
        .map(|p| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display())))
        .transpose()
}

fn invite(
    db: &DbArgs,
    name: &str,
    clinic: Option<&str>,
    protocol: Option<&Path>,
    png: Option<&Path>,
) -> Result<(), String> {
    let store = open(db)?;
    let clinic = resolve(&*store, clinic)?;
    let protocol_json = read_protocol(protocol)?;
    let now = chrono::Utc::now();
    let created = create_patient_invite(&*store, clinic, name, protocol_json.as_deref(), now)
        .map_err(|e| e.to_string())?;
    admin::record(&*store, Some(clinic), "create_patient_invite", Some(&created.patient_id), None)
        .map_err(|e| e.to_string())?;
    let png_path = png
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(format!("invite-{}.png", created.code)));
    let image = qr_png(&created.link).map_err(|e| e.to_string())?;
    std::fs::write(&png_path, image).map_err(|e| format!("{}: {e}", png_path.display()))?;
    println!("{}", qr_terminal(&created.link).map_err(|e| e.to_string())?);
    println!("invite code: {}", created.code);
    println!("patient id:  {}", created.patient_id);
    println!("expires:     {}", created.expires_at.to_rfc3339());
    println!("link:        {}", created.link);
    println!("QR code PNG: {}", png_path.display());
    Ok(())
}

/// What `clinic settings` was asked to change.
struct SettingsChange {
    name: Option<String>,
    phone: Option<String>,
    after_hours: Option<String>,
    protocol: Option<PathBuf>,
    public_url: Option<String>,
    alert_emails: Option<Vec<String>>,
}

fn settings(db: &DbArgs, clinic: Option<&str>, change: SettingsChange) -> Result<(), String> {
    let store = open(db)?;
    let clinic = resolve(&*store, clinic)?;
    let err = |e: clinic::store::StoreError| e.to_string();
    // Only the fields given are written (issue 19): a change made meanwhile on the portal's
    // settings page to another field is kept.
    let mut update = SettingsUpdate {
        name: change.name,
        phone: change.phone,
        after_hours_advice: change.after_hours,
        ..SettingsUpdate::default()
    };
    if let Some(text) = read_protocol(change.protocol.as_deref())? {
        update.protocol_json = Some(Some(validate_protocol(&text).map_err(|e| e.to_string())?));
    }
    if let Some(list) = change.alert_emails {
        // Each flag is one address: a value holding a comma or line break is refused whole.
        update.alert_emails = Some(
            clinic::alerts::recipients::check_addresses(list.iter().map(String::as_str))
                .map_err(|e| e.to_string())?,
        );
    }
    store.update_settings(clinic, &update).map_err(err)?;
    let s = store.settings(clinic).map_err(err)?;
    if let Some(url) = change.public_url {
        store.set_public_url(&url).map_err(err)?;
    }
    admin::record(&*store, Some(clinic), "settings_changed", None, None).map_err(err)?;
    let protocol = if s.protocol_json.is_some() { "the clinic's own" } else { "the app's" };
    let alerts = if s.alert_emails.is_empty() {
        "the server's --smtp-to".to_owned()
    } else {
        s.alert_emails.join(", ")
    };
    println!(
        "name:        {}\nphone:       {}\nafter hours: {}\nprotocol:    {protocol}\nalerts to:   {alerts}\npublic url:  {}",
        s.name,
        s.phone,
        s.after_hours_advice,
        store.public_url().map_err(err)?
    );
    Ok(())
}
