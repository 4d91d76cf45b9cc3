//! APDU encoding/parsing, status words, DigestInfo and TLV headers: pure, no card.

use jpki::apdu::{self, ApduError, Command, Response};
use jpki::tlv::{self, Header, Parsed};
use jpki::{digest_info_sha256, Status};

#[test]
fn builders_produce_the_spec_bytes() {
    assert_eq!(
        apdu::select_df(&apdu::JPKI_AP).to_bytes(),
        [0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01]
    );
    assert_eq!(
        apdu::select_df(&apdu::CARD_INFO_AP).to_bytes(),
        [0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08]
    );
    assert_eq!(apdu::select_ef(apdu::EF_SIGNING_PIN).to_bytes(), [0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x1B]);
    assert_eq!(apdu::verify(b"1234").to_bytes(), [0x00, 0x20, 0x00, 0x80, 0x04, 0x31, 0x32, 0x33, 0x34]);
    assert_eq!(apdu::verify_status().to_bytes(), [0x00, 0x20, 0x00, 0x80]);
    assert_eq!(apdu::read_binary(0x0104, 0xFF).to_bytes(), [0x00, 0xB0, 0x01, 0x04, 0xFF]);
    assert_eq!(apdu::read_binary(0, 4).to_bytes(), [0x00, 0xB0, 0x00, 0x00, 0x04]);
    let di = digest_info_sha256([0xAB; 32]);
    let sign = apdu::sign(&di).to_bytes();
    assert_eq!(&sign[..5], &[0x80, 0x2A, 0x00, 0x80, 51]);
    assert_eq!(&sign[5..56], di.as_slice());
    assert_eq!(sign[56], 0x00, "Le 00 = 256-byte signature");
    assert_eq!(sign.len(), 57);
}

#[test]
fn ef_identifiers_match_the_spec() {
    assert_eq!(
        [
            apdu::EF_SIGNING_CERT,
            apdu::EF_AUTH_CERT,
            apdu::EF_AUTH_KEY,
            apdu::EF_AUTH_PIN,
            apdu::EF_SIGNING_KEY,
            apdu::EF_SIGNING_PIN
        ],
        [0x0001, 0x000A, 0x0017, 0x0018, 0x001A, 0x001B]
    );
    assert_eq!([apdu::EF_BASIC_FOUR, apdu::EF_CARD_INFO_PIN], [0x0002, 0x0011]);
}

#[test]
fn all_four_cases_round_trip() {
    let cases = [
        Command { cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80, data: vec![], le: None },
        Command { cla: 0x00, ins: 0xB0, p1: 0x01, p2: 0x00, data: vec![], le: Some(255) },
        Command { cla: 0x00, ins: 0xB0, p1: 0x00, p2: 0x00, data: vec![], le: Some(256) },
        Command { cla: 0x00, ins: 0xA4, p1: 0x02, p2: 0x0C, data: vec![0x00, 0x0A], le: None },
        Command { cla: 0x80, ins: 0x2A, p1: 0x00, p2: 0x80, data: vec![7; 51], le: Some(256) },
        Command { cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80, data: vec![0x41; 255], le: Some(1) },
    ];
    for command in cases {
        assert_eq!(Command::parse(&command.to_bytes()), Ok(command.clone()), "{command:?}");
    }
}

#[test]
fn le_zero_byte_means_256() {
    assert_eq!(Command::parse(&[0x00, 0xB0, 0x00, 0x00, 0x00]).unwrap().le, Some(256));
}

#[test]
fn malformed_commands_are_refused() {
    assert_eq!(Command::parse(&[]), Err(ApduError::Truncated));
    assert_eq!(Command::parse(&[0x00, 0xA4, 0x04]), Err(ApduError::Truncated));
    // Lc says 5, only 2 data bytes.
    assert_eq!(Command::parse(&[0x00, 0xA4, 0x04, 0x0C, 0x05, 0x01, 0x02]), Err(ApduError::Truncated));
    // Lc 00 + 2-byte length: extended.
    assert_eq!(Command::parse(&[0x00, 0xB0, 0x00, 0x00, 0x00, 0x01, 0x00]), Err(ApduError::ExtendedNotSupported));
    assert_eq!(Command::parse(&[0x80, 0x2A, 0x00, 0x80, 0x00, 0x00, 0x01, 0xAA]), Err(ApduError::ExtendedNotSupported));
    // Lc 1, data, Le, and one byte too many.
    assert_eq!(Command::parse(&[0x00, 0x20, 0x00, 0x80, 0x01, 0x31, 0x00, 0x00]), Err(ApduError::TrailingBytes));
}

#[test]
#[should_panic(expected = "extended APDU")]
fn encoding_over_255_data_bytes_panics() {
    Command { cla: 0, ins: 0x20, p1: 0, p2: 0x80, data: vec![0; 256], le: None }.to_bytes();
}

#[test]
fn responses_round_trip() {
    let r = Response::parse(&[0x01, 0x02, 0x90, 0x00]).unwrap();
    assert_eq!(r, Response { data: vec![1, 2], sw1: 0x90, sw2: 0x00 });
    assert_eq!(r.to_bytes(), [0x01, 0x02, 0x90, 0x00]);
    assert_eq!(r.sw(), 0x9000);
    assert_eq!(Response::parse(&[0x63, 0xC2]).unwrap().status(), Status::TriesLeft(2));
    assert_eq!(Response::parse(&[0x90]), Err(ApduError::Truncated));
    assert_eq!(Response::parse(&[]), Err(ApduError::Truncated));
    assert_eq!(Response::new(vec![9], Status::Locked).to_bytes(), [9, 0x69, 0x83]);
}

#[test]
fn every_status_word_maps() {
    let table: [(u16, Status); 17] = [
        (0x9000, Status::Ok),
        (0x63C3, Status::TriesLeft(3)),
        (0x63C1, Status::TriesLeft(1)),
        (0x63C5, Status::TriesLeft(5)),
        (0x63C0, Status::Locked),
        (0x6983, Status::Locked),
        (0x6984, Status::Locked),
        (0x6982, Status::SecurityStatusNotSatisfied),
        (0x6A82, Status::FileNotFound),
        (0x6A86, Status::WrongParameters),
        (0x6B00, Status::WrongParameters),
        (0x6700, Status::WrongLength),
        (0x6C10, Status::WrongLength),
        (0x6D00, Status::InsNotSupported),
        (0x6E00, Status::ClaNotSupported),
        (0x6F00, Status::Other(0x6F00)),
        (0x6281, Status::Other(0x6281)),
    ];
    for (sw, status) in table {
        let [a, b] = sw.to_be_bytes();
        assert_eq!(Status::from_sw(a, b), status, "{sw:04X}");
    }
    // The canonical words round-trip.
    for status in [Status::Ok, Status::TriesLeft(4), Status::Locked, Status::FileNotFound, Status::Other(0x6F00)] {
        let [a, b] = status.to_sw().to_be_bytes();
        assert_eq!(Status::from_sw(a, b), status);
    }
    assert_eq!(Status::TriesLeft(2).to_string(), "63C2");
}

#[test]
fn digest_info_has_the_sha256_prefix() {
    let di = digest_info_sha256([0x11; 32]);
    assert_eq!(di.len(), 51);
    let prefix = [
        0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04,
        0x20,
    ];
    assert_eq!(&di[..19], &prefix);
    assert_eq!(&di[19..], &[0x11; 32]);
}

#[test]
fn tlv_headers() {
    let h = |tag, header_len, value_len| Parsed::Complete(Header { tag, header_len, value_len });
    assert_eq!(tlv::parse_header(&[0x30, 0x82, 0x04, 0xB0]), h(0x30, 4, 1200));
    assert_eq!(tlv::parse_header(&[0x30, 0x81, 0x90, 0x00]), h(0x30, 3, 0x90));
    assert_eq!(tlv::parse_header(&[0x30, 0x05, 0x00, 0x00]), h(0x30, 2, 5));
    assert_eq!(tlv::parse_header(&[0xFF, 0x20, 0x81, 0x90]), h(0xFF20, 4, 0x90));
    assert_eq!(tlv::parse_header(&[0xFF, 0x20, 0x82, 0x01]), Parsed::NeedBytes(5));
    assert_eq!(tlv::parse_header(&[0xFF, 0x20, 0x82, 0x01, 0x2C]), h(0xFF20, 5, 300));
    assert_eq!(tlv::parse_header(&[0xDF]), Parsed::NeedBytes(2));
    assert_eq!(tlv::parse_header(&[]), Parsed::NeedBytes(1));
    assert_eq!(tlv::parse_header(&[0x30, 0x80]), Parsed::Invalid, "indefinite length");
    assert_eq!(tlv::parse_header(&[0x30, 0x84, 1, 2, 3, 4]), Parsed::Invalid);
    assert_eq!(tlv::parse_header(&[0xFF, 0x81, 0x82, 0x83, 0x01]), Parsed::Invalid, "4-byte tag");
    for len in [0usize, 127, 128, 255, 256, 1200, 70_000] {
        let encoded = tlv::write(&[0xDF, 0x22], &vec![0u8; len]);
        let Parsed::Complete(header) = tlv::parse_header(&encoded) else { panic!("{len}") };
        assert_eq!((header.tag, header.total_len()), (0xDF22, encoded.len()));
    }
}
