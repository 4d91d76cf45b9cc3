//! Serving one listener with the limits `axum::serve` does not offer (issue 16): a
//! deadline for a request's headers (a client that opens connections and sends nothing,
//! or one byte a minute, holds no task for long), a cap on open connections (the next
//! waits in the kernel's backlog), and a deadline for the graceful shutdown (connections
//! still open then are dropped, so a stop never waits for ever). Each request also
//! carries its peer address (`ConnectInfo`) for the rate limits.
//!
//! Each client address has a share of the cap ([`Connections::per_address`]; IPv6 by its /64,
//! as the rate limits count): one client holding a thousand idle sockets made everyone
//! else wait (issue 24). A connection beyond its address's share is closed at once, so it
//! holds no place in the cap. The proxies in front (`--trusted-proxies`) carry everyone's
//! connections and have no share of their own.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
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

use crate::limits::Connections;
/// Serves `app` on `listener` until `stop` turns true, then shuts down within the deadline.
pub async fn serve(listener: TcpListener, app: Router, limits: Connections, stop: watch::Receiver<bool>) {
    serve_behind(listener, app, limits, &[], stop).await
}

/// The open connections of each client address.
#[derive(Default)]
struct PerAddress(Mutex<HashMap<IpAddr, usize>>);

/// One open connection counted for its address; uncounted when dropped.
struct Counted(Arc<PerAddress>, IpAddr);

impl PerAddress {
    /// A place for a connection from `addr`, if its share is not taken.
    fn enter(self: &Arc<Self>, addr: IpAddr, share: usize) -> Option<Counted> {
        let mut open = self.0.lock().expect("connection counts");
        let n = open.entry(addr).or_default();
        if *n >= share {
            return None;
        }
        *n += 1;
        Some(Counted(self.clone(), addr))
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let mut open = self.0 .0.lock().expect("connection counts");
        if let Some(n) = open.get_mut(&self.1) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.1);
            }
        }
    }
}

/// [`serve`] behind the proxies `trusted` (their connections have no per-address share).
pub async fn serve_behind(
    listener: TcpListener,
    app: Router,
    limits: Connections,
    trusted: &[IpAddr],
    mut stop: watch::Receiver<bool>,
) {
    let trusted: Vec<IpAddr> = trusted.iter().map(|t| crate::rate_limit::normalise(*t)).collect();
    let per_address = Arc::new(PerAddress::default());
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
        let client = crate::rate_limit::normalise(peer.ip());
        let counted = match trusted.contains(&client) {
            true => None,
            false => match per_address.enter(crate::rate_limit::bucket_address(client), limits.per_address) {
                Some(c) => Some(c),
                None => {
                    // Over its share: closed now (dropping the socket), its place freed.
                    tracing::debug!(%peer, "connection over the address's share closed");
                    continue;
                }
            },
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
            let _counted = counted;
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
