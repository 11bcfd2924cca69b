//! `cargo xtask jvm-test`: the mobile library's Kotlin side, checked on this Linux machine.
//!
//! Builds the uniffi library and its bindgen (same uniffi version, same workspace), generates the
//! Kotlin bindings and the Kotlin bridge types, compiles them with the Android shell's plain-JVM
//! code (the `core` package: no Android APIs) and a JVM test, and runs it against the Linux build
//! of the library. Also generates the Swift bindings and types and checks them (`swift_check`).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::cargo;
use crate::generate::{self, Language};
use crate::keywords;
use crate::swift_check;
use crate::tools::{files_with_extension, path_str, run_tool, target_dir};

const KOTLIN_VERSION: &str = "2.4.20";
pub(crate) const JNA_JAR: &str = "/usr/share/java/jna.jar";
/// The Android app's Kotlin that must not use Android APIs: it is compiled and run on a JVM here.
const PLAIN_JVM_KOTLIN: &str = "Android/app/src/main/java/app/afterglow/android/core";
const GRADLE_SCRIPTS: [&str; 3] =
    ["Android/settings.gradle.kts", "Android/build.gradle.kts", "Android/app/build.gradle.kts"];

pub fn run() -> anyhow::Result<()> {
    let (kotlin, target) = build_jar(&[Path::new("Android/jvm-test")])?;
    println!(
        "== java: Android Core on the JVM against {}",
        target.join("debug/libafterglow.so").display()
    );
    java(&kotlin, &target, "debug", "CoreJvmTestKt")?;
    syntax_check(&kotlin, &target)
}

/// The Gradle scripts and every Kotlin file of the app, parsed by the Kotlin compiler's parser
/// (`Android/syntax-check`): syntax only, since the Android SDK they compile against is not here.
fn syntax_check(kotlin: &Path, target: &Path) -> anyhow::Result<()> {
    let compiler = kotlin.join("lib/kotlin-compiler.jar");
    let jar = target.join("jvm-test/syntax-check.jar");
    println!("== kotlin syntax: the Android app and its Gradle scripts");
    run_tool(
        kotlinc(kotlin)
            .arg("-cp")
            .arg(&compiler)
            .arg("Android/syntax-check/KotlinSyntaxCheck.kt")
            .arg("-d")
            .arg(&jar),
    )?;
    let mut files = files_with_extension(Path::new("Android/app/src"), "kt")?;
    files.extend(GRADLE_SCRIPTS.iter().map(PathBuf::from));
    let classpath = [jar.as_path(), &compiler, &kotlin.join("lib/kotlin-stdlib.jar")]
        .iter()
        .map(|p| path_str(p))
        .collect::<anyhow::Result<Vec<_>>>()?
        .join(":");
    run_tool(Command::new("java").args(["-cp", &classpath, "KotlinSyntaxCheckKt"]).args(&files))
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
/// `core` package and `extra` source folders into one jar. Checks the Swift output on the way.
fn build_jar(extra: &[&Path]) -> anyhow::Result<(PathBuf, PathBuf)> {
    let kotlin = ensure_kotlin()?;
    ensure_jna()?;
    let target = target_dir();
    generate::build_host_library()?;
    let out = target.join("jvm-test");
    let _ = std::fs::remove_dir_all(&out);
    let kotlin_out = out.join("kotlin");
    let swift_out = out.join("swift");
    generate::generate(Language::Kotlin, &kotlin_out)?;
    generate::generate(Language::Swift, &swift_out)?;
    swift_check::check(&swift_out, &generate::host_library())?;
    let clashes = keywords::in_dir(&kotlin_out, keywords::Language::Kotlin)?;
    if !clashes.is_empty() {
        bail!(
            "the generated Kotlin declares names that are Kotlin keywords:\n  {}",
            clashes.join("\n  ")
        );
    }

    let plain_jvm = files_with_extension(Path::new(PLAIN_JVM_KOTLIN), "kt")?;
    require_plain_jvm(&plain_jvm)?;
    let mut sources = files_with_extension(&kotlin_out, "kt")?;
    sources.extend(plain_jvm);
    for dir in extra {
        sources.extend(files_with_extension(dir, "kt")?);
    }
    let jar = out.join("jvm-test.jar");
    println!("== kotlinc: {} files", sources.len());
    run_tool(kotlinc(&kotlin).args(["-cp", JNA_JAR, "-d"]).arg(&jar).args(&sources))?;
    Ok((kotlin, target))
}

/// The plain-JVM package must stay free of Android imports, or this test could not compile it;
/// saying so by name is clearer than kotlinc's unresolved-reference errors.
fn require_plain_jvm(files: &[PathBuf]) -> anyhow::Result<()> {
    for file in files {
        let text = std::fs::read_to_string(file)?;
        if let Some(line) = text
            .lines()
            .find(|l| l.starts_with("import android.") || l.starts_with("import androidx."))
        {
            bail!(
                "{} is in the plain-JVM package but has `{line}`: move Android code out of {PLAIN_JVM_KOTLIN}",
                file.display()
            );
        }
    }
    Ok(())
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

/// The Kotlin compiler, run with the JVM settings every compile here uses.
///
/// `TieredStopAtLevel=1` (C1 only) makes a one-shot compile faster, but it also shrinks the JVM's
/// default code cache to 48 MB, and the Compose compile of the whole app ran out of it in CI
/// ("Out of space in CodeCache for method handle intrinsic"); 256 MB is reserved, not committed.
pub(crate) fn kotlinc(kotlin: &Path) -> Command {
    let mut command = Command::new(kotlin.join("bin/kotlinc"));
    command.args(["-J-XX:TieredStopAtLevel=1", "-J-XX:ReservedCodeCacheSize=256m", "-nowarn"]);
    command
}

/// The Kotlin compiler from the npm registry's `kotlin-compiler` package, cached per user.
pub(crate) fn ensure_kotlin() -> anyhow::Result<PathBuf> {
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
pub(crate) fn ensure_jna() -> anyhow::Result<()> {
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
