//! A software WebAuthn authenticator (ES256, attestation `none`) and the phone signing
//! credential's requests, for tests: registration after a card signature, the password
//! step, and assertions that can be made wrong on purpose (origin, user verification).

use std::cell::Cell;

use axum::http::StatusCode;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::card::sign_challenge;
use super::{Answer, TestApp, HOST};

/// The origin every test request comes from.
pub fn origin() -> String {
    format!("http://{HOST}")
}

pub const PASSWORD: &str = "PHONE123";

pub struct Authenticator {
    key: SigningKey,
    pub credential_id: Vec<u8>,
    counter: Cell<u32>,
    /// Set the UV flag (user verified) in what it signs.
    pub verify_user: Cell<bool>,
    /// The origin it reports in its client data.
    pub origin: std::cell::RefCell<String>,
}

fn cbor_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    match bytes.len() {
        n if n < 24 => out.push(0x40 | n as u8),
        n if n < 256 => out.extend([0x58, n as u8]),
        n => out.extend([0x59, (n >> 8) as u8, n as u8]),
    }
    out.extend_from_slice(bytes);
}

fn cbor_text(out: &mut Vec<u8>, text: &str) {
    assert!(text.len() < 24);
    out.push(0x60 | text.len() as u8);
    out.extend_from_slice(text.as_bytes());
}

impl Authenticator {
    /// A new authenticator whose key and credential id follow from `seed`.
    pub fn new(seed: u8) -> Self {
        let mut secret = [0x11u8; 32];
        secret[0] = seed;
        secret[31] = seed.wrapping_add(1);
        Authenticator {
            key: SigningKey::from_slice(&secret).expect("a valid P-256 scalar"),
            credential_id: (0..16).map(|i| seed ^ (i * 7)).collect(),
            counter: Cell::new(0),
            verify_user: Cell::new(true),
            origin: std::cell::RefCell::new(origin()),
        }
    }

    fn client_data(&self, kind: &str, challenge: &str) -> Vec<u8> {
        json!({ "type": kind, "challenge": challenge, "origin": *self.origin.borrow(), "crossOrigin": false })
            .to_string()
            .into_bytes()
    }

    fn flags(&self, attested: bool) -> u8 {
        let uv = if self.verify_user.get() { 0x04 } else { 0 };
        0x01 | uv | if attested { 0x40 } else { 0 }
    }

    fn next_counter(&self) -> u32 {
        self.counter.set(self.counter.get() + 1);
        self.counter.get()
    }

    /// The signature counter it last reported (it adds one for every answer).
    pub fn counter(&self) -> u32 {
        self.counter.get()
    }

    /// A copy of this authenticator as it is now: the same key and credential id, and a
    /// counter of its own from here on (an extracted key used on another device).
    pub fn cloned(&self) -> Authenticator {
        Authenticator {
            key: self.key.clone(),
            credential_id: self.credential_id.clone(),
            counter: Cell::new(self.counter.get()),
            verify_user: Cell::new(self.verify_user.get()),
            origin: std::cell::RefCell::new(self.origin.borrow().clone()),
        }
    }

    /// Another key under this one's credential id: its signatures do not verify.
    pub fn with_another_key(&self, seed: u8) -> Authenticator {
        Authenticator { credential_id: self.credential_id.clone(), ..Authenticator::new(seed) }
    }

    /// The browser's answer to `navigator.credentials.create()` with the server's options.
    pub fn create(&self, options: &Value) -> Value {
        let pk = &options["publicKey"];
        let rp_id = pk["rp"]["id"].as_str().expect("rp.id");
        let challenge = pk["challenge"].as_str().expect("challenge");
        let client_data = self.client_data("webauthn.create", challenge);
        let mut auth = Sha256::digest(rp_id.as_bytes()).to_vec();
        auth.push(self.flags(true));
        auth.extend(self.next_counter().to_be_bytes());
        auth.extend([0u8; 16]); // AAGUID
        auth.extend((self.credential_id.len() as u16).to_be_bytes());
        auth.extend(&self.credential_id);
        let point = self.key.verifying_key().to_sec1_point(false);
        let xy = point.as_bytes();
        // COSE_Key: {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}
        auth.extend([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21]);
        cbor_bytes(&mut auth, &xy[1..33]);
        auth.push(0x22);
        cbor_bytes(&mut auth, &xy[33..65]);
        let mut att = vec![0xa3];
        cbor_text(&mut att, "fmt");
        cbor_text(&mut att, "none");
        cbor_text(&mut att, "attStmt");
        att.push(0xa0);
        cbor_text(&mut att, "authData");
        cbor_bytes(&mut att, &auth);
        json!({
            "id": B64URL.encode(&self.credential_id),
            "rawId": B64URL.encode(&self.credential_id),
            "type": "public-key",
            "response": { "attestationObject": B64URL.encode(&att), "clientDataJSON": B64URL.encode(&client_data) },
            "extensions": {},
        })
    }

    /// The browser's answer to `navigator.credentials.get()` with the server's request.
    pub fn get(&self, request: &Value) -> Value {
        let pk = &request["publicKey"];
        let rp_id = pk["rpId"].as_str().expect("rpId");
        let challenge = pk["challenge"].as_str().expect("challenge");
        let client_data = self.client_data("webauthn.get", challenge);
        let mut auth = Sha256::digest(rp_id.as_bytes()).to_vec();
        auth.push(self.flags(false));
        auth.extend(self.next_counter().to_be_bytes());
        let mut signed = auth.clone();
        signed.extend(Sha256::digest(&client_data));
        let sig: Signature = self.key.sign(&signed);
        json!({
            "id": B64URL.encode(&self.credential_id),
            "rawId": B64URL.encode(&self.credential_id),
            "type": "public-key",
            "response": {
                "authenticatorData": B64URL.encode(&auth),
                "clientDataJSON": B64URL.encode(&client_data),
                "signature": B64URL.encode(sig.to_der().as_bytes()),
                "userHandle": null,
            },
            "extensions": {},
        })
    }
}

pub use super::post;

/// Registers `authenticator` for the session's person (signed with `person`'s card, password
/// [`PASSWORD`]). Returns the session cookie after (the card signature rotates it).
pub async fn register(app: &TestApp, cookie: &str, person: &str, authenticator: &Authenticator) -> String {
    let c = post(app, "/api/phone-credentials/challenge", cookie, json!({})).await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.text());
    let signed = sign_challenge(app, &c.json(), person).await;
    let start =
        post(app, "/api/phone-credentials/registration", cookie, json!({ "signed": signed, "password": PASSWORD }))
            .await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.text());
    let cookie = start.session_cookie();
    let options = start.json();
    let body =
        json!({ "registration": options["registration"], "credential": authenticator.create(&options["options"]) });
    let done = post(app, "/api/phone-credentials", &cookie, body).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.text());
    cookie
}

/// The password step for `challenge` (the id), answered.
pub async fn password_step(app: &TestApp, cookie: &str, challenge: &str, password: &str) -> Answer {
    post(app, "/api/phone-credentials/assertion", cookie, json!({ "challenge": challenge, "password": password })).await
}

/// `challenge` (as the server issued it) answered with the phone credential: password,
/// then `authenticator`'s assertion. The signed part of a step's body.
pub async fn phone_answer(app: &TestApp, cookie: &str, challenge: &Value, authenticator: &Authenticator) -> Value {
    let id = challenge["id"].as_str().unwrap();
    let request = password_step(app, cookie, id, PASSWORD).await;
    assert_eq!(request.status, StatusCode::OK, "{}", request.text());
    json!({ "challenge": id, "certificate": "", "signature": "", "phone": { "assertion": authenticator.get(&request.json()) } })
}
