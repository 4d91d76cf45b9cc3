//! Security headers on every response and the CSRF gate for state-changing API calls
//! (SPEC §8).

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::error::{ApiError, PROBLEM_JSON};
use crate::origin::PublicOrigin;

/// Largest request body the API accepts.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The page's Content-Security-Policy. Scripts: only our own files, wasm compilation
/// (`wasm-unsafe-eval`, never `unsafe-eval`) and the exact inline loader Trunk writes
/// into index.html, allowed by hash rather than `unsafe-inline`. Styles: our own files
/// and the exact stylesheets inlined into index.html (so the first paint needs no
/// stylesheet request), likewise by hash.
pub fn policy(script_hashes: &[String], style_hashes: &[String]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for h in script_hashes {
        script_src.push(' ');
        script_src.push_str(h);
    }
    let mut style_src = String::from("'self'");
    for h in style_hashes {
        style_src.push(' ');
        style_src.push_str(h);
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src {style_src}; img-src 'self' data:; \
         connect-src 'self' {}; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'",
        // The PC card reader bridge on the person's own PC (issue 29), and nothing else.
        domain::card::PC_BRIDGE_URL
    )
}

/// `'sha256-…'` for the text of every inline `<script>` in `html`, in document order.
/// Script text is raw text in HTML (no entity decoding), so the bytes between the start
/// tag and `</script` are exactly what the browser hashes.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    inline_hashes(html, "script")
}

/// The same for every inline `<style>` (also raw text in HTML).
pub fn inline_style_hashes(html: &str) -> Vec<String> {
    inline_hashes(html, "style")
}

fn inline_hashes(html: &str, tag: &str) -> Vec<String> {
    let (open, close_tag) = (format!("<{tag}"), format!("</{tag}"));
    // ASCII lowercasing keeps byte offsets, so positions found in `lower` index `html`.
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut at = 0;
    while let Some(start) = lower[at..].find(&open).map(|i| i + at) {
        let Some(tag_end) = lower[start..].find('>').map(|i| i + start) else { break };
        let Some(close) = lower[tag_end..].find(&close_tag).map(|i| i + tag_end) else { break };
        let body = &html[tag_end + 1..close];
        if !body.is_empty() {
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        at = close + close_tag.len();
    }
    hashes
}

/// The policy for the current `dist/index.html`, recomputed when the file changes so a
/// rebuild of the SPA while the server runs does not leave a stale loader hash.
pub struct Csp {
    index: PathBuf,
    current: RwLock<(Option<SystemTime>, HeaderValue)>,
}

impl Csp {
    pub fn load(dist: &Path) -> Csp {
        let csp = Csp { index: dist.join("index.html"), current: RwLock::new((None, HeaderValue::from_static(""))) };
        csp.refresh(modified(&csp.index));
        csp
    }

    pub fn header(&self) -> HeaderValue {
        self.current.read().expect("csp lock").1.clone()
    }

    /// Called with index.html's modification time whenever it is about to be served.
    pub fn refresh_if_changed(&self, mtime: Option<SystemTime>) {
        if self.current.read().expect("csp lock").0 != mtime {
            self.refresh(mtime);
        }
    }

    fn refresh(&self, mtime: Option<SystemTime>) {
        let html = std::fs::read_to_string(&self.index).unwrap_or_default();
        let policy = policy(&inline_script_hashes(&html), &inline_style_hashes(&html));
        let value = HeaderValue::from_str(&policy).expect("policy is ASCII");
        *self.current.write().expect("csp lock") = (mtime, value);
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Powerful features the portal never uses are switched off for it and anything it embeds;
/// the two it does use — Web NFC (the card reader) and WebAuthn (the phone signing
/// credential) — only for its own pages.
const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), display-capture=(), geolocation=(), \
    gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), serial=(), \
    hid=(), browsing-topics=(), nfc=(self), publickey-credentials-get=(self), \
    publickey-credentials-create=(self)";

/// Two years of HTTPS only, for every subdomain (ignored by browsers over plain http, so
/// the localhost demo is unaffected). Not sent with `--insecure-cookies`, which exists for
/// plain-http demos only.
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Adds the security headers to every response (API, static, errors). A handler that
/// sets its own CSP (the SVG photo) keeps it.
pub async fn headers(
    State(csp): State<Arc<Csp>>,
    State(config): State<Arc<Config>>,
    req: Request,
    next: Next,
) -> Response {
    let is_api = is_api_path(req.uri().path());
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp.header());
    }
    let fixed: [(HeaderName, &'static str); 6] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (HeaderName::from_static("permissions-policy"), PERMISSIONS_POLICY),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (HeaderName::from_static("cross-origin-resource-policy"), "same-origin"),
    ];
    for (name, value) in fixed {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    }
    if !config.insecure_cookies {
        h.entry(header::STRICT_TRANSPORT_SECURITY).or_insert(HeaderValue::from_static(HSTS));
    }
    // API answers are personal; no cache may keep them unless a handler says otherwise.
    if is_api {
        h.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    }
    res
}

pub fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// On `/api/`, every error is problem+json: axum's own rejections (a path segment or a
/// query that does not parse) answer plain text, and are turned into `invalid_request` here
/// with their status. Answers that already are problems pass unchanged.
pub async fn api_problems(req: Request, next: Next) -> Response {
    let api = is_api_path(req.uri().path());
    let mut res = next.run(req).await;
    let failed = res.status().is_client_error() || res.status().is_server_error();
    let problem = res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes() == PROBLEM_JSON.as_bytes());
    if !api || !failed || problem {
        return res;
    }
    tracing::debug!(status = res.status().as_u16(), "plain-text rejection answered as a problem");
    let mut answer = if res.status().is_server_error() {
        ApiError::Internal(anyhow::anyhow!("plain {} from a route", res.status())).into_response()
    } else {
        ApiError::InvalidRequest(res.status()).into_response()
    };
    // What the route marked its answer with (its rate-limit policy) stays on it.
    *answer.extensions_mut() = std::mem::take(res.extensions_mut());
    answer
}

/// Refuses cross-site state changes. SameSite=Strict already keeps the cookie off
/// cross-site requests; this also stops same-site-but-cross-origin ones and form posts
/// (which cannot send `application/json`). An `Origin` must be the configured public
/// origin exactly (scheme, host and port; issue 24), whatever `Host` says.
pub async fn csrf(State(public): State<Arc<PublicOrigin>>, req: Request, next: Next) -> Response {
    match check_csrf(req.method(), req.uri().path(), req.headers(), &public) {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

pub fn check_csrf(method: &Method, path: &str, headers: &HeaderMap, public: &PublicOrigin) -> Result<(), ApiError> {
    if !is_api_path(path) || matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        if !matches!(site.to_str(), Ok("same-origin" | "none")) {
            return Err(ApiError::CsrfRejected);
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        if !origin.to_str().is_ok_and(|o| public.matches(o)) {
            return Err(ApiError::CsrfRejected);
        }
    }
    let length = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if length.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(ApiError::PayloadTooLarge);
    }
    let has_body = length.is_some_and(|n| n > 0) || headers.contains_key(header::TRANSFER_ENCODING);
    if has_body && !is_json(headers) {
        return Err(ApiError::UnsupportedMediaType);
    }
    Ok(())
}

pub fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

/// Caps bodies that arrive without a Content-Length (chunked) too: the JSON extractor
/// stops reading at [`BODY_LIMIT`] and answers `payload_too_large`.
pub fn body_limit_layer() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(BODY_LIMIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_src_names_the_pc_card_bridge_exactly_and_nothing_else() {
        let csp = policy(&[], &[]);
        let connect = csp.split(';').map(str::trim).find(|d| d.starts_with("connect-src")).unwrap();
        assert_eq!(connect, "connect-src 'self' ws://127.0.0.1:47810");
    }

    #[test]
    fn hashes_exactly_the_inline_script_text() {
        let html = "<html><head><script src=\"/a.js\"></script>\
                    <SCRIPT type=\"module\">import init from '/x.js';init();</SCRIPT></head></html>";
        let expected = Sha256::digest(b"import init from '/x.js';init();");
        let expected = format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(expected));
        assert_eq!(inline_script_hashes(html), vec![expected]);
        assert!(inline_script_hashes("<p>no scripts</p>").is_empty());
    }

    #[test]
    fn hashes_exactly_the_inline_style_text() {
        let html =
            "<head><style>body{margin:0}</style><STYLE media=\"print\">a{color:red}</STYLE><script>x()</script></head>";
        let hash =
            |t: &str| format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(t)));
        assert_eq!(inline_style_hashes(html), vec![hash("body{margin:0}"), hash("a{color:red}")]);
        assert_eq!(inline_script_hashes(html), vec![hash("x()")]);
    }

    #[test]
    fn policy_never_allows_inline_or_eval_scripts() {
        let p = policy(&["'sha256-abc='".into()], &["'sha256-css='".into()]);
        assert!(p.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='; "));
        assert!(p.contains("style-src 'self' 'sha256-css='; "));
        assert!(policy(&[], &[]).contains("style-src 'self'; "));
        assert!(!p.contains("'unsafe-inline'") && !p.contains("'unsafe-eval'"));
        assert!(p.contains("frame-ancestors 'none'"));
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn origin_must_be_the_public_origin_exactly() {
        let post = Method::POST;
        let public = PublicOrigin::parse("http://localhost:8080").unwrap();
        let ok = |h: &[(&'static str, &str)]| check_csrf(&post, "/api/logout", &headers(h), &public).is_ok();
        assert!(ok(&[("host", "localhost:8080"), ("origin", "http://localhost:8080")]));
        // The Host says nothing: only the configured origin counts (issue 24.5).
        assert!(ok(&[("origin", "http://localhost:8080")]));
        assert!(!ok(&[("host", "localhost"), ("origin", "http://localhost:9999")]));
        assert!(!ok(&[("host", "localhost"), ("origin", "https://localhost:4444")]));
        assert!(!ok(&[("host", "localhost:9999"), ("origin", "http://localhost:9999")]));
        assert!(!ok(&[("host", "evil.example:8080"), ("origin", "http://evil.example:8080")]));
        assert!(!ok(&[("host", "localhost:8080"), ("origin", "https://localhost:8080")]));
        assert!(!ok(&[("host", "localhost:8080"), ("origin", "null")]));
        assert!(!ok(&[("sec-fetch-site", "cross-site")]));
        assert!(!ok(&[("sec-fetch-site", "same-site")]));
        assert!(ok(&[("sec-fetch-site", "same-origin")]));
        let https = PublicOrigin::parse("https://example.jp").unwrap();
        assert!(check_csrf(&post, "/api/logout", &headers(&[("origin", "https://example.jp")]), &https).is_ok());
        assert!(check_csrf(&post, "/api/logout", &headers(&[("origin", "https://example.jp:443")]), &https).is_ok());
        assert!(check_csrf(&post, "/api/logout", &headers(&[("origin", "http://example.jp")]), &https).is_err());
        // Safe methods and non-API paths are not gated.
        assert!(check_csrf(&Method::GET, "/api/x", &headers(&[("sec-fetch-site", "cross-site")]), &public).is_ok());
        assert!(check_csrf(&post, "/login", &headers(&[("sec-fetch-site", "cross-site")]), &public).is_ok());
    }

    #[test]
    fn bodies_must_be_json_and_small() {
        let post = Method::POST;
        let public = PublicOrigin::localhost(8080);
        let check = |h: &[(&'static str, &str)]| {
            check_csrf(&post, "/api/demo/login", &headers(h), &public).map_err(|e| e.code())
        };
        assert_eq!(check(&[("content-length", "2")]), Err("unsupported_media_type"));
        assert_eq!(check(&[("content-length", "2"), ("content-type", "text/plain")]), Err("unsupported_media_type"));
        assert_eq!(check(&[("content-length", "2"), ("content-type", "application/json; charset=utf-8")]), Ok(()));
        assert_eq!(check(&[("content-length", "0")]), Ok(()));
        assert_eq!(check(&[]), Ok(()));
        assert_eq!(
            check(&[("content-length", "70000"), ("content-type", "application/json")]),
            Err("payload_too_large")
        );
    }
}
