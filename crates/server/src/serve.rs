//! Serving one listener with the limits `axum::serve` does not offer (issue 16): a
//! deadline for a request's headers (a client that opens connections and sends nothing,
//! or one byte a minute, holds no task for long), a cap on open connections (the next
//! waits in the kernel's backlog), and a deadline for the graceful shutdown (connections
//! still open then are dropped, so a stop never waits for ever). Each request also
//! carries its peer address (`ConnectInfo`) for the rate limits.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// The connection limits; [`Limits::default`] is what the server runs with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// From the connection (or the previous response) to a request's complete headers.
    pub header_read: Duration,
    /// Open connections per listener.
    pub max_connections: usize,
    /// How long a stop waits for requests in flight.
    pub shutdown_deadline: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read: Duration::from_secs(10),
            max_connections: 1024,
            shutdown_deadline: Duration::from_secs(10),
        }
    }
}

/// Serves `app` on `listener` until `stop` turns true, then shuts down within the deadline.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits, mut stop: watch::Receiver<bool>) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let mut connections = JoinSet::new();
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => p.expect("the semaphore is never closed"),
            _ = stopped(&mut stop) => break,
        };
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // e.g. out of file descriptors: wait a moment rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stopped(&mut stop) => break,
        };
        // No Nagle: a file's body follows its headers in a second write, which would
        // otherwise wait for the client's delayed ACK (~40 ms per static file).
        let _ = tcp.set_nodelay(true);
        let service = app.clone().map_request(move |mut req: axum::http::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            req
        });
        let mut stop = stop.clone();
        connections.spawn(async move {
            let _permit = permit;
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new()).header_read_timeout(limits.header_read);
            let connection = http.serve_connection(TokioIo::new(tcp), TowerToHyperService::new(service));
            tokio::pin!(connection);
            let finished = tokio::select! {
                done = connection.as_mut() => done,
                _ = stopped(&mut stop) => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(e) = finished {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
        });
        // Finished connections are reaped as we go, so the set stays as small as the open ones.
        while connections.try_join_next().is_some() {}
    }
    let open = connections.len();
    let drained =
        tokio::time::timeout(limits.shutdown_deadline, async { while connections.join_next().await.is_some() {} })
            .await;
    if drained.is_err() {
        tracing::warn!(open, left = connections.len(), "shutdown deadline passed; dropping the connections left");
        connections.abort_all();
    }
}

/// Resolves once `stop` is true (the guard `wait_for` returns is dropped here, so the
/// futures that wait on it stay `Send`).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}
