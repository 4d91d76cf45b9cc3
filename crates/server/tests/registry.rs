//! Issue 26.4: the driver registry and the koseki system behind their contract
//! (docs/CONTRACT-registry.md). The
//! worker records a 本籍 change through `HttpRegistry` against the contract's test server
//! (common/registry.rs, real HTTP on 127.0.0.1); an unavailable or slow registry leaves the
//! application 処理中 with 「しばらくしてから」 and nothing lost, and the retry applies the
//! change once, under the one idempotency key the application gives.

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::card::sign_challenge;
use common::registry::{Behaviour, TestRegistry};
use common::{app_with, TestApp};
use serde_json::{json, Value};
use server::adapters::registry::{HonsekiChange, HttpRegistry, Registry, RegistryError};
use server::worker;

const RESULT: &str = "本籍のオンライン変更の処理結果について";
const TARO_KOSEKI: &str = "東京都千代田区霞が関二丁目1番地";
const TARO_LICENSE: &str = "東京都中央区銀座一丁目10番地";
/// The client's deadline per request in these tests (the default is 5 s).
const DEADLINE: Duration = Duration::from_millis(300);

/// A demo app (its seeded people, cards and koseki records) whose driver registry is the
/// contract's test server, holding taro's licence 本籍.
async fn app_and_registry() -> (TestApp, TestRegistry) {
    let registry = TestRegistry::start(&[("taro", TARO_LICENSE)]).await;
    let endpoint = registry.endpoint();
    let app = app_with(true, move |c| {
        c.registry_url = Some(endpoint);
        c.external_timeout = DEADLINE;
    })
    .await;
    (app, registry)
}

/// taro's signed 本籍 application, submitted (受付済); its id.
async fn submit_honseki_change(app: &TestApp, taro: &str) -> String {
    let post = |path: &'static str, body: Option<Value>| app.send(Method::POST, path, Some(taro), body);
    let card =
        json!({ "name": "免許 太郎", "address": "東京都港区芝浦四丁目5番6号", "birth_date": "19960101", "sex": "1" });
    assert_eq!(post("/api/honseki/identity", Some(card)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/honseki/koseki", Some(taro)).await.json()["honseki"], TARO_KOSEKI);
    assert_eq!(post("/api/honseki/agreement", None).await.status, StatusCode::NO_CONTENT);
    let c = post("/api/honseki/challenge", None).await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.text());
    let body = sign_challenge(app, &c.json(), "taro").await;
    let a = app.post_keyed("/api/honseki", taro, "h-1", &body).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    a.json()["id"].as_str().unwrap().to_string()
}

async fn detail(app: &TestApp, taro: &str, id: &str) -> Value {
    let a = app.get(&format!("/api/applications/{id}"), Some(taro)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    a.json()
}

async fn licence_honseki(app: &TestApp, taro: &str) -> String {
    app.get("/api/license/honseki", Some(taro)).await.json()["honseki"].as_str().unwrap().to_string()
}

async fn results(app: &TestApp, taro: &str) -> usize {
    app.notices(taro).await.into_iter().filter(|n| n["title"] == RESULT).count()
}

async fn attempts(app: &TestApp, id: &str) -> i64 {
    sqlx::query_scalar("SELECT attempts FROM applications WHERE id = $1")
        .bind(id)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap()
}

/// The wait is over (the worker waits `worker::WAIT_SECS` between attempts, real time).
async fn make_due(app: &TestApp, id: &str) {
    sqlx::query("UPDATE applications SET retry_at = '2000-01-01T00:00:00Z' WHERE id = $1")
        .bind(id)
        .execute(app.state.store.pool())
        .await
        .unwrap();
}

/// The application waits for the registry: 処理中, the person told 「しばらくしてから」,
/// the attempt not counted toward 処理エラー, nothing changed and no notice.
async fn assert_waiting(app: &TestApp, taro: &str, id: &str, registry: &TestRegistry) {
    let d = detail(app, taro, id).await;
    assert_eq!(d["status"], "処理中", "{d}");
    assert_eq!(d["waiting"]["code"], "registry_unavailable", "{d}");
    assert_eq!(d["waiting"]["status"], 503, "{d}");
    let text = d["waiting"]["detail"].as_str().unwrap();
    assert!(text.contains("しばらくしてから") && text.contains("失われることはありません"), "{text}");
    assert_eq!(attempts(app, id).await, 0, "waiting is not a failed attempt");
    assert_eq!(registry.honseki("taro").as_deref(), Some(TARO_LICENSE), "nothing applied");
    assert!(registry.applied().is_empty());
    assert_eq!(licence_honseki(app, taro).await, TARO_LICENSE);
    assert_eq!(results(app, taro).await, 0, "no result notice while waiting");
    let retry_at: String = sqlx::query_scalar("SELECT retry_at FROM applications WHERE id = $1")
        .bind(id)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let wait = chrono::DateTime::parse_from_rfc3339(&retry_at).unwrap().signed_duration_since(chrono::Utc::now());
    assert!(wait.num_seconds() > 20 && wait.num_seconds() <= worker::WAIT_SECS, "next try in {wait}");
}

/// Once the registry answers: 完了, applied exactly once under the application's key, the
/// licence view and the one notice showing the new 本籍, the wait gone.
async fn assert_recorded_once(app: &TestApp, taro: &str, id: &str, registry: &TestRegistry) {
    let key = format!("application-{id}");
    let d = detail(app, taro, id).await;
    assert_eq!(d["status"], "完了", "{d}");
    assert!(d.get("waiting").is_none(), "{d}");
    assert_eq!(registry.applied().len(), 1, "applied once: {:?}", registry.applied());
    assert_eq!(registry.applied(), [(key.clone(), "taro".to_string(), TARO_KOSEKI.to_string())]);
    assert_eq!(registry.honseki("taro").as_deref(), Some(TARO_KOSEKI));
    let keys = registry.seen_keys();
    assert!(!keys.is_empty() && keys.iter().all(|k| *k == key), "one key for every try: {keys:?}");
    assert_eq!(licence_honseki(app, taro).await, TARO_KOSEKI, "the portal's copy follows the registry");
    assert_eq!(results(app, taro).await, 1);
    // Nothing is left to do: another run calls the registry no more.
    let before = registry.seen_keys().len();
    assert_eq!(app.process().await, 0);
    assert_eq!(registry.seen_keys().len(), before);
}

#[tokio::test]
async fn the_worker_records_a_honseki_change_through_the_http_registry() {
    let (app, registry) = app_and_registry().await;
    let taro = app.login("taro").await;
    let id = submit_honseki_change(&app, &taro).await;
    assert!(registry.seen_keys().is_empty(), "nothing reaches the registry before processing");
    assert_eq!(app.process().await, 1);
    assert_recorded_once(&app, &taro, &id, &registry).await;
    assert_eq!(registry.seen_keys().len(), 1);
}

#[tokio::test]
async fn an_unavailable_registry_keeps_the_application_waiting_and_the_retry_applies_it_once() {
    let (app, registry) = app_and_registry().await;
    let taro = app.login("taro").await;
    let id = submit_honseki_change(&app, &taro).await;
    registry.behave(Behaviour::Unavailable);
    assert_eq!(app.process().await, 0);
    assert_eq!(registry.seen_keys().len(), 3, "the client tried 3 times within the attempt");
    assert_waiting(&app, &taro, &id, &registry).await;
    // Still unavailable at the next attempt: still waiting, still never a failed attempt.
    make_due(&app, &id).await;
    assert_eq!(app.process().await, 0);
    assert_waiting(&app, &taro, &id, &registry).await;
    // The registry is back: the next attempt records the change, once.
    registry.behave(Behaviour::Normal);
    make_due(&app, &id).await;
    assert_eq!(app.process().await, 1);
    assert_recorded_once(&app, &taro, &id, &registry).await;
    assert_eq!(registry.seen_keys().len(), 7);
}

#[tokio::test]
async fn a_registry_slower_than_the_deadline_is_waited_for_and_nothing_is_lost() {
    let (app, registry) = app_and_registry().await;
    let taro = app.login("taro").await;
    let id = submit_honseki_change(&app, &taro).await;
    // Slower than the deadline: each try gives up at the deadline.
    registry.behave(Behaviour::Slow(DEADLINE * 4));
    let started = std::time::Instant::now();
    assert_eq!(app.process().await, 0);
    let took = started.elapsed();
    assert!(took < DEADLINE * 4 * 3, "each try ends at the deadline, not at the answer: {took:?}");
    assert_eq!(registry.seen_keys().len(), 3);
    // Whether or not the slow requests went on to apply after their client had gone, the
    // retry's key makes the outcome one application of the change.
    tokio::time::sleep(DEADLINE * 5).await;
    registry.behave(Behaviour::Normal);
    let d = detail(&app, &taro, &id).await;
    assert_eq!((d["status"].clone(), d["waiting"]["code"].clone()), (json!("処理中"), json!("registry_unavailable")));
    assert_eq!(results(&app, &taro).await, 0);
    make_due(&app, &id).await;
    assert_eq!(app.process().await, 1);
    assert_recorded_once(&app, &taro, &id, &registry).await;
}

/// The registry applied the change but its answer was lost: the client's next try sends the
/// same key, the registry replays its answer, nothing applies twice.
#[tokio::test]
async fn a_lost_answer_is_replayed_not_applied_twice() {
    let (app, registry) = app_and_registry().await;
    let taro = app.login("taro").await;
    let id = submit_honseki_change(&app, &taro).await;
    registry.behave(Behaviour::LoseNextAnswer);
    assert_eq!(app.process().await, 1, "the client's second try gets the replayed answer");
    assert_recorded_once(&app, &taro, &id, &registry).await;
    assert_eq!(registry.seen_keys().len(), 2);
}

/// The portal died between the registry's write and its own commit: the external step ran,
/// the transaction never did. The next run's call carries the same key, the registry
/// replays, and the result is recorded once.
#[tokio::test]
async fn a_crash_after_the_registry_applied_is_replayed_not_applied_twice() {
    let (app, registry) = app_and_registry().await;
    let taro = app.login("taro").await;
    let id = submit_honseki_change(&app, &taro).await;
    assert!(worker::start(&app.state, &id).await.unwrap());
    let application = {
        let mut conn = app.state.store.pool().acquire().await.unwrap();
        server::store::applications::get(&mut conn, &id).await.unwrap().unwrap()
    };
    let outcome =
        server::worker::effects::external(app.state.registry.as_ref(), &app.state.store, &application).await.unwrap();
    assert!(matches!(outcome, Some(server::applications::Outcome::Completed)));
    assert_eq!(registry.applied().len(), 1);
    assert_eq!(detail(&app, &taro, &id).await["status"], "処理中", "the process died here");
    assert_eq!(app.process().await, 1);
    assert_eq!(registry.applied().len(), 1, "applied once: {:?}", registry.applied());
    assert_recorded_once(&app, &taro, &id, &registry).await;
    assert_eq!(registry.seen_keys().len(), 2);
}

/// The client's answers outside "retry": each contract error is its typed error, at once.
#[tokio::test]
async fn the_contract_errors_are_typed_and_only_unavailability_is_retried() {
    let registry = TestRegistry::start(&[("taro", TARO_LICENSE)]).await;
    let client = HttpRegistry::new(registry.endpoint(), DEADLINE).with_backoff(3, Duration::from_millis(10));
    let change = |person: &str, honseki: &str, key: &str| HonsekiChange {
        person_id: person.into(),
        honseki: honseki.into(),
        head_name: "免許 太郎".into(),
        idempotency_key: key.into(),
    };
    assert_eq!(client.set_honseki(&change("nobody", TARO_KOSEKI, "k-1")).await, Err(RegistryError::PersonNotFound));
    assert_eq!(registry.seen_keys().len(), 1, "a 404 is not retried");
    let first = client.set_honseki(&change("taro", TARO_KOSEKI, "k-2")).await;
    assert_eq!(first, Ok(server::adapters::registry::Applied::Now));
    let again = client.set_honseki(&change("taro", TARO_KOSEKI, "k-2")).await;
    assert_eq!(again, Ok(server::adapters::registry::Applied::Earlier));
    assert_eq!(
        client.set_honseki(&change("taro", "別の本籍", "k-2")).await,
        Err(RegistryError::Refused { status: 409, code: "idempotency_key_reused".into() })
    );
    assert_eq!(registry.applied().len(), 1);
    // Nothing listening: unavailable, after its tries.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let endpoint = server::adapters::http_json::Endpoint::parse(&format!("http://127.0.0.1:{port}/")).unwrap();
    let nowhere = HttpRegistry::new(endpoint, DEADLINE).with_backoff(2, Duration::from_millis(10));
    let e = nowhere.set_honseki(&change("taro", TARO_KOSEKI, "k-3")).await.unwrap_err();
    assert!(matches!(&e, RegistryError::Unavailable(why) if why.starts_with("2 tries")), "{e}");
    // And a request that needs the registry answers the person's 503 problem.
    let problem = server::error::ApiError::from(e).problem();
    assert_eq!((problem.status, problem.code.as_str()), (503, "registry_unavailable"));
    assert!(problem.detail.contains("しばらくしてから"), "{}", problem.detail);
}

/// The koseki record comes from the koseki system's contract while the person waits: its
/// outage (or slowness) is a 503 `koseki_unavailable` 「しばらくしてから」 at once, the steps
/// done are kept, and the same request succeeds once it is back.
#[tokio::test]
async fn the_koseki_record_comes_from_the_http_koseki_system_and_its_outage_loses_no_step() {
    const KOSEKI: &str = "東京都新宿区西新宿二丁目8番1号";
    let registry = TestRegistry::start(&[("taro", TARO_LICENSE)]).await;
    registry.put_koseki("taro", KOSEKI, "免許 太郎");
    let endpoint = registry.endpoint();
    let app = app_with(true, move |c| {
        c.koseki_url = Some(endpoint);
        c.external_timeout = DEADLINE;
    })
    .await;
    let taro = app.login("taro").await;
    let card =
        json!({ "name": "免許 太郎", "address": "東京都港区芝浦四丁目5番6号", "birth_date": "19960101", "sex": "1" });
    let a = app.send(Method::POST, "/api/honseki/identity", Some(&taro), Some(card)).await;
    assert_eq!(a.status, StatusCode::NO_CONTENT);
    let k = app.get("/api/honseki/koseki", Some(&taro)).await;
    assert_eq!(k.json(), json!({ "honseki": KOSEKI, "head_name": "免許 太郎", "same_as_license": false }));

    for behaviour in [Behaviour::Unavailable, Behaviour::Slow(DEADLINE * 4)] {
        registry.behave(behaviour);
        let k = app.get("/api/honseki/koseki", Some(&taro)).await;
        assert_eq!(k.status, StatusCode::SERVICE_UNAVAILABLE, "{behaviour:?}: {}", k.text());
        assert_eq!(k.problem_code(), "koseki_unavailable");
        assert_eq!(k.header("retry-after"), "30");
        let detail = k.json()["detail"].as_str().unwrap().to_string();
        assert!(detail.contains("しばらくしてから") && detail.contains("保存されています"), "{detail}");
        // Nothing lost: the 本人情報 step is still done.
        let s = app.get("/api/honseki", Some(&taro)).await.json();
        assert_eq!(s["identity"]["name"], "免許 太郎", "{s}");
    }
    registry.behave(Behaviour::Normal);
    assert_eq!(app.get("/api/honseki/koseki", Some(&taro)).await.json()["honseki"], KOSEKI);
    // No record for the person: `None` (the flow's 404 `koseki_not_found`), not an outage.
    let client = server::adapters::koseki::HttpKoseki::new(registry.endpoint(), DEADLINE);
    use server::adapters::koseki::Koseki as _;
    assert_eq!(client.record("nobody").await, Ok(None));
    assert_eq!(client.record("taro").await.unwrap().map(|r| r.honseki).as_deref(), Some(KOSEKI));
}
