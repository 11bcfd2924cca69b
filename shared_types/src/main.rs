//! `cargo run -p shared_types -- <swift|kotlin|typescript> <out-dir>`
//!
//! Generates the bridge types (events, effects, view models) for a shell: every effect for the
//! web, the narrowed `NativeEffect` for Swift and Kotlin. Generated code is not
//! committed and not edited by hand: the shells' build scripts run this.
//!
//! `before-core <file.json>` writes the words the web app draws before its core runs, or when it
//! cannot, per language (`before_core.rs`).
//!
//! `platform-strings <repo-root>` writes the words the operating system shows for the app into
//! the platforms' string files (`platform_strings.rs`); those are committed, and checked.

mod before_core;
mod platform_strings;

use std::path::PathBuf;

use anyhow::{Context, bail};
use crux_core::type_generation::facet::{Config, Export, TypeRegistry};
use shared::effects::NativeEffect;
use shared::{Aftercare, Event, ViewModel};

/// Kotlin package and Swift/TypeScript module names, shared with the shells' build files.
const KOTLIN_PACKAGE: &str = "app.afterglow.shared.types";
const SWIFT_MODULE: &str = "SharedTypes";
const TS_PACKAGE: &str = "shared_types";

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(language), Some(out)) = (args.next(), args.next()) else {
        bail!(
            "usage: shared_types <swift|kotlin|typescript> <out-dir> | first-run <file.json> \
             | before-core <file.json> | platform-strings <repo-root>"
        );
    };
    if language == "first-run" {
        return first_run(&PathBuf::from(out));
    }
    if language == "before-core" {
        return before_core::write(&PathBuf::from(out));
    }
    if language == "platform-strings" {
        return platform_strings::write(&PathBuf::from(out));
    }
    generate(&language, &PathBuf::from(out))
}

/// The core's first-run notice as JSON (`{"title", "lines"}`), for the web app's build to write
/// into its page: a first visit paints the core's words before the wasm core has arrived.
fn first_run(file: &std::path::Path) -> anyhow::Result<()> {
    let json = serde_json::to_string_pretty(&shared::view::first_run_notice())?;
    std::fs::write(file, json).with_context(|| format!("writing {}", file.display()))
}

fn generate(language: &str, out: &std::path::Path) -> anyhow::Result<()> {
    let mut registry = TypeRegistry::new();
    if language == "typescript" {
        registry.register_app::<Aftercare>()?;
    } else {
        // Swift and Kotlin see the mobile library's narrowed effects (render, notifications):
        // storage, photos and the clinic are carried out in Rust before them (ffi/src/bridge.rs).
        NativeEffect::register_types(&mut registry)?;
        registry.register_type::<Event>()?.register_type::<ViewModel>()?;
    }
    let typegen = registry.build()?;
    match language {
        "swift" => typegen.swift(&Config::builder(SWIFT_MODULE, out).build()),
        "kotlin" => typegen.kotlin(&Config::builder(KOTLIN_PACKAGE, out).build()),
        "typescript" => typegen.typescript(&Config::builder(TS_PACKAGE, out).build()),
        other => bail!("unknown language `{other}`: use swift, kotlin or typescript"),
    }
    .with_context(|| format!("generating {language} types into {}", out.display()))?;
    if language == "swift" {
        escape_swift_cases(out)?;
    }
    Ok(())
}

/// Swift keywords a Rust variant can be named after (in lowerCamelCase): Rust's own keywords
/// (`if`, `for`, `self`...) cannot be variant names, so they are not listed.
const SWIFT_KEYWORDS: &[&str] = &[
    "associatedtype",
    "case",
    "catch",
    "class",
    "default",
    "defer",
    "deinit",
    "do",
    "extension",
    "fallthrough",
    "fileprivate",
    "func",
    "guard",
    "import",
    "init",
    "inout",
    "internal",
    "is",
    "nil",
    "open",
    "operator",
    "precedencegroup",
    "private",
    "protocol",
    "public",
    "repeat",
    "rethrows",
    "subscript",
    "switch",
    "throw",
    "throws",
    "try",
    "typealias",
    "var",
];

/// The generator writes enum cases unescaped (`case import(photoImport: PhotoImport)` from
/// `PhotoOperation::Import`), which Swift refuses. A case may be a keyword in backticks, and
/// uses (`.import(...)`) need none, so only the declarations are rewritten. Fields are not:
/// their initialisers would need escaping too, so a keyword field is renamed in Rust instead
/// (`cargo xtask jvm-test` refuses one).
fn escape_swift_cases(out: &std::path::Path) -> anyhow::Result<()> {
    let file = out.join(SWIFT_MODULE).join("Sources").join(SWIFT_MODULE).join("SharedTypes.swift");
    let swift =
        std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    std::fs::write(&file, escape_case_keywords(&swift))?;
    Ok(())
}

fn escape_case_keywords(swift: &str) -> String {
    let mut out = String::with_capacity(swift.len());
    for line in swift.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let case = line[indent..].strip_prefix("case ").and_then(|rest| {
            let end =
                rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '_').unwrap_or(rest.len());
            let (name, after) = rest.split_at(end);
            // A declaration, not a `case .x:` pattern in a switch (those end with a colon).
            let declaration = !line.trim_end().ends_with(':');
            (declaration && SWIFT_KEYWORDS.contains(&name)).then_some((name, after))
        });
        match case {
            Some((name, after)) => {
                out.push_str(&line[..indent]);
                out.push_str(&format!("case `{name}`{after}"));
            }
            None => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{SWIFT_KEYWORDS, escape_case_keywords, generate};

    #[test]
    fn keyword_cases_are_escaped_and_nothing_else() {
        let swift = "indirect public enum PhotoOperation: Hashable {\n    case probe(source: String)\n    \
                     case import(photoImport: PhotoImport)\n    case default\n}\n        \
                     case .import(let photoImport):\n            return .import(photoImport: x)\n";
        let escaped = escape_case_keywords(swift);
        assert!(escaped.contains("    case `import`(photoImport: PhotoImport)\n"), "{escaped}");
        assert!(escaped.contains("    case `default`\n"), "{escaped}");
        assert!(escaped.contains("    case probe(source: String)\n"));
        assert!(escaped.contains("        case .import(let photoImport):\n"));
        assert!(escaped.contains("return .import(photoImport: x)"));
    }

    #[test]
    fn the_generated_swift_declares_no_bare_keyword_case() {
        let dir = tempfile::tempdir().unwrap();
        generate("swift", dir.path()).unwrap();
        let all = files(dir.path()).join("\n");
        for keyword in SWIFT_KEYWORDS {
            for bare in [format!("case {keyword}("), format!("case {keyword}\n")] {
                assert!(!all.contains(&bare), "a bare `{bare}` in the generated Swift");
            }
        }
    }

    fn files(dir: &std::path::Path) -> Vec<String> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(files(&path));
            } else {
                out.push(std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
        out
    }

    /// Each feature's nested event enum must reach the generated code under its own name: two
    /// enums called `Event` made the generator point `Event.Reminders` at the app's `Event`.
    #[test]
    fn nested_feature_events_keep_their_own_types() {
        let dir = tempfile::tempdir().unwrap();
        generate("kotlin", dir.path()).unwrap();
        let all = files(dir.path()).join("\n");
        for nested in ["CheckinEvent", "RemindersEvent", "JournalEvent"] {
            assert!(
                all.contains(&format!("val value: app.afterglow.shared.types.{nested},")),
                "{nested}"
            );
        }
        assert!(
            !all.contains("val value: app.afterglow.shared.types.Event,"),
            "a variant wraps the app Event"
        );
    }

    #[test]
    fn swift_and_kotlin_types_name_the_bridge_types() {
        for language in ["swift", "kotlin"] {
            let dir = tempfile::tempdir().unwrap();
            generate(language, dir.path()).unwrap();
            let all = files(dir.path()).join("\n");
            for name in [
                "TodayView",
                "RestrictionView",
                "NativeEffect",
                "SessionForm",
                "Event",
                "CheckinEvent",
                "CheckinForm",
                "TemperatureInput",
                "TrendDay",
            ] {
                assert!(all.contains(name), "{language} output lacks {name}");
            }
            // The native shells get only the effects they carry out (ffi/src/bridge.rs).
            for handled_in_rust in ["StoreOperation", "PhotoOperation", "ClinicOperation"] {
                assert!(!all.contains(handled_in_rust), "{language} output has {handled_in_rust}");
            }
        }
    }
}
