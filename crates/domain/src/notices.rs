//! お知らせ (SPEC §4.10, manual 3章④): the kinds of notice with their verbatim titles,
//! the rules for the time-based ones, and the wire types of `/api/notices`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::applications::ApplicationKind;
use crate::dates::add_months;
use crate::eligibility::renewal_window;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// 免許証等の有効期限の接近について (time-based, once per expiry date)
    LicenseExpiry,
    /// 本籍のオンライン変更の処理結果について
    HonsekiResult,
    /// オンライン講習の受講完了について
    LectureCompleted,
    /// 利用同意申請の処理結果について (住所変更ワンストップサービス等)
    OnestopConsentResult,
    /// 同意の有効期限の接近について (time-based, once per consent expiry date)
    OnestopConsentExpiry,
    /// 同意項目（住所・氏名・生年月日）の変更の処理結果について
    OnestopItemsChangeResult,
    /// Demo mode only: the result of a demo application.
    DemoResult,
    /// 署名用電子証明書の有効期限の接近について (the portal's own, issue 30: three months and
    /// one month before the signing certificate expires, once each)
    SigningCertExpiry,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 8] = [
        Self::LicenseExpiry,
        Self::HonsekiResult,
        Self::LectureCompleted,
        Self::OnestopConsentResult,
        Self::OnestopConsentExpiry,
        Self::OnestopItemsChangeResult,
        Self::DemoResult,
        Self::SigningCertExpiry,
    ];

    /// The notice's title, verbatim from the manual (3章④ 〈お知らせ通知の一例〉).
    pub fn title(self) -> &'static str {
        match self {
            Self::LicenseExpiry => "免許証等の有効期限の接近について",
            Self::HonsekiResult => "本籍のオンライン変更の処理結果について",
            Self::LectureCompleted => "オンライン講習の受講完了について",
            Self::OnestopConsentResult => "利用同意申請の処理結果について",
            Self::OnestopConsentExpiry => "同意の有効期限の接近について",
            Self::OnestopItemsChangeResult => "同意項目（住所・氏名・生年月日）の変更の処理結果について",
            Self::DemoResult => "デモ申請の処理結果について",
            Self::SigningCertExpiry => "署名用電子証明書の有効期限の接近について",
        }
    }

    /// Stable identifier used in the database.
    pub fn code(self) -> &'static str {
        match self {
            Self::LicenseExpiry => "license_expiry",
            Self::HonsekiResult => "honseki_result",
            Self::LectureCompleted => "lecture_completed",
            Self::OnestopConsentResult => "onestop_consent_result",
            Self::OnestopConsentExpiry => "onestop_consent_expiry",
            Self::OnestopItemsChangeResult => "onestop_items_change_result",
            Self::DemoResult => "demo_result",
            Self::SigningCertExpiry => "signing_cert_expiry",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// The line under a notice's title in the list (`NoticeSummary::about`): the procedure and
/// 受付番号 of the application it answers, otherwise what the notice concerns.
pub fn about(kind: NoticeKind, application: Option<(ApplicationKind, &str)>) -> String {
    if let Some((procedure, receipt_no)) = application {
        return format!("{}（受付番号 {receipt_no}）", procedure.label());
    }
    match kind {
        NoticeKind::LicenseExpiry => "運転免許証等の更新".into(),
        NoticeKind::OnestopConsentExpiry => "住所変更ワンストップサービス等の利用同意".into(),
        NoticeKind::OnestopItemsChangeResult => "マイナンバーカードの住所・氏名・生年月日の変更".into(),
        NoticeKind::SigningCertExpiry => "マイナンバーカードの署名用電子証明書".into(),
        other => other.title().into(),
    }
}

/// 「免許証等の有効期限の接近について」 is due while the renewal window of the licence of a
/// person born on `birth` that expires on `expiry` is open (the licence page's window).
pub fn license_expiry_due(birth: NaiveDate, expiry: NaiveDate, today: NaiveDate) -> bool {
    let (opens, closes) = renewal_window(birth, expiry);
    opens <= today && today <= closes
}

/// **[rule]** 「同意の有効期限の接近について」 is sent from three months before the one-stop
/// consent's 有効期限 up to that day.
pub const CONSENT_EXPIRY_NOTICE_MONTHS: i32 = 3;

/// The days on which the consent-expiry notice is due for a consent valid until `expires_on`.
pub fn consent_expiry_window(expires_on: NaiveDate) -> (NaiveDate, NaiveDate) {
    (add_months(expires_on, -CONSENT_EXPIRY_NOTICE_MONTHS), expires_on)
}

pub fn consent_expiry_due(expires_on: NaiveDate, today: NaiveDate) -> bool {
    let (opens, closes) = consent_expiry_window(expires_on);
    opens <= today && today <= closes
}

/// **[rule]** 「署名用電子証明書の有効期限の接近について」 is sent three months and again one
/// month before the signing certificate's last day (the portal's own notice: the manual has
/// none, but the one-stop service silently stops applying changes once it has expired).
pub const SIGNING_EXPIRY_NOTICE_MONTHS: [i32; 2] = [3, 1];

/// The signing-certificate notice due on `today` for a certificate valid until `until`: the
/// day it became due (its period, so each is sent once), the latest of the two not after
/// today; `None` before the first or after the certificate's last day.
pub fn signing_expiry_notice_due(until: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    if today > until {
        return None;
    }
    SIGNING_EXPIRY_NOTICE_MONTHS.iter().map(|m| add_months(until, -m)).filter(|from| *from <= today).max()
}

/// The notice's text: the last day, what stops after it, and what to do.
pub fn signing_expiry_body(until: NaiveDate) -> String {
    format!(
        "マイナンバーカードの署名用電子証明書の有効期限は{}です。\n有効期限を過ぎると、住所変更ワンストップサービス等による住所・氏名・生年月日の変更が運転免許（運転経歴）の情報に反映されなくなります（同意は残りますが、変更は運転免許センター等への届出が必要です）。本籍のオンライン変更の申請など、電子署名が必要な手続きもできなくなります。\n署名用電子証明書の更新は、住民票のある市区町村の窓口で行えます。",
        crate::dates::western(until)
    )
}

/// One row of `GET /api/notices` (newest first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeSummary {
    pub id: String,
    pub kind: NoticeKind,
    pub title: String,
    /// What the notice is about, beside its title: the application it answers (its
    /// procedure and 受付番号), or the licence or consent a time-based notice concerns.
    pub about: String,
    pub created_at: DateTime<Utc>,
    pub unread: bool,
}

/// `GET /api/notices/{id}` (reading it marks it read).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeDetail {
    pub id: String,
    pub kind: NoticeKind,
    pub title: String,
    /// Plain text; one paragraph per line.
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    /// The application whose result this notice announces.
    pub application_id: Option<String>,
}

/// `GET /api/notices/unread-count`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnreadCount {
    pub unread: u32,
}

/// The bell's accessible name: 「お知らせ」, or 「お知らせ 未読2件」 when some are unread.
pub fn bell_label(unread: u32) -> String {
    if unread == 0 {
        "お知らせ".to_string()
    } else {
        format!("お知らせ 未読{unread}件")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_say_what_they_are_about() {
        let about_result =
            about(NoticeKind::OnestopConsentResult, Some((ApplicationKind::OnestopConsent, "1234-5678-9015")));
        assert_eq!(about_result, "住所変更ワンストップサービス等利用同意（受付番号 1234-5678-9015）");
        assert_eq!(about(NoticeKind::LicenseExpiry, None), "運転免許証等の更新");
        assert_ne!(about(NoticeKind::OnestopConsentExpiry, None), about(NoticeKind::OnestopItemsChangeResult, None));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn titles_are_the_manuals() {
        let titles: Vec<&str> = NoticeKind::ALL.iter().take(6).map(|k| k.title()).collect();
        assert_eq!(
            titles,
            [
                "免許証等の有効期限の接近について",
                "本籍のオンライン変更の処理結果について",
                "オンライン講習の受講完了について",
                "利用同意申請の処理結果について",
                "同意の有効期限の接近について",
                "同意項目（住所・氏名・生年月日）の変更の処理結果について",
            ]
        );
        for k in NoticeKind::ALL {
            assert_eq!(NoticeKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn signing_expiry_notices_come_three_months_and_one_month_before() {
        let until = d(2030, 3, 31);
        assert_eq!(signing_expiry_notice_due(until, d(2029, 12, 30)), None);
        assert_eq!(signing_expiry_notice_due(until, d(2029, 12, 31)), Some(d(2029, 12, 31)));
        assert_eq!(signing_expiry_notice_due(until, d(2030, 2, 27)), Some(d(2029, 12, 31)));
        assert_eq!(signing_expiry_notice_due(until, d(2030, 2, 28)), Some(d(2030, 2, 28)));
        assert_eq!(signing_expiry_notice_due(until, d(2030, 3, 31)), Some(d(2030, 2, 28)));
        assert_eq!(signing_expiry_notice_due(until, d(2030, 4, 1)), None);
        let body = signing_expiry_body(until);
        assert!(body.contains("2030年03月31日") && body.contains("反映されなくなります"), "{body}");
    }

    #[test]
    fn licence_expiry_notice_follows_the_renewal_window() {
        // 免許 太郎: born 1996-01-01, expiry 2027-02-01, window 2026-12-01 … 2027-02-01.
        let (birth, expiry) = (d(1996, 1, 1), d(2027, 2, 1));
        assert!(!license_expiry_due(birth, expiry, d(2026, 11, 30)));
        assert!(license_expiry_due(birth, expiry, d(2026, 12, 1)));
        assert!(license_expiry_due(birth, expiry, d(2026, 12, 15)));
        assert!(license_expiry_due(birth, expiry, d(2027, 2, 1)));
        assert!(!license_expiry_due(birth, expiry, d(2027, 2, 2)));
        // Born on 31 January: due from 31 December, not from 28 December.
        let (birth, expiry) = (d(1990, 1, 31), d(2027, 2, 28));
        assert!(!license_expiry_due(birth, expiry, d(2026, 12, 30)));
        assert!(license_expiry_due(birth, expiry, d(2026, 12, 31)));
    }

    #[test]
    fn consent_expiry_notice_starts_three_months_before() {
        // 免許 太郎's consent: 有効期限 令和15年4月1日 = 2033-04-01.
        let expires = d(2033, 4, 1);
        assert_eq!(consent_expiry_window(expires), (d(2033, 1, 1), expires));
        assert!(!consent_expiry_due(expires, d(2026, 12, 15)), "nothing at the default demo clock");
        assert!(!consent_expiry_due(expires, d(2032, 12, 31)));
        assert!(consent_expiry_due(expires, d(2033, 1, 1)));
        assert!(consent_expiry_due(expires, d(2033, 4, 1)));
        assert!(!consent_expiry_due(expires, d(2033, 4, 2)));
    }

    /// Three months before a month's last day is the last day of a shorter month.
    #[test]
    fn consent_expiry_window_across_month_ends() {
        for (expires, opens) in [
            (d(2033, 5, 31), d(2033, 2, 28)),
            (d(2032, 5, 31), d(2032, 2, 29)),
            (d(2033, 3, 1), d(2032, 12, 1)),
            (d(2033, 2, 28), d(2032, 11, 28)),
            (d(2033, 11, 30), d(2033, 8, 30)),
            (d(2033, 12, 31), d(2033, 9, 30)),
            (d(2034, 2, 28), d(2033, 11, 28)),
        ] {
            assert_eq!(consent_expiry_window(expires), (opens, expires));
            assert!(consent_expiry_due(expires, opens), "{expires}: due on {opens}");
            assert!(!consent_expiry_due(expires, opens.pred_opt().unwrap()), "{expires}: not before {opens}");
            assert!(consent_expiry_due(expires, expires) && !consent_expiry_due(expires, expires.succ_opt().unwrap()));
        }
    }

    #[test]
    fn bell_label_says_the_count() {
        assert_eq!(bell_label(0), "お知らせ");
        assert_eq!(bell_label(2), "お知らせ 未読2件");
    }
}
