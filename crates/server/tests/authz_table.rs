//! Issue 16 (6): who may call each route, as one table. Every route the server's source
//! declares must have a row, and every row a route (`every_route_has_a_row`). Each row is
//! then called by nobody, with tampered cookies under the names the server reads
//! ([`forged_cookies`]), by someone else with taro's ids, by someone unlinked where the
//! route needs a link, and by taro with tampered ids (`calls_follow_the_table_part_N`). Every
//! refusal must be problem+json and change nothing: no table's rows, nothing taro sees.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use axum::http::Method;
use common::authz::{changed_tables, declared_routes, snapshot};
use common::card::sign_challenge;
use common::phone::{register, Authenticator, PASSWORD};
use common::{app, TestApp};
use serde_json::{json, Value};

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    /// No session needed; the row says what a visitor gets.
    Anyone,
    /// A portal session (`session` cookie): 401 `not_logged_in` without one.
    Person,
    /// A portal session of someone linked: also 409 `not_linked` for anyone not linked.
    LinkedPerson,
    /// A lecture-site session (`lecture` cookie, made from a portal ticket): 401 `no_attendee`.
    Attendee,
    /// Mounted only in demo mode (404 `not_found` otherwise). There, the reviewer's
    /// controls, open to anyone (SPEC §5); the row says what a visitor gets.
    Demo,
}
use Who::*;

/// What a call must get.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Accepted with this status (a route meant for anyone).
    Ok(u16),
    /// Accepted, about the caller only: 2xx with nothing of taro's in it.
    Own,
    /// Refused: problem+json with this status and code, and nothing changed.
    No(u16, &'static str),
}
use Expect::*;

struct Row {
    method: &'static str,
    /// As the source declares it (`{id}` and all).
    route: &'static str,
    who: Who,
    /// The path called: `{name}` is one of [`World::ids`] (taro's, unless it says otherwise).
    path: &'static str,
    body: Option<Value>,
    /// `Idempotency-Key`: taro's own key, so a replay lookup that forgot whose key it is
    /// would hand someone else taro's application.
    key: Option<&'static str>,
    /// For Anyone and Demo rows: a visitor's call; the others follow from `who`.
    nobody: Option<Expect>,
    /// Someone else calling with taro's ids: a person, or for Attendee rows an attendee.
    other: Option<(&'static str, Expect)>,
    /// For LinkedPerson rows: ichiro, who is not linked.
    unlinked: Expect,
    /// Taro himself with ids that are not (quite) his: (path, body, expected).
    tampered: Vec<(String, Option<Value>, Expect)>,
    /// Refused attempts are audited by design (`link_audit`, `phone_credential_audit`):
    /// only those tables may change.
    audited: bool,
}

fn row(method: &'static str, route: &'static str, who: Who) -> Row {
    Row {
        method,
        route,
        who,
        path: route,
        body: None,
        key: None,
        nobody: None,
        other: None,
        unlinked: No(409, "not_linked"),
        tampered: Vec::new(),
        audited: false,
    }
}

impl Row {
    fn at(mut self, path: &'static str) -> Self {
        self.path = path;
        self
    }
    fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
    fn key(mut self, key: &'static str) -> Self {
        self.key = Some(key);
        self
    }
    fn nobody(mut self, e: Expect) -> Self {
        self.nobody = Some(e);
        self
    }
    fn other(mut self, who: &'static str, e: Expect) -> Self {
        self.other = Some((who, e));
        self
    }
    fn unlinked(mut self, e: Expect) -> Self {
        self.unlinked = e;
        self
    }
    /// Taro at `path` (the row's body).
    fn tamper(mut self, path: &str, e: Expect) -> Self {
        self.tampered.push((path.into(), self.body.clone(), e));
        self
    }
    /// Taro at the row's path with `body`.
    fn tamper_body(mut self, body: Value, e: Expect) -> Self {
        self.tampered.push((self.path.into(), Some(body), e));
        self
    }
    /// Taro at `template` (`{}` for the id) with ids that are not his own `id`: malformed,
    /// unknown, near misses of his (a prefix, upper case), a SQL wildcard and a quote.
    fn tamper_ids(mut self, template: &str, id: &str) -> Self {
        for bad in ["x", "{unknown}", &format!("{{{id}_prefix}}"), &format!("{{{id}_upper}}"), "%25", "'%20OR%20'1'='1"]
        {
            self = self.tamper(&template.replace("{}", bad), No(404, "not_found"));
        }
        // Not UTF-8: axum's own rejection, as problem+json.
        self.tamper(&template.replace("{}", "%ff"), No(400, "invalid_request"))
    }
    fn audited(mut self) -> Self {
        self.audited = true;
        self
    }
}

/// Card attributes as taro's card holds them.
fn taros_attributes() -> Value {
    json!({ "name": "免許 太郎", "address": "東京都港区芝浦四丁目5番6号", "birth_date": "19960101", "sex": "1" })
}

/// A credential as a browser creates it (for a registration that is not the caller's).
fn phone_created() -> Value {
    let options = json!({ "publicKey": { "rp": { "id": "localhost" }, "challenge": "AAAAAAAAAAAAAAAAAAAAAA" } });
    Authenticator::new(99).create(&options)
}

fn one_item() -> Value {
    json!({ "address": true, "name": false, "birth_date": false })
}

/// The table. `{name}` in paths and bodies: see [`World::ids`].
fn table() -> Vec<Row> {
    // Taro's challenge, answered with sakura's card: never anyone else's to use.
    let taros_challenge = |which: &str| {
        json!({ "challenge": format!("{{taro_{which}_challenge}}"), "certificate": format!("{{sakura_{which}_cert}}"),
                "signature": format!("{{sakura_{which}_signature}}") })
    };
    let bogus_signed = json!({ "challenge": "{unknown}", "certificate": "AAAA", "signature": "AAAA" });
    vec![
        // Shared by every page.
        row("GET", "/api/health", Anyone).nobody(Ok(200)),
        // Static files and the SPA's pages; an unknown /api path is a problem, not a page.
        row("ANY", "*", Anyone).at("/").nobody(Ok(200)).tamper("/api/no-such-route", No(404, "not_found")),
        row("GET", "/api/header", Anyone).nobody(Ok(200)).other("ume", Own),
        row("GET", "/api/session", Person).other("ume", Own),
        // Logging out ends the caller's own session only: taro's stays (what he sees is checked).
        row("POST", "/api/logout", Anyone).nobody(Ok(204)).other("ume", Own),
        // Card login.
        row("POST", "/api/login/challenge", Anyone).nobody(Ok(200)),
        row("POST", "/api/login/card", Anyone)
            .body(bogus_signed.clone())
            .nobody(No(400, "challenge_unknown"))
            .tamper_body(taros_challenge("onestop"), No(400, "challenge_unknown")),
        // Applications.
        row("GET", "/api/applications", Person).other("ume", Own),
        row("POST", "/api/applications", Person)
            .body(json!({ "kind": "demo", "document": "{}" }))
            .key("taro-key")
            .other("ume", Own)
            .tamper_body(json!({ "kind": "demo", "document": "{\"x\":1}" }), No(409, "idempotency_key_reused")),
        row("GET", "/api/applications/{id}", Person)
            .at("/api/applications/{taro_app}")
            .other("ume", No(404, "not_found"))
            .tamper_ids("/api/applications/{}", "taro_app"),
        // Notices.
        row("GET", "/api/notices", Person).other("ume", Own),
        row("GET", "/api/notices/unread-count", Person).other("ume", Own),
        row("GET", "/api/notices/{id}", Person)
            .at("/api/notices/{taro_notice}")
            .other("ume", No(404, "not_found"))
            .tamper_ids("/api/notices/{}", "taro_notice"),
        row("POST", "/api/notices/{id}/read", Person)
            .at("/api/notices/{taro_notice}/read")
            .other("ume", No(404, "not_found"))
            .tamper_ids("/api/notices/{}/read", "taro_notice"),
        // 「ログイン中の端末」: a person's own sessions only.
        row("GET", "/api/certificates", Person).other("ume", Own),
        row("GET", "/api/sessions", Person).other("ume", Own),
        row("DELETE", "/api/sessions", Person).other("ume", Own),
        row("DELETE", "/api/sessions/{id}", Person)
            .at("/api/sessions/{taro_session}")
            .other("ume", No(404, "not_found"))
            .tamper_ids("/api/sessions/{}", "taro_session"),
        // スマホ用署名用電子証明書: a person's own credentials, registrations and password only.
        row("GET", "/api/phone-credentials", Person).other("ume", Own),
        row("POST", "/api/phone-credentials/challenge", Person).other("ume", Own),
        row("POST", "/api/phone-credentials/registration", Person)
            .body(json!({ "signed": taros_challenge("phone"), "password": PASSWORD }))
            .other("ume", No(400, "challenge_unknown"))
            .audited(),
        row("POST", "/api/phone-credentials", Person)
            .body(json!({ "registration": "{taro_registration}", "credential": phone_created() }))
            .other("ume", No(400, "phone_registration_unknown"))
            .tamper_body(
                json!({ "registration": "{unknown}", "credential": phone_created() }),
                No(400, "phone_registration_unknown"),
            )
            .audited(),
        row("DELETE", "/api/phone-credentials/{id}", Person)
            .at("/api/phone-credentials/{taro_phone}")
            .other("ume", No(404, "not_found"))
            .tamper_ids("/api/phone-credentials/{}", "taro_phone"),
        row("POST", "/api/phone-credentials/assertion", Person)
            .body(json!({ "challenge": "{taro_onestop_challenge}", "password": PASSWORD }))
            .other("ume", No(404, "phone_credential_none"))
            .tamper_body(json!({ "challenge": "{unknown}", "password": PASSWORD }), No(400, "challenge_unknown")),
        // The licence record: no person parameter anywhere, only the session's person.
        row("GET", "/api/license", Person).other("ume", Own),
        row("GET", "/api/license/honseki", LinkedPerson).other("sakura", Own),
        row("GET", "/api/license/history-class", LinkedPerson).other("ume", Own),
        row("GET", "/api/license/photo", LinkedPerson).other("ume", Own),
        // Linking: the steps' state is the session's (taro's kept read stays his).
        row("GET", "/api/link/state", Person).other("ichiro", Own),
        row("PUT", "/api/link/state", Person).body(taros_attributes()).other("ichiro", Own),
        row("DELETE", "/api/link/state", Person).other("ichiro", Own),
        row("POST", "/api/link/check", Person).body(taros_attributes()).other("ume", No(409, "already_linked")),
        row("POST", "/api/link/challenge", Person).body(taros_attributes()).other("ume", No(409, "already_linked")),
        row("POST", "/api/link", Person)
            .body(json!({ "challenge": "{taro_onestop_challenge}", "certificate": "{sakura_onestop_cert}",
                          "signature": "{sakura_onestop_signature}", "attributes": taros_attributes() }))
            .other("ichiro", No(403, "attributes_mismatch"))
            .audited(),
        row("POST", "/api/link/unlink", Person).other("ichiro", No(409, "not_linked")).audited(),
        // 住所変更ワンストップ: the steps' state is the session's; challenges are the person's.
        row("GET", "/api/onestop", LinkedPerson).other("sakura", Own),
        row("GET", "/api/onestop/steps/{flow}", LinkedPerson)
            .at("/api/onestop/steps/start")
            .other("sakura", Own)
            .tamper("/api/onestop/steps/x", No(404, "not_found"))
            .tamper("/api/onestop/steps/START", No(404, "not_found")),
        row("POST", "/api/onestop/steps/{flow}/terms", LinkedPerson)
            .at("/api/onestop/steps/start/terms")
            .other("sakura", Own)
            .tamper("/api/onestop/steps/x/terms", No(404, "not_found")),
        row("PUT", "/api/onestop/steps/{flow}/items", LinkedPerson)
            .at("/api/onestop/steps/start/items")
            .body(json!({ "items": one_item() }))
            .other("sakura", No(409, "terms_not_agreed"))
            // Only the terms step checks the link; without it no terms were agreed.
            .unlinked(No(409, "terms_not_agreed"))
            .tamper("/api/onestop/steps/cancel/items", No(404, "not_found"))
            .tamper("/api/onestop/steps/x/items", No(404, "not_found")),
        row("POST", "/api/onestop/consent/challenge", LinkedPerson)
            .body(json!({ "items": one_item() }))
            .other("sakura", No(409, "terms_not_agreed")),
        row("POST", "/api/onestop/consent", LinkedPerson)
            .body({
                let mut b = taros_challenge("onestop");
                b["items"] = one_item();
                b
            })
            .key("taro-key")
            .other("sakura", No(400, "challenge_unknown")),
        // Cancelling: matsu, who has a consent to cancel as taro has.
        row("POST", "/api/onestop/cancel/challenge", LinkedPerson).other("matsu", No(409, "terms_not_agreed")),
        row("POST", "/api/onestop/cancel", LinkedPerson)
            .body(taros_challenge("onestop"))
            .key("taro-key")
            .other("matsu", No(400, "challenge_unknown")),
        // 本籍 change: sakura may apply too, so her refusals are about whose steps they are.
        row("GET", "/api/honseki", LinkedPerson).other("sakura", Own),
        row("POST", "/api/honseki/identity", LinkedPerson)
            .body(taros_attributes())
            .other("sakura", No(403, "identity_mismatch")),
        row("GET", "/api/honseki/koseki", LinkedPerson).other("sakura", Own),
        row("POST", "/api/honseki/agreement", LinkedPerson).other("sakura", Own),
        row("POST", "/api/honseki/challenge", LinkedPerson).other("sakura", No(409, "not_agreed")),
        row("POST", "/api/honseki", LinkedPerson)
            .body(taros_challenge("honseki"))
            .key("taro-key")
            .other("sakura", No(409, "not_agreed")),
        // 「中断する」 forgets the session's own steps: harmless for anyone logged in.
        row("DELETE", "/api/honseki/state", Person).other("sakura", Own),
        // The online lecture: the portal's side, then the lecture site's own session.
        row("GET", "/api/lecture", LinkedPerson).other("ume", Own),
        row("POST", "/api/lecture/ticket", LinkedPerson).other("ume", No(403, "lecture_not_available")),
        // A ticket is what lets one in: a made-up one, or a portal session token, does not.
        row("POST", "/api/lecture-site/enter", Anyone)
            .body(json!({ "ticket": "{unknown64}" }))
            .nobody(No(401, "ticket_invalid"))
            .tamper_body(json!({ "ticket": "x" }), No(401, "ticket_invalid"))
            .tamper_body(json!({ "ticket": "{taro_session_token}" }), No(401, "ticket_invalid")),
        row("GET", "/api/lecture-site/attendee", Attendee).other("hanako", Own),
        row("PUT", "/api/lecture-site/language", Attendee)
            .body(json!({ "lang": "en" }))
            .other("hanako", Own)
            .tamper_body(json!({ "lang": "xx" }), No(400, "invalid_body")),
        row("GET", "/api/lecture-site/chapters/{n}", Attendee)
            .at("/api/lecture-site/chapters/1")
            .other("hanako", Own)
            .tamper("/api/lecture-site/chapters/0", No(404, "no_such_chapter"))
            .tamper("/api/lecture-site/chapters/4", No(404, "no_such_chapter"))
            .tamper("/api/lecture-site/chapters/x", No(400, "invalid_request"))
            .tamper("/api/lecture-site/chapters/99999999999", No(400, "invalid_request")),
        row("POST", "/api/lecture-site/chapters/{n}/answer", Attendee)
            .at("/api/lecture-site/chapters/1/answer")
            .body(json!({ "choice": 0 }))
            .other("hanako", No(409, "content_time_remaining"))
            .tamper("/api/lecture-site/chapters/0/answer", No(404, "no_such_chapter"))
            .tamper("/api/lecture-site/chapters/x/answer", No(400, "invalid_request"))
            .tamper_body(json!({ "choice": 99 }), No(400, "invalid_choice")),
        // The remote card reader: the session's own card, or the one this browser tapped
        // (the /login page taps the card of the person chosen there: a visitor may).
        row("POST", "/api/card/session", Demo)
            .body(json!({ "person": "taro" }))
            .nobody(Ok(204))
            .other("ume", No(409, "card_person_mismatch"))
            .tamper_body(json!({ "person": "nosuch" }), No(409, "card_person_mismatch")),
        row("POST", "/api/card/apdu", Demo)
            .body(json!({ "apdu": "AKQEDA==", "person": "taro" }))
            .nobody(No(403, "card_reader_unbound"))
            .other("ume", No(409, "card_person_mismatch"))
            .tamper_body(json!({ "apdu": "not base64!" }), No(400, "malformed")),
        // Demo controls. Reset and process are not called in demo mode here (they would
        // change everyone's data by design; demo_api.rs tests them): outside it, 404.
        row("GET", "/api/demo/people", Demo).nobody(Ok(200)),
        row("POST", "/api/demo/reset", Demo).nobody(Ok(204)),
        row("POST", "/api/demo/login", Demo)
            .body(json!({ "person": "nosuch" }))
            .nobody(No(404, "unknown_person"))
            .tamper_body(json!({ "person": "TARO" }), No(404, "unknown_person")),
        row("GET", "/api/demo/clock", Demo).nobody(Ok(200)),
        row("PUT", "/api/demo/clock", Demo)
            .body(json!({ "now": "1999-12-31T23:00:00+09:00" }))
            .nobody(No(400, "clock_out_of_range")),
        row("POST", "/api/demo/process", Demo).nobody(Ok(200)),
        row("POST", "/api/demo/card-removal", Demo)
            .body(json!({ "person": "nosuch", "after": 1 }))
            .nobody(No(404, "unknown_person")),
        row("POST", "/api/demo/card-hold", Demo)
            .body(json!({ "person": "nosuch", "after": 1 }))
            .nobody(No(404, "unknown_person")),
        row("POST", "/api/demo/card-pin", Demo)
            .body(json!({ "person": "nosuch", "pin": "signing", "tries_left": 2 }))
            .nobody(No(404, "unknown_person")),
        row("POST", "/api/demo/jlis-change", Demo)
            .body(json!({ "person": "nosuch", "address": "東京都千代田区千代田1番1号" }))
            .nobody(No(404, "unknown_person")),
    ]
}

/// Routes whose accepted call would change everyone's data: only called outside demo mode.
const NOT_CALLED_IN_DEMO: [&str; 2] = ["/api/demo/reset", "/api/demo/process"];

#[test]
fn every_route_has_a_row() {
    let declared = declared_routes();
    let rows = table();
    let listed: BTreeSet<(String, String)> = rows.iter().map(|r| (r.method.into(), r.route.into())).collect();
    assert_eq!(listed.len(), rows.len(), "a route has two rows");
    let missing: Vec<_> = declared.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&declared).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "routes without a row: {missing:?}; rows without a route: {extra:?}"
    );
}

/// A demo app where taro has something of everything, and the ids and data to call with.
struct World {
    demo: TestApp,
    prod: TestApp,
    /// Taro's portal and lecture-site cookies.
    taro: String,
    taro_attendee: String,
    /// Other attendees' lecture-site cookies.
    attendees: BTreeMap<&'static str, String>,
    /// What `{name}` in a row stands for.
    ids: BTreeMap<String, String>,
    /// Taro's data: none of it may be in an answer to anyone else.
    markers: Vec<String>,
}

async fn ok(app: &TestApp, method: Method, path: &str, cookie: &str, body: Option<Value>) -> Value {
    let a = app.send(method, path, Some(cookie), body).await;
    assert!(a.status.is_success(), "setup {path}: {} {}", a.status, a.text());
    if a.body.is_empty() {
        Value::Null
    } else {
        a.json()
    }
}

/// A lecture-site cookie for `cookie`'s person: 「受講する」, then the ticket, redeemed with
/// the portal session (the site needs both cookies, as the browser sends them).
async fn attend(app: &TestApp, cookie: &str) -> String {
    let t = ok(app, Method::POST, "/api/lecture/ticket", cookie, None).await;
    let e =
        app.send(Method::POST, "/api/lecture-site/enter", Some(cookie), Some(json!({ "ticket": t["ticket"] }))).await;
    assert_eq!(e.status.as_u16(), 204, "{}", e.text());
    format!("{}; {cookie}", e.header("set-cookie").split(';').next().unwrap())
}

async fn world() -> World {
    let demo = app(true).await;
    let taro = demo.login("taro").await;
    let mut ids = BTreeMap::new();
    // A phone credential (the card signature rotates the session), and a registration of
    // a second one under way.
    let taro = register(&demo, &taro, "taro", &Authenticator::new(42)).await;
    let phones = ok(&demo, Method::GET, "/api/phone-credentials", &taro, None).await;
    let taro_phone = phones["credentials"][0]["id"].as_str().unwrap().to_string();
    let phone_challenge = ok(&demo, Method::POST, "/api/phone-credentials/challenge", &taro, None).await;
    let signed = sign_challenge(&demo, &phone_challenge, "taro").await;
    let started = demo
        .send(
            Method::POST,
            "/api/phone-credentials/registration",
            Some(&taro),
            Some(json!({ "signed": signed, "password": PASSWORD })),
        )
        .await;
    assert!(started.status.is_success(), "{}", started.text());
    let taro = started.session_cookie();
    ids.insert("taro_registration".to_string(), started.json()["registration"].as_str().unwrap().to_string());
    // The registration challenge again, answered with sakura's card (the `phone` rows).
    let phone_challenge = ok(&demo, Method::POST, "/api/phone-credentials/challenge", &taro, None).await;
    let sakuras = sign_challenge(&demo, &phone_challenge, "sakura").await;
    ids.insert("taro_phone_challenge".into(), phone_challenge["id"].as_str().unwrap().to_string());
    ids.insert("sakura_phone_cert".into(), sakuras["certificate"].as_str().unwrap().to_string());
    ids.insert("sakura_phone_signature".into(), sakuras["signature"].as_str().unwrap().to_string());
    // An application and its result notice.
    let taro_app = demo.submit_demo(&taro, "taro-key", "{}").await;
    demo.process().await;
    let notices = ok(&demo, Method::GET, "/api/notices", &taro, None).await;
    let taro_notice = notices[0]["id"].as_str().unwrap().to_string();
    // Steps kept against taro's session: a card read for linking, the 本籍 steps up to
    // the challenge, the one-stop terms and items up to the challenge.
    ok(&demo, Method::PUT, "/api/link/state", &taro, Some(taros_attributes())).await;
    ok(&demo, Method::POST, "/api/honseki/identity", &taro, Some(taros_attributes())).await;
    ok(&demo, Method::POST, "/api/honseki/agreement", &taro, None).await;
    let honseki = ok(&demo, Method::POST, "/api/honseki/challenge", &taro, None).await;
    ok(&demo, Method::POST, "/api/onestop/steps/start/terms", &taro, None).await;
    ok(&demo, Method::PUT, "/api/onestop/steps/start/items", &taro, Some(json!({ "items": one_item() }))).await;
    let onestop =
        ok(&demo, Method::POST, "/api/onestop/consent/challenge", &taro, Some(json!({ "items": one_item() }))).await;
    // Taro's challenges answered with sakura's card (the other person of those rows).
    for (which, challenge) in [("honseki", &honseki), ("onestop", &onestop)] {
        let signed = sign_challenge(&demo, challenge, "sakura").await;
        ids.insert(format!("taro_{which}_challenge"), challenge["id"].as_str().unwrap().to_string());
        ids.insert(format!("sakura_{which}_cert"), signed["certificate"].as_str().unwrap().to_string());
        ids.insert(format!("sakura_{which}_signature"), signed["signature"].as_str().unwrap().to_string());
    }
    let taro_attendee = attend(&demo, &taro).await;
    ok(&demo, Method::GET, "/api/lecture-site/chapters/1", &taro_attendee, None).await;
    let hanako = demo.login("hanako").await;
    let attendees = BTreeMap::from([("hanako", attend(&demo, &hanako).await)]);
    // Hanako's chapter 1 begun, then the server's clock an hour back: its content time is
    // still to play however long the table takes (her answer row expects that refusal).
    ok(&demo, Method::GET, "/api/lecture-site/chapters/1", &attendees["hanako"], None).await;
    demo.state.wall.advance(chrono::Duration::hours(-1));

    let receipt = ok(&demo, Method::GET, &format!("/api/applications/{taro_app}"), &taro, None).await["receipt_no"]
        .as_str()
        .unwrap()
        .to_string();
    let taro_session =
        ok(&demo, Method::GET, "/api/sessions", &taro, None).await[0]["id"].as_str().unwrap().to_string();
    for (name, id) in [
        ("taro_app", &taro_app),
        ("taro_notice", &taro_notice),
        ("taro_session", &taro_session),
        ("taro_phone", &taro_phone),
    ] {
        ids.insert(format!("{name}_prefix"), id[..8].to_string());
        ids.insert(format!("{name}_upper"), id.to_uppercase());
        ids.insert(name.to_string(), id.clone());
    }
    ids.insert("unknown".into(), "0123456789abcdef0123456789abcdef".into());
    ids.insert("unknown64".into(), "ab".repeat(32));
    ids.insert("taro_session_token".into(), taro.trim_start_matches("__Host-session=").to_string());
    let markers = [
        "\"taro\"",
        "免許 太郎",
        "メンキョ タロウ",
        "012345678900",
        "東京都港区芝浦四丁目5番6号",
        "東京都中央区銀座一丁目10番地",
        "東京都千代田区霞が関二丁目1番地",
        &receipt,
        &taro_app,
        &taro_notice,
        &taro_session,
        &ids["taro_honseki_challenge"],
        &ids["taro_onestop_challenge"],
        &taro_phone,
        &ids["taro_registration"],
    ]
    .map(String::from)
    .to_vec();
    World { demo, prod: app(false).await, taro, taro_attendee, attendees, ids, markers }
}

impl World {
    fn fill(&self, text: &str) -> String {
        self.ids.iter().fold(text.to_string(), |t, (name, id)| t.replace(&format!("{{{name}}}"), id))
    }

    fn fill_body(&self, body: &Value) -> Value {
        match body {
            Value::String(s) => Value::String(self.fill(s)),
            Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), self.fill_body(v))).collect()),
            other => other.clone(),
        }
    }

    /// Everything taro's screens show, read as taro.
    async fn taros_view(&self) -> Vec<String> {
        let mut seen = Vec::new();
        for path in [
            "/api/session",
            "/api/license",
            "/api/applications",
            "/api/applications/{taro_app}",
            "/api/notices",
            "/api/notices/{taro_notice}",
            "/api/notices/unread-count",
            "/api/link/state",
            "/api/honseki",
            "/api/onestop",
            "/api/onestop/steps/start",
            "/api/lecture",
            "/api/phone-credentials",
        ] {
            let a = self.demo.get(&self.fill(path), Some(&self.taro)).await;
            seen.push(format!("{path}: {} {}", a.status, a.text()));
        }
        let a = self.demo.get("/api/lecture-site/attendee", Some(&self.taro_attendee)).await;
        seen.push(format!("attendee: {} {}", a.status, a.text()));
        seen
    }

    /// Makes the call and checks its answer. On the demo app nothing taro sees may change,
    /// whatever the answer; a refusal may change no table either.
    async fn check(&self, call: Call<'_>) {
        let Call { row, prod, who, cookie, path, body, expect: e } = call;
        let app = if prod { &self.prod } else { &self.demo };
        let (path, body) = (self.fill(path), body.map(|b| self.fill_body(b)));
        assert!(!path.contains('{'), "no id for {path}");
        let method = if row.method == "ANY" { Method::GET } else { row.method.parse().unwrap() };
        let what = format!("{} {path} by {who}{}", row.method, if prod { " (not demo mode)" } else { "" });
        // Taro's view first: its requests record his session's use (at most once a minute),
        // which must not fall between the two snapshots of a slow run.
        let view = if prod { vec![] } else { self.taros_view().await };
        let tables = snapshot(app).await;

        let a = app.call(&method, &path, cookie, body.as_ref(), row.key).await;

        match e {
            Ok(status) => assert_eq!(a.status.as_u16(), status, "{what}: {}", a.text()),
            Own => {
                assert!(a.status.is_success(), "{what}: {} {}", a.status, a.text());
                let text = a.text();
                for m in &self.markers {
                    assert!(!text.contains(m.as_str()), "{what} answered taro's {m}: {text}");
                }
            }
            No(status, code) => {
                let problem = a.header("content-type") == "application/problem+json";
                assert!(problem, "{what}: not problem+json: {} {:?} {}", a.status, a.headers, a.text());
                assert_eq!((a.status.as_u16(), a.problem_code().as_str()), (status, code), "{what}: {}", a.text());
                let mut changed = changed_tables(&tables, &snapshot(app).await);
                if row.audited {
                    changed.retain(|t| !t.starts_with("link_audit ") && !t.starts_with("phone_credential_audit "));
                }
                assert!(changed.is_empty(), "{what} was refused but changed {changed:?}");
            }
        }
        if !prod {
            assert_eq!(self.taros_view().await, view, "{what} changed what taro sees");
        }
    }
}

/// Tampered cookies for the site whose real cookie is `real` (`__Host-session=…` or
/// `__Host-lecture=…`, taro's), each under the name that site's server reads, none a live
/// session of that site: (what it is, the `Cookie` header).
fn forged_cookies(real: &str, other_site: &str) -> Vec<(String, String)> {
    let (name, token) = real.split_once('=').unwrap();
    let (_, other_token) = other_site.split_once('=').unwrap();
    assert!(name.starts_with("__Host-") && token.len() == 64, "{real}");
    let plain = name.trim_start_matches("__Host-");
    // One hex digit changed: the last, to another digit.
    let last = token.as_bytes()[63] as char;
    let changed = format!("{}{}", &token[..63], if last == '0' { '1' } else { '0' });
    vec![
        ("a well-formed token never issued".to_string(), format!("{name}={}", "cd".repeat(32))),
        ("taro's token with one digit changed".into(), format!("{name}={changed}")),
        (
            "taro's token's SHA-256 (what the database holds)".into(),
            format!("{name}={}", server::session::hash_token(token)),
        ),
        ("taro's other-site token under this site's name".into(), format!("{name}={other_token}")),
        // The name without its prefix (the --insecure-cookies name): never read here.
        (format!("taro's real token as `{plain}`"), format!("{plain}={token}")),
    ]
}

/// One call of a row: by whom (with which cookie), where, and what it must get.
struct Call<'a> {
    row: &'a Row,
    /// On the app outside demo mode.
    prod: bool,
    who: &'a str,
    cookie: Option<&'a str>,
    path: &'a str,
    body: Option<&'a Value>,
    expect: Expect,
}

impl<'a> Call<'a> {
    /// At the row's path with its body, on the demo app.
    fn new(row: &'a Row, who: &'a str, cookie: Option<&'a str>, expect: Expect) -> Self {
        Call { row, prod: false, who, cookie, path: row.path, body: row.body.as_ref(), expect }
    }
}

/// The table is called in [`SHARDS`] parts, each in a world of its own, so the test
/// threads share the work (one part took 33 s on SQLite and 99 s on PostgreSQL alone).
const SHARDS: usize = 4;

#[tokio::test]
async fn calls_follow_the_table_part_1() {
    calls_follow_the_table(0).await;
}

#[tokio::test]
async fn calls_follow_the_table_part_2() {
    calls_follow_the_table(1).await;
}

#[tokio::test]
async fn calls_follow_the_table_part_3() {
    calls_follow_the_table(2).await;
}

#[tokio::test]
async fn calls_follow_the_table_part_4() {
    calls_follow_the_table(3).await;
}

#[test]
fn the_parts_cover_every_row_once() {
    let rows = table().len();
    let parts: Vec<usize> = (0..SHARDS).map(|k| shard(table(), k).count()).collect();
    assert_eq!(parts.iter().sum::<usize>(), rows, "{parts:?}");
    assert!(parts.iter().all(|&n| n > 0), "{parts:?}");
}

/// The rows of part `k`: every `SHARDS`th, so each part mixes the kinds of rows.
fn shard(rows: Vec<Row>, k: usize) -> impl Iterator<Item = Row> {
    rows.into_iter().enumerate().filter(move |(i, _)| i % SHARDS == k).map(|(_, row)| row)
}

async fn calls_follow_the_table(part: usize) {
    let w = world().await;
    // (`taro_attendee` is both cookies, as the browser sends them: its lecture one alone.)
    let lecture_only = w.taro_attendee.split(';').next().unwrap().to_string();
    let forged = [forged_cookies(&w.taro, &lecture_only), forged_cookies(&lecture_only, &w.taro)];
    for row in shard(table(), part) {
        let nobody = match row.who {
            Person | LinkedPerson => No(401, "not_logged_in"),
            Attendee => No(401, "no_attendee"),
            Anyone | Demo => {
                row.nobody.unwrap_or_else(|| panic!("{} {}: what does a visitor get?", row.method, row.route))
            }
        };
        if !(row.who == Demo && NOT_CALLED_IN_DEMO.contains(&row.route)) {
            w.check(Call::new(&row, "nobody", None, nobody)).await;
        }
        // Forged cookies under the name the server reads, and the other site's real one: a
        // portal session is not an attendee, an attendee is not a portal session.
        if matches!(row.who, Person | LinkedPerson | Attendee) {
            for (what, cookie) in &forged[usize::from(row.who == Attendee)] {
                w.check(Call::new(&row, what, Some(cookie), nobody)).await;
            }
            let other_site = if row.who == Attendee { &w.taro } else { &lecture_only };
            w.check(Call::new(&row, "the other site's cookie", Some(other_site), nobody)).await;
        }
        let outside_demo = if row.who == Demo { No(404, "not_found") } else { nobody };
        w.check(Call { prod: true, ..Call::new(&row, "nobody", None, outside_demo) }).await;

        if let Some((person, e)) = row.other {
            // A fresh session per call, so one row's steps never leak into the next.
            let cookie = match row.who {
                Attendee => w.attendees[person].clone(),
                _ => w.demo.login(person).await,
            };
            w.check(Call::new(&row, person, Some(&cookie), e)).await;
        }
        if row.who == LinkedPerson {
            let ichiro = w.demo.login("ichiro").await;
            w.check(Call::new(&row, "ichiro (not linked)", Some(&ichiro), row.unlinked)).await;
        }
        let taros = if row.who == Attendee { &w.taro_attendee } else { &w.taro };
        for (path, body, e) in &row.tampered {
            w.check(Call { path, body: body.as_ref(), ..Call::new(&row, "taro, tampered", Some(taros), *e) }).await;
        }
    }
}
