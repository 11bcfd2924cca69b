//! The only way the server checks a staff password: argon2id on a few dedicated threads,
//! behind a semaphore.
//!
//! Each verification allocates 19 MiB and keeps a core busy for tens of milliseconds, so
//! unbounded concurrency is a memory DoS (review M3: 14 parallel logins took the server from
//! 44 MB to 376 MB). With one permit per core, extra logins wait for a permit (costing a
//! parked future, not 19 MiB) and are refused with 503 if none frees up in time.
//!
//! The work runs on the gate's own threads, each reusing one argon2 buffer for its life, not
//! on tokio's blocking pool: the allocator keeps a freed 19 MiB block in the arena of the
//! thread that used it, so argon2 spread over dozens of pool threads keeps dozens of blocks
//! resident (measured: 3.3 GiB peak after 50 logins with the semaphore alone, see README).

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Semaphore, oneshot};

use crate::error::ApiError;
use crate::passwords::verify_reusing;

/// How long a login waits for a free verifier before it is refused.
const MAX_WAIT: Duration = Duration::from_secs(10);

struct Job {
    password: String,
    phc: String,
    answer: oneshot::Sender<bool>,
}

/// Bounded password verification, with counters the tests and load test read.
#[derive(Debug)]
pub struct PasswordGate {
    permits: Semaphore,
    size: usize,
    jobs: SyncSender<Job>,
    checks: AtomicU64,
    in_flight: AtomicUsize,
    peak: AtomicUsize,
}

impl PasswordGate {
    /// A gate letting `size` verifications run at once (at least one), on `size` threads.
    pub fn new(size: usize) -> Self {
        let size = size.max(1);
        // Capacity `size`: with at most `size` permits out, a send never waits.
        let (jobs, queue) = sync_channel::<Job>(size);
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..size {
            let queue = Arc::clone(&queue);
            // A thread that cannot start leaves fewer workers; the rest still drain the queue.
            let _ =
                std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || work(&queue));
        }
        Self {
            permits: Semaphore::new(size),
            size,
            jobs,
            checks: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    }

    /// One permit per core the process may use: more would only queue inside the OS.
    pub fn machine_size() -> usize {
        std::thread::available_parallelism().map_or(2, NonZeroUsize::get)
    }

    /// Verifies `password` against the PHC string, once a permit is free.
    ///
    /// `Err(ApiError::Busy)` when no permit freed up within the wait.
    pub async fn verify(&self, password: String, phc: String) -> Result<bool, ApiError> {
        let permit = tokio::time::timeout(MAX_WAIT, self.permits.acquire())
            .await
            .map_err(|_| ApiError::Busy { retry_after: 5 })?
            .map_err(|e| ApiError::Internal(format!("password gate: {e}")))?;
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        self.checks.fetch_add(1, Ordering::SeqCst);
        let (answer, outcome) = oneshot::channel();
        let sent = self.jobs.send(Job { password, phc, answer });
        let outcome = match sent {
            Ok(()) => outcome.await.map_err(|_| "verifier thread stopped"),
            Err(_) => Err("no verifier thread"),
        };
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        drop(permit);
        outcome.map_err(|e| ApiError::Internal(format!("password gate: {e}")))
    }

    /// Verifications allowed at once.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Verifications started since the server started.
    pub fn checks(&self) -> u64 {
        self.checks.load(Ordering::SeqCst)
    }

    /// Most verifications ever running at the same time.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

/// A worker: verifies jobs until the gate (the only sender) is dropped.
fn work(queue: &Mutex<Receiver<Job>>) {
    let mut memory = Vec::new();
    loop {
        let job = {
            let queue = queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            queue.recv()
        };
        let Ok(job) = job else { return };
        // The login may have given up waiting; nothing to tell it then.
        let _ = job.answer.send(verify_reusing(&job.password, &job.phc, &mut memory));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn never_more_than_size_at_once() {
        let gate = std::sync::Arc::new(PasswordGate::new(2));
        let phc = crate::passwords::DUMMY_HASH.clone();
        let tasks: Vec<_> = (0..6)
            .map(|_| {
                let (gate, phc) = (std::sync::Arc::clone(&gate), phc.clone());
                tokio::spawn(async move { gate.verify("wrong password".into(), phc).await })
            })
            .collect();
        for task in tasks {
            assert!(!task.await.unwrap().unwrap());
        }
        assert_eq!(gate.checks(), 6);
        assert!(gate.peak() <= 2, "peak {}", gate.peak());
    }
}
