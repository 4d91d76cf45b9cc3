//! Linking again (manual 2章①-1 補足, issue 30): 再取得 蓮's link names a licence that
//! lapsed; the registry holds his new one. The server shows nothing of either record over
//! the stale link, says why, lets him through the link flow again, and the new link
//! replaces the old one (one link, to the new record). No one else's request makes anyone's
//! link stale or touches it.

mod common;

use axum::http::StatusCode;
use common::card::{attributes_of, b64, profile, unb64, LocalCard};
use common::{app, post, Answer, TestApp};
use serde_json::json;
use server::demo::seed::REN_LAPSED_NUMBER;
use server::store::{audit, persons};

/// 再取得 蓮's new licence, as the registry holds it.
const REN_NUMBER: &str = "901234567891";

/// Steps 7–10 for `person` signing with `signer`'s card: 「送信」, the challenge, the signed link.
async fn link(app: &TestApp, cookie: &str, person: &str, signer: &str) -> Answer {
    let attributes = attributes_of(&profile(app, signer).await);
    let check = post(app, "/api/link/check", cookie, json!(attributes)).await;
    if check.status != StatusCode::NO_CONTENT {
        return check;
    }
    let c = post(app, "/api/link/challenge", cookie, json!(attributes)).await;
    assert_eq!(c.status, StatusCode::OK, "{person}: {}", c.text());
    let c = c.json();
    let card = LocalCard::new(profile(app, signer).await);
    let (cert, sig) = card.signing_sign(&unb64(c["digest_info"].as_str().unwrap())).await;
    let body =
        json!({ "challenge": c["id"], "certificate": b64(&cert), "signature": b64(&sig), "attributes": attributes });
    post(app, "/api/link", cookie, body).await
}

/// Everyone's (id, linked, linked_number, number), as stored.
async fn links(app: &TestApp) -> Vec<(String, bool, Option<String>, String)> {
    let people = persons::list(&app.state.store).await.unwrap();
    people.into_iter().map(|p| (p.id, p.linked, p.linked_number, p.number)).collect()
}

#[tokio::test]
async fn ren_links_again_and_the_new_link_replaces_the_stale_one() {
    let app = app(true).await;
    let cookie = app.login("ren").await;

    // Over the stale link: not linked for the portal, no record of either licence, the notice.
    assert_eq!(app.get("/api/session", Some(&cookie)).await.json()["linked"], false);
    let page = app.get("/api/license", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let page = page.json();
    assert_eq!((page["state"].as_str(), page["can_link"].as_bool()), (Some("unlinked"), Some(true)));
    let notice = page["lead"].as_str().expect("the stale link's notice");
    assert!(notice.contains("失効し又は取り消された"), "{notice}");
    assert!(notice.contains(&format!("第{REN_LAPSED_NUMBER}号")), "{notice}");
    assert!(
        notice.contains("「連携をはじめる」から、再度、マイナポータルとマイナ免許証の連携を行ってください"),
        "{notice}"
    );
    let text = page.to_string();
    assert!(!text.contains(REN_NUMBER) && !text.contains("再取得 蓮"), "nothing of a record is shown: {text}");
    for hidden in ["/api/license/honseki", "/api/license/photo"] {
        let a = app.get(hidden, Some(&cookie)).await;
        assert_eq!((a.status, a.problem_code()), (StatusCode::CONFLICT, "not_linked".into()), "{hidden}");
    }

    // The link flow again, with his own card.
    let others_before: Vec<_> = links(&app).await.into_iter().filter(|l| l.0 != "ren").collect();
    let a = link(&app, &cookie, "ren", "ren").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(a.json()["linked"], true);
    let cookie = a.session_cookie();

    // One link, to the new licence: the lapsed one's number is nowhere any more.
    let ren = persons::get(&app.state.store, "ren").await.unwrap().unwrap();
    assert_eq!((ren.linked, ren.linked_number.as_deref()), (true, Some(REN_NUMBER)));
    assert!(ren.link_is_current());
    assert!(!links(&app).await.iter().any(|l| l.2.as_deref() == Some(REN_LAPSED_NUMBER)));
    // Nobody else's link moved.
    let others_after: Vec<_> = links(&app).await.into_iter().filter(|l| l.0 != "ren").collect();
    assert_eq!(others_after, others_before);

    // The licence page shows the new licence.
    let page = app.get("/api/license", Some(&cookie)).await.json();
    assert_eq!(page["state"], "linked");
    assert_eq!(
        (page["detail"]["number"].as_str(), page["detail"]["color"].as_str()),
        (Some(REN_NUMBER), Some("first"))
    );
    assert_eq!(page["name"], "再取得 蓮");
    assert_eq!(app.get("/api/license/honseki", Some(&cookie)).await.status, StatusCode::OK);

    // The trail says it was linking again; a second time is an ordinary second link.
    let trail = audit::for_person(&app.state.store, "ren").await.unwrap();
    let last = trail.last().unwrap();
    assert_eq!((last.action.as_str(), last.outcome.as_str()), ("relink", "ok"));
    let again = post(&app, "/api/link/check", &cookie, json!(attributes_of(&profile(&app, "ren").await))).await;
    assert_eq!((again.status, again.problem_code()), (StatusCode::CONFLICT, "already_linked".to_string()));
}

#[tokio::test]
async fn ren_may_also_unlink_first_as_the_manual_says() {
    let app = app(true).await;
    let cookie = app.login("ren").await;
    let a = post(&app, "/api/link/unlink", &cookie, json!({})).await;
    assert_eq!(a.status, StatusCode::NO_CONTENT, "{}", a.text());
    let ren = persons::get(&app.state.store, "ren").await.unwrap().unwrap();
    assert_eq!((ren.linked, ren.linked_number), (false, None));
    // Unlinked: the ordinary offer to link, no stale notice.
    let page = app.get("/api/license", Some(&cookie)).await.json();
    assert_eq!(page["state"], "unlinked");
    assert_eq!(page["lead"], server::license::LINK_LEAD);
    let a = link(&app, &cookie, "ren", "ren").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let cookie = a.session_cookie();
    assert_eq!(app.get("/api/license", Some(&cookie)).await.json()["detail"]["number"], REN_NUMBER);
    let trail = audit::for_person(&app.state.store, "ren").await.unwrap();
    let actions: Vec<_> = trail.iter().map(|e| (e.action.as_str(), e.outcome.as_str())).collect();
    assert_eq!(actions, [("unlink", "ok"), ("link", "ok")]);
}

#[tokio::test]
async fn no_one_elses_request_makes_a_link_stale_or_moves_it() {
    let app = app(true).await;
    let before = links(&app).await;
    let taro = app.login("taro").await;
    let ren = app.login("ren").await;

    // An ordinary linked person going through the link flow: refused, his link as it was.
    let a = link(&app, &taro, "taro", "taro").await;
    assert_eq!((a.status, a.problem_code()), (StatusCode::CONFLICT, "already_linked".to_string()));
    // ren signing with taro's card (or naming taro in the body): refused, nothing moves.
    let a = link(&app, &ren, "ren", "taro").await;
    assert_eq!(a.problem_code(), "cert_wrong_person");
    let a = post(&app, "/api/link/check", &ren, json!({ "person": "taro" })).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text());
    assert_eq!(links(&app).await, before);
    assert_eq!(app.get("/api/license", Some(&taro)).await.json()["detail"]["number"], "012345678900");

    // ren's own relink and unlink change ren's link alone.
    assert_eq!(link(&app, &ren, "ren", "ren").await.status, StatusCode::OK);
    let after: Vec<_> = links(&app).await.into_iter().filter(|l| l.0 != "ren").collect();
    let before_others: Vec<_> = before.iter().filter(|l| l.0 != "ren").cloned().collect();
    assert_eq!(after, before_others);
    let taro_now = persons::get(&app.state.store, "taro").await.unwrap().unwrap();
    assert!(taro_now.link_is_current() && !taro_now.link_is_stale());
    assert_eq!(app.get("/api/license", Some(&taro)).await.json()["state"], "linked");
}
