//! `cargo xtask ios build`: the Rust library as an XCFramework, its Swift bindings and bridge
//! types as two local Swift packages, then the Xcode project (XcodeGen) built for the simulator.
//! Needs a Mac with Xcode; elsewhere it stops at once and says what is missing.
//!
//! Output (all under `iOS/generated/`, not committed):
//! - `AfterglowCore/`: `Package.swift`, `AfterglowCoreFFI.xcframework` (static libraries for
//!   device and simulator, header + module map) and `Sources/AfterglowCore/AfterglowCore.swift`.
//! - `SharedTypes/`: the Crux bridge types package (`cargo run -p shared_types -- swift`).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::bail;

use crate::cargo;
use crate::generate::{self, Language};
use crate::tools::{require_tools, run_tool, target_dir};

/// Device, Apple-silicon simulator, Intel simulator.
const TARGETS: [&str; 3] = ["aarch64-apple-ios", "aarch64-apple-ios-sim", "x86_64-apple-ios"];
const GENERATED: &str = "iOS/generated";

pub fn run(args: &[String]) -> anyhow::Result<()> {
    match args.first().map(String::as_str) {
        Some("build") => build(),
        _ => bail!("usage: cargo xtask ios build"),
    }
}

fn build() -> anyhow::Result<()> {
    if !cfg!(target_os = "macos") {
        bail!(
            "`cargo xtask ios build` needs macOS with Xcode 16+ (xcodebuild) and XcodeGen \
             (xcodegen); this is {}. See iOS/README.md for what CI checks on Linux.",
            std::env::consts::OS
        );
    }
    require_tools(
        "ios build",
        &[
            ("xcodebuild", "Xcode 16 or newer (xcode-select --install is not enough)"),
            ("xcodegen", "XcodeGen 2.42+ (brew install xcodegen)"),
            ("lipo", "part of Xcode's command line tools"),
            ("rustup", "adds the iOS Rust targets"),
        ],
    )?;
    run_tool(Command::new("rustup").arg("target").arg("add").args(TARGETS))?;
    for target in TARGETS {
        println!("== libafterglow.a for {target}");
        cargo(&[
            "rustc",
            "--locked",
            "--release",
            "-p",
            "afterglow_ffi",
            "--lib",
            "--crate-type",
            "staticlib",
            "--target",
            target,
        ])?;
    }

    generate::build_host_library()?;
    let swift = target_dir().join("swift-generated");
    generate::generate(Language::Swift, &swift)?;

    let generated = Path::new(GENERATED);
    let _ = std::fs::remove_dir_all(generated);
    let package = generated.join("AfterglowCore");
    let sources = package.join("Sources/AfterglowCore");
    let headers = target_dir().join("xcframework-headers");
    let _ = std::fs::remove_dir_all(&headers);
    std::fs::create_dir_all(&sources)?;
    std::fs::create_dir_all(&headers)?;
    let bindings = swift.join("bindings");
    std::fs::copy(bindings.join("AfterglowCore.swift"), sources.join("AfterglowCore.swift"))?;
    std::fs::copy(bindings.join("AfterglowCoreFFI.h"), headers.join("AfterglowCoreFFI.h"))?;
    // An XCFramework's headers folder needs the module map under this exact name.
    std::fs::copy(bindings.join("AfterglowCoreFFI.modulemap"), headers.join("module.modulemap"))?;

    let simulators = target_dir().join("ios-simulator-universal/libafterglow.a");
    std::fs::create_dir_all(simulators.parent().unwrap_or(Path::new(".")))?;
    run_tool(
        Command::new("lipo")
            .arg("-create")
            .arg(release_lib("aarch64-apple-ios-sim"))
            .arg(release_lib("x86_64-apple-ios"))
            .arg("-output")
            .arg(&simulators),
    )?;
    run_tool(
        Command::new("xcodebuild")
            .arg("-create-xcframework")
            .arg("-library")
            .arg(release_lib("aarch64-apple-ios"))
            .arg("-headers")
            .arg(&headers)
            .arg("-library")
            .arg(&simulators)
            .arg("-headers")
            .arg(&headers)
            .arg("-output")
            .arg(package.join("AfterglowCoreFFI.xcframework")),
    )?;
    std::fs::write(package.join("Package.swift"), PACKAGE_SWIFT)?;
    copy_dir(&swift.join("types/SharedTypes"), &generated.join("SharedTypes"))?;

    println!("== xcodegen + xcodebuild (simulator)");
    run_tool(Command::new("xcodegen").args(["generate", "--spec", "iOS/project.yml"]))?;
    run_tool(Command::new("xcodebuild").args([
        "-project",
        "iOS/Afterglow.xcodeproj",
        "-scheme",
        "Afterglow",
        "-configuration",
        "Debug",
        "-destination",
        "generic/platform=iOS Simulator",
        "build",
    ]))?;
    println!("built iOS/Afterglow.xcodeproj; open it in Xcode to run on a simulator or device");
    Ok(())
}

fn release_lib(target: &str) -> PathBuf {
    target_dir().join(target).join("release/libafterglow.a")
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// The package wrapping the XCFramework and the uniffi Swift file (the layout cargo-swift makes).
const PACKAGE_SWIFT: &str = r#"// swift-tools-version:5.9
// Generated by `cargo xtask ios build`; do not edit.
import PackageDescription

let package = Package(
    name: "AfterglowCore",
    platforms: [.iOS(.v17)],
    products: [.library(name: "AfterglowCore", targets: ["AfterglowCore"])],
    targets: [
        .binaryTarget(name: "AfterglowCoreFFI", path: "AfterglowCoreFFI.xcframework"),
        .target(name: "AfterglowCore", dependencies: ["AfterglowCoreFFI"], path: "Sources/AfterglowCore"),
    ]
)
"#;
