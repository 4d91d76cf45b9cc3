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

/// Issue 27: the session is looked up once per request. A limited route's rate limit
/// resolves it (for the person's bucket) and leaves it on the request, where the handler's
/// extractor finds it: a probe behind the signing limit is handed the resolved session.
#[tokio::test]
async fn the_rate_limit_leaves_the_session_it_looked_up_on_the_request() {
    use axum::routing::post;
    use axum::Extension;
    use server::rate_limit::{limited, Class};
    use server::session::{CurrentSession, Resolved};

    async fn probe(Extension(resolved): Extension<Resolved>, session: CurrentSession) -> String {
        let found = resolved.live.map(|l| l.person.id).unwrap_or_default();
        format!("{found}/{}", session.person.id)
    }
    let mut app = app(true).await;
    let probe = axum::Router::new().route("/api/test-probe", post(probe).route_layer(limited(Class::Signing)));
    app.router = server::router_with(app.state.clone(), probe);
    let taro = app.login("taro").await;
    let a = app.send(Method::POST, "/api/test-probe", Some(&taro), None).await;
    assert_eq!((a.status, a.text()), (StatusCode::OK, "taro/taro".to_string()));
}

/// ... and the extractors take that session instead of asking the database again: a
/// request without any cookie, on which a layer put hanako's resolved session, is hanako's.
#[tokio::test]
async fn the_extractors_take_the_resolved_session() {
    use axum::routing::get;
    use axum::Extension;
    use server::session::{CurrentPerson, Live, Resolved};

    async fn who(CurrentPerson(person): CurrentPerson) -> String {
        person.id
    }
    let mut app = app(true).await;
    let hanako = server::store::persons::get(&app.state.store, "hanako").await.unwrap().unwrap();
    let resolved = Resolved { token_hash: "0".repeat(64), live: Some(Live { person: hanako, replaced: false }) };
    let routes = axum::Router::new().route("/api/test-who", get(who).layer(Extension(resolved)));
    app.router = server::router_with(app.state.clone(), routes);
    let a = app.get("/api/test-who", None).await;
    assert_eq!((a.status, a.text()), (StatusCode::OK, "hanako".to_string()));
}
