//! `cargo run -p shared_types -- before-core <file.json>`: the words the web app draws before its
//! wasm core runs, or when the core cannot be loaded or started, from the catalogue. Keyed by the
//! primary language subtag that chooses each language (`Language::from_tag`), with `default` for
//! every other: `{"default": {...}, "es": {...}}`. `cargo xtask web-build` writes it and
//! `web/src/ui/beforeCore.ts` reads it.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use serde::Serialize;
use shared::i18n::Language;

#[derive(Serialize)]
struct BeforeCore {
    loading: &'static str,
    cannot_start: &'static str,
    worker_failed: &'static str,
}

fn words(language: Language) -> BeforeCore {
    let words = language.words();
    BeforeCore {
        loading: words.navigation.loading,
        cannot_start: words.device.cannot_start,
        worker_failed: words.device.worker_failed,
    }
}

fn json() -> anyhow::Result<String> {
    let default = Language::from_tag("");
    let mut by_tag = BTreeMap::from([("default", words(default))]);
    for language in Language::ALL.into_iter().filter(|l| *l != default) {
        by_tag.insert(language.tag(), words(language));
    }
    Ok(serde_json::to_string_pretty(&by_tag)?)
}

pub fn write(file: &Path) -> anyhow::Result<()> {
    std::fs::write(file, json()?).with_context(|| format!("writing {}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each language's primary subtag chooses it (`from_tag`), so the web app can pick by the
    /// subtag alone; anything else reads the default.
    #[test]
    fn each_key_is_the_subtag_that_chooses_its_language() {
        let parsed: BTreeMap<String, serde_json::Value> =
            serde_json::from_str(&json().unwrap()).unwrap();
        assert_eq!(parsed["default"]["loading"], "Loading your record…");
        assert_eq!(parsed["es"]["cannot_start"], "Afterglow no puede iniciarse");
        for key in parsed.keys().filter(|k| *k != "default") {
            assert_eq!(Language::from_tag(key).tag(), key);
            assert_eq!(Language::from_tag(&format!("{key}-XX")).tag(), key);
        }
        assert_eq!(parsed.len(), Language::ALL.len());
    }
}
