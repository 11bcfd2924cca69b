//! The handlers as Crux middleware: the mobile library wraps the core with them so storage and
//! photo effects are carried out in Rust and never reach Swift or Kotlin.
//!
//! One worker thread owns the database connection (rusqlite's `Connection` is not `Sync`) and
//! the photo library, which writes its rows through that same connection. Both middleware fronts
//! send their jobs to it, so every write goes through one writer in order. A photo import
//! (about 150 ms for a 12 MP JPEG) therefore delays storage operations queued behind it.

use std::sync::Arc;
use std::sync::mpsc::{Sender, channel};
use std::thread::{self, JoinHandle};

use crux_core::middleware::{EffectMiddleware, EffectResolver};
use shared::effects::{
    ClinicOperation, ClinicResult, PhotoError, PhotoErrorKind, PhotoOperation, PhotoResult,
    StoreError, StoreErrorKind, StoreOperation, StoreResult,
};

use crate::{PhotoLibrary, SqliteStore};

enum Job {
    Store(StoreOperation, EffectResolver<StoreResult>),
    Photo(PhotoOperation, EffectResolver<PhotoResult>),
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
        });
    }
}

fn photos_unavailable() -> PhotoResult {
    PhotoResult::Failed {
        error: PhotoError {
            kind: PhotoErrorKind::Other,
            message: "the photo journal is not available".into(),
        },
    }
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

/// Storage and photos on one worker, for the mobile library.
pub fn start(store: SqliteStore, photos: PhotoLibrary) -> (StoreMiddleware, PhotoMiddleware) {
    let worker = Worker::start(store, Some(photos));
    (StoreMiddleware(Arc::clone(&worker)), PhotoMiddleware(worker))
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

/// Answers `ClinicOperation`s on its own thread with its own connection to the database, so a
/// slow clinic (up to the request timeout per item) never holds up storage or photos.
pub struct ClinicMiddleware {
    jobs: std::sync::Mutex<Option<Sender<ClinicJob>>>,
    thread: Option<JoinHandle<()>>,
}

type ClinicJob = (ClinicOperation, EffectResolver<ClinicResult>);

impl ClinicMiddleware {
    /// Starts the clinic worker on `store` (a second handle to the patient's database) with
    /// `client`; `None` answers every operation with "not available".
    pub fn start(mut store: SqliteStore, client: Option<crate::clinic::ClinicClient>) -> Self {
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
    /// Closes the worker's connection before returning, so the database file is complete
    /// (WAL checkpointed) once the core is gone.
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
