//! The store as a Crux middleware: the mobile library wraps the core with it so storage effects
//! are handled in Rust and never reach Swift or Kotlin.

use std::sync::mpsc::{Sender, channel};
use std::thread;

use crux_core::middleware::{EffectMiddleware, EffectResolver};
use shared::effects::{StoreOperation, StoreResult};

use super::SqliteStore;

type Job = (StoreOperation, EffectResolver<StoreResult>);

/// Runs storage operations on a worker thread that owns the only connection (rusqlite's
/// `Connection` is not `Sync`, and Crux forbids resolving inside `try_process_effect`).
pub struct StoreMiddleware {
    jobs: Sender<Job>,
}

impl StoreMiddleware {
    pub fn start(mut store: SqliteStore) -> Self {
        let (jobs, queue) = channel::<Job>();
        thread::Builder::new()
            .name("afterglow-store".into())
            .spawn(move || {
                while let Ok((operation, mut resolver)) = queue.recv() {
                    resolver.resolve(store.handle(operation));
                }
            })
            .map_or_else(|_| Self { jobs: channel().0 }, |_| Self { jobs })
    }
}

impl EffectMiddleware for StoreMiddleware {
    type Op = StoreOperation;

    fn try_process_effect(
        &self,
        operation: StoreOperation,
        mut resolver: EffectResolver<StoreResult>,
    ) {
        if let Err(failed) = self.jobs.send((operation, resolver)) {
            // The worker is gone (it could not be spawned): answer with an error instead of
            // leaving the core waiting forever. This runs on another thread, as Crux requires.
            let (_, resolver_back) = failed.0;
            resolver = resolver_back;
            thread::spawn(move || {
                resolver.resolve(StoreResult::Failed {
                    error: shared::effects::StoreError {
                        kind: shared::effects::StoreErrorKind::Other,
                        message: "storage is not running".into(),
                    },
                });
            });
        }
    }
}
