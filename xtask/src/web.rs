//! The web shell: `cargo xtask web-build` (wasm core + generated types + Vite app),
//! `cargo xtask dev` (the README's main job: clinic server + portal + web app on 127.0.0.1) and
//! `cargo xtask web-test` (the browser tests in headless Chromium).
//!
//! Generated code (`web/generated/pkg`, `web/generated/types`) and the built app (`web/dist`)
//! are not committed: this file regenerates them on every build.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::{Context, bail};

use crate::tools::{root, target_dir};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CHROMIUM: &str = "/usr/bin/chromium";
pub const DEMO_STAFF_EMAIL: &str = "nurse@demo.afterglow.test";

fn run(command: &mut Command) -> anyhow::Result<()> {
    let status = command.status().with_context(|| format!("running {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed ({status})");
    }
    Ok(())
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The wasm core's JS glue, made by wasm-bindgen's own library (`wasm-bindgen-cli-support`, the
/// code behind its CLI) linked into xtask. `cargo install wasm-bindgen-cli` built about 200 crates
/// in release, minutes of a fresh machine's first `cargo xtask dev` (issue 21); the library needs
/// a tenth of them, builds with the rest of xtask in the dev profile and is pinned by Cargo.lock
/// to the same version as the `wasm-bindgen` crate (test `bindgen_matches_the_crate`).
fn bindgen(wasm: &Path, out: &Path) -> anyhow::Result<()> {
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .web(true)?
        .input_path(wasm)
        // What the CLI's `--target web` sets where the library's defaults differ: the .d.ts
        // files, and `init()` finding the .wasm next to the glue.
        .typescript(true)
        .omit_default_module_path(false)
        .generate(out)
        .with_context(|| format!("wasm-bindgen on {}", wasm.display()))
}

fn ensure_node_tools() -> anyhow::Result<()> {
    if !have("npm") {
        bail!("npm (Node.js 20+) is needed for the web app: apt-get install nodejs npm");
    }
    if !have("pnpm") {
        // The TypeScript typegen runs `pnpm install && pnpm exec tsc` (crux.md §4).
        println!("== npm i -g pnpm (the TypeScript typegen needs it)");
        run(Command::new("npm").args(["i", "-g", "pnpm"]))?;
    }
    Ok(())
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let out = Command::new("rustup").args(["target", "list", "--installed"]).output();
    if out
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == WASM_TARGET))
    {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// Builds the worker's wasm core (with SQLite: `sqlite-wasm-rs` compiles it with clang, lean as
/// `SQLITE_LEAN` says), its JS glue into `web/generated/pkg`, and shrinks it.
fn build_core(web: &Path) -> anyhow::Result<PathBuf> {
    ensure_wasm_target()?;
    ensure_node_tools()?;
    println!("== wasm core (the worker's: the core, SQLite, the share client)");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(Command::new(cargo).env("SQLITE_WASM_RS_FLAGS", SQLITE_LEAN.join(" ")).args([
        "build",
        "--locked",
        "-p",
        "afterglow_web",
        "--lib",
        "--target",
        WASM_TARGET,
        "--profile",
        "wasm-release",
    ]))?;
    let wasm = target_dir().join(WASM_TARGET).join("wasm-release/afterglow_web.wasm");
    let pkg = web.join("generated/pkg");
    bindgen(&wasm, &pkg)?;
    let bg = pkg.join("afterglow_web_bg.wasm");
    if !web.join("node_modules/.package-lock.json").exists() {
        println!("== npm ci (web/)");
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(web))?;
    }
    // binaryen from npm (version pinned in package-lock.json): Debian's binaryen 108 mangles
    // wasm-bindgen's externref table ("Table.set(): function-typed object must be null").
    wasm_opt(web, &bg)?;
    Ok(bg)
}

/// Builds the wasm core, its JS glue, the TypeScript types and the Vite app into `web/dist`.
pub fn build() -> anyhow::Result<()> {
    let root = root();
    let web = root.join("web");
    let bg = build_core(&web)?;
    println!("== TypeScript types (shared_types)");
    let types = web.join("generated/types");
    let types_arg = types.to_string_lossy().into_owned();
    crate::cargo(&["run", "--quiet", "-p", "shared_types", "--", "typescript", &types_arg])?;
    // The core's first-run notice, which vite.config.ts writes into the page (first paint).
    let first_run = web.join("generated/first-run.json");
    let first_run_arg = first_run.to_string_lossy().into_owned();
    crate::cargo(&["run", "--quiet", "-p", "shared_types", "--", "first-run", &first_run_arg])?;
    // The words drawn before the core runs or when it cannot (web/src/ui/beforeCore.ts).
    let before_core = web.join("generated/before-core.json");
    let before_core_arg = before_core.to_string_lossy().into_owned();
    crate::cargo(&["run", "--quiet", "-p", "shared_types", "--", "before-core", &before_core_arg])?;
    println!("== web app (tsc, vite build)");
    run(Command::new("npm").args(["run", "build"]).current_dir(&web))?;
    // After Vite (and its service-worker precache list), so the list names no .br/.gz file.
    println!("== precompress (brotli 11, gzip 9)");
    let sizes = crate::compress::precompress(&web.join("dist"))?;
    print!("{}", crate::compress::table(&sizes));
    let size = std::fs::metadata(&bg).map(|m| m.len()).unwrap_or(0);
    println!("web app built in {} (core wasm {size} bytes)", web.join("dist").display());
    Ok(())
}

/// Shrinks a built module in place (`-Oz`, debug info and producers stripped).
fn wasm_opt(web: &Path, wasm: &Path) -> anyhow::Result<()> {
    println!("== wasm-opt -Oz");
    run(Command::new(web.join("node_modules/.bin/wasm-opt"))
        .args(["-Oz", "--strip-debug", "--strip-producers"])
        .args(WASM_OPT_FEATURES)
        .arg(wasm)
        .arg("-o")
        .arg(wasm))
}

const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// A clinic server on a fresh database with a demo staff account and a patient invite.
pub struct DemoClinic {
    pub child: Child,
    /// The portal's origin (and the share API's): `http://127.0.0.1:<port>`.
    pub url: String,
    /// The patient app's own origin (review M11): `http://localhost:<port>`, a host the
    /// portal's cookies are never sent to (cookies are per host, not per port).
    pub app_url: String,
    pub email: String,
    pub password: String,
    pub invite: String,
    /// A second patient's invite (the browser tests unlink with it).
    pub second_invite: String,
    /// A third patient's invite (the browser tests' Background Sync run links with it).
    pub third_invite: String,
}

impl Drop for DemoClinic {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn random_hex(bytes: usize) -> anyhow::Result<String> {
    let mut buf = vec![0u8; bytes];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut buf))
        .context("reading /dev/urandom")?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// The patient app's host name in development, beside the portal's `127.0.0.1`: a host of its
/// own, not only a port, because cookies are scoped by host and not by port, so the portal's
/// cookie for `127.0.0.1` is never sent to `localhost`. Both names are loopback without DNS or an
/// /etc/hosts line in every browser, in Node and in the core's plain-HTTP rule (exactly
/// `localhost` or 127.0.0.0/8, review L1), and both are secure contexts (the service worker runs).
/// `app.localhost` would resolve in Chromium only, and the core rightly refuses plain HTTP to it.
pub const DEV_APP_HOST: &str = "localhost";

pub fn start_clinic(addr: &str, app_addr: &str, data: &Path) -> anyhow::Result<DemoClinic> {
    crate::cargo(&["build", "--quiet", "-p", "clinic", "--bin", "clinic"])?;
    let clinic = target_dir().join("debug/clinic");
    if data.exists() {
        std::fs::remove_dir_all(data).with_context(|| format!("clearing {}", data.display()))?;
    }
    std::fs::create_dir_all(data)?;
    // The clinic server refuses a data folder other accounts can read (clinic/src/datadir.rs).
    std::fs::set_permissions(
        data,
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o700),
    )?;
    let db = data.join("clinic.db");
    // The demo runs as a clinic would (issue 19): database and photos encrypted at rest, with
    // keys made for the run beside the data folder, not in it (the server refuses that).
    let keys = data.with_file_name(format!(
        "{}-keys",
        data.file_name().context("the data folder has no name")?.to_string_lossy()
    ));
    if keys.exists() {
        std::fs::remove_dir_all(&keys).with_context(|| format!("clearing {}", keys.display()))?;
    }
    std::fs::create_dir_all(&keys)?;
    let (db_key, photo_key) = (keys.join("db.key"), keys.join("photo.key"));
    for (kind, key) in [("db-key", &db_key), ("photo-key", &photo_key)] {
        run(Command::new(&clinic).args([kind, "new"]).arg(key).stdout(Stdio::null()))?;
    }
    // Every command below opens the encrypted file: the key goes in the environment once.
    let clinic = || {
        let mut command = Command::new(&clinic);
        command.env("AFTERGLOW_DB_KEY_FILE", &db_key);
        command
    };
    let password = format!("demo-{}", random_hex(8)?);
    let mut add = clinic()
        .args(["staff", "add", "--db"])
        .arg(&db)
        .args(["--email", DEMO_STAFF_EMAIL])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    if let Some(mut stdin) = add.stdin.take() {
        writeln!(stdin, "{password}")?;
    }
    if !add.wait()?.success() {
        bail!("clinic staff add failed");
    }
    let mut child = clinic()
        .env("AFTERGLOW_PHOTO_KEY_FILE", &photo_key)
        .args(["serve", "--db"])
        .arg(&db)
        .args(["--addr", addr, "--app-addr", app_addr, "--web-dir"])
        .arg(root().join("web/dist"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take().context("clinic stdout")?;
    let mut stdout = BufReader::new(stdout);
    let mut line = String::new();
    stdout.read_line(&mut line)?;
    let Some(url) = line.trim().strip_prefix("listening on ").map(str::to_owned) else {
        let _ = child.kill();
        bail!("the clinic server did not start: {line}");
    };
    let mut line = String::new();
    stdout.read_line(&mut line)?;
    let app_port = line
        .trim()
        .strip_prefix("patient app on http://")
        .and_then(|a| a.parse::<std::net::SocketAddr>().ok())
        .map(|a| a.port());
    let Some(app_port) = app_port else {
        let _ = child.kill();
        bail!("the clinic server named no patient app address: {line}");
    };
    let app_url = format!("http://{DEV_APP_HOST}:{app_port}");
    run(clinic()
        .args(["settings", "--db"])
        .arg(&db)
        .args([
            "--name",
            "Afterglow Demo Clinic",
            "--phone",
            "+44 20 0000 0000",
            "--public-url",
            &url,
        ])
        .stdout(Stdio::null()))?;
    let invite = |name: &str, png: &str| -> anyhow::Result<String> {
        let out = clinic()
            .args(["invite", "--db"])
            .arg(&db)
            .args(["--name", name, "--png"])
            .arg(data.join(png))
            .output()?;
        let text = String::from_utf8_lossy(&out.stdout);
        text.lines()
            .find_map(|l| l.strip_prefix("invite code:"))
            .map(|c| c.trim().to_owned())
            .context("clinic invite printed no code")
    };
    let first = invite("Demo Patient", "invite.png")?;
    let second_invite = invite("Second Patient", "invite-2.png")?;
    let third_invite = invite("Third Patient", "invite-3.png")?;
    Ok(DemoClinic {
        child,
        url,
        app_url,
        email: DEMO_STAFF_EMAIL.into(),
        password,
        invite: first,
        second_invite,
        third_invite,
    })
}

/// `cargo xtask dev`: build everything, serve the app and the portal, print how to get in.
pub fn dev() -> anyhow::Result<()> {
    crate::setup::for_dev()?;
    build()?;
    let mut clinic = start_clinic("127.0.0.1:8080", "127.0.0.1:8081", &root().join("web/.dev"))?;
    println!();
    println!(
        "Afterglow is running (Ctrl-C stops it; data in web/.dev/, encrypted with keys in \
         web/.dev-keys/, fresh each run)"
    );
    println!(
        "  patient web app:  {}/app/  (its own origin; link it to the clinic at its own address)",
        clinic.app_url
    );
    println!("  clinic portal:    {}/login", clinic.url);
    println!("  staff login:      {}  password: {}", clinic.email, clinic.password);
    println!(
        "  second factor:    the first portal login shows a QR and its key: scan it with an \
         authenticator app (or `oathtool --totp -b KEY`); later logins ask for its code"
    );
    println!("  patient invite:   {}  (enter it in the app under Clinic)", clinic.invite);
    let _ = std::io::stdout().flush();
    let status = clinic.child.wait()?;
    if !status.success() {
        bail!("the clinic server stopped ({status})");
    }
    Ok(())
}

/// `cargo xtask web-test`: build, start a demo clinic on a free port, run the browser tests.
pub fn test() -> anyhow::Result<()> {
    build()?;
    if !Path::new(CHROMIUM).exists() {
        println!("== apt-get install chromium");
        run(Command::new("apt-get").args(["update", "-q"]))?;
        run(Command::new("apt-get").args([
            "install",
            "-y",
            "-q",
            "--no-install-recommends",
            "chromium",
        ]))?;
    }
    let data = target_dir().join("web-test");
    let clinic = start_clinic("127.0.0.1:0", "127.0.0.1:0", &data)?;
    let web = root().join("web");
    run(Command::new("node")
        .arg("tests/run.mjs")
        .current_dir(&web)
        .env("APP_URL", format!("{}/app/", clinic.app_url))
        .env("CLINIC_URL", &clinic.url)
        .env("STAFF_EMAIL", &clinic.email)
        .env("STAFF_PASSWORD", &clinic.password)
        .env("INVITE_CODE", &clinic.invite)
        .env("INVITE_CODE_2", &clinic.second_invite)
        .env("INVITE_CODE_3", &clinic.third_invite)
        .env("CHROMIUM", CHROMIUM)
        .env("FIXTURE", root().join("crates/store/tests/fixtures/indexeddb-v1.json"))
        .env("WASM_FILE", web.join("generated/pkg/afterglow_web_bg.wasm")))?;
    check_storage(&web)
}

/// What the record's store needs of SQLite, in wasm: sqlite-wasm-rs compiles it with full-text
/// search, R-trees, sessions, JSON and several virtual tables, none of which the store uses
/// (its SQL is in crates/store); each is undefined or left out here, which shrinks the module
/// the browser downloads (docs/web-storage.md has the sizes).
const SQLITE_LEAN: &[&str] = &[
    "-USQLITE_ENABLE_FTS5",
    "-USQLITE_ENABLE_RTREE",
    "-USQLITE_ENABLE_SESSION",
    "-USQLITE_ENABLE_PREUPDATE_HOOK",
    "-USQLITE_ENABLE_DBSTAT_VTAB",
    "-USQLITE_ENABLE_DBPAGE_VTAB",
    "-USQLITE_ENABLE_BYTECODE_VTAB",
    "-USQLITE_ENABLE_STMTVTAB",
    "-USQLITE_ENABLE_COLUMN_METADATA",
    "-USQLITE_ENABLE_MATH_FUNCTIONS",
    "-DSQLITE_OMIT_JSON",
];

/// `cargo xtask web-storage-check`: the record's storage in the browser — web/core's `WebStore`
/// (`afterglow_store` on SQLite compiled to wasm, the file in OPFS from a dedicated worker, the
/// share client's steps over `fetch`) — checked in Chromium by `web/tests/storage/check.mjs`,
/// with the worker modules the app uses (`web/src/worker/*.js`).
pub fn storage_check() -> anyhow::Result<()> {
    let web = root().join("web");
    build_core(&web)?;
    check_storage(&web)
}

fn check_storage(web: &Path) -> anyhow::Result<()> {
    println!("== the record's storage in the browser: SQLite in wasm, OPFS, a worker (Chromium)");
    // Its OPFS and fetch code compiles for the browser only (the workspace's lints cover the rest).
    crate::cargo(&[
        "clippy",
        "-p",
        "afterglow_web",
        "--target",
        WASM_TARGET,
        "--locked",
        "--",
        "-D",
        "warnings",
    ])?;
    run(Command::new("node")
        .arg("tests/storage/check.mjs")
        .current_dir(web)
        .env("CHROMIUM", CHROMIUM)
        .env("FIXTURE", root().join("crates/store/tests/fixtures/indexeddb-v1.json"))
        .env("WASM", web.join("generated/pkg/afterglow_web_bg.wasm")))
}

#[cfg(test)]
mod tests {
    /// Every version Cargo.lock holds of a package.
    fn locked_versions(lock: &str, package: &str) -> Vec<String> {
        let name = format!("name = \"{package}\"");
        let mut lines = lock.lines();
        let mut versions = Vec::new();
        while let Some(line) = lines.next() {
            if line == name
                && let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = "))
            {
                versions.push(version.trim_matches('"').to_owned());
            }
        }
        versions
    }

    /// The glue generator reads a schema the `wasm-bindgen` crate writes into the wasm, and
    /// refuses any other version's, so the two pins must move together.
    #[test]
    fn bindgen_matches_the_crate() {
        let lock = std::fs::read_to_string(crate::tools::root().join("Cargo.lock")).unwrap();
        let crate_versions = locked_versions(&lock, "wasm-bindgen");
        assert_eq!(crate_versions.len(), 1, "one wasm-bindgen in Cargo.lock: {crate_versions:?}");
        assert_eq!(locked_versions(&lock, "wasm-bindgen-cli-support"), crate_versions);
    }
}
