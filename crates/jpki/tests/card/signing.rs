//! JPKI-AP, signing certificate and key (5-try PIN).

use jpki::{digest_info_sha256, JpkiClient, JpkiError, PinFormatError, PinKind, PinStatus, Status};
use sha2::{Digest, Sha256};

use crate::auth::assert_signature_verifies;
use crate::support::{block_on, card, card_with, no_progress, profile, Recording};

fn di(message: &[u8]) -> Vec<u8> {
    digest_info_sha256(Sha256::digest(message).into())
}

#[test]
fn signing_certificate_needs_the_pin() {
    let sim = card();
    let client = JpkiClient::new(&sim);
    let err = block_on(client.read_signing_certificate(&no_progress)).unwrap_err();
    assert_eq!(err, JpkiError::NotVerified { pin: PinKind::Signing });
    assert!(err.message().contains("署名用電子証明書のパスワード"));
}

#[test]
fn sign_before_verify_is_refused() {
    let sim = card();
    let client = JpkiClient::new(&sim);
    assert_eq!(
        block_on(client.sign_with_signing_key(&di(b"doc"))),
        Err(JpkiError::NotVerified { pin: PinKind::Signing })
    );
}

#[test]
fn auth_pin_does_not_open_the_signing_key() {
    let sim = card();
    let client = JpkiClient::new(&sim);
    block_on(client.verify_auth_pin("1234")).unwrap();
    assert_eq!(
        block_on(client.sign_with_signing_key(&di(b"doc"))),
        Err(JpkiError::NotVerified { pin: PinKind::Signing })
    );
    assert_eq!(
        block_on(client.read_signing_certificate(&no_progress)),
        Err(JpkiError::NotVerified { pin: PinKind::Signing })
    );
}

#[test]
fn verify_read_and_sign() {
    let sim = card();
    let client = JpkiClient::new(&sim);
    assert_eq!(block_on(client.signing_pin_tries()), Ok(PinStatus::Remaining(5)));
    // Lower case and full width are what people type on phones.
    block_on(client.verify_signing_pin("ａｂｃ１２３")).unwrap();
    let cert = block_on(client.read_signing_certificate(&no_progress)).unwrap();
    assert_eq!(cert, profile().signing_cert_der);
    let document = "本籍のオンライン変更申請".as_bytes();
    let signature = block_on(client.sign_with_signing_key(&di(document))).unwrap();
    assert_signature_verifies(&cert, document, &signature);
}

#[test]
fn lower_case_pin_verifies() {
    let sim = card();
    let client = JpkiClient::new(&sim);
    block_on(client.verify_signing_pin("abc123")).unwrap();
    assert_eq!(block_on(client.signing_pin_tries()), Ok(PinStatus::Verified));
}

#[test]
fn five_wrong_pins_lock_and_the_pin_is_never_sent_again() {
    let sim = card();
    let rec = Recording::new(&sim);
    let client = JpkiClient::new(&rec);
    for left in [4, 3, 2, 1] {
        assert_eq!(
            block_on(client.verify_signing_pin("WRONG1")),
            Err(JpkiError::WrongPin { pin: PinKind::Signing, tries_left: left })
        );
    }
    assert_eq!(block_on(client.verify_signing_pin("WRONG1")), Err(JpkiError::Locked { pin: PinKind::Signing }));
    let err = block_on(client.verify_signing_pin("ABC123")).unwrap_err();
    assert_eq!(err, JpkiError::Locked { pin: PinKind::Signing });
    let message = err.message();
    assert!(
        message.contains("住民票がある自治体窓口") && message.contains("コンビニエンスストア等のキオスク端末"),
        "{message}"
    );
    assert_eq!(rec.verifies_with_data(), 5);
    assert_eq!(block_on(client.signing_pin_tries()), Ok(PinStatus::Locked));
    assert_eq!(rec.verifies_with_data(), 5);
}

#[test]
fn signing_recovery_resets_to_five() {
    let sim = card();
    let client = JpkiClient::new(&sim);
    for _ in 0..4 {
        let _ = block_on(client.verify_signing_pin("WRONG1"));
    }
    assert_eq!(sim.card().state().signing_tries, 1);
    block_on(client.verify_signing_pin("ABC123")).unwrap();
    assert_eq!(sim.card().state().signing_tries, 5);
}

#[test]
fn malformed_signing_pins_send_nothing() {
    let sim = card();
    let rec = Recording::new(&sim);
    let client = JpkiClient::new(&rec);
    let cases = [
        ("ABCDEF", PinFormatError::SigningNeedsLetterAndDigit),
        ("123456", PinFormatError::SigningNeedsLetterAndDigit),
        ("AB12", PinFormatError::SigningLength),
        ("A1B2C3D4E5F6G7H8I", PinFormatError::SigningLength),
        ("ABC-123", PinFormatError::SigningCharacters),
    ];
    for (input, expected) in cases {
        assert_eq!(block_on(client.verify_signing_pin(input)), Err(JpkiError::MalformedPin(expected)), "{input}");
    }
    assert!(rec.sent().is_empty());
}

#[test]
fn missing_signing_certificate_is_file_not_found() {
    // A card whose signing certificate was never issued.
    let mut p = profile();
    p.signing_cert_der.clear();
    let sim = card_with(p);
    let client = JpkiClient::new(&sim);
    block_on(client.verify_signing_pin("ABC123")).unwrap();
    let err = block_on(client.read_signing_certificate(&no_progress)).unwrap_err();
    assert_eq!(err, JpkiError::Card(Status::FileNotFound));
    assert!(err.message().contains("見つかりません"));
}
