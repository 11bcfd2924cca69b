//! Afterglow's effect handlers that run in Rust, on the shell side of the bridge.
//!
//! The core (`shared`) only *asks* for storage; this crate carries the requests out against
//! SQLite. The same handler serves the `afterglow` CLI (called directly) and the mobile library
//! (as Crux middleware, [`middleware`]). It is native-only: on the web the TypeScript shell
//! handles the same operations.

pub mod clinic;
pub mod export;
pub mod middleware;
pub mod photo;
pub mod store;

pub use middleware::{ClinicMiddleware, OutboxWriter, PhotoMiddleware, StoreMiddleware};
pub use photo::PhotoLibrary;
pub use store::SqliteStore;
