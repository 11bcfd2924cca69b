//! Disk full, for real: the data dir on a small tmpfs filled to the brim (mounting needs root;
//! outside CI a non-root run says so and skips, under `CI` it fails instead).

// Helpers outside #[test] fns unwrap too: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used)]

// Each binary of the catalogue uses a part of the shared fixtures.
#[allow(dead_code)]
mod fixtures;

use std::io::Write;
use std::path::Path;
use std::process::Command;

use crate::fixtures::{copy_dir, fingerprint, run, seeded_copy};

/// Arguments, the free space left before the call, and the expected message.
#[rustfmt::skip]
static DISK_FULL_CASES: &[(&str, &[&str], u64, &str)] = &[
    ("check-in on a full disk", &["checkin", "--redness", "1", "--swelling", "0", "--pain", "1", "--itch", "0", "--note", "full"], 0, "full"),
    ("photo import with 48 KB left", &["photo", "add", "{file}"], 48 * 1024, "space"),
];

struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn mount_tmpfs(at: &Path) -> Option<Mount> {
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
        .arg(at)
        .status()
        .is_ok_and(|s| s.success());
    if mounted {
        return Some(Mount(at.to_owned()));
    }
    assert!(std::env::var_os("CI").is_none(), "CI must be able to mount a tmpfs (run as root)");
    println!("skipped: cannot mount a tmpfs here (not root?)");
    None
}

/// Fills the file system holding `dir` until only `leave` bytes (rounded to pages) are free.
fn fill(dir: &Path, leave: u64) {
    let mut filler = std::fs::File::create(dir.join("filler")).unwrap();
    // Writes what `df` says is left over `leave` in one go, then looks again (tmpfs rounds to
    // pages), instead of running `df` after every 4 KB page (about a thousand runs per case).
    loop {
        let free = free_bytes(dir);
        if free <= leave {
            break;
        }
        let chunk = usize::try_from(((free - leave) / 4096).max(1) * 4096).unwrap();
        if filler.write_all(&vec![0_u8; chunk]).is_err() {
            break;
        }
    }
    let _ = filler.sync_all();
}

fn free_bytes(dir: &Path) -> u64 {
    let out = Command::new("df").args(["--output=avail", "-B1"]).arg(dir).output().unwrap();
    String::from_utf8_lossy(&out.stdout).lines().nth(1).unwrap().trim().parse().unwrap()
}

#[test]
fn a_full_disk_gets_a_clear_error_and_keeps_the_record() {
    let mut failures = Vec::new();
    for (name, args, leave, message) in DISK_FULL_CASES {
        let mountpoint = tempfile::tempdir().unwrap();
        let Some(_mount) = mount_tmpfs(mountpoint.path()) else { return };
        let data = mountpoint.path().join("data");
        copy_dir(seeded_copy().path(), &data);
        let scratch = tempfile::tempdir().unwrap();
        let photo = scratch.path().join("new.jpg");
        std::fs::write(&photo, afterglow_handlers::photo::testdata::seeded_jpeg(640, 480, 5))
            .unwrap();
        fill(mountpoint.path(), *leave);
        let before = fingerprint(&data);
        let args: Vec<&str> =
            args.iter().map(|a| if *a == "{file}" { photo.to_str().unwrap() } else { a }).collect();
        let out = run(&data, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        println!("{name:<50} exit {:?}: {}", out.status.code(), stderr.trim());
        if out.status.code() != Some(1) || !stderr.contains(message) {
            failures.push(format!(
                "{name}: expected exit 1 and stderr containing {message:?}, got exit {:?}, stderr {:?}",
                out.status.code(),
                stderr.trim()
            ));
        }
        let after = fingerprint(&data);
        if after != before {
            failures.push(format!("{name}: stored data changed:\n{before}->\n{after}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        DISK_FULL_CASES.len(),
        failures.join("\n")
    );
}
