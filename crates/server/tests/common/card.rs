//! Cards in tests: the SPA's remote-reader transport re-created over the router, the jpki
//! client driving it, and in-process cards for signing with someone else's key.

use std::cell::RefCell;

use axum::http::{Method, StatusCode};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use jpki::sim::{CardProfile, SimTransport, VirtualCard};
use jpki::{JpkiClient, LocalBoxFuture, Transport, TransportError};
use serde_json::{json, Value};

use super::{Answer, TestApp};

pub fn b64(bytes: &[u8]) -> String {
    B64.encode(bytes)
}

pub fn unb64(text: &str) -> Vec<u8> {
    B64.decode(text).expect("base64")
}

pub fn no_progress(_: usize, _: usize) {}

/// A challenge (as the server sent it) answered with `signer`'s signing key:
/// `{challenge, certificate, signature}`.
pub async fn sign_challenge(app: &TestApp, challenge: &Value, signer: &str) -> Value {
    let card = LocalCard::new(profile(app, signer).await);
    let (cert, sig) = card.signing_sign(&unb64(challenge["digest_info"].as_str().unwrap())).await;
    json!({ "challenge": challenge["id"], "certificate": b64(&cert), "signature": b64(&sig) })
}

/// `POST /api/card/apdu` for every APDU, as the SPA's remote reader does. Without a
/// session cookie it names `person` (the `/login` page) and keeps the `card_reader`
/// cookie its tap was given, as a browser would; with a session it names no one.
pub struct RemoteReader<'a> {
    pub app: &'a TestApp,
    pub person: Option<String>,
    pub cookie: Option<String>,
    /// `__Secure-card_reader=…`, from the last tap without a session.
    pub reader: RefCell<Option<String>>,
    /// Every command sent, for assertions on what reached the card.
    pub sent: RefCell<Vec<Vec<u8>>>,
}

impl<'a> RemoteReader<'a> {
    pub fn for_person(app: &'a TestApp, person: &str) -> Self {
        RemoteReader {
            app,
            person: Some(person.into()),
            cookie: None,
            reader: RefCell::default(),
            sent: RefCell::default(),
        }
    }

    pub fn for_session(app: &'a TestApp, cookie: &str) -> Self {
        RemoteReader {
            app,
            person: None,
            cookie: Some(cookie.into()),
            reader: RefCell::default(),
            sent: RefCell::default(),
        }
    }

    fn body(&self, extra: Value) -> Value {
        let mut body = extra;
        if let Some(p) = &self.person {
            body["person"] = json!(p);
        }
        body
    }

    /// The cookies a browser would send to `/api/card/…`.
    fn cookies(&self) -> Option<String> {
        let all: Vec<String> = self.cookie.iter().cloned().chain(self.reader.borrow().iter().cloned()).collect();
        (!all.is_empty()).then(|| all.join("; "))
    }

    /// `POST /api/card/session`: the card is tapped anew (binding the reader without a session).
    pub async fn tap(&self) -> Answer {
        let a = self
            .app
            .send(Method::POST, "/api/card/session", self.cookies().as_deref(), Some(self.body(json!({}))))
            .await;
        if a.header("set-cookie").starts_with("__Secure-card_reader=") {
            *self.reader.borrow_mut() = Some(a.session_cookie());
        }
        a
    }

    /// One raw APDU; the answer as sent.
    pub async fn post_apdu(&self, apdu: &[u8]) -> Answer {
        self.app
            .send(
                Method::POST,
                "/api/card/apdu",
                self.cookies().as_deref(),
                Some(self.body(json!({ "apdu": b64(apdu) }))),
            )
            .await
    }

    /// One raw APDU → (data, SW).
    pub async fn apdu(&self, apdu: &[u8]) -> (Vec<u8>, u16) {
        let a = self.post_apdu(apdu).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text());
        let r = unb64(a.json()["response"].as_str().unwrap());
        let (data, sw) = r.split_at(r.len() - 2);
        (data.to_vec(), u16::from_be_bytes([sw[0], sw[1]]))
    }
}

impl Transport for RemoteReader<'_> {
    fn transceive<'a>(&'a self, apdu: &'a [u8]) -> LocalBoxFuture<'a, Result<Vec<u8>, TransportError>> {
        Box::pin(async move {
            self.sent.borrow_mut().push(apdu.to_vec());
            let a = self.post_apdu(apdu).await;
            if a.status != StatusCode::OK {
                return Err(TransportError::Io(format!("{} {}", a.status, a.text())));
            }
            Ok(unb64(a.json()["response"].as_str().ok_or_else(|| TransportError::Io("no response".into()))?))
        })
    }
}

/// What the SPA sends to `/api/login/card` (or a signed step), as JSON.
pub fn signed_body(challenge: &str, cert: &[u8], signature: &[u8]) -> Value {
    json!({ "challenge": challenge, "certificate": b64(cert), "signature": b64(signature) })
}

/// `POST /api/login/challenge` → (id, document, DigestInfo bytes).
pub async fn login_challenge(app: &TestApp) -> (String, String, Vec<u8>) {
    let a = app.send(Method::POST, "/api/login/challenge", None, None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let c = a.json();
    assert_eq!(c["purpose"], "login");
    (
        c["id"].as_str().unwrap().into(),
        c["document"].as_str().unwrap().into(),
        unb64(c["digest_info"].as_str().unwrap()),
    )
}

/// The whole `/login` flow for `person` through the remote reader: tap, auth PIN, read
/// the auth certificate, challenge, SIGN, `POST /api/login/card`.
pub async fn card_login(app: &TestApp, person: &str) -> Answer {
    let reader = RemoteReader::for_person(app, person);
    assert_eq!(reader.tap().await.status, StatusCode::NO_CONTENT);
    let client = JpkiClient::new(&reader);
    client.verify_auth_pin("1234").await.expect("auth PIN");
    let cert = client.read_auth_certificate(&no_progress).await.expect("auth certificate");
    let (id, _, digest_info) = login_challenge(app).await;
    let signature = client.sign_with_auth_key(&digest_info).await.expect("SIGN");
    app.send(Method::POST, "/api/login/card", None, Some(signed_body(&id, &cert, &signature))).await
}

/// The person's card as the server issued it (issuing it if needed).
pub async fn profile(app: &TestApp, person: &str) -> CardProfile {
    server::card::ensure(&app.state, person).await.unwrap().expect("known person").0
}

/// An in-process copy of the card (fresh counters), for signing outside the server.
pub struct LocalCard {
    pub transport: SimTransport,
}

impl LocalCard {
    pub fn new(profile: CardProfile) -> Self {
        LocalCard { transport: SimTransport::new(VirtualCard::new(profile).unwrap()) }
    }

    pub async fn auth_sign(&self, digest_info: &[u8]) -> (Vec<u8>, Vec<u8>) {
        let client = JpkiClient::new(&self.transport);
        client.verify_auth_pin("1234").await.unwrap();
        let cert = client.read_auth_certificate(&no_progress).await.unwrap();
        (cert, client.sign_with_auth_key(digest_info).await.unwrap())
    }

    pub async fn signing_sign(&self, digest_info: &[u8]) -> (Vec<u8>, Vec<u8>) {
        let client = JpkiClient::new(&self.transport);
        client.verify_signing_pin("ABC123").await.unwrap();
        let cert = client.read_signing_certificate(&no_progress).await.unwrap();
        (cert, client.sign_with_signing_key(digest_info).await.unwrap())
    }
}

/// The four items of `p`'s card as the link steps send them.
pub fn attributes_of(p: &CardProfile) -> domain::link::CardAttributes {
    let b = &p.basic_four;
    domain::link::CardAttributes {
        name: b.name.clone(),
        address: b.address.clone(),
        birth_date: b.birth_date.clone(),
        sex: (b.sex.code() as char).to_string(),
    }
}
