//! `cargo xtask setup-check`: the set-up tried on a clean machine. A Debian 12 minimal root
//! (debootstrap, cached outside the clone, made when absent) gets only what a newcomer brings —
//! Node copied in, and this xtask binary standing in for the Rust toolchain that built it — then
//! `xtask setup` runs in it twice: as an ordinary user it must stop at once and name the
//! `apt-get install` line; as root it must install everything `cargo xtask test` needs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use anyhow::{Context, bail};

use crate::tools::{on_path, path_str, run_tool, target_dir};

const SUITE: &str = "bookworm";
const MIRROR: &str = "http://deb.debian.org/debian";
/// Written last into a finished root, so an interrupted debootstrap is never reused.
const COMPLETE: &str = ".afterglow-complete";
/// Where the host's CA bundle goes inside the root.
const HOST_CA: &str = "/etc/host-ca.crt";
/// Network settings passed through from the host (the machine's, not the project's).
const NETWORK_ENV: &[&str] =
    &["http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"];

fn cache() -> PathBuf {
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("/root"), PathBuf::from);
    home.join(".cache/afterglow")
}

pub fn run() -> anyhow::Result<()> {
    let pristine = pristine_root()?;
    let root = target_dir().join("setup-check-root");
    if root.exists() {
        // A run killed mid-check leaves its mounts behind: removing the folder would then fail
        // on /proc, or worse, descend into the host's apt cache bound inside it.
        unmount(&root);
        std::fs::remove_dir_all(&root)?;
    }
    run_tool(Command::new("cp").arg("-a").arg(&pristine).arg(&root))?;
    let result = check(&root);
    unmount(&root);
    std::fs::remove_dir_all(&root)?;
    result
}

/// Unmounts what `bring_in` mounts; a folder that is not mounted is left as it is.
fn unmount(root: &Path) {
    for dir in ["proc", "var/cache/apt/archives"] {
        let _ = Command::new("umount").arg(root.join(dir)).stderr(Stdio::null()).status();
    }
}

fn check(root: &Path) -> anyhow::Result<()> {
    bring_in(root)?;
    println!("== setup-check: as a user without root, `xtask setup` must stop and say what to run");
    let denied = in_root(root, Some("65534:65534"), &["/usr/local/bin/xtask", "setup"])?;
    let said = String::from_utf8_lossy(&denied.stderr);
    if denied.status.success() || !said.contains("apt-get install -y --no-install-recommends") {
        bail!("without root, setup did not stop with the install line:\n{said}");
    }
    println!("== setup-check: as root, `xtask setup` installs what `cargo xtask test` needs");
    let installed = in_root(root, None, &["/usr/local/bin/xtask", "setup"])?;
    if !installed.status.success() {
        bail!(
            "setup failed on a clean {SUITE} root:\n{}{}",
            String::from_utf8_lossy(&installed.stdout),
            String::from_utf8_lossy(&installed.stderr)
        );
    }
    // Run again: everything is there now, so it must install nothing.
    let again = in_root(root, None, &["/usr/local/bin/xtask", "setup"])?;
    let out = String::from_utf8_lossy(&again.stdout);
    if !again.status.success() || out.contains("apt-get install") {
        bail!("a second setup was not a no-op:\n{out}");
    }
    println!("== setup-check: passed on a clean {SUITE} root");
    Ok(())
}

/// A minimal Debian root, made once.
fn pristine_root() -> anyhow::Result<PathBuf> {
    let dir = cache().join(format!("roots/{SUITE}-minbase"));
    if dir.join(COMPLETE).is_file() {
        return Ok(dir);
    }
    if on_path("debootstrap").is_none() {
        println!("== apt-get install debootstrap");
        run_tool(Command::new("apt-get").args(["install", "-y", "-q", "debootstrap"]))?;
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    println!("== debootstrap {SUITE} into {} (a few minutes, once)", dir.display());
    run_tool(Command::new("debootstrap").args(["--variant=minbase", SUITE]).arg(&dir).arg(MIRROR))?;
    std::fs::write(dir.join(COMPLETE), "")?;
    Ok(dir)
}

/// Node (the README's prerequisite), this binary, DNS, /proc and a shared download cache.
fn bring_in(root: &Path) -> anyhow::Result<()> {
    let bin = root.join("usr/local/bin");
    std::fs::copy(std::env::current_exe()?, bin.join("xtask")).context("copying xtask")?;
    let node = on_path("node").context("Node is needed on the host to copy in")?;
    std::fs::copy(&node, bin.join("node"))?;
    let npm = Path::new("/usr/lib/node_modules/npm");
    if npm.is_dir() {
        let modules = root.join("usr/lib/node_modules");
        std::fs::create_dir_all(&modules)?;
        run_tool(Command::new("cp").arg("-a").arg(npm).arg(&modules))?;
        std::os::unix::fs::symlink("/usr/lib/node_modules/npm/bin/npm-cli.js", bin.join("npm"))?;
    }
    std::fs::copy("/etc/resolv.conf", root.join("etc/resolv.conf"))?;
    // The host's trust store, kept apart from the one Debian's ca-certificates rewrites: on a
    // network behind a TLS-inspecting proxy, pip and npm need the proxy's CA like the host does.
    let host_ca = Path::new("/etc/ssl/certs/ca-certificates.crt");
    if host_ca.is_file() {
        std::fs::copy(host_ca, root.join(HOST_CA.trim_start_matches('/')))?;
    }
    run_tool(Command::new("mount").args(["-t", "proc", "proc"]).arg(root.join("proc")))?;
    // Packages downloaded by earlier runs are reused; the root itself is thrown away.
    let archives = cache().join("roots/apt-archives");
    std::fs::create_dir_all(archives.join("partial"))?;
    run_tool(
        Command::new("mount").arg("--bind").arg(&archives).arg(root.join("var/cache/apt/archives")),
    )
}

fn in_root(root: &Path, user: Option<&str>, argv: &[&str]) -> anyhow::Result<Output> {
    let mut command = Command::new("chroot");
    if let Some(user) = user {
        command.arg(format!("--userspec={user}"));
    }
    command
        .arg(path_str(root)?)
        .args(argv)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin")
        .env("HOME", if user.is_some() { "/tmp" } else { "/root" })
        .env("LANG", "C.UTF-8");
    for name in NETWORK_ENV {
        if let Some(value) = std::env::var_os(name) {
            command.env(name, value);
        }
    }
    if root.join(HOST_CA.trim_start_matches('/')).is_file() {
        for name in ["SSL_CERT_FILE", "PIP_CERT", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS"] {
            command.env(name, HOST_CA);
        }
    }
    command.output().with_context(|| format!("chroot {}", root.display()))
}
