//! 「ログイン中の端末」 (issue 16): the idle and absolute ends of a session, the list of a
//! person's sessions, ending one or all the others — and never another person's.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{app, TestApp, HOST};
use serde_json::json;

const PIXEL: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/// A demo login from a browser that says `user_agent`; the cookie pair.
async fn login_from(app: &TestApp, person: &str, user_agent: &str) -> String {
    let req = Request::post("/api/demo/login")
        .header(header::HOST, HOST)
        .header(header::USER_AGENT, user_agent)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "person": person }).to_string()))
        .unwrap();
    let a = app.raw(req).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    a.session_cookie()
}

/// `statement` with `$1` the instant `minutes` from now (as the store writes instants).
async fn sql_at(app: &TestApp, statement: &str, minutes: i64) {
    let at = server::store::instant_text(chrono::Utc::now() + chrono::Duration::seconds(minutes * 60));
    sqlx::query(statement).bind(at).execute(app.state.store.pool()).await.unwrap();
}

#[tokio::test]
async fn the_list_names_each_device_and_marks_this_one() {
    let app = app(true).await;
    let phone = login_from(&app, "taro", PIXEL).await;
    let _ipad = login_from(&app, "taro", IPHONE).await;
    let _other = login_from(&app, "ume", PIXEL).await;
    let list = app.get("/api/sessions", Some(&phone)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text());
    let list = list.json();
    let entries = list.as_array().unwrap();
    assert_eq!(entries.len(), 2, "taro's two, not ume's: {list}");
    let devices: Vec<&str> = entries.iter().map(|e| e["device"].as_str().unwrap()).collect();
    assert!(devices.contains(&"Chrome（Android）") && devices.contains(&"Safari（iPhone）"), "{devices:?}");
    let current: Vec<&serde_json::Value> = entries.iter().filter(|e| e["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(entries[0]["current"], true, "this device comes first");
    assert_eq!(current[0]["device"], "Chrome（Android）");
    assert!(current[0]["logged_in_at"].as_str().unwrap().ends_with("+09:00"));
    let id = current[0]["id"].as_str().unwrap();
    assert_eq!(id.len(), 32);
    assert!(!phone.contains(id), "the id is not the token");
}

#[tokio::test]
async fn ending_another_session_logs_that_device_out_only() {
    let app = app(true).await;
    let phone = login_from(&app, "taro", PIXEL).await;
    let iphone = login_from(&app, "taro", IPHONE).await;
    let list = app.get("/api/sessions", Some(&phone)).await.json();
    let other =
        list.as_array().unwrap().iter().find(|e| e["current"] == false).unwrap()["id"].as_str().unwrap().to_string();
    let a = app.send(Method::DELETE, &format!("/api/sessions/{other}"), Some(&phone), None).await;
    assert_eq!(a.status, StatusCode::NO_CONTENT, "{}", a.text());
    assert_eq!(a.header("set-cookie"), "", "this device keeps its cookie");
    assert_eq!(app.get("/api/session", Some(&iphone)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/session", Some(&phone)).await.status, StatusCode::OK);
    // Again: gone.
    let again = app.send(Method::DELETE, &format!("/api/sessions/{other}"), Some(&phone), None).await;
    assert_eq!((again.status, again.problem_code().as_str()), (StatusCode::NOT_FOUND, "not_found"));
}

#[tokio::test]
async fn another_persons_session_cannot_be_seen_or_ended() {
    let app = app(true).await;
    let taro = login_from(&app, "taro", PIXEL).await;
    let ume = login_from(&app, "ume", PIXEL).await;
    let umes = app.get("/api/sessions", Some(&ume)).await.json()[0]["id"].as_str().unwrap().to_string();
    let a = app.send(Method::DELETE, &format!("/api/sessions/{umes}"), Some(&taro), None).await;
    assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::NOT_FOUND, "not_found"));
    assert_eq!(app.get("/api/session", Some(&ume)).await.status, StatusCode::OK, "ume is still logged in");
    for (method, path) in [(Method::GET, "/api/sessions"), (Method::DELETE, "/api/sessions")] {
        let a = app.send(method, path, None, None).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{path}");
    }
}

#[tokio::test]
async fn ending_every_other_session_keeps_this_one() {
    let app = app(true).await;
    let here = login_from(&app, "taro", PIXEL).await;
    let others = [login_from(&app, "taro", IPHONE).await, login_from(&app, "taro", PIXEL).await];
    let ume = login_from(&app, "ume", PIXEL).await;
    let a = app.send(Method::DELETE, "/api/sessions", Some(&here), None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(a.json()["ended"], 2);
    for other in &others {
        assert_eq!(app.get("/api/session", Some(other)).await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(app.get("/api/session", Some(&here)).await.status, StatusCode::OK);
    assert_eq!(app.get("/api/session", Some(&ume)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn ending_this_session_from_the_list_is_a_logout() {
    let app = app(true).await;
    let here = login_from(&app, "taro", PIXEL).await;
    let id = app.get("/api/sessions", Some(&here)).await.json()[0]["id"].as_str().unwrap().to_string();
    let a = app.send(Method::DELETE, &format!("/api/sessions/{id}"), Some(&here), None).await;
    assert_eq!(a.status, StatusCode::NO_CONTENT);
    assert!(a.header("set-cookie").contains("Max-Age=0"), "{}", a.header("set-cookie"));
    assert_eq!(app.get("/api/session", Some(&here)).await.status, StatusCode::UNAUTHORIZED);
}

/// Before issue 16 a session lived its 8 hours however long it lay unused.
#[tokio::test]
async fn thirty_minutes_unused_ends_a_session_and_use_keeps_it_alive() {
    let app = app(true).await;
    let idle = login_from(&app, "taro", PIXEL).await;
    let busy = login_from(&app, "ume", PIXEL).await;
    // Both last used 29 minutes ago; one is used now, which records the use.
    sql_at(&app, "UPDATE sessions SET last_seen_at = $1", -29).await;
    assert_eq!(app.get("/api/session", Some(&busy)).await.status, StatusCode::OK);
    let seen: String = sqlx::query_scalar(
        "SELECT last_seen_at FROM sessions s JOIN persons p ON p.id = s.person_id WHERE p.id = 'ume'",
    )
    .fetch_one(app.state.store.pool())
    .await
    .unwrap();
    let ago = chrono::Utc::now() - chrono::DateTime::parse_from_rfc3339(&seen).unwrap().with_timezone(&chrono::Utc);
    assert!(ago.num_seconds() < 10, "the use was recorded: {seen}");
    // Two minutes later (as stored): the unused one has passed 30 minutes, the other not.
    sql_at(&app, "UPDATE sessions SET last_seen_at = $1 WHERE person_id = 'taro'", -31).await;
    sql_at(&app, "UPDATE sessions SET last_seen_at = $1 WHERE person_id = 'ume'", -2).await;
    assert_eq!(app.get("/api/session", Some(&idle)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/license", Some(&idle)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/session", Some(&busy)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn eight_hours_after_login_a_session_ends_however_busy() {
    let app = app(true).await;
    let cookie = login_from(&app, "taro", PIXEL).await;
    sql_at(&app, "UPDATE sessions SET expires_at = $1", -1).await;
    assert_eq!(app.get("/api/session", Some(&cookie)).await.status, StatusCode::UNAUTHORIZED);
}
