//! See `targets.rs`; this crate only exists so `cargo fuzz` can build the targets.

pub mod targets;
