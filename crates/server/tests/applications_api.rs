//! `POST /api/applications`: durable 受付済, idempotent on the key (one after another and
//! all at once), refusals that change nothing; listing and detail only for the owner.

mod common;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use common::{app, app_with};
use serde_json::json;
use server::store::{persons, sessions};

fn demo(document: &str) -> serde_json::Value {
    json!({ "kind": "demo", "document": document })
}

#[tokio::test]
async fn a_submission_is_accepted_and_stored_before_the_answer() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let a = app.submit_raw(&taro, Some("key-1"), demo(r#"{"n":1}"#)).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    let body = a.json();
    assert_eq!(body["status"], "受付済");
    assert_eq!(body["kind"], "demo");
    assert_eq!(body["submitted_at"], "2026-12-15T01:00:00Z", "the demo clock's instant");
    let id = body["id"].as_str().unwrap();
    // The person's 受付番号: twelve grouped digits with a check digit, not the long id.
    let receipt_no = body["receipt_no"].as_str().unwrap();
    assert!(domain::applications::is_receipt_number(receipt_no), "{receipt_no}");
    assert!(!receipt_no.contains(id) && id.len() > receipt_no.len());
    assert_eq!(a.header("location"), format!("/api/applications/{id}"));
    assert_eq!(a.header("idempotent-replayed"), "false");

    // Committed: a second connection sees it at once.
    let (status, key, document): (String, String, String) =
        sqlx::query_as("SELECT status, idempotency_key, document FROM applications WHERE id = $1")
            .bind(id)
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
    assert_eq!((status.as_str(), key.as_str(), document.as_str()), ("accepted", "key-1", r#"{"n":1}"#));

    let list = app.get("/api/applications", Some(&taro)).await.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["receipt_no"], receipt_no);
    assert_eq!(list[0]["status"], "受付済");
    let detail = app.get(&format!("/api/applications/{id}"), Some(&taro)).await.json();
    assert_eq!(detail["receipt_no"], receipt_no);
    assert_eq!(detail["history"], json!([{ "status": "受付済", "at": "2026-12-15T01:00:00Z" }]));
    assert_eq!(detail["notice_id"], serde_json::Value::Null);
    assert_eq!(detail["reject_reason"], serde_json::Value::Null);
}

#[tokio::test]
async fn the_same_key_twice_in_a_row_is_one_application() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let first = app.submit_raw(&taro, Some("double-tap"), demo("{}")).await;
    let second = app.submit_raw(&taro, Some("double-tap"), demo("{}")).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(second.status, StatusCode::OK, "{}", second.text());
    assert_eq!(second.header("idempotent-replayed"), "true");
    assert_eq!(first.json(), second.json());
    assert_eq!(app.rows("applications").await, 1);
    assert_eq!(app.rows("application_events").await, 1);

    // After processing, the replay reports the current status of that same application.
    app.process().await;
    let third = app.submit_raw(&taro, Some("double-tap"), demo("{}")).await;
    assert_eq!(third.json()["id"], first.json()["id"]);
    assert_eq!(third.json()["status"], "完了");
    assert_eq!(app.rows("applications").await, 1);

    // Keys are per person: hanako's "double-tap" is her own application.
    let hanako = app.login("hanako").await;
    let hers = app.submit_raw(&hanako, Some("double-tap"), demo("{}")).await;
    assert_eq!(hers.status, StatusCode::CREATED);
    assert_ne!(hers.json()["id"], first.json()["id"]);
    assert_eq!(app.rows("applications").await, 2);
}

#[tokio::test]
async fn twenty_concurrent_submissions_with_one_key_make_one_application() {
    let app = std::sync::Arc::new(app(true).await);
    let taro = app.login("taro").await;
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (app, taro) = (app.clone(), taro.clone());
        tasks.push(tokio::spawn(async move { app.submit_raw(&taro, Some("same-key"), demo("{}")).await }));
    }
    let mut ids = std::collections::BTreeSet::new();
    let mut created = 0;
    for t in tasks {
        let a = t.await.unwrap();
        assert!(a.status == StatusCode::CREATED || a.status == StatusCode::OK, "{} {}", a.status, a.text());
        created += (a.status == StatusCode::CREATED) as u32;
        assert_eq!(a.json()["status"], "受付済");
        ids.insert(a.json()["id"].as_str().unwrap().to_string());
    }
    assert_eq!(ids.len(), 1, "every answer names the same application");
    assert_eq!(created, 1, "exactly one request created it");
    assert_eq!(app.rows("applications").await, 1);
    assert_eq!(app.rows("application_events").await, 1);
}

#[tokio::test]
async fn concurrent_submissions_with_different_keys_are_all_kept_in_order() {
    let app = std::sync::Arc::new(app(true).await);
    let taro = app.login("taro").await;
    let mut tasks = Vec::new();
    for i in 0..12 {
        let (app, taro) = (app.clone(), taro.clone());
        tasks.push(tokio::spawn(async move { app.submit_raw(&taro, Some(&format!("k{i}")), demo("{}")).await }));
    }
    let mut receipts = std::collections::BTreeSet::new();
    for t in tasks {
        let a = t.await.unwrap();
        assert_eq!(a.status, StatusCode::CREATED);
        let receipt_no = a.json()["receipt_no"].as_str().unwrap().to_string();
        assert!(domain::applications::is_receipt_number(&receipt_no), "{receipt_no}");
        receipts.insert(receipt_no);
    }
    assert_eq!(receipts.len(), 12, "every application has its own 受付番号");
    assert_eq!(app.rows("applications").await, 12);
    let seqs: Vec<i64> = sqlx::query_scalar("SELECT seq FROM applications ORDER BY seq")
        .fetch_all(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(seqs, (1..=12).collect::<Vec<_>>());
}

#[tokio::test]
async fn a_reused_key_with_other_content_is_refused() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let first = app.submit_demo(&taro, "k", r#"{"a":1}"#).await;
    let other = app.submit_raw(&taro, Some("k"), demo(r#"{"a":2}"#)).await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert_eq!(other.problem_code(), "idempotency_key_reused");
    assert_eq!(app.rows("applications").await, 1);
    let stored: String = sqlx::query_scalar("SELECT document FROM applications WHERE id = $1")
        .bind(&first)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(stored, r#"{"a":1}"#);
}

#[tokio::test]
async fn refused_submissions_change_nothing() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let ume = app.login("ume").await;
    let long = "x".repeat(domain::applications::DOCUMENT_MAX + 1);
    let cases: Vec<(&str, Option<&str>, serde_json::Value, StatusCode, &str)> = vec![
        (&taro, None, demo("{}"), StatusCode::BAD_REQUEST, "idempotency_key_required"),
        (&taro, Some("has space"), demo("{}"), StatusCode::BAD_REQUEST, "invalid_idempotency_key"),
        (&taro, Some("k"), demo(""), StatusCode::BAD_REQUEST, "invalid_document"),
        (&taro, Some("k"), demo("   "), StatusCode::BAD_REQUEST, "invalid_document"),
        (&taro, Some("k"), demo(&long), StatusCode::BAD_REQUEST, "invalid_document"),
        (&taro, Some("k"), json!({ "kind": "other", "document": "{}" }), StatusCode::BAD_REQUEST, "invalid_body"),
        (&taro, Some("k"), json!({ "kind": "demo" }), StatusCode::BAD_REQUEST, "invalid_body"),
        // A lecture is recorded only by finishing it on the lecture site.
        (
            &ume,
            Some("k"),
            json!({ "kind": "online_lecture", "document": "{}" }),
            StatusCode::BAD_REQUEST,
            "submitted_by_its_flow",
        ),
        (
            &taro,
            Some("k"),
            json!({ "kind": "online_lecture", "document": "{}" }),
            StatusCode::BAD_REQUEST,
            "submitted_by_its_flow",
        ),
        // The one-stop kinds need the card signature of their own endpoints.
        (
            &taro,
            Some("k"),
            json!({ "kind": "onestop_consent", "document": "{}" }),
            StatusCode::BAD_REQUEST,
            "signature_required",
        ),
        (
            &taro,
            Some("k"),
            json!({ "kind": "onestop_consent_cancel", "document": "{}" }),
            StatusCode::BAD_REQUEST,
            "signature_required",
        ),
        // So does 本籍 (its own signed flow, /api/honseki).
        (
            &taro,
            Some("k"),
            json!({ "kind": "honseki_change", "document": "{}" }),
            StatusCode::BAD_REQUEST,
            "signature_required",
        ),
        (&taro, Some("k"), demo("{}"), StatusCode::CREATED, ""),
    ];
    for (i, (cookie, key, body, status, code)) in cases.into_iter().enumerate() {
        let a = app.submit_raw(cookie, key, body).await;
        assert_eq!(a.status, status, "case {i}: {}", a.text());
        if status.is_success() {
            continue;
        }
        assert_eq!(a.problem_code(), code, "case {i}");
        assert_eq!(app.rows("applications").await, 0, "case {i}");
        assert_eq!(app.rows("application_events").await, 0, "case {i}");
    }
    // The refused attempts did not use up the key: the valid one above created with "k".
    assert_eq!(app.rows("applications").await, 1);

    let not_logged_in = app.submit_raw("__Host-session=none", Some("k2"), demo("{}")).await;
    assert_eq!(not_logged_in.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.rows("applications").await, 1);
    // The limit itself is accepted, in bytes, whole (one over is refused above).
    let at_limit = "あ".repeat(domain::applications::DOCUMENT_MAX / 3) + "x";
    assert_eq!(at_limit.len(), domain::applications::DOCUMENT_MAX);
    let id = app.submit_demo(&taro, "k3", &at_limit).await;
    let stored: String = sqlx::query_scalar("SELECT document FROM applications WHERE id = $1")
        .bind(&id)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(stored, at_limit);
}

#[tokio::test]
async fn the_demo_kind_is_refused_outside_demo_mode() {
    let app = app_with(false, |_| {}).await;
    let mut tx = app.state.store.begin().await.unwrap();
    let taro = server::demo::seed::people().into_iter().next().unwrap();
    persons::insert(&mut tx, &taro).await.unwrap();
    tx.commit().await.unwrap();
    let token = "ab".repeat(32);
    let now = Utc::now();
    let new = sessions::NewSession {
        token_hash: &server::session::hash_token(&token),
        person_id: "taro",
        public_id: "p1",
        device: "不明な端末",
        now,
        expires_at: now + Duration::hours(1),
    };
    sessions::create(&app.state.store, &new).await.unwrap();
    let cookie = format!("__Host-session={token}");
    let a = app.submit_raw(&cookie, Some("k"), demo("{}")).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.text());
    assert_eq!(a.problem_code(), "not_eligible");
    assert_eq!(app.rows("applications").await, 0);
    // Outside demo mode no kind is open to this route: every real kind has its own flow.
    let a = app.submit_raw(&cookie, Some("k"), json!({ "kind": "online_lecture", "document": "{}" })).await;
    assert_eq!(a.problem_code(), "submitted_by_its_flow", "{}", a.text());
}

#[tokio::test]
async fn another_persons_application_is_not_found() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let hanako = app.login("hanako").await;
    let id = app.submit_demo(&taro, "k", "{}").await;
    let theirs = app.get(&format!("/api/applications/{id}"), Some(&hanako)).await;
    let unknown = app.get("/api/applications/0123456789abcdef0123456789abcdef", Some(&hanako)).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(theirs.problem_code(), "not_found");
    assert_eq!(theirs.body, unknown.body, "indistinguishable from an unknown id");
    assert_eq!(app.get("/api/applications", Some(&hanako)).await.json(), json!([]));
    assert_eq!(app.get("/api/applications", None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get(&format!("/api/applications/{id}"), None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_list_is_newest_first() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let first = app.submit_demo(&taro, "a", "{}").await;
    let second = app.submit_demo(&taro, "b", "{}").await;
    let list = app.get("/api/applications", Some(&taro)).await.json();
    let ids: Vec<&str> = list.as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [second.as_str(), first.as_str()]);
}

/// Issue 24.8: one lock for everyone serialised every person's signed submissions (and was
/// held while waiting on the database's). The turn is per person: hanako's is not held
/// back by taro's, taro's second waits for his first.
#[tokio::test]
async fn one_persons_signed_submission_does_not_hold_back_anothers() {
    use server::applications::signed::one_signed_submission_at_a_time as turn;
    let app = app(true).await;
    let taros = turn(&app.state, "taro").await.unwrap();
    let hanakos = tokio::time::timeout(std::time::Duration::from_secs(10), turn(&app.state, "hanako")).await;
    assert!(hanakos.is_ok(), "hanako's turn while taro holds his");
    drop(hanakos);
    let again = tokio::time::timeout(std::time::Duration::from_millis(300), turn(&app.state, "taro")).await;
    assert!(again.is_err(), "taro's second turn waits while his first is held");
    drop(taros);
    let again = tokio::time::timeout(std::time::Duration::from_secs(10), turn(&app.state, "taro")).await;
    assert!(again.is_ok(), "and has it once the first is gone");
}
