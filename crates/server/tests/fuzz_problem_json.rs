//! Property-based fuzzing of the problem+json path (issue 16 §7): arbitrary bytes and
//! arbitrary JSON posted to the JSON endpoints of a demo-mode app's real router always get
//! a 4xx answer in `application/problem+json` (never a 5xx, and never a panic, which the
//! router would turn into a 500), unless the body happens to be a valid one. 64 cases per
//! property, since each runs the app.

mod common;

use axum::http::Method;
use common::fuzz::{is_problem, Harness};
use common::Answer;
use domain::api::{CardHold, CardRemoval, DemoCardPin, DemoClock, DemoLogin};
use domain::applications::SubmitApplication;
use domain::card::{ApduRequest, SignedChallenge};
use domain::link::{CardAttributes, LinkRequest};
use domain::onestop::{ConsentSelection, JlisChange};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A JSON endpoint: where it is, whether it needs the session, and its body type.
struct Endpoint {
    method: Method,
    path: &'static str,
    session: bool,
    accepts: fn(&[u8]) -> bool,
}

fn accepts<T: DeserializeOwned>(body: &[u8]) -> bool {
    serde_json::from_slice::<T>(body).is_ok()
}

/// Those that need no session, and those behind it (their session check comes before the
/// body is read, so they get the cookie).
fn endpoints() -> Vec<Endpoint> {
    let e = |method, path, session, accepts| Endpoint { method, path, session, accepts };
    vec![
        e(Method::POST, "/api/demo/login", false, accepts::<DemoLogin>),
        e(Method::PUT, "/api/demo/clock", false, accepts::<DemoClock>),
        e(Method::POST, "/api/demo/card-removal", false, accepts::<CardRemoval>),
        e(Method::POST, "/api/demo/card-hold", false, accepts::<CardHold>),
        e(Method::POST, "/api/demo/card-pin", false, accepts::<DemoCardPin>),
        e(Method::POST, "/api/demo/jlis-change", false, accepts::<JlisChange>),
        e(Method::POST, "/api/card/apdu", false, accepts::<ApduRequest>),
        e(Method::POST, "/api/login/card", false, accepts::<SignedChallenge>),
        e(Method::POST, "/api/applications", true, accepts::<SubmitApplication>),
        e(Method::POST, "/api/link/check", true, accepts::<CardAttributes>),
        e(Method::POST, "/api/link", true, accepts::<LinkRequest>),
        e(Method::POST, "/api/onestop/consent/challenge", true, accepts::<ConsentSelection>),
    ]
}

/// A body the endpoint cannot take: 4xx problem+json. One it can: anything but a 5xx.
fn refused_properly(endpoint: &Endpoint, json: bool, body: &[u8], answer: &Answer) -> Result<(), TestCaseError> {
    if json && (endpoint.accepts)(body) {
        prop_assert!(!answer.status.is_server_error(), "{} {}: {}", endpoint.path, answer.status, answer.text());
        return Ok(());
    }
    prop_assert!(answer.status.is_client_error(), "{} {}: {}", endpoint.path, answer.status, answer.text());
    is_problem(answer)
}

fn endpoint_index() -> impl Strategy<Value = usize> {
    0..endpoints().len()
}

/// JSON and not: axum's `Json` reads the body only with a JSON content type.
fn content_type() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![
        6 => Just(Some("application/json")),
        1 => Just(Some("application/json; charset=utf-8")),
        1 => Just(Some("text/plain")),
        1 => Just(None),
    ]
}

/// Any JSON value; object keys are often the bodies' field names, so the values reach the
/// fields' own deserialisers.
fn json_value() -> impl Strategy<Value = Value> {
    let fields = vec![
        "person",
        "now",
        "after",
        "apdu",
        "challenge",
        "certificate",
        "signature",
        "kind",
        "document",
        "name",
        "address",
        "birth_date",
        "sex",
        "attributes",
        "items",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,10}".prop_map(Value::from),
        prop::sample::select(vec!["taro", "demo", "2026-12-15T10:00:00+09:00", "1990-01-01", "AKQEDA=="])
            .prop_map(Value::from),
    ];
    let key = prop_oneof![3 => prop::sample::select(fields).prop_map(String::from), 1 => ".{0,5}"];
    leaf.prop_recursive(3, 32, 6, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            btree_map(key.clone(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn arbitrary_bytes_get_problem_json() {
    let h = Harness::new();
    let bytes = prop_oneof![
        vec(any::<u8>(), 0..64),
        vec(prop::sample::select(b"{}[]\":,0123456789-eE.nultrsfa \\".to_vec()), 0..48),
    ];
    h.check((endpoint_index(), content_type(), bytes), |(i, content_type, body)| {
        let endpoint = &endpoints()[i];
        let answer = h.send(endpoint.method.clone(), endpoint.path, endpoint.session, content_type, body.clone());
        refused_properly(endpoint, content_type.is_some_and(|c| c.starts_with("application/json")), &body, &answer)
    });
}

#[test]
fn arbitrary_json_gets_problem_json() {
    let h = Harness::new();
    h.check((endpoint_index(), json_value()), |(i, value)| {
        let endpoint = &endpoints()[i];
        let body = value.to_string().into_bytes();
        let answer =
            h.send(endpoint.method.clone(), endpoint.path, endpoint.session, Some("application/json"), body.clone());
        refused_properly(endpoint, true, &body, &answer)
    });
}
