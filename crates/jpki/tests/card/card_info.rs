//! 券面事項入力補助 AP: card-info PIN and the basic four.

use jpki::sim::sample_basic_four;
use jpki::{JpkiClient, JpkiError, PinFormatError, PinKind, PinStatus};

use crate::support::{block_on, card, card_with, no_progress, profile, Recording};

#[test]
fn verify_then_read_basic_four() {
    let sim = card();
    let client = JpkiClient::new(&sim);
    assert_eq!(block_on(client.card_info_pin_tries()), Ok(PinStatus::Remaining(3)));
    block_on(client.verify_card_info_pin("1234")).unwrap();
    assert_eq!(block_on(client.card_info_pin_tries()), Ok(PinStatus::Verified));
    assert_eq!(block_on(client.read_basic_four(&no_progress)), Ok(sample_basic_four()));
}

#[test]
fn basic_four_needs_the_pin() {
    let sim = card();
    let client = JpkiClient::new(&sim);
    assert_eq!(block_on(client.read_basic_four(&no_progress)), Err(JpkiError::NotVerified { pin: PinKind::CardInfo }));
}

#[test]
fn long_basic_four_with_a_five_byte_header_reads() {
    let mut p = profile();
    p.basic_four.address = "北海道".repeat(40);
    let expected = p.basic_four.clone();
    let sim = card_with(p);
    let client = JpkiClient::new(&sim);
    block_on(client.verify_card_info_pin("1234")).unwrap();
    assert_eq!(block_on(client.read_basic_four(&no_progress)), Ok(expected));
}

#[test]
fn three_wrong_pins_lock_and_the_pin_is_never_sent_again() {
    let sim = card();
    let rec = Recording::new(&sim);
    let client = JpkiClient::new(&rec);
    assert_eq!(
        block_on(client.verify_card_info_pin("0000")),
        Err(JpkiError::WrongPin { pin: PinKind::CardInfo, tries_left: 2 })
    );
    assert_eq!(
        block_on(client.verify_card_info_pin("0000")),
        Err(JpkiError::WrongPin { pin: PinKind::CardInfo, tries_left: 1 })
    );
    assert_eq!(block_on(client.verify_card_info_pin("0000")), Err(JpkiError::Locked { pin: PinKind::CardInfo }));
    assert_eq!(rec.verifies_with_data(), 3);
    assert_eq!(sim.card().state().card_info_tries, 0);

    // Even the right PIN is not sent to a locked card: only the tries query goes out.
    let before = rec.sent().len();
    let err = block_on(client.verify_card_info_pin("1234")).unwrap_err();
    assert_eq!(err, JpkiError::Locked { pin: PinKind::CardInfo });
    assert!(err.message().contains("住民票がある自治体窓口"), "{}", err.message());
    assert_eq!(rec.verifies_with_data(), 3, "no VERIFY with data after the lock");
    assert_eq!(rec.sent()[before..].last().unwrap(), &[0x00, 0x20, 0x00, 0x80], "last APDU is the tries query");
    assert_eq!(block_on(client.card_info_pin_tries()), Ok(PinStatus::Locked));
    assert_eq!(block_on(client.read_basic_four(&no_progress)), Err(JpkiError::NotVerified { pin: PinKind::CardInfo }));
}

#[test]
fn right_pin_after_two_wrong_resets_to_three() {
    let sim = card();
    let client = JpkiClient::new(&sim);
    for left in [2, 1] {
        assert_eq!(
            block_on(client.verify_card_info_pin("9999")),
            Err(JpkiError::WrongPin { pin: PinKind::CardInfo, tries_left: left })
        );
    }
    assert_eq!(block_on(client.card_info_pin_tries()), Ok(PinStatus::Remaining(1)));
    block_on(client.verify_card_info_pin("1234")).unwrap();
    assert_eq!(sim.card().state().card_info_tries, 3);
    sim.card_mut().reset_session();
    assert_eq!(block_on(client.card_info_pin_tries()), Ok(PinStatus::Remaining(3)));
}

#[test]
fn wrong_pin_message_names_the_pin_and_the_tries() {
    let err = JpkiError::WrongPin { pin: PinKind::CardInfo, tries_left: 2 };
    assert_eq!(err.message(), "券面事項入力補助用のパスワードが違います。あと2回間違えるとロックされます。");
}

#[test]
fn malformed_pins_send_nothing() {
    let sim = card();
    let rec = Recording::new(&sim);
    let client = JpkiClient::new(&rec);
    for bad in ["", "123", "12345", "12a4", "abcd"] {
        let err = block_on(client.verify_card_info_pin(bad)).unwrap_err();
        assert!(matches!(err, JpkiError::MalformedPin(_)), "{bad}: {err:?}");
        assert_eq!(err.message(), "パスワードは数字4桁で入力してください。");
    }
    assert_eq!(
        block_on(client.verify_auth_pin("12")),
        Err(JpkiError::MalformedPin(PinFormatError::NotFourDigits(PinKind::Auth)))
    );
    assert!(rec.sent().is_empty(), "no APDU for a malformed PIN");
    assert_eq!(sim.card().state().card_info_tries, 3);
}

#[test]
fn full_width_digits_verify() {
    let sim = card();
    let client = JpkiClient::new(&sim);
    block_on(client.verify_card_info_pin("１２３４")).unwrap();
    block_on(client.verify_auth_pin(" １２３４ ")).unwrap();
}
