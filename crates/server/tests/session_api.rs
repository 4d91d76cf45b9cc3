//! Session cookies: flags, rotation, logout, and that only token hashes are stored.

mod common;

use axum::http::{Method, StatusCode};
use common::{app, app_with};
use serde_json::json;

fn attrs(set_cookie: &str) -> Vec<String> {
    set_cookie.split(';').skip(1).map(|a| a.trim().to_ascii_lowercase()).collect()
}

/// `__Host-session`, Secure, HttpOnly, SameSite=Strict, Path=/, no Domain — by default,
/// demo included (browsers keep Secure cookies on http://localhost). Before issue 16 the
/// cookie was `session`, Secure only when configured or behind an https proxy.
#[tokio::test]
async fn login_sets_a_host_prefixed_secure_strict_http_only_cookie() {
    let app = app(true).await;
    let a = app.send(Method::POST, "/api/demo/login", None, Some(json!({ "person": "taro" }))).await;
    let set = a.header("set-cookie");
    assert!(set.starts_with("__Host-session="), "{set}");
    let token = a.session_cookie()["__Host-session=".len()..].to_string();
    assert_eq!(token.len(), 64, "32 random bytes, hex");
    let given = attrs(set);
    for want in ["httponly", "samesite=strict", "path=/", "max-age=28800", "secure"] {
        assert!(given.contains(&want.to_string()), "{want} missing in {set}");
    }
    assert!(!given.iter().any(|a| a.starts_with("domain")), "__Host- forbids Domain: {set}");
    let out = app.send(Method::POST, "/api/logout", None, None).await;
    assert!(out.header("set-cookie").starts_with("__Host-session=;"));
    assert!(attrs(out.header("set-cookie")).contains(&"secure".to_string()));
    assert!(a.header("strict-transport-security").contains("max-age=63072000"), "HSTS");
}

/// `--insecure-cookies` (a plain-http demo on a LAN): plain names, no Secure, no HSTS; the
/// other mode's cookie name is not read.
#[tokio::test]
async fn insecure_cookies_only_when_asked() {
    let app = app_with(true, |c| c.insecure_cookies = true).await;
    let a = app.send(Method::POST, "/api/demo/login", None, Some(json!({ "person": "taro" }))).await;
    let set = a.header("set-cookie");
    assert!(set.starts_with("session="), "{set}");
    assert!(!attrs(set).contains(&"secure".to_string()), "{set}");
    assert_eq!(a.header("strict-transport-security"), "");
    let token = &a.session_cookie()["session=".len()..];
    assert_eq!(app.get("/api/session", Some(&a.session_cookie())).await.status, StatusCode::OK);
    let other = format!("__Host-session={token}");
    assert_eq!(app.get("/api/session", Some(&other)).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn session_endpoint_needs_a_session() {
    let app = app(true).await;
    let a = app.get("/api/session", None).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(a.problem_code(), "not_logged_in");
    assert_eq!(a.json()["detail"], "ログインしてください。");
    let forged = format!("__Host-session={}", "ab".repeat(32));
    assert_eq!(app.get("/api/session", Some(&forged)).await.status, StatusCode::UNAUTHORIZED);

    let cookie = app.login("hanako").await;
    let info = app.get("/api/session", Some(&cookie)).await.json();
    assert_eq!(
        info,
        json!({ "person": "hanako", "name": "免許 花子", "status": "plastic_and_myna_license", "linked": true })
    );
}

#[tokio::test]
async fn login_rotates_the_token() {
    let app = app(true).await;
    let first = app.login("taro").await;
    let a = app.send(Method::POST, "/api/demo/login", Some(&first), Some(json!({ "person": "hanako" }))).await;
    let second = a.session_cookie();
    assert_ne!(first, second);
    assert_eq!(app.get("/api/session", Some(&first)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/session", Some(&second)).await.json()["person"], "hanako");
}

#[tokio::test]
async fn logout_deletes_the_session_and_clears_the_cookie() {
    let app = app(true).await;
    let cookie = app.login("taro").await;
    let a = app.send(Method::POST, "/api/logout", Some(&cookie), None).await;
    assert_eq!(a.status, StatusCode::NO_CONTENT);
    let set = a.header("set-cookie");
    assert!(set.starts_with("__Host-session=;") && set.contains("Max-Age=0"), "{set}");
    assert_eq!(app.get("/api/session", Some(&cookie)).await.status, StatusCode::UNAUTHORIZED);
    // Logging out again is not an error.
    assert_eq!(app.send(Method::POST, "/api/logout", Some(&cookie), None).await.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn the_database_holds_hashes_not_tokens() {
    let app = app(true).await;
    let cookie = app.login("taro").await;
    let token = &cookie["__Host-session=".len()..];
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT token_hash FROM sessions").fetch_all(app.state.store.pool()).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], token);
    assert_eq!(stored[0], server::session::hash_token(token));
}

#[tokio::test]
async fn the_header_facts_answer_a_visitor_too() {
    let app = app(true).await;
    let visitor = app.get("/api/header", None).await;
    assert_eq!(visitor.status, StatusCode::OK, "a visitor's page makes no failing request");
    assert_eq!(visitor.json(), json!({ "name": null, "unread": 0 }));
    assert_eq!(visitor.header("cache-control"), "no-store");
    let login = app.send(Method::POST, "/api/demo/login", None, Some(json!({ "person": "taro" }))).await;
    let cookie = login.session_cookie().to_string();
    let taro = app.get("/api/header", Some(&cookie)).await;
    assert_eq!(taro.json()["name"], "免許 太郎");
    assert_eq!(taro.json()["unread"], app.get("/api/notices/unread-count", Some(&cookie)).await.json()["unread"]);
}
