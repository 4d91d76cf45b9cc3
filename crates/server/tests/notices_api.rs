//! `/api/notices`: own notices only, newest first, unread flag and count; reading is a GET
//! that changes nothing, `POST …/read` marks read.

mod common;

use axum::http::{Method, StatusCode};
use common::app;
use serde_json::json;

#[tokio::test]
async fn list_count_and_opening() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    assert_eq!(app.notices(&taro).await, Vec::<serde_json::Value>::new());
    assert_eq!(app.unread(&taro).await, 0);

    app.process().await; // the expiry notice (taro's window is open at the default clock)
    let id = app.submit_demo(&taro, "k", "{}").await;
    app.process().await;
    let list = app.notices(&taro).await;
    let titles: Vec<&str> = list.iter().map(|n| n["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["デモ申請の処理結果について", "免許証等の有効期限の接近について"], "newest first");
    assert!(list.iter().all(|n| n["unread"] == true));
    assert_eq!(app.unread(&taro).await, 2);

    let first = list[0]["id"].as_str().unwrap();
    // A GET reads and changes nothing (before issue 16 it marked the notice read).
    let got = app.get(&format!("/api/notices/{first}"), Some(&taro)).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.json()["read_at"], serde_json::Value::Null);
    assert_eq!(app.unread(&taro).await, 2, "a GET marks nothing read");

    let read = app.send(Method::POST, &format!("/api/notices/{first}/read"), Some(&taro), None).await;
    assert_eq!(read.status, StatusCode::NO_CONTENT, "{}", read.text());
    let opened = app.get(&format!("/api/notices/{first}"), Some(&taro)).await;
    assert_eq!(opened.status, StatusCode::OK);
    let opened = opened.json();
    assert_eq!(opened["application_id"], id.as_str());
    assert_eq!(opened["read_at"], "2026-12-15T01:00:00Z");
    assert_eq!(app.unread(&taro).await, 1);
    // Marking again changes nothing more.
    let read = app.send(Method::POST, &format!("/api/notices/{first}/read"), Some(&taro), None).await;
    assert_eq!(read.status, StatusCode::NO_CONTENT);
    let again = app.get(&format!("/api/notices/{first}"), Some(&taro)).await.json();
    assert_eq!(again["read_at"], opened["read_at"]);
    assert_eq!(app.unread(&taro).await, 1);
    let list = app.notices(&taro).await;
    assert_eq!((list[0]["unread"].clone(), list[1]["unread"].clone()), (json!(false), json!(true)));
}

#[tokio::test]
async fn another_persons_notice_is_not_found_and_stays_unread() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let ume = app.login("ume").await;
    app.submit_demo(&taro, "k", "{}").await;
    app.process().await;
    let theirs = app.notices(&taro).await[0]["id"].as_str().unwrap().to_string();

    let a = app.get(&format!("/api/notices/{theirs}"), Some(&ume)).await;
    let unknown = app.get("/api/notices/0123456789abcdef0123456789abcdef", Some(&ume)).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.problem_code(), "not_found");
    assert_eq!(a.body, unknown.body, "indistinguishable from an unknown id");
    let mark = app.send(Method::POST, &format!("/api/notices/{theirs}/read"), Some(&ume), None).await;
    assert_eq!((mark.status, mark.problem_code().as_str()), (StatusCode::NOT_FOUND, "not_found"));
    assert_eq!(app.notices(&ume).await, Vec::<serde_json::Value>::new(), "ume has none (driving history, no expiry)");
    assert_eq!(app.unread(&ume).await, 0);
    assert_eq!(app.unread(&taro).await, 2, "ume's attempt marked nothing read");
}

#[tokio::test]
async fn notices_need_a_login() {
    let app = app(true).await;
    for path in ["/api/notices", "/api/notices/unread-count", "/api/notices/x"] {
        let a = app.get(path, None).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(a.problem_code(), "not_logged_in");
    }
}
