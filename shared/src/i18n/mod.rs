//! The patient's language and the catalogue of the words they read (issue 15). A typed Rust
//! catalogue, not Fluent: see docs/adr/0003-typed-catalogue-for-patient-words.md. The keys are
//! [`Words`]'s fields; each language is one `const` of it (`en.rs`, `es.rs`), so a language
//! missing a key does not compile. Clinical terms are chosen in `GLOSSARY.md`.
//!
//! To add a language: a variant here (appended: bincode encodes the index), its tags in
//! [`Language::from_tag`], a `const` of [`Words`] in its own file, its glossary column, and its
//! snapshots (`shared/tests/i18n.rs`).

pub mod camera;
pub mod chart;
pub mod clinic_reasons;
mod en;
mod en_camera;
mod en_chart;
mod en_clinic_reasons;
mod en_form_errors;
mod en_lock;
mod en_photo_errors;
mod en_platform;
mod en_screens;
mod en_sharing;
mod en_shell_screens;
mod en_storage;
mod en_terminal;
mod es;
mod es_camera;
mod es_chart;
mod es_clinic_reasons;
mod es_form_errors;
mod es_lock;
mod es_photo_errors;
mod es_platform;
mod es_screens;
mod es_sharing;
mod es_shell_screens;
mod es_storage;
mod es_terminal;
pub mod form_errors;
pub mod lock;
pub mod photo_errors;
pub mod platform;
pub mod protocol;
pub mod screens;
pub mod sharing;
pub mod shell_screens;
pub mod storage;
pub mod terminal;
pub mod words;

use facet::Facet;
use serde::{Deserialize, Serialize};

pub use words::Words;

/// The language every word of the view model is in (where it is translated yet).
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum Language {
    #[default]
    En,
    Es,
}

impl Language {
    pub const ALL: [Language; 2] = [Self::En, Self::Es];

    /// The language for a BCP-47 tag from the platform's locale ("es-ES", "es-419", "es_MX",
    /// "en-US"); anything not translated reads English.
    pub fn from_tag(tag: &str) -> Self {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("es") { Self::Es } else { Self::En }
    }

    /// The BCP-47 tag the view model reports ("en", "es").
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
        }
    }

    /// The language the toggle offers.
    pub fn other(self) -> Self {
        match self {
            Self::En => Self::Es,
            Self::Es => Self::En,
        }
    }

    /// This language's catalogue.
    pub fn words(self) -> &'static Words {
        match self {
            Self::En => &en::EN,
            Self::Es => &es::ES,
        }
    }
}

/// What the shells need to draw a language toggle.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct LanguageView {
    /// The language the translated screens are in.
    pub current: Language,
    /// Its BCP-47 tag ("es"), for the page's or screen's `lang`.
    pub tag: String,
    /// The language the toggle switches to (send `Event::SetLanguage` with `switch_tag`).
    pub switch_to: Language,
    pub switch_tag: String,
    /// The toggle's words, in the language it offers ("Ver en español").
    pub switch_label: String,
}

impl LanguageView {
    pub fn of(language: Language) -> Self {
        Self {
            current: language,
            tag: language.tag().to_owned(),
            switch_to: language.other(),
            switch_tag: language.other().tag().to_owned(),
            switch_label: language.words().switch_label.to_owned(),
        }
    }
}

/// A catalogue text with its `{name}` placeholders filled; a placeholder not given stays as it
/// is, so a mistake shows on screen and in the snapshots instead of vanishing.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        let Some((name, tail)) = after.split_once('}') else { break };
        out.push_str(before);
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => out.push_str(value),
            None => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Joins names with the language's "and", using Spanish "e" before an "i" sound
/// ("enrojecimiento e hinchazón").
pub(crate) fn join_and(words: &Words, names: &[&str]) -> String {
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            let lower = name.to_lowercase();
            let i_sound = (lower.starts_with('i') || lower.starts_with("hi"))
                && !lower.starts_with("hie")
                && !lower.starts_with("hia");
            out.push_str(if i_sound { words.reasons.and_before_i } else { words.reasons.and });
        }
        out.push_str(name);
    }
    out
}

#[cfg(test)]
mod tests;
