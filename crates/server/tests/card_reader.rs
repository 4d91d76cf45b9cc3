//! The remote card reader (`/api/card/apdu`, `/api/card/session`): demo mode only, whose
//! card each request reaches, and card state that persists between requests, across a
//! restart, and back to new on `/api/demo/reset`.

mod common;

use axum::http::{Method, StatusCode};
use common::card::{no_progress, RemoteReader};
use common::{app, app_with};
use jpki::{JpkiClient, JpkiError, PinKind, PinStatus, Sex};
use serde_json::json;

const SELECT_JPKI: [u8; 15] =
    [0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
const SELECT_AUTH_PIN: [u8; 7] = [0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x18];
const SELECT_AUTH_KEY: [u8; 7] = [0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x17];
const VERIFY_9999: [u8; 9] = [0x00, 0x20, 0x00, 0x80, 0x04, b'9', b'9', b'9', b'9'];

#[tokio::test]
async fn reader_routes_are_absent_outside_demo_mode() {
    let app = app(false).await;
    let unknown = app.get("/api/no-such-route", None).await;
    for (path, body) in [
        ("/api/card/apdu", json!({ "apdu": "AKQEDA==", "person": "taro" })),
        ("/api/card/session", json!({ "person": "taro" })),
    ] {
        let a = app.send(Method::POST, path, None, Some(body)).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(a.problem_code(), "not_found");
        assert_eq!(a.body, unknown.body, "{path} must look like any unknown route");
    }
}

#[tokio::test]
async fn without_a_session_the_tap_names_a_known_person() {
    let app = app(true).await;
    for body in [json!({}), json!({ "person": "nobody" })] {
        let a = app.send(Method::POST, "/api/card/session", None, Some(body)).await;
        assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::NOT_FOUND, "unknown_person"));
        assert_eq!(a.header("set-cookie"), "", "no reader is bound to no one");
    }
    let reader = RemoteReader::for_person(&app, "taro");
    let tapped = reader.tap().await;
    assert_eq!(tapped.status, StatusCode::NO_CONTENT);
    let cookie = tapped.header("set-cookie");
    for part in ["__Secure-card_reader=", "Secure", "Path=/api/card", "HttpOnly", "SameSite=Strict", "Max-Age=600"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    let bound = reader.reader.borrow().clone();
    let a = app
        .send(
            Method::POST,
            "/api/card/apdu",
            bound.as_deref(),
            Some(json!({ "apdu": "not base64!", "person": "taro" })),
        )
        .await;
    assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::BAD_REQUEST, "malformed"));
}

/// Before issue 16, `POST /api/card/apdu {"person": …}` without any cookie drove that
/// person's card: anyone could send wrong PINs until hanako's card locked. Now a card
/// answers without a session only the reader its tap bound, and only for that card.
#[tokio::test]
async fn without_a_session_only_a_reader_bound_by_its_tap_drives_the_card() {
    let app = app(true).await;
    let verify = json!({ "apdu": common::card::b64(&VERIFY_9999), "person": "hanako" });
    // No cookie at all, or a made-up one: refused, and the card counts nothing.
    let forged = format!("__Secure-card_reader={}", "ab".repeat(32));
    for cookie in [None, Some(forged.as_str())] {
        let a = app.send(Method::POST, "/api/card/apdu", cookie, Some(verify.clone())).await;
        assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::FORBIDDEN, "card_reader_unbound"));
    }
    // A reader bound to taro's card cannot reach hanako's.
    let taro = RemoteReader::for_person(&app, "taro");
    taro.tap().await;
    let taro_reader = taro.reader.borrow().clone();
    let a = app.send(Method::POST, "/api/card/apdu", taro_reader.as_deref(), Some(verify)).await;
    assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::FORBIDDEN, "card_reader_unbound"));
    let hanako = RemoteReader::for_person(&app, "hanako");
    hanako.tap().await;
    assert_eq!(JpkiClient::new(&hanako).auth_pin_tries().await, Ok(PinStatus::Remaining(3)), "nothing was counted");
    // Unbound by the demo reset.
    app.send(Method::POST, "/api/demo/reset", None, None).await;
    let a = hanako.post_apdu(&SELECT_JPKI).await;
    assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::FORBIDDEN, "card_reader_unbound"));
}

/// Before issue 16, every name sent to the reader got an entry in the card-lock map, kept
/// for the life of the process. Now only a known person's card is ever locked.
#[tokio::test]
async fn unknown_names_never_reach_the_card_locks() {
    let app = app(true).await;
    for i in 0..200 {
        let name = format!("nobody-{i}");
        app.send(Method::POST, "/api/card/session", None, Some(json!({ "person": name }))).await;
        app.send(Method::POST, "/api/card/apdu", None, Some(json!({ "apdu": "AKQEDA==", "person": name }))).await;
    }
    assert_eq!(app.state.cards.tracked(), 0);
    RemoteReader::for_person(&app, "taro").tap().await;
    assert_eq!(app.state.cards.tracked(), 1);
}

#[tokio::test]
async fn with_a_session_only_that_persons_card_answers() {
    let app = app(true).await;
    let cookie = app.login("hanako").await;
    let reader = RemoteReader::for_session(&app, &cookie);
    assert_eq!(reader.tap().await.status, StatusCode::NO_CONTENT);
    // Her card: the card-info AP holds her 基本4情報.
    let client = JpkiClient::new(&reader);
    client.verify_card_info_pin("1234").await.unwrap();
    let four = client.read_basic_four(&no_progress).await.unwrap();
    assert_eq!((four.name.as_str(), four.birth_date.as_str(), four.sex), ("免許 花子", "19901220", Sex::Female));
    // Naming herself is fine; naming someone else is refused.
    let same = app
        .send(Method::POST, "/api/card/apdu", Some(&cookie), Some(json!({ "apdu": "AKQEDA==", "person": "hanako" })))
        .await;
    assert_eq!(same.status, StatusCode::OK);
    for path in ["/api/card/apdu", "/api/card/session"] {
        let other =
            app.send(Method::POST, path, Some(&cookie), Some(json!({ "apdu": "AKQEDA==", "person": "taro" }))).await;
        assert_eq!(
            (other.status, other.problem_code().as_str()),
            (StatusCode::CONFLICT, "card_person_mismatch"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn counters_persist_between_requests_and_reset_with_the_demo() {
    let app = app(true).await;
    let reader = RemoteReader::for_person(&app, "taro");
    reader.tap().await;
    let client = JpkiClient::new(&reader);
    assert_eq!(client.verify_auth_pin("9999").await, Err(JpkiError::WrongPin { pin: PinKind::Auth, tries_left: 2 }));
    // Another read (a new tap, new requests): the card still says 2.
    let again = RemoteReader::for_person(&app, "taro");
    again.tap().await;
    assert_eq!(JpkiClient::new(&again).auth_pin_tries().await, Ok(PinStatus::Remaining(2)));
    let stored = server::store::cards::state(&app.state.store, "taro").await.unwrap().unwrap();
    assert_eq!((stored.card_info_tries, stored.auth_tries, stored.signing_tries), (3, 2, 5));
    // Other people's cards are untouched.
    let hanako = RemoteReader::for_person(&app, "hanako");
    hanako.tap().await;
    assert_eq!(JpkiClient::new(&hanako).auth_pin_tries().await, Ok(PinStatus::Remaining(3)));

    let a = app.send(Method::POST, "/api/demo/reset", None, None).await;
    assert_eq!(a.status, StatusCode::NO_CONTENT);
    // The reset also unbinds every reader: tap again.
    again.tap().await;
    assert_eq!(JpkiClient::new(&again).auth_pin_tries().await, Ok(PinStatus::Remaining(3)));
}

#[tokio::test]
async fn three_wrong_auth_pins_lock_the_card_for_good() {
    let app = app(true).await;
    let cert_before = common::card::profile(&app, "taro").await.auth_cert_der;
    let reader = RemoteReader::for_person(&app, "taro");
    reader.tap().await;
    let client = JpkiClient::new(&reader);
    for left in [2, 1] {
        assert_eq!(
            client.verify_auth_pin("9999").await,
            Err(JpkiError::WrongPin { pin: PinKind::Auth, tries_left: left })
        );
    }
    // The third wrong PIN locks it (the card answers 63C0).
    assert_eq!(client.verify_auth_pin("9999").await, Err(JpkiError::Locked { pin: PinKind::Auth }));
    // Locked: the client refuses without sending the PIN, and the card itself says 6983.
    let sent = reader.sent.borrow().len();
    assert_eq!(client.verify_auth_pin("1234").await, Err(JpkiError::Locked { pin: PinKind::Auth }));
    assert!(
        !reader.sent.borrow()[sent..].iter().any(|apdu| apdu.len() > 5 && apdu[1] == 0x20),
        "a VERIFY with a PIN was sent"
    );
    reader.tap().await;
    assert_eq!(reader.apdu(&SELECT_JPKI).await.1, 0x9000);
    assert_eq!(reader.apdu(&SELECT_AUTH_PIN).await.1, 0x9000);
    assert_eq!(reader.apdu(&VERIFY_9999).await.1, 0x6983);
    assert_eq!(reader.apdu(&[0x00, 0x20, 0x00, 0x80, 0x04, b'1', b'2', b'3', b'4']).await.1, 0x6983);

    // A restart on the same database keeps it locked.
    let data_dir = app.dir.path().join("data");
    let url = app.state.config.database_url.clone();
    let dist = app.dir.path().join("dist");
    let restarted = app_with(true, |c| {
        c.data_dir = data_dir;
        c.database_url = url;
        c.dist = dist;
    })
    .await;
    let reader = RemoteReader::for_person(&restarted, "taro");
    reader.tap().await;
    assert_eq!(JpkiClient::new(&reader).auth_pin_tries().await, Ok(PinStatus::Locked));

    // The demo reset makes it a new card again, with the same certificate.
    restarted.send(Method::POST, "/api/demo/reset", None, None).await;
    reader.tap().await;
    assert_eq!(JpkiClient::new(&reader).auth_pin_tries().await, Ok(PinStatus::Remaining(3)));
    assert_eq!(common::card::profile(&restarted, "taro").await.auth_cert_der, cert_before);
}

#[tokio::test]
async fn a_tap_forgets_the_verified_pin_but_not_the_counters() {
    let app = app(true).await;
    let reader = RemoteReader::for_person(&app, "taro");
    reader.tap().await;
    let client = JpkiClient::new(&reader);
    client.verify_auth_pin("1234").await.unwrap();
    assert_eq!(client.auth_pin_tries().await, Ok(PinStatus::Verified));
    reader.tap().await;
    assert_eq!(client.auth_pin_tries().await, Ok(PinStatus::Remaining(3)));
    // SIGN without the PIN verified since the tap: 6982.
    assert_eq!(reader.apdu(&SELECT_JPKI).await.1, 0x9000);
    assert_eq!(reader.apdu(&SELECT_AUTH_KEY).await.1, 0x9000);
    let mut sign = vec![0x80, 0x2A, 0x00, 0x80, 51];
    sign.extend_from_slice(&jpki::digest_info_sha256([7; 32]));
    sign.push(0x00);
    assert_eq!(reader.apdu(&sign).await.1, 0x6982);
}

#[tokio::test]
async fn concurrent_apdus_to_one_card_do_not_lose_updates() {
    let app = app(true).await;
    let reader = RemoteReader::for_person(&app, "taro");
    reader.tap().await;
    assert_eq!(reader.apdu(&SELECT_JPKI).await.1, 0x9000);
    assert_eq!(reader.apdu(&SELECT_AUTH_PIN).await.1, 0x9000);
    // Two wrong PINs at once: each sees the other's decrement.
    let (a, b) = tokio::join!(reader.apdu(&VERIFY_9999), reader.apdu(&VERIFY_9999));
    let mut words = [a.1, b.1];
    words.sort();
    assert_eq!(words, [0x63C1, 0x63C2]);
    let stored = server::store::cards::state(&app.state.store, "taro").await.unwrap().unwrap();
    assert_eq!(stored.auth_tries, 1);
}

#[tokio::test]
async fn the_signing_certificate_needs_the_signing_pin_and_carries_the_four_items() {
    let app = app(true).await;
    let reader = RemoteReader::for_person(&app, "taro");
    reader.tap().await;
    let client = JpkiClient::new(&reader);
    assert_eq!(
        client.read_signing_certificate(&no_progress).await,
        Err(JpkiError::NotVerified { pin: PinKind::Signing })
    );
    client.verify_signing_pin("abc123").await.unwrap();
    let der = client.read_signing_certificate(&no_progress).await.unwrap();
    let cert = server::pki::x509::parse(&der).unwrap();
    assert_eq!(cert.kind, Some(server::pki::CertKind::Signing));
    let four = cert.basic_four.expect("the signing certificate names the person");
    assert_eq!(four.name, "免許 太郎");
    assert_eq!(four.birth_date, "19960101");
    assert_eq!(four.sex, Sex::Male);
    // The authentication certificate names no one, like the real one.
    let auth = server::pki::x509::parse(&client.read_auth_certificate(&no_progress).await.unwrap()).unwrap();
    assert_eq!((auth.kind, auth.basic_four), (Some(server::pki::CertKind::Auth), None));
}

#[tokio::test]
async fn the_demo_control_takes_the_card_away_mid_read_until_it_is_tapped_again() {
    let app = app(true).await;
    let reader = RemoteReader::for_person(&app, "taro");
    let send = || reader.post_apdu(&SELECT_JPKI);
    assert_eq!(reader.tap().await.status, StatusCode::NO_CONTENT);
    let armed =
        app.send(Method::POST, "/api/demo/card-removal", None, Some(json!({ "person": "taro", "after": 2 }))).await;
    assert_eq!(armed.status, StatusCode::NO_CONTENT, "{}", armed.text());
    // Armed, not yet counting: the read in progress is untouched until the next tap.
    assert_eq!(send().await.status, StatusCode::OK);
    assert_eq!(reader.tap().await.status, StatusCode::NO_CONTENT);
    assert_eq!(send().await.status, StatusCode::OK);
    assert_eq!(send().await.status, StatusCode::OK);
    let gone = send().await;
    assert_eq!((gone.status, gone.problem_code().as_str()), (StatusCode::GONE, "card_removed"));
    assert_eq!(send().await.status, StatusCode::GONE, "still away");
    // Presented again: the card answers.
    assert_eq!(reader.tap().await.status, StatusCode::NO_CONTENT);
    assert_eq!(send().await.status, StatusCode::OK);
    let unknown =
        app.send(Method::POST, "/api/demo/card-removal", None, Some(json!({ "person": "nobody", "after": 2 }))).await;
    assert_eq!(unknown.problem_code(), "unknown_person");
}

#[tokio::test]
async fn the_demo_pin_control_leaves_a_pin_with_the_tries_asked_and_locks_at_zero() {
    let app = app(true).await;
    let set = |pin: &'static str, n: u32| {
        app.send(
            Method::POST,
            "/api/demo/card-pin",
            None,
            Some(json!({ "person": "taro", "pin": pin, "tries_left": n })),
        )
    };
    let reader = RemoteReader::for_person(&app, "taro");
    let client = JpkiClient::new(&reader);

    assert_eq!(set("signing", 3).await.status, StatusCode::NO_CONTENT);
    reader.tap().await;
    assert!(
        matches!(client.verify_signing_pin("WRONG1").await, Err(JpkiError::WrongPin { tries_left: 2, .. })),
        "three left, one mistyped: two left"
    );
    // More than the PIN allows is its maximum (5 for the signing PIN).
    assert_eq!(set("signing", 200).await.status, StatusCode::NO_CONTENT);
    reader.tap().await;
    assert!(matches!(client.verify_signing_pin("WRONG1").await, Err(JpkiError::WrongPin { tries_left: 4, .. })));
    // Zero locks it: even the right PIN is refused, as on a locked card.
    assert_eq!(set("signing", 0).await.status, StatusCode::NO_CONTENT);
    reader.tap().await;
    assert!(matches!(client.verify_signing_pin("ABC123").await, Err(JpkiError::Locked { .. })));
    // The other PINs are untouched.
    client.verify_auth_pin("1234").await.expect("the auth PIN still works");

    let unknown = app
        .send(
            Method::POST,
            "/api/demo/card-pin",
            None,
            Some(json!({ "person": "nobody", "pin": "auth", "tries_left": 1 })),
        )
        .await;
    assert_eq!(unknown.problem_code(), "unknown_person");
    let malformed = app
        .send(
            Method::POST,
            "/api/demo/card-pin",
            None,
            Some(json!({ "person": "taro", "pin": "puk", "tries_left": 1 })),
        )
        .await;
    assert_eq!((malformed.status, malformed.problem_code().as_str()), (StatusCode::BAD_REQUEST, "invalid_body"));
    // A reset gives every PIN its tries back.
    assert_eq!(app.send(Method::POST, "/api/demo/reset", None, None).await.status, StatusCode::NO_CONTENT);
    reader.tap().await;
    client.verify_signing_pin("ABC123").await.expect("reset: the signing PIN works again");
}

#[tokio::test]
async fn a_held_card_stops_answering_mid_read_until_the_hold_is_lifted() {
    let app = app(true).await;
    let reader = RemoteReader::for_person(&app, "taro");
    let armed =
        app.send(Method::POST, "/api/demo/card-hold", None, Some(json!({ "person": "taro", "after": 1 }))).await;
    assert_eq!(armed.status, StatusCode::NO_CONTENT, "{}", armed.text());
    assert_eq!(reader.tap().await.status, StatusCode::NO_CONTENT);
    assert_eq!(reader.post_apdu(&SELECT_JPKI).await.status, StatusCode::OK, "one APDU answers");

    // The next one waits: it is still waiting 1.5 s later, and answers as a removed card
    // as soon as the hold is lifted (here by a demo reset), long before the hold's end.
    let started = std::time::Instant::now();
    let held = reader.post_apdu(&SELECT_AUTH_PIN);
    let lift = async {
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        app.send(Method::POST, "/api/demo/reset", None, None).await
    };
    let (held, reset) = tokio::join!(held, lift);
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    let waited = started.elapsed();
    assert_eq!((held.status, held.problem_code().as_str()), (StatusCode::GONE, "card_removed"));
    assert!(waited >= std::time::Duration::from_millis(1500), "answered after {waited:?}, before the lift");
    assert!(waited < server::card::removal::HOLD, "the lift ended the hold ({waited:?})");
    // Presented again, the card answers.
    assert_eq!(reader.tap().await.status, StatusCode::NO_CONTENT);
    assert_eq!(reader.post_apdu(&SELECT_JPKI).await.status, StatusCode::OK);
}
