//! The basic-four EF layout: encoding and robust parsing, pure.

use jpki::tlv;
use jpki::{BasicFour, Sex};

fn taro() -> BasicFour {
    BasicFour {
        name: "免許 太郎".into(),
        address: "東京都千代田区霞が関二丁目1番2号".into(),
        birth_date: "19960101".into(),
        sex: Sex::Male,
    }
}

/// FF20 around the given items, without a pointer table.
fn wrap(items: &[Vec<u8>]) -> Vec<u8> {
    tlv::write(&[0xFF, 0x20], &items.concat())
}

fn item(tag: u16, value: &[u8]) -> Vec<u8> {
    tlv::write(&tag.to_be_bytes(), value)
}

#[test]
fn round_trips() {
    let bytes = taro().to_tlv();
    assert_eq!(&bytes[..2], &[0xFF, 0x20]);
    assert_eq!(BasicFour::from_tlv(&bytes), Ok(taro()));
    assert_eq!(taro().birth_date_ymd(), Some((1996, 1, 1)));
    for sex in [Sex::Male, Sex::Female, Sex::NotApplicable, Sex::NotKnown] {
        let person = BasicFour { sex, ..taro() };
        assert_eq!(BasicFour::from_tlv(&person.to_tlv()).unwrap().sex, sex);
    }
    assert_eq!(Sex::Male.label(), "男");
}

#[test]
fn pointer_table_points_at_the_items() {
    let bytes = taro().to_tlv();
    let tlv::Parsed::Complete(outer) = tlv::parse_header(&bytes) else { panic!() };
    let value = &bytes[outer.header_len..];
    assert_eq!(&value[..3], &[0xDF, 0x21, 0x08]);
    for (i, tag) in [0xDF22u16, 0xDF23, 0xDF24, 0xDF25].iter().enumerate() {
        let offset = usize::from(u16::from_be_bytes([value[3 + 2 * i], value[4 + 2 * i]]));
        assert_eq!(&value[offset..offset + 2], &tag.to_be_bytes());
    }
}

#[test]
fn long_items_use_long_form_lengths() {
    let person = BasicFour { address: "北".repeat(120), ..taro() };
    let bytes = person.to_tlv();
    assert_eq!(&bytes[..3], &[0xFF, 0x20, 0x82], "over 255 bytes of value");
    assert_eq!(BasicFour::from_tlv(&bytes), Ok(person));
}

#[test]
fn parses_robustly() {
    let mut padded = taro().to_tlv();
    padded.extend_from_slice(&[0; 64]);
    assert_eq!(BasicFour::from_tlv(&padded), Ok(taro()), "padding after the TLV");

    let reordered_with_unknown = wrap(&[
        item(0xDF25, b"2"),
        item(0xDF30, b"unknown item"),
        item(0xDF24, b"19901220"),
        item(0xDF23, "大阪府".as_bytes()),
        item(0xDF22, "免許 花子".as_bytes()),
    ]);
    let hanako = BasicFour::from_tlv(&reordered_with_unknown).unwrap();
    assert_eq!((hanako.name.as_str(), hanako.sex, hanako.birth_date.as_str()), ("免許 花子", Sex::Female, "19901220"));
}

#[test]
fn refuses_what_is_not_basic_four() {
    let good = [item(0xDF22, b"A"), item(0xDF23, b"B"), item(0xDF24, b"20000101"), item(0xDF25, b"1")];
    assert!(BasicFour::from_tlv(&wrap(&good)).is_ok());
    let with = |i: usize, replacement: Vec<u8>| {
        let mut items = good.to_vec();
        items[i] = replacement;
        wrap(&items)
    };
    assert!(BasicFour::from_tlv(&wrap(&good[..3])).is_err(), "sex missing");
    assert!(BasicFour::from_tlv(&with(0, item(0xDF22, &[0xFF, 0xFE]))).is_err(), "name not UTF-8");
    assert!(BasicFour::from_tlv(&with(2, item(0xDF24, b"2000-1-1"))).is_err(), "birth date");
    assert!(BasicFour::from_tlv(&with(2, item(0xDF24, b"20001301"))).is_err(), "month 13");
    assert!(BasicFour::from_tlv(&with(3, item(0xDF25, b"5"))).is_err(), "sex code");
    assert!(BasicFour::from_tlv(&with(3, item(0xDF25, b"11"))).is_err(), "sex length");
    let mut wrong_outer = wrap(&good);
    wrong_outer[1] = 0x21;
    assert!(BasicFour::from_tlv(&wrong_outer).is_err(), "outer tag");
    let full = wrap(&good);
    assert!(BasicFour::from_tlv(&full[..full.len() - 1]).is_err(), "truncated");
    assert!(BasicFour::from_tlv(&[]).is_err());
}

#[test]
fn serde_shape() {
    let json = serde_json::to_value(taro()).unwrap();
    assert_eq!(json["sex"], "male");
    assert_eq!(json["birth_date"], "19960101");
    assert_eq!(serde_json::from_value::<BasicFour>(json).unwrap(), taro());
}
