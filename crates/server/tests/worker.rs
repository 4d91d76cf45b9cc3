//! The worker: 受付済 → 処理中 → 完了 / 却下, exactly one notice per result, also when a
//! run is cut short between steps or inside the last one; time-based notices once per period.

mod common;

use axum::http::Method;
use common::{app, app_with};
use serde_json::{json, Value};
use server::worker;

async fn result_notices(app: &common::TestApp, id: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE application_id = $1")
        .bind(id)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap()
}

fn statuses(detail: &Value) -> Vec<String> {
    detail["history"].as_array().unwrap().iter().map(|e| e["status"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn each_result_gets_exactly_one_notice() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let done = app.submit_demo(&taro, "a", r#"{"n":1}"#).await;
    let refused = app.submit_demo(&taro, "b", r#"{"reject":"添付書類が確認できませんでした。"}"#).await;

    assert_eq!(app.process().await, 2);
    let d = app.get(&format!("/api/applications/{done}"), Some(&taro)).await.json();
    assert_eq!(d["status"], "完了");
    assert_eq!(statuses(&d), ["受付済", "処理中", "完了"]);
    let r = app.get(&format!("/api/applications/{refused}"), Some(&taro)).await.json();
    assert_eq!(r["status"], "却下");
    assert_eq!(r["reject_reason"], "添付書類が確認できませんでした。");
    assert_eq!(statuses(&r), ["受付済", "処理中", "却下"]);

    // Running again (and again) finds nothing and adds nothing.
    assert_eq!(app.process().await, 0);
    assert_eq!(worker::run_once(&app.state).await.unwrap().processed, 0);
    assert_eq!(result_notices(&app, &done).await, 1);
    assert_eq!(result_notices(&app, &refused).await, 1);

    let notice_id = d["notice_id"].as_str().unwrap();
    let n = app.get(&format!("/api/notices/{notice_id}"), Some(&taro)).await.json();
    assert_eq!(n["title"], "デモ申請の処理結果について");
    assert_eq!(n["application_id"], done.as_str());
    assert!(n["body"].as_str().unwrap().contains("完了しました"), "{n}");
    let rn = app.get(&format!("/api/notices/{}", r["notice_id"].as_str().unwrap()), Some(&taro)).await.json();
    assert!(rn["body"].as_str().unwrap().contains("却下の理由：添付書類が確認できませんでした。"), "{rn}");
}

#[tokio::test]
async fn a_crash_after_the_first_step_is_resumed_on_restart() {
    let first = app(true).await;
    let taro = first.login("taro").await;
    let id = first.submit_demo(&taro, "k", "{}").await;
    // The worker got as far as 処理中, then the process died.
    assert!(worker::start(&first.state, &id).await.unwrap());
    let status: String = sqlx::query_scalar("SELECT status FROM applications WHERE id = $1")
        .bind(&id)
        .fetch_one(first.state.store.pool())
        .await
        .unwrap();
    assert_eq!(status, "processing");
    first.state.store.close().await;

    // A new process on the same database: its first run resumes the application.
    let data_dir = first.dir.path().join("data");
    let url = first.state.config.database_url.clone();
    let second = app_with(true, |c| {
        c.data_dir = data_dir;
        c.database_url = url;
    })
    .await;
    assert_eq!(worker::run_once(&second.state).await.unwrap().processed, 1);
    assert_eq!(second.process().await, 0);
    assert_eq!(result_notices(&second, &id).await, 1);
    let d = second.get(&format!("/api/applications/{id}"), Some(&taro)).await.json();
    assert_eq!(statuses(&d), ["受付済", "処理中", "完了"]);
    drop(first);
}

#[tokio::test]
async fn a_crash_inside_the_last_step_leaves_no_trace_and_is_redone_once() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let id = app.submit_demo(&taro, "k", "{}").await;
    assert!(worker::start(&app.state, &id).await.unwrap());
    {
        // The final step's writes, never committed (the process died before COMMIT).
        use domain::applications::ApplicationStatus::{Completed, Processing};
        use server::store::{applications, notices};
        let now = chrono::Utc::now();
        let mut tx = app.state.store.begin().await.unwrap();
        assert!(applications::claim(&mut tx, &id, Processing).await.unwrap());
        assert!(applications::advance(&mut tx, &id, Processing, Completed, None, now).await.unwrap());
        let key = notices::result_key(&id);
        let notice = notices::NewNotice {
            person_id: "taro",
            kind: domain::notices::NoticeKind::DemoResult,
            body: "x",
            application_id: Some(&id),
            dedup_key: &key,
            now,
        };
        assert!(notices::insert(&mut tx, &notice).await.unwrap());
        // A second insert of the same result is refused by the dedup key.
        assert!(!notices::insert(&mut tx, &notice).await.unwrap());
        drop(tx); // rolled back
    }
    assert_eq!(result_notices(&app, &id).await, 0);
    assert_eq!(app.process().await, 1);
    assert_eq!(result_notices(&app, &id).await, 1);
    // Finishing again (a second worker that lost the race) does nothing.
    assert!(!worker::finish(&app.state, &id).await.unwrap());
    assert!(!worker::start(&app.state, &id).await.unwrap());
    assert_eq!(result_notices(&app, &id).await, 1);
    assert_eq!(app.rows("application_events").await, 3);
}

#[tokio::test]
async fn concurrent_runs_process_each_application_once() {
    let app = std::sync::Arc::new(app(true).await);
    let taro = app.login("taro").await;
    let mut ids = Vec::new();
    for i in 0..10 {
        ids.push(app.submit_demo(&taro, &format!("k{i}"), "{}").await);
    }
    // Two workers (as two instances would) racing through the same applications.
    let (a, b) = (app.clone(), app.clone());
    let racer = |app: std::sync::Arc<common::TestApp>, ids: Vec<String>| async move {
        let mut n = 0;
        for id in ids {
            n += worker::process(&app.state, &id).await.unwrap() as u32;
        }
        n
    };
    let mut reversed = ids.clone();
    reversed.reverse();
    let (x, y) = tokio::join!(tokio::spawn(racer(a, ids.clone())), tokio::spawn(racer(b, reversed)));
    assert_eq!(x.unwrap() + y.unwrap(), 10);
    for id in &ids {
        assert_eq!(result_notices(&app, id).await, 1);
    }
    assert_eq!(app.rows("application_events").await, 30);
}

#[tokio::test]
async fn the_expiry_notice_comes_once_per_period() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let expiry = |n: &Value| n["title"] == "免許証等の有効期限の接近について";
    let count = |list: Vec<Value>| list.iter().filter(|n| expiry(n)).count();

    // Before 免許 太郎's window (2026-12-01 … 2027-02-01): nothing.
    app.send(Method::PUT, "/api/demo/clock", None, Some(json!({ "now": "2026-11-15T10:00:00+09:00" }))).await;
    app.process().await;
    assert_eq!(count(app.notices(&taro).await), 0);

    // Inside it: one, however often the clock moves within the period or the worker runs.
    for now in ["2026-12-01T09:00:00+09:00", "2026-12-20T10:00:00+09:00", "2027-01-31T23:00:00+09:00"] {
        let a = app.send(Method::PUT, "/api/demo/clock", None, Some(json!({ "now": now }))).await;
        assert!(a.status.is_success());
        assert_eq!(count(app.notices(&taro).await), 1, "at {now}");
        app.process().await;
        assert_eq!(count(app.notices(&taro).await), 1, "at {now}, after a run");
    }
    let notice = app.notices(&taro).await.into_iter().find(|n| expiry(n)).unwrap();
    assert_eq!(notice["kind"], "license_expiry");
    assert_eq!(notice["created_at"], "2026-12-01T00:00:00Z", "sent when the clock first entered the window");
    let detail = app.get(&format!("/api/notices/{}", notice["id"].as_str().unwrap()), Some(&taro)).await.json();
    assert!(detail["body"].as_str().unwrap().contains("2027年02月01日"), "{detail}");

    // Who else: every linked licence holder whose window is open at the default clock
    // (hanako, jiro, goro too); not the history holders, not the unlinked.
    app.send(Method::POST, "/api/demo/reset", None, None).await;
    app.process().await;
    let people: Vec<String> =
        sqlx::query_scalar("SELECT person_id FROM notices WHERE kind = 'license_expiry' ORDER BY person_id")
            .fetch_all(app.state.store.pool())
            .await
            .unwrap();
    assert_eq!(people, ["goro", "hanako", "jiro", "taro"]);
}

#[tokio::test]
async fn the_consent_expiry_notice_comes_once_inside_its_window() {
    // 免許 太郎's consent runs to 令和15年4月1日 (2033-04-01): nothing at the default clock,
    // one notice from 2033-01-01 on, however often the clock moves or the worker runs.
    let app = app(true).await;
    let people = || async {
        sqlx::query_scalar::<_, String>("SELECT person_id FROM notices WHERE kind = 'onestop_consent_expiry'")
            .fetch_all(app.state.store.pool())
            .await
            .unwrap()
    };
    for now in ["2026-12-15T10:00:00+09:00", "2032-12-31T23:59:00+09:00"] {
        app.send(Method::PUT, "/api/demo/clock", None, Some(json!({ "now": now }))).await;
        app.process().await;
        assert!(people().await.is_empty(), "at {now}");
    }
    for now in ["2033-01-01T00:00:00+09:00", "2033-03-01T10:00:00+09:00", "2033-04-01T10:00:00+09:00"] {
        app.send(Method::PUT, "/api/demo/clock", None, Some(json!({ "now": now }))).await;
        app.process().await;
        assert_eq!(people().await, ["taro"], "at {now}");
    }
}

#[tokio::test]
async fn reset_removes_applications_and_notices() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    app.submit_demo(&taro, "k", "{}").await;
    app.process().await;
    assert!(app.rows("notices").await > 0);
    app.send(Method::POST, "/api/demo/reset", None, None).await;
    assert_eq!(app.rows("applications").await, 0);
    assert_eq!(app.rows("application_events").await, 0);
    assert_eq!(app.rows("notices").await, 0);
}

async fn sql(app: &common::TestApp, statement: &str, id: &str) {
    sqlx::query(statement).bind(id).execute(app.state.store.pool()).await.unwrap();
}

async fn status_code_of(app: &common::TestApp, id: &str) -> (String, i64) {
    sqlx::query_as("SELECT status, attempts FROM applications WHERE id = $1")
        .bind(id)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap()
}

/// Before issue 16, a failing time-notice pass aborted the whole run: no application was
/// processed (and `/api/demo/process` answered 500). Each pass now fails alone.
#[tokio::test]
async fn a_failing_notice_pass_does_not_stop_the_applications() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let id = app.submit_demo(&taro, "a", r#"{"n":1}"#).await;
    // taro's licence is due for its expiry notice; a birth date that does not parse makes
    // that pass fail.
    sql(&app, "UPDATE persons SET birth_date = 'not-a-date' WHERE id = $1", "taro").await;
    let report = worker::run_once(&app.state).await.expect("the run itself succeeds");
    assert_eq!(report.processed, 1);
    assert_eq!(status_code_of(&app, &id).await.0, "completed");
    assert_eq!(result_notices(&app, &id).await, 1);
}

/// Before issue 16, an application that failed to process was retried on every run, for
/// ever, staying 処理中. Now: the others go on; it waits out a growing pause; after the last
/// attempt it is 処理エラー with one notice, and nothing retries it.
#[tokio::test]
async fn a_failing_application_backs_off_and_ends_in_a_visible_failed_state() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let broken = app.submit_demo(&taro, "a", r#"{"n":1}"#).await;
    let fine = app.submit_demo(&taro, "b", r#"{"n":2}"#).await;
    // A row the worker cannot read back (its time does not parse): processing fails.
    sql(&app, "UPDATE applications SET created_at = 'garbage' WHERE id = $1", &broken).await;

    assert_eq!(worker::run_once(&app.state).await.unwrap().processed, 1);
    assert_eq!(status_code_of(&app, &fine).await.0, "completed", "the other application went on");
    assert_eq!(status_code_of(&app, &broken).await.1, 1);
    // Backing off: the next run at once does not try it again.
    worker::run_once(&app.state).await.unwrap();
    assert_eq!(status_code_of(&app, &broken).await.1, 1, "not retried before its pause is over");
    let retry_at: String = sqlx::query_scalar("SELECT retry_at FROM applications WHERE id = $1")
        .bind(&broken)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let wait = chrono::DateTime::parse_from_rfc3339(&retry_at).unwrap().signed_duration_since(chrono::Utc::now());
    assert!((20..=31).contains(&wait.num_seconds()), "first pause ≈ 30 s, got {wait:?}");

    // Each pause over (set by hand), until the last attempt.
    for attempt in 2..=domain::applications::MAX_PROCESSING_ATTEMPTS as i64 {
        sql(&app, "UPDATE applications SET retry_at = '2000-01-01T00:00:00Z' WHERE id = $1", &broken).await;
        worker::run_once(&app.state).await.unwrap();
        assert_eq!(status_code_of(&app, &broken).await.1, attempt);
    }
    assert_eq!(status_code_of(&app, &broken).await.0, "failed");
    let body: String = sqlx::query_scalar("SELECT body FROM notices WHERE application_id = $1")
        .bind(&broken)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert!(body.contains("システムの都合により処理できませんでした"), "{body}");
    // Final: no more attempts, and still one notice.
    sql(&app, "UPDATE applications SET retry_at = '2000-01-01T00:00:00Z' WHERE id = $1", &broken).await;
    worker::run_once(&app.state).await.unwrap();
    assert_eq!(status_code_of(&app, &broken).await, ("failed".to_string(), 5));
    assert_eq!(result_notices(&app, &broken).await, 1);
}

/// Issue 17: on PostgreSQL a worker's claim on an application (the final step's
/// transaction) makes every other worker pass over it without waiting, and when the
/// claiming instance dies — its connection, and with it the transaction, gone — the next
/// run anywhere takes the application over. (SQLite has one instance: nothing to test, so
/// PostgreSQL only: `#[ignore]`d, run by `cargo xtask test`'s PostgreSQL pass, failing
/// there if the database is missing.)
#[tokio::test]
#[ignore = "PostgreSQL only: cargo xtask test runs it in the PostgreSQL pass"]
async fn a_claim_held_by_a_dead_instance_is_taken_over() {
    common::require_postgres(); // fails, rather than passes, without it
    let app = app(true).await;
    let taro = app.login("taro").await;
    let id = app.submit_demo(&taro, "k", "{}").await;
    assert!(worker::start(&app.state, &id).await.unwrap());
    // "Another instance": its own pool on the same database, holding the claim.
    let url = app.state.config.database_url.clone().unwrap();
    let other = server::store::Store::open(&server::store::DatabaseTarget::Url(url)).await.unwrap();
    let mut tx = other.begin().await.unwrap();
    let processing = domain::applications::ApplicationStatus::Processing;
    assert!(server::store::applications::claim(&mut tx, &id, processing).await.unwrap());
    let t0 = std::time::Instant::now();
    assert_eq!(worker::run_once(&app.state).await.unwrap().processed, 0, "held elsewhere: passed over");
    assert!(t0.elapsed() < std::time::Duration::from_secs(2), "without waiting for the holder");
    // The holder dies: its connection closes without a commit.
    drop(tx);
    other.close().await;
    assert_eq!(worker::run_once(&app.state).await.unwrap().processed, 1, "taken over");
    assert_eq!(result_notices(&app, &id).await, 1);
}
