//! The handlers as Crux middleware: the mobile library wraps the core with them so storage and
//! photo effects are carried out in Rust and never reach Swift or Kotlin.
//!
//! One worker thread owns the database connection (rusqlite's `Connection` is not `Sync`) and
//! the photo library, which writes its rows through that same connection. The storage and photo
//! middleware send their jobs to it, and the clinic's thread sends each of its outbox steps, so
//! every write goes through one writer in order, on one connection. A photo import (about
//! 150 ms for a 12 MP JPEG) therefore delays storage operations queued behind it; a request to
//! the clinic delays nothing, because the clinic's thread holds no step while it waits.

use std::sync::Arc;
use std::sync::mpsc::{Sender, channel};
use std::thread::{self, JoinHandle};

use crux_core::middleware::{EffectMiddleware, EffectResolver};
use shared::effects::{
    ClinicOperation, ClinicResult, PhotoError, PhotoErrorKind, PhotoOperation, PhotoReason,
    PhotoResult, StoreError, StoreErrorKind, StoreOperation, StoreResult,
};

use crate::{PhotoLibrary, SqliteStore};

enum Job {
    Store(StoreOperation, EffectResolver<StoreResult>),
    Photo(PhotoOperation, EffectResolver<PhotoResult>),
    /// One outbox step of the clinic handler; it sends its own answer back.
    Outbox(Box<dyn FnOnce(&mut SqliteStore) + Send>),
}

/// The worker thread and the way to reach it. Dropping the last handle closes the database:
/// queued jobs finish, the connection closes (checkpointing the WAL), then the drop returns.
struct Worker {
    jobs: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    fn start(mut store: SqliteStore, photos: Option<PhotoLibrary>) -> Arc<Self> {
        let (jobs, queue) = channel::<Job>();
        let thread = thread::Builder::new().name("afterglow-store".into()).spawn(move || {
            while let Ok(job) = queue.recv() {
                match job {
                    Job::Store(operation, mut resolver) => {
                        resolver.resolve(store.handle(operation))
                    }
                    Job::Photo(operation, mut resolver) => resolver.resolve(match &photos {
                        Some(library) => library.handle(&mut store, operation),
                        None => photos_unavailable(),
                    }),
                    Job::Outbox(step) => step(&mut store),
                }
            }
        });
        Arc::new(match thread {
            Ok(thread) => Self { jobs: Some(jobs), thread: Some(thread) },
            // No thread: every request is answered with an error instead (see `send`).
            Err(_) => Self { jobs: None, thread: None },
        })
    }

    /// Queues `job`; if the worker is gone, answers it with an error from another thread (Crux
    /// forbids resolving inside `try_process_effect`).
    fn send(&self, job: Job) {
        let job = match &self.jobs {
            Some(jobs) => match jobs.send(job) {
                Ok(()) => return,
                Err(failed) => failed.0,
            },
            None => job,
        };
        thread::spawn(move || match job {
            Job::Store(_, mut resolver) => {
                let error = StoreError {
                    kind: StoreErrorKind::Other,
                    message: "storage is not running".into(),
                };
                resolver.resolve(StoreResult::Failed { error });
            }
            Job::Photo(_, mut resolver) => resolver.resolve(photos_unavailable()),
            // Dropping the step drops its answer channel: the clinic's thread hears "gone".
            Job::Outbox(_) => {}
        });
    }
}

fn photos_unavailable() -> PhotoResult {
    PhotoResult::Failed { error: PhotoError::new(PhotoErrorKind::Other, PhotoReason::Unavailable) }
}

impl Drop for Worker {
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take() {
            // The last handle can be dropped on the worker itself (inside a callback); joining
            // there would wait forever, and the thread ends right after anyway.
            if thread.thread().id() != thread::current().id() {
                let _ = thread.join();
            }
        }
    }
}

/// Answers `StoreOperation`s on the worker.
pub struct StoreMiddleware(Arc<Worker>);

/// Answers `PhotoOperation`s on the same worker.
pub struct PhotoMiddleware(Arc<Worker>);

impl StoreMiddleware {
    /// Storage only: photo operations, if any arrive, are answered with an error.
    pub fn start(store: SqliteStore) -> Self {
        Self(Worker::start(store, None))
    }
}

/// The writer's handle for the clinic handler's outbox steps (`ClinicMiddleware`).
pub struct OutboxWriter(Arc<Worker>);

impl crate::clinic::OutboxDb for OutboxWriter {
    fn run<T: Send + 'static>(
        &mut self,
        step: impl FnOnce(&mut rusqlite::Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (answer, answered) = std::sync::mpsc::sync_channel(1);
        self.0.send(Job::Outbox(Box::new(move |store: &mut SqliteStore| {
            let _ = answer.send(step(store.connection_mut()));
        })));
        answered.recv().unwrap_or_else(|_| {
            Err(StoreError {
                kind: StoreErrorKind::Other,
                message: "storage is not running".into(),
            })
        })
    }
}

/// Storage, photos and the clinic's outbox steps on one worker, for the mobile library.
pub fn start(
    store: SqliteStore,
    photos: PhotoLibrary,
) -> (StoreMiddleware, PhotoMiddleware, OutboxWriter) {
    let worker = Worker::start(store, Some(photos));
    (
        StoreMiddleware(Arc::clone(&worker)),
        PhotoMiddleware(Arc::clone(&worker)),
        OutboxWriter(worker),
    )
}

impl EffectMiddleware for StoreMiddleware {
    type Op = StoreOperation;

    fn try_process_effect(&self, operation: StoreOperation, resolver: EffectResolver<StoreResult>) {
        self.0.send(Job::Store(operation, resolver));
    }
}

impl EffectMiddleware for PhotoMiddleware {
    type Op = PhotoOperation;

    fn try_process_effect(&self, operation: PhotoOperation, resolver: EffectResolver<PhotoResult>) {
        self.0.send(Job::Photo(operation, resolver));
    }
}

/// Answers `ClinicOperation`s on its own thread, each database step on the one writer
/// ([`OutboxWriter`]), so a slow clinic (up to the request timeout per item) never holds up
/// storage or photos and there is no second connection.
pub struct ClinicMiddleware {
    jobs: std::sync::Mutex<Option<Sender<ClinicJob>>>,
    thread: Option<JoinHandle<()>>,
}

type ClinicJob = (ClinicOperation, EffectResolver<ClinicResult>);

impl ClinicMiddleware {
    /// Starts the clinic worker on the writer's handle with `client`; `None` answers every
    /// operation with "not available".
    pub fn start(mut store: OutboxWriter, client: Option<crate::clinic::ClinicClient>) -> Self {
        let (jobs, queue) = channel::<ClinicJob>();
        let spawned = thread::Builder::new().name("afterglow-clinic".into()).spawn(move || {
            while let Ok((operation, mut resolver)) = queue.recv() {
                resolver.resolve(match &client {
                    Some(client) => client.handle(&mut store, operation),
                    None => crate::clinic::not_available(&operation),
                });
            }
        });
        match spawned {
            Ok(thread) => Self { jobs: std::sync::Mutex::new(Some(jobs)), thread: Some(thread) },
            Err(_) => Self { jobs: std::sync::Mutex::new(None), thread: None },
        }
    }
}

impl Drop for ClinicMiddleware {
    /// Ends the clinic's thread before returning; with it goes its handle on the writer, so
    /// the last handle's drop closes the connection (WAL checkpointed) once the core is gone.
    fn drop(&mut self) {
        if let Ok(mut jobs) = self.jobs.lock() {
            drop(jobs.take());
        }
        if let Some(thread) = self.thread.take()
            && thread.thread().id() != thread::current().id()
        {
            let _ = thread.join();
        }
    }
}

impl EffectMiddleware for ClinicMiddleware {
    type Op = ClinicOperation;

    fn try_process_effect(
        &self,
        operation: ClinicOperation,
        resolver: EffectResolver<ClinicResult>,
    ) {
        let sender = self.jobs.lock().ok().and_then(|jobs| jobs.clone());
        let job = match sender {
            Some(jobs) => match jobs.send((operation, resolver)) {
                Ok(()) => return,
                Err(failed) => failed.0,
            },
            None => (operation, resolver),
        };
        thread::spawn(move || {
            let (operation, mut resolver) = job;
            resolver.resolve(crate::clinic::not_available(&operation));
        });
    }
}
