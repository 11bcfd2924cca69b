//! Afterglow's effect handlers that run in Rust, on the shell side of the bridge.
//!
//! The core (`shared`) only *asks* for storage, photos and the clinic; this crate carries the
//! requests out: storage through `afterglow_store` (SQLite), photos with the TurboJPEG pipeline,
//! the clinic with reqwest. The same handlers serve the `afterglow` CLI (called directly) and the
//! mobile library (as Crux middleware, [`middleware`]). The crate is native-only; the storage
//! crate it uses also builds for the browser.

pub mod clinic;
pub mod export;
pub mod middleware;
pub mod photo;
/// The record's storage, defined once in `afterglow_store` (it also builds for the browser).
pub use afterglow_store as store;

pub use middleware::{ClinicMiddleware, OutboxWriter, PhotoMiddleware, StoreMiddleware};
pub use photo::PhotoLibrary;
pub use store::SqliteStore;
