//! 住所変更ワンストップサービス等 (manual 3章③, SPEC §4.7): who may do what, the effects
//! the worker runs for a consent and a cancellation, the result notices' text, and the J-LIS
//! side — changes of 住所・氏名・生年月日 made at the municipality, applied to the licence
//! record for the consented items only.
//!
//! Rules, in the order the server checks them on every request:
//! 1. linked, and the holding status allows the service (SPEC §3: start and renew for
//!    マイナ免許証のみ / マイナ経歴証明書のみ; status and cancel for all four linked statuses);
//! 2. the request itself (at least one 「同意する」; something to cancel);
//! 3. the card signature ([`crate::signature::verify_signed`], the session person's signing
//!    certificate) over the document the server issued, which must name exactly the items sent;
//! 4. [`crate::applications::submit`] with the client's idempotency key.

use chrono::{DateTime, NaiveDate, Utc};
use domain::applications::ApplicationKind;
use domain::dates::tokyo_date;
use domain::eligibility::{allows, Service};
use domain::notices::NoticeKind;
use domain::onestop::{
    consent_expires_on, consent_label, parse_consent_document, Consent, ConsentItem, ConsentItems, OnestopStatus,
};
use domain::wareki::wareki;
use domain::HoldingStatus;

use crate::applications::kinds::Outcome;
use crate::error::{ApiError, ApiResult};
use crate::routes::license::is_linked;
use crate::store::applications::Application;
use crate::store::notices::{self, NewNotice};
use crate::store::onestop as store;
use crate::store::persons::Person;
use crate::store::{Conn, Store};
use crate::AppState;

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
}

impl OnestopRefusal {
    pub fn code(self) -> &'static str {
        match self {
            Self::NoItemSelected => "no_item_selected",
            Self::NothingToCancel => "nothing_to_cancel",
            Self::DocumentMismatch => "document_mismatch",
            Self::InvalidChange(_) => "invalid_change",
        }
    }

    pub fn status(self) -> u16 {
        match self {
            Self::NoItemSelected | Self::InvalidChange(_) => 400,
            Self::NothingToCancel => 409,
            Self::DocumentMismatch => 403,
        }
    }

    pub fn detail(self) -> &'static str {
        match self {
            Self::NoItemSelected => "同意する項目を1つ以上選択してください。1つ以上、同意項目を選択しないと、利用開始はできません。",
            Self::NothingToCancel => "同意している項目がないため、同意解除の手続きは必要ありません。",
            Self::DocumentMismatch => "電子署名を付与した申請内容と、送信された内容が一致しません。最初からやり直してください。",
            Self::InvalidChange(why) => why,
        }
    }
}

impl From<OnestopRefusal> for ApiError {
    fn from(e: OnestopRefusal) -> Self {
        ApiError::Onestop(e)
    }
}

/// Status and cancel: any of the four linked holding statuses.
pub fn may_view(person: &Person) -> ApiResult<()> {
    if !is_linked(person) {
        return Err(ApiError::NotLinked);
    }
    if !allows(person.status, Service::OnestopStatusCancel) {
        return Err(ApiError::NotEligible);
    }
    Ok(())
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
        pending: store::has_pending_application(store, &person.id, &KIND_CODES).await?,
    })
}

/// Is there anything a cancellation would cancel: a stored consent, or one applied for?
pub async fn has_something_to_cancel(store: &Store, person: &Person) -> anyhow::Result<bool> {
    Ok(store::consent(store, &person.id).await?.is_some()
        || store::has_pending_application(store, &person.id, &[ApplicationKind::OnestopConsent.code()]).await?)
}

/// The person's holding status and link, read inside the worker's transaction.
async fn holding(conn: &mut Conn, person_id: &str) -> anyhow::Result<Option<(HoldingStatus, bool)>> {
    let row: Option<(String, bool)> = sqlx::query_as("SELECT status, linked FROM persons WHERE id = $1")
        .bind(person_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.and_then(|(s, linked)| HoldingStatus::from_code(&s).map(|s| (s, linked))))
}

/// The consent's effect: the chosen items become the consent, valid 10 years from today
/// (the processing date) — a renewal restarts the 10 years.
pub async fn apply_consent(conn: &mut Conn, app: &Application, now: DateTime<Utc>) -> anyhow::Result<Outcome> {
    let Some(items) = parse_consent_document(&app.document).filter(|i| i.any()) else {
        return Ok(Outcome::Rejected("申請内容（同意する項目）を確認できませんでした。".into()));
    };
    match holding(conn, &app.person_id).await? {
        Some((status, true)) if allows(status, Service::OnestopStart) => {}
        _ => {
            return Ok(Outcome::Rejected(
                "現在の免許保有状況では、住所変更ワンストップサービス等の利用開始手続きを行えません。".into(),
            ))
        }
    }
    let today = tokyo_date(now);
    let consent = Consent { items, consented_on: today, expires_on: consent_expires_on(today) };
    store::put_consent(conn, &app.person_id, &consent, Some(&app.id), now).await?;
    Ok(Outcome::Completed)
}

/// The cancellation's effect: all three items 未同意 (the consent is removed).
pub async fn apply_cancel(conn: &mut Conn, app: &Application, _now: DateTime<Utc>) -> anyhow::Result<Outcome> {
    store::delete_consent(conn, &app.person_id).await?;
    Ok(Outcome::Completed)
}

fn items_lines(items: ConsentItems) -> String {
    ConsentItem::ALL.iter().map(|i| format!("{}：{}", i.label(), consent_label(items.get(*i)))).collect::<Vec<_>>().join("\n")
}

/// The result notice's text for the one-stop kinds (processed on `today`).
pub fn result_body(app: &Application, outcome: &Outcome, today: NaiveDate) -> String {
    let mut body = match (app.kind, outcome) {
        (ApplicationKind::OnestopConsentCancel, Outcome::Completed) => format!(
            "住所変更ワンストップサービス等の利用同意解除申請の処理が完了しました。\n{}\n今後、住所・氏名・生年月日に変更が生じた場合は、住所地を管轄する運転免許センター等への届出が必要となります。",
            items_lines(ConsentItems::NONE)
        ),
        (_, Outcome::Completed) => {
            let items = parse_consent_document(&app.document).unwrap_or_default();
            format!(
                "住所変更ワンストップサービス等の利用同意申請の処理が完了しました。\n{}\n同意日：{}\n有効期限：{}\n「同意する」を選択した項目のみが、市区町村での変更に合わせて自動で変更されます。",
                items_lines(items),
                wareki(today),
                wareki(consent_expires_on(today)),
            )
        }
        (_, Outcome::Rejected(reason)) => {
            format!("「{}」の申請は却下されました。\n却下の理由：{reason}", app.kind.label())
        }
    };
    body.push_str(&format!("\n受付番号：{}", app.id));
    body.push_str("\n申請の経過は「手続き状況」で確認できます。");
    body
}

// ---- The J-LIS side ----

/// Applies every change J-LIS forwarded that is not processed yet; the number handled.
pub async fn process_changes(state: &AppState) -> anyhow::Result<u32> {
    let mut handled = 0;
    for id in store::pending_changes(&state.store).await? {
        match process_change(state, &id).await {
            Ok(true) => handled += 1,
            Ok(false) => {}
            Err(e) => tracing::error!(change = %id, error = ?e, "applying a J-LIS change failed"),
        }
    }
    Ok(handled)
}

/// One change, one transaction: claimed (once), the consented items written to the record,
/// and the result notice — or nothing at all if it fails before COMMIT.
pub async fn process_change(state: &AppState, id: &str) -> anyhow::Result<bool> {
    let now = state.clock.now(&state.store).await?;
    let today = tokyo_date(now);
    let mut tx = state.store.begin().await?;
    if !store::claim_change(&mut tx, id, now).await? {
        return Ok(false);
    }
    let change = store::change_in(&mut tx, id).await?.ok_or_else(|| anyhow::anyhow!("J-LIS change {id} vanished"))?;
    let in_force = store::consent_in(&mut tx, &change.person_id).await?.map(|c| c.items_on(today)).unwrap_or_default();
    let touched = change.items();
    let (applied, skipped): (Vec<ConsentItem>, Vec<ConsentItem>) = touched.iter().partition(|i| in_force.get(**i));
    store::set_applied(&mut tx, id, &applied).await?;
    // Without a consented item nothing reaches the licence system, so nothing is announced.
    if !applied.is_empty() {
        store::apply_to_record(&mut tx, &change, &applied, &wareki(today), today).await?;
        let body = change_body(&change, &applied, &skipped, today);
        let key = format!("jlis:{id}");
        notices::insert(
            &mut tx,
            &NewNotice {
                person_id: &change.person_id,
                kind: NoticeKind::OnestopItemsChangeResult,
                body: &body,
                application_id: None,
                dedup_key: &key,
                now,
            },
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(change = %id, applied = applied.len(), "J-LIS change processed");
    Ok(true)
}

fn change_body(change: &store::Change, applied: &[ConsentItem], skipped: &[ConsentItem], today: NaiveDate) -> String {
    let mut body = String::from(
        "市区町村で手続きされた基本情報の変更を、住所変更ワンストップサービス等により運転免許（運転経歴）の情報に反映しました。",
    );
    for item in applied {
        let value = match item {
            ConsentItem::Address => change.address.clone().unwrap_or_default(),
            ConsentItem::Name => change.name.clone().unwrap_or_default(),
            ConsentItem::BirthDate => change.birth_date.map(wareki).unwrap_or_default(),
        };
        body.push_str(&format!("\n変更後の{}：{}", item.label(), value.trim()));
    }
    body.push_str(&format!("\n反映日：{}", wareki(today)));
    if !skipped.is_empty() {
        let labels: Vec<&str> = skipped.iter().map(|i| i.label()).collect();
        body.push_str(&format!(
            "\n同意していない項目（{}）の変更は反映されていません。住所地を管轄する運転免許センター等に届け出てください。",
            labels.join("・")
        ));
    }
    body.push_str("\n変更後の内容は運転免許ページで確認できます。");
    body
}
