//! The signature module: every way a card signature can be wrong, each refused with its
//! own problem code, through `/api/login/card` (login) and through `verify_signed` (the
//! signed steps later flows use).

mod common;

use axum::http::{Method, StatusCode};
use common::card::{b64, login_challenge, profile, signed_body, unb64, LocalCard};
use common::{app, TestApp};
use jpki::digest_info_sha256;
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey};
use server::clock::Clock;
use server::pki::{self, x509, CertKind};
use server::signature::{self, SignatureError, VerifiedSignature};
use sha2::{Digest, Sha256};

/// `POST /api/login/card` with `body`; returns (status, code).
async fn login_code(app: &TestApp, body: serde_json::Value) -> (StatusCode, String) {
    let a = app.send(Method::POST, "/api/login/card", None, Some(body)).await;
    if a.status == StatusCode::OK {
        return (a.status, String::new());
    }
    assert!(a.headers.get("set-cookie").is_none(), "no session on failure");
    (a.status, a.problem_code())
}

/// A signed step's challenge for `person` (purpose `test_step`) → (id, DigestInfo).
async fn step_challenge(app: &TestApp, person: &str, document: &str) -> (String, Vec<u8>) {
    let c = signature::issue_challenge(&app.state.store, "test_step", document.into(), Some(person)).await.unwrap();
    (c.id, unb64(&c.digest_info))
}

async fn verify_step(
    app: &TestApp,
    id: &str,
    cert: &[u8],
    sig: &[u8],
    person: &str,
) -> Result<VerifiedSignature, SignatureError> {
    signature::verify_signed(signature::Verifier::of(&app.state), id, "test_step", cert, sig, Some(person)).await
}

fn code(r: Result<VerifiedSignature, SignatureError>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

#[tokio::test]
async fn tampered_document_is_a_bad_signature() {
    let app = app(true).await;
    let card = LocalCard::new(profile(&app, "taro").await);
    let (id, document, _) = login_challenge(&app).await;
    // The card signs a different text than the one the server issued.
    let tampered = document.replace("ログイン", "ログアウト");
    let (cert, sig) = card.auth_sign(&digest_info_sha256(Sha256::digest(tampered.as_bytes()).into())).await;
    assert_eq!(login_code(&app, signed_body(&id, &cert, &sig)).await, (StatusCode::FORBIDDEN, "bad_signature".into()));
    // And a flipped bit in the signature itself.
    let (id, _, digest_info) = login_challenge(&app).await;
    let (cert, mut sig) = card.auth_sign(&digest_info).await;
    sig[100] ^= 0x01;
    assert_eq!(login_code(&app, signed_body(&id, &cert, &sig)).await.1, "bad_signature");
}

#[tokio::test]
async fn a_signature_by_another_key_is_a_bad_signature() {
    let app = app(true).await;
    let taro = LocalCard::new(profile(&app, "taro").await);
    let hanako = LocalCard::new(profile(&app, "hanako").await);
    let (id, _, digest_info) = login_challenge(&app).await;
    let (taro_cert, _) = taro.auth_sign(&digest_info).await;
    let (_, hanako_sig) = hanako.auth_sign(&digest_info).await;
    assert_eq!(
        login_code(&app, signed_body(&id, &taro_cert, &hanako_sig)).await,
        (StatusCode::FORBIDDEN, "bad_signature".into())
    );
}

#[tokio::test]
async fn a_signed_step_needs_the_session_persons_certificate() {
    let app = app(true).await;
    let taro = LocalCard::new(profile(&app, "taro").await);
    let hanako = LocalCard::new(profile(&app, "hanako").await);
    let document = "申請内容: 本籍の変更\n申請者: 免許 太郎";

    // Taro signs his own step: accepted, with what his signing certificate says.
    let (id, digest_info) = step_challenge(&app, "taro", document).await;
    let (cert, sig) = taro.signing_sign(&digest_info).await;
    let ok = verify_step(&app, &id, &cert, &sig, "taro").await.unwrap();
    assert_eq!((ok.person.as_str(), ok.kind, ok.document.as_str()), ("taro", CertKind::Signing, document));
    assert_eq!(ok.digest, <[u8; 32]>::from(Sha256::digest(document.as_bytes())));
    assert_eq!(ok.basic_four.unwrap().name, "免許 太郎");
    assert_eq!(ok.serial, x509::parse(&cert).unwrap().serial);

    // Hanako's card on taro's step: a valid signature, but not his certificate.
    let (id, digest_info) = step_challenge(&app, "taro", document).await;
    let (cert, sig) = hanako.signing_sign(&digest_info).await;
    let err = verify_step(&app, &id, &cert, &sig, "taro").await.unwrap_err();
    assert_eq!(err.code(), "cert_wrong_person");
    assert!(err.detail().contains("ご本人のカード"), "{}", err.detail());

    // Taro's challenge is not hanako's to answer, even with her own card.
    let (id, digest_info) = step_challenge(&app, "taro", document).await;
    let (cert, sig) = hanako.signing_sign(&digest_info).await;
    assert_eq!(code(verify_step(&app, &id, &cert, &sig, "hanako").await), "challenge_unknown");
}

#[tokio::test]
async fn the_kind_of_certificate_must_fit_the_purpose() {
    let app = app(true).await;
    let card = LocalCard::new(profile(&app, "taro").await);
    // Login with the signing key and certificate.
    let (id, _, digest_info) = login_challenge(&app).await;
    let (cert, sig) = card.signing_sign(&digest_info).await;
    assert_eq!(
        login_code(&app, signed_body(&id, &cert, &sig)).await,
        (StatusCode::FORBIDDEN, "cert_wrong_kind".into())
    );
    // A signed step with the authentication key and certificate.
    let (id, digest_info) = step_challenge(&app, "taro", "文書").await;
    let (cert, sig) = card.auth_sign(&digest_info).await;
    let err = verify_step(&app, &id, &cert, &sig, "taro").await.unwrap_err();
    assert_eq!(err.code(), "cert_wrong_kind");
    assert!(err.detail().contains("署名用電子証明書"), "{}", err.detail());
    // A purpose the challenge was not issued for.
    let (id, _, digest_info) = login_challenge(&app).await;
    let (cert, sig) = card.signing_sign(&digest_info).await;
    assert_eq!(code(verify_step(&app, &id, &cert, &sig, "taro").await), "challenge_unknown");
}

#[tokio::test]
async fn an_expired_or_not_yet_valid_certificate_is_refused() {
    let app = app(true).await;
    let card = LocalCard::new(profile(&app, "taro").await);
    for now in ["2030-04-01T00:00:00+09:00", "2025-03-31T23:59:59+09:00"] {
        let a = app.send(Method::PUT, "/api/demo/clock", None, Some(serde_json::json!({ "now": now }))).await;
        assert_eq!(a.status, StatusCode::OK);
        let (id, _, digest_info) = login_challenge(&app).await;
        let (cert, sig) = card.auth_sign(&digest_info).await;
        let (status, code) = login_code(&app, signed_body(&id, &cert, &sig)).await;
        assert_eq!((status, code.as_str()), (StatusCode::FORBIDDEN, "cert_expired"), "at {now}");
    }
    // The last valid second still works.
    app.send(Method::PUT, "/api/demo/clock", None, Some(serde_json::json!({ "now": "2030-03-31T23:59:59+09:00" })))
        .await;
    let (id, _, digest_info) = login_challenge(&app).await;
    let (cert, sig) = card.auth_sign(&digest_info).await;
    assert_eq!(login_code(&app, signed_body(&id, &cert, &sig)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_revoked_certificate_is_refused_until_the_demo_reset() {
    let app = app(true).await;
    let card = LocalCard::new(profile(&app, "taro").await);
    let (id, _, digest_info) = login_challenge(&app).await;
    let (cert, sig) = card.auth_sign(&digest_info).await;
    let serial = x509::parse(&cert).unwrap().serial;
    server::store::pki::revoke(&app.state.store, &serial, "keyCompromise", chrono::Utc::now()).await.unwrap();
    assert_eq!(login_code(&app, signed_body(&id, &cert, &sig)).await, (StatusCode::FORBIDDEN, "cert_revoked".into()));

    app.send(Method::POST, "/api/demo/reset", None, None).await;
    let (id, _, digest_info) = login_challenge(&app).await;
    let (cert, sig) = card.auth_sign(&digest_info).await;
    assert_eq!(login_code(&app, signed_body(&id, &cert, &sig)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn replayed_and_expired_challenges_are_refused() {
    let app = app(true).await;
    let card = LocalCard::new(profile(&app, "taro").await);
    // A failed attempt uses the challenge up too: no second try on the same one.
    let (id, _, digest_info) = login_challenge(&app).await;
    let (cert, sig) = card.auth_sign(&digest_info).await;
    let mut bad = sig.clone();
    bad[0] ^= 0xFF;
    assert_eq!(login_code(&app, signed_body(&id, &cert, &bad)).await.1, "bad_signature");
    assert_eq!(login_code(&app, signed_body(&id, &cert, &sig)).await, (StatusCode::CONFLICT, "challenge_used".into()));

    // Expired: five minutes are up (moved in the database; challenges run on real time).
    let (id, _, digest_info) = login_challenge(&app).await;
    let (cert, sig) = card.auth_sign(&digest_info).await;
    sqlx::query("UPDATE signature_challenges SET expires_at = $1 WHERE id = $2")
        .bind(server::store::instant_text(chrono::Utc::now() - chrono::Duration::seconds(1)))
        .bind(&id)
        .execute(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(
        login_code(&app, signed_body(&id, &cert, &sig)).await,
        (StatusCode::BAD_REQUEST, "challenge_expired".into())
    );
    // Fresh ones last five minutes.
    let (id, _, _) = login_challenge(&app).await;
    let row = server::store::challenges::get(&app.state.store, &id).await.unwrap().unwrap();
    assert_eq!((row.expires_at - row.created_at).num_seconds(), 300);
}

#[tokio::test]
async fn malformed_base64_and_der_are_refused() {
    let app = app(true).await;
    let card = LocalCard::new(profile(&app, "taro").await);
    let (id, _, digest_info) = login_challenge(&app).await;
    let (cert, sig) = card.auth_sign(&digest_info).await;
    let body = |cert: &str, sig: &str| serde_json::json!({ "challenge": id, "certificate": cert, "signature": sig });
    let malformed = (StatusCode::BAD_REQUEST, "malformed".to_string());
    assert_eq!(login_code(&app, body("***not base64***", &b64(&sig))).await, malformed);
    assert_eq!(login_code(&app, body(&b64(&cert), "%%%")).await, malformed);
    // Base64 fine, DER not: garbage, a truncated certificate, trailing bytes.
    let (id, _, digest_info) = login_challenge(&app).await;
    let (_, sig) = card.auth_sign(&digest_info).await;
    assert_eq!(login_code(&app, signed_body(&id, b"\x30\x03\x02\x01", &sig)).await, malformed);
    let (id, _, digest_info) = login_challenge(&app).await;
    let (_, sig) = card.auth_sign(&digest_info).await;
    assert_eq!(login_code(&app, signed_body(&id, &cert[..cert.len() - 10], &sig)).await, malformed);
    let (id, _, digest_info) = login_challenge(&app).await;
    let (_, sig) = card.auth_sign(&digest_info).await;
    let mut long = cert.clone();
    long.extend_from_slice(&[0, 0]);
    assert_eq!(login_code(&app, signed_body(&id, &long, &sig)).await, malformed);
}

#[tokio::test]
async fn certificates_not_issued_by_the_demo_ca_are_untrusted() {
    let app = app(true).await;
    let taro = profile(&app, "taro").await;
    let card = LocalCard::new(taro.clone());

    // Self-signed with taro's own key: the signature checks out, the issuer does not.
    let (id, _, digest_info) = login_challenge(&app).await;
    let (_, sig) = card.auth_sign(&digest_info).await;
    let self_signed = jpki::sim::self_signed_cert_der(&taro.auth_key_pkcs8_der, "JPKI Demo CA", 7).unwrap();
    assert_eq!(
        login_code(&app, signed_body(&id, &self_signed, &sig)).await,
        (StatusCode::FORBIDDEN, "cert_untrusted".into())
    );

    // A look-alike CA: same name, same profile, another key.
    let fake_key = pki::keys::generate("test/look-alike-ca").await.unwrap();
    let fake = rsa::RsaPrivateKey::from_pkcs8_der(&fake_key).unwrap();
    let spki = rsa::RsaPrivateKey::from_pkcs8_der(&taro.auth_key_pkcs8_der)
        .unwrap()
        .to_public_key()
        .to_public_key_der()
        .unwrap();
    let (from, to) = pki::card_validity();
    let forged = x509::build_leaf(
        &fake,
        &x509::LeafSpec {
            serial: &[0x42; 16],
            kind: CertKind::Auth,
            public_key_der: spki.as_bytes(),
            basic_four: None,
            not_before: from,
            not_after: to,
        },
    )
    .unwrap();
    let (id, _, digest_info) = login_challenge(&app).await;
    let (_, sig) = card.auth_sign(&digest_info).await;
    assert_eq!(login_code(&app, signed_body(&id, &forged, &sig)).await.1, "cert_untrusted");

    // The CA's own certificate is not a card's.
    let ca = pki::load(&app.state.store).await.unwrap().unwrap();
    let (id, _, digest_info) = login_challenge(&app).await;
    let (_, sig) = card.auth_sign(&digest_info).await;
    assert_eq!(login_code(&app, signed_body(&id, &ca.cert_der, &sig)).await.1, "cert_untrusted");
}

#[tokio::test]
async fn a_certificate_the_ca_never_registered_maps_to_no_one() {
    let app = app(true).await;
    let taro = profile(&app, "taro").await;
    let ca = pki::ensure(&app.state.store).await.unwrap();
    // Issued by the real CA (valid signature chain) but never recorded for a person.
    let stray = ca.issue(CertKind::Auth, "nobody", &taro.auth_key_pkcs8_der, None, pki::card_validity()).unwrap();
    let card = LocalCard::new(taro);
    let (id, _, digest_info) = login_challenge(&app).await;
    let (_, sig) = card.auth_sign(&digest_info).await;
    assert_eq!(
        login_code(&app, signed_body(&id, &stray.cert_der, &sig)).await,
        (StatusCode::FORBIDDEN, "cert_not_registered".into())
    );
}

#[tokio::test]
async fn yukis_signing_certificate_was_not_submitted() {
    let app = app(true).await;
    let yuki = LocalCard::new(profile(&app, "yuki").await);
    let (id, digest_info) = step_challenge(&app, "yuki", "連携の申請").await;
    let (cert, sig) = yuki.signing_sign(&digest_info).await;
    let err = verify_step(&app, &id, &cert, &sig, "yuki").await.unwrap_err();
    assert_eq!(err.code(), "cert_not_submitted");
    assert!(err.detail().contains("窓口"), "{}", err.detail());
    // Her authentication certificate logs her in all the same.
    let (id, _, digest_info) = login_challenge(&app).await;
    let (cert, sig) = yuki.auth_sign(&digest_info).await;
    assert_eq!(login_code(&app, signed_body(&id, &cert, &sig)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn every_refusal_has_a_japanese_detail_and_its_own_code() {
    use SignatureError::*;
    let all = [
        Malformed("x".into()),
        ChallengeUnknown,
        ChallengeExpired,
        ChallengeUsed,
        BadSignature,
        CertUntrusted,
        CertExpired,
        CertRevoked { reason: Some("紛失の届出によるカードの一時利用停止".into()) },
        CertWrongKind { expected: CertKind::Auth },
        CertProfile("keyUsage"),
        CertNotRegistered,
        CertNotSubmitted,
        CertWrongPerson,
    ];
    let mut codes: Vec<&str> = all.iter().map(|e| e.code()).collect();
    for e in &all {
        assert!(e.detail().chars().any(|c| ('\u{3040}'..='\u{30FF}').contains(&c)), "{}", e.code());
        assert!(matches!(e.status(), 400 | 403 | 409), "{}", e.code());
    }
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), all.len());
    // The clock the module is handed is the app's (demo clock in demo mode).
    let app = app(true).await;
    assert_eq!(app.state.clock, Clock::Demo);
}

/// Issue 26.1: a certificate the trusted CA signed, but not as the JPKI profile makes its
/// kind, is refused, each fault on its own certificate. (The demo CA's own certificates are
/// in the profile: every other test here logs in and signs with them.)
#[tokio::test]
async fn a_certificate_off_the_jpki_profile_is_refused_each_fault_on_its_own() {
    use x509_cert::der::oid::AssociatedOid;
    use x509_cert::der::Decode;
    use x509_cert::ext::pkix::name::GeneralName;
    use x509_cert::ext::pkix::{CertificatePolicies, KeyUsage, KeyUsages, SubjectAltName};
    use x509_cert::ext::Extension;

    let app = app(true).await;
    let taro = profile(&app, "taro").await;
    let ca = pki::ensure(&app.state.store).await.unwrap();
    let card = LocalCard::new(taro.clone());
    let replace = |exts: &mut Vec<Extension>, new: Extension| {
        exts.retain(|e| e.extn_id != new.extn_id);
        exts.push(new);
    };

    // 利用者証明用 with the signing certificate's key usage (nonRepudiation too).
    let both = ca
        .issue_changed(CertKind::Auth, &taro.auth_key_pkcs8_der, None, |exts| {
            let usage = KeyUsage(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation);
            replace(exts, x509::encode_extension(&usage, true).unwrap());
        })
        .unwrap();
    // 利用者証明用 without a keyUsage at all.
    let none = ca
        .issue_changed(CertKind::Auth, &taro.auth_key_pkcs8_der, None, |exts| {
            exts.retain(|e| e.extn_id != KeyUsage::OID)
        })
        .unwrap();
    for (what, cert) in [("nonRepudiation on an auth certificate", &both), ("no keyUsage", &none)] {
        let (id, _, digest_info) = login_challenge(&app).await;
        let (_, sig) = card.auth_sign(&digest_info).await;
        assert_eq!(
            login_code(&app, signed_body(&id, cert, &sig)).await,
            (StatusCode::FORBIDDEN, "cert_profile".into()),
            "{what}"
        );
    }

    // A policy beside the JPKI arcs (…8.5.1.2): no kind, so the wrong kind for a login.
    let other_policy = ca
        .issue_changed(CertKind::Auth, &taro.auth_key_pkcs8_der, None, |exts| {
            let policy = x509_cert::spki::ObjectIdentifier::new_unwrap("1.2.392.200149.8.5.1.2");
            let policies = CertificatePolicies(vec![x509_cert::ext::pkix::certpolicy::PolicyInformation {
                policy_identifier: policy,
                policy_qualifiers: None,
            }]);
            replace(exts, x509::encode_extension(&policies, false).unwrap());
        })
        .unwrap();
    let (id, _, digest_info) = login_challenge(&app).await;
    let (_, sig) = card.auth_sign(&digest_info).await;
    assert_eq!(
        login_code(&app, signed_body(&id, &other_policy, &sig)).await,
        (StatusCode::FORBIDDEN, "cert_wrong_kind".into())
    );

    // 署名用 without its 住所: a missing basic item.
    let no_address = ca
        .issue_changed(CertKind::Signing, &taro.signing_key_pkcs8_der, Some(&taro.basic_four), |exts| {
            let san = exts.iter().find(|e| e.extn_id == SubjectAltName::OID).unwrap();
            let SubjectAltName(names) = SubjectAltName::from_der(san.extn_value.as_bytes()).unwrap();
            let fewer: Vec<GeneralName> = names
                .into_iter()
                .filter(|g| !matches!(g, GeneralName::OtherName(o) if o.type_id == pki::profile::OID_ADDRESS))
                .collect();
            replace(exts, x509::encode_extension(&SubjectAltName(fewer), false).unwrap());
        })
        .unwrap();
    let (id, digest_info) = step_challenge(&app, "taro", "連携の申請").await;
    let (_, sig) = card.signing_sign(&digest_info).await;
    assert_eq!(code(verify_step(&app, &id, &no_address, &sig, "taro").await), "cert_profile");
    // The same certificate with its 住所 is accepted past the profile (and then is not
    // registered: it is not the card's own certificate).
    let whole =
        ca.issue_changed(CertKind::Signing, &taro.signing_key_pkcs8_der, Some(&taro.basic_four), |_| {}).unwrap();
    let (id, digest_info) = step_challenge(&app, "taro", "連携の申請").await;
    let (_, sig) = card.signing_sign(&digest_info).await;
    assert_eq!(code(verify_step(&app, &id, &whole, &sig, "taro").await), "cert_not_registered");
}
