//! `cargo xtask fuzz [SECONDS]`: builds the cargo-fuzz targets (`testing/fuzz/`, nightly) and runs each
//! for SECONDS (default 60) from the committed corpus, then prints runs, execs/s and findings.
//! New inputs libFuzzer finds go to a scratch corpus, not the committed one; a crash input is
//! kept under `testing/fuzz/artifacts/<target>/` and becomes a regression test by hand.
//!
//! cargo-fuzz is installed on first use into `~/.cache/afterglow/tools/cargo-fuzz` (a few
//! minutes), so CI caches can keep it.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, bail};

pub const TARGETS: &[&str] = &["ffi_bytes", "protocol_json", "photo_import", "clinic_request"];

pub fn run(seconds: u64) -> anyhow::Result<()> {
    let path = ensure_cargo_fuzz()?;
    let root = crate::tools::root();
    let root = root.as_path();
    let fuzz_dir = root.join("testing/fuzz");
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| fuzz_dir.join("target"), |t| format!("{}-fuzz", t.display()).into());
    // No sanitizer: our crates forbid `unsafe`, and the C libraries (libjpeg-turbo, SQLite)
    // are built by their own build scripts without instrumentation anyway; plain builds are
    // several times faster to build and to run.
    let common = ["-s", "none", "-O", "--target-dir"];
    let cargo_fuzz = || {
        let mut command = Command::new("cargo");
        command.current_dir(&fuzz_dir).env("PATH", &path).args(["+nightly", "fuzz"]);
        // Fuzzed events can ask the core to link to a clinic: every request the clinic client
        // makes goes to a proxy on the discard port, which refuses it, so no input reaches a
        // real server, loopback included.
        for proxy in ["ALL_PROXY", "HTTP_PROXY", "HTTPS_PROXY"] {
            command.env(proxy, "http://127.0.0.1:9");
        }
        command.env_remove("NO_PROXY").env_remove("no_proxy");
        command
    };
    let status = cargo_fuzz().arg("build").args(common).arg(&target_dir).status()?;
    if !status.success() {
        bail!("cargo fuzz build failed");
    }
    let mut rows = Vec::new();
    for target in TARGETS {
        let scratch = std::env::temp_dir().join(format!("afterglow-fuzz-corpus-{target}"));
        std::fs::create_dir_all(&scratch)?;
        let out = cargo_fuzz()
            .arg("run")
            .args(common)
            .arg(&target_dir)
            .arg(target)
            .arg(&scratch)
            .arg(fuzz_dir.join("corpus").join(target))
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .args(["-print_final_stats=1", "-rss_limit_mb=4096", "-timeout=10"])
            .output()?;
        let log = String::from_utf8_lossy(&out.stderr);
        let stat = |name: &str| {
            log.lines()
                .find_map(|l| l.strip_prefix(&format!("stat::{name}:")))
                .map_or("?".to_owned(), |v| v.trim().to_owned())
        };
        let findings = if out.status.success() {
            "none".to_owned()
        } else {
            let artifact = log.lines().find(|l| l.contains("Test unit written to"));
            format!("FAILED: {}", artifact.unwrap_or("see the log below"))
        };
        if !out.status.success() {
            eprintln!("{log}");
        }
        rows.push((
            *target,
            stat("number_of_executed_units"),
            stat("average_exec_per_sec"),
            findings,
        ));
    }
    println!("\n| target | seconds | runs | execs/s | findings |\n|---|---|---|---|---|");
    for (target, runs, rate, findings) in &rows {
        println!("| {target} | {seconds} | {runs} | {rate} | {findings} |");
    }
    if rows.iter().any(|r| r.3 != "none") {
        bail!("fuzzing found a failing input");
    }
    Ok(())
}

/// A PATH where `cargo fuzz` works: cargo-fuzz from the tool cache (installed there first if
/// absent) ahead of the current PATH.
fn ensure_cargo_fuzz() -> anyhow::Result<std::ffi::OsString> {
    let home = std::env::var_os("HOME").context("HOME is not set")?;
    let root = PathBuf::from(home).join(".cache/afterglow/tools/cargo-fuzz");
    let binary = root.join("bin/cargo-fuzz");
    if !binary.exists() {
        println!("== installing cargo-fuzz into {}", root.display());
        let status = Command::new("cargo")
            .args(["install", "cargo-fuzz", "--locked", "--version", "0.13.2", "--root"])
            .arg(&root)
            .status()?;
        if !status.success() {
            bail!("cargo install cargo-fuzz failed");
        }
    }
    let mut dirs = vec![root.join("bin")];
    dirs.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    Ok(std::env::join_paths(dirs)?)
}
