//! Small helpers the xtask verbs share: running tools, finding them, paths.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

/// The workspace root (xtask's parent folder), whatever the current directory is.
///
/// Read at run time first: `cargo xtask` (`cargo run`) sets `CARGO_MANIFEST_DIR` for the process.
/// The compile-time value is only a fallback, because two checkouts sharing one target dir
/// (a clean clone for CI and the working copy) share one xtask binary, which would otherwise
/// act on whichever checkout built it last.
pub fn root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Cargo's target dir: `CARGO_TARGET_DIR`, else the workspace's `target`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

/// The absolute path of `program` on `PATH`, if it is there.
pub fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|p| p.is_file())
}

/// Fails with one message naming every tool in `needed` (name, why) that is not on `PATH`.
pub fn require_tools(verb: &str, needed: &[(&str, &str)]) -> anyhow::Result<()> {
    let missing: Vec<String> = needed
        .iter()
        .filter(|(program, _)| on_path(program).is_none())
        .map(|(program, why)| format!("  {program}: {why}"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    bail!("`cargo xtask {verb}` cannot run here; not found on PATH:\n{}", missing.join("\n"))
}

pub fn require_file(path: &Path) -> anyhow::Result<()> {
    if path.is_file() { Ok(()) } else { bail!("expected {} to be generated", path.display()) }
}

pub fn path_str(path: &Path) -> anyhow::Result<&str> {
    path.to_str().with_context(|| format!("non-UTF-8 path {}", path.display()))
}

pub fn run_tool(command: &mut Command) -> anyhow::Result<()> {
    let status = command.status().with_context(|| format!("running {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed ({status})");
    }
    Ok(())
}

/// Every file under `dir` whose name ends with `.{extension}`, sorted.
pub fn files_with_extension(dir: &Path, extension: &str) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(files_with_extension(&path, extension)?);
        } else if path.extension().is_some_and(|e| e == extension) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
