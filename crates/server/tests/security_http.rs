//! CSRF gate, problem+json errors, body rules and the headers every response carries.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use base64::Engine as _;
use common::{app, HOST, LOADER};
use sha2::{Digest, Sha256};

fn login_request(extra: &[(&str, &str)], content_type: Option<&str>, body: String) -> Request<Body> {
    let mut r = Request::builder().method(Method::POST).uri("/api/demo/login").header(header::HOST, HOST);
    for (k, v) in extra {
        r = r.header(*k, *v);
    }
    if let Some(ct) = content_type {
        r = r.header(header::CONTENT_TYPE, ct);
    }
    r.body(Body::from(body)).unwrap()
}

const TARO: &str = r#"{"person":"taro"}"#;

/// Issue 24.5: with `Host: localhost` (no port) an `Origin` of any port or scheme was
/// accepted; the Origin must be the configured public origin exactly, whatever the Host.
#[tokio::test]
async fn the_origin_must_be_the_public_origin_whatever_the_host_says() {
    let app = app(true).await;
    for (host, origin) in [
        ("localhost", "http://localhost:9999"),
        ("localhost", "https://localhost:4444"),
        ("localhost:9999", "http://localhost:9999"),
        ("evil.example", "http://evil.example"),
        ("localhost:8080", "https://localhost:8080"),
    ] {
        let r = Request::builder()
            .method(Method::POST)
            .uri("/api/demo/login")
            .header(header::HOST, host)
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(TARO))
            .unwrap();
        let a = app.raw(r).await;
        assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::FORBIDDEN, "csrf_rejected"), "{host} {origin}");
        assert!(a.headers.get("set-cookie").is_none());
    }
    let r = Request::builder()
        .method(Method::POST)
        .uri("/api/demo/login")
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost:8080")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(TARO))
        .unwrap();
    assert_eq!(app.raw(r).await.status, StatusCode::OK, "the public origin itself");
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let app = app(true).await;
    for extra in [
        vec![("origin", "http://evil.example")],
        vec![("origin", "http://localhost:9999")],
        vec![("sec-fetch-site", "cross-site")],
        vec![("sec-fetch-site", "same-site"), ("origin", "http://localhost:8080")],
    ] {
        let a = app.raw(login_request(&extra, Some("application/json"), TARO.into())).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{extra:?}");
        assert_eq!(a.problem_code(), "csrf_rejected");
        assert!(a.headers.get("set-cookie").is_none(), "no session for {extra:?}");
    }
    // The same request from the page itself goes through.
    let ok = [("origin", "http://localhost:8080"), ("sec-fetch-site", "same-origin")];
    let a = app.raw(login_request(&ok, Some("application/json"), TARO.into())).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    // Reads are not gated (they change nothing).
    let cookie = a.session_cookie();
    let read = Request::builder()
        .uri("/api/session")
        .header(header::HOST, HOST)
        .header("sec-fetch-site", "cross-site")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.raw(read).await.status, StatusCode::OK);
}

#[tokio::test]
async fn bodies_must_be_small_json() {
    let app = app(true).await;
    let a = app.raw(login_request(&[], Some("text/plain"), TARO.into())).await;
    assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"));
    let a = app.raw(login_request(&[], None, TARO.into())).await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let a = app.raw(login_request(&[], Some("application/json"), "{not json".into())).await;
    assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::BAD_REQUEST, "invalid_body"));
    let a = app.raw(login_request(&[], Some("application/json"), r#"{"who":"taro"}"#.into())).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let huge = format!(r#"{{"person":"{}"}}"#, "x".repeat(70 * 1024));
    let a = app.raw(login_request(&[], Some("application/json"), huge)).await;
    assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"));
}

#[tokio::test]
async fn api_errors_are_problem_json() {
    let app = app(true).await;
    let a = app.get("/api/nothing/here", None).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.header("content-type"), "application/problem+json");
    let p = a.json();
    assert_eq!(p["code"], "not_found");
    assert_eq!(p["type"], "about:blank");
    assert_eq!(p["title"], "Not Found");
    assert_eq!(app.get("/api", None).await.problem_code(), "not_found");
    let a = app.send(Method::DELETE, "/api/license", None, None).await;
    assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"));
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = app(true).await;
    let expected_hash =
        format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(LOADER.as_bytes())));
    for path in ["/api/health", "/api/nope", "/", "/license", "/base-0123456789abcdef.css", "/missing.js"] {
        let a = app.get(path, None).await;
        let csp = a.header("content-security-policy");
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("connect-src 'self' ws://127.0.0.1:47810;"), "{path}: the PC card bridge only: {csp}");
        let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
        assert!(script_src.contains("'wasm-unsafe-eval'"), "{path}: {csp}");
        assert!(script_src.contains(&expected_hash), "{path}: {csp} lacks {expected_hash}");
        assert!(!csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"));
        assert_eq!(a.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(a.header("referrer-policy"), "same-origin", "{path}");
        assert_eq!(a.header("x-frame-options"), "DENY", "{path}");
        let permissions = a.header("permissions-policy");
        assert!(permissions.contains("camera=()"), "{path}");
        for own in ["nfc=(self)", "publickey-credentials-get=(self)", "publickey-credentials-create=(self)"] {
            assert!(permissions.contains(own), "{path}: {own} in {permissions}");
        }
        assert!(csp.contains("base-uri 'none'"), "{path}: {csp}");
        assert_eq!(a.header("strict-transport-security"), "max-age=63072000; includeSubDomains", "{path}");
    }
    assert_eq!(app.get("/api/health", None).await.header("cache-control"), "no-store");
    assert_eq!(app.get("/api/health", None).await.json(), serde_json::json!({ "ok": true }));
}

/// The product's own layer stack catches a panic: a route that panics, mounted among the
/// real routes (`router_with`), answers 500 problem+json with the security headers, and the
/// next request is served as usual. Without `catch_panic::layer()` in `router`, the panic
/// reaches this test and fails it.
#[tokio::test]
async fn the_real_router_turns_a_panic_into_a_500_problem() {
    async fn boom() -> &'static str {
        panic!("deliberately, for the test")
    }
    let mut t = app(true).await;
    t.router =
        server::router_with(t.state.clone(), axum::Router::new().route("/api/test-panic", axum::routing::get(boom)));

    let a = t.send(Method::GET, "/api/test-panic", None, None).await;
    assert_eq!(a.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(a.problem_code(), "internal");
    assert!(!a.text().contains("deliberately"), "the cause is logged, never sent: {}", a.text());
    assert!(a.header("content-security-policy").contains("default-src"), "the panic's answer has the headers too");
    assert_eq!(a.header("x-content-type-options"), "nosniff");

    let after = t.send(Method::GET, "/api/health", None, None).await;
    assert_eq!(after.status, StatusCode::OK, "the server goes on after a panic");
}

/// A path segment or a query that does not parse got axum's plain-text 400 before issue
/// 16; on `/api/` every error is problem+json, with its status kept.
#[tokio::test]
async fn malformed_path_segments_answer_problem_json() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    for path in [
        "/api/lecture-site/chapters/x",
        "/api/lecture-site/chapters/99999999999",
        "/api/notices/%ff",
        "/api/applications/%c3%28",
    ] {
        let a = app.get(path, Some(&taro)).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{path}: {}", a.text());
        assert_eq!(a.header("content-type"), "application/problem+json", "{path}: {}", a.text());
        assert_eq!(a.problem_code(), "invalid_request", "{path}");
    }
    let plain = app.get("/api/lecture-site/chapters/x", Some(&taro)).await;
    assert!(!plain.text().contains("Invalid URL"), "axum's text is not sent: {}", plain.text());
}
