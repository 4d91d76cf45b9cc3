//! オンライン更新時講習 (SPEC §4.5): who may take it, the single-use ticket into the lecture
//! site, chapters in order with their content time, the question that must be answered
//! right, progress kept across sessions, and completion recorded once with its notice.
//!
//! The content time is real time on the server's own clock (`AppState::wall`): the tests
//! move that clock past a chapter's content instead of sleeping, and back before the
//! chapter began to show an answer that comes too early, so no assertion rests on how
//! fast the machine runs.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{app, Answer, TestApp, HOST};
use serde_json::{json, Value};

const DONE: &str = "オンライン講習の受講完了について";

async fn post(app: &TestApp, path: &str, cookie: &str, body: Option<Value>) -> Answer {
    app.send(Method::POST, path, Some(cookie), body).await
}

fn refused(a: &Answer, status: StatusCode, code: &str) {
    assert_eq!(a.status, status, "{}", a.text());
    assert_eq!(a.problem_code(), code, "{}", a.text());
}

/// 「受講する」 on the portal, then the lecture site entered with the ticket (in the same
/// browser, so with the portal's cookie too): the cookies the browser then sends.
async fn enter(app: &TestApp, portal: &str) -> String {
    let t = post(app, "/api/lecture/ticket", portal, None).await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.text());
    let ticket = t.json()["ticket"].as_str().unwrap().to_string();
    assert_eq!(t.json()["url"], format!("/lecture?ticket={ticket}"));
    let e = app.send(Method::POST, "/api/lecture-site/enter", Some(portal), Some(json!({ "ticket": ticket }))).await;
    assert_eq!(e.status, StatusCode::NO_CONTENT, "{}", e.text());
    let set = e.header("set-cookie");
    assert!(set.starts_with("__Host-lecture=") && set.contains("HttpOnly") && set.contains("Secure"), "{set}");
    format!("{}; {portal}", set.split(';').next().unwrap())
}

async fn ticket(app: &TestApp, portal: &str) -> Value {
    let t = post(app, "/api/lecture/ticket", portal, None).await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.text());
    json!({ "ticket": t.json()["ticket"] })
}

/// Moves the server's clock past what is left of chapter `n`'s content (as the chapter
/// says), and checks that nothing is left then.
async fn pass_content_time(app: &TestApp, site: &str, n: u32) {
    let c = app.get(&format!("/api/lecture-site/chapters/{n}"), Some(site)).await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.text());
    let left = c.json()["seconds_left"].as_i64().unwrap();
    app.state.wall.advance(chrono::Duration::seconds(left));
    let c = app.get(&format!("/api/lecture-site/chapters/{n}"), Some(site)).await.json();
    assert_eq!(c["seconds_left"], 0, "chapter {n} after {left} s on the server's clock: {c}");
}

/// Passes the chapter's content time, then answers.
async fn answer(app: &TestApp, site: &str, n: u32, choice: u32) -> Answer {
    pass_content_time(app, site, n).await;
    post(app, &format!("/api/lecture-site/chapters/{n}/answer"), site, Some(json!({ "choice": choice }))).await
}

/// The right choice of chapter `n` (the demo content's answers).
fn right(n: u32) -> u32 {
    [1, 2, 1][(n - 1) as usize]
}

#[tokio::test]
async fn who_may_take_it_and_why_not() {
    let app = app(true).await;
    for (person, class, reason) in [
        ("taro", json!("good"), Value::Null),
        ("hanako", json!("general"), Value::Null),
        ("jiro", Value::Null, json!("color_class")),
        ("goro", Value::Null, json!("age")),
        ("ume", Value::Null, json!("holding_status")),
    ] {
        let cookie = app.login(person).await;
        let s = app.get("/api/lecture", Some(&cookie)).await.json();
        assert_eq!(s["class"], class, "{person}");
        assert_eq!(s["refusal"]["reason"], reason, "{person}");
        if !reason.is_null() {
            assert!(s["refusal_message"].as_str().unwrap().contains("対象外") || reason == "holding_status", "{s}");
            refused(
                &post(&app, "/api/lecture/ticket", &cookie, None).await,
                StatusCode::FORBIDDEN,
                "lecture_not_available",
            );
        }
    }
    // Outside the renewal window taro may not either.
    let taro = app.login("taro").await;
    let clock =
        app.send(Method::PUT, "/api/demo/clock", None, Some(json!({ "now": "2026-10-01T10:00:00+09:00" }))).await;
    assert_eq!(clock.status, StatusCode::OK);
    assert_eq!(app.get("/api/lecture", Some(&taro)).await.json()["refusal"]["reason"], "outside_window");
}

#[tokio::test]
async fn a_ticket_is_used_once_and_the_site_needs_its_own_session() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let body = ticket(&app, &taro).await;
    assert_eq!(
        app.send(Method::POST, "/api/lecture-site/enter", Some(&taro), Some(body.clone())).await.status,
        StatusCode::NO_CONTENT
    );
    refused(
        &app.send(Method::POST, "/api/lecture-site/enter", Some(&taro), Some(body)).await,
        StatusCode::UNAUTHORIZED,
        "ticket_invalid",
    );
    for bad in ["", "x", &"ab".repeat(32)] {
        let a = app.send(Method::POST, "/api/lecture-site/enter", None, Some(json!({ "ticket": bad }))).await;
        refused(&a, StatusCode::UNAUTHORIZED, "ticket_invalid");
    }
    // The portal's session is not the lecture site's.
    refused(&app.get("/api/lecture-site/attendee", Some(&taro)).await, StatusCode::UNAUTHORIZED, "no_attendee");
    refused(&app.get("/api/lecture-site/attendee", None).await, StatusCode::UNAUTHORIZED, "no_attendee");
}

#[tokio::test]
async fn taro_takes_the_lecture_in_order_and_it_is_recorded_once() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let site = enter(&app, &taro).await;
    let a = app.get("/api/lecture-site/attendee", Some(&site)).await.json();
    assert_eq!(
        (a["name"].clone(), a["commission"].clone(), a["kind"].clone(), a["class"].clone()),
        (json!("免許 太郎"), json!("東京都"), json!("免許更新時講習"), json!("good"))
    );
    // A later chapter is locked; the question waits for the content.
    refused(&app.get("/api/lecture-site/chapters/2", Some(&site)).await, StatusCode::CONFLICT, "chapter_locked");
    let c1 = app.get("/api/lecture-site/chapters/1", Some(&site)).await.json();
    assert_eq!(c1["seconds"], 1, "優良: 30 minutes over 3 chapters, 600 times faster");
    // Too early: the server's clock an hour before the chapter began (whatever time the
    // requests take), so the whole second is left.
    app.state.wall.advance(chrono::Duration::hours(-1));
    let early = post(&app, "/api/lecture-site/chapters/1/answer", &site, Some(json!({ "choice": right(1) }))).await;
    refused(&early, StatusCode::CONFLICT, "content_time_remaining");
    assert!(early.json()["detail"].as_str().unwrap().contains("残り約1秒"), "{}", early.text());
    let c1 = app.get("/api/lecture-site/chapters/1", Some(&site)).await.json();
    assert_eq!(c1["seconds_left"], 1, "{c1}");
    app.state.wall.advance(chrono::Duration::hours(1));
    // A wrong answer keeps the person on the chapter.
    let wrong = answer(&app, &site, 1, 0).await.json();
    assert_eq!((wrong["correct"].clone(), wrong["next"].clone()), (json!(false), Value::Null));
    refused(&app.get("/api/lecture-site/chapters/2", Some(&site)).await, StatusCode::CONFLICT, "chapter_locked");
    let ok = answer(&app, &site, 1, right(1)).await.json();
    assert_eq!((ok["correct"].clone(), ok["next"].clone()), (json!(true), json!(2)));

    // Resumed from another device: a new ticket, the same progress.
    let other = enter(&app, &taro).await;
    assert_eq!(app.get("/api/lecture-site/attendee", Some(&other)).await.json()["chapters_done"], 1);
    assert_eq!(app.get("/api/lecture", Some(&taro)).await.json()["chapters_done"], 1);
    // English switches the texts.
    let put = app.send(Method::PUT, "/api/lecture-site/language", Some(&other), Some(json!({ "lang": "en" }))).await;
    assert_eq!(put.status, StatusCode::NO_CONTENT);
    let en = app.get("/api/lecture-site/chapters/2", Some(&other)).await.json();
    // The title is the chapter's name alone (the page numbers it).
    assert_eq!(en["title"], "The basics of safe driving", "{en}");

    assert_eq!(answer(&app, &other, 2, right(2)).await.json()["next"], 3);
    let last = answer(&app, &other, 3, right(3)).await.json();
    assert_eq!(last["completed"], true);
    // Answering again does not make a second record.
    let again = post(&app, "/api/lecture-site/chapters/3/answer", &other, Some(json!({ "choice": right(3) }))).await;
    assert_eq!(again.json()["completed"], true);
    assert_eq!(app.rows("applications").await, 1);

    app.process().await;
    let s = app.get("/api/lecture", Some(&taro)).await.json();
    assert_eq!(s["completed_on"], "2026-12-15");
    let notices: Vec<Value> = app.notices(&taro).await.into_iter().filter(|n| n["title"] == DONE).collect();
    assert_eq!(notices.len(), 1);
    refused(&post(&app, "/api/lecture/ticket", &taro, None).await, StatusCode::CONFLICT, "lecture_completed");
}

#[tokio::test]
async fn hanako_attends_the_general_lecture_with_its_longer_content() {
    let app = app(true).await;
    let hanako = app.login("hanako").await;
    let site = enter(&app, &hanako).await;
    let c = app.get("/api/lecture-site/chapters/1", Some(&site)).await.json();
    assert_eq!(c["seconds"], 2, "一般: 60 minutes over 3 chapters, 600 times faster");
}

#[tokio::test]
async fn a_lecture_cannot_be_recorded_without_taking_it() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let a = app.submit_raw(&taro, Some("l-1"), json!({ "kind": "online_lecture", "document": "受講完了" })).await;
    refused(&a, StatusCode::BAD_REQUEST, "submitted_by_its_flow");
    app.process().await;
    assert!(app.notices(&taro).await.iter().all(|n| n["title"] != DONE));
    // The site's answer route needs a lecture-site session, not the portal's.
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/lecture-site/chapters/3/answer")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, &taro)
        .body(Body::from(r#"{"choice":1}"#))
        .unwrap();
    refused(&app.raw(req).await, StatusCode::UNAUTHORIZED, "no_attendee");
}

/// Issue 24.7: on a shared phone, 違反 次郎 logged in after 免許 太郎 and opened the same
/// lecture URL: he saw taro's 受講者情報. The ticket is redeemed only with the portal
/// session that asked for it, once and within two minutes; the lecture-site session ends
/// with that portal session (a logout, or another person logging in).
#[tokio::test]
async fn the_lecture_site_is_bound_to_the_portal_session_that_asked() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let enter_with = |cookie: Option<String>, body: Value| {
        let app = &app;
        async move { app.send(Method::POST, "/api/lecture-site/enter", cookie.as_deref(), Some(body)).await }
    };
    // Without a portal session, or with another person's, the ticket is refused (and used up).
    let t = ticket(&app, &taro).await;
    refused(&enter_with(None, t.clone()).await, StatusCode::UNAUTHORIZED, "ticket_invalid");
    refused(&enter_with(Some(taro.clone()), t).await, StatusCode::UNAUTHORIZED, "ticket_invalid");
    let hanako = app.login("hanako").await;
    let t = ticket(&app, &taro).await;
    refused(&enter_with(Some(hanako.clone()), t).await, StatusCode::UNAUTHORIZED, "ticket_invalid");
    // Short-lived: two minutes on the server's clock.
    let t = ticket(&app, &taro).await;
    app.state.wall.advance(chrono::Duration::seconds(121));
    refused(&enter_with(Some(taro.clone()), t).await, StatusCode::UNAUTHORIZED, "ticket_invalid");

    // Taro attends; then jiro logs in on the same phone (the browser sends taro's cookie).
    let site = enter(&app, &taro).await;
    assert_eq!(app.get("/api/lecture-site/attendee", Some(&site)).await.json()["name"], "免許 太郎");
    let lecture_cookie = site.split(';').next().unwrap().to_string();
    let login = app.send(Method::POST, "/api/demo/login", Some(&taro), Some(json!({ "person": "jiro" }))).await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.text());
    let jiro = login.session_cookie();
    let shared_phone = format!("{lecture_cookie}; {jiro}");
    let a = app.get("/api/lecture-site/attendee", Some(&shared_phone)).await;
    refused(&a, StatusCode::UNAUTHORIZED, "no_attendee");
    assert!(!a.text().contains("免許 太郎"));
    // Ended, not just hidden: taro's portal cookie does not bring it back.
    refused(
        &app.get("/api/lecture-site/attendee", Some(&format!("{lecture_cookie}; {taro}"))).await,
        StatusCode::UNAUTHORIZED,
        "no_attendee",
    );

    // A portal logout ends the lecture-site session.
    let taro = app.login("taro").await;
    let site = enter(&app, &taro).await;
    assert_eq!(app.get("/api/lecture-site/attendee", Some(&site)).await.status, StatusCode::OK);
    assert_eq!(app.send(Method::POST, "/api/logout", Some(&taro), None).await.status, StatusCode::NO_CONTENT);
    refused(&app.get("/api/lecture-site/attendee", Some(&site)).await, StatusCode::UNAUTHORIZED, "no_attendee");
}
