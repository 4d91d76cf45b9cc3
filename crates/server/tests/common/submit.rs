//! Submitting applications and reading notices through the API, for the tests of
//! applications, the worker and notices.

use axum::body::Body;
use axum::http::{header, Method, Request};
use serde_json::{json, Value};

use super::{Answer, TestApp, HOST};

impl TestApp {
    /// `POST /api/applications` as a same-origin browser would, with `key` as the
    /// `Idempotency-Key` (none when `None`).
    pub async fn submit_raw(&self, cookie: &str, key: Option<&str>, body: Value) -> Answer {
        let mut req = Request::builder()
            .method(Method::POST)
            .uri("/api/applications")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header("sec-fetch-site", "same-origin")
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(k) = key {
            req = req.header("idempotency-key", k);
        }
        self.raw(req.body(Body::from(body.to_string())).unwrap()).await
    }

    /// A demo application with `document`; asserts it was accepted and returns its id.
    pub async fn submit_demo(&self, cookie: &str, key: &str, document: &str) -> String {
        let a = self.submit_raw(cookie, Some(key), json!({ "kind": "demo", "document": document })).await;
        assert!(a.status.is_success(), "{} {}", a.status, a.text());
        a.json()["id"].as_str().unwrap().to_string()
    }

    pub async fn process(&self) -> u64 {
        let a = self.send(Method::POST, "/api/demo/process", None, None).await;
        assert!(a.status.is_success(), "{}", a.text());
        a.json()["processed"].as_u64().unwrap()
    }

    pub async fn notices(&self, cookie: &str) -> Vec<Value> {
        let a = self.get("/api/notices", Some(cookie)).await;
        assert!(a.status.is_success(), "{}", a.text());
        a.json().as_array().unwrap().clone()
    }

    pub async fn unread(&self, cookie: &str) -> u64 {
        let a = self.get("/api/notices/unread-count", Some(cookie)).await;
        assert!(a.status.is_success(), "{}", a.text());
        a.json()["unread"].as_u64().unwrap()
    }

    /// Rows in a table, straight from the database.
    pub async fn rows(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(self.state.store.pool()).await.unwrap()
    }
}
