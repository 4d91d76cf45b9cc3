//! The worker's own schedule (issue 25.4): every other test moves applications with
//! `worker::run_once` or `POST /api/demo/process`, which production does not have. Here
//! the real `server` binary runs its spawned worker loop with a short delay, and nothing
//! asks it to run:
//! - an application submitted over HTTP ends 完了 with its notice, by the wake a
//!   submission gives the worker (both stores);
//! - on PostgreSQL, an application whose claim a dead instance held is finished by the
//!   other instance's periodic run ([`SHARED_PERIOD`], "every 5 s" in docs/SPEC.md §
//!   several instances) within one period of the death.
//!
//! The binary is `SERVER_BIN` when set (`cargo xtask test`: the `--profile server`
//! build production runs), else Cargo's debug build.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::process::{accepted_id, http, json_str, login, Server};
use server::worker::{self, SHARED_PERIOD};

/// A dist folder with an index page: the API is all these tests use.
fn dist_in(dir: &Path) -> PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><html lang=\"ja\"><title>t</title></html>").unwrap();
    dist
}

#[test]
fn a_submitted_application_is_processed_by_the_workers_own_run() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let url = rt.block_on(common::fresh_database_url());
    let dir = tempfile::tempdir().unwrap();
    let dist = dist_in(dir.path());
    // One second from the submission to the run (a demo waits three, production half a second).
    let server = Server::start_with(&dist, &dir.path().join("data"), 0, url.as_deref(), &["--worker-delay", "1"]);
    let port = server.port;
    let cookie = login(port, "taro");
    // The worker's start run sends taro's due expiry notice (the demo clock is inside his
    // renewal window): once it is there, that run is past its notices pass, so what moves
    // the application below is the wake a submission gives the loop, not the start run.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !http(port, "GET", "/api/notices", &[("Cookie", &cookie)], None).unwrap().body.contains("license_expiry") {
        assert!(Instant::now() < deadline, "the worker's start run sent no expiry notice within 30 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    let headers = [("Cookie", cookie.as_str()), ("Idempotency-Key", "own-schedule")];
    let body = r#"{"kind":"demo","document":"{\"n\":1}"}"#;
    let submitted = http(port, "POST", "/api/applications", &headers, Some(body)).unwrap();
    let id = accepted_id("own-schedule", &submitted);
    assert_eq!(json_str(&submitted.body, "status").as_deref(), Some("受付済"), "answered before any processing");

    // No run_once, no /api/demo/process: only the worker's own loop can move it.
    let submitted = Instant::now();
    let deadline = submitted + Duration::from_secs(30);
    let detail = loop {
        let d = http(port, "GET", &format!("/api/applications/{id}"), &[("Cookie", &cookie)], None).unwrap();
        assert_eq!(d.status, 200, "{}", d.body);
        if json_str(&d.body, "status").as_deref() == Some("完了") {
            break d.body;
        }
        assert!(Instant::now() < deadline, "the worker's own run did not finish {id} within 30 s: {}", d.body);
        std::thread::sleep(Duration::from_millis(100));
    };
    eprintln!("processed by the worker's own run {:.1} s after the submission", submitted.elapsed().as_secs_f64());
    let notice = json_str(&detail, "notice_id").unwrap_or_else(|| panic!("no result notice: {detail}"));
    let notices = http(port, "GET", "/api/notices", &[("Cookie", &cookie)], None).unwrap();
    assert_eq!(notices.body.matches("\"kind\":\"demo_result\"").count(), 1, "one result notice: {}", notices.body);
    assert!(notices.body.contains(&format!("\"id\":\"{notice}\"")), "{}", notices.body);
    drop(server);
    if let Some(url) = url {
        common::drop_database(&url);
    }
}

/// docs/SPEC.md (several instances): an instance killed while it holds an application
/// loses the claim with its connection, and another instance's periodic run (every
/// [`SHARED_PERIOD`]) takes it over. The dead instance here is a pool of the test's own
/// that claims the application and is then closed without a commit, as a SIGKILL closes
/// an instance's connections; the other instance is the real binary, never asked to run.
#[tokio::test]
#[ignore = "PostgreSQL only: cargo xtask test runs it in the PostgreSQL pass"]
async fn a_dead_instances_claim_is_taken_over_by_the_others_own_schedule() {
    common::require_postgres();
    let app = common::app(true).await;
    let url = app.state.config.database_url.clone().unwrap();
    let taro = app.login("taro").await;
    let id = app.submit_demo(&taro, "held", "{}").await;
    assert!(worker::start(&app.state, &id).await.unwrap(), "受付済 → 処理中");
    let dead = server::store::Store::open(&server::store::DatabaseTarget::Url(url.clone())).await.unwrap();
    let mut claim = dead.begin().await.unwrap();
    let processing = domain::applications::ApplicationStatus::Processing;
    assert!(server::store::applications::claim(&mut claim, &id, processing).await.unwrap());

    // The other instance: started while the claim is held, so its start run and a
    // periodic one pass over the application.
    let dir = tempfile::tempdir().unwrap();
    let other = Server::start(&dist_in(dir.path()), &dir.path().join("data"), 0, Some(&url));
    tokio::time::sleep(SHARED_PERIOD + Duration::from_secs(1)).await;
    assert_eq!(status_of(&app, &id).await, "processing", "held by a live claim: nobody else finishes it");

    // The holder dies: its connection closes, the transaction with it.
    drop(claim);
    dead.close().await;
    let died = Instant::now();
    let limit = SHARED_PERIOD + Duration::from_secs(3);
    while status_of(&app, &id).await != "completed" {
        assert!(died.elapsed() < limit, "not taken over within {limit:?} of the holder's death");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let notices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE application_id = $1")
        .bind(&id)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(notices, 1, "one result notice");
    eprintln!("taken over {:.1} s after the holder died (period {SHARED_PERIOD:?})", died.elapsed().as_secs_f64());
    drop(other); // before the app, whose drop removes the database
}

async fn status_of(app: &common::TestApp, id: &str) -> String {
    sqlx::query_scalar("SELECT status FROM applications WHERE id = $1")
        .bind(id)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap()
}
