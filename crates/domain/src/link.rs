//! Wire types of linking the portal with the licence system (属性連携, manual 2章 ①-1).

use serde::{Deserialize, Serialize};

use crate::card::SignedChallenge;

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

    /// One canonical line per item: what is hashed into the signed document, so the
    /// signature covers exactly what the person sent.
    pub fn canonical(&self) -> String {
        format!("氏名:{}\n住所:{}\n生年月日:{}\n性別:{}", self.name, self.address, self.birth_date, self.sex)
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
    fn canonical_separates_items_unambiguously() {
        assert_eq!(taro().canonical(), "氏名:免許 太郎\n住所:東京都\n生年月日:19960101\n性別:1");
    }
}
