//! A driver registry implementing docs/CONTRACT-registry.md over real HTTP on 127.0.0.1
//! (and the same contract's koseki read, `GET …/koseki`, from `koseki` records),
//! for the server suite: records per person, idempotency keys with their stored answers,
//! and switches that make it unavailable (503), slow (past the client's deadline) or lose
//! one answer after applying. It counts what it applied and every key it was sent.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde_json::{json, Value};

/// How the registry answers the next requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    Normal,
    /// 503 with `Retry-After: 0`, applying nothing.
    Unavailable,
    /// Answers correctly, but only after this long.
    Slow(Duration),
    /// Applies the next write, then answers 503 as if the answer were lost on the way;
    /// normal afterwards.
    LoseNextAnswer,
}

#[derive(Default)]
struct Inner {
    records: HashMap<String, String>,
    /// person → (本籍, 筆頭者氏名) of the koseki system.
    koseki: HashMap<String, (String, String)>,
    /// key → (the request body, the answer given).
    keys: HashMap<String, (Value, Value)>,
    /// (key, person, 本籍) of every write applied.
    applied: Vec<(String, String, String)>,
    /// The `Idempotency-Key` of every write request, in order of arrival.
    seen: Vec<String>,
    behaviour: Option<Behaviour>,
}

#[derive(Clone)]
pub struct TestRegistry {
    inner: Arc<Mutex<Inner>>,
    pub url: String,
}

impl TestRegistry {
    /// Serves on a free port of 127.0.0.1 under `/registry` (a base path, as the contract
    /// allows), holding `people`'s 本籍.
    pub async fn start(people: &[(&str, &str)]) -> TestRegistry {
        let inner = Arc::new(Mutex::new(Inner {
            records: people.iter().map(|(p, h)| (p.to_string(), h.to_string())).collect(),
            ..Inner::default()
        }));
        let app = Router::new()
            .nest(
                "/registry",
                Router::new()
                    .route("/v1/persons/{person}/honseki", put(put_honseki))
                    .route("/v1/persons/{person}/koseki", get(get_koseki)),
            )
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/registry", listener.local_addr().unwrap());
        // Lives as long as the test's runtime.
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        TestRegistry { inner, url }
    }

    pub fn endpoint(&self) -> server::adapters::http_json::Endpoint {
        server::adapters::http_json::Endpoint::parse(&self.url).unwrap()
    }

    /// The koseki system's record of `person`.
    pub fn put_koseki(&self, person: &str, honseki: &str, head_name: &str) {
        self.inner.lock().unwrap().koseki.insert(person.into(), (honseki.into(), head_name.into()));
    }

    pub fn behave(&self, b: Behaviour) {
        self.inner.lock().unwrap().behaviour = Some(b);
    }

    pub fn honseki(&self, person: &str) -> Option<String> {
        self.inner.lock().unwrap().records.get(person).cloned()
    }

    /// (key, person, 本籍) of every write applied.
    pub fn applied(&self) -> Vec<(String, String, String)> {
        self.inner.lock().unwrap().applied.clone()
    }

    /// The key of every write request received.
    pub fn seen_keys(&self) -> Vec<String> {
        self.inner.lock().unwrap().seen.clone()
    }
}

fn problem(status: StatusCode, code: &str) -> Response {
    (status, Json(json!({ "code": code, "detail": code }))).into_response()
}

async fn put_honseki(
    State(inner): State<Arc<Mutex<Inner>>>,
    Path(person): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let key = headers.get("idempotency-key").and_then(|k| k.to_str().ok()).unwrap_or("").to_string();
    let behaviour = {
        let mut inner = inner.lock().unwrap();
        inner.seen.push(key.clone());
        inner.behaviour.unwrap_or(Behaviour::Normal)
    };
    match behaviour {
        Behaviour::Unavailable => {
            return (StatusCode::SERVICE_UNAVAILABLE, [("retry-after", "0")], Json(json!({ "code": "maintenance" })))
                .into_response()
        }
        Behaviour::Slow(d) => tokio::time::sleep(d).await,
        Behaviour::Normal | Behaviour::LoseNextAnswer => {}
    }
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return problem(StatusCode::BAD_REQUEST, "invalid_request");
    };
    let honseki = request["honseki"].as_str().unwrap_or("").to_string();
    if key.is_empty() || key.len() > 128 || honseki.is_empty() || request["person_id"] != person.as_str() {
        return problem(StatusCode::BAD_REQUEST, "invalid_request");
    }
    let mut inner = inner.lock().unwrap();
    if let Some((earlier, answer)) = inner.keys.get(&key) {
        if *earlier != request {
            return problem(StatusCode::CONFLICT, "idempotency_key_reused");
        }
        let mut answer = answer.clone();
        answer["replayed"] = json!(true);
        return Json(answer).into_response();
    }
    if !inner.records.contains_key(&person) {
        return problem(StatusCode::NOT_FOUND, "person_not_found");
    }
    inner.records.insert(person.clone(), honseki.clone());
    inner.applied.push((key.clone(), person.clone(), honseki.clone()));
    let answer = json!({
        "person_id": person,
        "honseki": honseki,
        "head_name": request["head_name"],
        "replayed": false,
    });
    inner.keys.insert(key, (request, answer.clone()));
    if behaviour == Behaviour::LoseNextAnswer {
        inner.behaviour = Some(Behaviour::Normal);
        return problem(StatusCode::SERVICE_UNAVAILABLE, "answer_lost");
    }
    Json(answer).into_response()
}

async fn get_koseki(State(inner): State<Arc<Mutex<Inner>>>, Path(person): Path<String>) -> Response {
    let behaviour = inner.lock().unwrap().behaviour.unwrap_or(Behaviour::Normal);
    match behaviour {
        Behaviour::Unavailable => return problem(StatusCode::SERVICE_UNAVAILABLE, "maintenance"),
        Behaviour::Slow(d) => tokio::time::sleep(d).await,
        Behaviour::Normal | Behaviour::LoseNextAnswer => {}
    }
    match inner.lock().unwrap().koseki.get(&person) {
        Some((honseki, head_name)) => Json(json!({ "honseki": honseki, "head_name": head_name })).into_response(),
        None => problem(StatusCode::NOT_FOUND, "koseki_not_found"),
    }
}
