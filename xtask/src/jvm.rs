//! `cargo xtask jvm-test`: the mobile library's Kotlin side, checked on this Linux machine.
//!
//! Builds the uniffi library and its bindgen (same uniffi version, same workspace), generates the
//! Kotlin bindings and the Kotlin bridge types, compiles them with the Android shell's `Core`
//! class and a JVM test, and runs it against the Linux build of the library. Also generates the
//! Swift bindings and types, so a change that breaks their generation fails here.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::cargo;

const KOTLIN_VERSION: &str = "2.4.20";
const JNA_JAR: &str = "/usr/share/java/jna.jar";

pub fn run() -> anyhow::Result<()> {
    let (kotlin, target) = build_jar(&[Path::new("Android/jvm-test")])?;
    println!(
        "== java: Android Core on the JVM against {}",
        target.join("debug/libafterglow.so").display()
    );
    java(&kotlin, &target, "debug", "CoreJvmTestKt")
}

/// `cargo xtask jvm-bench`: the per-event round trip from Kotlin against the release library,
/// and the release library's size.
pub fn bench() -> anyhow::Result<()> {
    let (kotlin, target) = build_jar(&[Path::new("Android/jvm-bench")])?;
    cargo(&["build", "--release", "--locked", "-p", "afterglow_ffi"])?;
    let release = target.join("release/libafterglow.so");
    let size = std::fs::metadata(&release)?.len();
    println!("release libafterglow.so (x86_64, lto, opt-level s, stripped): {size} bytes");
    java(&kotlin, &target, "release", "bench.CoreJvmBenchKt")
}

/// Generates bindings and types from the debug library and compiles them with the Android
/// `Core` class and `extra` source folders into one jar.
fn build_jar(extra: &[&Path]) -> anyhow::Result<(PathBuf, PathBuf)> {
    let kotlin = ensure_kotlin()?;
    ensure_jna()?;
    let target = target_dir();
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
    ])?;
    let library = target.join("debug/libafterglow.so");
    let out = target.join("jvm-test");
    let _ = std::fs::remove_dir_all(&out);

    let bindgen = target.join("debug/uniffi-bindgen");
    for (language, dir) in [("kotlin", "kotlin-bindings"), ("swift", "swift-bindings")] {
        run_tool(
            Command::new(&bindgen)
                .args(["generate", "--no-format", "--language", language, "--out-dir"])
                .arg(out.join(dir))
                .arg("--library")
                .arg(&library),
        )?;
    }
    for (language, dir) in [("kotlin", "kotlin-types"), ("swift", "swift-types")] {
        let dir = out.join(dir);
        cargo(&[
            "run",
            "--quiet",
            "--locked",
            "-p",
            "shared_types",
            "--",
            language,
            path_str(&dir)?,
        ])?;
    }
    require_file(&out.join("swift-bindings/AfterglowCore.swift"))?;

    let mut sources = kotlin_files(&out.join("kotlin-bindings"))?;
    sources.extend(kotlin_files(&out.join("kotlin-types"))?);
    sources.extend(kotlin_files(Path::new("Android/app/src/main/java"))?);
    for dir in extra {
        sources.extend(kotlin_files(dir)?);
    }
    let jar = out.join("jvm-test.jar");
    println!("== kotlinc: {} files", sources.len());
    run_tool(
        Command::new(kotlin.join("bin/kotlinc"))
            .args(["-J-XX:TieredStopAtLevel=1", "-nowarn", "-cp", JNA_JAR, "-d"])
            .arg(&jar)
            .args(&sources),
    )?;
    Ok((kotlin, target))
}

fn java(kotlin: &Path, target: &Path, profile: &str, main_class: &str) -> anyhow::Result<()> {
    let jar = target.join("jvm-test/jvm-test.jar");
    let stdlib = kotlin.join("lib/kotlin-stdlib.jar");
    let classpath = format!("{}:{JNA_JAR}:{}", path_str(&jar)?, path_str(&stdlib)?);
    run_tool(
        Command::new("java")
            .args(["-cp", &classpath])
            .arg(format!("-Djna.library.path={}", path_str(&target.join(profile))?))
            .arg(main_class),
    )
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from)
}

/// The Kotlin compiler from the npm registry's `kotlin-compiler` package, cached per user.
fn ensure_kotlin() -> anyhow::Result<PathBuf> {
    let home = std::env::var_os("HOME").context("HOME is not set")?;
    let tools = PathBuf::from(home).join(".cache/afterglow/tools");
    let kotlin = tools.join(format!("kotlin-{KOTLIN_VERSION}"));
    if kotlin.join("bin/kotlinc").exists() {
        return Ok(kotlin);
    }
    println!("== installing kotlinc {KOTLIN_VERSION} into {}", kotlin.display());
    std::fs::create_dir_all(&kotlin)?;
    let package = format!("kotlin-compiler@{KOTLIN_VERSION}");
    run_tool(Command::new("npm").args(["pack", "--silent", &package]).current_dir(&tools))?;
    let tarball = tools.join(format!("kotlin-compiler-{KOTLIN_VERSION}.tgz"));
    run_tool(
        Command::new("tar")
            .arg("xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(&kotlin)
            .arg("--strip-components=1"),
    )?;
    std::fs::remove_file(tarball)?;
    Ok(kotlin)
}

/// JNA (uniffi's Kotlin runtime) from Debian's `libjna-java`.
fn ensure_jna() -> anyhow::Result<()> {
    if Path::new(JNA_JAR).exists() {
        return Ok(());
    }
    println!("== installing libjna-java");
    run_tool(Command::new("apt-get").args(["update", "-q"]))?;
    run_tool(
        Command::new("apt-get")
            .args(["install", "-y", "-q", "--no-install-recommends", "libjna-java"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn kotlin_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(kotlin_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "kt") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn require_file(path: &Path) -> anyhow::Result<()> {
    if path.is_file() { Ok(()) } else { bail!("expected {} to be generated", path.display()) }
}

fn path_str(path: &Path) -> anyhow::Result<&str> {
    path.to_str().with_context(|| format!("non-UTF-8 path {}", path.display()))
}

fn run_tool(command: &mut Command) -> anyhow::Result<()> {
    let status = command.status().with_context(|| format!("running {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed ({status})");
    }
    Ok(())
}
