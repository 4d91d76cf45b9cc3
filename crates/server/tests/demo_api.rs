//! `/api/demo/*`: present only in demo mode, and reset really restores SPEC §5.

mod common;

use axum::http::{Method, StatusCode};
use common::{app, app_with};
use serde_json::json;
use server::store::persons;

/// The five demo routes (six method+path pairs: the clock has GET and PUT).
fn demo_requests() -> Vec<(Method, &'static str, Option<serde_json::Value>)> {
    vec![
        (Method::GET, "/api/demo/people", None),
        (Method::POST, "/api/demo/reset", None),
        (Method::POST, "/api/demo/login", Some(json!({ "person": "taro" }))),
        (Method::GET, "/api/demo/clock", None),
        (Method::PUT, "/api/demo/clock", Some(json!({ "now": "2026-12-15T10:00:00+09:00" }))),
        (Method::POST, "/api/demo/process", None),
    ]
}

#[tokio::test]
async fn demo_routes_are_absent_outside_demo_mode() {
    let app = app(false).await;
    let unknown = app.get("/api/no-such-route", None).await;
    for (method, path, body) in demo_requests() {
        let a = app.send(method.clone(), path, None, body).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(a.problem_code(), "not_found", "{method} {path}");
        assert_eq!(a.body, unknown.body, "{method} {path} must look like any unknown route");
        assert!(a.headers.get("set-cookie").is_none());
    }
    // And nobody was seeded: production data never contains the demo people.
    assert_eq!(persons::count(&app.state.store).await.unwrap(), 0);
    assert!(common::on_postgres() || app.dir.path().join("data/portal.sqlite3").exists());
}

#[tokio::test]
async fn demo_routes_work_in_demo_mode() {
    let app = app(true).await;
    for (method, path, body) in demo_requests() {
        let a = app.send(method.clone(), path, None, body).await;
        assert!(a.status.is_success(), "{method} {path}: {} {}", a.status, a.text());
    }
    assert!(common::on_postgres() || app.dir.path().join("data/demo.sqlite3").exists());
}

#[tokio::test]
async fn people_are_listed_in_spec_order_with_link_state() {
    let app = app(true).await;
    let people = app.get("/api/demo/people", None).await.json();
    let rows: Vec<(String, String, bool)> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap().into(), p["name"].as_str().unwrap().into(), p["linked"].as_bool().unwrap()))
        .collect();
    let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        ids,
        ["taro", "hanako", "ume", "matsu", "jiro", "goro", "sakura", "ichiro", "ken", "yuki", "kaede", "ren"]
    );
    assert_eq!(rows[0], ("taro".into(), "免許 太郎".into(), true));
    assert_eq!(rows[7], ("ichiro".into(), "免許 一郎".into(), false));
    // 再取得 蓮's link names a lapsed licence: not linked for the portal (issue 30).
    assert_eq!(rows[11], ("ren".into(), "再取得 蓮".into(), false));
    assert_eq!(people[8]["status"], "plastic_license_only");
}

#[tokio::test]
async fn clock_is_settable_and_normalised_to_japan_time() {
    let app = app(true).await;
    assert_eq!(app.get("/api/demo/clock", None).await.json(), json!({ "now": "2026-12-15T10:00:00+09:00" }));
    let put = app.send(Method::PUT, "/api/demo/clock", None, Some(json!({ "now": "2026-11-15T01:00:00Z" }))).await;
    assert_eq!(put.json(), json!({ "now": "2026-11-15T10:00:00+09:00" }));
    assert_eq!(app.get("/api/demo/clock", None).await.json()["now"], "2026-11-15T10:00:00+09:00");
    let bad = app.send(Method::PUT, "/api/demo/clock", None, Some(json!({ "now": "tomorrow" }))).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.problem_code(), "invalid_body");
}

/// A year the clock cannot store and read back (five digits) or the rules were never meant
/// for is refused, and changes nothing: before the fix, `+10000-01-01` was stored and every
/// request then failed with 500 until a reset.
#[tokio::test]
async fn clock_out_of_range_is_refused_and_changes_nothing() {
    let app = app(true).await;
    // The first two are what the fuzzing found (Japan time outside 0000–9999).
    for now in [
        "-0001-12-31T14:59:59Z",
        "9999-12-31T15:00:00Z",
        "+10000-01-01T00:00:00+09:00",
        "1999-12-31T23:59:59+09:00",
        "2100-01-01T00:00:00+09:00",
    ] {
        let put = app.send(Method::PUT, "/api/demo/clock", None, Some(json!({ "now": now }))).await;
        assert_eq!(put.status, StatusCode::BAD_REQUEST, "{now}: {}", put.text());
        assert_eq!(put.problem_code(), "clock_out_of_range", "{now}");
        assert!(put.json()["detail"].as_str().unwrap().contains("2000年から2099年"));
    }
    assert_eq!(app.get("/api/demo/clock", None).await.json()["now"], "2026-12-15T10:00:00+09:00");
    assert_eq!(app.get("/api/demo/people", None).await.status, StatusCode::OK);
    // The edges themselves are settable (Japan time: 2099-12-31 23:59 is still 2099).
    for now in ["2000-01-01T00:00:00+09:00", "2099-12-31T23:59:59+09:00"] {
        let put = app.send(Method::PUT, "/api/demo/clock", None, Some(json!({ "now": now }))).await;
        assert_eq!(put.status, StatusCode::OK, "{now}: {}", put.text());
    }
}

#[tokio::test]
async fn login_names_an_existing_person() {
    let app = app(true).await;
    let a = app.send(Method::POST, "/api/demo/login", None, Some(json!({ "person": "nobody" }))).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.problem_code(), "unknown_person");
    assert!(a.headers.get("set-cookie").is_none());
    let a = app.send(Method::POST, "/api/demo/login", None, Some(json!({ "person": "ume" }))).await;
    assert_eq!(
        a.json(),
        json!({ "person": "ume", "name": "経歴 梅子", "status": "myna_history_cert_only", "linked": true })
    );
}

#[tokio::test]
async fn process_reports_nothing_yet() {
    let app = app(true).await;
    let a = app.send(Method::POST, "/api/demo/process", None, None).await;
    assert_eq!(a.json(), json!({ "processed": 0 }));
}

#[tokio::test]
async fn reset_restores_links_clock_and_drops_sessions() {
    let app = app(true).await;
    let cookie = app.login("taro").await;
    assert!(persons::set_linked(&app.state.store, "taro", false).await.unwrap());
    assert!(persons::set_linked(&app.state.store, "ichiro", true).await.unwrap());
    app.send(Method::PUT, "/api/demo/clock", None, Some(json!({ "now": "2030-01-01T00:00:00+09:00" }))).await;
    assert_eq!(app.get("/api/license", Some(&cookie)).await.json()["state"], "unlinked");

    let reset = app.send(Method::POST, "/api/demo/reset", Some(&cookie), None).await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    assert!(reset.header("set-cookie").contains("Max-Age=0"));

    assert_eq!(app.get("/api/session", Some(&cookie)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/demo/clock", None).await.json()["now"], "2026-12-15T10:00:00+09:00");
    let people = app.get("/api/demo/people", None).await.json();
    assert_eq!(people[0]["linked"], true, "taro linked again");
    assert_eq!(people[7]["linked"], false, "ichiro unlinked again");
    let cookie = app.login("taro").await;
    assert_eq!(app.get("/api/license", Some(&cookie)).await.json()["state"], "linked");
}

#[tokio::test]
async fn a_restart_keeps_the_demo_data_it_finds() {
    let first = app(true).await;
    persons::set_linked(&first.state.store, "taro", false).await.unwrap();
    let data_dir = first.dir.path().join("data");
    first.state.store.close().await;
    let url = first.state.config.database_url.clone();
    let second = app_with(true, |c| {
        c.data_dir = data_dir;
        c.database_url = url;
    })
    .await;
    let taro = persons::get(&second.state.store, "taro").await.unwrap().unwrap();
    assert!(!taro.linked, "start must seed only an empty database");
    drop(first);
}
