//! `cargo run -p shared_types -- <swift|kotlin|typescript> <out-dir>`
//!
//! Generates the bridge types (events, effects, view models) for a shell. Generated code is not
//! committed and not edited by hand: the shells' build scripts run this.

use std::path::PathBuf;

use anyhow::{Context, bail};
use crux_core::type_generation::facet::{Config, TypeRegistry};
use shared::Aftercare;

/// Kotlin package and Swift/TypeScript module names, shared with the shells' build files.
const KOTLIN_PACKAGE: &str = "app.afterglow.shared.types";
const SWIFT_MODULE: &str = "SharedTypes";
const TS_PACKAGE: &str = "shared_types";

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(language), Some(out)) = (args.next(), args.next()) else {
        bail!("usage: shared_types <swift|kotlin|typescript> <out-dir>");
    };
    generate(&language, &PathBuf::from(out))
}

fn generate(language: &str, out: &std::path::Path) -> anyhow::Result<()> {
    let typegen = TypeRegistry::new().register_app::<Aftercare>()?.build()?;
    match language {
        "swift" => typegen.swift(&Config::builder(SWIFT_MODULE, out).build()),
        "kotlin" => typegen.kotlin(&Config::builder(KOTLIN_PACKAGE, out).build()),
        "typescript" => typegen.typescript(&Config::builder(TS_PACKAGE, out).build()),
        other => bail!("unknown language `{other}`: use swift, kotlin or typescript"),
    }
    .with_context(|| format!("generating {language} types into {}", out.display()))
}

#[cfg(test)]
mod tests {
    use super::generate;

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
                "StoreOperation",
                "SessionForm",
                "Event",
                "CheckinEvent",
                "CheckinForm",
                "TemperatureInput",
                "TrendDay",
            ] {
                assert!(all.contains(name), "{language} output lacks {name}");
            }
        }
    }
}
