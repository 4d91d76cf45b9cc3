//! Every API failure, sent as RFC 9457 `application/problem+json` ([`domain::api::Problem`]).
//! `code` is stable for programs (the SPA and e2e tests match on it); `detail` is Japanese
//! for people. Internal causes are logged, never sent.

use std::borrow::Cow;

use axum::extract::rejection::JsonRejection;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::api::Problem;

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug)]
pub enum ApiError {
    NotLoggedIn,
    NotLinked,
    /// The value exists only for the other kind of record (本籍 for licences,
    /// 運転経歴区分 for driving histories).
    NotApplicable,
    NotFound,
    UnknownPerson,
    MethodNotAllowed,
    CsrfRejected,
    UnsupportedMediaType,
    PayloadTooLarge,
    /// The JSON body did not parse or did not match the expected shape.
    InvalidBody(String),
    /// A submission without an `Idempotency-Key` header.
    IdempotencyKeyRequired,
    /// An `Idempotency-Key` that is not 1–128 visible ASCII characters.
    InvalidIdempotencyKey,
    /// The key was already used for a different application.
    IdempotencyKeyReused,
    /// The application's document is empty or too large.
    InvalidDocument,
    /// This person may not submit this kind of application (SPEC §3).
    NotEligible,
    /// A flow's own refusal (a card signature, linking, one-stop …): each flow defines its
    /// reasons and implements [`Refuse`] for them, so this module names no flow.
    Refused(Refusal),
    /// A submission that must carry a card signature was posted without one.
    SignatureRequired,
    /// A kind only its own flow submits (a completed lecture) was posted directly.
    SubmittedByItsFlow,
    /// Remote reader: the APDU is not base64.
    MalformedApdu,
    /// Remote reader: the card left the reader mid-read (the demo's control).
    CardRemoved,
    /// Remote reader: with a session, only the session person's card can be used.
    CardPersonMismatch,
    /// Remote reader without a session: no reader bound to this card by a tap
    /// (`POST /api/card/session`) on this browser, or it lapsed.
    CardReaderUnbound,
    /// One of axum's own rejections, answered in plain text before it is turned into a
    /// problem (`security::api_problems`): a path segment that does not parse (`/api/lecture-
    /// site/chapters/x`, bad percent-encoding), a query that does not. Keeps its 4xx status.
    InvalidRequest(StatusCode),
    /// Too many requests of a limited kind (crate::rate_limit); sent with `Retry-After`.
    RateLimited {
        retry_after_secs: u64,
    },
    /// An external system (crate::adapters) did not answer in time or answered that it is
    /// unavailable, after its retries: nothing was lost, try again later. Sent with
    /// `Retry-After`.
    Unavailable(External),
    Internal(anyhow::Error),
}

/// The external systems whose unavailability the person is told of (crate::adapters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum External {
    /// 運転者管理システム (the driver registry).
    Registry,
    /// 戸籍情報連携システム (the koseki system).
    Koseki,
}

impl External {
    /// The system whose [`ApiError::Unavailable`] code this is (a stored wait's).
    pub fn from_code(code: &str) -> Option<External> {
        [External::Registry, External::Koseki].into_iter().find(|e| ApiError::Unavailable(*e).code() == code)
    }
}

/// How long `Retry-After` tells a client to wait when an external system is unavailable.
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 30;

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotLoggedIn => StatusCode::UNAUTHORIZED,
            Self::NotLinked => StatusCode::CONFLICT,
            Self::NotApplicable | Self::NotFound | Self::UnknownPerson => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::CsrfRejected => StatusCode::FORBIDDEN,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::InvalidBody(_) => StatusCode::BAD_REQUEST,
            Self::IdempotencyKeyRequired | Self::InvalidIdempotencyKey | Self::InvalidDocument => {
                StatusCode::BAD_REQUEST
            }
            Self::IdempotencyKeyReused => StatusCode::CONFLICT,
            Self::NotEligible => StatusCode::FORBIDDEN,
            Self::Refused(r) => StatusCode::from_u16(r.status).unwrap_or(StatusCode::FORBIDDEN),
            Self::SignatureRequired | Self::SubmittedByItsFlow => StatusCode::BAD_REQUEST,
            Self::MalformedApdu => StatusCode::BAD_REQUEST,
            Self::CardPersonMismatch => StatusCode::CONFLICT,
            Self::CardReaderUnbound => StatusCode::FORBIDDEN,
            Self::InvalidRequest(s) if s.is_client_error() => *s,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::InvalidRequest(_) => StatusCode::BAD_REQUEST,
            Self::CardRemoved => StatusCode::GONE,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::NotLoggedIn => "not_logged_in",
            Self::NotLinked => "not_linked",
            Self::NotApplicable => "not_applicable",
            Self::NotFound => "not_found",
            Self::UnknownPerson => "unknown_person",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::CsrfRejected => "csrf_rejected",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge => "payload_too_large",
            Self::InvalidBody(_) => "invalid_body",
            Self::IdempotencyKeyRequired => "idempotency_key_required",
            Self::InvalidIdempotencyKey => "invalid_idempotency_key",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::InvalidDocument => "invalid_document",
            Self::NotEligible => "not_eligible",
            Self::Refused(r) => r.code,
            Self::SignatureRequired => "signature_required",
            Self::SubmittedByItsFlow => "submitted_by_its_flow",
            Self::MalformedApdu => "malformed",
            Self::CardPersonMismatch => "card_person_mismatch",
            Self::CardReaderUnbound => "card_reader_unbound",
            Self::InvalidRequest(StatusCode::REQUEST_TIMEOUT) => "request_timeout",
            Self::InvalidRequest(_) => "invalid_request",
            Self::RateLimited { .. } => "rate_limited",
            Self::CardRemoved => "card_removed",
            Self::Unavailable(External::Registry) => "registry_unavailable",
            Self::Unavailable(External::Koseki) => "koseki_unavailable",
            Self::Internal(_) => "internal",
        }
    }

    pub fn detail(&self) -> String {
        match self {
            Self::NotLoggedIn => "ログインしてください。".into(),
            Self::NotLinked => {
                "マイナ免許証との連携が済んでいません。連携してからご利用ください。".into()
            }
            Self::NotApplicable => "この情報はお持ちの免許（経歴）の記録にはありません。".into(),
            Self::NotFound => "お探しの情報は見つかりませんでした。".into(),
            Self::UnknownPerson => "指定されたデモ利用者はいません。".into(),
            Self::MethodNotAllowed => "この操作はできません。".into(),
            Self::CsrfRejected => {
                "他のサイトからの操作は受け付けられません。ページを再読み込みしてからやり直してください。"
                    .into()
            }
            Self::UnsupportedMediaType => "送信する内容は JSON 形式にしてください。".into(),
            Self::PayloadTooLarge => "送信する内容が大きすぎます。".into(),
            Self::InvalidBody(_) => "送信された内容を読み取れませんでした。".into(),
            Self::IdempotencyKeyRequired | Self::InvalidIdempotencyKey => {
                "申請を受け付けられませんでした。画面を再読み込みしてからやり直してください。".into()
            }
            Self::IdempotencyKeyReused => {
                "同じ申請番号で別の内容が送信されました。画面を再読み込みしてからやり直してください。".into()
            }
            Self::InvalidDocument => "申請の内容が正しくありません。".into(),
            Self::NotEligible => "この手続きはご利用いただけません。".into(),
            Self::Refused(r) => r.detail.clone().into_owned(),
            Self::SubmittedByItsFlow => {
                "この申請は手続きの画面から行われます（オンライン講習は受講を終えると自動で記録されます）。".into()
            }
            Self::SignatureRequired => {
                "この手続きはマイナンバーカードによる電子署名が必要です。手続きの画面から申請してください。".into()
            }
            Self::MalformedApdu => "カードとの通信内容を読み取れませんでした。もう一度お試しください。".into(),
            Self::CardRemoved => {
                "カードが離れました。読み取りが終わるまでカードを動かさずに、もう一度読み取ってください。".into()
            }
            Self::CardPersonMismatch => {
                "ログインしている方のカードしか使えません。別の方のカードを使うときは、ログアウトしてからやり直してください。".into()
            }
            Self::CardReaderUnbound => {
                "カードの読み取りをはじめからやり直してください。「読み取り開始」を押すと、カードをもう一度読み取ります。".into()
            }
            Self::InvalidRequest(StatusCode::REQUEST_TIMEOUT) => {
                "処理に時間がかかりすぎたため、中断しました。しばらくしてからやり直してください。".into()
            }
            Self::InvalidRequest(_) => "リクエストの形式が正しくありません。URLを確かめてください。".into(),
            Self::RateLimited { retry_after_secs } => format!(
                "短い時間に操作が続いたため、受け付けを一時的に止めています。{retry_after_secs}秒ほど待ってからやり直してください。"
            ),
            Self::Unavailable(External::Registry) => {
                "運転者管理システムに接続できないため、申請の処理を待っています。申請は受け付けられており、失われることはありません。しばらくしてから「手続き状況」で確認してください。".into()
            }
            Self::Unavailable(External::Koseki) => {
                "戸籍情報連携システムに接続できませんでした。入力された内容は保存されています。しばらくしてから、もう一度お試しください。".into()
            }
            Self::Internal(_) => {
                "サーバーで問題が発生しました。しばらくしてからやり直してください。".into()
            }
        }
    }

    pub fn problem(&self) -> Problem {
        let status = self.status();
        Problem {
            // `about:blank` per RFC 9457: the title is then the status phrase, and `code`
            // carries the specific kind.
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            code: self.code().into(),
            detail: self.detail(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            Self::Internal(e) => tracing::error!(error = ?e, "internal error"),
            Self::InvalidBody(why) => tracing::debug!(%why, "invalid request body"),
            Self::Refused(r) => tracing::info!(code = r.code, "refused"),
            _ => {}
        }
        let body = serde_json::to_vec(&self.problem()).expect("Problem serialises");
        let mut res = (self.status(), body).into_response();
        res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        // Errors depend on the session; never let a cache keep one.
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Self::RateLimited { retry_after_secs } = self {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        if let Self::Unavailable(_) = self {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(UNAVAILABLE_RETRY_AFTER_SECS));
        }
        res
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self::from(anyhow::Error::from(e))
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        // Text the database cannot hold (U+0000 on PostgreSQL) matches no row and can be
        // stored nowhere: the request's fault, as on SQLite, where it is simply not found.
        if crate::store::StoreError::of(&e) == Some(crate::store::StoreError::UnstorableText) {
            return Self::InvalidRequest(StatusCode::BAD_REQUEST);
        }
        Self::Internal(e)
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r.status() {
            StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self::UnsupportedMediaType,
            _ => Self::InvalidBody(r.body_text()),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Why a flow refuses a request: its HTTP status, a stable `code` and the Japanese
/// `detail` that tells the person what to do. A flow's reasons implement it and become an
/// [`ApiError`] with `?`.
pub trait Refuse {
    fn status(&self) -> u16;
    fn code(&self) -> &'static str;
    fn detail(&self) -> Cow<'static, str>;
}

/// A refusal, as [`ApiError::Refused`] carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub code: &'static str,
    pub detail: Cow<'static, str>,
}

impl<R: Refuse> From<R> for ApiError {
    fn from(r: R) -> Self {
        ApiError::Refused(Refusal { status: r.status(), code: r.code(), detail: r.detail() })
    }
}
