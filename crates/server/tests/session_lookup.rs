//! The per-request session lookup (one statement joining the session to its person):
//! a live session finds its person, an expired or unknown one is 401 `not_logged_in`.

mod common;

use axum::http::{Method, StatusCode};
use chrono::{Duration, Utc};
use common::app;
use server::session::hash_token;
use server::store::sessions;

#[tokio::test]
async fn live_sessions_find_their_person_and_expired_ones_do_not() {
    let app = app(true).await;
    let now = Utc::now();
    let (live, expired) = ("ab".repeat(32), "cd".repeat(32));
    let store = &app.state.store;
    let (live_hash, expired_hash) = (hash_token(&live), hash_token(&expired));
    let session = |token_hash, person_id, now, expires_at, public_id| sessions::NewSession {
        token_hash,
        person_id,
        public_id,
        device: "不明な端末",
        now,
        expires_at,
    };
    sessions::create(store, &session(&live_hash, "taro", now, now + Duration::hours(1), "p1")).await.unwrap();
    let old = now - Duration::hours(9);
    sessions::create(store, &session(&expired_hash, "hanako", old, now - Duration::seconds(1), "p2")).await.unwrap();

    let a = app.send(Method::GET, "/api/license", Some(&format!("__Host-session={live}")), None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(a.json()["name"], "免許 太郎");

    for token in [expired, "ef".repeat(32)] {
        let a = app.send(Method::GET, "/api/license", Some(&format!("__Host-session={token}")), None).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        assert_eq!(a.problem_code(), "not_logged_in");
    }
}
