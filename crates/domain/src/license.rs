//! The licence / driving-history record as the API sends it (SPEC §4.4).
//!
//! 本籍, 顔写真 and 運転経歴区分 are deliberately absent: they are hidden until the person
//! asks, and then fetched from their own endpoints.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::eligibility::RenewalNotice;
use crate::{ColorClass, HoldingStatus};

/// `GET /api/license`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LicenseResponse {
    /// Not linked yet: the page offers 「連携をはじめる」.
    Unlinked {
        status: HoldingStatus,
        can_link: bool,
        /// The paragraph of the section 「マイナ免許証との連携」, in the server's words: what
        /// linking enables (above 「連携をはじめる」), or why this status cannot link and what
        /// to do — or, over a stale link (linked before to a record the driver registry no
        /// longer holds: the licence lapsed or was revoked and a new one was acquired, manual
        /// 2章①-1 補足, issue 30), why no record is shown and to link again. The server's, so
        /// the first view carries no copy of these texts (issue 30: its bytes) and the
        /// painted page and the app say the same.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        lead: String,
    },
    Linked(Box<RecordView>),
}

/// Fields common to both views, in the manual's order, then the view-specific ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordView {
    pub status: HoldingStatus,
    /// 「登録情報 YYYY年MM月DD日時点」
    pub registered_on: NaiveDate,
    pub name: String,
    pub kana: String,
    /// 通称名
    pub alias_name: String,
    /// 旧姓名
    pub former_name: String,
    pub birth_date: NaiveDate,
    pub address: String,
    pub detail: RecordDetail,
    /// Present while the renewal window is open (licence holders only).
    pub renewal: Option<RenewalNotice>,
    /// Which entries of the 「手続き」 list this person may use.
    pub procedures: Procedures,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RecordDetail {
    License(LicenseDetail),
    History(HistoryDetail),
}

/// The licence-only fields (after 保有状況 and 顔写真).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseDetail {
    pub color: ColorClass,
    /// 免許情報記録の有効期間 (「…まで」)
    pub valid_until: NaiveDate,
    /// 免許情報記録番号, 12 digits
    pub number: String,
    /// 取得済免許 種類
    pub kinds: Vec<String>,
    /// 免許の年月日（二・小・原）
    pub date_two_small_moped: Option<NaiveDate>,
    /// 免許の年月日（他）
    pub date_other: Option<NaiveDate>,
    /// 免許の年月日（二種）
    pub date_second_class: Option<NaiveDate>,
    /// 免許の条件
    pub conditions: Vec<String>,
    /// 備考
    pub remarks: Vec<String>,
}

/// The driving-history fields (運転経歴区分 itself is fetched separately).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryDetail {
    /// 運転経歴情報記録年月日
    pub recorded_on: NaiveDate,
    /// 運転経歴情報記録番号, 12 digits
    pub number: String,
    /// 取得していた免許 種類
    pub kinds: Vec<String>,
    pub date_two_small_moped: Option<NaiveDate>,
    pub date_other: Option<NaiveDate>,
    pub date_second_class: Option<NaiveDate>,
    pub remarks: Vec<String>,
}

/// Availability of the 「手続き」 entries, computed by [`crate::eligibility`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedures {
    pub lecture: bool,
    pub honseki: bool,
    pub onestop: bool,
}

/// `GET /api/license/honseki`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HonsekiValue {
    pub honseki: String,
}

/// `GET /api/license/history-class`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryClassValue {
    pub history_class: String,
}

/// 「第012345678900号」
pub fn record_number_text(number: &str) -> String {
    format!("第{number}号")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_text() {
        assert_eq!(record_number_text("012345678900"), "第012345678900号");
    }

    #[test]
    fn unlinked_response_is_tagged() {
        let r = LicenseResponse::Unlinked {
            status: HoldingStatus::PlasticLicenseOnly,
            can_link: false,
            lead: String::new(),
        };
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, r#"{"state":"unlinked","status":"plastic_license_only","can_link":false}"#);
        assert_eq!(serde_json::from_str::<LicenseResponse>(&json).unwrap(), r);
        let r =
            LicenseResponse::Unlinked { status: HoldingStatus::MynaLicenseOnly, can_link: true, lead: "連携".into() };
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, r#"{"state":"unlinked","status":"myna_license_only","can_link":true,"lead":"連携"}"#);
        assert_eq!(serde_json::from_str::<LicenseResponse>(&json).unwrap(), r);
    }
}
