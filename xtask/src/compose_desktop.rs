//! `cargo xtask compose-test`: the Android app's Compose screens compiled on Linux against Compose
//! Multiplatform's desktop artifacts (`compose_tools`) with kotlinc's Compose compiler plugin, and
//! the check-in screens tested headless on the desktop runtime, driven by the real core (the
//! app's `Core` class over the Linux `libafterglow.so`, as in jvm-test).
//!
//! Which screens: every file under `ui/` that imports only Compose, the Kotlin/Java libraries,
//! the generated types and the app's own `ui`/`core` packages. The others use Android APIs
//! (intents, CameraX, the photo picker, the platform's bitmap decoder) or the Android `Shell`;
//! the step prints each one and the import that keeps it out. The check-in screens and what they
//! use must stay in the set, or the step fails and names the import.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::bail;

use crate::compose_tools;
use crate::generate::{self, Language};
use crate::jvm::{self, JNA_JAR, ensure_jna, ensure_kotlin};
use crate::tools::{files_with_extension, path_str, run_tool, target_dir};

const UI: &str = "Android/app/src/main/java/app/afterglow/android/ui";
const CORE: &str = "Android/app/src/main/java/app/afterglow/android/core";
const TESTS: &str = "Android/desktop-test";
/// Imports a screen may have and still be compiled here.
const PORTABLE: &[&str] = &[
    "androidx.compose.",
    "app.afterglow.shared.types.",
    "app.afterglow.android.ui.",
    "app.afterglow.android.core.",
    "kotlin.",
    "kotlinx.coroutines.",
    "java.",
];
/// Must stay portable: the check-in screens and the pieces they draw with.
const REQUIRED: &[&str] = &[
    "checkin/",
    "common/ErrorBanner.kt",
    "common/Levels.kt",
    "common/Section.kt",
    "theme/Theme.kt",
];

/// In `cargo xtask test`: runs wherever it can, and always on CI (which runs as root).
pub fn in_test() -> anyhow::Result<()> {
    match compose_tools::skip_reason() {
        None => {
            println!("== Compose screens on the desktop runtime: compiled, check-in UI tests");
            run()
        }
        Some(why) if std::env::var_os("CI").is_some() => {
            bail!("the Compose step cannot run on CI: {why}")
        }
        Some(why) => {
            println!(
                "== Compose screens: SKIPPED, {why}; `cargo xtask compose-test` as root runs it"
            );
            Ok(())
        }
    }
}

pub fn run() -> anyhow::Result<()> {
    let started = Instant::now();
    let kotlin = ensure_kotlin()?;
    ensure_jna()?;
    let lib = compose_tools::ensure()?;
    generate::build_host_library()?;
    let out = target_dir().join("compose-desktop");
    let _ = std::fs::remove_dir_all(&out);
    generate::generate(Language::Kotlin, &out.join("kotlin"))?;

    let screens = desktop_screens()?;
    let mut sources = files_with_extension(&out.join("kotlin"), "kt")?;
    sources.extend(files_with_extension(Path::new(CORE), "kt")?);
    sources.extend(screens.iter().cloned());
    sources.extend(files_with_extension(Path::new(TESTS), "kt")?);
    let mut classpath = files_with_extension(&lib, "jar")?;
    classpath.push(PathBuf::from(JNA_JAR));
    let jar = out.join("compose-desktop.jar");
    println!(
        "== kotlinc + Compose plugin: {} screens, {} files in all",
        screens.len(),
        sources.len()
    );
    run_tool(
        jvm::kotlinc(&kotlin)
            .args(["-jvm-target", "17"])
            .arg(format!("-Xplugin={}", path_str(&kotlin.join("lib/compose-compiler-plugin.jar"))?))
            .args(["-cp", &join(&classpath)?, "-d"])
            .arg(&jar)
            .args(&sources),
    )?;

    println!("== Compose desktop UI tests (headless): the check-in form and result");
    classpath.insert(0, jar);
    classpath.push(kotlin.join("lib/kotlin-stdlib.jar"));
    run_tool(
        Command::new("java")
            // No display on CI: Compose's test rule renders off-screen with skiko's software path.
            .args(["-Djava.awt.headless=true", "-Dskiko.renderApi=SOFTWARE"])
            .arg(format!("-Djna.library.path={}", path_str(&target_dir().join("debug"))?))
            .args(["-cp", &join(&classpath)?, "CheckinDesktopTestKt"]),
    )?;
    println!("compose-test: {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The screens compiled here; prints the ones left out and why, fails if a required one is.
fn desktop_screens() -> anyhow::Result<Vec<PathBuf>> {
    let mut portable = Vec::new();
    for file in files_with_extension(Path::new(UI), "kt")? {
        let text = std::fs::read_to_string(&file)?;
        let relative = path_str(&file)?.trim_start_matches(UI).trim_start_matches('/').to_owned();
        match foreign_import(&text) {
            None => portable.push(file),
            Some(import) if REQUIRED.iter().any(|r| relative.starts_with(r)) => bail!(
                "{} must compile without Android APIs (it is tested on the desktop) but has `{import}`: take the Android part as a parameter",
                file.display()
            ),
            Some(import) => println!("not compiled here (needs Android): {relative}: `{import}`"),
        }
    }
    Ok(portable)
}

/// The first import outside [PORTABLE], if any.
fn foreign_import(text: &str) -> Option<&str> {
    text.lines()
        .filter_map(|l| l.strip_prefix("import "))
        .map(str::trim)
        .find(|name| !PORTABLE.iter().any(|p| name.starts_with(p)))
}

fn join(paths: &[PathBuf]) -> anyhow::Result<String> {
    Ok(paths.iter().map(|p| path_str(p)).collect::<anyhow::Result<Vec<_>>>()?.join(":"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_android_import_keeps_a_screen_out() {
        let screen = "package x\nimport androidx.compose.material3.Text\nimport android.net.Uri\n";
        assert_eq!(super::foreign_import(screen), Some("android.net.Uri"));
        let portable =
            "import androidx.compose.ui.Modifier\nimport app.afterglow.shared.types.Event\n";
        assert_eq!(super::foreign_import(portable), None);
        // androidx outside Compose (activity, camera, lifecycle) is Android-only too.
        assert_eq!(
            super::foreign_import("import androidx.activity.compose.BackHandler\n"),
            Some("androidx.activity.compose.BackHandler")
        );
    }
}
