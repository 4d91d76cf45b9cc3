//! 色区分: the licence colour class, which also decides the renewal lecture class.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColorClass {
    /// 優良（ゴールド）
    Gold,
    /// 一般
    General,
    /// 違反
    Violation,
    /// 初回
    First,
}

impl ColorClass {
    pub const ALL: [ColorClass; 4] = [Self::Gold, Self::General, Self::Violation, Self::First];

    pub fn label(self) -> &'static str {
        match self {
            Self::Gold => "優良（ゴールド）",
            Self::General => "一般",
            Self::Violation => "違反",
            Self::First => "初回",
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
}
