//! `cargo xtask generate <kotlin|swift> <out-dir>`: the code a native shell needs to talk to the
//! core, generated from the host build of the mobile library. The Android Gradle build, the iOS
//! build and CI's `jvm-test` all call this, so they generate the same thing the same way.
//!
//! Layout of `<out-dir>`:
//! - `kotlin`: `bindings/` (uniffi, package `app.afterglow.core`) and `types/` (Crux bridge
//!   types, package `app.afterglow.shared.types`).
//! - `swift`: `bindings/` (`AfterglowCore.swift`, `AfterglowCoreFFI.h`, `AfterglowCoreFFI.modulemap`)
//!   and `types/` (the `SharedTypes` Swift package).
//!
//! Bindings come from the unstripped debug library: uniffi reads its metadata from the binary,
//! and the exported API does not depend on the target, so the host build describes every target.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::bail;

use crate::cargo;
use crate::tools::{path_str, require_file, run_tool, target_dir};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Kotlin,
    Swift,
}

impl Language {
    pub fn parse(name: &str) -> anyhow::Result<Self> {
        match name {
            "kotlin" => Ok(Self::Kotlin),
            "swift" => Ok(Self::Swift),
            other => bail!("unknown language `{other}`: use kotlin or swift"),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Kotlin => "kotlin",
            Self::Swift => "swift",
        }
    }
}

/// The host debug library (`libafterglow.so` / `.dylib`) the bindings are read from.
pub fn host_library() -> PathBuf {
    let file = if cfg!(target_os = "macos") { "libafterglow.dylib" } else { "libafterglow.so" };
    target_dir().join("debug").join(file)
}

/// Builds the host library and the bindgen (same workspace, so the same uniffi version).
pub fn build_host_library() -> anyhow::Result<()> {
    cargo(&["build", "--locked", "-p", "afterglow_ffi"])?;
    cargo(&[
        "build",
        "--locked",
        "-p",
        "afterglow_ffi",
        "--features",
        "cli",
        "--bin",
        "uniffi-bindgen",
    ])
}

/// Replaces `out` with freshly generated bindings and types (the host library must be built).
pub fn generate(language: Language, out: &Path) -> anyhow::Result<()> {
    let _ = std::fs::remove_dir_all(out);
    let bindings = out.join("bindings");
    run_tool(
        Command::new(target_dir().join("debug/uniffi-bindgen"))
            .args(["generate", "--no-format", "--language", language.name(), "--out-dir"])
            .arg(&bindings)
            .arg("--library")
            .arg(host_library()),
    )?;
    let types = out.join("types");
    cargo(&[
        "run",
        "--quiet",
        "--locked",
        "-p",
        "shared_types",
        "--",
        language.name(),
        path_str(&types)?,
    ])?;
    if language == Language::Swift {
        for file in ["AfterglowCore.swift", "AfterglowCoreFFI.h", "AfterglowCoreFFI.modulemap"] {
            require_file(&bindings.join(file))?;
        }
    }
    Ok(())
}

/// The `generate` verb: build, then generate into the given folder.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let [language, out] = args else {
        bail!("usage: cargo xtask generate <kotlin|swift> <out-dir>");
    };
    let language = Language::parse(language)?;
    build_host_library()?;
    generate(language, Path::new(out))?;
    println!("generated {} bindings and types into {out}", language.name());
    Ok(())
}
