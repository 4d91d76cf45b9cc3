//! Session cookies: a random 32-byte token in cookie `__Host-session` (Secure, Path=/, no
//! Domain: no subdomain and no plain-http page can set or overwrite it), only its SHA-256
//! in the database, and the [`CurrentPerson`] extractor every personal endpoint starts with.
//!
//! A session ends 8 hours after login ([`LIFETIME_SECS`]) or after 30 minutes unused
//! ([`IDLE_SECS`]), whichever comes first. Its token changes on every login (no fixation)
//! and on every card signature ([`rotate`]): each re-authentication gets a token no one
//! could have seen before it. The old token keeps a 60-second grace for requests already
//! on their way, but can end nothing and is never rotated again; a logout ends every
//! token of the session (issue 24). Expiry follows the server's wall clock
//! (`Sessions::wall`: the system's, which tests move), never the demo clock.

use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use chrono::{Duration, Utc};
use sha2::{Digest, Sha256};

use domain::api::SessionInfo;

use crate::access::is_linked;
use crate::clock::WallClock;
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::ids::new_token;
use crate::store::persons::{self, Person};
use crate::store::sessions;
use crate::store::Store;

/// What sessions take of the application's state (a `FromRef` part): the store, the wall
/// clock sessions expire by, and the configuration (the cookie mode). Every function here
/// takes any state that has this part.
#[derive(Clone)]
pub struct Sessions {
    pub store: Store,
    pub wall: Arc<WallClock>,
    pub config: Arc<Config>,
}

/// A cookie's name in each cookie mode (`Config::insecure_cookies`).
#[derive(Clone, Copy, Debug)]
pub struct CookieName {
    /// With `Secure`: `__Host-…` (or `__Secure-…` for a cookie with a narrower path).
    pub secure: &'static str,
    /// Without (`--insecure-cookies`): the plain name, since a prefix demands `Secure`.
    pub insecure: &'static str,
}

impl CookieName {
    pub fn get(&self, config: &Config) -> &'static str {
        if config.insecure_cookies {
            self.insecure
        } else {
            self.secure
        }
    }
}

pub const COOKIE: CookieName = CookieName { secure: "__Host-session", insecure: "session" };
pub const LIFETIME_SECS: i64 = 8 * 60 * 60;
/// Unused this long, a session has ended.
pub const IDLE_SECS: i64 = domain::idle::IDLE_MINUTES as i64 * 60;
/// A use is recorded at most this often per session (a write per minute, not per request).
const TOUCH_EVERY_SECS: i64 = 60;
/// After a rotation the old token still works this long: a request already sent with it
/// (a double tap, a retry) is answered, not logged out.
const ROTATION_GRACE_SECS: i64 = 60;

/// Sessions last used before this have ended.
pub fn idle_cutoff(now: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    now - Duration::seconds(IDLE_SECS)
}

/// The person of a live session, recording the use; `Live::replaced` for a token a
/// rotation replaced (in its grace).
pub async fn current_person<S>(state: &S, token_hash: &str) -> anyhow::Result<Option<Person>>
where
    Sessions: FromRef<S>,
{
    Ok(live_session(&Sessions::from_ref(state), token_hash).await?.map(|l| l.person))
}

/// A live session as a request finds it.
#[derive(Clone)]
pub struct Live {
    pub person: Person,
    /// The token was replaced by a rotation and answers only for its grace: it can end
    /// nothing (issue 24).
    pub replaced: bool,
}

async fn live_session(state: &Sessions, token_hash: &str) -> anyhow::Result<Option<Live>> {
    let now = state.wall.now();
    let Some((person, seen, replaced)) = persons::for_session(&state.store, token_hash, now, idle_cutoff(now)).await?
    else {
        return Ok(None);
    };
    let stale_before = now - Duration::seconds(TOUCH_EVERY_SECS);
    if seen < stale_before {
        sessions::touch(&state.store, token_hash, now, stale_before).await?;
    }
    Ok(Some(Live { person, replaced }))
}

/// The request's session, looked up once per request (issue 27): a limited route's rate
/// limit resolves it for the person's bucket and leaves it on the request (an extension),
/// where [`CurrentPerson`] and [`CurrentSession`] take it instead of asking again.
#[derive(Clone)]
pub struct Resolved {
    pub token_hash: String,
    /// `None`: the cookie names no live session.
    pub live: Option<Live>,
}

/// The session of a request with `headers`, if it carries a session cookie; recording the use.
pub async fn resolve<S>(state: &S, headers: &HeaderMap) -> anyhow::Result<Option<Resolved>>
where
    Sessions: FromRef<S>,
{
    let sessions = Sessions::from_ref(state);
    let Some(token) = token_from(&sessions.config, headers) else { return Ok(None) };
    Ok(Some(resolved_in(&sessions, hash_token(token)).await?))
}

/// [`resolve`] for the hash of the cookie's token.
pub async fn resolve_hash<S>(state: &S, token_hash: String) -> anyhow::Result<Resolved>
where
    Sessions: FromRef<S>,
{
    resolved_in(&Sessions::from_ref(state), token_hash).await
}

async fn resolved_in(state: &Sessions, token_hash: String) -> anyhow::Result<Resolved> {
    let live = live_session(state, &token_hash).await?;
    Ok(Resolved { token_hash, live })
}

/// The request's live session: the one the rate limit resolved, or looked up now.
async fn session_of(parts: &Parts, state: &Sessions) -> ApiResult<Resolved> {
    let resolved = match parts.extensions.get::<Resolved>() {
        Some(resolved) => resolved.clone(),
        None => resolve(state, &parts.headers).await?.ok_or(ApiError::NotLoggedIn)?,
    };
    if resolved.live.is_none() {
        return Err(ApiError::NotLoggedIn);
    }
    Ok(resolved)
}

pub fn hash_token(token: &str) -> String {
    crate::ids::hex(&Sha256::digest(token.as_bytes()))
}

/// The session cookie's token, if it looks like one of ours.
pub fn token_from<'a>(config: &Config, headers: &'a HeaderMap) -> Option<&'a str> {
    cookie_token(headers, COOKIE.get(config))
}

/// Whether cookies carry `Secure` (always, unless `--insecure-cookies`).
pub fn secure(config: &Config) -> bool {
    !config.insecure_cookies
}

fn cookie(config: &Config, value: &str, max_age: i64) -> HeaderValue {
    named_cookie(COOKIE.get(config), value, max_age, secure(config))
}

/// An HttpOnly, SameSite=Strict cookie for the whole site (the portal's session, and the
/// lecture site's own).
pub fn named_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"))
        .expect("cookie is ASCII")
}

/// The value of the cookie `name`, if it looks like one of our tokens (64 hex digits).
pub fn cookie_token<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub fn clearing_cookie<S>(state: &S) -> HeaderValue
where
    Sessions: FromRef<S>,
{
    cookie(&Sessions::from_ref(state).config, "", 0)
}

/// Starts a session for `person_id`, ending the one the request came with (rotation),
/// and returns the `Set-Cookie` value.
pub async fn start<S>(state: &S, headers: &HeaderMap, person_id: &str) -> ApiResult<HeaderValue>
where
    Sessions: FromRef<S>,
{
    let state = &Sessions::from_ref(state);
    let now = state.wall.now();
    if let Some(old) = token_from(&state.config, headers) {
        sessions::end(&state.store, &hash_token(old)).await?;
    }
    sessions::delete_expired(&state.store, now, idle_cutoff(now)).await?;
    let token = new_token();
    let user_agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    let new = sessions::NewSession {
        token_hash: &hash_token(&token),
        person_id,
        public_id: &crate::ids::new_id(),
        device: &domain::device::label(user_agent),
        now,
        expires_at: now + Duration::seconds(LIFETIME_SECS),
    };
    sessions::create(&state.store, &new).await?;
    Ok(cookie(&state.config, &token, LIFETIME_SECS))
}

/// After a card signature: the request's session gets a new token (see
/// [`sessions::rotate`]); the `Set-Cookie` for it, or `None` without a session. Its
/// `Max-Age` is what is left of the session's absolute life.
pub async fn rotate<S>(state: &S, headers: &HeaderMap) -> ApiResult<Option<HeaderValue>>
where
    Sessions: FromRef<S>,
{
    let state = &Sessions::from_ref(state);
    let Some(old) = token_from(&state.config, headers) else { return Ok(None) };
    let now = state.wall.now();
    let token = new_token();
    let grace = now + Duration::seconds(ROTATION_GRACE_SECS);
    let Some(ends) = sessions::rotate(&state.store, &hash_token(old), &hash_token(&token), now, grace).await? else {
        return Ok(None);
    };
    // The browser keeps the cookie for what is left of the session's absolute life.
    Ok(Some(cookie(&state.config, &token, (ends - now).num_seconds().max(0))))
}

/// `res` with the `Set-Cookie` of a rotated session ([`rotate`]): what every handler
/// that accepted a card signature answers.
pub async fn with_rotated<S>(
    state: &S,
    headers: &HeaderMap,
    mut res: axum::response::Response,
) -> ApiResult<axum::response::Response>
where
    Sessions: FromRef<S>,
{
    if let Some(cookie) = rotate(state, headers).await? {
        res.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(res)
}

/// Ends the request's session, if any: every token of it (a replaced token ends only
/// itself).
pub async fn end<S>(state: &S, headers: &HeaderMap) -> ApiResult<()>
where
    Sessions: FromRef<S>,
{
    let state = &Sessions::from_ref(state);
    if let Some(token) = token_from(&state.config, headers) {
        sessions::end(&state.store, &hash_token(token)).await?;
    }
    Ok(())
}

/// What the SPA is told about the session (`GET /api/session`, and after login and linking).
pub fn session_info(p: &Person) -> SessionInfo {
    SessionInfo { person: p.id.clone(), name: p.name.clone(), status: p.status, linked: is_linked(p) }
}

/// The logged-in person, loaded fresh for every request; 401 `not_logged_in` otherwise.
pub struct CurrentPerson(pub Person);

impl<S: Send + Sync> FromRequestParts<S> for CurrentPerson
where
    Sessions: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // One query (session joined to person), as this runs on every personal request;
        // none where the rate limit found the session already.
        let resolved = session_of(parts, &Sessions::from_ref(state)).await?;
        let person = resolved.live.map(|l| l.person).ok_or(ApiError::NotLoggedIn)?;
        Ok(CurrentPerson(person))
    }
}

/// The logged-in person and their session (whose hash keys what a flow keeps between
/// its steps, `crate::store::flow_states`).
pub struct CurrentSession {
    pub person: Person,
    pub token_hash: String,
    /// A token a rotation replaced (in its grace): it may be answered, not end sessions.
    pub replaced: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentSession
where
    Sessions: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Resolved { token_hash, live } = session_of(parts, &Sessions::from_ref(state)).await?;
        let live = live.ok_or(ApiError::NotLoggedIn)?;
        Ok(CurrentSession { person: live.person, token_hash, replaced: live.replaced })
    }
}

/// `Option<CurrentPerson>`: the logged-in person if there is one (no session, or an
/// expired one, is `None` rather than 401). The remote card reader uses it.
impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for CurrentPerson
where
    Sessions: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Option<Self>, Self::Rejection> {
        match <CurrentPerson as FromRequestParts<S>>::from_request_parts(parts, state).await {
            Ok(p) => Ok(Some(p)),
            Err(ApiError::NotLoggedIn) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_32_random_bytes() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), a);
    }

    #[test]
    fn finds_the_session_cookie_among_others() {
        let t = "ab".repeat(32);
        let (secure, insecure) = (Config::default(), Config { insecure_cookies: true, ..Config::default() });
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(&format!("theme=dark; __Host-session={t}; x=1")).unwrap());
        assert_eq!(token_from(&secure, &h), Some(t.as_str()));
        assert_eq!(token_from(&insecure, &h), None, "each mode reads its own name only");
        // A plain `session` cookie (which a subdomain or an http page could set) is not ours.
        h.insert(header::COOKIE, HeaderValue::from_str(&format!("session={t}")).unwrap());
        assert_eq!(token_from(&secure, &h), None);
        assert_eq!(token_from(&insecure, &h), Some(t.as_str()));
        h.insert(header::COOKIE, HeaderValue::from_static("__Host-session=short"));
        assert_eq!(token_from(&secure, &h), None);
    }
}
