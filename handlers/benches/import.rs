//! Importing a 12 MP (4032 x 3024) camera JPEG — stored 2016 px image + 384 px thumbnail,
//! files fsynced and the row committed — against `vipsthumbnail` (libvips, the fastest common
//! tool; Debian `libvips-tools`) making the same 384 px thumbnail, in the same run.
//!
//! Criterion times the in-process steps; then an interleaved round (A, B, A, B, …) measures
//! wall and CPU medians of our import, our thumbnail alone and the `vipsthumbnail` process,
//! and the peak memory of each, and prints the ratios. CPU time is the fairer comparison on a
//! shared machine (wall time varied 2-3x under load in the research runs).
//! Run: `cargo bench -p afterglow_handlers --bench import`.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use afterglow_handlers::SqliteStore;
use afterglow_handlers::photo::testdata;
use afterglow_handlers::photo::{Limits, PhotoLibrary, process, thumbnail};
use criterion::{BatchSize, Criterion, criterion_group};
use shared::effects::photo::PhotoImport;

/// A fresh data dir each time: the same photo twice would be refused as a duplicate.
fn fresh(root: &Path) -> (tempfile::TempDir, SqliteStore, PhotoLibrary) {
    let dir = tempfile::tempdir_in(root).unwrap();
    let store = SqliteStore::open(&dir.path().join("afterglow.db")).unwrap();
    let library = PhotoLibrary::open(dir.path(), &store).unwrap();
    (dir, store, library)
}

fn vipsthumbnail(source: &Path, out: &Path) -> Command {
    let mut cmd = Command::new("vipsthumbnail");
    cmd.arg(source).args(["-s", "384"]).arg("-o").arg(format!("{}[Q=80]", out.display()));
    cmd
}

fn has_vipsthumbnail() -> bool {
    Command::new("vipsthumbnail").arg("--version").output().is_ok_and(|o| o.status.success())
}

fn bench(c: &mut Criterion) {
    let root = tempfile::tempdir().unwrap();
    let source = testdata::benchmark_photo(root.path());
    let bytes = std::fs::read(&source).unwrap();
    let limits = Limits::default();
    let import = testdata::import_request(&source);

    let mut group = c.benchmark_group("photo_4032x3024");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6));
    group.bench_function("import: stored + thumbnail + files + row", |b| {
        b.iter_batched(
            || fresh(root.path()),
            |(dir, mut store, library)| {
                library.import(&mut store, &import).unwrap();
                (dir, store, library)
            },
            BatchSize::PerIteration,
        );
    });
    group.bench_function("process in memory: stored + thumbnail", |b| {
        b.iter(|| process(&bytes, &limits).unwrap())
    });
    group.bench_function("thumbnail 384 alone (DCT 1/8 + bilinear)", |b| {
        b.iter(|| thumbnail(&bytes, &limits).unwrap())
    });
    if has_vipsthumbnail() {
        let out = root.path().join("vips.jpg");
        group.bench_function("peer: vipsthumbnail -s 384 (process)", |b| {
            b.iter(|| assert!(vipsthumbnail(&source, &out).status().unwrap().success()));
        });
    }
    group.finish();

    side_by_side(root.path(), &source, &bytes, &import);
    processes(&source);
    // `cargo xtask bench` quotes the report up to this line.
    println!("end of photo import comparison");
}

/// CPU seconds this process has used (user + system), from /proc (10 ms resolution).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// Resets this process's peak RSS and returns the current RSS in KiB.
fn reset_peak() -> u64 {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    status_kib("VmRSS")
}

fn status_kib(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn side_by_side(root: &Path, source: &Path, bytes: &[u8], import: &PhotoImport) {
    const ROUNDS: usize = 15;
    let limits = Limits::default();
    let (mut import_wall, mut import_cpu, mut thumb_wall, mut thumb_cpu) =
        (vec![], vec![], vec![], vec![]);
    let (mut vips_wall, mut vips_cpu, mut vips_rss) = (vec![], vec![], vec![]);
    let (mut import_peak, mut thumb_peak) = (0_u64, 0_u64);
    let vips = has_vipsthumbnail();
    let time = which_time();
    for _ in 0..ROUNDS {
        let (dir, mut store, library) = fresh(root);
        let base = reset_peak();
        let (cpu, wall) = (cpu_seconds(), Instant::now());
        library.import(&mut store, import).unwrap();
        import_wall.push(wall.elapsed().as_secs_f64());
        import_cpu.push(cpu_seconds() - cpu);
        import_peak = import_peak.max(status_kib("VmHWM").saturating_sub(base));
        drop((dir, store, library));

        let base = reset_peak();
        let (cpu, wall) = (cpu_seconds(), Instant::now());
        thumbnail(bytes, &limits).unwrap();
        thumb_wall.push(wall.elapsed().as_secs_f64());
        thumb_cpu.push(cpu_seconds() - cpu);
        thumb_peak = thumb_peak.max(status_kib("VmHWM").saturating_sub(base));

        if vips {
            let out = root.join("vips.jpg");
            let wall = Instant::now();
            let (user_sys, rss) = match &time {
                Some(time) => {
                    let cmd = vipsthumbnail(source, &out);
                    let output = Command::new(time)
                        .args(["-f", "%U %S %M"])
                        .arg(cmd.get_program())
                        .args(cmd.get_args())
                        .output()
                        .unwrap();
                    let text = String::from_utf8_lossy(&output.stderr);
                    let nums: Vec<f64> = text
                        .lines()
                        .last()
                        .unwrap_or("")
                        .split_whitespace()
                        .filter_map(|n| n.parse().ok())
                        .collect();
                    (
                        nums.first().unwrap_or(&0.0) + nums.get(1).unwrap_or(&0.0),
                        *nums.get(2).unwrap_or(&0.0),
                    )
                }
                None => {
                    vipsthumbnail(source, &out).status().unwrap();
                    (f64::NAN, f64::NAN)
                }
            };
            vips_wall.push(wall.elapsed().as_secs_f64());
            vips_cpu.push(user_sys);
            vips_rss.push(rss);
        }
    }
    let ms = |v: &Vec<f64>| median(v.clone()) * 1e3;
    println!(
        "\nSide by side, {ROUNDS} interleaved rounds, medians (4032x3024 JPEG, {} KB):",
        bytes.len() / 1024
    );
    println!(
        "  afterglow import (stored+thumb+files+row): wall {:7.1} ms  cpu {:7.1} ms  peak extra RSS {:.1} MB",
        ms(&import_wall),
        ms(&import_cpu),
        import_peak as f64 / 1024.0
    );
    // No in-process peak for the thumbnail alone: the allocator reuses the import's freed
    // pages, so it would read ~0; the whole-process comparison below measures it.
    let _ = thumb_peak;
    println!(
        "  afterglow thumbnail alone (in process):    wall {:7.1} ms  cpu {:7.1} ms",
        ms(&thumb_wall),
        ms(&thumb_cpu)
    );
    if vips {
        println!(
            "  vipsthumbnail -s 384 (process):            wall {:7.1} ms  cpu {:7.1} ms  max RSS {:.1} MB",
            ms(&vips_wall),
            ms(&vips_cpu),
            median(vips_rss.clone()) / 1024.0
        );
        println!(
            "  ratio import / vipsthumbnail:    wall {:.2}  cpu {:.2}",
            ms(&import_wall) / ms(&vips_wall),
            ms(&import_cpu) / ms(&vips_cpu)
        );
        println!(
            "  ratio thumbnail / vipsthumbnail: wall {:.2}  cpu {:.2}",
            ms(&thumb_wall) / ms(&vips_wall),
            ms(&thumb_cpu) / ms(&vips_cpu)
        );
    } else {
        println!("  vipsthumbnail not installed (Debian libvips-tools): no peer numbers");
    }
    println!("  target: import median < 300 ms wall");
}

fn which_time() -> Option<PathBuf> {
    let time = PathBuf::from("/usr/bin/time");
    time.exists().then_some(time)
}

/// One measured job in a fresh process (`AFTERGLOW_BENCH_ONE=import|thumbnail <file>`), so its
/// peak RSS can be compared with the `vipsthumbnail` process's, start-up included on both sides.
fn child(mode: &str) {
    let source = PathBuf::from(std::env::var("AFTERGLOW_BENCH_SOURCE").unwrap());
    let repeat: usize =
        std::env::var("AFTERGLOW_BENCH_REPEAT").ok().and_then(|r| r.parse().ok()).unwrap_or(1);
    let root = tempfile::tempdir().unwrap();
    for _ in 0..repeat {
        match mode {
            "import" => {
                let (_dir, mut store, library) = fresh(root.path());
                library.import(&mut store, &testdata::import_request(&source)).unwrap();
            }
            _ => {
                let bytes = std::fs::read(&source).unwrap();
                thumbnail(&bytes, &Limits::default()).unwrap();
            }
        }
    }
}

/// `/usr/bin/time -f "%e %U %S %M"` around a command: (wall s, cpu s, max RSS KiB).
fn timed(time: &Path, cmd: &Command) -> (f64, f64, f64) {
    let output = Command::new(time)
        .args(["-f", "%e %U %S %M"])
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .envs(cmd.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stderr);
    let n: Vec<f64> = text
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    let at = |i: usize| n.get(i).copied().unwrap_or(f64::NAN);
    (at(0), at(1) + at(2), at(3))
}

/// Process against process: our import and our thumbnail, each in a fresh process, against
/// `vipsthumbnail`, interleaved.
fn processes(source: &Path) {
    let (Some(time), true) = (which_time(), has_vipsthumbnail()) else {
        println!("  (process comparison skipped: needs /usr/bin/time and vipsthumbnail)");
        return;
    };
    let exe = std::env::current_exe().unwrap();
    let ours = |mode: &str| {
        let mut cmd = Command::new(&exe);
        cmd.env("AFTERGLOW_BENCH_ONE", mode).env("AFTERGLOW_BENCH_SOURCE", source);
        cmd
    };
    let out = source.with_file_name("vips-proc.jpg");
    let runs = [ours("import"), ours("thumbnail"), vipsthumbnail(source, &out)];
    let mut results: Vec<Vec<(f64, f64, f64)>> = vec![Vec::new(); runs.len()];
    for _ in 0..11 {
        for (cmd, result) in runs.iter().zip(results.iter_mut()) {
            result.push(timed(&time, cmd));
        }
    }
    let med = |r: &Vec<(f64, f64, f64)>, f: fn(&(f64, f64, f64)) -> f64| {
        median(r.iter().map(f).collect())
    };
    let names =
        ["afterglow import process", "afterglow thumbnail process", "vipsthumbnail -s 384 process"];
    println!("\nWhole processes, 11 interleaved rounds, medians (start-up included):");
    for (name, r) in names.iter().zip(&results) {
        println!(
            "  {name:30} wall {:7.1} ms  cpu {:7.1} ms  max RSS {:6.1} MB",
            med(r, |x| x.0) * 1e3,
            med(r, |x| x.1) * 1e3,
            med(r, |x| x.2) / 1024.0
        );
    }
    let (vips_wall, vips_cpu) = (med(&results[2], |x| x.0), med(&results[2], |x| x.1));
    for (name, r) in names.iter().zip(&results).take(2) {
        println!(
            "  ratio {name} / vipsthumbnail: wall {:.2}  cpu {:.2}",
            med(r, |x| x.0) / vips_wall,
            med(r, |x| x.1) / vips_cpu
        );
    }
}

criterion_group!(benches, bench);

fn main() {
    if let Ok(mode) = std::env::var("AFTERGLOW_BENCH_ONE") {
        child(&mode);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
