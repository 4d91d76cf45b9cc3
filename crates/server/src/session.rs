//! Session cookies: a random 32-byte token in cookie `session`, only its SHA-256 in the
//! database, 8 hours of life, a fresh token on every login (no fixation), and the
//! [`CurrentPerson`] extractor every personal endpoint starts with.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use chrono::{Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};

use domain::api::SessionInfo;

use crate::access::is_linked;
use crate::error::{ApiError, ApiResult};
use crate::store::persons::{self, Person};
use crate::store::sessions;
use crate::AppState;

pub const COOKIE: &str = "session";
pub const LIFETIME_SECS: i64 = 8 * 60 * 60;

/// 32 random bytes from the OS-seeded CSPRNG, hex-encoded for the cookie.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    // Every API request hashes its cookie: one allocation, not one per byte.
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    out
}

pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// The `session` cookie's token, if it looks like one of ours.
pub fn token_from(headers: &HeaderMap) -> Option<&str> {
    cookie_token(headers, COOKIE)
}

/// `Secure` when configured, or when a TLS-terminating proxy says the request was HTTPS.
/// Plain http://localhost (the demo) must work without it, since browsers drop Secure
/// cookies set over http.
pub fn wants_secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
}

fn cookie(value: &str, max_age: i64, secure: bool) -> HeaderValue {
    named_cookie(COOKIE, value, max_age, secure)
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

pub fn clearing_cookie(state: &AppState, headers: &HeaderMap) -> HeaderValue {
    cookie("", 0, wants_secure(state, headers))
}

/// Starts a session for `person_id`, ending the one the request came with (rotation),
/// and returns the `Set-Cookie` value.
pub async fn start(state: &AppState, headers: &HeaderMap, person_id: &str) -> ApiResult<HeaderValue> {
    let now = Utc::now();
    if let Some(old) = token_from(headers) {
        sessions::delete(&state.store, &hash_token(old)).await?;
    }
    sessions::delete_expired(&state.store, now).await?;
    let token = new_token();
    let expires = now + Duration::seconds(LIFETIME_SECS);
    sessions::create(&state.store, &hash_token(&token), person_id, now, expires).await?;
    Ok(cookie(&token, LIFETIME_SECS, wants_secure(state, headers)))
}

/// Ends the request's session, if any.
pub async fn end(state: &AppState, headers: &HeaderMap) -> ApiResult<()> {
    if let Some(token) = token_from(headers) {
        sessions::delete(&state.store, &hash_token(token)).await?;
    }
    Ok(())
}

/// What the SPA is told about the session (`GET /api/session`, and after login and linking).
pub fn session_info(p: &Person) -> SessionInfo {
    SessionInfo { person: p.id.clone(), name: p.name.clone(), status: p.status, linked: is_linked(p) }
}

/// The logged-in person, loaded fresh for every request; 401 `not_logged_in` otherwise.
pub struct CurrentPerson(pub Person);

impl FromRequestParts<AppState> for CurrentPerson {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = token_from(&parts.headers).ok_or(ApiError::NotLoggedIn)?;
        // One query (session joined to person), as this runs on every personal request.
        let person =
            persons::for_session(&state.store, &hash_token(token), Utc::now()).await?.ok_or(ApiError::NotLoggedIn)?;
        Ok(CurrentPerson(person))
    }
}

/// The logged-in person and their session (whose hash keys what a flow keeps between
/// its steps, `crate::store::flow_states`).
pub struct CurrentSession {
    pub person: Person,
    pub token_hash: String,
}

impl FromRequestParts<AppState> for CurrentSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token_hash = hash_token(token_from(&parts.headers).ok_or(ApiError::NotLoggedIn)?);
        let person = persons::for_session(&state.store, &token_hash, Utc::now()).await?.ok_or(ApiError::NotLoggedIn)?;
        Ok(CurrentSession { person, token_hash })
    }
}

/// `Option<CurrentPerson>`: the logged-in person if there is one (no session, or an
/// expired one, is `None` rather than 401). The remote card reader uses it.
impl axum::extract::OptionalFromRequestParts<AppState> for CurrentPerson {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, Self::Rejection> {
        match <CurrentPerson as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
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
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(&format!("theme=dark; session={t}; x=1")).unwrap());
        assert_eq!(token_from(&h), Some(t.as_str()));
        h.insert(header::COOKIE, HeaderValue::from_static("session=short"));
        assert_eq!(token_from(&h), None);
    }
}
