//! Wire types shared by the SPA's API client and the server's handlers.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::HoldingStatus;

/// RFC 9457 problem details, as every API error is sent (`application/problem+json`).
/// `code` is stable and meant for programs; `detail` is Japanese and meant for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub code: String,
    pub detail: String,
}

/// `GET /api/session`: who is logged in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub person: String,
    pub name: String,
    pub status: HoldingStatus,
    pub linked: bool,
}

/// `GET /api/sessions`: one of the person's login sessions, for 「ログイン中の端末」.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionEntry {
    /// What `DELETE /api/sessions/{id}` takes (not the cookie, nor its hash).
    pub id: String,
    /// 「Chrome（Android）」, from the browser's User-Agent when it logged in.
    pub device: String,
    pub logged_in_at: DateTime<FixedOffset>,
    pub last_seen_at: DateTime<FixedOffset>,
    /// The session this request came with.
    pub current: bool,
}

/// `DELETE /api/sessions` (every other session): how many were ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionsEnded {
    pub ended: u32,
}

/// `GET /api/header`: what the page header shows, for anyone (200 whether logged in or
/// not, so a visitor's page makes no failing request).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderInfo {
    /// The logged-in person's 氏名; `None` for a visitor.
    pub name: Option<String>,
    /// Unread notices (0 for a visitor).
    pub unread: u32,
}

/// `POST /api/demo/card-removal`: the next read of `person`'s virtual card loses the card
/// after `after` more APDUs (a demo reader control).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardRemoval {
    pub person: String,
    pub after: u32,
}

/// `POST /api/demo/card-hold`: the next read of `person`'s virtual card stops after `after`
/// more APDUs with the card still on the reader, answering nothing for a while (so the
/// card-read screen's waiting and reading states can be looked at), then as a card taken away.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardHold {
    pub person: String,
    pub after: u32,
}

/// Which of a card's PINs a demo control means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DemoPin {
    /// 券面事項入力補助用暗証番号
    CardInfo,
    /// 利用者証明用電子証明書のパスワード
    Auth,
    /// 署名用電子証明書のパスワード
    Signing,
}

/// `POST /api/demo/card-pin`: set how many tries one PIN of `person`'s virtual card has
/// left (0 = locked), as a person who mistyped it that often would have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoCardPin {
    pub person: String,
    pub pin: DemoPin,
    pub tries_left: u8,
}

/// One demo person, as `/demo` and `/login` list them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoPerson {
    pub id: String,
    pub name: String,
    pub status: HoldingStatus,
    pub linked: bool,
}

/// `POST /api/demo/login`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoLogin {
    pub person: String,
}

/// `PUT /api/demo/clock` and its answer (also `GET /api/demo/clock`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoClock {
    pub now: DateTime<FixedOffset>,
}

/// `POST /api/demo/process`
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessReport {
    pub processed: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_accepts_the_spec_example() {
        let c: DemoClock = serde_json::from_str(r#"{"now":"2026-12-15T10:00:00+09:00"}"#).unwrap();
        assert_eq!(c.now.to_rfc3339(), "2026-12-15T10:00:00+09:00");
    }

    #[test]
    fn problem_uses_type_on_the_wire() {
        let p = Problem {
            kind: "about:blank".into(),
            title: "t".into(),
            status: 404,
            code: "not_found".into(),
            detail: "d".into(),
        };
        let v: serde_json::Value = serde_json::to_value(&p).unwrap();
        assert_eq!(v["type"], "about:blank");
    }
}
