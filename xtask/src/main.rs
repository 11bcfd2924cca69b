//! The project's front door: `cargo xtask <verb>`. CI runs `cargo xtask test`, the same command
//! the README gives.

use std::process::{Command, ExitCode};

use anyhow::{Context, bail};

mod android;
mod android_platform;
mod app_icon;
mod bench;
mod clean_root;
mod compose_desktop;
mod compose_tools;
mod compress;
mod crash;
mod distribution_audit;
mod fuzz;
mod generate;
mod ios;
mod jvm;
mod keywords;
mod manifest_audit;
mod postgres;
mod setup;
mod shell_words;
mod supply_chain;
mod swift_check;
mod swift_root;
mod tools;
mod trixie_root;
mod web;

const USAGE: &str = "usage: cargo xtask <verb>
  dev      the main job: build the web app, start the clinic server with a demo account and invite,
           serving the patient app (/app/) and the staff portal on 127.0.0.1:8080
  web-build  the wasm core, the TypeScript types and the web app (web/dist)
  web-test the web app's browser tests (headless Chromium) against a demo clinic server
  test     formatting, lints, the core's sans-I/O check, the permission audit, every test, a short crash
           test, the JVM bindings test, the Compose screens and their desktop UI tests, the Swift build and XCTest (as root)
  setup    install what `test` needs and this machine lacks (root + apt), or print the apt-get line
  setup-check  run `setup` on a clean Debian 12 root (debootstrap, cached): it must install everything
  web-storage-check  the record's storage in Chromium: SQLite in wasm on OPFS in a worker (part of `web-test`)
  test-postgres  the clinic server's integration suite on a throwaway PostgreSQL (part of `test`)
  load-test [PATIENTS SECONDS]  the clinic server under load, release build (default 200 for 60 s)
  jvm-bench  the per-event round trip from Kotlin (release library) and the library size
  crash-test [N]  SIGKILL a writer (check-ins + photo imports) N times (default 200); check nothing acknowledged is lost
  fuzz [SECONDS]  build the cargo-fuzz targets (nightly) and run each SECONDS (default 60) from the committed corpus
  jvm-test the mobile library's Kotlin bindings + Android Core class on a JVM; Swift bindings checked
  swift-test  the iOS app's non-UI Swift, the generated types and bindings built with Swift 6 in a
           Debian 13 root (debootstrap, cached; needs root), and its XCTest port of jvm-test run
  compose-test  the Android app's Compose screens compiled against Compose Multiplatform desktop (Maven
           Central, cached) and the check-in form's UI tests run headless against the real core
  android-platform-check  the Android app's platform code (notifications, alarms, receivers, Keystore,
           share sheet, connectivity) compiled against Robolectric's android-all (API 36, Maven Central)
  generate <kotlin|swift> DIR  the mobile library's bindings + bridge types (used by Gradle and iOS)
  ios build      XCFramework + Swift packages + Xcode project, built for the simulator (macOS + Xcode)
  android build  the debug APK through Gradle (Android SDK + NDK + cargo-ndk)
  demo     the app's main job: a demo patient's today screen (terminal shell)
  bench [--sqlcipher]  every benchmark (criterion, Kotlin round trip, clinic load; SQLCipher vs plain) into docs/performance.md
  sans-io  fail if the core's dependency tree has I/O crates
  audit    every permission (Android manifest) and usage description (iOS) the APIs used need is declared;
           the app icons, export-compliance key and privacy manifest the stores check
  app-icon write the app icon (drawn once in xtask/src/app_icon.rs) for Android and iOS
  shell-words  patient words written in the shells against xtask/shell-words.baseline (--update lowers it)
  deny     cargo deny: licences, banned/duplicate crates, sources (advisories with a local database)";

fn main() -> ExitCode {
    let verb = std::env::args().nth(1).unwrap_or_default();
    let result = match verb.as_str() {
        "test" => test(),
        "setup" => setup::for_test(),
        "setup-check" => clean_root::run(),
        "dev" => web::dev(),
        "web-build" => web::build(),
        "web-test" => web::test(),
        "web-storage-check" => web::storage_check(),
        "demo" => cargo(&["run", "--quiet", "-p", "afterglow", "--", "demo"]),
        "bench" => bench::run(std::env::args().skip(2).any(|a| a == "--sqlcipher")),
        "sans-io" => sans_io(),
        "audit" => manifest_audit::run().and_then(|()| distribution_audit::run()),
        "app-icon" => app_icon::run(),
        "deny" => supply_chain::run(),
        "shell-words" => shell_words::run(std::env::args().nth(2).as_deref() == Some("--update")),
        "jvm-test" => jvm::run(),
        "swift-test" => swift_root::run(),
        "compose-test" => compose_desktop::run(),
        "android-platform-check" => android_platform::run(),
        "jvm-bench" => jvm::bench(),
        "generate" => generate::run(&std::env::args().skip(2).collect::<Vec<_>>()),
        "ios" => ios::run(&std::env::args().skip(2).collect::<Vec<_>>()),
        "android" => android::run(&std::env::args().skip(2).collect::<Vec<_>>()),
        "test-postgres" => postgres::clinic_suite(),
        "load-test" => load_test(&std::env::args().skip(2).collect::<Vec<_>>()),
        "fuzz" => match std::env::args().nth(2).map(|n| n.parse::<u64>()) {
            None => fuzz::run(60),
            Some(Ok(seconds)) => fuzz::run(seconds),
            Some(Err(_)) => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        "crash-test" => match std::env::args().nth(2).map(|n| n.parse::<usize>()) {
            None => crash::run(200),
            Some(Ok(n)) => crash::run(n),
            Some(Err(_)) => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn test() -> anyhow::Result<()> {
    setup::for_test()?;
    if setup::is_root() {
        println!("== set-up on a clean Debian 12 root (debootstrap; cached)");
        clean_root::run()?;
    } else {
        // chroot and mount need root; CI runs as root, so CI always runs it.
        println!("== set-up on a clean root: not run (needs root for chroot; `.ci/run` runs it)");
    }
    step("format", &["fmt", "--all", "--check"])?;
    step("lints", &["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"])?;
    println!("== sans-I/O core");
    sans_io()?;
    println!("== permissions: Android manifest and iOS usage descriptions against the APIs used");
    manifest_audit::run()?;
    distribution_audit::run()?;
    println!("== words a patient reads, written in the shells (may only go down)");
    shell_words::run(false)?;
    supply_chain::run()?;
    // --all-targets also runs each benchmark once (criterion's test mode), so a broken bench fails
    // here. The tests include the bad-input catalogue (testing/system/tests/bad_input/, needs
    // root for its tmpfs) and the fuzz corpus replayed on stable (testing/system/tests/).
    step("tests", &["test", "--workspace", "--all-targets", "--locked"])?;
    println!("== clinic server's integration suite again, on a throwaway PostgreSQL");
    postgres::clinic_suite()?;
    println!(
        "== crash safety: check-ins and photo imports (short run; `cargo xtask crash-test` runs 200)"
    );
    crash::run(40)?;
    println!("== clinic server: short load run, every acknowledged upload stored exactly once");
    cargo(&["build", "--locked", "-p", "clinic", "--bins"])?;
    run_loadtest("debug", &["--patients", "20", "--seconds", "5"])?;
    println!("== web shell: wasm core, app build, browser tests in headless Chromium");
    web::test()?;
    println!("== bindings on the JVM");
    jvm::run()?;
    compose_desktop::in_test()?;
    android_platform::in_test()?;
    swift()
}

/// The Swift step runs wherever it can, and always on CI (which runs as root).
fn swift() -> anyhow::Result<()> {
    match trixie_root::skip_reason() {
        None => {
            println!("== Swift on Linux: types, bindings, the app's non-UI Swift, XCTest");
            swift_root::run()
        }
        Some(why) if std::env::var_os("CI").is_some() => {
            bail!("the Swift step cannot run on CI: {why}")
        }
        Some(why) => {
            println!("== Swift on Linux: SKIPPED, {why}; `cargo xtask swift-test` as root runs it");
            Ok(())
        }
    }
}

/// The full load test from the clinic issue, on a release build: 200 patients, each uploading a
/// check-in every second for 60 s, with the p99 < 50 ms target enforced.
fn load_test(args: &[String]) -> anyhow::Result<()> {
    let (patients, seconds) = match args {
        [] => ("200", "60"),
        [p, s] => (p.as_str(), s.as_str()),
        _ => bail!("usage: cargo xtask load-test [PATIENTS SECONDS]"),
    };
    cargo(&["build", "--release", "--locked", "-p", "clinic", "--bins"])?;
    run_loadtest("release", &["--patients", patients, "--seconds", seconds, "--max-p99-ms", "50"])
}

fn run_loadtest(profile: &str, args: &[&str]) -> anyhow::Result<()> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| "target".into(), std::path::PathBuf::from);
    let status = Command::new(target.join(profile).join("clinic-loadtest")).args(args).status()?;
    if !status.success() {
        bail!("clinic-loadtest failed ({status})");
    }
    Ok(())
}

fn step(name: &str, args: &[&str]) -> anyhow::Result<()> {
    println!("== {name}: cargo {}", args.join(" "));
    cargo(args)
}

pub(crate) fn cargo(args: &[&str]) -> anyhow::Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status =
        Command::new(&cargo).args(args).status().with_context(|| format!("running {cargo}"))?;
    if !status.success() {
        bail!("cargo {} failed ({status})", args.join(" "));
    }
    Ok(())
}

/// The core must do no I/O: none of these may be in its normal (non-dev) dependency tree.
const IO_CRATES: &[&str] =
    &["rusqlite", "libsqlite3-sys", "reqwest", "tokio", "hyper", "mio", "ureq"];

fn sans_io() -> anyhow::Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["tree", "-p", "shared", "-e", "normal", "--prefix", "none", "--format", "{p}"])
        .output()
        .context("running cargo tree")?;
    if !out.status.success() {
        bail!("cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let tree = String::from_utf8_lossy(&out.stdout);
    let found = io_crates_in(&tree);
    if !found.is_empty() {
        bail!("the core (shared) depends on I/O crates: {}", found.join(", "));
    }
    println!(
        "shared: {} crates in the normal tree, none of {}",
        tree.lines().count(),
        IO_CRATES.join(", ")
    );
    Ok(())
}

/// The I/O crates named in `cargo tree --prefix none --format {p}` output.
fn io_crates_in(tree: &str) -> Vec<&str> {
    tree.lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| IO_CRATES.contains(name))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn io_crates_are_found_in_a_tree() {
        let tree =
            "shared v0.1.0 (/w/shared)\nchrono v0.4.45\nrusqlite v0.41.1\ntokio v1.0.0 (*)\n";
        assert_eq!(super::io_crates_in(tree), vec!["rusqlite", "tokio"]);
        assert!(super::io_crates_in("shared v0.1.0\nserde v1.0.0\n").is_empty());
    }
}
