//! 色区分: the licence's colour band and its driver class, which also decides the renewal
//! lecture class. The real licence has three colours — ゴールド for 優良運転者, ブルー for
//! 一般 and 違反運転者, グリーン for a new licence (who renews as 初回更新者) — and the portal
//! shows both as the manual does for gold: 「優良（ゴールド）」. The lecture rules go by the
//! class (a blue licence may be 一般 or 違反), never by the colour.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColorClass {
    /// 優良運転者: ゴールド.
    Gold,
    /// 一般運転者: ブルー.
    General,
    /// 違反運転者: ブルー.
    Violation,
    /// A new licence (初回更新者 at its renewal): グリーン.
    First,
}

impl ColorClass {
    pub const ALL: [ColorClass; 4] = [Self::Gold, Self::General, Self::Violation, Self::First];

    /// 色区分 as the portal shows it: the class, then the licence's colour.
    pub fn label(self) -> &'static str {
        match self {
            Self::Gold => "優良（ゴールド）",
            Self::General => "一般（ブルー）",
            Self::Violation => "違反（ブルー）",
            Self::First => "初回（グリーン）",
        }
    }

    /// The licence's colour band, for the dot beside the label (`color-dot--{}`).
    pub fn colour_code(self) -> &'static str {
        match self {
            Self::Gold => "gold",
            Self::General | Self::Violation => "blue",
            Self::First => "green",
        }
    }

    /// The driver class the renewal lecture follows (優良運転者講習 …).
    pub fn driver(self) -> &'static str {
        match self {
            Self::Gold => "優良運転者",
            Self::General => "一般運転者",
            Self::Violation => "違反運転者",
            Self::First => "初回更新者",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Gold => "gold",
            Self::General => "general",
            Self::Violation => "violation",
            Self::First => "first",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for c in ColorClass::ALL {
            assert_eq!(ColorClass::from_code(c.code()), Some(c));
        }
        assert_eq!(ColorClass::Gold.label(), "優良（ゴールド）");
    }

    #[test]
    fn the_colour_is_the_real_licences_and_the_class_stays_apart() {
        let shown: Vec<_> = ColorClass::ALL.iter().map(|c| (c.label(), c.colour_code(), c.driver())).collect();
        assert_eq!(
            shown,
            [
                ("優良（ゴールド）", "gold", "優良運転者"),
                ("一般（ブルー）", "blue", "一般運転者"),
                ("違反（ブルー）", "blue", "違反運転者"),
                ("初回（グリーン）", "green", "初回更新者"),
            ]
        );
    }
}
