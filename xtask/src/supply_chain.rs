//! `cargo deny` in the test run (security review L10): the licences, banned or duplicated crates
//! and crate sources of `deny.toml`, and the RustSec advisories when a copy of the advisory
//! database is on this machine.
//!
//! The advisory database is a Git repository on GitHub, which CI machines here cannot reach, so
//! the run never fetches it. Where deny.toml's `db-path` (`~/.cache/afterglow/advisory-dbs`) holds
//! a copy — filled by `cargo deny fetch` on a machine with GitHub access, or a clone of
//! rustsec/advisory-db — advisories are checked against it, offline; without one the run says so
//! in its log rather than passing in silence.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, bail};

const CARGO_DENY_VERSION: &str = "0.20.2";

pub fn run() -> anyhow::Result<()> {
    let deny = cargo_deny()?;
    let mut checks = vec!["licenses", "bans", "sources"];
    let mut command = Command::new(&deny);
    // cargo-deny reads every crate of the lock file, optional ones too: cargo downloads them from
    // the registry first, so that cargo-deny itself can run `--offline` and never tries GitHub.
    crate::cargo(&["fetch", "--locked"])?;
    command.args(["--offline", "--locked", "--log-level", "error"]);
    match advisory_dbs() {
        Some(dbs) => {
            println!("== supply chain: advisories from {}", dbs.display());
            checks.push("advisories");
        }
        None => println!(
            "== supply chain: advisories NOT checked: no local RustSec advisory database in \
             ~/.cache/afterglow/advisory-dbs (GitHub is not reachable from here)"
        ),
    }
    println!("== supply chain: cargo deny check {}", checks.join(" "));
    let status = command.arg("check").args(&checks).status().context("running cargo-deny")?;
    if !status.success() {
        bail!("cargo deny check {} failed ({status})", checks.join(" "));
    }
    Ok(())
}

/// deny.toml's advisory folder, if it holds a database (cargo-deny leaves a `db.lock` behind
/// even when it does not check advisories).
fn advisory_dbs() -> Option<PathBuf> {
    let dbs = PathBuf::from(std::env::var_os("HOME")?).join(".cache/afterglow/advisory-dbs");
    let mut entries = std::fs::read_dir(&dbs).ok()?.flatten();
    entries.any(|e| e.file_name().to_string_lossy().starts_with("advisory-db")).then_some(dbs)
}

/// cargo-deny of a fixed version, installed once into the tool cache (a few minutes).
fn cargo_deny() -> anyhow::Result<PathBuf> {
    let home = std::env::var_os("HOME").context("HOME is not set")?;
    let root = PathBuf::from(home).join(".cache/afterglow/tools/cargo-deny");
    let binary = root.join("bin/cargo-deny");
    let current = Command::new(&binary)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(CARGO_DENY_VERSION));
    if !current {
        println!("== installing cargo-deny {CARGO_DENY_VERSION} into {} (once)", root.display());
        let status = Command::new("cargo")
            .args(["install", "cargo-deny", "--locked", "--version", CARGO_DENY_VERSION, "--root"])
            .arg(&root)
            .status()?;
        if !status.success() {
            bail!("cargo install cargo-deny failed");
        }
    }
    Ok(binary)
}
