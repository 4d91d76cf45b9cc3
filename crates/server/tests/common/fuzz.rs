//! What the fuzzing tests over the router share (issue 16 §7): one runtime and one app
//! per property, same-origin requests, and the problem+json check.

use axum::body::Body;
use axum::http::{header, Method, Request};
use domain::api::Problem;
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};
use tokio::runtime::Runtime;

use super::{Answer, TestApp, HOST};

/// Each case runs the app: few of them.
pub fn config() -> ProptestConfig {
    ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() }
}

/// One runtime and one app per property; the app is logged in as taro.
pub struct Harness {
    rt: Runtime,
    pub app: TestApp,
    pub cookie: String,
}

impl Harness {
    pub fn new() -> Harness {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (app, cookie) = rt.block_on(async {
            let app = super::app(true).await;
            let cookie = app.login("taro").await;
            (app, cookie)
        });
        Harness { rt, app, cookie }
    }

    /// A same-origin browser request, with an idempotency key for the submissions.
    pub fn send(&self, method: Method, path: &str, session: bool, content_type: Option<&str>, body: Vec<u8>) -> Answer {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header("sec-fetch-site", "same-origin")
            .header("idempotency-key", "fuzz-0001");
        if session {
            req = req.header(header::COOKIE, &self.cookie);
        }
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        self.rt.block_on(self.app.raw(req.body(Body::from(body)).unwrap()))
    }

    /// Runs `property` on `strategy`'s values; a failure names the minimal input.
    pub fn check<S: Strategy>(&self, strategy: S, property: impl Fn(S::Value) -> Result<(), TestCaseError>) {
        TestRunner::new(config()).run(&strategy, property).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// RFC 9457 in the project's shape: the content type, and a body whose status is the
/// answer's, with a code and a Japanese detail.
pub fn is_problem(answer: &Answer) -> Result<(), TestCaseError> {
    prop_assert_eq!(answer.header("content-type"), "application/problem+json", "{} {}", answer.status, answer.text());
    let problem: Problem =
        serde_json::from_slice(&answer.body).map_err(|e| TestCaseError::fail(format!("{e}: {}", answer.text())))?;
    prop_assert_eq!(problem.status, answer.status.as_u16());
    prop_assert!(!problem.code.is_empty() && !problem.detail.is_empty(), "{problem:?}");
    Ok(())
}
