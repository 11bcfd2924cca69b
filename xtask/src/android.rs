//! `cargo xtask android build`: the debug APK, through Gradle. Gradle itself runs cargo-ndk (the
//! Rust library per ABI) and `cargo xtask generate kotlin` (bindings + bridge types), so Android
//! Studio and this verb build the same way. Without the SDK, NDK or cargo-ndk it stops at once
//! and says what is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::bail;

use crate::tools::{on_path, require_tools, run_tool};

/// Rust targets for the ABIs the app ships (arm64-v8a, armeabi-v7a, x86_64).
const TARGETS: [&str; 3] =
    ["aarch64-linux-android", "armv7-linux-androideabi", "x86_64-linux-android"];

pub fn run(args: &[String]) -> anyhow::Result<()> {
    match args.first().map(String::as_str) {
        Some("build") => build(),
        _ => bail!("usage: cargo xtask android build"),
    }
}

fn build() -> anyhow::Result<()> {
    let mut missing = Vec::new();
    let sdk = android_sdk();
    match &sdk {
        None => missing.push(
            "  ANDROID_HOME: the Android SDK (Android Studio > Settings > Android SDK; set ANDROID_HOME to it)"
                .to_owned(),
        ),
        Some(sdk) if ndk(sdk).is_none() && std::env::var_os("ANDROID_NDK_HOME").is_none() => missing.push(format!(
            "  NDK: none in {}/ndk and ANDROID_NDK_HOME is unset (SDK Manager > SDK Tools > NDK 29)",
            sdk.display()
        )),
        Some(_) => {}
    }
    if on_path("cargo-ndk").is_none() {
        missing.push("  cargo-ndk: cargo install cargo-ndk --version ^4".to_owned());
    }
    if on_path("java").is_none() {
        missing.push(
            "  java: a JDK 17 to 24 (Android Studio bundles one; Gradle 8.13 rejects 25+)"
                .to_owned(),
        );
    }
    if !missing.is_empty() {
        bail!("`cargo xtask android build` cannot run here; missing:\n{}", missing.join("\n"));
    }
    require_tools("android build", &[("rustup", "adds the Android Rust targets")])?;
    run_tool(Command::new("rustup").arg("target").arg("add").args(TARGETS))?;

    let wrapper = Path::new("Android/gradlew");
    let gradle = if wrapper.is_file() {
        wrapper.canonicalize()?
    } else if let Some(gradle) = on_path("gradle") {
        gradle
    } else {
        bail!(
            "no Android/gradlew and no gradle on PATH: open Android/ once in Android Studio \
             (it writes the wrapper), or run `gradle wrapper` there with Gradle 8.13"
        );
    };
    run_tool(Command::new(gradle).arg(":app:assembleDebug").current_dir("Android"))?;
    println!("built Android/app/build/outputs/apk/debug/app-debug.apk");
    Ok(())
}

fn android_sdk() -> Option<PathBuf> {
    ["ANDROID_HOME", "ANDROID_SDK_ROOT"]
        .iter()
        .filter_map(std::env::var_os)
        .map(PathBuf::from)
        .find(|dir| dir.is_dir())
}

/// The newest NDK installed in the SDK.
fn ndk(sdk: &Path) -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> =
        std::fs::read_dir(sdk.join("ndk")).ok()?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    versions.sort();
    versions.pop()
}
