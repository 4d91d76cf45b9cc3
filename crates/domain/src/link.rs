//! Wire types of linking the portal with the licence system (属性連携, manual 2章 ①-1).

use serde::{Deserialize, Serialize};

use crate::card::SignedChallenge;
use crate::document::has_control;

/// The アカウント登録用情報 read from the card (the 基本4情報), as the person sent them at
/// 「送信」. Used once for matching against the signing certificate, never stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardAttributes {
    /// 氏名
    pub name: String,
    /// 住所
    pub address: String,
    /// 生年月日 as the card holds it: `YYYYMMDD`.
    pub birth_date: String,
    /// 性別 as the card holds it: the ISO 5218 digit (`1` 男, `2` 女, `9`, `0`).
    pub sex: String,
}

/// `GET /api/link/state`: what the flow's steps gave the server after the first card read
/// (kept against the session for ten minutes, so a reload or a discarded tab keeps them):
/// the attributes read at step 6, and whether step 7's 「送信」 accepted them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkState {
    pub attributes: Option<CardAttributes>,
    pub sent: bool,
}

/// `POST /api/link`: the signed agreement (steps 9–10) with the attributes from step 7.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRequest {
    /// The answer to `POST /api/link/challenge`, signed with the 署名用 key.
    #[serde(flatten)]
    pub signed: SignedChallenge,
    pub attributes: CardAttributes,
}

impl CardAttributes {
    /// 「1996年01月01日」 for the read-result screen; the raw text if it is not a date.
    pub fn birth_date_text(&self) -> String {
        let b = self.birth_date.as_bytes();
        if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
            format!("{}年{}月{}日", &self.birth_date[..4], &self.birth_date[4..6], &self.birth_date[6..])
        } else {
            self.birth_date.clone()
        }
    }

    /// 「男」 / 「女」 as the card's digit reads.
    pub fn sex_text(&self) -> &'static str {
        match self.sex.as_str() {
            "1" => "男",
            "2" => "女",
            "9" => "適用不能",
            _ => "不明",
        }
    }

    /// The four items with their labels, in the card's order.
    pub fn items(&self) -> [(&'static str, &str); 4] {
        [("氏名", &self.name), ("住所", &self.address), ("生年月日", &self.birth_date), ("性別", &self.sex)]
    }

    /// The label of the first item holding a control character (a line break, a tab,
    /// U+2028 …; see [`crate::document::breaks_a_document`]), which a card never holds.
    pub fn item_with_control(&self) -> Option<&'static str> {
        self.items().into_iter().find(|(_, value)| has_control(value)).map(|(label, _)| label)
    }

    /// What is hashed into the signed document, so the signature covers exactly what the
    /// person sent. Each item is `label:byte length:value` and a line break: the length, not
    /// a separator, says where a value ends, so whatever a value holds (a line break and
    /// 「住所:」 included) it cannot pose as the next item — two different sets of
    /// attributes never give the same text.
    pub fn canonical(&self) -> String {
        let mut text = String::new();
        for (label, value) in self.items() {
            text.push_str(&format!("{label}:{}:{value}\n", value.len()));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taro() -> CardAttributes {
        CardAttributes {
            name: "免許 太郎".into(),
            address: "東京都".into(),
            birth_date: "19960101".into(),
            sex: "1".into(),
        }
    }

    #[test]
    fn display_texts() {
        assert_eq!(taro().birth_date_text(), "1996年01月01日");
        assert_eq!(taro().sex_text(), "男");
        assert_eq!(CardAttributes { sex: "2".into(), ..taro() }.sex_text(), "女");
        assert_eq!(CardAttributes { birth_date: "1996-1-1".into(), ..taro() }.birth_date_text(), "1996-1-1");
    }

    #[test]
    fn canonical_names_each_item_with_its_length() {
        assert_eq!(taro().canonical(), "氏名:13:免許 太郎\n住所:9:東京都\n生年月日:8:19960101\n性別:1:1\n");
    }

    /// The old attack on `氏名:…\n住所:…` joined by line breaks: part of one value posing
    /// as the next item gave two different sets of attributes the same signed text.
    #[test]
    fn a_value_posing_as_the_next_item_does_not_collide() {
        let a =
            CardAttributes { name: "免許 太郎\n住所:東京都".into(), address: "大阪府".into(), ..taro() };
        let b =
            CardAttributes { name: "免許 太郎".into(), address: "東京都\n住所:大阪府".into(), ..taro() };
        assert_ne!(a, b);
        assert_ne!(a.canonical(), b.canonical());
        let c = CardAttributes {
            address: "東京都\n生年月日:19960101".into(), birth_date: "19990101".into(), ..taro()
        };
        let d = CardAttributes { birth_date: "19960101\n生年月日:19990101".into(), ..taro() };
        assert_ne!(c.canonical(), d.canonical());
        // And the server refuses such values before any of this matters.
        assert_eq!(a.item_with_control(), Some("氏名"));
        assert_eq!(b.item_with_control(), Some("住所"));
        assert_eq!(d.item_with_control(), Some("生年月日"));
        assert_eq!(taro().item_with_control(), None);
        for value in ["東京都\r", "東京\t都", "東京都\u{2028}", "東京都\u{2029}", "\u{85}", "\u{0}"] {
            assert_eq!(
                CardAttributes { address: value.into(), ..taro() }.item_with_control(),
                Some("住所"),
                "{value:?}"
            );
        }
    }

    /// Every pair of attribute sets from pieces chosen to fool a separator-based encoding
    /// (line breaks, labels, colons, digits that could be lengths): equal texts only for
    /// equal attributes.
    #[test]
    fn no_two_generated_attribute_sets_share_a_canonical_text() {
        let pieces = ["", "a", "\n", ":", "1", "\n住所:", "\n生年月日:", "\n性別:", ":1:", "住所"];
        let mut texts: Vec<String> = vec![String::new()];
        for p in pieces {
            for q in pieces {
                texts.push(format!("{p}{q}"));
            }
        }
        texts.sort();
        texts.dedup();
        let short = ["", "1", ":", "1\n性別:1", "\n", "19960101"];
        let mut seen = std::collections::HashMap::new();
        for name in &texts {
            for address in &texts {
                for birth_date in short {
                    for sex in short {
                        let attrs = CardAttributes {
                            name: name.clone(),
                            address: address.clone(),
                            birth_date: birth_date.into(),
                            sex: sex.into(),
                        };
                        if let Some(other) = seen.insert(attrs.canonical(), attrs.clone()) {
                            panic!("{other:?} and {attrs:?} give the same canonical text");
                        }
                    }
                }
            }
        }
        assert!(seen.len() > 100_000, "{} sets checked", seen.len());
    }
}
