//! Session cookies: flags, rotation, logout, and that only token hashes are stored.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{app, app_with, HOST};
use serde_json::json;

fn attrs(set_cookie: &str) -> Vec<String> {
    set_cookie.split(';').skip(1).map(|a| a.trim().to_ascii_lowercase()).collect()
}

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_without_secure_over_http() {
    let app = app(true).await;
    let a = app.send(Method::POST, "/api/demo/login", None, Some(json!({ "person": "taro" }))).await;
    let set = a.header("set-cookie");
    assert!(set.starts_with("session="), "{set}");
    let token = a.session_cookie()["session=".len()..].to_string();
    assert_eq!(token.len(), 64, "32 random bytes, hex");
    let attrs = attrs(set);
    for want in ["httponly", "samesite=strict", "path=/", "max-age=28800"] {
        assert!(attrs.contains(&want.to_string()), "{want} missing in {set}");
    }
    assert!(!attrs.contains(&"secure".to_string()), "plain-http demo must not get Secure: {set}");
}

#[tokio::test]
async fn secure_when_configured() {
    let app = app_with(true, |c| c.secure_cookies = true).await;
    let a = app.send(Method::POST, "/api/demo/login", None, Some(json!({ "person": "taro" }))).await;
    assert!(attrs(a.header("set-cookie")).contains(&"secure".to_string()));
    let out = app.send(Method::POST, "/api/logout", None, None).await;
    assert!(attrs(out.header("set-cookie")).contains(&"secure".to_string()));
}

#[tokio::test]
async fn secure_behind_an_https_proxy() {
    let app = app(true).await;
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/demo/login")
        .header(header::HOST, HOST)
        .header("x-forwarded-proto", "https")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"person":"taro"}"#))
        .unwrap();
    let a = app.raw(req).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(attrs(a.header("set-cookie")).contains(&"secure".to_string()));
}

#[tokio::test]
async fn session_endpoint_needs_a_session() {
    let app = app(true).await;
    let a = app.get("/api/session", None).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(a.problem_code(), "not_logged_in");
    assert_eq!(a.json()["detail"], "ログインしてください。");
    let forged = format!("session={}", "ab".repeat(32));
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
    assert!(set.starts_with("session=;") && set.contains("Max-Age=0"), "{set}");
    assert_eq!(app.get("/api/session", Some(&cookie)).await.status, StatusCode::UNAUTHORIZED);
    // Logging out again is not an error.
    assert_eq!(app.send(Method::POST, "/api/logout", Some(&cookie), None).await.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn the_database_holds_hashes_not_tokens() {
    let app = app(true).await;
    let cookie = app.login("taro").await;
    let token = &cookie["session=".len()..];
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
