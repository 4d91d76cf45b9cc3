//! 住所変更ワンストップサービス等 (manual 3章③, SPEC §4.7): who may do what, the effects
//! the worker runs for a consent and a cancellation, the result notices' text, and the J-LIS
//! side — changes of 住所・氏名・生年月日 made at the municipality, applied to the licence
//! record for the consented items only.
//!
//! Rules, in the order the server checks them on every request:
//! 1. linked, and the holding status allows the service (SPEC §3: start and renew for
//!    マイナ免許証のみ / マイナ経歴証明書のみ; status and cancel for all four linked statuses);
//! 2. the request itself (at least one 「同意する」; something to cancel); for start and renew,
//!    a signing certificate that outlasts the consent's processing (issue 30);
//! 3. the card's or the phone credential's signature (`crate::signature::verify_step`, the
//!    session person's signing certificate) over the document the server issued, which must
//!    name exactly the items sent;
//! 4. stored with the client's idempotency key. The signed submissions take these in the
//!    one signed path's order ([`crate::applications::signed`]: key, turn, replay,
//!    eligibility, the flow's rules, signature, document, store, rotate).
//!
//! The worker's side is effects.rs (a consent, a cancellation) and jlis.rs (changes the
//! municipality made); the endpoints are routes.rs.

pub mod effects;
pub mod jlis;
pub mod routes;
pub mod steps;

pub use routes::{demo_routes, routes};

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use domain::applications::ApplicationKind;
use domain::dates::tokyo_date;
use domain::eligibility::{allows, Service};
use domain::onestop::OnestopStatus;

use crate::access::require_service;
use crate::error::{ApiResult, Refuse};
use crate::store::applications;
use crate::store::onestop as store;
use crate::store::persons::Person;
use crate::store::Store;

/// Challenge purpose of the consent (start / renew), signed with the 署名用 key.
pub const PURPOSE_CONSENT: &str = "onestop_consent";
/// Challenge purpose of the cancellation.
pub const PURPOSE_CANCEL: &str = "onestop_cancel";

const KIND_CODES: [&str; 2] = ["onestop_consent", "onestop_consent_cancel"];

/// Why a one-stop request is refused; each has its own problem code and Japanese text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnestopRefusal {
    /// 「利用を開始」 with every item 「同意しない」.
    NoItemSelected,
    /// Cancelling with no consent and none applied for.
    NothingToCancel,
    /// The signed document does not name what was sent.
    DocumentMismatch,
    /// A J-LIS change that cannot be applied (the text says why).
    InvalidChange(&'static str),
    /// A step of start, renew or cancel reached without agreeing to its terms first (or
    /// after they were kept too long).
    TermsNotAgreed,
    /// Start or renew whose signing certificate expires (on this day) before the consent
    /// could apply a first change (issue 30, `domain::onestop::cert_outlasts_first_change`).
    CertTooShort(chrono::NaiveDate),
}

impl Refuse for OnestopRefusal {
    fn code(&self) -> &'static str {
        match self {
            Self::NoItemSelected => "no_item_selected",
            Self::NothingToCancel => "nothing_to_cancel",
            Self::DocumentMismatch => "document_mismatch",
            Self::InvalidChange(_) => "invalid_change",
            Self::TermsNotAgreed => "terms_not_agreed",
            Self::CertTooShort(_) => "signing_cert_expires_too_soon",
        }
    }

    fn status(&self) -> u16 {
        match self {
            Self::NoItemSelected | Self::InvalidChange(_) => 400,
            Self::NothingToCancel | Self::TermsNotAgreed => 409,
            Self::DocumentMismatch | Self::CertTooShort(_) => 403,
        }
    }

    fn detail(&self) -> Cow<'static, str> {
        if let Self::CertTooShort(until) = self {
            return Cow::Owned(domain::onestop::cert_too_short_message(*until));
        }
        Cow::Borrowed(match self {
            Self::CertTooShort(_) => unreachable!("answered above"),
            Self::NoItemSelected => {
                "同意する項目を1つ以上選択してください。1つ以上、同意項目を選択しないと、利用開始はできません。"
            }
            Self::NothingToCancel => "同意している項目がないため、同意解除の手続きは必要ありません。",
            Self::DocumentMismatch => {
                "電子署名を付与した申請内容と、送信された内容が一致しません。最初からやり直してください。"
            }
            Self::InvalidChange(why) => why,
            Self::TermsNotAgreed => "利用規約への同意を確認できませんでした。時間がたったか、画面が再読み込みされたためです。もう一度、利用規約を確認して同意してください。",
        })
    }
}

/// Status and cancel: any of the four linked holding statuses.
pub fn may_view(person: &Person) -> ApiResult<()> {
    require_service(person, Service::OnestopStatusCancel)
}

/// 「現在の状況」 for the status, start and renew screens.
pub async fn status(store: &Store, person: &Person, now: DateTime<Utc>) -> anyhow::Result<OnestopStatus> {
    let today = tokyo_date(now);
    let consent = store::consent(store, &person.id).await?;
    Ok(OnestopStatus {
        as_of: now,
        items: consent.map(|c| c.items_on(today)).unwrap_or_default(),
        consented_on: consent.map(|c| c.consented_on),
        expires_on: consent.map(|c| c.expires_on),
        expired: consent.is_some_and(|c| !c.is_valid_on(today)),
        can_start: allows(person.status, Service::OnestopStart),
        pending: applications::has_pending(store, &person.id, &KIND_CODES).await?,
    })
}

/// Start and renew: the signing certificate must outlast the consent's processing, or no
/// change could ever be applied (issue 30). Without a certificate on record (a demo card not
/// issued yet) the demo cards' validity stands in, as for the J-LIS changes.
pub async fn require_cert_outlasts_consent(store: &Store, person: &Person, now: DateTime<Utc>) -> ApiResult<()> {
    let until =
        crate::store::pki::signing_valid_until(store, &person.id).await?.unwrap_or(crate::pki::card_validity().1);
    let until = tokyo_date(until);
    if domain::onestop::cert_outlasts_first_change(until, tokyo_date(now)) {
        Ok(())
    } else {
        Err(OnestopRefusal::CertTooShort(until).into())
    }
}

/// Is there anything a cancellation would cancel: a stored consent, or one applied for?
pub async fn has_something_to_cancel(store: &Store, person: &Person) -> anyhow::Result<bool> {
    Ok(store::consent(store, &person.id).await?.is_some()
        || applications::has_pending(store, &person.id, &[ApplicationKind::OnestopConsent.code()]).await?)
}
