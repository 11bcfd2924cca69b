//! The accept loop, with the limits `axum::serve` has no knob for (security review M2): a cap on
//! open connections, and a deadline for a request's headers. The deadline for the whole request
//! (a body sent a byte at a time) is a layer on the router (`lib.rs`).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::{Service, ServiceExt};

/// How long connections still open at shutdown may finish what they are doing.
const DRAIN: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `shutdown` completes.
pub(crate) async fn run(
    listener: TcpListener,
    app: Router,
    max_connections: usize,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(max_connections));
    let graceful = GracefulShutdown::new();
    let mut make_service = app.into_make_service_with_connect_info::<SocketAddr>();
    tokio::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                // Out of file descriptors and the like: wait a little rather than spin.
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // At the cap a new connection is closed at once: the ones already open keep their
        // share of the machine, and the client sees the refusal instead of a hang.
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            tracing::warn!("connection refused: {max_connections} already open");
            drop(stream);
            continue;
        };
        let tower_service = match make_service.call(remote).await {
            Ok(service) => service,
            Err(never) => match never {},
        };
        let hyper_service = hyper::service::service_fn(move |request: Request<Incoming>| {
            tower_service.clone().oneshot(request)
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            .serve_connection(TokioIo::new(stream), hyper_service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // Errors here are the client's (reset, timeout): nothing to report but the fact.
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended");
            }
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown()).await.is_err() {
        tracing::warn!("connections still open {} s after shutdown", DRAIN.as_secs());
    }
    Ok(())
}
