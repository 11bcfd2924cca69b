//! `cargo xtask swift-test`: the iOS app's Swift compiled and tested on Linux. Swift 6.0 is
//! Debian 13's `swiftlang`, not in the machines' Debian 12, so it lives in a trixie minimal root
//! (debootstrap, cached outside the clone like the other tools, made when absent). Inside it,
//! against the Linux `libafterglow.so`: the generated `Serde` + `SharedTypes` package, the uniffi
//! bindings (`AfterglowCore`), every app file that imports only Foundation-level modules (all of
//! `iOS/Afterglow/Core`, which must stay that way), and the XCTest port of the JVM test
//! (`iOS/LinuxTests`). SwiftUI, UIKit and the other Apple frameworks need Xcode. The root:
//! `trixie_root.rs`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};

use crate::generate::{self, Language};
use crate::tools::{files_with_extension, path_str, target_dir};
use crate::trixie_root;
use crate::trixie_root::{Mounts, RootLock, ensure_root, in_build, inside};

/// Modules an app file may import and still be built here.
const PORTABLE: &[&str] =
    &["Foundation", "Observation", "Dispatch", "SharedTypes", "AfterglowCore", "XCTest"];
const APP: &str = "iOS/Afterglow";
/// Portable by its imports, but built from the Apple-only handlers it wires together.
const WIRING: &[&str] = &["iOS/Afterglow/Platform/AppEffects.swift"];
/// Every file here must be portable: the logic-bearing, non-UI Swift.
const CORE: &str = "iOS/Afterglow/Core";
const TESTS: &str = "iOS/LinuxTests";
const PHOTO: &str = "testing/fuzz/corpus/photo_import/noise_24x16.jpg";

/// The whole step: generate, make the root when absent, build, test.
pub fn run() -> anyhow::Result<()> {
    // First: two runs sharing a target dir would also share the build folder.
    let _lock = RootLock::take(&trixie_root::root_dir())?;
    generate::build_host_library()?;
    let build = target_dir().join("swift-linux");
    let _ = std::fs::remove_dir_all(&build);
    generate::generate(Language::Swift, &build.join("generated"))?;
    let root = ensure_root()?;
    stage(&build)?;
    let mounts = Mounts::new(&root, &build)?;
    let started = Instant::now();
    let result = build_and_test(&root, &build);
    drop(mounts);
    result?;
    println!("== swift: built and tested in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The app's portable files, the tests, the library and a photo into the build folder.
fn stage(build: &Path) -> anyhow::Result<()> {
    let (portable, skipped) = app_files()?;
    let app = build.join("app");
    std::fs::create_dir_all(&app)?;
    for file in &portable {
        let name = file.strip_prefix(APP)?.to_string_lossy().replace('/', "_");
        std::fs::copy(file, app.join(name))?;
    }
    println!(
        "== swift: {} app files built here; left to Xcode (Apple-only imports):",
        portable.len()
    );
    for (file, module) in &skipped {
        println!("   {} ({module})", file.display());
    }
    let tests = build.join("tests");
    std::fs::create_dir_all(&tests)?;
    for file in files_with_extension(Path::new(TESTS), "swift")? {
        std::fs::copy(&file, tests.join(file.file_name().context("test file name")?))?;
    }
    require_listed_tests(&tests)?;
    let lib = build.join("lib");
    std::fs::create_dir_all(&lib)?;
    std::fs::copy(generate::host_library(), lib.join("libafterglow.so"))?;
    std::fs::copy(PHOTO, build.join("photo.jpg"))?;
    Ok(())
}

/// A file left to Xcode, and the import that keeps it out.
type Skipped = (PathBuf, String);

/// (portable files, skipped files); fails if a file in `Core/` is not portable.
fn app_files() -> anyhow::Result<(Vec<PathBuf>, Vec<Skipped>)> {
    let mut portable = Vec::new();
    let mut skipped = Vec::new();
    for file in files_with_extension(Path::new(APP), "swift")? {
        let text = std::fs::read_to_string(&file)?;
        let wiring = WIRING.iter().any(|w| file == Path::new(w));
        match foreign_import(&text) {
            None if wiring => {
                skipped.push((file, "nothing Apple-only, but uses the handlers".into()))
            }
            None => portable.push(file),
            Some(module) if file.starts_with(CORE) => bail!(
                "{} imports {module}: the files in {CORE} must build on Linux (Foundation-level \
                 imports only); move the platform part to iOS/Afterglow/Platform",
                file.display()
            ),
            Some(module) => skipped.push((file, format!("imports {module}"))),
        }
    }
    Ok((portable, skipped))
}

/// The first imported module that Swift on Linux does not have.
fn foreign_import(source: &str) -> Option<String> {
    source
        .lines()
        .filter_map(|line| line.trim().strip_prefix("import "))
        .map(|module| module.trim().to_owned())
        .find(|module| !PORTABLE.contains(&module.as_str()))
}

/// swiftc has no test discovery: a test method missing from `allTests` would never run.
fn require_listed_tests(tests: &Path) -> anyhow::Result<()> {
    for file in files_with_extension(tests, "swift")? {
        let text = std::fs::read_to_string(&file)?;
        for name in text.split("func test").skip(1).filter_map(|rest| rest.split('(').next()) {
            if !text.contains(&format!("(\"test{name}\", test{name})"))
                && !text.contains(&format!("(\"test{name}\",\n"))
            {
                bail!("{}: test{name} is not in allTests", file.display());
            }
        }
    }
    Ok(())
}

fn build_and_test(root: &Path, build: &Path) -> anyhow::Result<()> {
    let swift = |dir: &str| -> anyhow::Result<Vec<String>> {
        files_with_extension(&build.join(dir), "swift")?
            .iter()
            .map(|f| Ok(format!("{}/{}", inside(), path_str(f.strip_prefix(build)?)?)))
            .collect()
    };
    let types = "generated/types/SharedTypes/Sources";
    let common = ["-swift-version", "5", "-Onone", "-I", "out", "-L", "out", "-L", "lib"];
    let library = |name: &str, sources: Vec<String>, extra: &[&str]| -> anyhow::Result<()> {
        println!("== swiftc: {name} ({} files)", sources.len());
        let out = format!("out/lib{name}.so");
        let module = format!("out/{name}.swiftmodule");
        let mut argv = vec!["swiftc", "-parse-as-library", "-emit-library", "-emit-module"];
        argv.extend(["-module-name", name, "-emit-module-path", &module, "-o", &out]);
        argv.extend(common);
        argv.extend(extra);
        argv.extend(sources.iter().map(String::as_str));
        in_build(root, &argv)
    };
    library("Serde", swift(&format!("{types}/Serde"))?, &[])?;
    library("SharedTypes", swift(&format!("{types}/SharedTypes"))?, &["-lSerde"])?;
    let ffi_map = "-fmodule-map-file=generated/bindings/AfterglowCoreFFI.modulemap";
    library(
        "AfterglowCore",
        swift("generated/bindings")?,
        &["-Xcc", ffi_map, "-I", "generated/bindings", "-lafterglow"],
    )?;
    let mut sources = swift("app")?;
    sources.extend(swift("tests")?);
    println!("== swiftc: the app's portable Swift with the XCTest port ({} files)", sources.len());
    let mut argv = vec!["swiftc", "-emit-executable", "-o", "out/linux-tests"];
    argv.extend(common);
    // The Xcode project's checking (`SWIFT_STRICT_CONCURRENCY: complete`), with its warnings as
    // errors here, like clippy's: the portable Swift stays ready for the Swift 6 language mode.
    argv.extend(["-strict-concurrency=complete", "-warnings-as-errors"]);
    argv.extend(["-Xcc", ffi_map, "-I", "generated/bindings"]);
    argv.extend(["-lSerde", "-lSharedTypes", "-lAfterglowCore", "-lafterglow"]);
    argv.extend(sources.iter().map(String::as_str));
    in_build(root, &argv)?;
    println!("== xctest: iOS/LinuxTests against libafterglow.so");
    in_build(
        root,
        &["env", "LD_LIBRARY_PATH=out:lib", "AFTERGLOW_TEST_PHOTO=photo.jpg", "out/linux-tests"],
    )
}

#[cfg(test)]
mod tests {
    use super::foreign_import;

    #[test]
    fn apple_only_imports_keep_a_file_out() {
        assert_eq!(foreign_import("import Foundation\nimport SharedTypes\n"), None);
        assert_eq!(
            foreign_import("import Foundation\nimport UserNotifications\n").as_deref(),
            Some("UserNotifications")
        );
        assert_eq!(foreign_import("import SwiftUI\n").as_deref(), Some("SwiftUI"));
    }
}
