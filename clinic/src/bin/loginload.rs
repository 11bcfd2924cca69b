//! Login load test on loopback (not part of `cargo test`): what argon2 costs under a burst.
//!
//! Starts the real `clinic serve` binary on a fresh database with N staff accounts, then
//! fires N concurrent logins (each account once, correct password, so the per-account
//! lockout plays no part) for a number of rounds. Reports login latency percentiles, how the
//! logins were answered, and the server's peak RSS (VmHWM) — the numbers the password
//! semaphore is there to bound.
//!
//! `cargo run -p clinic --bin clinic-loginload -- --concurrent 50 --rounds 4`

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use clinic::passwords;
use clinic::store::sqlite::SqliteStore;
use clinic::store::{Role, Store};

mod support;

const PASSWORD: &str = "load test password 1";

#[derive(Parser)]
#[command(name = "clinic-loginload", about = "Concurrent staff logins against the clinic server")]
struct Args {
    /// Logins in flight at once (one staff account each).
    #[arg(long, default_value_t = 50)]
    concurrent: usize,
    /// How many bursts to send, one after the other.
    #[arg(long, default_value_t = 4)]
    rounds: usize,
    /// The server binary (default: `clinic` next to this program).
    #[arg(long)]
    server: Option<PathBuf>,
}

fn main() -> ExitCode {
    match run(&Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("login load test error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("clinic-loginload-{}", std::process::id()));
    clinic::datadir::create_private_dir(&dir)?;
    let db = dir.join("clinic.db");
    let server_bin = match &args.server {
        Some(path) => path.clone(),
        None => std::env::current_exe()?.with_file_name("clinic"),
    };
    {
        // One hash for every account: verifying costs the same, setting up stays quick.
        let hash = passwords::hash_new(PASSWORD, "staff@example.org")?;
        let store = SqliteStore::open(&db)?;
        let clinic = store.default_clinic()?;
        for i in 0..args.concurrent {
            let email = format!("staff{i}@example.org");
            store.add_staff(clinic, &email, &hash, Role::Clinician, chrono::Utc::now())?;
        }
    }
    // Every login comes from loopback: lift the per-address and server-wide limits out of the
    // way (this measures argon2, not the limiters).
    let lifted =
        ["--address-burst", "--address-per-minute", "--global-burst", "--global-per-minute"];
    let flags: Vec<&str> = lifted.iter().flat_map(|flag| [*flag, "100000"]).collect();
    let server = support::start(&server_bin, &db, &flags)?;
    let (pid, url) = (server.pid, server.url.clone());
    let idle_kib = support::status_kib(pid, "VmRSS:");

    let runtime = tokio::runtime::Runtime::new()?;
    let mut latencies = Vec::new();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for _ in 0..args.rounds {
        for (ms, status) in runtime.block_on(burst(&url, args.concurrent))? {
            latencies.push(ms);
            *statuses.entry(status).or_default() += 1;
        }
    }
    let peak_kib = support::status_kib(pid, "VmHWM:");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);

    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        let rank = ((p / 100.0) * (latencies.len().saturating_sub(1)) as f64).round() as usize;
        latencies.get(rank.min(latencies.len().saturating_sub(1))).copied().unwrap_or(f64::NAN)
    };
    let mib = |k: Option<u64>| k.map_or(f64::NAN, |k| k as f64 / 1024.0);
    println!("--- clinic login load test ---");
    println!("server              {}", server_bin.display());
    println!("concurrent logins   {} × {} rounds", args.concurrent, args.rounds);
    println!("answers             {statuses:?}");
    println!(
        "login latency ms    p50 {:.0}  p90 {:.0}  p99 {:.0}  max {:.0}",
        pct(50.0),
        pct(90.0),
        pct(99.0),
        pct(100.0)
    );
    println!("server RSS idle     {:.1} MiB", mib(idle_kib));
    println!("server peak RSS     {:.1} MiB (VmHWM)", mib(peak_kib));
    Ok(())
}

/// One burst: every account fetches the login form, then all post at once.
async fn burst(url: &str, n: usize) -> anyhow::Result<Vec<(f64, u16)>> {
    let mut forms = Vec::new();
    for i in 0..n {
        let http =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
        let page = http.get(format!("{url}/login")).send().await?.text().await?;
        let marker = "name=\"csrf\" value=\"";
        let start = page.find(marker).ok_or_else(|| anyhow::anyhow!("no csrf"))? + marker.len();
        let csrf = page.get(start..start + 64).unwrap_or_default().to_owned();
        forms.push((http, format!("staff{i}@example.org"), csrf));
    }
    let gate = std::sync::Arc::new(tokio::sync::Barrier::new(n));
    let mut tasks = Vec::new();
    for (http, email, csrf) in forms {
        let (url, gate) = (url.to_owned(), std::sync::Arc::clone(&gate));
        tasks.push(tokio::spawn(async move {
            gate.wait().await;
            let started = Instant::now();
            let response = http
                .post(format!("{url}/login"))
                .header("cookie", format!("clinic_login_csrf={csrf}"))
                .form(&[("email", email.as_str()), ("password", PASSWORD), ("csrf", &csrf)])
                .send()
                .await?;
            Ok::<_, reqwest::Error>((
                started.elapsed().as_secs_f64() * 1000.0,
                response.status().as_u16(),
            ))
        }));
    }
    let mut out = Vec::new();
    for task in tasks {
        out.push(task.await??);
    }
    Ok(out)
}
