//! What the stores check when an app is submitted, checked here (review #31): the app icon on
//! both platforms (current with `cargo xtask app-icon`), Android's manifest naming it, iOS's
//! export-compliance answer and app-icon setting, and a privacy manifest that declares a reason
//! for every required-reason API category the app uses. App Store Connect refuses an upload
//! whose privacy manifest lacks a category the binary uses; none of these is a compile error.

use std::path::Path;

use anyhow::{Context, bail};

use crate::app_icon;
use crate::tools::files_with_extension;

const MANIFEST: &str = "Android/app/src/main/AndroidManifest.xml";
const PROJECT_YML: &str = "iOS/project.yml";
const PRIVACY_MANIFEST: &str = "iOS/Afterglow/PrivacyInfo.xcprivacy";
const SWIFT: &str = "iOS/Afterglow";

/// A required-reason API category: the Swift that uses it (any of `uses`), or `always` when the
/// Rust library uses it whatever the Swift does.
struct Category {
    name: &'static str,
    uses: &'static [&'static str],
    always: Option<&'static str>,
}

const CATEGORIES: &[Category] = &[
    Category {
        name: "NSPrivacyAccessedAPICategoryFileTimestamp",
        uses: &[
            "creationDate",
            "modificationDate",
            "contentModificationDateKey",
            "creationDateKey",
            "attributesOfItem",
            "getattrlist",
        ],
        always: Some("SQLite in the Rust library calls fstat on its files"),
    },
    Category {
        name: "NSPrivacyAccessedAPICategorySystemBootTime",
        uses: &["systemUptime", "mach_absolute_time"],
        always: Some("the Rust library measures elapsed time with the uptime clock"),
    },
    Category {
        name: "NSPrivacyAccessedAPICategoryUserDefaults",
        uses: &["UserDefaults", "@AppStorage"],
        always: None,
    },
    Category {
        name: "NSPrivacyAccessedAPICategoryDiskSpace",
        uses: &["volumeAvailableCapacity", "systemFreeSize", "statfs"],
        always: None,
    },
    Category {
        name: "NSPrivacyAccessedAPICategoryActiveKeyboards",
        uses: &["activeInputModes"],
        always: None,
    },
];

pub fn run() -> anyhow::Result<()> {
    let mut problems = Vec::new();
    for path in app_icon::stale()? {
        problems.push(format!("  {path} is not what `cargo xtask app-icon` writes: run it"));
    }
    problems.extend(android_problems(&read(MANIFEST)?));
    problems.extend(ios_problems(&read(PROJECT_YML)?));
    let swift = files_with_extension(Path::new(SWIFT), "swift")?
        .into_iter()
        .map(|path| Ok((path.display().to_string(), read(&path.display().to_string())?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let privacy = std::fs::read_to_string(PRIVACY_MANIFEST).unwrap_or_default();
    problems.extend(privacy_problems(&privacy, &swift));
    if !problems.is_empty() {
        bail!("not ready for the stores:\n{}", problems.join("\n"));
    }
    println!(
        "distribution: app icons current, manifest and plist keys present, privacy manifest \
         declares every used API category ({} Swift files)",
        swift.len()
    );
    Ok(())
}

fn read(path: &str) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {path}"))
}

pub fn android_problems(manifest: &str) -> Vec<String> {
    let application = manifest.split("<application").nth(1).unwrap_or_default();
    let application = &application[..application.find('>').unwrap_or(application.len())];
    let mut problems = Vec::new();
    if !application.contains("android:icon=\"@mipmap/ic_launcher\"") {
        problems.push(format!(
            "  {MANIFEST}: <application> has no android:icon=\"@mipmap/ic_launcher\" (the launcher shows a default)"
        ));
    }
    problems
}

pub fn ios_problems(project_yml: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let has = |key: &str, value: &str| {
        project_yml.lines().map(str::trim).any(|line| {
            line.split_once(':').is_some_and(|(k, v)| k.trim() == key && v.trim() == value)
        })
    };
    if !has("ITSAppUsesNonExemptEncryption", "false") {
        problems.push(format!(
            "  {PROJECT_YML}: ITSAppUsesNonExemptEncryption is not false (the app's only \
             encryption is HTTPS, which is exempt; without the key every upload asks)"
        ));
    }
    if !has("ASSETCATALOG_COMPILER_APPICON_NAME", "AppIcon") {
        problems
            .push(format!("  {PROJECT_YML}: ASSETCATALOG_COMPILER_APPICON_NAME is not AppIcon"));
    }
    problems
}

/// One line per category the app uses (the Swift by name, the Rust library always) that the
/// privacy manifest does not declare with a reason, and one if tracking is not declared off.
pub fn privacy_problems(privacy: &str, swift: &[(String, String)]) -> Vec<String> {
    if privacy.trim().is_empty() {
        return vec![format!("  {PRIVACY_MANIFEST} is missing")];
    }
    let mut problems = Vec::new();
    if !compact(privacy).contains("<key>NSPrivacyTracking</key><false/>") {
        problems.push(format!("  {PRIVACY_MANIFEST}: NSPrivacyTracking is not false"));
    }
    for category in CATEGORIES {
        let used_by = category.always.map(str::to_owned).or_else(|| {
            swift.iter().find_map(|(file, text)| {
                category
                    .uses
                    .iter()
                    .find(|api| text.contains(**api))
                    .map(|api| format!("{file} uses `{api}`"))
            })
        });
        if let Some(why) = used_by
            && !declares_with_reason(privacy, category.name)
        {
            problems
                .push(format!("  {PRIVACY_MANIFEST} lacks {} with a reason: {why}", category.name));
        }
    }
    problems
}

/// Whether a `<dict>` of the manifest names the category as its `NSPrivacyAccessedAPIType` and
/// gives at least one non-empty reason.
fn declares_with_reason(privacy: &str, category: &str) -> bool {
    let declared = format!("<key>NSPrivacyAccessedAPIType</key><string>{category}</string>");
    let reasons = "<key>NSPrivacyAccessedAPITypeReasons</key><array><string>";
    compact(privacy).split("<dict>").any(|dict| {
        let dict = &dict[..dict.find("</dict>").unwrap_or(dict.len())];
        dict.contains(&declared)
            && dict
                .split(reasons)
                .nth(1)
                .is_some_and(|reason| reason.find("</string>").is_some_and(|end| end > 0))
    })
}

/// The plist without comments and whitespace between elements.
fn compact(plist: &str) -> String {
    let mut out = String::new();
    let mut rest = plist;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("-->").map_or("", |end| &rest[start + end + 3..]);
    }
    out.push_str(rest);
    out.lines().map(str::trim).collect()
}

#[cfg(test)]
#[path = "distribution_audit_tests.rs"]
mod tests;
