//! The store as a Crux middleware: the mobile library wraps the core with it so storage effects
//! are handled in Rust and never reach Swift or Kotlin.

use std::sync::mpsc::{Sender, channel};
use std::thread::{self, JoinHandle};

use crux_core::middleware::{EffectMiddleware, EffectResolver};
use shared::effects::{StoreError, StoreErrorKind, StoreOperation, StoreResult};

use super::SqliteStore;

type Job = (StoreOperation, EffectResolver<StoreResult>);

/// Runs storage operations on a worker thread that owns the only connection (rusqlite's
/// `Connection` is not `Sync`, and Crux forbids resolving inside `try_process_effect`).
///
/// Dropping it closes the database: queued operations finish, the connection closes (which
/// checkpoints the WAL), and only then does the drop return.
pub struct StoreMiddleware {
    jobs: Option<Sender<Job>>,
    worker: Option<JoinHandle<()>>,
}

impl StoreMiddleware {
    pub fn start(mut store: SqliteStore) -> Self {
        let (jobs, queue) = channel::<Job>();
        let worker = thread::Builder::new().name("afterglow-store".into()).spawn(move || {
            while let Ok((operation, mut resolver)) = queue.recv() {
                resolver.resolve(store.handle(operation));
            }
        });
        match worker {
            Ok(worker) => Self { jobs: Some(jobs), worker: Some(worker) },
            // No thread: every request is answered with an error instead (see below).
            Err(_) => Self { jobs: None, worker: None },
        }
    }
}

impl EffectMiddleware for StoreMiddleware {
    type Op = StoreOperation;

    fn try_process_effect(&self, operation: StoreOperation, resolver: EffectResolver<StoreResult>) {
        let Some(jobs) = &self.jobs else {
            return fail_later(resolver);
        };
        if let Err(failed) = jobs.send((operation, resolver)) {
            fail_later(failed.0.1);
        }
    }
}

/// Answers with an error instead of leaving the core waiting forever. Crux requires the answer
/// to come from another thread than the request.
fn fail_later(mut resolver: EffectResolver<StoreResult>) {
    thread::spawn(move || {
        let error =
            StoreError { kind: StoreErrorKind::Other, message: "storage is not running".into() };
        resolver.resolve(StoreResult::Failed { error });
    });
}

impl Drop for StoreMiddleware {
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(worker) = self.worker.take() {
            // The last reference can be dropped on the worker itself (inside a callback);
            // joining there would wait forever, and the thread ends right after anyway.
            if worker.thread().id() != thread::current().id() {
                let _ = worker.join();
            }
        }
    }
}
