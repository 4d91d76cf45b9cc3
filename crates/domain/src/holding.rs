//! 保有状況: which documents a person holds, and what that means for the portal.

use serde::{Deserialize, Serialize};

/// The six holding statuses of SPEC §3. The first four can link with the portal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldingStatus {
    /// マイナ免許証のみ
    MynaLicenseOnly,
    /// 運転免許証 + マイナ免許証の2枚持ち
    PlasticAndMynaLicense,
    /// マイナ経歴証明書のみ
    MynaHistoryCertOnly,
    /// 運転経歴証明書 + マイナ経歴証明書の2枚持ち
    PlasticAndMynaHistoryCert,
    /// 運転免許証のみ (cannot link)
    PlasticLicenseOnly,
    /// 運転経歴証明書のみ (cannot link)
    PlasticHistoryCertOnly,
}

impl HoldingStatus {
    pub const ALL: [HoldingStatus; 6] = [
        Self::MynaLicenseOnly,
        Self::PlasticAndMynaLicense,
        Self::MynaHistoryCertOnly,
        Self::PlasticAndMynaHistoryCert,
        Self::PlasticLicenseOnly,
        Self::PlasticHistoryCertOnly,
    ];

    /// The display text, verbatim from the manual.
    pub fn label(self) -> &'static str {
        match self {
            Self::MynaLicenseOnly => "マイナ免許証のみ",
            Self::PlasticAndMynaLicense => "運転免許証 + マイナ免許証の2枚持ち",
            Self::MynaHistoryCertOnly => "マイナ経歴証明書のみ",
            Self::PlasticAndMynaHistoryCert => "運転経歴証明書 + マイナ経歴証明書の2枚持ち",
            Self::PlasticLicenseOnly => "運転免許証のみ",
            Self::PlasticHistoryCertOnly => "運転経歴証明書のみ",
        }
    }

    /// Stable identifier used in the database and the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::MynaLicenseOnly => "myna_license_only",
            Self::PlasticAndMynaLicense => "plastic_and_myna_license",
            Self::MynaHistoryCertOnly => "myna_history_cert_only",
            Self::PlasticAndMynaHistoryCert => "plastic_and_myna_history_cert",
            Self::PlasticLicenseOnly => "plastic_license_only",
            Self::PlasticHistoryCertOnly => "plastic_history_cert_only",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// A licence holder (運転免許 view) as opposed to a driving-history holder (運転経歴情報 view).
    pub fn is_license(self) -> bool {
        matches!(self, Self::MynaLicenseOnly | Self::PlasticAndMynaLicense | Self::PlasticLicenseOnly)
    }

    /// The card a person integrates with the マイナンバーカード to be able to link, and what
    /// that makes: a 運転経歴証明書 holder gets a マイナ経歴証明書, never a マイナ免許証.
    pub fn to_integrate(self) -> (&'static str, &'static str) {
        if self.is_license() {
            ("運転免許証", "マイナ免許証")
        } else {
            ("運転経歴証明書", "マイナ経歴証明書")
        }
    }

    /// The heading of the record page: 「運転免許」 or 「運転経歴情報」.
    pub fn record_heading(self) -> &'static str {
        if self.is_license() {
            "運転免許"
        } else {
            "運転経歴情報"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_history_certificate_holder_is_never_told_to_get_a_myna_licence() {
        assert_eq!(HoldingStatus::PlasticHistoryCertOnly.to_integrate(), ("運転経歴証明書", "マイナ経歴証明書"));
        assert_eq!(HoldingStatus::PlasticLicenseOnly.to_integrate(), ("運転免許証", "マイナ免許証"));
        let unlinked = crate::HoldingStatus::PlasticHistoryCertOnly;
        assert!(!unlinked.to_integrate().1.contains("免許証"));
    }

    #[test]
    fn codes_round_trip_and_are_unique() {
        for s in HoldingStatus::ALL {
            assert_eq!(HoldingStatus::from_code(s.code()), Some(s));
        }
        assert_eq!(HoldingStatus::from_code("nope"), None);
    }

    #[test]
    fn labels_are_the_manuals() {
        assert_eq!(HoldingStatus::PlasticAndMynaLicense.label(), "運転免許証 + マイナ免許証の2枚持ち");
        assert_eq!(HoldingStatus::PlasticHistoryCertOnly.label(), "運転経歴証明書のみ");
    }

    #[test]
    fn headings_follow_licence_or_history() {
        assert_eq!(HoldingStatus::MynaLicenseOnly.record_heading(), "運転免許");
        assert_eq!(HoldingStatus::PlasticAndMynaLicense.record_heading(), "運転免許");
        assert_eq!(HoldingStatus::MynaHistoryCertOnly.record_heading(), "運転経歴情報");
        assert_eq!(HoldingStatus::PlasticAndMynaHistoryCert.record_heading(), "運転経歴情報");
    }

    #[test]
    fn serde_uses_the_codes() {
        let json = serde_json::to_string(&HoldingStatus::MynaHistoryCertOnly).unwrap();
        assert_eq!(json, "\"myna_history_cert_only\"");
    }
}
