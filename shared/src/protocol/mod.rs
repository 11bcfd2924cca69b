//! The care protocol: every aftercare window, expected-course duration and preparation task as
//! data. The app ships a conservative default built from `clinical-research.md` (each rule keeps
//! its source key); a clinic may supply its own as versioned JSON, checked by [`parse`].

mod parse;
mod rules;

pub use parse::{ProtocolError, parse};
pub use rules::*;

/// The protocol JSON format this app reads.
pub const FORMAT: u32 = 1;

const DEFAULT_JSON: &str = include_str!("default_protocol.json");

/// The shipped default protocol. It goes through the same parser and checks as a clinic's, and a
/// unit test proves it passes them, so the fallback below is never reached in a released build.
pub fn default_protocol() -> CareProtocol {
    default_protocol_ref().clone()
}

/// The shipped default, parsed once: parsing takes about 0.4 ms (measured in
/// `benches/triage.rs`), too much to repeat in every view.
pub fn default_protocol_ref() -> &'static CareProtocol {
    static DEFAULT: std::sync::LazyLock<CareProtocol> =
        std::sync::LazyLock::new(|| parse(DEFAULT_JSON).unwrap_or_else(|_| CareProtocol::empty()));
    &DEFAULT
}

/// The default protocol's JSON, for shells that want to show or export it.
pub fn default_protocol_json() -> &'static str {
    DEFAULT_JSON
}
