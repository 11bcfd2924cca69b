//! Load test of the clinic server on loopback (not part of `cargo test`).
//!
//! Starts the real `clinic serve` binary (from the same build directory) on a fresh database,
//! enrolls N simulated patients, and has each upload one check-in per interval for the given
//! duration. Reports throughput, latency percentiles and the server's peak RSS, then kills the
//! server (SIGKILL, so durability is part of the test) and checks that every acknowledged upload
//! is in the database exactly once.
//!
//! `cargo run --release -p clinic --bin clinic-loadtest -- --patients 200 --seconds 60`
//! (`--database-url postgres://… --clinics 50` runs it on PostgreSQL across 50 clinics)

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use clinic::admin::db::open_store;
use clinic::api::wire::EnrollResponse;
use clinic::invite::create_patient_invite;
use clinic::store::ClinicSettings;
use clinic::store::postgres::redact_url;
use serde_json::json;

mod support;

#[derive(Parser)]
#[command(name = "clinic-loadtest", about = "Load-test the clinic server on loopback")]
struct Args {
    /// Simulated patients (one enrolled device each).
    #[arg(long, default_value_t = 200)]
    patients: usize,
    /// How long each patient keeps uploading.
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Time between one patient's uploads.
    #[arg(long, default_value_t = 1000)]
    interval_ms: u64,
    /// Fail (exit 1) when p99 latency is above this many milliseconds.
    #[arg(long)]
    max_p99_ms: Option<f64>,
    /// The server binary (default: `clinic` next to this program).
    #[arg(long)]
    server: Option<PathBuf>,
    /// Run the server on this empty PostgreSQL database instead of a fresh SQLite file.
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
    /// Spread the patients over this many clinics (round robin), as a host serving many would.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    clinics: u32,
    /// Encrypt the SQLite file with a database key made for the run (SQLCipher, issue 19), to
    /// measure what encryption costs against a run without it.
    #[arg(long, conflicts_with = "database_url")]
    encrypted: bool,
}

#[derive(Default)]
struct Results {
    latencies_ms: Vec<f64>,
    acked_keys: Vec<String>,
    failures: std::collections::BTreeMap<String, u64>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("load test error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> anyhow::Result<bool> {
    let dir = std::env::temp_dir().join(format!("clinic-loadtest-{}", std::process::id()));
    clinic::datadir::create_private_dir(&dir)?;
    let db = dir.join("clinic.db");
    // The key lives beside the data folder, not in it (the server refuses that).
    let key_file = dir.with_extension("key");
    let key = if args.encrypted {
        let _ = std::fs::remove_file(&key_file);
        Some(clinic::store::sqlite::cipher::DbKey::create(&key_file)?)
    } else {
        None
    };
    let server_bin = match &args.server {
        Some(path) => path.clone(),
        None => std::env::current_exe()?.with_file_name("clinic"),
    };

    // Patients and invites are made directly in the database, as `clinic invite` would.
    let codes: Vec<String> = {
        let store = open_store(Some(&db), args.database_url.as_deref(), key.as_ref())?;
        let mut clinics = vec![store.default_clinic()?];
        for n in 1..args.clinics {
            let settings = ClinicSettings { name: format!("Load {n}"), ..Default::default() };
            clinics.push(store.add_clinic(&format!("load-{n}"), &settings, chrono::Utc::now())?);
        }
        (0..args.patients)
            .map(|i| {
                create_patient_invite(
                    &*store,
                    clinics[i % clinics.len()],
                    &format!("Load patient {i}"),
                    None,
                    chrono::Utc::now(),
                )
                .map(|invite| invite.code)
            })
            .collect::<Result<_, _>>()?
    };

    // All simulated phones enroll from one address, at once: room in the per-address and the
    // server-wide enrollment budgets; the per-device limits stay default.
    let burst = (args.patients + 10).to_string();
    let mut extra = vec!["--address-burst", &burst, "--global-burst", &burst];
    if let Some(url) = &args.database_url {
        extra.extend(["--database-url", url]);
    }
    let key_arg = key_file.to_string_lossy().into_owned();
    if args.encrypted {
        extra.extend(["--db-key-file", &key_arg]);
    }
    let server = support::start(&server_bin, &db, &extra)?;
    let (pid, url) = (server.pid, server.url.clone());
    let database =
        args.database_url.as_deref().map_or_else(|| db.display().to_string(), redact_url);
    println!("server {} (pid {pid}) at {url}; database {database}", server_bin.display());

    let runtime = tokio::runtime::Runtime::new()?;
    let (results, elapsed) = runtime.block_on(drive(args, &url, codes))?;
    let peak_kib = support::status_kib(pid, "VmHWM:");
    drop(server); // SIGKILL: acknowledged uploads must survive it.

    let ok = report(args, &results, elapsed, peak_kib, &db, key.as_ref())?;
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&key_file);
    Ok(ok)
}

async fn drive(args: &Args, url: &str, codes: Vec<String>) -> anyhow::Result<(Results, Duration)> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.patients)
        .timeout(Duration::from_secs(10))
        .build()?;
    let mut tokens = Vec::with_capacity(codes.len());
    for code in codes {
        let response = client
            .post(format!("{url}/api/v1/enroll"))
            .json(&json!({ "invite_code": code, "device_label": "load" }))
            .send()
            .await?;
        anyhow::ensure!(response.status() == 201, "enroll failed: {}", response.status());
        tokens.push(response.json::<EnrollResponse>().await?.token);
    }
    println!(
        "{} patients enrolled; uploading one check-in each every {} ms for {} s",
        tokens.len(),
        args.interval_ms,
        args.seconds
    );

    let results = Arc::new(Mutex::new(Results::default()));
    let interval = Duration::from_millis(args.interval_ms);
    let duration = Duration::from_secs(args.seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    let count = tokens.len().max(1) as u32;
    for (i, token) in tokens.into_iter().enumerate() {
        let client = client.clone();
        let results = Arc::clone(&results);
        let url = url.to_owned();
        // Spread the patients evenly over one interval, as real phones would be.
        let offset = interval * u32::try_from(i).unwrap_or(0) / count;
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(offset).await;
            let mut ticker = tokio::time::interval(interval);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut seq = 0u64;
            while started.elapsed() < duration {
                ticker.tick().await;
                let key = format!("lt-{i:04}-{seq:06}");
                seq += 1;
                let body = json!({
                    "recorded_at": chrono::Utc::now().to_rfc3339(),
                    "zone": "Europe/London",
                    "level": if seq.is_multiple_of(10) { "watch" } else { "expected" },
                    "rule_ids": [],
                    "answers": { "pain": seq % 11, "redness": seq % 5 },
                    "note": "load test",
                });
                let sent = Instant::now();
                let response = client
                    .post(format!("{url}/api/v1/checkins"))
                    .bearer_auth(&token)
                    .header("Idempotency-Key", &key)
                    .json(&body)
                    .send()
                    .await;
                let ms = sent.elapsed().as_secs_f64() * 1000.0;
                let mut r = results.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                match response {
                    Ok(resp) if resp.status() == 201 => {
                        r.latencies_ms.push(ms);
                        r.acked_keys.push(key);
                    }
                    Ok(resp) => *r.failures.entry(resp.status().to_string()).or_default() += 1,
                    Err(e) => *r.failures.entry(format!("transport: {e}")).or_default() += 1,
                }
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    let elapsed = started.elapsed();
    let results = Arc::try_unwrap(results)
        .map_err(|_| anyhow::anyhow!("results still shared"))?
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    Ok((results, elapsed))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// How many check-ins each idempotency key has, read straight from the database the killed
/// server wrote (on PostgreSQL across every clinic: this is the operator's count).
fn stored_keys(
    db: &std::path::Path,
    database_url: Option<&str>,
    key: Option<&clinic::store::sqlite::cipher::DbKey>,
) -> anyhow::Result<std::collections::HashMap<String, i64>> {
    let sql = "SELECT idempotency_key, count(*) FROM checkins GROUP BY idempotency_key";
    let mut out = std::collections::HashMap::new();
    match database_url {
        Some(url) => {
            let mut client = postgres::Client::connect(url, postgres::NoTls)?;
            let mut tx = client.transaction()?;
            tx.batch_execute("SET LOCAL app.clinic_id = '*'")?;
            for row in tx.query(sql, &[])? {
                out.insert(row.try_get(0)?, row.try_get(1)?);
            }
        }
        None => {
            let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
            let conn = clinic::store::sqlite::cipher::open(db, flags, key)?;
            let mut stmt = conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            for row in rows {
                let (key, n) = row?;
                out.insert(key, n);
            }
        }
    }
    Ok(out)
}

fn report(
    args: &Args,
    results: &Results,
    elapsed: Duration,
    peak_kib: Option<u64>,
    db: &std::path::Path,
    key: Option<&clinic::store::sqlite::cipher::DbKey>,
) -> anyhow::Result<bool> {
    let mut sorted = results.latencies_ms.clone();
    sorted.sort_by(f64::total_cmp);
    let acked = results.acked_keys.len();
    let failed: u64 = results.failures.values().sum();

    // Count every acknowledged key in the database after the server was killed.
    let stored_keys = stored_keys(db, args.database_url.as_deref(), key)?;
    let (mut lost, mut duplicated) = (0usize, 0usize);
    for key in &results.acked_keys {
        match stored_keys.get(key).copied().unwrap_or(0) {
            0 => lost += 1,
            1 => {}
            _ => duplicated += 1,
        }
    }
    let stored: i64 = stored_keys.values().sum();

    let p50 = percentile(&sorted, 50.0);
    let p99 = percentile(&sorted, 99.0);
    println!("--- clinic load test ---");
    println!("patients            {}", args.patients);
    println!("duration            {:.1} s", elapsed.as_secs_f64());
    println!("acknowledged (201)  {acked}");
    println!("failed              {failed} {:?}", results.failures);
    println!("throughput          {:.1} uploads/s", acked as f64 / elapsed.as_secs_f64());
    println!(
        "latency ms          p50 {p50:.2}  p90 {:.2}  p99 {p99:.2}  max {:.2}",
        percentile(&sorted, 90.0),
        sorted.last().copied().unwrap_or(f64::NAN)
    );
    match peak_kib {
        Some(kib) => println!("server peak RSS     {:.1} MiB (VmHWM)", kib as f64 / 1024.0),
        None => println!("server peak RSS     unavailable"),
    }
    println!("stored rows         {stored}");
    println!("lost acknowledged   {lost}");
    println!("duplicated          {duplicated}");
    let mut ok = lost == 0 && duplicated == 0 && acked > 0;
    if let Some(max) = args.max_p99_ms
        && p99 > max
    {
        println!("p99 {p99:.2} ms is above the {max} ms target");
        ok = false;
    }
    println!("result              {}", if ok { "PASS" } else { "FAIL" });
    Ok(ok)
}
