//! The virtual card's status words for raw APDUs: every path of SPEC §7.2.

use jpki::apdu::{self, read_binary, select_df, select_ef, verify, verify_status};
use jpki::sim::{CardState, Df, VirtualCard, SW_NOT_PIN_OR_BINARY_EF, SW_NO_CURRENT_EF, SW_OFFSET_OUTSIDE_EF};
use jpki::{digest_info_sha256, PinKind};

use crate::support::{profile, raw};

fn fresh() -> VirtualCard {
    VirtualCard::new(profile()).unwrap()
}

fn sw(card: &mut VirtualCard, command: apdu::Command) -> u16 {
    raw(card, &command.to_bytes()).1
}

/// Selects an application and one of its EFs, asserting both succeed.
fn open(card: &mut VirtualCard, aid: &[u8], fid: u16) {
    assert_eq!(sw(card, select_df(aid)), 0x9000);
    assert_eq!(sw(card, select_ef(fid)), 0x9000);
}

#[test]
fn select() {
    let mut card = fresh();
    assert_eq!(sw(&mut card, select_ef(apdu::EF_AUTH_CERT)), 0x6A82, "no DF selected yet");
    assert_eq!(sw(&mut card, select_df(&[0xD3, 0x92, 0x00, 0x00])), 0x6A82, "unknown AID");
    assert_eq!(sw(&mut card, select_df(&apdu::JPKI_AP)), 0x9000);
    assert_eq!(sw(&mut card, select_ef(0x1234)), 0x6A82, "unknown EF");
    assert_eq!(sw(&mut card, select_ef(apdu::EF_BASIC_FOUR)), 0x6A82, "EF of the other AP");
    for fid in [0x0001, 0x000A, 0x0017, 0x0018, 0x001A, 0x001B] {
        assert_eq!(sw(&mut card, select_ef(fid)), 0x9000, "{fid:04X}");
    }
    assert_eq!(sw(&mut card, select_df(&apdu::CARD_INFO_AP)), 0x9000);
    assert_eq!(sw(&mut card, select_ef(apdu::EF_AUTH_CERT)), 0x6A82, "JPKI EF under card-info AP");
    assert_eq!(sw(&mut card, select_ef(apdu::EF_BASIC_FOUR)), 0x9000);
    assert_eq!(sw(&mut card, select_ef(apdu::EF_CARD_INFO_PIN)), 0x9000);
    assert_eq!(raw(&mut card, &[0x00, 0xA4, 0x04, 0x00, 0x02, 0xD3, 0x92]).1, 0x6A86, "FCI requested");
    assert_eq!(raw(&mut card, &[0x00, 0xA4, 0x08, 0x0C, 0x02, 0x00, 0x01]).1, 0x6A86, "select by path");
    assert_eq!(raw(&mut card, &[0x00, 0xA4, 0x02, 0x0C, 0x03, 0x00, 0x01, 0x02]).1, 0x6700, "3-byte FID");
}

#[test]
fn verify_counts_down_locks_and_stays_locked() {
    let mut card = fresh();
    open(&mut card, &apdu::JPKI_AP, apdu::EF_AUTH_PIN);
    assert_eq!(sw(&mut card, verify_status()), 0x63C3);
    assert_eq!(sw(&mut card, verify(b"0000")), 0x63C2);
    assert_eq!(sw(&mut card, verify(b"0000")), 0x63C1);
    assert_eq!(sw(&mut card, verify(b"0000")), 0x63C0, "the locking try");
    assert_eq!(sw(&mut card, verify(b"0000")), 0x6983);
    assert_eq!(sw(&mut card, verify(b"1234")), 0x6983, "right PIN no longer works");
    assert_eq!(sw(&mut card, verify_status()), 0x6983);
    assert_eq!(card.state().auth_tries, 0, "no change after the lock");
}

#[test]
fn verify_right_pin_resets_and_verifies() {
    let mut card = fresh();
    open(&mut card, &apdu::JPKI_AP, apdu::EF_SIGNING_PIN);
    assert_eq!(sw(&mut card, verify_status()), 0x63C5);
    assert_eq!(sw(&mut card, verify(b"ABC12")), 0x63C4);
    assert_eq!(sw(&mut card, verify(b"ABC123")), 0x9000);
    assert_eq!(sw(&mut card, verify_status()), 0x9000, "verified");
    assert_eq!(card.state().signing_tries, 5);
    // A wrong PIN afterwards un-verifies.
    assert_eq!(sw(&mut card, verify(b"abc123")), 0x63C4, "the card compares exact bytes");
    assert_eq!(sw(&mut card, verify_status()), 0x63C4);
}

#[test]
fn verify_needs_a_pin_ef() {
    let mut card = fresh();
    assert_eq!(sw(&mut card, verify(b"1234")), SW_NO_CURRENT_EF);
    open(&mut card, &apdu::JPKI_AP, apdu::EF_AUTH_KEY);
    assert_eq!(sw(&mut card, verify(b"1234")), SW_NOT_PIN_OR_BINARY_EF);
    open(&mut card, &apdu::JPKI_AP, apdu::EF_AUTH_PIN);
    assert_eq!(raw(&mut card, &[0x00, 0x20, 0x00, 0x81, 0x04, 0x31, 0x32, 0x33, 0x34]).1, 0x6A86, "P2");
    assert_eq!(sw(&mut card, verify(&[0x41; 17])), 0x6700, "over 16 bytes");
    assert_eq!(card.state().auth_tries, 3, "refused commands cost no try");
}

#[test]
fn verification_lasts_until_another_df() {
    let mut card = fresh();
    open(&mut card, &apdu::JPKI_AP, apdu::EF_SIGNING_PIN);
    assert_eq!(sw(&mut card, verify(b"ABC123")), 0x9000);
    // Same DF again: still verified.
    open(&mut card, &apdu::JPKI_AP, apdu::EF_SIGNING_CERT);
    assert_eq!(sw(&mut card, read_binary(0, 4)), 0x9000);
    // Another DF and back: gone.
    assert_eq!(sw(&mut card, select_df(&apdu::CARD_INFO_AP)), 0x9000);
    open(&mut card, &apdu::JPKI_AP, apdu::EF_SIGNING_CERT);
    assert_eq!(sw(&mut card, read_binary(0, 4)), 0x6982);
}

#[test]
fn read_binary_paths() {
    let mut card = fresh();
    assert_eq!(sw(&mut card, read_binary(0, 4)), SW_NO_CURRENT_EF);
    open(&mut card, &apdu::JPKI_AP, apdu::EF_AUTH_CERT);
    let (header, status) = raw(&mut card, &read_binary(0, 4).to_bytes());
    assert_eq!((status, &header[..2]), (0x9000, &[0x30, 0x82][..]), "auth cert without PIN");
    let (chunk, _) = raw(&mut card, &read_binary(4, 255).to_bytes());
    assert_eq!(chunk, profile().auth_cert_der[4..259]);
    assert_eq!(sw(&mut card, read_binary(0x7FFF, 1)), SW_OFFSET_OUTSIDE_EF);
    // Near the end of the EF: fewer bytes than Le.
    let (tail, status) = raw(&mut card, &read_binary(2040, 255).to_bytes());
    assert_eq!((tail.len(), status), (8, 0x9000));
    assert_eq!(raw(&mut card, &[0x00, 0xB0, 0x00, 0x00]).1, 0x6700, "no Le");
    assert_eq!(raw(&mut card, &[0x00, 0xB0, 0x00, 0x00, 0x01, 0x00, 0x04]).1, 0x6700, "with data");
    assert_eq!(raw(&mut card, &[0x00, 0xB0, 0x81, 0x00, 0x04]).1, 0x6A86, "short-EF addressing");
    open(&mut card, &apdu::JPKI_AP, apdu::EF_SIGNING_CERT);
    assert_eq!(sw(&mut card, read_binary(0, 4)), 0x6982, "signing cert needs the PIN");
    open(&mut card, &apdu::JPKI_AP, apdu::EF_SIGNING_KEY);
    assert_eq!(sw(&mut card, read_binary(0, 4)), SW_NOT_PIN_OR_BINARY_EF, "keys are not readable");
    open(&mut card, &apdu::CARD_INFO_AP, apdu::EF_BASIC_FOUR);
    assert_eq!(sw(&mut card, read_binary(0, 4)), 0x6982, "basic four needs the card-info PIN");
    open(&mut card, &apdu::CARD_INFO_AP, apdu::EF_CARD_INFO_PIN);
    assert_eq!(sw(&mut card, verify(b"1234")), 0x9000);
    assert_eq!(sw(&mut card, select_ef(apdu::EF_BASIC_FOUR)), 0x9000);
    assert_eq!(sw(&mut card, read_binary(0, 4)), 0x9000);
}

#[test]
fn sign_paths() {
    let mut card = fresh();
    let di = digest_info_sha256([0x42; 32]);
    assert_eq!(sw(&mut card, apdu::sign(&di)), SW_NO_CURRENT_EF);
    open(&mut card, &apdu::JPKI_AP, apdu::EF_AUTH_PIN);
    assert_eq!(sw(&mut card, apdu::sign(&di)), SW_NOT_PIN_OR_BINARY_EF, "PIN EF is not a key");
    open(&mut card, &apdu::JPKI_AP, apdu::EF_AUTH_KEY);
    assert_eq!(sw(&mut card, apdu::sign(&di)), 0x6982, "auth key before the auth PIN");
    open(&mut card, &apdu::JPKI_AP, apdu::EF_SIGNING_PIN);
    assert_eq!(sw(&mut card, verify(b"ABC123")), 0x9000);
    open(&mut card, &apdu::JPKI_AP, apdu::EF_AUTH_KEY);
    assert_eq!(sw(&mut card, apdu::sign(&di)), 0x6982, "signing PIN does not open the auth key");
    open(&mut card, &apdu::JPKI_AP, apdu::EF_SIGNING_KEY);
    let (signature, status) = raw(&mut card, &apdu::sign(&di).to_bytes());
    assert_eq!((signature.len(), status), (256, 0x9000));
    assert_eq!(sw(&mut card, apdu::sign(&[0; 250])), 0x6700, "too long for PKCS#1 v1.5 padding");
    assert_eq!(raw(&mut card, &[0x80, 0x2A, 0x00, 0x80, 0x00]).1, 0x6700, "no data");
    assert_eq!(raw(&mut card, &[0x80, 0x2A, 0x9E, 0x9A, 0x01, 0x00, 0x00]).1, 0x6A86, "ISO PSO parameters");
}

#[test]
fn malformed_and_unknown_commands() {
    let mut card = fresh();
    assert_eq!(raw(&mut card, &[]).1, 0x6700);
    assert_eq!(raw(&mut card, &[0x00, 0xA4]).1, 0x6700, "truncated header");
    assert_eq!(raw(&mut card, &[0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3]).1, 0x6700, "truncated data");
    assert_eq!(raw(&mut card, &[0x00, 0xB0, 0x00, 0x00, 0x00, 0x01, 0x00]).1, 0x6700, "extended length");
    assert_eq!(raw(&mut card, &[0x00, 0xCA, 0x00, 0x00, 0x00]).1, 0x6D00, "GET DATA not supported");
    assert_eq!(raw(&mut card, &[0x80, 0x50, 0x00, 0x00]).1, 0x6D00);
    assert_eq!(raw(&mut card, &[0xA0, 0xA4, 0x04, 0x0C, 0x01, 0x00]).1, 0x6E00, "unknown class");
    assert_eq!(raw(&mut card, &[0x00, 0x2A, 0x00, 0x80, 0x01, 0x00, 0x00]).1, 0x6E00, "SIGN in class 00");
    assert_eq!(raw(&mut card, &[0x80, 0xB0, 0x00, 0x00, 0x04]).1, 0x6E00, "READ BINARY in class 80");
}

#[test]
fn state_persists_through_serde() {
    let mut card = fresh();
    open(&mut card, &apdu::CARD_INFO_AP, apdu::EF_CARD_INFO_PIN);
    assert_eq!(sw(&mut card, verify(b"0000")), 0x63C2);
    let json = serde_json::to_string(card.state()).unwrap();
    let state: CardState = serde_json::from_str(&json).unwrap();
    assert_eq!(state.card_info_tries, 2);
    assert_eq!(state.session.current_df, Some(Df::CardInfo));
    let mut restored = VirtualCard::from_parts(profile(), state).unwrap();
    assert_eq!(sw(&mut restored, verify_status()), 0x63C2, "session restored too");

    // Counters alone (no session) are enough to persist; a locked PIN stays locked.
    let locked: CardState = serde_json::from_str(r#"{"card_info_tries":0,"auth_tries":3,"signing_tries":5}"#).unwrap();
    let mut card = VirtualCard::from_parts(profile(), locked).unwrap();
    assert!(card.state().is_locked(PinKind::CardInfo));
    open(&mut card, &apdu::CARD_INFO_AP, apdu::EF_CARD_INFO_PIN);
    assert_eq!(sw(&mut card, verify(b"1234")), 0x6983);
}

#[test]
fn reset_session_forgets_selection_and_pins_but_not_counters() {
    let mut card = fresh();
    open(&mut card, &apdu::JPKI_AP, apdu::EF_AUTH_PIN);
    assert_eq!(sw(&mut card, verify(b"1111")), 0x63C2);
    assert_eq!(sw(&mut card, verify(b"1234")), 0x9000);
    assert_eq!(sw(&mut card, verify(b"1111")), 0x63C2);
    card.reset_session();
    assert_eq!(sw(&mut card, verify_status()), SW_NO_CURRENT_EF);
    assert_eq!(card.state().auth_tries, 2);
}

#[test]
fn bad_profiles_and_states_are_refused() {
    let mut p = profile();
    p.auth_key_pkcs8_der = vec![0x30, 0x00];
    assert!(VirtualCard::new(p).is_err());
    let state = CardState { signing_tries: 6, ..CardState::fresh() };
    assert!(VirtualCard::from_parts(profile(), state).is_err());
}

#[test]
fn profile_serde_round_trips() {
    let p = profile();
    let back: jpki::sim::CardProfile = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(back, p);
}
