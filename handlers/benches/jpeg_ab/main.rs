//! TurboJPEG against the pure-Rust codec (zune-jpeg + jpeg-encoder), both wrapped in the same
//! pipeline (checks, orientation, afterglow_resample, hashing), on the 4032 x 3024 benchmark
//! photo of `benches/import.rs`, in one run:
//!
//! - import (stored + thumbnail + files fsynced + row) and the thumbnail alone: wall and CPU,
//!   p50 and p99 over interleaved rounds (A B, then B A, so load and cache state hit both);
//! - peak RSS of each in a fresh child process (VmHWM, i.e. getrusage's maxrss), against a
//!   child that only reads the file;
//! - output bytes at the same quality settings and SSIM (`quality.rs`), and whether zune-jpeg
//!   reads each stored file as libjpeg-turbo does.
//!
//! Run: `cargo bench -p afterglow_handlers --bench jpeg_ab` (docs/adr/0002 has the figures).
#![allow(clippy::unwrap_used)]

mod quality;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use afterglow_handlers::SqliteStore;
use afterglow_handlers::photo::testdata;
use afterglow_handlers::photo::{Limits, PhotoLibrary, Pipeline};

const PATHS: [(Pipeline, &str); 2] =
    [(Pipeline::TurboJpeg, "turbojpeg"), (Pipeline::PureRust, "pure-rust")];
const ROUNDS: usize = 101;
const CHILD_ROUNDS: usize = 7;

/// `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it, and
/// then one round of each measurement checks that the bench still works, fast, in a debug build.
fn rounds(full: usize) -> usize {
    if std::env::args().any(|a| a == "--bench") { full } else { 1 }
}

/// One import into a fresh data dir (the same photo twice would be refused as a duplicate).
fn import(root: &Path, source: &Path, pipeline: Pipeline) {
    let dir = tempfile::tempdir_in(root).unwrap();
    let mut store = SqliteStore::open(&dir.path().join("afterglow.db")).unwrap();
    let library = PhotoLibrary::open(dir.path(), &store).unwrap().with_pipeline(pipeline);
    library.import(&mut store, &testdata::import_request(source)).unwrap();
}

/// CPU time of every live thread of this process, in seconds, from the scheduler's
/// nanosecond counters (/proc/self/stat ticks are 10 ms, too coarse for one import).
fn cpu_seconds() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else { return f64::NAN };
    let ns: u64 = tasks
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    ns as f64 / 1e9
}

fn measure(f: impl FnOnce()) -> (f64, f64) {
    let (cpu, wall) = (cpu_seconds(), Instant::now());
    f();
    (wall.elapsed().as_secs_f64() * 1e3, (cpu_seconds() - cpu) * 1e3)
}

/// Nearest-rank percentile.
fn pct(values: &[f64], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}

#[derive(Default)]
struct Samples {
    wall: Vec<f64>,
    cpu: Vec<f64>,
}

impl Samples {
    fn push(&mut self, (wall, cpu): (f64, f64)) {
        self.wall.push(wall);
        self.cpu.push(cpu);
    }

    fn line(&self, name: &str) -> String {
        format!(
            "{name:24} wall p50 {:6.1} p99 {:6.1} ms | cpu p50 {:6.1} p99 {:6.1} ms",
            pct(&self.wall, 0.5),
            pct(&self.wall, 0.99),
            pct(&self.cpu, 0.5),
            pct(&self.cpu, 0.99)
        )
    }
}

fn timings(root: &Path, source: &Path, bytes: &[u8]) -> [[Samples; 2]; 2] {
    let limits = Limits::default();
    let mut out: [[Samples; 2]; 2] = Default::default();
    for (pipeline, _) in PATHS {
        import(root, source, pipeline); // warm-up: page cache, lazy statics, CPU features
        pipeline.thumbnail(bytes, &limits).unwrap();
    }
    for round in 0..rounds(ROUNDS) {
        let order: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for i in order {
            let pipeline = PATHS[i].0;
            out[0][i].push(measure(|| import(root, source, pipeline)));
            out[1][i].push(measure(|| {
                pipeline.thumbnail(bytes, &limits).unwrap();
            }));
        }
    }
    out
}

/// Peak RSS (VmHWM, KiB) of a fresh child doing one job; `read` only reads the file.
fn child_peak(exe: &Path, source: &Path, job: &str) -> f64 {
    let output = Command::new(exe)
        .env("AFTERGLOW_AB_CHILD", job)
        .env("AFTERGLOW_AB_SOURCE", source)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim().parse().unwrap()
}

fn child(job: &str) {
    let source = PathBuf::from(std::env::var("AFTERGLOW_AB_SOURCE").unwrap());
    let (kind, name) = job.split_once(':').unwrap_or((job, ""));
    let pipeline = PATHS.iter().find(|p| p.1 == name).map(|p| p.0);
    match (kind, pipeline) {
        ("import", Some(p)) => {
            let root = tempfile::tempdir().unwrap();
            import(root.path(), &source, p);
        }
        ("thumbnail", Some(p)) => {
            p.thumbnail(&std::fs::read(&source).unwrap(), &Limits::default()).unwrap();
        }
        _ => drop(std::fs::read(&source).unwrap()),
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let hwm = status.lines().find(|l| l.starts_with("VmHWM")).unwrap();
    println!("{}", hwm.split_whitespace().nth(1).unwrap());
}

fn peaks(source: &Path) -> Vec<(String, f64)> {
    let exe = std::env::current_exe().unwrap();
    let jobs: Vec<String> = ["import", "thumbnail"]
        .iter()
        .flat_map(|k| PATHS.iter().map(move |p| format!("{k}:{}", p.1)))
        .chain(["read".to_string()])
        .collect();
    let mut runs = vec![Vec::new(); jobs.len()];
    for _ in 0..rounds(CHILD_ROUNDS) {
        for (job, run) in jobs.iter().zip(&mut runs) {
            run.push(child_peak(&exe, source, job));
        }
    }
    jobs.into_iter().zip(runs.iter().map(|r| pct(r, 0.5) / 1024.0)).collect()
}

fn main() {
    if let Ok(job) = std::env::var("AFTERGLOW_AB_CHILD") {
        child(&job);
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let source = testdata::benchmark_photo(root.path());
    let bytes = std::fs::read(&source).unwrap();
    let limits = Limits::default();
    // First and last lines are the markers `cargo xtask bench` cuts this report out by.
    println!(
        "JPEG codecs A/B: 4032x3024 JPEG Q92 4:2:0, EXIF orientation 6, {} KB",
        bytes.len() / 1024
    );

    let full = quality::decode(&bytes);
    let full_zune = quality::decode_zune(&bytes);
    println!(
        "  source decoded by zune-jpeg vs libjpeg-turbo: SSIM {:.4}",
        quality::ssim(&full, &full_zune)
    );
    println!(
        "\nOutputs at the same settings (stored Q85, thumbnail Q80, 4:2:0, optimised Huffman):"
    );
    for (pipeline, name) in PATHS {
        let p = pipeline.process(&bytes, &limits).unwrap();
        let stored = quality::decode(&p.stored);
        let thumb = quality::decode(&p.thumb);
        let ssim =
            |out: &quality::Raster| quality::ssim(out, &quality::reference(&full, out.1, out.0));
        // zune-jpeg reading the same file: does the pure path's own decoder agree?
        let zune = quality::decode_zune(&p.stored);
        let agree = quality::ssim(&stored, &zune);
        println!(
            "  {name:10} stored {}x{} {:7} B SSIM {:.4} | thumbnail {}x{} {:6} B SSIM {:.4} | \
             stored read by zune-jpeg vs libjpeg-turbo: SSIM {:.4}",
            stored.0,
            stored.1,
            p.stored.len(),
            ssim(&stored),
            thumb.0,
            thumb.1,
            p.thumb.len(),
            ssim(&thumb),
            agree
        );
    }

    let [imports, thumbs] = timings(root.path(), &source, &bytes);
    println!("\n{} interleaved rounds (order alternating):", rounds(ROUNDS));
    for (which, samples) in [("import", &imports), ("thumbnail alone", &thumbs)] {
        for (s, (_, name)) in samples.iter().zip(PATHS) {
            println!("  {}", s.line(&format!("{which} {name}")));
        }
        println!(
            "  ratio pure-rust / turbojpeg ({which}): wall p50 {:.2}, cpu p50 {:.2}",
            pct(&samples[1].wall, 0.5) / pct(&samples[0].wall, 0.5),
            pct(&samples[1].cpu, 0.5) / pct(&samples[0].cpu, 0.5)
        );
    }

    println!(
        "\nPeak RSS of a fresh process, median of {} interleaved rounds:",
        rounds(CHILD_ROUNDS)
    );
    for (job, mb) in peaks(&source) {
        println!("  {job:22} {mb:6.1} MB");
    }
    println!("end of JPEG codecs A/B");
}
