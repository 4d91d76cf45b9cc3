//! Property-based fuzzing of the short-APDU codec and the status words (issue 16 §7).
//! Commands reach the virtual card from the network (`POST /api/card/apdu`) and responses
//! reach the client from whatever answers as a card, so both parsers get arbitrary bytes:
//! they must return `Err`, never panic, and each encoding must decode back to itself.

use jpki::apdu::{ApduError, Command, Response};
use jpki::Status;
use proptest::collection::vec;
use proptest::prelude::*;

/// Pure functions on a few hundred bytes: a thousand cases take milliseconds. No failure
/// files: a failing input is printed, and kept as a unit test once fixed.
fn config() -> ProptestConfig {
    ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() }
}

/// Every command a short APDU can carry: up to 255 data bytes, Le absent or 1..=256.
fn command() -> impl Strategy<Value = Command> {
    (any::<[u8; 4]>(), vec(any::<u8>(), 0..=255), prop::option::of(1u16..=256))
        .prop_map(|([cla, ins, p1, p2], data, le)| Command { cla, ins, p1, p2, data, le })
}

/// Mostly short inputs (where the four ISO cases differ), sometimes longer than any
/// short APDU can be.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![4 => vec(any::<u8>(), 0..12), 1 => vec(any::<u8>(), 0..300)]
}

/// Any status word, half the time one of those the client tells apart (a uniform u16
/// would almost never hit them).
fn status_word() -> impl Strategy<Value = u16> {
    let named = prop::sample::select(vec![
        0x9000, 0x63C0, 0x63C1, 0x63CF, 0x6983, 0x6984, 0x6982, 0x6A82, 0x6A86, 0x6B00, 0x6700, 0x6C00, 0x6CFF, 0x6D00,
        0x6E00,
    ]);
    prop_oneof![named, any::<u16>()]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn command_round_trips(command in command()) {
        prop_assert_eq!(Command::parse(&command.to_bytes()), Ok(command));
    }

    /// Parsing never panics, and what parses is canonical: it encodes to the same bytes
    /// (so one command has one encoding, and the card answers what was sent).
    #[test]
    fn command_parse_is_total_and_canonical(bytes in bytes()) {
        match Command::parse(&bytes) {
            Ok(command) => prop_assert_eq!(command.to_bytes(), bytes),
            Err(ApduError::Truncated) | Err(ApduError::TrailingBytes) => {}
            Err(ApduError::ExtendedNotSupported) => prop_assert_eq!(bytes.get(4), Some(&0)),
        }
    }

    #[test]
    fn response_round_trips(data in vec(any::<u8>(), 0..300), sw1: u8, sw2: u8) {
        let response = Response { data, sw1, sw2 };
        prop_assert_eq!(Response::parse(&response.to_bytes()), Ok(response));
    }

    #[test]
    fn response_parse_is_total(bytes in bytes()) {
        match Response::parse(&bytes) {
            Ok(response) => prop_assert_eq!(response.to_bytes(), bytes),
            Err(e) => prop_assert!(bytes.len() < 2, "{e:?} for {} bytes", bytes.len()),
        }
    }

    /// `to_sw` is what the virtual card answers for a status: the client must read back
    /// the status it came from, for every status a card can produce.
    #[test]
    fn status_word_round_trips(sw in status_word()) {
        let [sw1, sw2] = sw.to_be_bytes();
        let status = Status::from_sw(sw1, sw2);
        let [a, b] = status.to_sw().to_be_bytes();
        prop_assert_eq!(Status::from_sw(a, b), status);
    }
}
