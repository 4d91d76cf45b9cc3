//! The janitor (issue 24.8): lecture tickets and lecture-site sessions, flow states past
//! their end, old challenges and ended sessions are purged on a schedule — once per period
//! per database, however many instances share it (on both stores in `cargo xtask test`).

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::{app, app_with};
use serde_json::json;
use server::janitor::{run_once, PERIOD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_expired_is_purged_once_per_period_by_one_instance() {
    let a = app(true).await;
    let (data_dir, url) = (a.dir.path().join("data"), a.state.config.database_url.clone());
    let b = app_with(true, |c| {
        c.data_dir = data_dir;
        c.database_url = url;
    })
    .await;
    let taro = a.login("taro").await;
    // A used ticket and its lecture-site session, an unused ticket, a flow state, a challenge.
    let t = a.send(Method::POST, "/api/lecture/ticket", Some(&taro), None).await.json();
    let e = a.send(Method::POST, "/api/lecture-site/enter", Some(&taro), Some(json!({ "ticket": t["ticket"] }))).await;
    assert_eq!(e.status, StatusCode::NO_CONTENT, "{}", e.text());
    assert_eq!(a.send(Method::POST, "/api/lecture/ticket", Some(&taro), None).await.status, StatusCode::OK);
    a.send(Method::POST, "/api/onestop/steps/start/terms", Some(&taro), Some(json!({}))).await;
    let c = a
        .send(
            Method::POST,
            "/api/onestop/consent/challenge",
            Some(&taro),
            Some(json!({ "items": { "address": true, "name": false, "birth_date": false } })),
        )
        .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.text());
    for table in ["lecture_tickets", "lecture_sessions", "flow_states", "signature_challenges", "sessions"] {
        assert!(a.rows(table).await > 0, "{table} has a row to purge");
    }
    // Nothing has expired yet: a run removes nothing that is live.
    let first = run_once(&a.state, PERIOD).await.unwrap().expect("the first run of the period");
    assert_eq!((first.flow_states, first.challenges, first.sessions), (0, 0, 0), "{first:?}");
    assert_eq!(a.rows("lecture_sessions").await, 1);

    // Three hours later on both instances' clocks (and a day later on the business clock):
    // both instances try at once; one does the work.
    for app in [&a, &b] {
        app.state.wall.advance(chrono::Duration::hours(3));
    }
    let later = a.send(Method::PUT, "/api/demo/clock", None, Some(json!({ "now": "2026-12-16T10:00:00+09:00" }))).await;
    assert_eq!(later.status, StatusCode::OK);
    let (ra, rb) = tokio::join!(run_once(&a.state, PERIOD), run_once(&b.state, PERIOD));
    let runs: Vec<_> = [ra.unwrap(), rb.unwrap()].into_iter().flatten().collect();
    assert_eq!(runs.len(), 1, "one instance per period: {runs:?}");
    for table in ["lecture_tickets", "lecture_sessions", "flow_states", "signature_challenges", "sessions"] {
        assert_eq!(a.rows(table).await, 0, "{table} purged");
    }
    // Within the period nobody runs again; after it, the next run does.
    assert_eq!(run_once(&b.state, PERIOD).await.unwrap(), None);
    b.state.wall.advance(chrono::Duration::from_std(PERIOD + Duration::from_secs(1)).unwrap());
    assert!(run_once(&b.state, PERIOD).await.unwrap().is_some());
}
