//! 住所変更ワンストップサービス等 (SPEC §4.7): who may use what, the signed consent and
//! cancellation (idempotent, every refusal changing nothing), the worker's processing (10
//! years from the processing date, renewal restarts it, cancel clears all three), the
//! consent-expiry notice, and the J-LIS side (consented items only, one notice per change).

mod common;

use axum::http::{Method, StatusCode};
use common::card::sign_challenge;
use common::{app, Answer, TestApp};
use serde_json::{json, Value};

fn items(address: bool, name: bool, birth_date: bool) -> Value {
    json!({ "address": address, "name": name, "birth_date": birth_date })
}

/// A POST; a challenge is asked for as the SPA does, after agreeing to the flow's terms
/// (whose refusals the challenge then repeats with its own code).
async fn post(app: &TestApp, path: &str, cookie: &str, body: Value) -> Answer {
    let terms = match path {
        "/api/onestop/consent/challenge" => Some("/api/onestop/steps/start/terms"),
        "/api/onestop/cancel/challenge" => Some("/api/onestop/steps/cancel/terms"),
        _ => None,
    };
    if let Some(terms) = terms {
        app.send(Method::POST, terms, Some(cookie), None).await;
    }
    app.send(Method::POST, path, Some(cookie), Some(body)).await
}

async fn status(app: &TestApp, cookie: &str) -> Value {
    let a = app.get("/api/onestop", Some(cookie)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    a.json()
}

async fn sign(app: &TestApp, challenge: &Value, signer: &str) -> Value {
    sign_challenge(app, challenge, signer).await
}

async fn consent_challenge(app: &TestApp, cookie: &str, chosen: &Value) -> Value {
    let c = post(app, "/api/onestop/consent/challenge", cookie, json!({ "items": chosen })).await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.text());
    let c = c.json();
    assert_eq!(c["purpose"], "onestop_consent");
    c
}

/// The body of `POST /api/onestop/consent` for `chosen`, signed by `signer`.
async fn signed_consent(app: &TestApp, cookie: &str, chosen: &Value, signer: &str) -> Value {
    let c = consent_challenge(app, cookie, chosen).await;
    let mut body = sign(app, &c, signer).await;
    body["items"] = chosen.clone();
    body
}

async fn signed_cancel(app: &TestApp, cookie: &str, signer: &str) -> Value {
    let c = post(app, "/api/onestop/cancel/challenge", cookie, json!({})).await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.text());
    sign(app, &c.json(), signer).await
}

/// Start / renew all the way to 受付済; returns the application id.
async fn consent(app: &TestApp, cookie: &str, key: &str, chosen: &Value) -> String {
    let person = app.get("/api/session", Some(cookie)).await.json()["person"].as_str().unwrap().to_string();
    let body = signed_consent(app, cookie, chosen, &person).await;
    let a = app.post_keyed("/api/onestop/consent", cookie, key, &body).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    assert_eq!(a.json()["status"], "受付済");
    assert_eq!(a.json()["kind"], "onestop_consent");
    a.json()["id"].as_str().unwrap().to_string()
}

async fn cancel(app: &TestApp, cookie: &str, key: &str, signer: &str) -> Answer {
    let body = signed_cancel(app, cookie, signer).await;
    app.post_keyed("/api/onestop/cancel", cookie, key, &body).await
}

async fn set_clock(app: &TestApp, now: &str) {
    let a = app.send(Method::PUT, "/api/demo/clock", None, Some(json!({ "now": now }))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
}

async fn jlis(app: &TestApp, body: Value) -> Answer {
    app.send(Method::POST, "/api/demo/jlis-change", None, Some(body)).await
}

async fn notices_titled(app: &TestApp, cookie: &str, title: &str) -> Vec<Value> {
    let mut found = Vec::new();
    for n in app.notices(cookie).await {
        if n["title"] == title {
            let d = app.get(&format!("/api/notices/{}", n["id"].as_str().unwrap()), Some(cookie)).await.json();
            found.push(d);
        }
    }
    found
}

const RESULT: &str = "利用同意申請の処理結果について";
const CHANGE_RESULT: &str = "同意項目（住所・氏名・生年月日）の変更の処理結果について";

#[tokio::test]
async fn taro_sees_his_seeded_consent() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let s = status(&app, &taro).await;
    assert_eq!(s["items"], items(true, true, false));
    assert_eq!(s["consented_on"], "2023-04-01");
    assert_eq!(s["expires_on"], "2033-04-01");
    assert_eq!(s["expired"], false);
    assert_eq!(s["can_start"], true);
    assert_eq!(s["pending"], false);
    assert_eq!(s["as_of"], "2026-12-15T01:00:00Z", "the demo clock");
}

#[tokio::test]
async fn eligibility_follows_the_holding_status() {
    let app = app(true).await;
    // (person, may view / cancel, may start / renew)
    for (person, view, start) in [
        ("taro", true, true),    // マイナ免許証のみ
        ("hanako", true, false), // 運転免許証 + マイナ免許証
        ("ume", true, true),     // マイナ経歴証明書のみ
        ("matsu", true, false),  // 運転経歴証明書 + マイナ経歴証明書
    ] {
        let cookie = app.login(person).await;
        let s = app.get("/api/onestop", Some(&cookie)).await;
        assert_eq!(s.status.is_success(), view, "{person}: {}", s.text());
        assert_eq!(s.json()["can_start"], start, "{person}");
        let c =
            post(&app, "/api/onestop/consent/challenge", &cookie, json!({ "items": items(true, false, false) })).await;
        if start {
            assert_eq!(c.status, StatusCode::OK, "{person}: {}", c.text());
        } else {
            assert_eq!((c.status, c.problem_code()), (StatusCode::FORBIDDEN, "not_eligible".into()), "{person}");
            // The signed submission is re-checked too, before anything else.
            let body =
                json!({ "challenge": "x", "certificate": "", "signature": "", "items": items(true, false, false) });
            let a = app.post_keyed("/api/onestop/consent", &cookie, "k", &body).await;
            assert_eq!(a.problem_code(), "not_eligible", "{person}");
        }
    }
    // Not linked (ichiro), or a status that cannot link (ken): nothing at all.
    for person in ["ichiro", "ken"] {
        let cookie = app.login(person).await;
        assert_eq!(app.get("/api/onestop", Some(&cookie)).await.problem_code(), "not_linked", "{person}");
        let c = post(&app, "/api/onestop/cancel/challenge", &cookie, json!({})).await;
        assert_eq!(c.problem_code(), "not_linked", "{person}");
    }
    assert_eq!(app.get("/api/onestop", None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.rows("applications").await, 0);
}

#[tokio::test]
async fn all_unconsented_is_refused_and_changes_nothing() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let none = items(false, false, false);
    let c = post(&app, "/api/onestop/consent/challenge", &taro, json!({ "items": none })).await;
    assert_eq!((c.status, c.problem_code()), (StatusCode::BAD_REQUEST, "no_item_selected".into()));
    assert!(c.json()["detail"].as_str().unwrap().contains("1つ以上"));
    assert_eq!(app.rows("signature_challenges").await, 0, "no challenge issued");

    // A signed body claiming all 同意しない is refused before its challenge is used.
    let mut body = signed_consent(&app, &taro, &items(true, false, false), "taro").await;
    body["items"] = none;
    let a = app.post_keyed("/api/onestop/consent", &taro, "k", &body).await;
    assert_eq!(a.problem_code(), "no_item_selected");
    let used: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM signature_challenges WHERE used_at IS NOT NULL")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(used, 0);
    // Malformed items are refused as a bad body.
    let bad = post(&app, "/api/onestop/consent/challenge", &taro, json!({ "items": { "address": "yes" } })).await;
    assert_eq!(bad.problem_code(), "invalid_body");
    assert_eq!(app.rows("applications").await, 0);
    assert_eq!(status(&app, &taro).await["items"], items(true, true, false));
}

/// The same key with other items (or another signature) is not the same request: 409, as
/// `POST /api/applications` answers for another document. Before issue 16 the replay check
/// compared only the kind and answered 200 with the first application.
#[tokio::test]
async fn a_used_key_with_other_items_or_signature_is_refused() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let body = signed_consent(&app, &taro, &items(true, true, true), "taro").await;
    let first = app.post_keyed("/api/onestop/consent", &taro, "key-1", &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());

    let mut other_items = body.clone();
    other_items["items"] = items(true, false, false);
    let a = app.post_keyed("/api/onestop/consent", &taro, "key-1", &other_items).await;
    assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::CONFLICT, "idempotency_key_reused"));

    let other_signature = signed_consent(&app, &taro, &items(true, true, true), "taro").await;
    let a = app.post_keyed("/api/onestop/consent", &taro, "key-1", &other_signature).await;
    assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::CONFLICT, "idempotency_key_reused"));

    // The first request itself is still a replay, and only one application exists.
    let again = app.post_keyed("/api/onestop/consent", &taro, "key-1", &body).await;
    assert_eq!((again.status, again.header("idempotent-replayed")), (StatusCode::OK, "true"));
    assert_eq!(app.rows("applications").await, 1);
}

/// A card signature is a re-authentication (issue 16): the accepted submission comes with
/// a new session token; the old one answers a little longer (a double tap already sent
/// with it is replayed, not logged out), then not at all. The session stays one entry.
#[tokio::test]
async fn a_signed_submission_rotates_the_session_token() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let body = signed_consent(&app, &taro, &items(true, true, true), "taro").await;
    let first = app.post_keyed("/api/onestop/consent", &taro, "rot-1", &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let rotated = first.session_cookie();
    assert!(rotated.starts_with("__Host-session=") && rotated != taro, "a new token: {}", first.header("set-cookie"));
    // Within the grace: the double tap with the old cookie is the same application.
    let again = app.post_keyed("/api/onestop/consent", &taro, "rot-1", &body).await;
    assert_eq!((again.status, again.header("idempotent-replayed")), (StatusCode::OK, "true"));
    let list = app.get("/api/sessions", Some(&rotated)).await.json();
    assert_eq!(list.as_array().unwrap().len(), 1, "one session, not two: {list}");
    assert_eq!(list[0]["current"], true);
    // After the grace (the server's clock moved 61 s) the old token is refused; the new one works.
    app.state.wall.advance(chrono::Duration::seconds(61));
    assert_eq!(app.get("/api/session", Some(&taro)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/session", Some(&rotated)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn consenting_to_the_birth_date_is_processed_with_ten_years() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let chosen = items(true, true, true);
    let body = signed_consent(&app, &taro, &chosen, "taro").await;
    let first = app.post_keyed("/api/onestop/consent", &taro, "tap-1", &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    assert_eq!(first.json()["status"], "受付済");
    // A double tap (the same key, the same used challenge): the same application.
    let again = app.post_keyed("/api/onestop/consent", &taro, "tap-1", &body).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text());
    assert_eq!(again.header("idempotent-replayed"), "true");
    assert_eq!(again.json()["id"], first.json()["id"]);
    assert_eq!(app.rows("applications").await, 1);
    let id = first.json()["id"].as_str().unwrap().to_string();

    // Stored with its signature and certificate serial (the audit trail).
    let (sig, serial): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT signature, certificate_serial FROM applications WHERE id = $1")
            .bind(&id)
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
    assert!(sig.is_some_and(|s| !s.is_empty()) && serial.is_some_and(|s| !s.is_empty()));

    // Before processing: still the old consent, and an application pending.
    let s = status(&app, &taro).await;
    assert_eq!((s["items"].clone(), s["pending"].clone()), (items(true, true, false), json!(true)));

    assert_eq!(app.process().await, 1);
    let s = status(&app, &taro).await;
    assert_eq!(s["items"], items(true, true, true));
    assert_eq!(s["consented_on"], "2026-12-15", "the processing date");
    assert_eq!(s["expires_on"], "2036-12-15", "ten years on");
    assert_eq!(s["pending"], false);
    let d = app.get(&format!("/api/applications/{id}"), Some(&taro)).await.json();
    assert_eq!(d["status"], "完了");

    let results = notices_titled(&app, &taro, RESULT).await;
    assert_eq!(results.len(), 1);
    let body = results[0]["body"].as_str().unwrap();
    for text in ["生年月日：同意済", "同意日：令和8年12月15日", "有効期限：令和18年12月15日"]
    {
        assert!(body.contains(text), "{text} in {body}");
    }
    assert_eq!(results[0]["application_id"], id.as_str());
    app.process().await;
    assert_eq!(notices_titled(&app, &taro, RESULT).await.len(), 1, "once");
}

#[tokio::test]
async fn renewal_restarts_the_ten_years_with_the_new_items() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    set_clock(&app, "2028-06-01T09:30:00+09:00").await;
    consent(&app, &taro, "renew-1", &items(true, false, false)).await;
    app.process().await;
    let s = status(&app, &taro).await;
    assert_eq!(s["items"], items(true, false, false), "氏名 no longer consented");
    assert_eq!((s["consented_on"].as_str(), s["expires_on"].as_str()), (Some("2028-06-01"), Some("2038-06-01")));

    // (The demo cards' certificates run to 2030-03-31.)
    set_clock(&app, "2029-02-03T09:30:00+09:00").await;
    consent(&app, &taro, "renew-2", &items(true, false, false)).await;
    app.process().await;
    let s = status(&app, &taro).await;
    assert_eq!((s["consented_on"].as_str(), s["expires_on"].as_str()), (Some("2029-02-03"), Some("2039-02-03")));
    assert_eq!(notices_titled(&app, &taro, RESULT).await.len(), 2);
}

#[tokio::test]
async fn ume_starts_from_nothing() {
    let app = app(true).await;
    let ume = app.login("ume").await;
    let s = status(&app, &ume).await;
    assert_eq!(s["items"], items(false, false, false));
    assert_eq!((s["consented_on"].clone(), s["expires_on"].clone()), (Value::Null, Value::Null));
    // Nothing to cancel yet.
    let c = post(&app, "/api/onestop/cancel/challenge", &ume, json!({})).await;
    assert_eq!((c.status, c.problem_code()), (StatusCode::CONFLICT, "nothing_to_cancel".into()));

    consent(&app, &ume, "k", &items(false, true, false)).await;
    app.process().await;
    let s = status(&app, &ume).await;
    assert_eq!(s["items"], items(false, true, false));
    assert_eq!(s["expires_on"], "2036-12-15");
}

#[tokio::test]
async fn matsu_views_and_cancels_but_cannot_renew() {
    let app = app(true).await;
    let matsu = app.login("matsu").await;
    let s = status(&app, &matsu).await;
    assert_eq!((s["items"].clone(), s["can_start"].clone()), (items(true, false, false), json!(false)));
    let a = cancel(&app, &matsu, "c", "matsu").await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    assert_eq!(a.json()["kind"], "onestop_consent_cancel");
    app.process().await;
    assert_eq!(status(&app, &matsu).await["items"], items(false, false, false));
}

#[tokio::test]
async fn signature_refusals_change_nothing() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let chosen = items(true, true, true);

    // Signed for 住所 only, sent as all three: the document names other items.
    let mut body = signed_consent(&app, &taro, &items(true, false, false), "taro").await;
    body["items"] = chosen.clone();
    let a = app.post_keyed("/api/onestop/consent", &taro, "k1", &body).await;
    assert_eq!((a.status, a.problem_code()), (StatusCode::FORBIDDEN, "document_mismatch".into()));

    // Signed with another person's card.
    let body = signed_consent(&app, &taro, &chosen, "hanako").await;
    let a = app.post_keyed("/api/onestop/consent", &taro, "k2", &body).await;
    assert_eq!(a.problem_code(), "cert_wrong_person");
    // That challenge is used up now: a retry with a new key is a replay of the challenge.
    let a = app.post_keyed("/api/onestop/consent", &taro, "k3", &body).await;
    assert_eq!((a.status, a.problem_code()), (StatusCode::CONFLICT, "challenge_used".into()));

    // Not base64; a signature over something else.
    let mut body = signed_consent(&app, &taro, &chosen, "taro").await;
    body["signature"] = json!("!!not base64!!");
    assert_eq!(app.post_keyed("/api/onestop/consent", &taro, "k4", &body).await.problem_code(), "malformed");
    let mut body = signed_consent(&app, &taro, &chosen, "taro").await;
    let other = signed_consent(&app, &taro, &chosen, "taro").await;
    body["signature"] = other["signature"].clone();
    assert_eq!(app.post_keyed("/api/onestop/consent", &taro, "k5", &body).await.problem_code(), "bad_signature");

    // A cancellation's challenge cannot carry a consent (and the reverse).
    let mut body = signed_cancel(&app, &taro, "taro").await;
    body["items"] = chosen.clone();
    assert_eq!(app.post_keyed("/api/onestop/consent", &taro, "k6", &body).await.problem_code(), "challenge_unknown");
    let body = signed_consent(&app, &taro, &chosen, "taro").await;
    assert_eq!(app.post_keyed("/api/onestop/cancel", &taro, "k7", &body).await.problem_code(), "challenge_unknown");

    // A login challenge signed with the signing key: not this purpose.
    let login = app.send(Method::POST, "/api/login/challenge", None, None).await.json();
    let mut body = sign(&app, &login, "taro").await;
    body["items"] = chosen.clone();
    assert_eq!(app.post_keyed("/api/onestop/consent", &taro, "k8", &body).await.problem_code(), "challenge_unknown");

    // Another person's challenge (hanako's session cannot answer taro's).
    let ume = app.login("ume").await;
    let body = signed_consent(&app, &taro, &chosen, "ume").await;
    assert_eq!(app.post_keyed("/api/onestop/consent", &ume, "k9", &body).await.problem_code(), "challenge_unknown");

    // No key, a bad key.
    let body = signed_consent(&app, &taro, &chosen, "taro").await;
    let a = post(&app, "/api/onestop/consent", &taro, body.clone()).await;
    assert_eq!(a.problem_code(), "idempotency_key_required");
    assert_eq!(
        app.post_keyed("/api/onestop/consent", &taro, "has space", &body).await.problem_code(),
        "invalid_idempotency_key"
    );

    assert_eq!(app.rows("applications").await, 0);
    app.process().await;
    assert_eq!(status(&app, &taro).await["items"], items(true, true, false));
    assert!(notices_titled(&app, &taro, RESULT).await.is_empty());
}

#[tokio::test]
async fn a_concurrent_double_tap_makes_one_application() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let body = signed_consent(&app, &taro, &items(true, true, true), "taro").await;
    let (a, b) = tokio::join!(
        app.post_keyed("/api/onestop/consent", &taro, "same", &body),
        app.post_keyed("/api/onestop/consent", &taro, "same", &body),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CREATED], "{} / {}", a.text(), b.text());
    assert_eq!(a.json()["id"], b.json()["id"]);
    assert_eq!(app.rows("applications").await, 1);
    // The key belongs to the consent: a cancellation with it is refused.
    let c = cancel(&app, &taro, "same", "taro").await;
    assert_eq!(c.problem_code(), "idempotency_key_reused");
}

#[tokio::test]
async fn cancel_clears_all_three() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let a = cancel(&app, &taro, "cancel-1", "taro").await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    assert_eq!(a.json()["status"], "受付済");
    assert_eq!(app.process().await, 1);
    let s = status(&app, &taro).await;
    assert_eq!(s["items"], items(false, false, false));
    assert_eq!((s["consented_on"].clone(), s["expires_on"].clone()), (Value::Null, Value::Null));
    let results = notices_titled(&app, &taro, RESULT).await;
    assert_eq!(results.len(), 1);
    let body = results[0]["body"].as_str().unwrap();
    assert!(body.contains("利用同意解除申請の処理が完了") && body.contains("運転免許センター等への届出"), "{body}");
    // Nothing left to cancel.
    let c = post(&app, "/api/onestop/cancel/challenge", &taro, json!({})).await;
    assert_eq!(c.problem_code(), "nothing_to_cancel");
    // And taro can start again.
    consent(&app, &taro, "again", &items(false, false, true)).await;
    app.process().await;
    assert_eq!(status(&app, &taro).await["items"], items(false, false, true));
}

#[tokio::test]
async fn a_consent_applied_for_can_be_cancelled_before_processing() {
    let app = app(true).await;
    let ume = app.login("ume").await;
    consent(&app, &ume, "c1", &items(true, false, false)).await;
    let a = cancel(&app, &ume, "c2", "ume").await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    assert_eq!(app.process().await, 2);
    assert_eq!(status(&app, &ume).await["items"], items(false, false, false), "processed in order");
}

#[tokio::test]
async fn the_consent_expires_after_ten_years() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    set_clock(&app, "2033-04-01T23:59:00+09:00").await;
    assert_eq!(status(&app, &taro).await["items"], items(true, true, false), "valid through 有効期限");
    set_clock(&app, "2033-04-02T00:00:00+09:00").await;
    let s = status(&app, &taro).await;
    assert_eq!((s["items"].clone(), s["expired"].clone()), (items(false, false, false), json!(true)));
    assert_eq!(s["expires_on"], "2033-04-01");
    // An expired consent forwards nothing.
    let a = jlis(&app, json!({ "person": "taro", "address": "東京都千代田区霞が関二丁目1番2号" })).await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.text());
    app.process().await;
    assert_eq!(app.get("/api/license", Some(&taro)).await.json()["address"], "東京都港区芝浦四丁目5番6号");
}

#[tokio::test]
async fn a_jlis_change_updates_the_consented_items_only_and_notifies_once() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let before = app.get("/api/license", Some(&taro)).await.json();
    assert_eq!(before["address"], "東京都港区芝浦四丁目5番6号");

    // 住所 is consented, 生年月日 is not.
    let new_address = "東京都千代田区霞が関二丁目1番2号";
    let a = jlis(&app, json!({ "person": "taro", "address": new_address, "birth_date": "1996-01-02" })).await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.text());
    assert!(a.json()["id"].as_str().is_some_and(|id| !id.is_empty()));
    app.process().await;

    let after = app.get("/api/license", Some(&taro)).await.json();
    assert_eq!(after["address"], new_address);
    assert_eq!(after["birth_date"], before["birth_date"], "生年月日 is not consented");
    assert_eq!(after["name"], before["name"]);
    assert_eq!(after["registered_on"], "2026-12-15");
    assert!(after["detail"]["remarks"].as_array().unwrap().iter().any(|r| r == "住所変更 令和8年12月15日"), "{after}");
    let results = notices_titled(&app, &taro, CHANGE_RESULT).await;
    assert_eq!(results.len(), 1);
    let body = results[0]["body"].as_str().unwrap();
    assert!(body.contains(new_address) && body.contains("同意していない項目（生年月日）"), "{body}");
    assert_eq!(results[0]["application_id"], Value::Null);

    // Running again changes and sends nothing more.
    app.process().await;
    app.process().await;
    assert_eq!(notices_titled(&app, &taro, CHANGE_RESULT).await.len(), 1);

    // After cancelling, the next change stays at the municipality.
    cancel(&app, &taro, "cancel", "taro").await;
    app.process().await;
    jlis(&app, json!({ "person": "taro", "address": "北海道札幌市中央区北一条西二丁目1番地" })).await;
    app.process().await;
    assert_eq!(app.get("/api/license", Some(&taro)).await.json()["address"], new_address);
    assert_eq!(notices_titled(&app, &taro, CHANGE_RESULT).await.len(), 1);
}

#[tokio::test]
async fn a_change_without_consent_reaches_nothing() {
    let app = app(true).await;
    let ume = app.login("ume").await;
    let before = app.get("/api/license", Some(&ume)).await.json();
    jlis(&app, json!({ "person": "ume", "name": "経歴 うめ子" })).await;
    app.process().await;
    assert_eq!(app.get("/api/license", Some(&ume)).await.json(), before);
    assert!(app.notices(&ume).await.is_empty());
    let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jlis_changes WHERE processed_at IS NULL")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(pending, 0, "handled, with nothing applied");
}

#[tokio::test]
async fn bad_changes_are_refused_in_japanese() {
    let app = app(true).await;
    for (body, status, code) in [
        (json!({ "person": "taro" }), StatusCode::BAD_REQUEST, "invalid_change"),
        (json!({ "person": "taro", "address": "   " }), StatusCode::BAD_REQUEST, "invalid_change"),
        (json!({ "person": "taro", "name": "あ".repeat(41) }), StatusCode::BAD_REQUEST, "invalid_change"),
        (json!({ "person": "taro", "birth_date": "2027-01-01" }), StatusCode::BAD_REQUEST, "invalid_change"),
        (json!({ "person": "taro", "birth_date": "1996/01/01" }), StatusCode::BAD_REQUEST, "invalid_body"),
        (json!({ "person": "nobody", "address": "東京都" }), StatusCode::NOT_FOUND, "unknown_person"),
    ] {
        let a = jlis(&app, body.clone()).await;
        assert_eq!((a.status, a.problem_code()), (status, code.to_string()), "{body}");
        let detail = a.json()["detail"].as_str().unwrap().to_string();
        assert!(detail.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)), "Japanese: {detail}");
    }
    assert_eq!(app.rows("jlis_changes").await, 0);
}

#[tokio::test]
async fn the_jlis_endpoint_is_demo_only() {
    let app = app(false).await;
    let a = jlis(&app, json!({ "person": "taro", "address": "東京都" })).await;
    assert_eq!((a.status, a.problem_code()), (StatusCode::NOT_FOUND, "not_found".into()));
}

#[tokio::test]
async fn a_reset_restores_the_seeded_consents() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    cancel(&app, &taro, "c", "taro").await;
    app.process().await;
    jlis(&app, json!({ "person": "ume", "address": "東京都" })).await;
    app.send(Method::POST, "/api/demo/reset", None, None).await;
    assert_eq!(app.rows("jlis_changes").await, 0);
    let taro = app.login("taro").await;
    let s = status(&app, &taro).await;
    assert_eq!((s["items"].clone(), s["consented_on"].clone()), (items(true, true, false), json!("2023-04-01")));
}

#[tokio::test]
async fn each_step_needs_the_terms_agreed_to_and_is_kept_for_a_reload() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let none = app.get("/api/onestop/steps/start", Some(&taro)).await.json();
    assert_eq!((none["terms_agreed"].clone(), none["items"].clone()), (json!(false), Value::Null));
    // No challenge without the terms, for consent and cancel alike.
    let c = app
        .send(
            Method::POST,
            "/api/onestop/consent/challenge",
            Some(&taro),
            Some(json!({ "items": items(true, true, true) })),
        )
        .await;
    assert_eq!((c.status, c.problem_code()), (StatusCode::CONFLICT, "terms_not_agreed".into()));
    let c = app.send(Method::POST, "/api/onestop/cancel/challenge", Some(&taro), Some(json!({}))).await;
    assert_eq!(c.problem_code(), "terms_not_agreed");
    let put = app
        .send(
            Method::PUT,
            "/api/onestop/steps/renew/items",
            Some(&taro),
            Some(json!({ "items": items(true, true, true) })),
        )
        .await;
    assert_eq!(put.problem_code(), "terms_not_agreed");

    // Agreed for renew; the choice is kept; the cancel flow's terms are another matter.
    assert_eq!(
        app.send(Method::POST, "/api/onestop/steps/renew/terms", Some(&taro), None).await.status,
        StatusCode::NO_CONTENT
    );
    let put = app
        .send(
            Method::PUT,
            "/api/onestop/steps/renew/items",
            Some(&taro),
            Some(json!({ "items": items(true, true, true) })),
        )
        .await;
    assert_eq!(put.status, StatusCode::NO_CONTENT);
    let kept = app.get("/api/onestop/steps/renew", Some(&taro)).await.json();
    assert_eq!((kept["terms_agreed"].clone(), kept["items"].clone()), (json!(true), items(true, true, true)));
    assert_eq!(app.get("/api/onestop/steps/start", Some(&taro)).await.json()["terms_agreed"], false);
    let c = app.send(Method::POST, "/api/onestop/cancel/challenge", Some(&taro), Some(json!({}))).await;
    assert_eq!(c.problem_code(), "terms_not_agreed");

    // Submitted: the steps are done, and the completion screen finds the application.
    let chosen = items(true, true, true);
    let c = app
        .send(Method::POST, "/api/onestop/consent/challenge", Some(&taro), Some(json!({ "items": chosen })))
        .await
        .json();
    let mut body = sign(&app, &c, "taro").await;
    body["items"] = chosen;
    let a = app.post_keyed("/api/onestop/consent", &taro, "r-1", &body).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    let after = app.get("/api/onestop/steps/renew", Some(&taro)).await.json();
    assert_eq!(after["terms_agreed"], false);
    assert_eq!(after["latest"]["id"], a.json()["id"]);
    assert_eq!(app.get("/api/onestop/steps/nope", Some(&taro)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_change_after_the_signing_certificate_expired_is_not_applied_and_the_person_is_told() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    // The cards' certificates end on 2030-03-31; taro's consent runs to 令和15年 (2033).
    set_clock(&app, "2031-01-10T10:00:00+09:00").await;
    assert_eq!(status(&app, &taro).await["items"]["address"], true, "the consent is still in force");
    assert_eq!(
        jlis(&app, json!({ "person": "taro", "address": "大阪府大阪市北区梅田一丁目1番1号" })).await.status,
        StatusCode::ACCEPTED
    );
    app.process().await;
    let license = app.get("/api/license", Some(&taro)).await.json();
    assert_eq!(license["address"], "東京都港区芝浦四丁目5番6号", "not applied");
    let told = notices_titled(&app, &taro, "同意項目（住所・氏名・生年月日）の変更の処理結果について").await;
    assert_eq!(told.len(), 1);
    let body = told[0]["body"].as_str().unwrap();
    assert!(
        body.contains("署名用電子証明書の有効期限（令和12年3月31日）が過ぎていたため")
            && body.contains("反映されませんでした"),
        "{body}"
    );
    app.process().await;
    assert_eq!(
        notices_titled(&app, &taro, "同意項目（住所・氏名・生年月日）の変更の処理結果について").await.len(),
        1,
        "once"
    );
}
