//! The care protocol: every aftercare window, expected-course duration and preparation task as
//! data. The app ships a conservative default built from `clinical-research.md` (each rule keeps
//! its source key); a clinic may supply its own as versioned JSON, checked by [`parse`].

use std::sync::LazyLock;

mod default_es;
mod parse;
mod rules;

pub use parse::{ProtocolError, parse};
pub use rules::*;

/// The protocol JSON format this app reads.
pub const FORMAT: u32 = 1;

const DEFAULT_JSON: &str = include_str!("default_protocol.json");

/// The shipped default protocol. It goes through the same parser and checks as a clinic's, and a
/// unit test proves it passes them, so the fallback below is never reached in a released build.
/// Parsed once: views read it on every frame.
pub fn default_protocol() -> &'static CareProtocol {
    static DEFAULT: LazyLock<CareProtocol> =
        LazyLock::new(|| parse(DEFAULT_JSON).unwrap_or_else(|_| CareProtocol::empty()));
    &DEFAULT
}

/// The shipped default in the patient's language: only the texts differ (`default_es.rs`).
pub fn default_protocol_in(language: crate::i18n::Language) -> &'static CareProtocol {
    static SPANISH: LazyLock<CareProtocol> =
        LazyLock::new(|| default_es::spanish(default_protocol()));
    match language {
        crate::i18n::Language::En => default_protocol(),
        crate::i18n::Language::Es => &SPANISH,
    }
}

/// The default protocol's JSON, for shells that want to show or export it.
pub fn default_protocol_json() -> &'static str {
    DEFAULT_JSON
}
