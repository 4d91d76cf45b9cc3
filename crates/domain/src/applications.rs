//! Applications (申請) and their processing status (SPEC §4.10, §6): what later flows
//! submit (本籍のオンライン変更, 住所変更ワンストップサービス等, オンライン講習), the status
//! each one passes through, and the wire types of `/api/applications`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::eligibility::Service;
use crate::notices::NoticeKind;

/// What is being applied for. A closed list: the server refuses any other kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationKind {
    /// 本籍のオンライン変更 (manual 3章②)
    HonsekiChange,
    /// 住所変更ワンストップサービス等利用同意 (start, renew or change the consent items)
    OnestopConsent,
    /// 住所変更ワンストップサービス等利用同意解除
    OnestopConsentCancel,
    /// オンライン講習 (the completed lecture, recorded against the licence)
    OnlineLecture,
    /// Demo mode only: an application with no effect, to exercise the worker.
    Demo,
}

impl ApplicationKind {
    pub const ALL: [ApplicationKind; 5] =
        [Self::HonsekiChange, Self::OnestopConsent, Self::OnestopConsentCancel, Self::OnlineLecture, Self::Demo];

    /// The procedure's name as the screens show it.
    pub fn label(self) -> &'static str {
        match self {
            Self::HonsekiChange => "本籍のオンライン変更",
            Self::OnestopConsent => "住所変更ワンストップサービス等利用同意",
            Self::OnestopConsentCancel => "住所変更ワンストップサービス等利用同意解除",
            Self::OnlineLecture => "オンライン講習",
            Self::Demo => "デモ申請",
        }
    }

    /// Stable identifier used in the database and the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::HonsekiChange => "honseki_change",
            Self::OnestopConsent => "onestop_consent",
            Self::OnestopConsentCancel => "onestop_consent_cancel",
            Self::OnlineLecture => "online_lecture",
            Self::Demo => "demo",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The SPEC §3 service whose table row decides who may submit this kind
    /// (`None` for the demo kind, which only demo mode accepts).
    pub fn service(self) -> Option<Service> {
        match self {
            Self::HonsekiChange => Some(Service::HonsekiChange),
            Self::OnestopConsent => Some(Service::OnestopStart),
            Self::OnestopConsentCancel => Some(Service::OnestopStatusCancel),
            Self::OnlineLecture => Some(Service::Lecture),
            Self::Demo => None,
        }
    }

    /// The notice each result of this kind is announced with (SPEC §4.10 titles).
    pub fn result_notice(self) -> NoticeKind {
        match self {
            Self::HonsekiChange => NoticeKind::HonsekiResult,
            Self::OnestopConsent => NoticeKind::OnestopConsentResult,
            // 利用同意解除申請 is a 利用同意 application too; 「同意項目（住所・氏名・生年月日）の
            // 変更の処理結果について」 is kept for the changes J-LIS forwards (SPEC §4.7).
            Self::OnestopConsentCancel => NoticeKind::OnestopConsentResult,
            Self::OnlineLecture => NoticeKind::LectureCompleted,
            Self::Demo => NoticeKind::DemoResult,
        }
    }
}

/// 申請状況: 受付済 → 処理中 → 完了 / 却下, and 処理エラー when processing kept failing on
/// our side ([`MAX_PROCESSING_ATTEMPTS`]): the person is told, instead of a 処理中 that
/// never ends. On the wire it is the label itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ApplicationStatus {
    #[serde(rename = "受付済")]
    Accepted,
    #[serde(rename = "処理中")]
    Processing,
    #[serde(rename = "完了")]
    Completed,
    #[serde(rename = "却下")]
    Rejected,
    #[serde(rename = "処理エラー")]
    Failed,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 5] =
        [Self::Accepted, Self::Processing, Self::Completed, Self::Rejected, Self::Failed];

    /// Verbatim from the manual (「申請状況 受付済」).
    pub fn label(self) -> &'static str {
        match self {
            Self::Accepted => "受付済",
            Self::Processing => "処理中",
            Self::Completed => "完了",
            Self::Rejected => "却下",
            Self::Failed => "処理エラー",
        }
    }

    /// Stable identifier used in the database.
    pub fn code(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Processing => "processing",
            Self::Completed => "completed",
            Self::Rejected => "rejected",
            Self::Failed => "failed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// 完了, 却下 and 処理エラー are final: nothing happens to the application after them.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Rejected | Self::Failed)
    }

    /// The only moves the worker makes: 受付済 → 処理中 → 完了 / 却下.
    pub fn may_become(self, next: ApplicationStatus) -> bool {
        matches!(
            (self, next),
            (Self::Accepted, Self::Processing)
                | (Self::Processing, Self::Completed)
                | (Self::Processing, Self::Rejected)
                | (Self::Accepted, Self::Failed)
                | (Self::Processing, Self::Failed)
        )
    }
}

/// How many times the worker tries an application before it is 処理エラー.
pub const MAX_PROCESSING_ATTEMPTS: u32 = 5;

/// How long the worker waits before trying an application again after its `failures`-th
/// failed attempt (1, 2, …): 30 s, doubling, at most an hour — a fault that lasts gets
/// fewer tries, not a retry on every run for ever.
pub fn retry_delay_secs(failures: u32) -> i64 {
    let doublings = failures.saturating_sub(1).min(16);
    (30i64 << doublings).min(3600)
}

/// The longest idempotency key the server accepts.
pub const IDEMPOTENCY_KEY_MAX: usize = 128;
/// The largest canonical document the server accepts, in bytes.
pub const DOCUMENT_MAX: usize = 16 * 1024;

/// A submitted document is not blank and at most [`DOCUMENT_MAX`] bytes (UTF-8: a
/// Japanese character is three).
pub fn valid_document(document: &str) -> bool {
    !document.trim().is_empty() && document.len() <= DOCUMENT_MAX
}

/// An `Idempotency-Key` is 1–128 visible ASCII characters (a UUID fits; so does any token
/// a client makes up). The SPA makes one per confirmation screen, so a double tap sends it twice.
pub fn valid_idempotency_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= IDEMPOTENCY_KEY_MAX && key.bytes().all(|b| b.is_ascii_graphic())
}

/// 受付番号 as people read it: twelve digits in three groups of four (`1234-5678-9012`),
/// the last a Luhn check digit, so a digit misread on the phone to a call centre is caught.
/// The application's long id stays internal (URLs); this is what a person sees and quotes.
pub fn receipt_number(eleven_digits: u64) -> String {
    let body = format!("{:011}", eleven_digits % 100_000_000_000);
    let digits = format!("{body}{}", luhn_digit(&body));
    format!("{}-{}-{}", &digits[..4], &digits[4..8], &digits[8..])
}

/// Whether `text` is a receipt number this function could have made.
pub fn is_receipt_number(text: &str) -> bool {
    let digits: String = text.chars().filter(|c| *c != '-').collect();
    let grouped = text.len() == 14 && text.as_bytes()[4] == b'-' && text.as_bytes()[9] == b'-';
    grouped
        && digits.len() == 12
        && digits.bytes().all(|b| b.is_ascii_digit())
        && luhn_digit(&digits[..11]) == digits.as_bytes()[11] - b'0'
}

/// The Luhn check digit of a string of ASCII digits.
fn luhn_digit(body: &str) -> u8 {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// `POST /api/applications` (with an `Idempotency-Key` header).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitApplication {
    pub kind: ApplicationKind,
    /// The canonical document applied for (what a signature covers), as text.
    pub document: String,
}

/// The answer to a submission: 受付済 once it is durably stored. The same idempotency
/// key answers with the same application (its current status).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationReceipt {
    pub id: String,
    /// 受付番号 ([`receipt_number`]).
    pub receipt_no: String,
    pub kind: ApplicationKind,
    pub status: ApplicationStatus,
    pub submitted_at: DateTime<Utc>,
}

/// One row of `GET /api/applications` (newest first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub id: String,
    pub receipt_no: String,
    pub kind: ApplicationKind,
    pub status: ApplicationStatus,
    pub submitted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One step of an application's status history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEvent {
    pub status: ApplicationStatus,
    pub at: DateTime<Utc>,
}

/// `GET /api/applications/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDetail {
    pub id: String,
    pub receipt_no: String,
    pub kind: ApplicationKind,
    pub status: ApplicationStatus,
    pub submitted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// 却下 only: why.
    pub reject_reason: Option<String>,
    /// Oldest first: 受付済, then 処理中, then 完了 or 却下.
    pub history: Vec<StatusEvent>,
    /// The result's notice, once there is a result.
    pub notice_id: Option<String>,
    /// While unfinished: why it is taking long (an external system was unavailable at the
    /// last attempt; the worker tries again), as the problem the person reads — its stable
    /// `code` (`registry_unavailable`) and Japanese `detail` 「…しばらくしてから…」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<crate::api::Problem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_numbers_are_twelve_grouped_digits_with_a_check_digit() {
        let n = receipt_number(12_345_678_901);
        assert_eq!(n, "1234-5678-9015");
        assert!(is_receipt_number(&n));
        assert_eq!(receipt_number(7), "0000-0000-0075");
        // One digit misread, or two swapped, is caught.
        assert!(!is_receipt_number("1234-5678-9016"));
        assert!(!is_receipt_number("1234-5687-9015"));
        assert!(!is_receipt_number("123456789015"));
        assert!(!is_receipt_number("1234-5678-901x"));
        for seed in [0u64, 1, 99_999_999_999, 31_415_926_535] {
            assert!(is_receipt_number(&receipt_number(seed)), "{seed}");
        }
    }

    #[test]
    fn statuses_go_on_the_wire_as_their_labels() {
        for s in ApplicationStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::Value::String(s.label().into()));
            assert_eq!(ApplicationStatus::from_code(s.code()), Some(s));
        }
        assert_eq!(ApplicationStatus::ALL.map(|s| s.label()), ["受付済", "処理中", "完了", "却下", "処理エラー"]);
    }

    #[test]
    fn only_the_worker_path_is_allowed() {
        use ApplicationStatus::*;
        let allowed: Vec<(ApplicationStatus, ApplicationStatus)> = ApplicationStatus::ALL
            .into_iter()
            .flat_map(|a| ApplicationStatus::ALL.into_iter().map(move |b| (a, b)))
            .filter(|(a, b)| a.may_become(*b))
            .collect();
        assert_eq!(
            allowed,
            vec![
                (Accepted, Processing),
                (Accepted, Failed),
                (Processing, Completed),
                (Processing, Rejected),
                (Processing, Failed)
            ]
        );
        assert!(Completed.is_final() && Rejected.is_final() && Failed.is_final());
        assert!(!Accepted.is_final() && !Processing.is_final());
    }

    #[test]
    fn retries_back_off_to_an_hour() {
        let delays: Vec<i64> = (1..=9).map(retry_delay_secs).collect();
        assert_eq!(delays, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(retry_delay_secs(0), 30);
        assert_eq!(retry_delay_secs(u32::MAX), 3600);
    }

    #[test]
    fn kinds_round_trip_and_have_names() {
        for k in ApplicationKind::ALL {
            assert_eq!(ApplicationKind::from_code(k.code()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), serde_json::Value::String(k.code().into()));
            assert!(!k.label().is_empty());
        }
        assert_eq!(ApplicationKind::from_code("other"), None);
        assert_eq!(ApplicationKind::OnestopConsentCancel.label(), "住所変更ワンストップサービス等利用同意解除");
    }

    #[test]
    fn each_kind_announces_its_result_with_a_spec_title() {
        assert_eq!(ApplicationKind::HonsekiChange.result_notice().title(), "本籍のオンライン変更の処理結果について");
        assert_eq!(ApplicationKind::OnlineLecture.result_notice().title(), "オンライン講習の受講完了について");
        assert_eq!(ApplicationKind::OnestopConsent.result_notice().title(), "利用同意申請の処理結果について");
    }

    #[test]
    fn idempotency_keys() {
        assert!(valid_idempotency_key("3f2c9a4e-1b7d-4c55-9e0a-8d2f6b1c7e90"));
        assert!(valid_idempotency_key(&"k".repeat(IDEMPOTENCY_KEY_MAX)));
        assert!(!valid_idempotency_key(""));
        assert!(!valid_idempotency_key(&"k".repeat(IDEMPOTENCY_KEY_MAX + 1)));
        assert!(!valid_idempotency_key("has space"));
        assert!(!valid_idempotency_key("全角"));
    }

    #[test]
    fn documents_up_to_the_limit_in_bytes() {
        assert!(valid_document(&"x".repeat(DOCUMENT_MAX)));
        assert!(!valid_document(&"x".repeat(DOCUMENT_MAX + 1)));
        // Bytes, not characters: a third as many Japanese characters fit.
        assert!(valid_document(&format!("{}x", "あ".repeat(DOCUMENT_MAX / 3))));
        assert!(!valid_document(&format!("{}xx", "あ".repeat(DOCUMENT_MAX / 3))));
        assert!(valid_document("x"));
        assert!(!valid_document(""));
        assert!(!valid_document(" \n\t"));
    }

    #[test]
    fn submission_body_shape() {
        let s: SubmitApplication = serde_json::from_str(r#"{"kind":"demo","document":"{}"}"#).unwrap();
        assert_eq!(s.kind, ApplicationKind::Demo);
        assert!(serde_json::from_str::<SubmitApplication>(r#"{"kind":"unknown","document":"{}"}"#).is_err());
    }
}
