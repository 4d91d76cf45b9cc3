//! Card login (`/api/login/challenge`, `/api/login/card`): the jpki client talking to the
//! server's virtual card through the remote reader, the server checking what it signed,
//! and the session that follows. Rejections of the signature itself: tests/signatures.rs.

mod common;

use axum::http::{Method, StatusCode};
use common::anchors::{anchor_ca, registered_card};
use common::card::{card_login, login_challenge, profile, signed_body, LocalCard};
use common::{app, Answer, TestApp};

async fn post_login(app: &TestApp, cookie: Option<&str>, body: serde_json::Value) -> Answer {
    app.send(Method::POST, "/api/login/card", cookie, Some(body)).await
}

#[tokio::test]
async fn taro_logs_in_with_his_card_through_the_remote_reader() {
    let app = app(true).await;
    let a = card_login(&app, "taro").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let info = a.json();
    assert_eq!(
        (info["person"].as_str(), info["name"].as_str(), info["linked"].as_bool()),
        (Some("taro"), Some("免許 太郎"), Some(true))
    );
    let cookie = a.session_cookie();
    assert!(a.header("set-cookie").contains("HttpOnly"));
    let session = app.get("/api/session", Some(&cookie)).await;
    assert_eq!(session.status, StatusCode::OK);
    assert_eq!(session.json()["person"], "taro");
    // The card works in the session now too, without naming anyone.
    let reader = common::card::RemoteReader::for_session(&app, &cookie);
    assert_eq!(reader.tap().await.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn every_demo_person_can_log_in_with_their_own_card() {
    let app = app(true).await;
    for person in ["hanako", "yuki"] {
        let a = card_login(&app, person).await;
        assert_eq!(a.status, StatusCode::OK, "{person}: {}", a.text());
        assert_eq!(a.json()["person"], person);
    }
}

#[tokio::test]
async fn a_card_reported_lost_is_refused_at_login_with_that_reason_also_after_a_reset() {
    let app = app(true).await;
    for round in ["issued", "after a reset"] {
        let a = card_login(&app, "kaede").await;
        assert_eq!(
            (a.status, a.problem_code().as_str()),
            (StatusCode::FORBIDDEN, "cert_revoked"),
            "{round}: {}",
            a.text()
        );
        let detail = a.json()["detail"].as_str().unwrap_or_default().to_string();
        assert!(detail.contains("（理由：紛失の届出によるカードの一時利用停止）"), "{round}: {detail}");
        assert!(detail.contains("マイナンバーカードを紛失したとき"), "{round}: {detail}");
        assert_eq!(app.send(Method::POST, "/api/demo/reset", None, None).await.status, StatusCode::NO_CONTENT);
    }
    // Her neighbour in the list is not touched.
    assert_eq!(card_login(&app, "yuki").await.status, StatusCode::OK);
}

#[tokio::test]
async fn card_login_rotates_the_session() {
    let app = app(true).await;
    let old = app.login("hanako").await;
    let (id, _, digest_info) = login_challenge(&app).await;
    let card = LocalCard::new(profile(&app, "taro").await);
    let (cert, sig) = card.auth_sign(&digest_info).await;
    let a = post_login(&app, Some(&old), signed_body(&id, &cert, &sig)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let new = a.session_cookie();
    assert_ne!(new, old);
    assert_eq!(app.get("/api/session", Some(&old)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/session", Some(&new)).await.json()["person"], "taro");
}

#[tokio::test]
async fn challenges_are_fresh_single_use_and_name_the_time() {
    let app = app(true).await;
    let (a, doc_a, di_a) = login_challenge(&app).await;
    let (b, doc_b, di_b) = login_challenge(&app).await;
    assert_ne!(a, b);
    assert_ne!(doc_a, doc_b, "each document carries its own nonce");
    assert_ne!(di_a, di_b);
    // The demo clock's time, in Japan time.
    assert!(doc_a.contains("2026年12月15日 10:00:00"), "{doc_a}");
    // The DigestInfo is exactly SHA-256(document) behind the standard prefix.
    use sha2::Digest;
    let hash: [u8; 32] = sha2::Sha256::digest(doc_a.as_bytes()).into();
    assert_eq!(di_a, jpki::digest_info_sha256(hash));
    let answer = app.send(Method::POST, "/api/login/challenge", None, None).await;
    assert_eq!(answer.header("cache-control"), "no-store");
}

#[tokio::test]
async fn login_errors_are_problems_with_their_own_codes() {
    let app = app(true).await;
    let card = LocalCard::new(profile(&app, "taro").await);

    // Replay: the same answer twice.
    let (id, _, digest_info) = login_challenge(&app).await;
    let (cert, sig) = card.auth_sign(&digest_info).await;
    assert_eq!(post_login(&app, None, signed_body(&id, &cert, &sig)).await.status, StatusCode::OK);
    let replay = post_login(&app, None, signed_body(&id, &cert, &sig)).await;
    assert_eq!((replay.status, replay.problem_code().as_str()), (StatusCode::CONFLICT, "challenge_used"));
    assert!(replay.headers.get("set-cookie").is_none());
    let detail = replay.json()["detail"].as_str().unwrap().to_string();
    assert!(detail.contains("読み取り開始"), "{detail}");

    // Unknown challenge.
    let a = post_login(&app, None, signed_body("0123456789abcdef0123456789abcdef", &cert, &sig)).await;
    assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::BAD_REQUEST, "challenge_unknown"));

    // Not JSON of the right shape: the generic body error, before any card check.
    let a = post_login(&app, None, serde_json::json!({ "challenge": id })).await;
    assert_eq!(a.problem_code(), "invalid_body");
}

#[tokio::test]
async fn card_login_works_outside_demo_mode() {
    // No remote reader and no demo people: a registered person with a card issued by a
    // configured trust anchor signs with a card the server never sees (as through a
    // phone's native bridge). tests/production.rs has the refusals.
    let app = app(false).await;
    let card = LocalCard::new(registered_card(&app, &anchor_ca().await, "taro").await);
    let (id, document, digest_info) = login_challenge(&app).await;
    assert!(!document.is_empty());
    let (cert, sig) = card.auth_sign(&digest_info).await;
    let a = post_login(&app, None, signed_body(&id, &cert, &sig)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(a.json()["person"], "taro");
}
