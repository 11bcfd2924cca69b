//! `cargo xtask bench`: every benchmark of the project in one run, written to
//! `docs/performance.md` with the machine it ran on.
//!
//! In order: the criterion benches of the workspace (core update + view, triage + trend,
//! reminder planning, photo import with `vipsthumbnail` as the peer, the store), the store bench
//! again built with SQLCipher when `--sqlcipher` is given (plain vs encrypted in the same run),
//! the Kotlin round trip through the release library (`jvm-bench`), and a short clinic server
//! load run. Each criterion median and p99 is shown with the peer or the budget it is held to;
//! the other parts' own summaries are quoted without the test runner's lines. The hand-written
//! analysis (earlier targeted runs, profiles) lives in `bench/notes/` and is included as it is,
//! so a regeneration keeps it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};

mod report;

const FRAME_US: f64 = 1_000_000.0 / 120.0;

pub fn run(with_sqlcipher: bool) -> anyhow::Result<()> {
    let root = crate::tools::root();
    let target = crate::tools::target_dir();
    let load_before = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let mut sections = Vec::new();

    let workspace = captured("cargo", &["bench", "--workspace", "--locked"], &[])?;
    if with_sqlcipher {
        sections.push(sqlcipher_section(&target)?);
    } else {
        sections.push(report::section(
            "Encryption at rest: SQLCipher vs plain SQLite",
            "Not run this time: `cargo xtask bench --sqlcipher` adds it (its first build compiles \
             OpenSSL, 10–30 minutes here). The last measured comparison is in \
             [data-at-rest.md](data-at-rest.md).\n",
            "",
        ));
    }

    let jvm = captured("cargo", &["xtask", "jvm-bench"], &[]);
    let library_bytes = jvm.as_deref().ok().and_then(library_bytes);
    sections.push(report::section(
        "FFI round trip from Kotlin (uniffi/JNA, release library)",
        "Budget: a whole round trip within 10 % of a 120 Hz frame (0.8 ms) on a mid-range phone, \
         i.e. about 100 µs here (performance-research.md §1).\n",
        &jvm.as_deref().map_or_else(|e| format!("failed: {e:#}"), jvm_figures),
    ));

    captured("cargo", &["build", "--release", "--locked", "-p", "clinic", "--bins"], &[])?;
    let loadtest = target.join("release/clinic-loadtest").display().to_string();
    let load = captured(&loadtest, &["--patients", "100", "--seconds", "15"], &[]);
    sections.push(report::section(
        "Clinic server under load (short run: 100 patients, 15 s, release build)",
        "Target: p99 < 50 ms with nothing acknowledged lost or duplicated (`cargo xtask load-test` \
         runs the full 200 patients for 60 s).\n",
        &load.as_deref().map_or_else(|e| format!("failed: {e:#}"), |o| after(o, "---")),
    ));

    let mut rows = Vec::new();
    collect(&target.join("criterion"), &mut rows)?;
    collect(
        &PathBuf::from(format!("{}-sqlcipher", target.display())).join("criterion"),
        &mut rows,
    )?;
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    rows.dedup_by(|a, b| a.id == b.id);
    // The JPEG codec comparison (handlers/benches/jpeg_ab) gets its own section.
    let codecs = without_runner_lines(&between(&workspace, JPEG_AB_START, JPEG_AB_END));
    sections.insert(
        0,
        report::section(
            "JPEG codecs: TurboJPEG against pure Rust (docs/adr/0002)",
            "Both codecs inside the same pipeline (checks, orientation, afterglow_resample), \
             interleaved rounds in one process; peak RSS from fresh child processes; SSIM on \
             luma against a full-resolution Lanczos3 reference.\n",
            &codecs,
        ),
    );
    let photo = without_runner_lines(&between(&workspace, "Side by side", PHOTO_END));
    // The triage bench's own lines: the view model's size and the round trip's p50/p99.
    let triage_extra = workspace
        .lines()
        .filter(|l| l.starts_with("view model:") || l.starts_with("round trip:"))
        .collect();
    let load_after = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let doc = report::document(&report::Inputs {
        machine: machine(&load_before, &load_after),
        rows: &rows,
        photo: &photo,
        notes: triage_extra,
        library_bytes,
        sections: &sections,
    });
    let out = root.join("docs/performance.md");
    std::fs::write(&out, doc)?;
    println!("wrote {}", out.display());
    Ok(())
}

/// The store bench again on SQLCipher, in its own target dir (OpenSSL is built once there).
fn sqlcipher_section(target: &Path) -> anyhow::Result<String> {
    let cipher_target = PathBuf::from(format!("{}-sqlcipher", target.display()));
    let started = Instant::now();
    let cipher_args = [
        "bench",
        "--locked",
        "-p",
        "afterglow_handlers",
        "--bench",
        "store",
        "--features",
        "sqlcipher",
        "--no-run",
    ];
    let env = [("CARGO_TARGET_DIR", cipher_target.as_os_str())];
    captured("cargo", &cipher_args, &env)?;
    let cipher_build = started.elapsed();
    captured("cargo", &cipher_args[..cipher_args.len() - 1], &env)?;
    let sizes = sqlcipher_sizes(target, &cipher_target);
    Ok(report::section(
        "Encryption at rest: SQLCipher vs plain SQLite (same run)",
        &format!(
            "SQLCipher build of the store bench in this run: {:.0} s (a first build compiles \
             OpenSSL; later runs reuse it). {sizes}\n",
            cipher_build.as_secs_f64()
        ),
        "",
    ))
}

/// Runs a command, echoing and returning its stdout (stderr passes through).
fn captured(
    program: &str,
    args: &[&str],
    env: &[(&str, &std::ffi::OsStr)],
) -> anyhow::Result<String> {
    println!("== {program} {}", args.join(" "));
    let mut command = Command::new(program);
    command.args(args).stderr(std::process::Stdio::inherit());
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().with_context(|| format!("running {program}"))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    print!("{text}");
    if !out.status.success() {
        bail!("{program} {} failed ({})", args.join(" "), out.status);
    }
    Ok(text)
}

/// The Kotlin bench's figures: the library's size and the round trip, without the checks and
/// compiler lines `jvm-bench` prints before them.
fn jvm_figures(text: &str) -> String {
    let figures: Vec<&str> =
        text.lines().filter(|l| l.starts_with("release lib") || l.contains("round trip")).collect();
    figures.join("\n")
}

/// The release library's size from `jvm-bench`'s line
/// "release libafterglow.so (…): 8585432 bytes".
fn library_bytes(text: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with("release lib"))?;
    line.rsplit(':').next()?.trim().strip_suffix("bytes")?.trim().parse().ok()
}

/// A quoted bench summary without the lines criterion and the test runner interleave with it
/// (progress, estimates, outliers, "running 0 tests").
fn without_runner_lines(text: &str) -> String {
    const STARTS: [&str; 6] =
        ["Benchmarking ", "Found ", "running ", "test result:", "Gnuplot", "Warning: Unable"];
    const CONTAINS: [&str; 10] = [
        "time:   [",
        "thrpt:  [",
        "change: [",
        "Performance has",
        "No change in performance",
        "Change within noise",
        "%) high mild",
        "%) high severe",
        "%) low mild",
        "%) low severe",
    ];
    let runner = |line: &str| {
        let t = line.trim_start();
        STARTS.iter().any(|s| t.starts_with(s)) || CONTAINS.iter().any(|c| t.contains(c))
    };
    let kept: Vec<&str> = text.lines().filter(|l| !runner(l)).collect();
    kept.join("\n")
}

/// The first and last lines of `cargo bench -p afterglow_handlers --bench jpeg_ab`'s report.
const JPEG_AB_START: &str = "JPEG codecs A/B:";
const JPEG_AB_END: &str = "end of JPEG codecs A/B";

/// The last line of `cargo bench -p afterglow_handlers --bench import`'s comparison.
const PHOTO_END: &str = "end of photo import comparison";

/// From `start` up to (not including) the line with `end`.
fn between(text: &str, start: &str, end: &str) -> String {
    let from = after(text, start);
    from.find(end).map_or(from.as_str(), |i| &from[..i]).trim_end().to_owned()
}

fn after(text: &str, marker: &str) -> String {
    text.find(marker).map_or_else(String::new, |i| text[i..].trim_end().to_owned())
}

/// Size of the release CLI with and without SQLCipher is not built here (minutes of LTO); the
/// bench binaries of the store bench are compared instead, as an upper bound of the delta.
fn sqlcipher_sizes(plain: &Path, cipher: &Path) -> String {
    let size = |dir: &Path| -> Option<u64> {
        std::fs::read_dir(dir.join("release/deps"))
            .ok()?
            .filter_map(Result::ok)
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with("store-") && !name.contains('.')
            })
            .filter_map(|e| e.metadata().ok().map(|m| m.len()))
            .max()
    };
    match (size(plain), size(cipher)) {
        (Some(p), Some(c)) => format!(
            "Store bench binary (unstripped): plain {:.1} MB, SQLCipher {:.1} MB (+{:.1} MB).",
            p as f64 / 1e6,
            c as f64 / 1e6,
            (c as f64 - p as f64) / 1e6
        ),
        _ => String::new(),
    }
}

fn machine(load_before: &str, load_after: &str) -> String {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").map(|v| v.trim_start_matches([' ', '\t', ':'])))
        .unwrap_or("unknown CPU");
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let meminfo = read("/proc/meminfo");
    let ram_kb: f64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    let os = read("/etc/os-release")
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME=").map(|v| v.trim_matches('"').to_owned()))
        .unwrap_or_default();
    let version = |program: &str, arg: &str| {
        Command::new(program)
            .arg(arg)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    let mut out = String::new();
    let _ = writeln!(out, "- CPU: {cpu}, {cores} cores available");
    let _ = writeln!(out, "- RAM: {:.1} GiB", ram_kb / 1024.0 / 1024.0);
    let _ = writeln!(out, "- OS: {os}, kernel {}", version("uname", "-r"));
    let _ = writeln!(out, "- {}", version("rustc", "-V"));
    let _ = writeln!(
        out,
        "- Load average (1/5/15 min) before: {}, after: {} — the machine is shared, so wall \
         times carry that noise",
        load_before.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
        load_after.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );
    out
}

/// Every `<bench>/new/` directory below `dir`: its id, median and the p99 of its samples.
fn collect(dir: &Path, rows: &mut Vec<report::Row>) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    for entry in entries {
        let path = entry?.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "new") {
            let id =
                field(&std::fs::read_to_string(path.join("benchmark.json"))?, "\"full_id\":\"")
                    .context("benchmark.json without full_id")?;
            let estimates = std::fs::read_to_string(path.join("estimates.json"))?;
            let median = estimates.split("\"median\"").nth(1).context("no median")?;
            let ns: f64 =
                field(median, "\"point_estimate\":").context("no point estimate")?.parse()?;
            let samples = std::fs::read_to_string(path.join("sample.json"))?;
            let p99_us = sample_p99_ns(&samples).context("sample.json without samples")? / 1000.0;
            rows.push(report::Row { id, median_us: ns / 1000.0, p99_us });
        } else if path.file_name().is_none_or(|n| n != "report") {
            collect(&path, rows)?;
        }
    }
    Ok(())
}

/// The 99th percentile of criterion's samples (`sample.json`: "iters" and "times" in ns), per
/// iteration; `None` when the arrays are missing, empty or of different lengths.
fn sample_p99_ns(json: &str) -> Option<f64> {
    let numbers = |key: &str| -> Option<Vec<f64>> {
        let list = json.split(key).nth(1)?.split('[').nth(1)?.split(']').next()?;
        list.split(',').map(|n| n.trim().parse().ok()).collect()
    };
    let (iters, times) = (numbers("\"iters\"")?, numbers("\"times\"")?);
    if iters.is_empty() || iters.len() != times.len() {
        return None;
    }
    let mut per_iter: Vec<f64> = times.iter().zip(&iters).map(|(t, n)| t / n).collect();
    per_iter.sort_by(f64::total_cmp);
    let at = ((per_iter.len() - 1) as f64 * 0.99).round() as usize;
    per_iter.get(at).copied()
}

/// The text after `key` up to the next `"`, `,` or `}`.
fn field(json: &str, key: &str) -> Option<String> {
    let rest = json.split(key).nth(1)?;
    Some(rest.chars().take_while(|c| !matches!(c, '"' | ',' | '}')).collect())
}

fn human(us: f64) -> String {
    if us >= 1000.0 { format!("{:.1} ms", us / 1000.0) } else { format!("{us:.1} µs") }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fields_are_read_from_criterion_json() {
        let json = r#"{"group_id":"today","full_id":"today/bridge","value_str":null}"#;
        assert_eq!(super::field(json, "\"full_id\":\"").as_deref(), Some("today/bridge"));
        let estimates =
            r#"{"mean":{"point_estimate":9.0},"median":{"point_estimate":12345.6,"x":1}}"#;
        let median = estimates.split("\"median\"").nth(1).unwrap();
        assert_eq!(super::field(median, "\"point_estimate\":").as_deref(), Some("12345.6"));
    }

    #[test]
    fn p99_is_read_per_iteration_from_the_samples() {
        // 100 samples of 2 iterations: 98 of 10 ns per iteration and two of 500.
        let iters = vec!["2.0"; 100].join(",");
        let times = [vec!["20.0"; 98], vec!["1000.0"; 2]].concat().join(",");
        let json = format!(r#"{{"sampling_mode":"Flat","iters":[{iters}],"times":[{times}]}}"#);
        assert_eq!(super::sample_p99_ns(&json), Some(500.0));
        let short = r#"{"iters":[1.0,2.0],"times":[3.0]}"#;
        assert_eq!(super::sample_p99_ns(short), None);
    }

    #[test]
    fn quoted_summaries_lose_the_runner_lines_only() {
        let out = "Side by side, 15 rounds:\nBenchmarking photo/x: Warming up\n  afterglow import \
                   wall 147.8 ms\nphoto/x  time:   [1 ms 2 ms 3 ms]\nFound 3 outliers among 100 \
                   measurements (3.00%)\n  3 (3.00%) high mild\nrunning 0 tests\n  ratio 1.08";
        assert_eq!(
            super::without_runner_lines(out),
            "Side by side, 15 rounds:\n  afterglow import wall 147.8 ms\n  ratio 1.08"
        );
    }

    #[test]
    fn the_library_size_is_read_from_the_kotlin_bench() {
        let text = "checks ok\nrelease libafterglow.so (x86_64, lto, opt-level s, stripped): \
                    8585432 bytes\ntoday round trip …";
        assert_eq!(super::library_bytes(text), Some(8_585_432));
        assert_eq!(super::library_bytes("compile failed"), None);
    }

    #[test]
    fn the_kotlin_section_keeps_its_figures() {
        let out = "swift: 81 FFI functions declared\n== kotlinc: 21 files\nrelease libafterglow.so \
                   (x86_64): 11438704 bytes\ntoday round trip (Kotlin): median 188.8 µs, p99 471.6 µs";
        assert_eq!(
            super::jvm_figures(out),
            "release libafterglow.so (x86_64): 11438704 bytes\ntoday round trip (Kotlin): median \
             188.8 µs, p99 471.6 µs"
        );
    }
}
