//! Property-based fuzzing of the BER-TLV reader and the basic-four EF (issue 16 §7): the
//! client parses whatever a card's EFs hold, so arbitrary and mutated bytes must give
//! `Invalid`/`None`/`Err`, never a panic, and every TLV this crate writes reads back.

use jpki::tlv::{self, Header, Parsed};
use jpki::{BasicFour, Sex};
use proptest::collection::vec;
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Tags the reader accepts: one byte (low five bits not all set), or `xF`-form with one
/// or two more bytes, bit 8 set on all but the last.
fn tag() -> impl Strategy<Value = Vec<u8>> {
    let first_multi = any::<u8>().prop_map(|b| b | 0x1F);
    prop_oneof![
        any::<u8>().prop_filter("single-byte tag", |b| b & 0x1F != 0x1F).prop_map(|b| vec![b]),
        (first_multi.clone(), 0u8..0x80).prop_map(|(a, b)| vec![a, b]),
        (first_multi, 0x80u8..=0xFF, 0u8..0x80).prop_map(|(a, b, c)| vec![a, b, c]),
    ]
}

/// Values whose lengths cover each length form: short, 81, 82 and (just) 83.
fn value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => vec(any::<u8>(), 0..300),
        1 => (0xFF00usize..0x10010, any::<u8>()).prop_map(|(len, fill)| vec![fill; len]),
    ]
}

/// Tags for items before padding: not `00`, since an all-00 rest (`00 00`: tag 00, no
/// value) reads as the EF's unused space. (An all-FF rest is never a TLV: no length byte
/// is FF.)
fn item_tag() -> impl Strategy<Value = Vec<u8>> {
    tag().prop_map(|t| if t == [0x00] { vec![0x01] } else { t })
}

fn tag_number(tag: &[u8]) -> u32 {
    tag.iter().fold(0, |acc, b| (acc << 8) | u32::from(*b))
}

/// A plausible 基本4情報: any text, a YYYYMMDD the parser accepts.
fn basic_four() -> impl Strategy<Value = BasicFour> {
    let sex = prop_oneof![Just(Sex::Male), Just(Sex::Female), Just(Sex::NotApplicable), Just(Sex::NotKnown)];
    (".{0,60}", ".{0,120}", 0u16..=9999, 1u8..=12, 1u8..=31, sex).prop_map(|(name, address, y, m, d, sex)| BasicFour {
        name,
        address,
        birth_date: format!("{y:04}{m:02}{d:02}"),
        sex,
    })
}

/// Byte edits to apply to a valid encoding: (position, new byte), and a cut.
fn edits() -> impl Strategy<Value = (Vec<(usize, u8)>, usize)> {
    (vec((any::<usize>(), any::<u8>()), 1..4), any::<usize>())
}

proptest! {
    #![proptest_config(config(1024))]

    /// A header never claims more bytes than it was given; `NeedBytes` asks for more than
    /// there are (else the client's read loop would spin); the header does not depend on
    /// the value, and every shorter prefix of it asks for more.
    #[test]
    fn header_parse_is_total_and_consistent(bytes in vec(any::<u8>(), 0..10)) {
        match tlv::parse_header(&bytes) {
            Parsed::Complete(h) => {
                prop_assert!(h.header_len <= bytes.len() && h.header_len <= 7, "{h:?}");
                prop_assert_eq!(tlv::parse_header(&bytes[..h.header_len]), Parsed::Complete(h));
                for cut in 0..h.header_len {
                    prop_assert!(matches!(tlv::parse_header(&bytes[..cut]), Parsed::NeedBytes(n) if n > cut));
                }
            }
            Parsed::NeedBytes(n) => prop_assert!(n > bytes.len(), "NeedBytes({n}) for {} bytes", bytes.len()),
            Parsed::Invalid => {}
        }
    }

    #[test]
    fn items_are_total(bytes in vec(any::<u8>(), 0..64)) {
        if let Some(items) = tlv::items(&bytes) {
            let claimed: usize = items.iter().map(|(_, v)| v.len()).sum();
            prop_assert!(claimed <= bytes.len());
        }
    }

    #[test]
    fn basic_four_parse_is_total(bytes in vec(any::<u8>(), 0..64), cut: usize) {
        let _ = BasicFour::from_tlv(&bytes);
        // The same behind a valid outer header, so the item walk sees the bytes too, and
        // that cut short (the outer header then claims more than there is).
        let wrapped = tlv::write(&[0xFF, 0x20], &bytes);
        let _ = BasicFour::from_tlv(&wrapped);
        let _ = BasicFour::from_tlv(&wrapped[..cut % (wrapped.len() + 1)]);
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn tlv_round_trips(tag in tag(), value in value()) {
        let bytes = tlv::write(&tag, &value);
        let length_bytes = bytes.len() - tag.len() - value.len();
        let header = Header { tag: tag_number(&tag), header_len: tag.len() + length_bytes, value_len: value.len() };
        prop_assert_eq!(tlv::parse_header(&bytes), Parsed::Complete(header));
        prop_assert_eq!(&bytes[header.header_len..], value.as_slice());
    }

    /// A sequence of TLVs, with the EF's unused space after it, splits back into its items.
    #[test]
    fn item_sequences_round_trip(items in vec((item_tag(), vec(any::<u8>(), 0..200)), 0..6), pad in 0usize..40, ff: bool) {
        let mut bytes: Vec<u8> = items.iter().flat_map(|(t, v)| tlv::write(t, v)).collect();
        bytes.extend(std::iter::repeat_n(if ff { 0xFF } else { 0x00 }, pad));
        let expected: Vec<(u32, &[u8])> = items.iter().map(|(t, v)| (tag_number(t), v.as_slice())).collect();
        prop_assert_eq!(tlv::items(&bytes), Some(expected));
    }

    #[test]
    fn basic_four_round_trips(person in basic_four(), pad in 0usize..64) {
        let mut ef = person.to_tlv();
        ef.extend(std::iter::repeat_n(0u8, pad));
        prop_assert_eq!(BasicFour::from_tlv(&ef), Ok(person));
    }

    /// A card's EF with a few bytes changed or cut short: the realistic broken input.
    #[test]
    fn mutated_basic_four_never_panics(person in basic_four(), (changes, cut) in edits()) {
        let mut ef = person.to_tlv();
        for (at, byte) in changes {
            let i = at % ef.len();
            ef[i] = byte;
        }
        let _ = BasicFour::from_tlv(&ef);
        let _ = BasicFour::from_tlv(&ef[..cut % (ef.len() + 1)]);
    }
}
