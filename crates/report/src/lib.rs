//! The PDF recovery report (`report`), written in pure Rust so the native handlers
//! (`afterglow_handlers::export::pdf`) and the web core (wasm) make the same file.

mod canvas;
mod jpeg;
mod pdf;

pub use pdf::{ReportError, ReportInput, ReportPhoto, report};
