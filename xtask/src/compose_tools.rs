//! The Compose Multiplatform desktop artifacts the Compose screens compile and run against, from
//! Maven Central, resolved by Maven (`dependency:copy-dependencies` on a generated pom) into a
//! per-user cache outside the clone, made when absent.
//!
//! Version 1.8.2 on purpose: from 1.9 on, `org.jetbrains.compose.runtime:runtime-desktop` is only
//! a pointer to `androidx.compose.runtime:runtime-desktop`, which is on Google's Maven, not on
//! Maven Central (tried: 1.9.3 fails to resolve `androidx.compose.runtime:runtime-desktop:1.9.4`).
//! 1.8.2 is JetBrains' own build; its androidx dependencies (annotation, collection, lifecycle)
//! are on Maven Central. The Compose compiler plugin is the one shipped with kotlinc
//! (`lib/compose-compiler-plugin.jar`), which always matches the compiler.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use anyhow::Context;

use crate::tools::{on_path, path_str, run_tool};

const COMPOSE: &str = "1.8.2";
const SKIKO: &str = "0.9.4.2"; // the one ui-graphics-desktop 1.8.2 names
const JUNIT: &str = "4.13.2";

/// The folder of jars (every runtime dependency of the desktop artifacts, the Kotlin stdlib left
/// out: kotlinc's own is used).
pub fn ensure() -> anyhow::Result<PathBuf> {
    let dir = cache_dir()?;
    let done = dir.join("complete");
    if done.exists() {
        return Ok(dir.join("lib"));
    }
    ensure_maven()?;
    println!(
        "== fetching Compose Multiplatform {COMPOSE} (desktop) from Maven Central into {}",
        dir.display()
    );
    let started = Instant::now();
    let _ = std::fs::remove_dir_all(&dir);
    let work = dir.join("resolve");
    std::fs::create_dir_all(&work)?;
    std::fs::write(work.join("pom.xml"), pom())?;
    let lib = dir.join("lib");
    run_tool(
        Command::new("mvn")
            .args([
                "-q",
                "-B",
                "dependency:copy-dependencies",
                "-DexcludeArtifactIds=kotlin-stdlib,kotlin-stdlib-jdk7,kotlin-stdlib-jdk8",
            ])
            .arg(format!("-Dmaven.repo.local={}", path_str(&work.join("m2"))?))
            .arg(format!("-DoutputDirectory={}", path_str(&lib)?))
            .current_dir(&work),
    )?;
    // Maven's own plugins and the pom are not needed again; the jars are.
    std::fs::remove_dir_all(&work)?;
    std::fs::write(&done, "")?;
    println!("fetched in {:.1} s", started.elapsed().as_secs_f64());
    Ok(lib)
}

fn cache_dir() -> anyhow::Result<PathBuf> {
    let home = std::env::var_os("HOME").context("HOME is not set")?;
    Ok(PathBuf::from(home).join(format!(".cache/afterglow/tools/compose-desktop-{COMPOSE}")))
}

/// Why the artifacts can be neither found nor fetched here, if so: no cache, no Maven, and no
/// root to install it.
pub fn skip_reason() -> Option<&'static str> {
    let cached = cache_dir().is_ok_and(|d| d.join("complete").exists());
    (!cached && on_path("mvn").is_none() && !crate::setup::is_root())
        .then_some("Maven is not installed and installing it needs root")
}

/// Maven from Debian when absent (as root); otherwise the step says it cannot run.
pub(crate) fn ensure_maven() -> anyhow::Result<()> {
    if on_path("mvn").is_some() {
        return Ok(());
    }
    println!("== installing maven");
    run_tool(Command::new("apt-get").args(["update", "-q"]))?;
    run_tool(
        Command::new("apt-get")
            .args(["install", "-y", "-q", "--no-install-recommends", "maven"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn pom() -> String {
    let dep = |group: &str, artifact: &str, version: &str| {
        format!(
            "<dependency><groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{version}</version></dependency>"
        )
    };
    let deps = [
        dep("org.jetbrains.compose.material3", "material3-desktop", COMPOSE),
        dep("org.jetbrains.compose.foundation", "foundation-desktop", COMPOSE),
        dep("org.jetbrains.compose.ui", "ui-desktop", COMPOSE),
        dep("org.jetbrains.compose.runtime", "runtime-desktop", COMPOSE),
        dep("org.jetbrains.compose.ui", "ui-test-junit4-desktop", COMPOSE),
        dep("org.jetbrains.skiko", "skiko-awt-runtime-linux-x64", SKIKO),
        dep("junit", "junit", JUNIT),
    ];
    format!(
        "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>\
         <groupId>app.afterglow</groupId><artifactId>compose-desktop-deps</artifactId><version>1</version>\
         <dependencies>{}</dependencies></project>\n",
        deps.join("")
    )
}
