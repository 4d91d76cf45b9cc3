//! 「連携解除」: unlinking, refusing a second unlink, the audit trail, and the licence
//! page afterwards offering 「連携をはじめる」.

mod common;

use axum::http::{Method, StatusCode};
use common::app;
use server::store::audit;

#[tokio::test]
async fn taro_unlinks_and_is_offered_linking_again() {
    let app = app(true).await;
    let cookie = app.login("taro").await;
    let a = app.send(Method::POST, "/api/link/unlink", Some(&cookie), None).await;
    assert_eq!(a.status, StatusCode::NO_CONTENT, "{}", a.text());

    let license = app.get("/api/license", Some(&cookie)).await.json();
    assert_eq!(license["state"], "unlinked");
    assert_eq!(license["can_link"], true);
    let session = app.get("/api/session", Some(&cookie)).await.json();
    assert_eq!(session["linked"], false);
    // The hidden values follow: no record, no 本籍.
    assert_eq!(app.get("/api/license/honseki", Some(&cookie)).await.problem_code(), "not_linked");
}

#[tokio::test]
async fn unlinking_twice_is_refused_cleanly_and_both_attempts_are_audited() {
    let app = app(true).await;
    let cookie = app.login("taro").await;
    assert_eq!(app.send(Method::POST, "/api/link/unlink", Some(&cookie), None).await.status, StatusCode::NO_CONTENT);
    let again = app.send(Method::POST, "/api/link/unlink", Some(&cookie), None).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.problem_code(), "not_linked");

    let trail = audit::for_person(&app.state.store, "taro").await.unwrap();
    let outcomes: Vec<(&str, &str)> = trail.iter().map(|e| (e.action.as_str(), e.outcome.as_str())).collect();
    assert_eq!(outcomes, [("unlink", "ok"), ("unlink", "not_linked")]);
    assert!(trail.iter().all(|e| e.cert_serial.is_none()));
}

#[tokio::test]
async fn unlink_needs_a_session_and_a_same_site_request() {
    let app = app(true).await;
    let a = app.send(Method::POST, "/api/link/unlink", None, None).await;
    assert_eq!(a.problem_code(), "not_logged_in");

    let cookie = app.login("taro").await;
    let cross = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/link/unlink")
        .header("host", "localhost")
        .header("origin", "https://evil.example")
        .header("cookie", cookie.as_str())
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(app.raw(cross).await.problem_code(), "csrf_rejected");
    // Still linked.
    assert_eq!(app.get("/api/session", Some(&cookie)).await.json()["linked"], true);
}

#[tokio::test]
async fn reset_links_taro_again() {
    let app = app(true).await;
    let cookie = app.login("taro").await;
    app.send(Method::POST, "/api/link/unlink", Some(&cookie), None).await;
    assert_eq!(app.send(Method::POST, "/api/demo/reset", None, None).await.status, StatusCode::NO_CONTENT);
    let cookie = app.login("taro").await;
    assert_eq!(app.get("/api/license", Some(&cookie)).await.json()["state"], "linked");
}
