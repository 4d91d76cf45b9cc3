//! 本籍のオンライン変更 (SPEC §4.6): the steps in their order, each refusal changing nothing,
//! the signed document bound to the koseki record, processing through the driver registry
//! and its notice, and no way to change 本籍 but the signed application.

mod common;

use axum::http::{Method, StatusCode};
use common::card::sign_challenge;
use common::{app, Answer, TestApp};
use serde_json::{json, Value};

const RESULT: &str = "本籍のオンライン変更の処理結果について";
const TARO_KOSEKI: &str = "東京都千代田区霞が関二丁目1番地";
const TARO_LICENSE: &str = "東京都中央区銀座一丁目10番地";

fn taro_card() -> Value {
    json!({ "name": "免許 太郎", "address": "東京都港区芝浦四丁目5番6号", "birth_date": "19960101", "sex": "1" })
}

async fn post(app: &TestApp, path: &str, cookie: &str, body: Option<Value>) -> Answer {
    app.send(Method::POST, path, Some(cookie), body).await
}

async fn status(app: &TestApp, cookie: &str) -> Value {
    let a = app.get("/api/honseki", Some(cookie)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    a.json()
}

fn refused(a: &Answer, status: StatusCode, code: &str) {
    assert_eq!(a.status, status, "{}", a.text());
    assert_eq!(a.problem_code(), code, "{}", a.text());
}

/// Steps 4–9 for taro: the card's 本人情報, the koseki record, the agreement.
async fn up_to_the_signature(app: &TestApp, cookie: &str) {
    assert_eq!(post(app, "/api/honseki/identity", cookie, Some(taro_card())).await.status, StatusCode::NO_CONTENT);
    let k = app.get("/api/honseki/koseki", Some(cookie)).await;
    assert_eq!(k.json(), json!({ "honseki": TARO_KOSEKI, "head_name": "免許 太郎", "same_as_license": false }));
    assert_eq!(post(app, "/api/honseki/agreement", cookie, None).await.status, StatusCode::NO_CONTENT);
}

async fn challenge(app: &TestApp, cookie: &str) -> Value {
    let c = post(app, "/api/honseki/challenge", cookie, None).await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.text());
    c.json()
}

async fn licence_honseki(app: &TestApp, cookie: &str) -> String {
    app.get("/api/license/honseki", Some(cookie)).await.json()["honseki"].as_str().unwrap().to_string()
}

async fn results(app: &TestApp, cookie: &str) -> Vec<Value> {
    app.notices(cookie).await.into_iter().filter(|n| n["title"] == RESULT).collect()
}

#[tokio::test]
async fn taro_changes_his_honseki_through_every_step() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let s = status(&app, &taro).await;
    assert_eq!(
        (s["eligible"].clone(), s["koseki_history"].clone(), s["pending"].clone()),
        (json!(true), json!(false), json!(false))
    );

    up_to_the_signature(&app, &taro).await;
    // What the steps gave is kept: a reload of step 7 shows the 本人情報 again.
    let s = status(&app, &taro).await;
    assert_eq!((s["identity"]["name"].clone(), s["agreed"].clone()), (json!("免許 太郎"), json!(true)));

    let c = challenge(&app, &taro).await;
    assert_eq!(c["purpose"], "honseki_change");
    let doc = c["document"].as_str().unwrap();
    assert!(doc.contains(&format!("変更後の本籍：{TARO_KOSEKI}")) && doc.contains("筆頭者氏名：免許 太郎"), "{doc}");
    let body = sign_challenge(&app, &c, "taro").await;
    let first = app.post_keyed("/api/honseki", &taro, "h-1", &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    assert_eq!(first.json()["kind"], "honseki_change");
    // A double tap: the same application, not a second one.
    let again = app.post_keyed("/api/honseki", &taro, "h-1", &body).await;
    assert_eq!((again.status, again.json()["id"].clone()), (StatusCode::OK, first.json()["id"].clone()));
    assert_eq!(app.rows("applications").await, 1);

    // Accepted: 戸籍連携履歴 from now on, the steps' state gone, a second one refused.
    let s = status(&app, &taro).await;
    assert_eq!(
        (s["koseki_history"].clone(), s["pending"].clone(), s["identity"].clone()),
        (json!(true), json!(true), json!(null))
    );
    assert_eq!(s["latest"]["id"], first.json()["id"]);
    refused(&post(&app, "/api/honseki/challenge", &taro, None).await, StatusCode::CONFLICT, "application_pending");
    assert_eq!(licence_honseki(&app, &taro).await, TARO_LICENSE, "nothing changes before processing");

    assert_eq!(app.process().await, 1);
    assert_eq!(licence_honseki(&app, &taro).await, TARO_KOSEKI);
    let notices = results(&app, &taro).await;
    assert_eq!(notices.len(), 1);
    let id = notices[0]["id"].as_str().unwrap();
    let detail = app.get(&format!("/api/notices/{id}"), Some(&taro)).await.json();
    let body = detail["body"].as_str().unwrap();
    assert!(body.contains(&format!("変更後の本籍：{TARO_KOSEKI}")), "{body}");
    app.process().await;
    assert_eq!(results(&app, &taro).await.len(), 1, "one notice");
    // The licence now records the koseki 本籍: nothing left to change.
    let k = app.get("/api/honseki/koseki", Some(&taro)).await;
    assert_eq!(k.json()["same_as_license"], true);
    refused(&post(&app, "/api/honseki/agreement", &taro, None).await, StatusCode::CONFLICT, "nothing_to_change");
}

#[tokio::test]
async fn the_steps_are_refused_out_of_order() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    refused(&app.get("/api/honseki/koseki", Some(&taro)).await, StatusCode::CONFLICT, "identity_required");
    refused(&post(&app, "/api/honseki/agreement", &taro, None).await, StatusCode::CONFLICT, "identity_required");
    assert_eq!(post(&app, "/api/honseki/identity", &taro, Some(taro_card())).await.status, StatusCode::NO_CONTENT);
    refused(&post(&app, "/api/honseki/challenge", &taro, None).await, StatusCode::CONFLICT, "not_agreed");
    // Someone else's card is not the person's 本人情報.
    let other = json!({ "name": "免許 花子", "address": "x", "birth_date": "19901220", "sex": "2" });
    refused(&post(&app, "/api/honseki/identity", &taro, Some(other)).await, StatusCode::FORBIDDEN, "identity_mismatch");
    // A line break in an item is refused by name, whatever the rest says.
    let mut posing = taro_card();
    posing["address"] = json!("東京都港区芝浦四丁目5番6号\n氏名:免許 太郎");
    let a = post(&app, "/api/honseki/identity", &taro, Some(posing)).await;
    refused(&a, StatusCode::BAD_REQUEST, "attributes_control_character");
    // 「中断する」 forgets the steps.
    assert_eq!(app.send(Method::DELETE, "/api/honseki/state", Some(&taro), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(status(&app, &taro).await["identity"], Value::Null);
    assert_eq!(app.rows("applications").await, 0);
}

#[tokio::test]
async fn sakura_with_koseki_history_skips_the_card_read() {
    let app = app(true).await;
    let sakura = app.login("sakura").await;
    assert_eq!(status(&app, &sakura).await["koseki_history"], true);
    let k = app.get("/api/honseki/koseki", Some(&sakura)).await;
    assert_eq!(k.status, StatusCode::OK, "{}", k.text());
    assert_eq!(k.json()["same_as_license"], false);
    assert_eq!(post(&app, "/api/honseki/agreement", &sakura, None).await.status, StatusCode::NO_CONTENT);
    let c = challenge(&app, &sakura).await;
    let body = sign_challenge(&app, &c, "sakura").await;
    assert_eq!(app.post_keyed("/api/honseki", &sakura, "s-1", &body).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn the_ineligible_are_refused_even_calling_the_api_directly() {
    let app = app(true).await;
    for person in ["hanako", "ume", "matsu"] {
        let cookie = app.login(person).await;
        assert_eq!(status(&app, &cookie).await["eligible"], false, "{person}");
        let card = json!({ "name": "x", "address": "y", "birth_date": "19900101", "sex": "2" });
        refused(
            &post(&app, "/api/honseki/identity", &cookie, Some(card)).await,
            StatusCode::FORBIDDEN,
            "honseki_not_eligible",
        );
        refused(&app.get("/api/honseki/koseki", Some(&cookie)).await, StatusCode::FORBIDDEN, "honseki_not_eligible");
        refused(
            &post(&app, "/api/honseki/challenge", &cookie, None).await,
            StatusCode::FORBIDDEN,
            "honseki_not_eligible",
        );
        let body = json!({ "challenge": "x", "certificate": "eA==", "signature": "eA==" });
        refused(
            &app.post_keyed("/api/honseki", &cookie, "k", &body).await,
            StatusCode::FORBIDDEN,
            "honseki_not_eligible",
        );
    }
    let ichiro = app.login("ichiro").await;
    refused(&app.get("/api/honseki", Some(&ichiro)).await, StatusCode::CONFLICT, "not_linked");
    assert_eq!(app.rows("applications").await, 0);
}

#[tokio::test]
async fn a_signature_over_another_honseki_is_refused() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    up_to_the_signature(&app, &taro).await;
    // A valid challenge of the right purpose and person, over a document naming another 本籍.
    let forged =
        domain::honseki::document("taro", "沖縄県那覇市泉崎一丁目2番2号", "免許 太郎", "2026年12月15日 10:00", "f0")
            .unwrap();
    let c = server::signature::issue_challenge(&app.state.store, "honseki_change", forged, Some("taro")).await.unwrap();
    let c = serde_json::to_value(&c).unwrap();
    let body = sign_challenge(&app, &c, "taro").await;
    refused(&app.post_keyed("/api/honseki", &taro, "f-1", &body).await, StatusCode::FORBIDDEN, "document_mismatch");
    // Signed by another person's card: refused by the signature check.
    let c = challenge(&app, &taro).await;
    let body = sign_challenge(&app, &c, "sakura").await;
    refused(&app.post_keyed("/api/honseki", &taro, "f-2", &body).await, StatusCode::FORBIDDEN, "cert_wrong_person");
    assert_eq!(app.rows("applications").await, 0);
    assert_eq!(licence_honseki(&app, &taro).await, TARO_LICENSE);
}

#[tokio::test]
async fn an_unsigned_honseki_application_is_refused_and_sends_no_notice() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let generic = app
        .submit_raw(&taro, Some("g-1"), json!({ "kind": "honseki_change", "document": format!("本籍：{TARO_KOSEKI}") }))
        .await;
    refused(&generic, StatusCode::BAD_REQUEST, "signature_required");
    assert_eq!(app.rows("applications").await, 0);
    app.process().await;
    assert!(results(&app, &taro).await.is_empty());
    assert_eq!(licence_honseki(&app, &taro).await, TARO_LICENSE);
}

#[tokio::test]
async fn jiro_is_told_there_is_nothing_to_change() {
    let app = app(true).await;
    let jiro = app.login("jiro").await;
    let card = json!({ "name": "違反 次郎", "address": "x", "birth_date": "19850105", "sex": "1" });
    let id = post(&app, "/api/honseki/identity", &jiro, Some(card)).await;
    assert_eq!(id.status, StatusCode::NO_CONTENT, "{}", id.text());
    let k = app.get("/api/honseki/koseki", Some(&jiro)).await.json();
    assert_eq!(k["same_as_license"], true);
    refused(&post(&app, "/api/honseki/agreement", &jiro, None).await, StatusCode::CONFLICT, "nothing_to_change");
}
