//! Linking (属性連携): the whole signed flow for 免許 一郎, each refusal with its own code
//! in the order the server checks, the attributes never kept, and the audit trail.

mod common;

use axum::http::{Method, StatusCode};
use common::card::{attributes_of, b64, profile, unb64, LocalCard};
use common::{app, post, TestApp};
use domain::link::CardAttributes;
use serde_json::{json, Value};
use server::store::audit;

/// Challenge for `attributes`, then sign it with `signer`'s card; returns the link body.
async fn signed_link_body(app: &TestApp, cookie: &str, attributes: &CardAttributes, signer: &str) -> Value {
    let c = post(app, "/api/link/challenge", cookie, json!(attributes)).await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.text());
    let c = c.json();
    let card = LocalCard::new(profile(app, signer).await);
    let (cert, sig) = card.signing_sign(&unb64(c["digest_info"].as_str().unwrap())).await;
    json!({ "challenge": c["id"], "certificate": b64(&cert), "signature": b64(&sig), "attributes": attributes })
}

#[tokio::test]
async fn ichiro_links_with_his_own_card() {
    let app = app(true).await;
    let cookie = app.login("ichiro").await;
    let attributes = attributes_of(&profile(&app, "ichiro").await);
    assert_eq!(post(&app, "/api/link/check", &cookie, json!(attributes)).await.status, StatusCode::NO_CONTENT);

    let body = signed_link_body(&app, &cookie, &attributes, "ichiro").await;
    let a = post(&app, "/api/link", &cookie, body).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(a.json()["linked"], true);
    assert_eq!(app.get("/api/license", Some(&cookie)).await.json()["state"], "linked");

    let trail = audit::for_person(&app.state.store, "ichiro").await.unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!((trail[0].action.as_str(), trail[0].outcome.as_str()), ("link", "ok"));
    assert!(trail[0].cert_serial.as_deref().is_some_and(|s| !s.is_empty()));

    // Linking twice is refused cleanly.
    let again = post(&app, "/api/link/check", &cookie, json!(attributes)).await;
    assert_eq!((again.status, again.problem_code()), (StatusCode::CONFLICT, "already_linked".to_string()));
}

#[tokio::test]
async fn the_sent_attributes_are_not_kept_anywhere() {
    let app = app(true).await;
    let cookie = app.login("ichiro").await;
    // Distinctive values that cannot occur elsewhere: refused at matching, after a challenge.
    let probe = CardAttributes {
        name: "照合検査 太郎".into(),
        address: "検査県検査市検査町9-9-9".into(),
        birth_date: "19700707".into(),
        sex: "1".into(),
    };
    // Kept between the steps for a reload (steps 6–8), then gone with the link.
    let kept = app.send(Method::PUT, "/api/link/state", Some(&cookie), Some(json!(probe))).await;
    assert_eq!(kept.status, StatusCode::NO_CONTENT, "{}", kept.text());
    let state = app.get("/api/link/state", Some(&cookie)).await.json();
    assert_eq!((state["attributes"]["name"].clone(), state["sent"].clone()), (json!("照合検査 太郎"), json!(false)));
    assert_eq!(post(&app, "/api/link/check", &cookie, json!(probe)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/link/state", Some(&cookie)).await.json()["sent"], true);
    let body = signed_link_body(&app, &cookie, &probe, "ichiro").await;
    let a = post(&app, "/api/link", &cookie, body).await;
    assert_eq!(a.problem_code(), "attributes_mismatch");
    // And a successful link with the real ones.
    let real = attributes_of(&profile(&app, "ichiro").await);
    let body = signed_link_body(&app, &cookie, &real, "ichiro").await;
    assert_eq!(post(&app, "/api/link", &cookie, body).await.status, StatusCode::OK);
    assert_eq!(app.get("/api/link/state", Some(&cookie)).await.json(), json!({ "attributes": null, "sent": false }));

    let tables = app.state.store.table_names().await.unwrap();
    assert!(tables.len() >= 5, "{tables:?}");
    for table in tables {
        let dump = dump_table(&app, &table).await;
        for needle in ["照合検査", "検査県", "19700707"] {
            assert!(!dump.contains(needle), "{needle} found in table {table}");
        }
    }
}

/// Every column of every row as text.
async fn dump_table(app: &TestApp, table: &str) -> String {
    use sqlx::{Column, Row, ValueRef};
    // Each column as text (written for both engines; `Any` reads no SQLite BOOLEAN).
    let columns = app.state.store.column_names(table).await.unwrap();
    let list = columns.iter().map(|c| format!("CAST({c} AS TEXT) AS {c}")).collect::<Vec<_>>().join(", ");
    let rows = sqlx::query(&format!("SELECT {list} FROM {table}")).fetch_all(app.state.store.pool()).await.unwrap();
    let mut out = String::new();
    for row in rows {
        for (i, col) in row.columns().iter().enumerate() {
            let raw = row.try_get_raw(i).unwrap();
            if raw.is_null() {
                continue;
            }
            if let Ok(s) = row.try_get::<String, _>(i) {
                out.push_str(&s);
            } else if let Ok(b) = row.try_get::<Vec<u8>, _>(i) {
                out.push_str(&String::from_utf8_lossy(&b));
            }
            out.push_str(col.name());
            out.push('\n');
        }
    }
    out
}

#[tokio::test]
async fn ken_cannot_link_his_holding_status() {
    let app = app(true).await;
    let cookie = app.login("ken").await;
    let attributes = attributes_of(&profile(&app, "ken").await);
    let a = post(&app, "/api/link/check", &cookie, json!(attributes)).await;
    assert_eq!((a.status, a.problem_code()), (StatusCode::FORBIDDEN, "status_not_linkable".to_string()));
    assert!(a.json()["detail"].as_str().unwrap().contains("運転免許センター"));
    let c = post(&app, "/api/link/challenge", &cookie, json!(attributes)).await;
    assert_eq!(c.problem_code(), "status_not_linkable");
    assert_eq!(app.get("/api/license", Some(&cookie)).await.json()["state"], "unlinked");
}

#[tokio::test]
async fn yuki_has_not_submitted_her_signing_certificate() {
    let app = app(true).await;
    let cookie = app.login("yuki").await;
    let attributes = attributes_of(&profile(&app, "yuki").await);
    let a = post(&app, "/api/link/check", &cookie, json!(attributes)).await;
    assert_eq!(a.problem_code(), "signing_cert_not_submitted");
    assert!(a.json()["detail"].as_str().unwrap().contains("署名用電子証明書"));
    assert_eq!(app.get("/api/session", Some(&cookie)).await.json()["linked"], false);
}

#[tokio::test]
async fn a_link_signed_with_another_persons_card_is_refused() {
    let app = app(true).await;
    let cookie = app.login("ichiro").await;
    // taro's card read, taro's card signs: the attributes match taro's certificate, but
    // it is not the session person's.
    let taro = attributes_of(&profile(&app, "taro").await);
    let body = signed_link_body(&app, &cookie, &taro, "taro").await;
    let a = post(&app, "/api/link", &cookie, body).await;
    assert_eq!(a.problem_code(), "cert_wrong_person");
    assert_eq!(app.get("/api/session", Some(&cookie)).await.json()["linked"], false);
    let trail = audit::for_person(&app.state.store, "ichiro").await.unwrap();
    assert_eq!(trail.last().map(|e| e.outcome.as_str()), Some("cert_wrong_person"));
}

#[tokio::test]
async fn attributes_that_differ_from_the_certificate_are_refused() {
    let app = app(true).await;
    let cookie = app.login("ichiro").await;
    let mut moved = attributes_of(&profile(&app, "ichiro").await);
    moved.address.push_str("（転居後）");
    let body = signed_link_body(&app, &cookie, &moved, "ichiro").await;
    let a = post(&app, "/api/link", &cookie, body).await;
    assert_eq!((a.status, a.problem_code()), (StatusCode::FORBIDDEN, "attributes_mismatch".to_string()));
}

#[tokio::test]
async fn attributes_swapped_after_signing_are_refused() {
    let app = app(true).await;
    let cookie = app.login("ichiro").await;
    let real = attributes_of(&profile(&app, "ichiro").await);
    // Signed over other attributes, then the real ones sent with it: the document's
    // digest no longer names what was sent.
    let other = CardAttributes { name: "別人 花子".into(), ..real.clone() };
    let mut body = signed_link_body(&app, &cookie, &other, "ichiro").await;
    body["attributes"] = json!(real);
    let a = post(&app, "/api/link", &cookie, body).await;
    assert_eq!(a.problem_code(), "attributes_mismatch");
    assert_eq!(app.get("/api/session", Some(&cookie)).await.json()["linked"], false);
}

#[tokio::test]
async fn malformed_attributes_and_signatures_change_nothing() {
    let app = app(true).await;
    let cookie = app.login("ichiro").await;
    let bad = json!({ "name": "免許 一郎", "address": "x", "birth_date": "1990-01-01", "sex": "1" });
    assert_eq!(post(&app, "/api/link/check", &cookie, bad).await.problem_code(), "invalid_attributes");
    let real = attributes_of(&profile(&app, "ichiro").await);
    let mut body = signed_link_body(&app, &cookie, &real, "ichiro").await;
    body["signature"] = json!("!!not base64!!");
    assert_eq!(post(&app, "/api/link", &cookie, body).await.problem_code(), "malformed");
    assert_eq!(app.get("/api/session", Some(&cookie)).await.json()["linked"], false);
}

/// The old attack on the signed text: part of one item posing as the next. Refused at
/// every door that takes attributes, by name, before any document is made.
#[tokio::test]
async fn attributes_with_line_breaks_are_refused_at_every_door() {
    let app = app(true).await;
    let cookie = app.login("ichiro").await;
    let real = attributes_of(&profile(&app, "ichiro").await);
    let posing = CardAttributes { name: format!("{}\n住所:{}", real.name, real.address), ..real.clone() };
    let separator = CardAttributes { address: format!("{}\u{2028}", real.address), ..real.clone() };
    for (method, path) in
        [(Method::PUT, "/api/link/state"), (Method::POST, "/api/link/check"), (Method::POST, "/api/link/challenge")]
    {
        for (attrs, label) in [(&posing, "氏名"), (&separator, "住所")] {
            let a = app.send(method.clone(), path, Some(&cookie), Some(json!(attrs))).await;
            assert_eq!((a.status, a.problem_code()), (StatusCode::BAD_REQUEST, "attributes_control_character".into()));
            let detail = a.json()["detail"].as_str().unwrap().to_string();
            assert!(detail.starts_with(&format!("読み取った{label}に改行などの制御文字")), "{path}: {detail}");
        }
    }
    assert_eq!(app.rows("signature_challenges").await, 0, "no document was made");
    assert_eq!(app.get("/api/link/state", Some(&cookie)).await.json()["attributes"], Value::Null);
}
