//! What the README's commands need beyond Rust and Node, in one list: `cargo xtask test` and
//! `cargo xtask dev` install what is missing (as root, through apt) or stop at once with the
//! one command that installs it. `.ci/run` relies on this list instead of keeping its own.

use std::path::Path;
use std::process::Command;

use anyhow::bail;

use crate::tools::{on_path, run_tool};

/// A program (or file) some step needs, and the Debian package that provides it.
struct Need {
    /// A program on `PATH`, or an absolute file path.
    provides: &'static str,
    package: &'static str,
    why: &'static str,
}

const fn need(provides: &'static str, package: &'static str, why: &'static str) -> Need {
    Need { provides, package, why }
}

/// The photo pipeline's C build: libjpeg-turbo, bundled by `turbojpeg-sys`.
const BUILD: &[Need] = &[
    need("cmake", "cmake", "builds the bundled libjpeg-turbo (photo import)"),
    need("nasm", "nasm", "libjpeg-turbo's SIMD code"),
];

/// The web app's wasm module carries SQLite, whose C `sqlite-wasm-rs` compiles with clang; `dev`
/// builds it too.
const WASM_BUILD: &[Need] =
    &[need("clang", "clang", "compiles SQLite to wasm for the web app's worker (sqlite-wasm-rs)")];

/// The clinic server's SQLCipher links the system libcrypto (docs/adr/0004), so no build
/// compiles a vendored OpenSSL; `dev` needs it too, since it runs the server.
const SERVER_BUILD: &[Need] = &[need(
    "/usr/include/openssl/evp.h",
    "libssl-dev",
    "the clinic server's encrypted database (SQLCipher uses libcrypto)",
)];

/// Vite 7 needs this Node; Debian 12's own `nodejs` is older, so Node is a prerequisite (like
/// Rust), checked here rather than installed.
const NODE_MIN: (u32, u32) = (20, 19);

/// Everything `cargo xtask test` runs beyond the build.
const TEST: &[Need] = &[
    need("exiftool", "libimage-exiftool-perl", "checks stored photos carry no metadata"),
    need("qpdf", "qpdf", "checks the PDF report's structure"),
    need("pdftotext", "poppler-utils", "reads the PDF report's text"),
    need("chromium", "chromium", "the web shell's browser tests (headless)"),
    need("java", "default-jre-headless", "runs the Kotlin bindings test on a JVM"),
    need("/usr/share/java/jna.jar", "libjna-java", "uniffi's Kotlin runtime"),
    need("python3", "python3", "the .ics and FHIR export checks"),
    need("pip3", "python3-pip", "installs those checks' Python packages"),
    // Debian 12's server is 15; xtask/src/postgres.rs takes whichever version is installed.
    need(
        "/usr/lib/postgresql/15/bin/initdb",
        "postgresql",
        "the clinic server's suite on PostgreSQL",
    ),
];

/// Python packages the export tests validate with.
const PYTHON: &[(&str, &str)] =
    &[("icalendar", "icalendar"), ("fhir.resources.R4B.bundle", "fhir.resources>=7,<9")];

/// Before `cargo xtask dev`: Node, clang (SQLite in the wasm module) and the server's libcrypto
/// headers. What dev builds (the wasm core, the bridge types, the clinic server) needs no
/// libjpeg-turbo, so no cmake or nasm, and no clippy or rustfmt: those are `test`'s, and
/// installing them cost a first run time for nothing.
pub fn for_dev() -> anyhow::Result<()> {
    node("dev")?;
    install_missing("dev", &WASM_BUILD.iter().chain(SERVER_BUILD).collect::<Vec<_>>())
}

/// Before `cargo xtask test`: the build's tools, the test tools and the Python checkers.
pub fn for_test() -> anyhow::Result<()> {
    node("test")?;
    let needs = BUILD.iter().chain(WASM_BUILD).chain(SERVER_BUILD).chain(TEST);
    install_missing("test", &needs.collect::<Vec<_>>())?;
    rust_components()?;
    for (module, package) in PYTHON {
        if !python_has(module) {
            println!("== pip install {package}");
            // Debian's own python3 refuses system-wide pip installs (PEP 668) unless told.
            run_tool(
                Command::new("python3")
                    .args(["-m", "pip", "install", "-q", package])
                    .env("PIP_BREAK_SYSTEM_PACKAGES", "1"),
            )?;
        }
    }
    Ok(())
}

fn present(need: &Need) -> bool {
    if need.provides.starts_with('/') {
        Path::new(need.provides).is_file()
    } else {
        on_path(need.provides).is_some()
    }
}

fn install_missing(verb: &str, needs: &[&Need]) -> anyhow::Result<()> {
    let missing: Vec<&Need> = needs.iter().copied().filter(|n| !present(n)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let packages: Vec<&str> = missing.iter().map(|n| n.package).collect();
    if !(is_root() && on_path("apt-get").is_some()) {
        let list: Vec<String> =
            missing.iter().map(|n| format!("  {}: {}", n.provides, n.why)).collect();
        bail!(
            "`cargo xtask {verb}` needs what this machine lacks:\n{}\nInstall it with:\n  sudo apt-get install -y --no-install-recommends {}",
            list.join("\n"),
            packages.join(" ")
        );
    }
    println!("== apt-get install {}", packages.join(" "));
    run_tool(Command::new("apt-get").args(["update", "-q"]))?;
    run_tool(
        Command::new("apt-get")
            .args(["install", "-y", "-q", "--no-install-recommends"])
            .args(&packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    let still: Vec<&str> = missing.iter().filter(|n| !present(n)).map(|n| n.provides).collect();
    if !still.is_empty() {
        bail!("installed {} but still missing {still:?}", packages.join(" "));
    }
    Ok(())
}

/// `cargo fmt` and `cargo clippy` come as rustup components, absent from minimal profiles.
fn rust_components() -> anyhow::Result<()> {
    let installed = Command::new("rustup")
        .args(["component", "list", "--installed"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let missing: Vec<&str> = ["clippy", "rustfmt"]
        .into_iter()
        .filter(|c| !installed.lines().any(|l| l.starts_with(c)))
        .collect();
    if missing.is_empty() || on_path("rustup").is_none() {
        return Ok(());
    }
    run_tool(Command::new("rustup").arg("component").arg("add").args(&missing))
}

fn node(verb: &str) -> anyhow::Result<()> {
    let version = Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| node_version(&String::from_utf8_lossy(&o.stdout)));
    let (major, minor) = NODE_MIN;
    match version {
        Some(v) if v >= NODE_MIN && on_path("npm").is_some() => Ok(()),
        found => bail!(
            "`cargo xtask {verb}` needs Node {major}.{minor}+ with npm (found {}): install it from https://nodejs.org/en/download (Debian 12's own nodejs is too old for Vite 7)",
            found.map_or_else(|| "none".to_owned(), |(a, b)| format!("{a}.{b}"))
        ),
    }
}

/// `v20.20.2` → (20, 20).
fn node_version(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.trim().strip_prefix('v')?.split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

fn python_has(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

pub fn is_root() -> bool {
    // The effective uid from /proc: no libc binding needed for one number.
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find(|l| l.starts_with("Uid:"))
            .and_then(|l| l.split_whitespace().nth(2))
            .is_some_and(|euid| euid == "0")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_need_names_a_package_and_a_reason() {
        for n in BUILD.iter().chain(WASM_BUILD).chain(SERVER_BUILD).chain(TEST) {
            assert!(!n.package.is_empty() && !n.why.is_empty(), "{}", n.provides);
        }
    }

    #[test]
    fn node_versions_are_read_and_compared() {
        assert_eq!(node_version("v20.20.2\n"), Some((20, 20)));
        assert!(node_version("v18.19.0").is_some_and(|v| v < NODE_MIN));
        assert!(node_version("v22.1.0").is_some_and(|v| v >= NODE_MIN));
        assert_eq!(node_version("garbage"), None);
    }

    #[test]
    fn a_present_program_and_an_absent_file_are_told_apart() {
        assert!(present(&need("sh", "dash", "a shell")));
        assert!(!present(&need("/nonexistent/afterglow.jar", "x", "y")));
        assert!(!present(&need("afterglow-no-such-program", "x", "y")));
    }
}
