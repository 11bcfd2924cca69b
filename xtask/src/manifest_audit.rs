//! The permissions the platforms enforce at run time, checked here: every Android permission an
//! API the Kotlin uses needs is declared in the manifest, and every iOS usage description an API
//! the Swift uses needs is in the app's Info.plist keys (`iOS/project.yml`). A missing one is no
//! compile error: Android throws a `SecurityException` (for `ACCESS_NETWORK_STATE`, in
//! `Application.onCreate`, at every process start), iOS terminates the app on first use.

use std::path::Path;

use anyhow::{Context, bail};

use crate::tools::files_with_extension;

const MANIFEST: &str = "Android/app/src/main/AndroidManifest.xml";
const KOTLIN: &str = "Android/app/src/main/java";
const PROJECT_YML: &str = "iOS/project.yml";
const SWIFT: &str = "iOS/Afterglow";

/// What the code does (any of `uses`, outside comments), and the declaration that must exist
/// (any of `needs`).
struct Rule {
    uses: &'static [&'static str],
    needs: &'static [&'static str],
    why: &'static str,
}

const ANDROID: &[Rule] = &[
    Rule {
        uses: &[
            "registerDefaultNetworkCallback",
            "registerNetworkCallback",
            "getActiveNetwork",
            "activeNetwork",
            "getNetworkCapabilities",
        ],
        needs: &["android.permission.ACCESS_NETWORK_STATE"],
        why: "ConnectivityManager callbacks and queries throw SecurityException without it",
    },
    Rule {
        uses: &[".notify(", "NotificationManagerCompat"],
        needs: &["android.permission.POST_NOTIFICATIONS"],
        why: "notifications are dropped on Android 13+ without it",
    },
    Rule {
        uses: &["setExact(", "setExactAndAllowWhileIdle", "setAlarmClock"],
        needs: &["android.permission.SCHEDULE_EXACT_ALARM", "android.permission.USE_EXACT_ALARM"],
        why: "exact alarms throw SecurityException on Android 12+ without one of them",
    },
    Rule {
        uses: &["androidx.camera.", "android.hardware.camera2", "MediaStore.ACTION_IMAGE_CAPTURE"],
        needs: &["android.permission.CAMERA"],
        why: "the camera cannot be opened without it",
    },
    Rule {
        uses: &["setPersisted(true)"],
        needs: &["android.permission.RECEIVE_BOOT_COMPLETED"],
        why: "JobInfo.Builder.setPersisted(true) throws IllegalArgumentException without it",
    },
    Rule {
        // The uniffi bindings load the Rust library, which sends the outbox to the clinic.
        uses: &["app.afterglow.core."],
        needs: &["android.permission.INTERNET"],
        why: "the Rust library's HTTPS to the clinic fails without it",
    },
];

/// Rules on the manifest itself (a receiver for an action needs its permission).
const ANDROID_MANIFEST: &[Rule] = &[Rule {
    uses: &["android.intent.action.BOOT_COMPLETED"],
    needs: &["android.permission.RECEIVE_BOOT_COMPLETED"],
    why: "the boot receiver is never called without it (alarms are gone after a reboot)",
}];

const IOS: &[Rule] = &[
    Rule {
        uses: &[
            "AVCaptureDevice",
            "AVCaptureSession",
            "sourceType = .camera",
            "sourceType: .camera",
        ],
        needs: &["NSCameraUsageDescription"],
        why: "iOS terminates the app when it opens the camera without it",
    },
    Rule {
        uses: &["PHPhotoLibrary", "PHAsset."],
        needs: &["NSPhotoLibraryUsageDescription"],
        why: "iOS terminates the app when it reads the photo library without it",
    },
    Rule {
        uses: &["UIImageWriteToSavedPhotosAlbum", "PHAssetCreationRequest"],
        needs: &["NSPhotoLibraryAddUsageDescription"],
        why: "iOS terminates the app when it saves to the photo library without it",
    },
    Rule {
        uses: &["LAContext"],
        needs: &["NSFaceIDUsageDescription"],
        why: "Face ID is refused (and the app may be terminated) without it",
    },
    Rule {
        uses: &["CLLocationManager"],
        needs: &["NSLocationWhenInUseUsageDescription"],
        why: "location is refused without it",
    },
];

pub fn run() -> anyhow::Result<()> {
    let manifest = read(Path::new(MANIFEST))?;
    let kotlin = sources(KOTLIN, "kt")?;
    let missing = android_missing(&manifest, &kotlin);
    let project = read(Path::new(PROJECT_YML))?;
    let swift = sources(SWIFT, "swift")?;
    let missing_ios = ios_missing(&project, &swift);
    if !missing.is_empty() || !missing_ios.is_empty() {
        bail!(
            "permissions used but not declared:\n{}",
            missing.iter().chain(&missing_ios).cloned().collect::<Vec<_>>().join("\n")
        );
    }
    println!(
        "manifest and plist: {} Android and {} iOS rules hold ({} Kotlin, {} Swift files)",
        ANDROID.len() + ANDROID_MANIFEST.len(),
        IOS.len(),
        kotlin.len(),
        swift.len()
    );
    Ok(())
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// (file name, text without comments) of each source under `dir`.
fn sources(dir: &str, extension: &str) -> anyhow::Result<Vec<(String, String)>> {
    files_with_extension(Path::new(dir), extension)?
        .into_iter()
        .map(|path| Ok((path.display().to_string(), without_comments(&read(&path)?))))
        .collect()
}

/// One line per broken rule: what uses the API, and what is missing from the manifest.
pub fn android_missing(manifest: &str, kotlin: &[(String, String)]) -> Vec<String> {
    let manifest = without_xml_comments(manifest);
    let declared = declared_permissions(&manifest);
    let mut missing = broken(ANDROID, kotlin, &declared, MANIFEST);
    let itself = [(MANIFEST.to_owned(), manifest.clone())];
    missing.extend(broken(ANDROID_MANIFEST, &itself, &declared, MANIFEST));
    missing
}

/// One line per broken rule: what uses the API, and which usage description is missing.
pub fn ios_missing(project_yml: &str, swift: &[(String, String)]) -> Vec<String> {
    let described = usage_descriptions(project_yml);
    broken(IOS, swift, &described, PROJECT_YML)
}

fn broken(
    rules: &[Rule],
    sources: &[(String, String)],
    declared: &[String],
    declared_in: &str,
) -> Vec<String> {
    rules
        .iter()
        .filter(|rule| !rule.needs.iter().any(|need| declared.iter().any(|d| d == need)))
        .filter_map(|rule| {
            let (file, api) = sources.iter().find_map(|(file, text)| {
                rule.uses.iter().find(|api| text.contains(**api)).map(|api| (file, api))
            })?;
            Some(format!(
                "  {file} uses `{api}`, but {declared_in} declares none of {:?}: {}",
                rule.needs, rule.why
            ))
        })
        .collect()
}

/// `android:name` of each `<uses-permission>` (and `-sdk-23`) element.
fn declared_permissions(manifest: &str) -> Vec<String> {
    manifest
        .split("<uses-permission")
        .skip(1)
        .filter_map(|element| {
            let element = &element[..element.find('>').unwrap_or(element.len())];
            let value = element.split("android:name=\"").nth(1)?;
            Some(value[..value.find('"')?].to_owned())
        })
        .collect()
}

/// The `NS…UsageDescription` keys with a non-empty text in an XcodeGen spec or an Info.plist.
fn usage_descriptions(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut lines = text.lines().map(str::trim).peekable();
    while let Some(line) = lines.next() {
        let line = line.split(" #").next().unwrap_or(line);
        // XcodeGen YAML: `NSCameraUsageDescription: "text"`.
        if let Some((key, value)) = line.split_once(':')
            && is_usage_key(key)
            && !value.trim().trim_matches('"').trim_matches('\'').trim().is_empty()
        {
            found.push(key.to_owned());
        }
        // Info.plist: `<key>NSCameraUsageDescription</key>` then `<string>text</string>`.
        if let Some(key) = line.strip_prefix("<key>").and_then(|k| k.strip_suffix("</key>"))
            && is_usage_key(key)
            && lines.peek().is_some_and(|next| {
                next.strip_prefix("<string>")
                    .and_then(|s| s.strip_suffix("</string>"))
                    .is_some_and(|s| !s.trim().is_empty())
            })
        {
            found.push(key.to_owned());
        }
    }
    found
}

fn is_usage_key(key: &str) -> bool {
    key.starts_with("NS") && key.ends_with("UsageDescription") && !key.contains(' ')
}

fn without_xml_comments(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("-->").map_or("", |end| &rest[start + end + 3..]);
    }
    out.push_str(rest);
    out
}

/// Drops `/* */` and `//` comments (Kotlin and Swift), so a comment naming an API does not
/// count as a use. A `//` inside a string literal (a URL) also ends the line here, which can only
/// hide a use on the rest of that line.
fn without_comments(source: &str) -> String {
    let mut code = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(start) = rest.find("/*") {
        code.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    code.push_str(rest);
    code.lines()
        .map(|line| line.find("//").map_or(line, |at| &line[..at]))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
#[path = "manifest_audit_tests.rs"]
mod tests;
