//! The portal's thin backend (SPEC §6): JSON API over SQLite, demo controls, and the
//! built SPA with its security headers. `main.rs` only parses flags and calls [`run`];
//! tests build the same [`router`] and drive it without a socket.

// Shared by every flow: configuration, errors, sessions, who may do what, card signatures,
// storage (the only place with SQL), the worker, the SPA's files and headers.
pub mod access;
pub mod adapters;
pub mod api;
pub mod catch_panic;
pub mod clock;
pub mod config;
pub mod config_file;
pub mod error;
pub mod first_paint;
pub mod http_cache;
pub mod ids;
pub mod janitor;
pub mod json;
pub mod limits;
pub mod origin;
pub mod pki;
pub mod production;
pub mod rate_limit;
pub mod security;
pub mod serve;
pub mod session;
pub mod signature;
pub mod spa_html;
pub mod static_files;
pub mod store;
pub mod worker;

// One folder per flow: its routes and its rules.
pub mod account;
pub mod applications;
pub mod card;
pub mod certificates;
pub mod demo;
pub mod honseki;
pub mod lecture;
pub mod license;
pub mod link;
pub mod login;
pub mod notices;
pub mod onestop;
pub mod phone_credential;
pub mod unlink;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use anyhow::Context;
use axum::extract::{FromRef, Request};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{middleware, Router};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

use crate::clock::Clock;
use crate::config::Config;
use crate::error::ApiError;
use crate::security::Csp;
use crate::static_files::Dist;
use crate::store::Store;

/// Shared by every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub store: Store,
    pub clock: Clock,
    pub csp: Arc<Csp>,
    pub dist: Arc<Dist>,
    /// Each page's HTML (index.html with its preloads).
    pub spa: Arc<spa_html::SpaHtml>,
    pub worker: worker::Worker,
    /// The demo people's virtual cards: one lock per card (issue 3).
    pub cards: Arc<card::Cards>,
    /// The rate limits' buckets (issue 16).
    pub limiter: Arc<rate_limit::RateLimiter>,
    /// Whom card certificates must be issued by: the demo CA, or the configured anchors.
    pub trust: Arc<pki::Trust>,
    /// The origin browsers reach the portal at (`--public-origin`; a demo's own
    /// `http://localhost:PORT`): WebAuthn's RP ID and origin, the CSRF gate's `Origin`.
    pub origin: Arc<origin::PublicOrigin>,
    /// The real time sessions expire by and the lecture's content time is measured in
    /// (clock::WallClock; tests move it).
    pub wall: Arc<clock::WallClock>,
    /// The driver registry (adapters::registry): the demo's table, or the contract's
    /// HTTP client (`--registry-url`).
    pub registry: Arc<dyn adapters::registry::Registry>,
    /// The koseki system (adapters::koseki): the demo's table, or the contract's HTTP
    /// client (`--koseki-url`).
    pub koseki: Arc<dyn adapters::koseki::Koseki>,
}

/// The state's parts (axum's `FromRef`): a shared module takes the part it uses —
/// `State<Store>` in a handler or a middleware, `S where Store: FromRef<S>` in a
/// function — and never names `AppState`, so it imports no flow through it.
macro_rules! parts {
    ($($field:ident: $part:ty),* $(,)?) => {
        $(impl FromRef<AppState> for $part {
            fn from_ref(state: &AppState) -> $part {
                state.$field.clone()
            }
        })*
    };
}

parts! {
    config: Arc<Config>,
    store: Store,
    clock: Clock,
    csp: Arc<Csp>,
    dist: Arc<Dist>,
    spa: Arc<spa_html::SpaHtml>,
    worker: worker::Worker,
    cards: Arc<card::Cards>,
    limiter: Arc<rate_limit::RateLimiter>,
    trust: Arc<pki::Trust>,
    origin: Arc<origin::PublicOrigin>,
    wall: Arc<clock::WallClock>,
    registry: Arc<dyn adapters::registry::Registry>,
    koseki: Arc<dyn adapters::koseki::Koseki>,
}

impl FromRef<AppState> for session::Sessions {
    fn from_ref(state: &AppState) -> session::Sessions {
        session::Sessions { store: state.store.clone(), wall: state.wall.clone(), config: state.config.clone() }
    }
}

impl FromRef<AppState> for signature::Verifier {
    fn from_ref(state: &AppState) -> signature::Verifier {
        signature::Verifier { store: state.store.clone(), clock: state.clock, trust: state.trust.clone() }
    }
}

impl AppState {
    /// Opens and migrates the database, seeds it in demo mode, and reads dist/index.html
    /// for the CSP script hashes. In production mode, first refuses what [`production`]
    /// refuses and loads the trust anchors, all before the database is touched, then
    /// refuses a database that was used in demo mode.
    pub async fn init(config: Config) -> anyhow::Result<AppState> {
        production::check_config(&config)?;
        let trust = match (&config.trust_anchors, config.demo) {
            (Some(path), false) => {
                let anchors = pki::anchors::TrustAnchors::load(path)?;
                for a in anchors.anchors() {
                    tracing::info!(subject = %a.subject, "trust anchor");
                }
                // check_config has refused production without --crl.
                let revocation = Box::new(pki::crl::RevocationLists::load(&config.crls, &anchors)?);
                pki::Trust::Anchors { anchors, revocation }
            }
            // Demo mode keeps its demo CA whatever anchors are configured (check_config
            // has refused production without them).
            _ => pki::Trust::DemoCa,
        };
        let store = Store::open(&config.database_target()).await?;
        if let Err(refused) = production::check_database(&store, &config).await {
            store.close().await;
            return Err(refused);
        }
        if config.demo && demo::seed_if_empty(&store).await? {
            tracing::info!("seeded the demo people");
        }
        let public_origin =
            config.public_origin.clone().unwrap_or_else(|| origin::PublicOrigin::localhost(config.port));
        Ok(AppState {
            registry: adapters::registry::from_config(&config, &store),
            koseki: adapters::koseki::from_config(&config, &store),
            origin: Arc::new(public_origin),
            wall: Arc::new(clock::WallClock::default()),
            clock: if config.demo { Clock::Demo } else { Clock::System },
            csp: Arc::new(Csp::load(&config.dist)),
            dist: Arc::new(Dist::new(&config.dist)),
            spa: Arc::new(spa_html::SpaHtml::new(&config.dist)),
            cards: Arc::new(card::Cards::new()),
            limiter: Arc::new(rate_limit::RateLimiter::new(config.rate_limits)),
            trust: Arc::new(trust),
            worker: worker::Worker::new(config.worker_delay.unwrap_or(if config.demo {
                worker::DEMO_DELAY
            } else {
                worker::DELAY
            })),
            config: Arc::new(config),
            store,
        })
    }
}

/// The whole application. Layers run outside-in: security headers wrap everything
/// (errors and static files included), then the CSRF gate, then the routes; a panic in a
/// route becomes a logged 500 inside them, so it too gets the headers.
pub fn router(state: AppState) -> Router {
    layered(api::routes(state.config.demo), state)
}

/// [`router`] with `extra` routes beside the API's, under the very same layers: for tests
/// that need a route the product must not have (a handler that panics), so they check the
/// real layer stack rather than a copy of it.
#[doc(hidden)]
#[cfg(any(test, feature = "test-support"))]
pub fn router_with(state: AppState, extra: Router<AppState>) -> Router {
    layered(api::routes(state.config.demo).merge(extra), state)
}

fn layered(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(static_files::fallback)
        // Inside the problem layer, so its plain 408 becomes `request_timeout`.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.config.request_timeout,
        ))
        .layer(middleware::from_fn(security::api_problems))
        .layer(catch_panic::layer())
        .layer(security::body_limit_layer())
        // After the CSRF gate (a refused request costs no token); each route's policy
        // (rate_limit::Policy, declared with the route) does the limiting.
        .layer(middleware::from_fn_with_state(state.clone(), rate_limit::provide))
        .layer(middleware::from_fn_with_state(state.clone(), security::csrf))
        .layer(middleware::from_fn_with_state(state.clone(), security::headers))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn method_not_allowed(req: Request) -> axum::response::Response {
    if security::is_api_path(req.uri().path()) {
        ApiError::MethodNotAllowed.into_response()
    } else {
        StatusCode::METHOD_NOT_ALLOWED.into_response()
    }
}

/// Binds every address `host` resolves to (`localhost` → 127.0.0.1 and ::1, so the
/// browser reaches it whichever it tries first), serves until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let (host, port, demo) = (config.host.clone(), config.port, config.demo);
    let mut state = AppState::init(config).await?;
    if demo {
        // Issue the virtual cards (RSA keys) in the background: start stays fast, and a
        // card's first APDU issues that card at once if the background has not got to it.
        tokio::spawn(card::pregenerate(state.clone()));
    }
    let listeners = bind(&host, port).await?;
    let port = listeners[0].local_addr()?.port();
    if state.config.public_origin.is_none() {
        // A demo is its own http://localhost:PORT (the port known now, with --port 0 too).
        state.origin = Arc::new(origin::PublicOrigin::localhost(port));
    }
    let shown_host = if host.contains(':') { format!("[{host}]") } else { host.clone() };
    let mode = if demo { " (demo mode)" } else { " (production mode)" };
    println!("listening on http://{shown_host}:{port}{mode}");

    let app = router(state.clone());
    let _worker = worker::spawn(state.clone());
    let _janitor = janitor::spawn(state.clone());
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut servers = tokio::task::JoinSet::new();
    let limits = state.config.connections;
    for listener in listeners {
        let trusted = state.config.trusted_proxies.clone();
        let (app, stop_rx) = (app.clone(), stop_rx.clone());
        servers.spawn(async move { serve::serve_behind(listener, app, limits, &trusted, stop_rx).await });
    }
    shutdown_signal().await;
    tracing::info!("shutting down");
    let _ = stop_tx.send(true);
    while let Some(done) = servers.join_next().await {
        done.context("serving")?;
    }
    state.store.close().await;
    Ok(())
}

async fn bind(host: &str, port: u16) -> anyhow::Result<Vec<TcpListener>> {
    let mut addrs: Vec<SocketAddr> =
        tokio::net::lookup_host((host, port)).await.with_context(|| format!("resolving {host}"))?.collect();
    // Browsers and Node may try ::1 for localhost even where /etc/hosts lists only
    // 127.0.0.1 (and the reverse), so localhost always means both loopbacks.
    if host.eq_ignore_ascii_case("localhost") {
        for ip in [IpAddr::V4(Ipv4Addr::LOCALHOST), IpAddr::V6(Ipv6Addr::LOCALHOST)] {
            let addr = SocketAddr::new(ip, port);
            if !addrs.contains(&addr) {
                addrs.push(addr);
            }
        }
    }
    addrs.dedup();
    let mut listeners: Vec<TcpListener> = Vec::new();
    let mut last_error = None;
    for mut addr in addrs {
        // With --port 0, every address shares the port the first one was given.
        if let Some(first) = listeners.first() {
            addr.set_port(first.local_addr()?.port());
        }
        match TcpListener::bind(addr).await {
            Ok(l) => listeners.push(l),
            // e.g. ::1 on a host without IPv6: fine as long as one address works.
            Err(e) => {
                tracing::warn!(%addr, error = %e, "could not listen");
                last_error = Some(e);
            }
        }
    }
    if listeners.is_empty() {
        return Err(match last_error {
            Some(e) => anyhow::Error::new(e).context(format!("listening on {host}:{port}")),
            None => anyhow::anyhow!("{host} resolved to no address"),
        });
    }
    Ok(listeners)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
