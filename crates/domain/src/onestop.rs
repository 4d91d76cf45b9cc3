//! 住所変更ワンストップサービス等 (manual 3章③, SPEC §4.7): the three consent items
//! (住所・氏名・生年月日), the 10-year validity counted from the processing date, the canonical
//! documents the signing key signs, and the wire types of `/api/onestop`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::card::SignedChallenge;
use crate::dates::add_months;
use crate::document::{self, has_control, DocumentError};

/// A consent is valid for 10 years from the day it is processed; renewing restarts it.
pub const CONSENT_YEARS: i32 = 10;

/// The last day of a consent processed on `processed_on` (2026-12-15 → 2036-12-15).
pub fn consent_expires_on(processed_on: NaiveDate) -> NaiveDate {
    add_months(processed_on, 12 * CONSENT_YEARS)
}

/// One of the three items whose changes the service forwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentItem {
    Address,
    Name,
    BirthDate,
}

impl ConsentItem {
    /// In the manual's order: 住所, 氏名, 生年月日.
    pub const ALL: [ConsentItem; 3] = [Self::Address, Self::Name, Self::BirthDate];

    pub fn label(self) -> &'static str {
        match self {
            Self::Address => "住所",
            Self::Name => "氏名",
            Self::BirthDate => "生年月日",
        }
    }

    /// Stable identifier (HTML ids, radio names).
    pub fn code(self) -> &'static str {
        match self {
            Self::Address => "address",
            Self::Name => "name",
            Self::BirthDate => "birth_date",
        }
    }
}

/// Which items are consented to (同意済) — or, in a selection, chosen 「同意する」.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentItems {
    pub address: bool,
    pub name: bool,
    pub birth_date: bool,
}

impl ConsentItems {
    pub const NONE: ConsentItems = ConsentItems { address: false, name: false, birth_date: false };

    pub fn get(&self, item: ConsentItem) -> bool {
        match item {
            ConsentItem::Address => self.address,
            ConsentItem::Name => self.name,
            ConsentItem::BirthDate => self.birth_date,
        }
    }

    pub fn set(&mut self, item: ConsentItem, value: bool) {
        match item {
            ConsentItem::Address => self.address = value,
            ConsentItem::Name => self.name = value,
            ConsentItem::BirthDate => self.birth_date = value,
        }
    }

    pub fn with(mut self, item: ConsentItem, value: bool) -> Self {
        self.set(item, value);
        self
    }

    /// At least one 「同意する」: the rule for 「利用を開始」.
    pub fn any(&self) -> bool {
        self.address || self.name || self.birth_date
    }

    /// The consented items, in the manual's order.
    pub fn consented(self) -> impl Iterator<Item = ConsentItem> {
        ConsentItem::ALL.into_iter().filter(move |i| self.get(*i))
    }
}

/// 「同意済」 / 「未同意」, verbatim from the manual's tables.
pub fn consent_label(consented: bool) -> &'static str {
    if consented {
        "同意済"
    } else {
        "未同意"
    }
}

/// A person's stored consent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub items: ConsentItems,
    /// 同意日: the processing date.
    pub consented_on: NaiveDate,
    /// 有効期限: the last day it is valid.
    pub expires_on: NaiveDate,
}

impl Consent {
    pub fn is_valid_on(&self, today: NaiveDate) -> bool {
        today <= self.expires_on
    }

    /// What is in force today: nothing once the consent has expired.
    pub fn items_on(&self, today: NaiveDate) -> ConsentItems {
        if self.is_valid_on(today) {
            self.items
        } else {
            ConsentItems::NONE
        }
    }
}

/// The three one-stop procedures whose steps each have their own URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnestopFlow {
    /// 利用開始
    Start,
    /// 同意有効期間の更新（同意項目の変更）
    Renew,
    /// 利用解除
    Cancel,
}

impl OnestopFlow {
    pub const ALL: [OnestopFlow; 3] = [Self::Start, Self::Renew, Self::Cancel];

    pub fn code(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Renew => "renew",
            Self::Cancel => "cancel",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The kind of application it submits.
    pub fn kind(self) -> crate::applications::ApplicationKind {
        match self {
            Self::Start | Self::Renew => crate::applications::ApplicationKind::OnestopConsent,
            Self::Cancel => crate::applications::ApplicationKind::OnestopConsentCancel,
        }
    }
}

/// `GET /api/onestop/steps/{flow}`: what the steps so far gave the server (kept against the
/// session for ten minutes, so a reload keeps the step), and the newest application of the
/// flow's kind (the completion screen after a reload).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnestopSteps {
    /// The terms were read to the end and agreed to.
    pub terms_agreed: bool,
    /// The items chosen on 「…利用同意項目選択」, once chosen.
    pub items: Option<ConsentItems>,
    pub latest: Option<crate::applications::ApplicationSummary>,
}

/// `GET /api/onestop`: the 「現在の状況」 of the logged-in person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnestopStatus {
    /// 「※令和N年M月D日 HH:MM時点」: the business clock when answered.
    pub as_of: DateTime<Utc>,
    /// The items in force now (all 未同意 without a consent or after it expired).
    pub items: ConsentItems,
    /// 同意日 of the last consent, if there is one.
    pub consented_on: Option<NaiveDate>,
    /// 有効期限 of the last consent, if there is one.
    pub expires_on: Option<NaiveDate>,
    /// The last consent's 有効期限 has passed.
    pub expired: bool,
    /// Start and renew are open to this holding status (SPEC §3); status and cancel always are.
    pub can_start: bool,
    /// A consent or cancel application is 受付済 or 処理中.
    pub pending: bool,
}

/// `POST /api/onestop/consent/challenge`: the items chosen on 「同意項目選択」.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentSelection {
    pub items: ConsentItems,
}

/// `POST /api/onestop/consent` (with an `Idempotency-Key`): the signed selection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedConsent {
    /// The answer to `POST /api/onestop/consent/challenge`.
    #[serde(flatten)]
    pub signed: SignedChallenge,
    /// The items signed for (must be the ones in the signed document).
    pub items: ConsentItems,
}

/// `POST /api/demo/jlis-change` (demo mode only): the municipality changed a person's basic
/// information and J-LIS forwards it; only the consented items reach the licence record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JlisChange {
    pub person: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
}

/// The answer to [`JlisChange`]: 202, the worker applies it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JlisChangeReceipt {
    pub id: String,
}

/// The longest 住所 / 氏名 a change may carry, in characters.
pub const ADDRESS_MAX: usize = 100;
pub const NAME_MAX: usize = 40;

/// Why a J-LIS change is refused, in Japanese (nothing is stored then).
pub fn check_change(change: &JlisChange, today: NaiveDate) -> Result<(), &'static str> {
    let text_ok = |s: &str, max: usize| {
        let t = s.trim();
        !t.is_empty() && t.chars().count() <= max && !has_control(t)
    };
    if change.address.is_none() && change.name.is_none() && change.birth_date.is_none() {
        return Err("変更する項目（住所・氏名・生年月日）を1つ以上入力してください。");
    }
    if change.address.as_deref().is_some_and(|a| !text_ok(a, ADDRESS_MAX)) {
        return Err("住所は1～100文字で入力してください。");
    }
    if change.name.as_deref().is_some_and(|n| !text_ok(n, NAME_MAX)) {
        return Err("氏名は1～40文字で入力してください。");
    }
    if let Some(b) = change.birth_date {
        let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date");
        if b < earliest || b > today {
            return Err("生年月日は1900年1月1日から今日までの日付で入力してください。");
        }
    }
    Ok(())
}

// ---- The documents the signing key signs ----

/// First line of the consent document.
pub const CONSENT_DOCUMENT_TITLE: &str = "住所変更ワンストップサービス等利用同意申請";
/// First line of the cancellation document.
pub const CANCEL_DOCUMENT_TITLE: &str = "住所変更ワンストップサービス等利用同意解除申請";
/// The terms the person agreed to, named in both documents.
pub const TERMS_VERSION: &str = "住所変更ワンストップサービス等利用規約（2026年12月版）";

const AGREE: &str = "同意する";
const DISAGREE: &str = "同意しない";
const TERMS: &str = "利用規約";
const APPLICANT: &str = "申請者";
const AT: &str = "申請日時";
const NONCE: &str = "確認番号";
const CANCELLED_ITEMS: &str = "解除する項目";
const ALL_ITEMS: &str = "住所・氏名・生年月日（すべて）";
/// The consent document's labels: the items' own labels (住所, 氏名, 生年月日) in the middle.
const CONSENT_LABELS: [&str; 7] = [TERMS, APPLICANT, "住所", "氏名", "生年月日", AT, NONCE];
const CANCEL_LABELS: [&str; 5] = [TERMS, APPLICANT, CANCELLED_ITEMS, AT, NONCE];

/// The consent application as signed and stored: one line per item, 「住所：同意する」, in
/// the shared signed-document form ([`crate::document`]): exactly one reading.
pub fn consent_document(applicant: &str, items: ConsentItems, at: &str, nonce: &str) -> Result<String, DocumentError> {
    let choice = |item| if items.get(item) { AGREE } else { DISAGREE };
    let [address, name, birth_date] = ConsentItem::ALL.map(choice);
    let values = [TERMS_VERSION, applicant, address, name, birth_date, at, nonce];
    let fields: Vec<(&'static str, &str)> = CONSENT_LABELS.into_iter().zip(values).collect();
    document::render(CONSENT_DOCUMENT_TITLE, &fields)
}

/// The items of a consent document; `None` unless it is exactly one.
pub fn parse_consent_document(doc: &str) -> Option<ConsentItems> {
    let v = document::parse(doc, CONSENT_DOCUMENT_TITLE, &CONSENT_LABELS)?;
    let mut items = ConsentItems::NONE;
    for (item, value) in ConsentItem::ALL.into_iter().zip(&v[2..5]) {
        let consented = match *value {
            AGREE => true,
            DISAGREE => false,
            _ => return None,
        };
        items.set(item, consented);
    }
    Some(items)
}

/// The cancellation as signed and stored.
pub fn cancel_document(applicant: &str, at: &str, nonce: &str) -> Result<String, DocumentError> {
    let values = [TERMS_VERSION, applicant, ALL_ITEMS, at, nonce];
    let fields: Vec<(&'static str, &str)> = CANCEL_LABELS.into_iter().zip(values).collect();
    document::render(CANCEL_DOCUMENT_TITLE, &fields)
}

/// Exactly a cancellation document (of every item: the only kind there is).
pub fn is_cancel_document(doc: &str) -> bool {
    document::parse(doc, CANCEL_DOCUMENT_TITLE, &CANCEL_LABELS).is_some_and(|v| v[2] == ALL_ITEMS)
}

/// **[rule]** A consent (start or renew) takes effect when the licence system has processed
/// the application, which may take up to this many days; only changes the municipality makes
/// after that, while the signing certificate is valid, are applied. A consent whose signing
/// certificate ends before then could never apply one, so it is refused (issue 30).
pub const CONSENT_CERT_MARGIN_DAYS: u64 = 30;

/// Can a consent applied for on `today` still apply a change before the signing certificate
/// valid until `cert_until` expires?
pub fn cert_outlasts_first_change(cert_until: NaiveDate, today: NaiveDate) -> bool {
    today.checked_add_days(chrono::Days::new(CONSENT_CERT_MARGIN_DAYS)).is_some_and(|first| first <= cert_until)
}

/// Why such a start is refused, and what to do.
pub fn cert_too_short_message(cert_until: NaiveDate) -> String {
    format!(
        "マイナンバーカードの署名用電子証明書の有効期限（{}）までに、同意が反映されて変更が自動で反映されるようになる見込みがないため、利用開始（同意有効期間の更新）の手続きはできません。住民票のある市区町村の窓口で署名用電子証明書を更新してから、手続きしてください。",
        crate::dates::western(cert_until)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_consent_needs_a_certificate_that_outlasts_its_processing() {
        let until = NaiveDate::from_ymd_opt(2030, 3, 31).unwrap();
        assert!(cert_outlasts_first_change(until, NaiveDate::from_ymd_opt(2030, 3, 1).unwrap()));
        assert!(!cert_outlasts_first_change(until, NaiveDate::from_ymd_opt(2030, 3, 2).unwrap()));
        assert!(cert_too_short_message(until).contains("2030年03月31日"));
    }
    use crate::wareki::wareki;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ten_years_from_the_processing_date() {
        assert_eq!(consent_expires_on(d(2023, 4, 1)), d(2033, 4, 1));
        assert_eq!(consent_expires_on(d(2026, 12, 15)), d(2036, 12, 15));
        // 29 February: the last day of February ten years on.
        assert_eq!(consent_expires_on(d(2024, 2, 29)), d(2034, 2, 28));
    }

    #[test]
    fn consent_dates_in_the_japanese_era() {
        // taro's seeded consent (SPEC §5).
        assert_eq!(wareki(d(2023, 4, 1)), "令和5年4月1日");
        assert_eq!(wareki(consent_expires_on(d(2023, 4, 1))), "令和15年4月1日");
        // Processed in 平成, expiring in 令和 — in its first year (元年) and beyond.
        assert_eq!(wareki(d(2009, 5, 1)), "平成21年5月1日");
        assert_eq!(wareki(consent_expires_on(d(2009, 5, 1))), "令和元年5月1日");
        assert_eq!(wareki(consent_expires_on(d(2009, 4, 30))), "平成31年4月30日");
        assert_eq!(wareki(consent_expires_on(d(2009, 12, 31))), "令和元年12月31日");
        assert_eq!(wareki(consent_expires_on(d(2010, 1, 1))), "令和2年1月1日");
        // Processed on the first day of 令和.
        assert_eq!(wareki(d(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(wareki(consent_expires_on(d(2019, 5, 1))), "令和11年5月1日");
    }

    #[test]
    fn an_expired_consent_is_no_consent() {
        let c = Consent {
            items: ConsentItems { address: true, name: true, birth_date: false },
            consented_on: d(2023, 4, 1),
            expires_on: d(2033, 4, 1),
        };
        assert!(c.is_valid_on(d(2033, 4, 1)));
        assert_eq!(c.items_on(d(2033, 4, 1)), c.items);
        assert!(!c.is_valid_on(d(2033, 4, 2)));
        assert_eq!(c.items_on(d(2033, 4, 2)), ConsentItems::NONE);
    }

    #[test]
    fn items_and_labels() {
        assert_eq!(ConsentItem::ALL.map(|i| i.label()), ["住所", "氏名", "生年月日"]);
        assert_eq!((consent_label(true), consent_label(false)), ("同意済", "未同意"));
        let items = ConsentItems::NONE.with(ConsentItem::BirthDate, true);
        assert!(items.any() && !ConsentItems::NONE.any());
        assert_eq!(items.consented().collect::<Vec<_>>(), [ConsentItem::BirthDate]);
        let v = serde_json::to_value(items).unwrap();
        assert_eq!(v, serde_json::json!({ "address": false, "name": false, "birth_date": true }));
    }

    #[test]
    fn consent_documents_round_trip() {
        assert_eq!(CONSENT_LABELS[2..5], ConsentItem::ALL.map(|i| i.label()), "the items' own labels");
        for bits in 0..8u8 {
            let items = ConsentItems { address: bits & 1 != 0, name: bits & 2 != 0, birth_date: bits & 4 != 0 };
            let doc = consent_document("免許 太郎", items, "令和8年12月15日 10:00", "0123abcd").unwrap();
            assert_eq!(parse_consent_document(&doc), Some(items), "{doc}");
            assert!(!is_cancel_document(&doc));
        }
        let doc = consent_document("免許 太郎", ConsentItems::NONE.with(ConsentItem::Address, true), "t", "n").unwrap();
        assert_eq!(
            doc,
            format!(
                "{CONSENT_DOCUMENT_TITLE}\n利用規約：{TERMS_VERSION}\n申請者：免許 太郎\n住所：同意する\n氏名：同意しない\n生年月日：同意しない\n申請日時：t\n確認番号：n"
            )
        );
    }

    #[test]
    fn other_documents_are_not_consents() {
        assert_eq!(parse_consent_document("{}"), None);
        assert_eq!(parse_consent_document(""), None);
        let full = consent_document("x", ConsentItems::NONE, "t", "n").unwrap();
        assert_eq!(parse_consent_document(&full.replace("\n氏名：同意しない", "")), None, "an item missing");
        assert_eq!(parse_consent_document(&full.replace("氏名：同意しない", "氏名：たぶん")), None);
        assert_eq!(parse_consent_document(&format!("{full}\n住所：同意する")), None, "an item twice");
        let cancel = cancel_document("免許 太郎", "t", "n").unwrap();
        assert!(is_cancel_document(&cancel));
        assert_eq!(parse_consent_document(&cancel), None);
        assert!(!is_cancel_document(&format!("{cancel}\n解除する項目：住所")));
        assert!(!is_cancel_document(&cancel.replace("（すべて）", "")));
    }

    /// The attempt: a name that carries item lines of its own. The old reading skipped
    /// lines it did not know and took the items wherever they stood; now no such document
    /// is written, and none is read.
    #[test]
    fn an_applicant_cannot_pose_as_an_item() {
        let posing = "免許 太郎\n住所：同意する\n氏名：同意する\n生年月日：同意する\n申請日時：t\n確認番号：n\n備考";
        assert_eq!(
            consent_document(posing, ConsentItems::NONE, "t", "n"),
            Err(DocumentError::ControlCharacter("申請者"))
        );
        assert!(cancel_document("免許\u{2028}太郎", "t", "n").is_err());
        let forged = format!("{CONSENT_DOCUMENT_TITLE}\n利用規約：{TERMS_VERSION}\n申請者：{posing}\n住所：同意しない\n氏名：同意しない\n生年月日：同意しない\n申請日時：t\n確認番号：n");
        assert_eq!(parse_consent_document(&forged), None);
    }

    /// 住所 up to 100 characters, 氏名 up to 40: characters, not bytes, and the limit itself
    /// is accepted. Spaces around a value do not count (the server stores it trimmed).
    #[test]
    fn name_and_address_lengths_at_their_limits() {
        let today = d(2026, 12, 15);
        let change = |address: Option<String>, name: Option<String>| JlisChange {
            person: "taro".into(),
            address,
            name,
            birth_date: None,
        };
        let address = |n| change(Some("あ".repeat(n)), None);
        let name = |n| change(None, Some("名".repeat(n)));
        assert_eq!((ADDRESS_MAX, NAME_MAX), (100, 40));
        assert_eq!(check_change(&address(100), today), Ok(()));
        assert_eq!(check_change(&address(101), today), Err("住所は1～100文字で入力してください。"));
        assert_eq!(check_change(&name(40), today), Ok(()));
        assert_eq!(check_change(&name(41), today), Err("氏名は1～40文字で入力してください。"));
        assert_eq!(check_change(&change(Some(format!(" {} ", "あ".repeat(100))), None), today), Ok(()));
        assert_eq!(check_change(&change(None, Some(String::new())), today), Err("氏名は1～40文字で入力してください。"));
    }

    #[test]
    fn changes_are_checked() {
        let today = d(2026, 12, 15);
        let change = |address: Option<&str>, name: Option<&str>, birth: Option<NaiveDate>| JlisChange {
            person: "taro".into(),
            address: address.map(str::to_string),
            name: name.map(str::to_string),
            birth_date: birth,
        };
        assert!(check_change(&change(Some("東京都千代田区霞が関二丁目1番2号"), None, None), today).is_ok());
        assert!(check_change(&change(None, Some("免許 次郎"), Some(d(1996, 1, 2))), today).is_ok());
        assert!(check_change(&change(None, None, None), today).is_err());
        assert!(check_change(&change(Some("  "), None, None), today).is_err());
        assert!(check_change(&change(None, Some("免許\n太郎"), None), today).is_err());
        assert!(check_change(&change(None, None, Some(d(2026, 12, 15))), today).is_ok(), "today itself");
        assert!(check_change(&change(None, None, Some(d(1900, 1, 1))), today).is_ok());
        assert!(check_change(&change(None, Some("免許\u{2028}太郎"), None), today).is_err());
        assert!(check_change(&change(Some("東京都\t千代田区"), None, None), today).is_err());
        assert!(check_change(&change(None, None, Some(d(2026, 12, 16))), today).is_err());
        assert!(check_change(&change(None, None, Some(d(1899, 12, 31))), today).is_err());
    }
}
