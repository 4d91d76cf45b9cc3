//! One signed-submission path (issue 27): 本籍, one-stop start/renew and cancel are
//! submitted by `applications::signed::submit_signed`, so each answers the same way to the
//! same abuse — no key or a malformed one, another person's signature, a double tap sent
//! at once, the same request again, another request under a used key — and each success
//! rotates the session. One table-driven test runs the same steps against all three.

mod common;

use axum::http::{Method, StatusCode};
use common::card::sign_challenge;
use common::{app, Answer, TestApp};
use serde_json::{json, Value};

/// One signed flow: its submission endpoint, and how to reach a challenge for taro.
#[derive(Clone, Copy, Debug)]
enum Flow {
    Honseki,
    Consent,
    Cancel,
}

impl Flow {
    fn endpoint(self) -> &'static str {
        match self {
            Flow::Honseki => "/api/honseki",
            Flow::Consent => "/api/onestop/consent",
            Flow::Cancel => "/api/onestop/cancel",
        }
    }

    fn kind(self) -> &'static str {
        match self {
            Flow::Honseki => "honseki_change",
            Flow::Consent => "onestop_consent",
            Flow::Cancel => "onestop_consent_cancel",
        }
    }

    /// The flow's steps up to its challenge; the challenge.
    async fn challenge(self, app: &TestApp, cookie: &str) -> Value {
        let post = |path: &'static str, body: Option<Value>| app.send(Method::POST, path, Some(cookie), body);
        let c = match self {
            Flow::Honseki => {
                let card = json!({ "name": "免許 太郎", "address": "東京都港区芝浦四丁目5番6号", "birth_date": "19960101", "sex": "1" });
                assert_eq!(post("/api/honseki/identity", Some(card)).await.status, StatusCode::NO_CONTENT);
                assert_eq!(post("/api/honseki/agreement", None).await.status, StatusCode::NO_CONTENT);
                post("/api/honseki/challenge", None).await
            }
            Flow::Consent => {
                post("/api/onestop/steps/start/terms", None).await;
                post("/api/onestop/consent/challenge", Some(json!({ "items": items() }))).await
            }
            Flow::Cancel => {
                post("/api/onestop/steps/cancel/terms", None).await;
                post("/api/onestop/cancel/challenge", Some(json!({}))).await
            }
        };
        assert_eq!(c.status, StatusCode::OK, "{self:?}: {}", c.text());
        c.json()
    }

    /// The body the endpoint takes for `challenge`, signed by `signer`'s card.
    async fn body(self, app: &TestApp, challenge: &Value, signer: &str) -> Value {
        let mut body = sign_challenge(app, challenge, signer).await;
        if let Flow::Consent = self {
            body["items"] = items();
        }
        body
    }
}

fn items() -> Value {
    json!({ "address": true, "name": false, "birth_date": false })
}

/// taro logged in; for a cancellation, with a consent to cancel (applied for and processed).
async fn taro(app: &TestApp, flow: Flow) -> String {
    let cookie = app.login("taro").await;
    if let Flow::Cancel = flow {
        let c = Flow::Consent.challenge(app, &cookie).await;
        let body = Flow::Consent.body(app, &c, "taro").await;
        let a = app.post_keyed(Flow::Consent.endpoint(), &cookie, "consent", &body).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
        app.process().await;
        return a.session_cookie();
    }
    cookie
}

async fn unkeyed(app: &TestApp, path: &str, cookie: &str, body: &Value) -> Answer {
    app.send(Method::POST, path, Some(cookie), Some(body.clone())).await
}

async fn of_kind(app: &TestApp, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM applications WHERE kind = $1")
        .bind(kind)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap()
}

fn refused(a: &Answer, status: StatusCode, code: &str, flow: Flow) {
    assert_eq!((a.status, a.problem_code()), (status, code.to_string()), "{flow:?}: {}", a.text());
    assert_eq!(a.header("set-cookie"), "", "{flow:?}: a refusal rotates no session");
}

#[tokio::test]
async fn the_three_signed_flows_answer_alike() {
    for flow in [Flow::Honseki, Flow::Consent, Flow::Cancel] {
        let app = app(true).await;
        let cookie = taro(&app, flow).await;
        let path = flow.endpoint();

        // No key, a malformed key: refused before anything is read or used.
        let c = flow.challenge(&app, &cookie).await;
        let body = flow.body(&app, &c, "taro").await;
        refused(&unkeyed(&app, path, &cookie, &body).await, StatusCode::BAD_REQUEST, "idempotency_key_required", flow);
        let long = "k".repeat(200);
        refused(
            &app.post_keyed(path, &cookie, &long, &body).await,
            StatusCode::BAD_REQUEST,
            "invalid_idempotency_key",
            flow,
        );

        // Another person's card: refused by the signature check, nothing stored.
        let c = flow.challenge(&app, &cookie).await;
        let hanakos = flow.body(&app, &c, "hanako").await;
        refused(
            &app.post_keyed(path, &cookie, "wrong", &hanakos).await,
            StatusCode::FORBIDDEN,
            "cert_wrong_person",
            flow,
        );
        assert_eq!(of_kind(&app, flow.kind()).await, 0, "{flow:?}");

        // A double tap sent at once: one application, answered twice.
        let c = flow.challenge(&app, &cookie).await;
        let body = flow.body(&app, &c, "taro").await;
        let (a, b) =
            tokio::join!(app.post_keyed(path, &cookie, "k-1", &body), app.post_keyed(path, &cookie, "k-1", &body));
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CREATED], "{flow:?}: {} / {}", a.text(), b.text());
        let (created, replayed) = if a.status == StatusCode::CREATED { (&a, &b) } else { (&b, &a) };
        assert_eq!(created.json()["kind"], flow.kind());
        assert_eq!(created.json()["id"], replayed.json()["id"], "{flow:?}");
        assert_eq!((created.header("idempotent-replayed"), replayed.header("idempotent-replayed")), ("false", "true"));
        // A card signature is a re-authentication: the new application rotates the session,
        // its replay does not.
        assert!(created.header("set-cookie").contains("session="), "{flow:?}");
        assert_eq!(replayed.header("set-cookie"), "", "{flow:?}");

        // The same request again later: the same application.
        let again = app.post_keyed(path, &cookie, "k-1", &body).await;
        assert_eq!(again.status, StatusCode::OK, "{flow:?}: {}", again.text());
        assert_eq!(again.json()["id"], created.json()["id"]);

        // Another request under the used key (another signature's bytes): refused.
        let mut other = body.clone();
        other["signature"] = json!(common::card::b64(b"not the first request's signature"));
        refused(
            &app.post_keyed(path, &cookie, "k-1", &other).await,
            StatusCode::CONFLICT,
            "idempotency_key_reused",
            flow,
        );
        // The used key with hanako's signature over taro's challenge: refused too.
        refused(
            &app.post_keyed(path, &cookie, "k-1", &hanakos).await,
            StatusCode::CONFLICT,
            "idempotency_key_reused",
            flow,
        );

        assert_eq!(of_kind(&app, flow.kind()).await, 1, "{flow:?}: exactly one application");
    }
}
