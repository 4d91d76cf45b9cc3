//! Property-based fuzzing of the API with well-formed requests (issue 16 §7): sequences
//! of them with arbitrary field values (the demo clock, the demo controls, the remote card
//! reader, submissions, the pages' GETs) never get a 5xx from a demo-mode app's real
//! router, and every API error is problem+json. 64 sequences, since each runs the app.

mod common;

use axum::http::Method;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use common::fuzz::{is_problem, Harness};
use domain::onestop::JlisChange;
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{json, Value};

/// The demo people, and someone who is not one.
fn person() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["taro", "hanako", "ume", "matsu", "jiro", "goro", "sakura", "ichiro", "ken", "yuki"])
            .prop_map(String::from),
        1 => ".{0,8}",
    ]
}

/// Whose virtual card the reader reaches: only taro's, since each person's first card use
/// generates two RSA keys.
fn card_holder() -> impl Strategy<Value = String> {
    prop_oneof![3 => Just("taro".to_string()), 1 => ".{0,8}"]
}

/// Mostly instants a demo would set (1900–2100), sometimes any instant chrono can hold.
fn instant() -> impl Strategy<Value = DateTime<FixedOffset>> {
    let plausible = (-2_208_988_800i64..4_102_444_800).prop_map(|s| Utc.timestamp_opt(s, 0).unwrap());
    let any_instant = (DateTime::<Utc>::MIN_UTC.timestamp() + 86_400..DateTime::<Utc>::MAX_UTC.timestamp() - 86_400)
        .prop_map(|s| Utc.timestamp_opt(s, 0).unwrap());
    let offset = (-(14 * 60)..=(14 * 60)).prop_map(|m: i32| FixedOffset::east_opt(m * 60).unwrap());
    (prop_oneof![3 => plausible, 1 => any_instant], offset).prop_map(|(t, o)| t.with_timezone(&o))
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (-60_000i64..60_000).prop_map(|days| NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + Duration::days(days))
}

/// APDUs for the remote reader: the client's own commands and arbitrary bytes (the
/// virtual card itself is fuzzed in crates/jpki/tests/fuzz_virtual_card.rs; here the
/// route around it is).
fn apdu() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(jpki::apdu::select_df(&jpki::apdu::JPKI_AP).to_bytes()),
        Just(jpki::apdu::select_ef(jpki::apdu::EF_AUTH_CERT).to_bytes()),
        (0u16..0x900, 1u16..=256).prop_map(|(offset, le)| jpki::apdu::read_binary(offset, le).to_bytes()),
        vec(any::<u8>(), 0..24),
    ]
}

/// A request: method, path, whether it carries the session, and the JSON body if any.
type Call = (Method, &'static str, bool, Option<Value>);

fn call() -> impl Strategy<Value = Call> {
    let get = prop::sample::select(vec![
        "/api/license",
        "/api/onestop",
        "/api/lecture",
        "/api/header",
        "/api/session",
        "/api/notices",
        "/api/applications",
        "/api/honseki",
        "/api/link/state",
        "/api/onestop/steps/start",
        "/license",
    ]);
    let text = ".{0,12}";
    let kind = prop::sample::select(vec!["demo", "honseki_change", "onestop_consent", "online_lecture"]);
    prop_oneof![
        3 => get.prop_map(|path| (Method::GET, path, true, None)),
        2 => instant().prop_map(|now| (Method::PUT, "/api/demo/clock", false, Some(json!({ "now": now })))),
        1 => person().prop_map(|p| (Method::POST, "/api/demo/login", false, Some(json!({ "person": p })))),
        1 => (person(), any::<u32>())
            .prop_map(|(p, n)| (Method::POST, "/api/demo/card-removal", false, Some(json!({ "person": p, "after": n })))),
        1 => (person(), prop::sample::select(vec!["card_info", "auth", "signing"]), any::<u8>()).prop_map(|(p, pin, n)| {
            (Method::POST, "/api/demo/card-pin", false, Some(json!({ "person": p, "pin": pin, "tries_left": n })))
        }),
        1 => (person(), prop::option::of(text), prop::option::of(text), prop::option::of(date())).prop_map(
            |(person, address, name, birth_date)| {
                let body = serde_json::to_value(JlisChange { person, address, name, birth_date }).unwrap();
                (Method::POST, "/api/demo/jlis-change", false, Some(body))
            }
        ),
        1 => (kind, text).prop_map(|(kind, document)| {
            (Method::POST, "/api/applications", true, Some(json!({ "kind": kind, "document": document })))
        }),
        1 => any::<(bool, bool, bool)>().prop_map(|(address, name, birth_date)| {
            let items = json!({ "items": { "address": address, "name": name, "birth_date": birth_date } });
            (Method::POST, "/api/onestop/consent/challenge", true, Some(items))
        }),
        1 => (card_holder(), apdu()).prop_map(|(p, apdu)| {
            (Method::POST, "/api/card/apdu", false, Some(json!({ "apdu": domain::b64::encode(&apdu), "person": p })))
        }),
        1 => card_holder().prop_map(|p| (Method::POST, "/api/card/session", false, Some(json!({ "person": p })))),
        1 => (text, text, "[0-9]{8}", "[0129]").prop_map(|(name, address, birth_date, sex)| {
            let body = json!({ "name": name, "address": address, "birth_date": birth_date, "sex": sex });
            (Method::POST, "/api/link/check", true, Some(body))
        }),
    ]
}

#[test]
fn well_formed_requests_never_get_a_5xx() {
    let h = Harness::new();
    h.check(vec(call(), 1..5), |calls| {
        // Each case starts from the demo clock's default, whatever the last one set.
        let reset = json!({ "now": "2026-12-15T10:00:00+09:00" }).to_string().into_bytes();
        let answer = h.send(Method::PUT, "/api/demo/clock", false, Some("application/json"), reset);
        prop_assert!(answer.status.is_success(), "resetting the clock: {} {}", answer.status, answer.text());
        for (method, path, session, body) in &calls {
            let content_type = body.as_ref().map(|_| "application/json");
            let bytes = body.as_ref().map(|b| b.to_string().into_bytes()).unwrap_or_default();
            let answer = h.send(method.clone(), path, *session, content_type, bytes);
            prop_assert!(
                !answer.status.is_server_error(),
                "{method} {path} {body:?}: {} {}",
                answer.status,
                answer.text()
            );
            if !answer.status.is_success() && path.starts_with("/api/") {
                is_problem(&answer)?;
            }
        }
        Ok(())
    });
}
