//! 基本4情報 (name, address, birth date, sex) and the byte layout of the card-info AP's
//! EF 0002, which the virtual card serves and the client parses.
//!
//! Layout (modelled on the real card: one outer private tag, a pointer table, then one
//! TLV per item; all lengths DER-style, so the EF length is learned from its header):
//!
//! ```text
//! FF 20 L                      outer TLV; the EF may be zero-padded after it
//!   DF 21 08 o1 o2 o3 o4       2-byte offsets of DF22..DF25 within FF20's value
//!                              (as the real card's header; readers may ignore it)
//!   DF 22 L <UTF-8>            氏名
//!   DF 23 L <UTF-8>            住所
//!   DF 24 08 <ASCII YYYYMMDD>  生年月日
//!   DF 25 01 <ASCII digit>     性別, ISO 5218 code: 1 男, 2 女, 9 適用不能, 0 不明
//! ```
//!
//! The parser takes the first item of each tag, skips tags it does not know, and ignores
//! the pointer table, so a card that adds items or reorders them still reads.

use serde::{Deserialize, Serialize};

use crate::tlv;

pub const TAG_BASIC_FOUR: u32 = 0xFF20;
pub const TAG_POINTERS: u32 = 0xDF21;
pub const TAG_NAME: u32 = 0xDF22;
pub const TAG_ADDRESS: u32 = 0xDF23;
pub const TAG_BIRTH_DATE: u32 = 0xDF24;
pub const TAG_SEX: u32 = 0xDF25;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
    NotApplicable,
    NotKnown,
}

impl Sex {
    /// The ISO 5218 digit stored on the card.
    pub fn code(self) -> u8 {
        match self {
            Sex::NotKnown => b'0',
            Sex::Male => b'1',
            Sex::Female => b'2',
            Sex::NotApplicable => b'9',
        }
    }

    pub fn from_code(code: u8) -> Option<Sex> {
        match code {
            b'0' => Some(Sex::NotKnown),
            b'1' => Some(Sex::Male),
            b'2' => Some(Sex::Female),
            b'9' => Some(Sex::NotApplicable),
            _ => None,
        }
    }

    /// Display text, as on the card's face.
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
            Sex::NotApplicable => "適用不能",
            Sex::NotKnown => "不明",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasicFour {
    /// 氏名, e.g. 「免許 太郎」.
    pub name: String,
    /// 住所.
    pub address: String,
    /// 生年月日 as the card stores it: "YYYYMMDD" (Gregorian).
    pub birth_date: String,
    pub sex: Sex,
}

impl BasicFour {
    /// (year, month, day) of `birth_date`; `None` if it is not a plausible YYYYMMDD.
    pub fn birth_date_ymd(&self) -> Option<(u16, u8, u8)> {
        parse_yyyymmdd(&self.birth_date)
    }

    /// The EF 0002 bytes (see the module doc).
    pub fn to_tlv(&self) -> Vec<u8> {
        let items = [
            tlv::write(&[0xDF, 0x22], self.name.as_bytes()),
            tlv::write(&[0xDF, 0x23], self.address.as_bytes()),
            tlv::write(&[0xDF, 0x24], self.birth_date.as_bytes()),
            tlv::write(&[0xDF, 0x25], &[self.sex.code()]),
        ];
        // The pointer table itself is 11 bytes (DF21 08 + 8), so item 1 starts at 11.
        let mut pointers = Vec::with_capacity(8);
        let mut offset = 11usize;
        for item in &items {
            pointers.extend_from_slice(&(offset as u16).to_be_bytes());
            offset += item.len();
        }
        let mut value = tlv::write(&[0xDF, 0x21], &pointers);
        for item in &items {
            value.extend_from_slice(item);
        }
        tlv::write(&[0xFF, 0x20], &value)
    }

    /// Parses EF 0002 (trailing padding allowed). The error says what was wrong, for logs.
    pub fn from_tlv(bytes: &[u8]) -> Result<BasicFour, String> {
        let tlv::Parsed::Complete(outer) = tlv::parse_header(bytes) else {
            return Err("basic four: bad outer header".into());
        };
        if outer.tag != TAG_BASIC_FOUR {
            return Err(format!("basic four: outer tag {:X}, expected FF20", outer.tag));
        }
        let value = bytes.get(outer.header_len..outer.total_len()).ok_or("basic four: truncated")?;
        let items = tlv::items(value).ok_or("basic four: malformed item")?;
        let find = |tag: u32| {
            items.iter().find(|(t, _)| *t == tag).map(|(_, v)| *v).ok_or(format!("basic four: item {tag:X} missing"))
        };
        let text = |tag: u32| {
            find(tag)
                .and_then(|v| String::from_utf8(v.to_vec()).map_err(|_| format!("basic four: item {tag:X} not UTF-8")))
        };
        let name = text(TAG_NAME)?;
        let address = text(TAG_ADDRESS)?;
        let birth_date = text(TAG_BIRTH_DATE)?;
        if parse_yyyymmdd(&birth_date).is_none() {
            return Err("basic four: birth date not YYYYMMDD".into());
        }
        let sex = match find(TAG_SEX)? {
            [code] => Sex::from_code(*code).ok_or("basic four: unknown sex code")?,
            _ => return Err("basic four: sex must be one byte".into()),
        };
        Ok(BasicFour { name, address, birth_date, sex })
    }
}

fn parse_yyyymmdd(s: &str) -> Option<(u16, u8, u8)> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: u16 = s[0..4].parse().ok()?;
    let month: u8 = s[4..6].parse().ok()?;
    let day: u8 = s[6..8].parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((year, month, day))
}
