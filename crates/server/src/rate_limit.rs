//! Rate limits (issue 16): token buckets per client address, and per person where a
//! session names one, on the endpoints a loop could abuse — login (each challenge writes
//! rows a minute-long loop would pile up), every challenge and signed submission (each
//! one a PIN entry and a card signature), and the demo's card reader. Over the limit:
//! 429 problem+json `rate_limited` with `Retry-After`, and nothing done.
//!
//! Where the buckets live (issue 17, docs/SECURITY.md): the per-person limit on
//! challenges and signed submissions — the one that guards a person's card and PINs — is
//! kept in the database (`store::rate_buckets`), so every instance behind the load
//! balancer takes from the same bucket. The per-address buckets live in each process:
//! they are a flood wall, and N instances let an address through N times as often. Each
//! refills continuously, and full in-process buckets are dropped once the map grows, so
//! memory stays bounded by the clients that are actually busy.
//!
//! The session a signing route's limit looks up (for the person's bucket) is left on the
//! request (`session::Resolved`), and the handler's extractor takes it: one lookup per
//! request (issue 27).

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::config::Config;
use crate::error::ApiError;
use crate::limits::{RateLimits, Rule};
use crate::session::{hash_token, resolve_hash, token_from, Resolved, Sessions};
use crate::store::Store;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    Login,
    Signing,
    Card,
}

/// A route's rate-limit policy, declared where the route is (issue 27): in each flow's
/// routes.rs, the route's handlers take `route_layer(limited(Class::Signing))` or
/// `route_layer(unlimited())`, so a renamed endpoint keeps its limit. A limited route limits
/// its writes (every method but GET and HEAD). The policy marks every answer of its route
/// (a response extension), which is how `tests/route_policies.rs` checks that every route
/// has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// No rate limit: reads, and writes nothing could abuse in a loop.
    Open,
    /// The limit of `Class`.
    Limited(Class),
}

/// A route's [`Policy::Limited`].
pub fn limited(class: Class) -> Policy {
    Policy::Limited(class)
}

/// A route's [`Policy::Open`].
pub fn unlimited() -> Policy {
    Policy::Open
}

impl<S> tower::Layer<S> for Policy {
    type Service = Policed<S>;

    fn layer(&self, inner: S) -> Policed<S> {
        Policed { inner, policy: *self }
    }
}

/// A route's handler behind its [`Policy`].
#[derive(Clone)]
pub struct Policed<S> {
    inner: S,
    policy: Policy,
}

type BoxedAnswer = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Response, Infallible>> + Send>>;

impl<S> tower::Service<Request> for Policed<S>
where
    S: tower::Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxedAnswer;

    fn poll_ready(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request) -> BoxedAnswer {
        // The clone that was made ready is the one that serves (tower's rule).
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        let policy = self.policy;
        let check = match policy {
            Policy::Limited(class) if !matches!(*req.method(), Method::GET | Method::HEAD) => Some(check(class, &req)),
            _ => None,
        };
        Box::pin(async move {
            let refused = match check {
                Some(check) => check.await,
                None => Ok(None),
            };
            let mut res = match refused {
                Err(refused) => refused,
                Ok(resolved) => {
                    // The session the limit looked up is the handler's (issue 27: once per request).
                    if let Some(resolved) = resolved {
                        req.extensions_mut().insert(resolved);
                    }
                    inner.call(req).await?
                }
            };
            res.extensions_mut().insert(policy);
            Ok(res)
        })
    }
}

/// What the limits need, put on every request by [`provide`] for the route's [`Policy`].
#[derive(Clone)]
struct Limiting {
    limiter: Arc<RateLimiter>,
    store: Store,
    config: Arc<Config>,
    sessions: Sessions,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Address(IpAddr),
    Person(String),
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Beyond this many buckets, the full (idle) ones are dropped.
const PRUNE_AT: usize = 10_000;

pub struct RateLimiter {
    limits: RateLimits,
    buckets: Mutex<HashMap<(Class, Key), Bucket>>,
}

impl RateLimiter {
    pub fn new(limits: RateLimits) -> RateLimiter {
        RateLimiter { limits, buckets: Mutex::new(HashMap::new()) }
    }

    fn rule(&self, class: Class, key: &Key) -> Rule {
        match (class, key) {
            (Class::Login, _) => self.limits.login,
            (Class::Signing, Key::Person(_)) => self.limits.signing,
            (Class::Signing, Key::Address(_)) => self.limits.signing_address,
            (Class::Card, _) => self.limits.card,
        }
    }

    /// Takes one token from each key's bucket, or none at all: `Err(wait)` when one of them
    /// is empty, with how long until it has a token again.
    fn take(&self, class: Class, keys: &[Key], now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().expect("rate-limit buckets");
        if buckets.len() > PRUNE_AT {
            buckets.retain(|(c, k), b| {
                let r = self.rule(*c, k);
                b.tokens + now.duration_since(b.at).as_secs_f64() / r.every.as_secs_f64().max(1e-9) < f64::from(r.burst)
            });
        }
        let mut wait = Duration::ZERO;
        for key in keys {
            let rule = self.rule(class, key);
            let (burst, every) = (f64::from(rule.burst), rule.every.as_secs_f64().max(1e-9));
            let b = buckets.entry((class, key.clone())).or_insert(Bucket { tokens: burst, at: now });
            b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() / every).min(burst);
            b.at = now;
            if b.tokens < 1.0 {
                wait = wait.max(Duration::from_secs_f64((1.0 - b.tokens) * every));
            }
        }
        if wait > Duration::ZERO {
            return Err(wait);
        }
        for key in keys {
            if let Some(b) = buckets.get_mut(&(class, key.clone())) {
                b.tokens -= 1.0;
            }
        }
        Ok(())
    }

    /// Takes one token from the person's bucket that every instance shares (the database's
    /// `rate_buckets`); `Ok(Err(wait))` when it is empty. An unlimited rule (tests) skips
    /// the database.
    pub async fn take_shared(
        &self,
        store: &crate::store::Store,
        class: Class,
        person: &str,
    ) -> anyhow::Result<Result<(), Duration>> {
        let rule = self.rule(class, &Key::Person(person.to_string()));
        if rule.burst == u32::MAX {
            return Ok(Ok(()));
        }
        let every_ms = i64::try_from(rule.every.as_millis()).unwrap_or(i64::MAX).max(1);
        let now_ms = chrono::Utc::now().timestamp_millis();
        let bucket = format!("{class:?}:{person}");
        Ok(crate::store::rate_buckets::take(store, &bucket, rule.burst, every_ms, now_ms)
            .await?
            .map_err(|wait_ms| Duration::from_millis(u64::try_from(wait_ms).unwrap_or(0))))
    }

    /// Returns the token [`take`](Self::take) took from each key (the request was refused
    /// by a later limit after all).
    fn give_back(&self, class: Class, keys: &[Key]) {
        let mut buckets = self.buckets.lock().expect("rate-limit buckets");
        for key in keys {
            let burst = f64::from(self.rule(class, key).burst);
            if let Some(b) = buckets.get_mut(&(class, key.clone())) {
                b.tokens = (b.tokens + 1.0).min(burst);
            }
        }
    }

    /// Every in-process bucket full again (a demo reset: a test that starts from SPEC §5
    /// must not inherit the limits the previous one used up).
    pub fn clear(&self) {
        self.buckets.lock().expect("rate-limit buckets").clear();
    }

    /// How many buckets are kept (for tests of the bound).
    #[cfg(any(test, feature = "test-support"))]
    pub fn tracked(&self) -> usize {
        self.buckets.lock().expect("rate-limit buckets").len()
    }
}

/// The client's address: the connection's peer (`ConnectInfo`, which `serve` sets on
/// every request), or — when that peer is a trusted proxy — the address it forwarded for.
/// In-process requests without a peer are limited per person only.
fn address(req: &Request, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())?;
    let forwarded = req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
    Some(client_address(peer, forwarded, trusted))
}

/// An address as one stack sees it: an IPv4 peer on a dual-stack listener arrives as
/// `::ffff:a.b.c.d`, which must match `a.b.c.d` in `--trusted-proxies` (issue 24: it never
/// did, so every client behind the proxy shared its bucket).
pub fn normalise(ip: IpAddr) -> IpAddr {
    ip.to_canonical()
}

/// The bucket an address counts in: an IPv4 address alone, an IPv6 address by its /64 —
/// one subscriber's prefix, from which a client can take a new address per request.
pub fn bucket_address(ip: IpAddr) -> IpAddr {
    match normalise(ip) {
        IpAddr::V6(v6) => IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
        v4 => v4,
    }
}

/// Walks `X-Forwarded-For` from the right (the nearest hop first) past the trusted
/// proxies: the first address no trusted proxy vouches for is the client. Entries further
/// left were written by the client itself and could say anything. Mapped IPv4 addresses
/// are compared as IPv4 ([`normalise`]).
pub fn client_address<'a>(peer: IpAddr, forwarded: impl Iterator<Item = &'a str>, trusted: &[IpAddr]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|t| normalise(*t) == ip);
    let peer = normalise(peer);
    if !is_trusted(peer) {
        return peer;
    }
    let hops: Vec<&str> = forwarded.flat_map(|v| v.split(',')).map(str::trim).collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>().map(normalise) {
            Ok(ip) => {
                client = ip;
                if !is_trusted(ip) {
                    break;
                }
            }
            // A malformed hop: stop at the last address that was vouched for.
            Err(_) => break,
        }
    }
    client
}

/// The middleware every request passes (lib.rs): it hands the limiter and what it reads
/// to the route's [`Policy`], which does the limiting.
pub async fn provide(
    State(limiter): State<Arc<RateLimiter>>,
    State(store): State<Store>,
    State(config): State<Arc<Config>>,
    State(sessions): State<Sessions>,
    mut req: Request,
    next: Next,
) -> Response {
    req.extensions_mut().insert(Limiting { limiter, store, config, sessions });
    next.run(req).await
}

/// A limited request: `Err(429)` when over its limits (nothing done), else `Ok` to go on,
/// with the request's session where the person was looked up (the signing class), for the
/// handler to take ([`Resolved`]). What it reads of the request is taken before anything
/// is awaited.
fn check(
    class: Class,
    req: &Request,
) -> impl std::future::Future<Output = Result<Option<Resolved>, Response>> + Send + 'static {
    let limiting = req.extensions().get::<Limiting>().cloned();
    let keys: Vec<Key> = limiting
        .as_ref()
        .and_then(|l| address(req, &l.config.trusted_proxies))
        .map(bucket_address)
        .map(Key::Address)
        .into_iter()
        .collect();
    let token_hash = match (&limiting, class) {
        (Some(l), Class::Signing) => token_from(&l.config, req.headers()).map(hash_token),
        _ => None,
    };
    async move {
        let Some(Limiting { limiter, store, sessions, .. }) = limiting else {
            let e = anyhow::anyhow!("a limited route outside rate_limit::provide");
            return Err(ApiError::Internal(e).into_response());
        };
        let mut resolved = None;
        if let Some(token_hash) = token_hash {
            match resolve_hash(&sessions, token_hash).await {
                Ok(found) => resolved = Some(found),
                Err(e) => return Err(ApiError::Internal(e).into_response()),
            }
        }
        let limited = |wait: Duration, who: &dyn std::fmt::Debug| {
            tracing::warn!(?class, keys = ?who, "rate limited");
            ApiError::RateLimited { retry_after_secs: wait.as_secs().max(1) }.into_response()
        };
        if !keys.is_empty() {
            if let Err(wait) = limiter.take(class, &keys, Instant::now()) {
                return Err(limited(wait, &keys));
            }
        }
        let person = resolved.as_ref().and_then(|r| r.live.as_ref()).map(|l| l.person.id.as_str());
        if let Some(person) = person {
            match limiter.take_shared(&store, class, person).await {
                Ok(Ok(())) => {}
                Ok(Err(wait)) => {
                    // Nothing done: the address keeps the token it just gave.
                    limiter.give_back(class, &keys);
                    return Err(limited(wait, &person));
                }
                Err(e) => return Err(ApiError::Internal(e).into_response()),
            }
        }
        Ok(resolved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(burst: u32, every_ms: u64) -> RateLimiter {
        let rule = Rule { burst, every: Duration::from_millis(every_ms) };
        RateLimiter::new(RateLimits { login: rule, signing: rule, signing_address: rule, card: rule })
    }

    #[test]
    fn a_burst_then_one_per_period() {
        let l = limiter(3, 1000);
        let key = [Key::Address(IpAddr::V6(std::net::Ipv6Addr::LOCALHOST))];
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(l.take(Class::Login, &key, t0), Ok(()));
        }
        let wait = l.take(Class::Login, &key, t0).unwrap_err();
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(1), "{wait:?}");
        assert_eq!(l.take(Class::Login, &key, t0 + Duration::from_millis(1001)), Ok(()));
        assert!(l.take(Class::Login, &key, t0 + Duration::from_millis(1002)).is_err());
    }

    #[test]
    fn classes_and_keys_are_separate_and_a_refusal_takes_nothing() {
        let l = limiter(1, 60_000);
        let (a, b) = (Key::Address("10.0.0.1".parse().unwrap()), Key::Address("10.0.0.2".parse().unwrap()));
        let t0 = Instant::now();
        let one = |k: &Key| std::slice::from_ref(k).to_vec();
        assert_eq!(l.take(Class::Login, &one(&a), t0), Ok(()));
        assert!(l.take(Class::Login, &one(&a), t0).is_err());
        assert_eq!(l.take(Class::Login, &one(&b), t0), Ok(()), "another address");
        assert_eq!(l.take(Class::Signing, &one(&a), t0), Ok(()), "another class");
        // A person over the limit is refused from any address, and the fresh address
        // keeps its token.
        let person = Key::Person("taro".into());
        let c = Key::Address("10.0.0.3".parse().unwrap());
        assert_eq!(l.take(Class::Card, &[a, person.clone()], t0), Ok(()));
        assert!(l.take(Class::Card, &[c.clone(), person], t0).is_err());
        assert_eq!(l.take(Class::Card, &[c], t0), Ok(()));
    }

    #[test]
    fn idle_buckets_are_dropped_when_the_map_grows() {
        let l = limiter(2, 1);
        let t0 = Instant::now();
        for i in 0..(PRUNE_AT as u32 + 10) {
            let key = Key::Address(IpAddr::V4(i.into()));
            l.take(Class::Login, &[key], t0).unwrap();
        }
        // A moment later every bucket has refilled: the next request prunes them.
        let later = t0 + Duration::from_secs(1);
        l.take(Class::Login, &[Key::Person("x".into())], later).unwrap();
        assert!(l.tracked() < 10, "{}", l.tracked());
    }

    #[test]
    fn the_client_behind_trusted_proxies_is_the_first_untrusted_hop_from_the_right() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxies = [ip("10.0.0.1"), ip("10.0.0.2")];
        let xff = |v: &'static str| std::iter::once(v);
        // Through two proxies: the address the outer proxy saw.
        assert_eq!(client_address(ip("10.0.0.1"), xff("203.0.113.7, 10.0.0.2"), &proxies), ip("203.0.113.7"));
        // A client that writes its own header cannot pick its bucket.
        assert_eq!(client_address(ip("10.0.0.1"), xff("1.2.3.4, 203.0.113.7"), &proxies), ip("203.0.113.7"));
        // Not from a trusted proxy: the header is ignored.
        assert_eq!(client_address(ip("198.51.100.9"), xff("1.2.3.4"), &proxies), ip("198.51.100.9"));
        // No header, or garbage: the proxy itself (all such requests share a bucket).
        assert_eq!(client_address(ip("10.0.0.1"), std::iter::empty(), &proxies), ip("10.0.0.1"));
        assert_eq!(client_address(ip("10.0.0.1"), xff("nonsense"), &proxies), ip("10.0.0.1"));
    }

    #[test]
    fn mapped_ipv4_addresses_are_ipv4_and_ipv6_clients_count_per_64() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxies = [ip("10.0.0.1")];
        // The proxy seen on a dual-stack listener: still the trusted proxy.
        let xff = std::iter::once("203.0.113.7");
        assert_eq!(client_address(ip("::ffff:10.0.0.1"), xff, &proxies), ip("203.0.113.7"));
        // And a trusted proxy written mapped matches the plain peer.
        let xff = std::iter::once("203.0.113.8");
        assert_eq!(client_address(ip("10.0.0.1"), xff, &[ip("::ffff:10.0.0.1")]), ip("203.0.113.8"));
        assert_eq!(client_address(ip("::ffff:198.51.100.9"), std::iter::empty(), &proxies), ip("198.51.100.9"));
        assert_eq!(bucket_address(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(bucket_address(ip("2001:db8:1:2:bbbb::9")), bucket_address(ip("2001:db8:1:2:aaaa::1")));
        assert_ne!(bucket_address(ip("2001:db8:1:3::1")), bucket_address(ip("2001:db8:1:2::1")));
        assert_eq!(bucket_address(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
        assert_eq!(bucket_address(ip("192.0.2.1")), ip("192.0.2.1"));
    }
}
