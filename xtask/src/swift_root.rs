//! `cargo xtask swift-test`: the iOS app's Swift compiled and tested on Linux. Swift 6.0 is
//! Debian 13's `swiftlang`, not in the machines' Debian 12, so it lives in a trixie minimal root
//! (debootstrap, cached outside the clone like the other tools, made when absent). Inside it,
//! against the Linux `libafterglow.so`: the generated `Serde` + `SharedTypes` package, the uniffi
//! bindings (`AfterglowCore`), every app file that imports only Foundation-level modules (all of
//! `iOS/Afterglow/Core`, which must stay that way), and the XCTest port of the JVM test
//! (`iOS/LinuxTests`). SwiftUI, UIKit and the other Apple frameworks need Xcode.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};

use crate::generate::{self, Language};
use crate::tools::{files_with_extension, on_path, path_str, run_tool, target_dir};

const SUITE: &str = "trixie";
/// The compiler, and the C library and C++ headers it links with (gcc only recommends them).
const PACKAGES: &[&str] = &["swiftlang", "libc6-dev", "libstdc++-14-dev"];
/// Written last into a finished root, so an interrupted debootstrap is never reused.
const COMPLETE: &str = ".afterglow-complete";
/// Modules an app file may import and still be built here.
const PORTABLE: &[&str] =
    &["Foundation", "Observation", "Dispatch", "SharedTypes", "AfterglowCore", "XCTest"];
const APP: &str = "iOS/Afterglow";
/// Portable by its imports, but built from the Apple-only handlers it wires together.
const WIRING: &[&str] = &["iOS/Afterglow/Platform/AppEffects.swift"];
/// Every file here must be portable: the logic-bearing, non-UI Swift.
const CORE: &str = "iOS/Afterglow/Core";
const TESTS: &str = "iOS/LinuxTests";
const PHOTO: &str = "fuzz/corpus/photo_import/noise_24x16.jpg";
/// Where the build folder is bind-mounted inside the root.
const INSIDE: &str = "/afterglow-build";

fn root_dir() -> PathBuf {
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("/root"), PathBuf::from);
    home.join(format!(".cache/afterglow/roots/{SUITE}-swift"))
}

/// Whether this machine can make or use the root (chroot, mount and debootstrap need root).
pub fn skip_reason() -> Option<&'static str> {
    if !crate::setup::is_root() {
        return Some("needs root for chroot and mount (CI runs as root)");
    }
    if on_path("debootstrap").is_none()
        && !root_dir().join(COMPLETE).is_file()
        && on_path("apt-get").is_none()
    {
        return Some("no trixie root yet, and neither debootstrap nor apt-get to make one");
    }
    None
}

/// The whole step: generate, make the root when absent, build, test.
pub fn run() -> anyhow::Result<()> {
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

/// The trixie root with Swift, made once (`debootstrap` from the mirror the host's apt uses).
fn ensure_root() -> anyhow::Result<PathBuf> {
    let dir = root_dir();
    if dir.join(COMPLETE).is_file() {
        return Ok(dir);
    }
    let started = Instant::now();
    if on_path("debootstrap").is_none() {
        println!("== apt-get install debootstrap");
        run_tool(Command::new("apt-get").args(["install", "-y", "-q", "debootstrap"]))?;
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let mirror = host_mirror();
    println!("== debootstrap {SUITE} from {mirror} into {} (once; about 2.5 GB)", dir.display());
    run_tool(
        Command::new("debootstrap").args(["--variant=minbase", SUITE]).arg(&dir).arg(&mirror),
    )?;
    std::fs::copy("/etc/resolv.conf", dir.join("etc/resolv.conf"))?;
    let proc = Mount::proc(&dir)?;
    let mut install = vec!["apt-get", "install", "-y", "-q", "--no-install-recommends"];
    install.extend(PACKAGES);
    in_root(&dir, &install)?;
    in_root(&dir, &["apt-get", "clean"])?;
    drop(proc);
    std::fs::write(dir.join(COMPLETE), "")?;
    println!("== swift root made in {:.0} s", started.elapsed().as_secs_f64());
    Ok(dir)
}

/// The Debian mirror of the host's apt sources (deb822 `URIs:` or one-line `deb`), else Debian's.
fn host_mirror() -> String {
    let mut texts = Vec::new();
    if let Ok(text) = std::fs::read_to_string("/etc/apt/sources.list") {
        texts.push(text);
    }
    if let Ok(entries) = std::fs::read_dir("/etc/apt/sources.list.d") {
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        texts.extend(paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    }
    mirror_in(&texts.join("\n")).unwrap_or_else(|| "http://deb.debian.org/debian".to_owned())
}

/// The first source URI whose path is the main archive (`…/debian`, not `…/debian-security`).
fn mirror_in(sources: &str) -> Option<String> {
    sources.lines().map(str::trim).filter(|l| !l.starts_with('#')).find_map(|line| {
        let uris = line.strip_prefix("URIs:").map(str::split_whitespace).or_else(|| {
            line.strip_prefix("deb ").map(|rest| {
                let mut words = rest.split_whitespace();
                if rest.starts_with('[') {
                    words.find(|w| w.ends_with(']'));
                }
                words
            })
        })?;
        uris.map(|u| u.trim_end_matches('/')).find(|u| u.ends_with("/debian")).map(str::to_owned)
    })
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
            .map(|f| Ok(format!("{INSIDE}/{}", path_str(f.strip_prefix(build)?)?)))
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

fn in_build(root: &Path, argv: &[&str]) -> anyhow::Result<()> {
    let mut command = Command::new("chroot");
    command.arg(root).args(["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", INSIDE]).args(argv);
    run_in_root(command)
}

fn in_root(root: &Path, argv: &[&str]) -> anyhow::Result<()> {
    let mut command = Command::new("chroot");
    command.arg(root).args(argv);
    run_in_root(command)
}

fn run_in_root(mut command: Command) -> anyhow::Result<()> {
    command
        .env_clear()
        .env("PATH", "/usr/bin:/bin:/usr/sbin:/sbin")
        .env("HOME", "/root")
        .env("LANG", "C.UTF-8")
        .env("DEBIAN_FRONTEND", "noninteractive");
    for name in ["http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"] {
        if let Some(value) = std::env::var_os(name) {
            command.env(name, value);
        }
    }
    run_tool(&mut command)
}

/// /proc (swift finds its libraries through `$ORIGIN`, which needs it) and the build folder,
/// unmounted when dropped, also on failure.
/// Held for its `Drop`: the mounts go when it does.
struct Mounts(#[expect(dead_code)] Vec<Mount>);

impl Mounts {
    fn new(root: &Path, build: &Path) -> anyhow::Result<Self> {
        let proc = Mount::proc(root)?;
        let target = root.join(INSIDE.trim_start_matches('/'));
        std::fs::create_dir_all(&target)?;
        run_tool(Command::new("mount").arg("--bind").arg(build).arg(&target))?;
        Ok(Self(vec![proc, Mount(target)]))
    }
}

struct Mount(PathBuf);

impl Mount {
    fn proc(root: &Path) -> anyhow::Result<Self> {
        let target = root.join("proc");
        run_tool(Command::new("mount").args(["-t", "proc", "proc"]).arg(&target))?;
        Ok(Self(target))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[cfg(test)]
mod tests {
    use super::{foreign_import, mirror_in};

    #[test]
    fn the_main_archive_is_found_in_either_sources_format() {
        let deb822 = "Types: deb\n# http://snapshot.debian.org/x\nURIs: http://deb.debian.org/debian\n\
            Suites: bookworm\n\nTypes: deb\nURIs: http://deb.debian.org/debian-security\n";
        assert_eq!(mirror_in(deb822).as_deref(), Some("http://deb.debian.org/debian"));
        let security_first =
            "URIs: http://m.example/debian-security/\nURIs: http://m.example/debian/\n";
        assert_eq!(mirror_in(security_first).as_deref(), Some("http://m.example/debian"));
        let one_line = "deb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian bookworm main\n\
            deb https://packages.cloud.google.com/apt cloud-sdk main\n";
        assert_eq!(mirror_in(one_line).as_deref(), Some("http://mirror.example/debian"));
        assert_eq!(mirror_in("deb https://deb.nodesource.com/node_20.x nodistro main\n"), None);
    }

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
