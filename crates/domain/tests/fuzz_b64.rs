//! Property-based fuzzing of the strict base64 codec (issue 16 §7): every binary value of
//! the card contract (APDUs, certificates, signatures) crosses the wire in it, so decoding
//! arbitrary text must return `None` rather than panic, and each byte string has exactly
//! one encoding.

use domain::b64;
use proptest::collection::vec;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn round_trips(bytes in vec(any::<u8>(), 0..100)) {
        prop_assert_eq!(b64::decode(&b64::encode(&bytes)), Some(bytes));
    }

    /// Mostly the base64 alphabet with `=` (so whole groups and padding rules are hit),
    /// sometimes any text. What decodes is canonical: it encodes back to the same text.
    #[test]
    fn decode_is_total_and_canonical(text in prop_oneof!["[A-Za-z0-9+/=]{0,16}", "[AQgw=]{0,12}", ".{0,16}"]) {
        if let Some(bytes) = b64::decode(&text) {
            prop_assert_eq!(b64::encode(&bytes), text);
        }
    }
}
