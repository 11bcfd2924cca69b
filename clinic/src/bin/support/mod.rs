//! What the two load binaries share: starting the real server on a loopback port and reading
//! its memory from /proc.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running `clinic serve`, killed when dropped (also when the load run fails half-way).
pub struct Server {
    child: Child,
    pub pid: u32,
    pub url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `server_bin serve --db <db> --addr 127.0.0.1:0 <extra…>` and waits for its
/// "listening on <url>" line, so the first request meets a ready server.
pub fn start(server_bin: &Path, db: &Path, extra: &[&str]) -> anyhow::Result<Server> {
    let mut database = vec![OsString::from("--db"), db.into()];
    // Extra `--database-url …` replaces the file, which then only places the photos.
    if extra.contains(&"--database-url") {
        let folder = db.parent().unwrap_or(Path::new("."));
        database = vec![OsString::from("--data-dir"), folder.into()];
    }
    let mut child = Command::new(server_bin)
        .arg("serve")
        .args(database)
        // The load runs measure the server, not key handling: what has no key in `extra` is
        // stored plain (the loadtest's `--encrypted` gives the database one).
        .args(["--addr", "127.0.0.1:0", "--unencrypted"])
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| anyhow::anyhow!("{}: {e}", server_bin.display()))?;
    let stdout = child.stdout.take().ok_or_else(|| anyhow::anyhow!("no server stdout"))?;
    let pid = child.id();
    // Owned before the first fallible read, so a server that fails to start is still killed.
    let mut server = Server { child, pid, url: String::new() };
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    server.url = line
        .trim()
        .strip_prefix("listening on ")
        .ok_or_else(|| anyhow::anyhow!("server did not start: {line:?}"))?
        .to_owned();
    Ok(server)
}

/// A `/proc/<pid>/status` field in KiB: `VmRSS:` now, `VmHWM:` the peak.
pub fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}
