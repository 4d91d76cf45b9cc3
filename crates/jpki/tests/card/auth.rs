//! JPKI-AP, authentication certificate and key.

use jpki::{digest_info_sha256, JpkiClient, JpkiError, PinKind, PinStatus};
use rsa::pkcs8::DecodePublicKey;
use rsa::{Pkcs1v15Sign, RsaPublicKey};
use sha2::{Digest, Sha256};
use x509_cert::der::{Decode, Encode};
use x509_cert::Certificate;

use crate::support::{block_on, card, no_progress, profile, Recording};

/// The public key as an independent X.509 parser finds it in the certificate.
pub fn public_key_of(cert_der: &[u8]) -> RsaPublicKey {
    let cert = Certificate::from_der(cert_der).expect("certificate parses");
    let spki = cert.tbs_certificate.subject_public_key_info.to_der().unwrap();
    RsaPublicKey::from_public_key_der(&spki).unwrap()
}

pub fn assert_signature_verifies(cert_der: &[u8], message: &[u8], signature: &[u8]) {
    assert_eq!(signature.len(), 256, "RSA-2048");
    let hash = Sha256::digest(message);
    // `new::<Sha256>` checks the DigestInfo prefix itself, so this also proves the
    // card signed exactly digest_info_sha256(hash).
    public_key_of(cert_der).verify(Pkcs1v15Sign::new::<Sha256>(), &hash, signature).expect("signature verifies");
}

#[test]
fn auth_certificate_reads_without_a_pin() {
    let sim = card();
    let client = JpkiClient::new(&sim);
    let cert = block_on(client.read_auth_certificate(&no_progress)).unwrap();
    assert_eq!(cert, profile().auth_cert_der);
    public_key_of(&cert);
}

#[test]
fn sign_before_verify_is_refused() {
    let sim = card();
    let client = JpkiClient::new(&sim);
    let di = digest_info_sha256(Sha256::digest(b"challenge").into());
    assert_eq!(block_on(client.sign_with_auth_key(&di)), Err(JpkiError::NotVerified { pin: PinKind::Auth }));
}

#[test]
fn auth_signature_verifies_with_the_certificate() {
    let sim = card();
    let client = JpkiClient::new(&sim);
    let cert = block_on(client.read_auth_certificate(&no_progress)).unwrap();
    block_on(client.verify_auth_pin("1234")).unwrap();
    let message = b"login challenge 0001";
    let signature = block_on(client.sign_with_auth_key(&digest_info_sha256(Sha256::digest(message).into()))).unwrap();
    assert_signature_verifies(&cert, message, &signature);
    // The signing key did not sign it.
    let signing_cert = &profile().signing_cert_der;
    let hash = Sha256::digest(message);
    assert!(public_key_of(signing_cert).verify(Pkcs1v15Sign::new::<Sha256>(), &hash, &signature).is_err());
}

#[test]
fn three_wrong_auth_pins_lock() {
    let sim = card();
    let rec = Recording::new(&sim);
    let client = JpkiClient::new(&rec);
    assert_eq!(block_on(client.auth_pin_tries()), Ok(PinStatus::Remaining(3)));
    for left in [2, 1] {
        assert_eq!(
            block_on(client.verify_auth_pin("1111")),
            Err(JpkiError::WrongPin { pin: PinKind::Auth, tries_left: left })
        );
    }
    assert_eq!(block_on(client.verify_auth_pin("1111")), Err(JpkiError::Locked { pin: PinKind::Auth }));
    let err = block_on(client.verify_auth_pin("1234")).unwrap_err();
    assert_eq!(err, JpkiError::Locked { pin: PinKind::Auth });
    assert!(err.message().contains("住民票がある自治体窓口"));
    assert_eq!(rec.verifies_with_data(), 3);
    // The other PINs of the card are untouched.
    let state = sim.card().state().clone();
    assert_eq!((state.auth_tries, state.card_info_tries, state.signing_tries), (0, 3, 5));
}

#[test]
fn auth_recovery_resets_to_three() {
    let sim = card();
    let client = JpkiClient::new(&sim);
    let _ = block_on(client.verify_auth_pin("1111"));
    let _ = block_on(client.verify_auth_pin("1111"));
    block_on(client.verify_auth_pin("1234")).unwrap();
    assert_eq!(sim.card().state().auth_tries, 3);
}

#[test]
fn oversized_digest_info_is_refused_before_the_card() {
    let sim = card();
    let rec = Recording::new(&sim);
    let client = JpkiClient::new(&rec);
    assert!(matches!(block_on(client.sign_with_auth_key(&[0; 256])), Err(JpkiError::Malformed(_))));
    assert!(matches!(block_on(client.sign_with_auth_key(&[])), Err(JpkiError::Malformed(_))));
    assert!(rec.sent().is_empty());
}
