//! A panicking handler answers 500 problem+json (`internal`) and is logged at ERROR with
//! its message, instead of the connection just dropping. The e2e run fails on any
//! `panicked at` in the server log (xtask), so a panic the SPA papered over is still seen.

use std::any::Any;

use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;

use crate::error::ApiError;

type Handler = fn(Box<dyn Any + Send + 'static>) -> Response;

pub fn layer() -> CatchPanicLayer<Handler> {
    CatchPanicLayer::custom(answer as Handler)
}

/// The panic's message (a `&str` or a `String` payload, as `panic!` makes them).
fn message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

fn answer(payload: Box<dyn Any + Send + 'static>) -> Response {
    // Logged by ApiError::Internal's response (ERROR, "internal error").
    ApiError::Internal(anyhow::anyhow!("handler panicked: {}", message(payload.as_ref()))).into_response()
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;

    use super::*;

    /// What the tracing subscriber writes, kept for the test to read.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    async fn str_payload() -> &'static str {
        panic!("a str payload")
    }

    async fn string_payload() -> &'static str {
        panic!("{} payload", "a String")
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_500_and_is_logged() {
        let log = Captured::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let app: Router =
            Router::new().route("/str", get(str_payload)).route("/string", get(string_payload)).layer(layer());
        for (path, said) in [("/str", "a str payload"), ("/string", "a String payload")] {
            let res = app.clone().oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
            assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
            assert_eq!(res.headers()[header::CONTENT_TYPE], "application/problem+json");
            let body = axum::body::to_bytes(res.into_body(), 4096).await.unwrap();
            let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(problem["code"], "internal");
            assert!(!String::from_utf8_lossy(&body).contains(said), "the cause is logged, never sent");
            let logged = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
            assert!(logged.contains("ERROR") && logged.contains(&format!("handler panicked: {said}")), "{logged}");
        }
    }
}
