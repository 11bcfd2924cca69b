//! The Debian 13 ("trixie") minimal root Swift runs in: made once with debootstrap from the
//! mirror of the host's apt sources, cached in `~/.cache/afterglow/roots/trixie-swift` (outside
//! the clone, like the other tools), entered with chroot. Swift on Linux needs /proc there (it
//! finds its libraries through `$ORIGIN`), and the build folder is bind-mounted in.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::Context;

use crate::tools::{on_path, run_tool};

const SUITE: &str = "trixie";
/// The compiler, and the C library and C++ headers it links with (gcc only recommends them).
const PACKAGES: &[&str] = &["swiftlang", "libc6-dev", "libstdc++-14-dev"];
/// Written last into a finished root, so an interrupted debootstrap is never reused.
const COMPLETE: &str = ".afterglow-complete";

/// The cached root (per user, outside the clone).
pub fn root_dir() -> PathBuf {
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

/// Where the build folder is bind-mounted inside the root: one per process, so two runs (two
/// clones on one machine) do not build in each other's folder.
pub fn inside() -> String {
    format!("/afterglow-build-{}", std::process::id())
}

/// The trixie root with Swift, made once (`debootstrap` from the mirror the host's apt uses).
pub fn ensure_root() -> anyhow::Result<PathBuf> {
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
        // An interrupted creation may have left /proc mounted: never walk into it.
        let _ = Command::new("umount").arg(dir.join("proc")).status();
        std::fs::remove_dir_all(&dir)?;
    }
    let mirror = host_mirror();
    println!(
        "== debootstrap {SUITE} from {mirror} into {} (once: about 540 MB to download, 2.6 GB on disk)",
        dir.display()
    );
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

pub fn in_build(root: &Path, argv: &[&str]) -> anyhow::Result<()> {
    let mut command = Command::new("chroot");
    let inside = inside();
    command.arg(root).args(["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", &inside]).args(argv);
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

/// One run at a time per root (two clones on one machine): creating it, or the /proc mount one
/// run would unmount under the other. A lock file holding the pid; a dead holder's is taken over.
pub struct RootLock(PathBuf);

impl RootLock {
    pub fn take(root: &Path) -> anyhow::Result<Self> {
        let path = root.with_extension("lock");
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut said = false;
        loop {
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    std::io::Write::write_all(
                        &mut file,
                        std::process::id().to_string().as_bytes(),
                    )?;
                    return Ok(Self(path));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(&path).unwrap_or_default();
                    let alive = holder
                        .trim()
                        .parse::<u32>()
                        .is_ok_and(|pid| Path::new(&format!("/proc/{pid}")).exists());
                    if !alive {
                        let _ = std::fs::remove_file(&path);
                        continue;
                    }
                    if !said {
                        println!(
                            "== swift: waiting for run {} to finish with the root",
                            holder.trim()
                        );
                        said = true;
                    }
                    std::thread::sleep(std::time::Duration::from_secs(1));
                }
                Err(e) => return Err(e).with_context(|| format!("creating {}", path.display())),
            }
        }
    }
}

impl Drop for RootLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// /proc (swift finds its libraries through `$ORIGIN`, which needs it) and the build folder,
/// unmounted when dropped, also on failure.
/// Held for its `Drop`: the mounts go when it does.
pub struct Mounts(#[expect(dead_code)] Vec<Mount>);

impl Mounts {
    pub fn new(root: &Path, build: &Path) -> anyhow::Result<Self> {
        let proc = Mount::proc(root)?;
        let target = root.join(inside().trim_start_matches('/'));
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
        let unmounted = Command::new("umount").arg(&self.0).status().is_ok_and(|s| s.success());
        if unmounted && !self.0.ends_with("proc") {
            // Only ever an empty mount point once unmounted: remove_dir refuses anything else.
            let _ = std::fs::remove_dir(&self.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::mirror_in;

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
}
