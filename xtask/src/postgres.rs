//! The clinic server's integration suite on PostgreSQL: a throwaway server on loopback
//! (`initdb` into a temporary folder, `pg_ctl start` on a free port with its socket in that
//! folder), the suite run with `AFTERGLOW_TEST_POSTGRES` pointing at it (each test then makes
//! and drops a database of its own), and the server stopped and its folder removed even when
//! the suite fails.
//!
//! PostgreSQL refuses to run as root, and CI runs as root: there the server runs as the
//! `postgres` account the Debian package creates (`runuser`), in a folder it owns.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};

use crate::setup::is_root;
use crate::tools::run_tool;

/// The role the tests connect as: it owns the databases it creates and, being no superuser,
/// is bound by the clinic schema's row-level security (the server refuses a role that is not).
const ROLE: &str = "afterglow";

/// `cargo test -p clinic --test it` against a throwaway PostgreSQL.
pub fn clinic_suite() -> anyhow::Result<()> {
    let started = Instant::now();
    let server = Throwaway::start()?;
    println!("   PostgreSQL started in {:.1} s", started.elapsed().as_secs_f64());
    let tests = Instant::now();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .args(["test", "--locked", "-p", "clinic", "--test", "it"])
        .env("AFTERGLOW_TEST_POSTGRES", server.url())
        .status()
        .with_context(|| format!("running {cargo}"));
    println!("   suite on PostgreSQL took {:.1} s", tests.elapsed().as_secs_f64());
    // Stopped here, before any error is returned; `Drop` covers a panic.
    drop(server);
    if !status?.success() {
        bail!("the clinic suite failed on PostgreSQL");
    }
    Ok(())
}

/// A PostgreSQL server in a temporary folder, stopped and removed on drop.
struct Throwaway {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
}

impl Throwaway {
    fn start() -> anyhow::Result<Self> {
        let bin = bin_dir()?;
        let dir = std::env::temp_dir().join(format!("afterglow-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        if is_root() {
            run_tool(Command::new("chown").arg("postgres:postgres").arg(&dir))?;
        }
        let port = free_port()?;
        // Dropped (and so stopped and removed) from here on if a later step fails.
        let server = Self { bin, dir, port };
        let data = server.dir.join("data");
        // Trust on loopback only: the server listens nowhere else and lives for one run.
        server.as_owner(server.bin.join("initdb"), |c| {
            c.args(["-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"])
                .arg("--no-sync")
                .arg("-D")
                .arg(&data);
        })?;
        // fsync off: nothing here tests PostgreSQL's own durability, and it makes the suite's
        // hundreds of CREATE DATABASE and commits cheap on a shared disk.
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off -c max_connections=200",
            server.dir.display()
        );
        server.as_owner(server.bin.join("pg_ctl"), |c| {
            c.arg("-D").arg(&data).arg("-l").arg(server.dir.join("log")).args(["-w", "-o"]);
            c.arg(&options).arg("start");
        })?;
        run_tool(Command::new(server.bin.join("psql")).args([
            "-q",
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-c",
            &format!("CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD '{ROLE}'"),
        ]))?;
        Ok(server)
    }

    /// The URL of the `postgres` database as the test role (tests create their own).
    fn url(&self) -> String {
        format!("postgres://{ROLE}:{ROLE}@127.0.0.1:{}/postgres", self.port)
    }

    /// Runs a server program as the account that owns the data folder.
    fn as_owner(&self, program: PathBuf, args: impl FnOnce(&mut Command)) -> anyhow::Result<()> {
        let mut command = if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        };
        args(&mut command);
        run_tool(&mut command)
    }
}

impl Drop for Throwaway {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        // Immediate: the tests are over, and their databases go with the folder.
        let stopped = self.as_owner(self.bin.join("pg_ctl"), |c| {
            c.arg("-D").arg(&data).args(["-m", "immediate", "stop"]);
        });
        if let Err(e) = stopped {
            eprintln!("xtask: stopping the test PostgreSQL: {e:#}");
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The newest installed server's programs (`/usr/lib/postgresql/<major>/bin`, Debian's
/// layout; `setup` installs the `postgresql` package).
fn bin_dir() -> anyhow::Result<PathBuf> {
    let root = Path::new("/usr/lib/postgresql");
    let newest = std::fs::read_dir(root)
        .with_context(|| format!("no PostgreSQL under {}", root.display()))?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .max()
        .with_context(|| format!("no PostgreSQL version under {}", root.display()))?;
    let bin = root.join(newest.to_string()).join("bin");
    if !bin.join("initdb").is_file() {
        bail!("{} has no initdb", bin.display());
    }
    Ok(bin)
}

/// A port free on loopback now (the kernel's pick; the server takes it a moment later).
fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}
