//! Property-based fuzzing of every JSON request body the server accepts (issue 16 §7):
//! each type the server's handlers take as `ApiJson<T>`. Arbitrary bytes and arbitrary
//! JSON values must deserialise to `Ok` or `Err`, never panic; what is accepted must
//! survive a round trip; and every well-formed value serialises and reads back unchanged
//! (the SPA sends what these types serialise to).

use std::fmt::Debug;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone};
use domain::api::{CardRemoval, DemoClock, DemoLogin};
use domain::applications::{ApplicationKind, SubmitApplication};
use domain::card::{ApduRequest, CardSession, SignedChallenge};
use domain::lecture::{Answer, ChooseLang, EnterLecture, Lang};
use domain::link::{CardAttributes, LinkRequest};
use domain::onestop::{ConsentItems, ConsentSelection, JlisChange, SignedConsent};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Each case tries all fifteen types; deserialising a small value is microseconds.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// The field names of the bodies, so generated objects get past "missing field" and
/// reach the fields' own deserialisers.
const FIELDS: &[&str] = &[
    "apdu",
    "person",
    "challenge",
    "certificate",
    "signature",
    "name",
    "address",
    "birth_date",
    "sex",
    "attributes",
    "ticket",
    "lang",
    "choice",
    "items",
    "now",
    "after",
    "kind",
    "document",
];

/// Strings that are valid for some field (a language, a kind, a date, an instant), and
/// near misses of them.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => ".{0,12}",
        2 => prop::sample::select(vec![
            "ja", "en", "demo", "honseki_change", "online_lecture", "1996-01-01", "2026-12-15T10:00:00+09:00",
            "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59-23:59", "2026-02-30", "AKQEDA==", "taro", "",
        ])
        .prop_map(String::from),
        1 => "[0-9+:TZ-]{0,30}",
    ]
}

/// Any JSON value, objects biased to the bodies' field names; numbers at the edges.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop::sample::select(vec![0i64, 1, -1, u32::MAX as i64, u32::MAX as i64 + 1, i64::MIN]).prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    let key = prop_oneof![3 => prop::sample::select(FIELDS).prop_map(String::from), 1 => ".{0,6}"];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map(key.clone(), inner, 0..8).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Deserialising `value` as `T` returns; if it is accepted, it reads back the same.
fn accepts_or_refuses<T>(value: &Value) -> Result<(), TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    if let Ok(body) = serde_json::from_value::<T>(value.clone()) {
        round_trips(&body)?;
    }
    Ok(())
}

fn round_trips<T>(body: &T) -> Result<(), TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let text = serde_json::to_string(body).map_err(|e| TestCaseError::fail(format!("{body:?}: {e}")))?;
    let back: T = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
    prop_assert_eq!(&back, body, "{}", text);
    Ok(())
}

/// Every `ApiJson<T>` body type, through `check::<T>`.
macro_rules! every_body {
    ($check:ident, $input:expr) => {{
        $check::<ApduRequest>($input)?;
        $check::<CardSession>($input)?;
        $check::<SignedChallenge>($input)?;
        $check::<CardAttributes>($input)?;
        $check::<LinkRequest>($input)?;
        $check::<ConsentSelection>($input)?;
        $check::<SignedConsent>($input)?;
        $check::<JlisChange>($input)?;
        $check::<EnterLecture>($input)?;
        $check::<ChooseLang>($input)?;
        $check::<Answer>($input)?;
        $check::<DemoLogin>($input)?;
        $check::<DemoClock>($input)?;
        $check::<CardRemoval>($input)?;
        $check::<SubmitApplication>($input)?;
    }};
}

/// `serde_json::from_slice`, as axum's `Json` does it, on raw bytes.
fn from_bytes<T: DeserializeOwned>(bytes: &[u8]) -> Result<(), TestCaseError> {
    let _ = serde_json::from_slice::<T>(bytes);
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn arbitrary_json_never_panics(value in json()) {
        every_body!(accepts_or_refuses, &value);
    }

    /// Bytes: mostly JSON-ish (brackets, quotes, escapes, digits), some entirely random.
    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in prop_oneof![
            vec(prop::sample::select(b"{}[]\":,.-+eE0123456789\\nulltrue \xff\xc3".to_vec()), 0..64),
            vec(any::<u8>(), 0..64),
            json().prop_map(|v| { let mut b = v.to_string().into_bytes(); b.truncate(b.len() / 2); b }),
        ]
    ) {
        every_body!(from_bytes, &bytes);
    }
}

// ---- Well-formed values of each body, for the round trip. ----

fn s() -> impl Strategy<Value = String> {
    ".{0,16}"
}

fn signed() -> impl Strategy<Value = SignedChallenge> {
    (s(), s(), s())
        .prop_map(|(challenge, certificate, signature)| SignedChallenge::card(challenge, certificate, signature))
}

fn attributes() -> impl Strategy<Value = CardAttributes> {
    (s(), s(), s(), s()).prop_map(|(name, address, birth_date, sex)| CardAttributes { name, address, birth_date, sex })
}

fn items() -> impl Strategy<Value = ConsentItems> {
    any::<(bool, bool, bool)>().prop_map(|(address, name, birth_date)| ConsentItems { address, name, birth_date })
}

/// Any date chrono can hold.
fn date() -> impl Strategy<Value = NaiveDate> {
    (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
        .prop_map(|days| NaiveDate::from_num_days_from_ce_opt(days).unwrap())
}

/// Any instant, at a whole-minute offset (RFC 3339 has no offset seconds) within a day.
fn instant() -> impl Strategy<Value = DateTime<FixedOffset>> {
    let min = DateTime::<chrono::Utc>::MIN_UTC.timestamp() + 86_400;
    let max = DateTime::<chrono::Utc>::MAX_UTC.timestamp() - 86_400;
    (min..=max, 0u32..1_000_000_000, -(24 * 60 - 1)..(24 * 60)).prop_map(|(secs, nanos, minutes)| {
        FixedOffset::east_opt(minutes * 60).unwrap().timestamp_opt(secs, nanos).unwrap()
    })
}

fn kind() -> impl Strategy<Value = ApplicationKind> {
    prop::sample::select(ApplicationKind::ALL.to_vec())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn well_formed_bodies_round_trip(
        (a, b, c, d) in (s(), prop::option::of(s()), prop::option::of(s()), any::<u32>()),
        signed in signed(),
        attributes in attributes(),
        items in items(),
        (name, address, birth_date) in (prop::option::of(s()), prop::option::of(s()), prop::option::of(date())),
        lang in prop_oneof![Just(Lang::Ja), Just(Lang::En)],
        now in instant(),
        kind in kind(),
    ) {
        round_trips(&ApduRequest { apdu: a.clone(), person: b.clone() })?;
        round_trips(&CardSession { person: c })?;
        round_trips(&signed)?;
        round_trips(&attributes)?;
        round_trips(&LinkRequest { signed: signed.clone(), attributes })?;
        round_trips(&ConsentSelection { items })?;
        round_trips(&SignedConsent { signed, items })?;
        round_trips(&JlisChange { person: a.clone(), address, name, birth_date })?;
        round_trips(&EnterLecture { ticket: a.clone() })?;
        round_trips(&ChooseLang { lang })?;
        round_trips(&Answer { choice: d })?;
        round_trips(&DemoLogin { person: a.clone() })?;
        round_trips(&DemoClock { now })?;
        round_trips(&CardRemoval { person: a.clone(), after: d })?;
        round_trips(&SubmitApplication { kind, document: a })?;
    }
}
