//! The notices the calendar brings by itself (SPEC §4.10): 「免許証等の有効期限の接近について」
//! while a licence's renewal window is open, and 「同意の有効期限の接近について」 before a
//! one-stop consent expires, and 「署名用電子証明書の有効期限の接近について」 three months and
//! one month before the signing certificate expires (issue 30). Each is sent once per person and period, however often this
//! runs (the notices' dedup key); the worker runs it, and so does moving the demo clock.

use chrono::{DateTime, Utc};
use domain::dates::{add_months, tokyo_date, western};
use domain::eligibility::{allows, renewal_window, Service};
use domain::notices::{
    consent_expiry_due, license_expiry_due, signing_expiry_body, signing_expiry_notice_due, NoticeKind,
};
use domain::wareki::wareki;

use crate::store::notices::{self, NewNotice};
use crate::store::Store;
use crate::AppState;

/// Sends the time-based notices due at the business clock's now; used when the demo
/// clock is moved. Each is sent once per period, however often this runs.
pub async fn send_time_notices(state: &AppState) -> anyhow::Result<u32> {
    let now = state.clock.now(&state.store).await?;
    time_notices(&state.store, now).await
}

/// 「免許証等の有効期限の接近について」 while a licence's renewal window is open, and
/// 「同意の有効期限の接近について」 before a one-stop consent expires; once per person and
/// expiry date (the period), enforced by the notices' dedup key.
pub async fn time_notices(store: &Store, now: DateTime<Utc>) -> anyhow::Result<u32> {
    let today = tokyo_date(now);
    let mut sent = 0;
    // Expiry dates whose window can contain today lie between today and ~2 months ahead.
    for (person, status, birth, expiry) in notices::license_expiries(store, today, add_months(today, 3)).await? {
        if !allows(status, Service::Notices) || !license_expiry_due(birth, expiry, today) {
            continue;
        }
        let (opens, _) = renewal_window(birth, expiry);
        let body = format!(
            "免許情報記録の有効期間は{}までです。\n更新期間は{}から{}までです。期間内に運転免許センター等で更新手続きを行ってください。\n優良運転者・一般運転者の方は、更新の前にオンライン講習を受講できる場合があります。運転免許ページで確認してください。",
            western(expiry),
            western(opens),
            western(expiry),
        );
        sent += insert_period_notice(store, &person, NoticeKind::LicenseExpiry, expiry, &body, now).await? as u32;
    }
    for (person, expires_on) in notices::consent_expiries(store).await? {
        if !consent_expiry_due(expires_on, today) {
            continue;
        }
        let body = format!(
            "住所変更ワンストップサービス等の利用同意の有効期限は{}です。\n引き続き利用する場合は、有効期限までに同意有効期間の更新を行ってください。",
            wareki(expires_on),
        );
        sent += insert_period_notice(store, &person, NoticeKind::OnestopConsentExpiry, expires_on, &body, now).await?
            as u32;
    }
    // 「署名用電子証明書の有効期限の接近について」 (the portal's own, issue 30): three months and
    // one month before the signing certificate's last day, each once (its period is the day
    // it became due).
    for (person, until) in crate::store::pki::linked_signing_expiries(store).await? {
        let until = tokyo_date(until);
        let Some(period) = signing_expiry_notice_due(until, today) else { continue };
        let body = signing_expiry_body(until);
        sent += insert_period_notice(store, &person, NoticeKind::SigningCertExpiry, period, &body, now).await? as u32;
    }
    Ok(sent)
}

async fn insert_period_notice(
    store: &Store,
    person: &str,
    kind: NoticeKind,
    period: chrono::NaiveDate,
    body: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let key = notices::period_key(kind, person, period);
    let mut conn = store.pool().acquire().await?;
    notices::insert(&mut conn, &NewNotice { person_id: person, kind, body, application_id: None, dedup_key: &key, now })
        .await
}
