//! Property-based fuzzing of the virtual card (issue 16 §7): the server feeds it whatever
//! `POST /api/card/apdu` carries, so arbitrary APDU sequences must always get a status
//! word back, never a panic, and its PIN counters stay in range and never come back
//! from zero. (The client's side is fuzzed in fuzz_client.rs.)

use std::sync::OnceLock;

use jpki::apdu::{self, Command};
use jpki::sim::{test_profile, CardProfile, VirtualCard};
use jpki::{digest_info_sha256, PinKind};
use proptest::collection::vec;
use proptest::prelude::*;

/// Each case is a sequence of up to 40 APDUs; SIGN is a real RSA-2048 operation, so a
/// couple of hundred sequences take about a second.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// RSA key generation is the slow part: once per test binary.
fn profile() -> CardProfile {
    static PROFILE: OnceLock<CardProfile> = OnceLock::new();
    PROFILE.get_or_init(test_profile).clone()
}

/// Commands near the ones the client sends (so the card's deeper states are reached:
/// selected EFs, verified PINs, SIGN), mixed with arbitrary commands and raw bytes.
fn apdu() -> impl Strategy<Value = Vec<u8>> {
    let aid = prop_oneof![Just(apdu::JPKI_AP.to_vec()), Just(apdu::CARD_INFO_AP.to_vec()), vec(any::<u8>(), 0..12)];
    let fid = prop_oneof![
        prop::sample::select(vec![
            apdu::EF_SIGNING_CERT,
            apdu::EF_AUTH_CERT,
            apdu::EF_AUTH_KEY,
            apdu::EF_AUTH_PIN,
            apdu::EF_SIGNING_KEY,
            apdu::EF_SIGNING_PIN,
            apdu::EF_BASIC_FOUR,
            apdu::EF_CARD_INFO_PIN,
        ]),
        any::<u16>(),
    ];
    let pin = prop_oneof![Just(b"1234".to_vec()), Just(b"ABC123".to_vec()), vec(any::<u8>(), 0..20)];
    let offset = prop_oneof![0u16..600, 0u16..=apdu::MAX_READ_OFFSET];
    let digest = prop_oneof![any::<[u8; 32]>().prop_map(digest_info_sha256), vec(any::<u8>(), 1..=255)];
    let command = (any::<[u8; 4]>(), vec(any::<u8>(), 0..=255), prop::option::of(1u16..=256))
        .prop_map(|([cla, ins, p1, p2], data, le)| Command { cla, ins, p1, p2, data, le });
    prop_oneof![
        3 => aid.prop_map(|a| apdu::select_df(&a).to_bytes()),
        3 => fid.prop_map(|f| apdu::select_ef(f).to_bytes()),
        2 => pin.prop_map(|p| apdu::verify(&p).to_bytes()),
        1 => Just(apdu::verify_status().to_bytes()),
        3 => (offset, 1u16..=256).prop_map(|(o, le)| apdu::read_binary(o, le).to_bytes()),
        1 => digest.prop_map(|d| apdu::sign(&d).to_bytes()),
        1 => command.prop_map(|c| c.to_bytes()),
        1 => vec(any::<u8>(), 0..300),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn virtual_card_answers_every_sequence(apdus in vec(apdu(), 1..40)) {
        let mut card = VirtualCard::new(profile()).unwrap();
        for apdu in &apdus {
            let before = PinKind::ALL.map(|k| card.state().tries(k));
            let answer = card.process(apdu);
            prop_assert!(answer.len() >= 2, "no status word for {apdu:02X?}");
            for (kind, before) in PinKind::ALL.into_iter().zip(before) {
                let after = card.state().tries(kind);
                prop_assert!(after <= kind.max_tries(), "{kind:?} tries {after}");
                prop_assert!(before > 0 || after == 0, "{kind:?} came back from locked after {apdu:02X?}");
            }
        }
        // What the server persists after the exchange must load again.
        let (profile, state) = card.into_parts();
        prop_assert!(VirtualCard::from_parts(profile, state).is_ok());
    }
}
