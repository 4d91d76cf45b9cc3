//! The J-LIS side of the one-stop service: changes of 住所・氏名・生年月日 made at the
//! municipality, applied to the licence record for the consented items only, each with
//! its result notice, once.

use chrono::NaiveDate;
use domain::dates::tokyo_date;
use domain::notices::NoticeKind;
use domain::onestop::ConsentItem;
use domain::wareki::wareki;

use crate::pki;
use crate::store::notices::{self, NewNotice};
use crate::store::onestop as store;
use crate::store::pki as pki_store;
use crate::AppState;

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
    let (consented, skipped): (Vec<ConsentItem>, Vec<ConsentItem>) = touched.iter().partition(|i| in_force.get(**i));
    // The manual's caution (3-2): once the signing certificate has expired, a change is not
    // passed on, consent or not. The person is told why, and what to do instead.
    let cert_until =
        pki_store::signing_valid_until_in(&mut tx, &change.person_id).await?.unwrap_or(pki::card_validity().1);
    let cert_expired = now > cert_until;
    let applied: Vec<ConsentItem> = if cert_expired { Vec::new() } else { consented.clone() };
    store::set_applied(&mut tx, id, &applied).await?;
    let body = if cert_expired && !consented.is_empty() {
        Some(expired_body(&consented, tokyo_date(cert_until)))
    } else if !applied.is_empty() {
        store::apply_to_record(&mut tx, &change, &applied, &wareki(today), today).await?;
        Some(change_body(&change, &applied, &skipped, today))
    } else {
        // Without a consented item nothing reaches the licence system, so nothing is announced.
        None
    };
    if let Some(body) = body {
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
    tracing::info!(change = %id, applied = applied.len(), cert_expired, "J-LIS change processed");
    Ok(true)
}

/// A consented change that did not reach the licence: the signing certificate had expired.
fn expired_body(consented: &[ConsentItem], cert_until: NaiveDate) -> String {
    let labels: Vec<&str> = consented.iter().map(|i| i.label()).collect();
    format!(
        "市区町村で手続きされた基本情報（{}）の変更がありましたが、署名用電子証明書の有効期限（{}）が過ぎていたため、運転免許（運転経歴）の情報には反映されませんでした。\n変更は、住所地を管轄する運転免許センター等に届け出てください。\n署名用電子証明書の更新は、住民票のある市区町村の窓口で行えます。更新後に生じた変更は、同意している項目であれば再び自動で反映されます。",
        labels.join("・"),
        wareki(cert_until)
    )
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
