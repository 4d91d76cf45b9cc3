//! What the worker does with a 本籍 application: the new 本籍 to the licence record, through
//! the driver registry, before the transaction that records the result and its notice
//! (crate::worker::finish: an external registry cannot join that transaction; the
//! application's idempotency key makes a repeated call after a crash the same write).

use domain::eligibility::{allows, Service};
use domain::honseki::parse_document;

use crate::adapters::registry::{idempotency_key, HonsekiChange, Registry, RegistryError};
use crate::applications::Outcome;
use crate::store::applications::Application;
use crate::store::{persons, Conn, Store};

/// The signed document's 本籍 becomes the licence's, if the person still may change it.
/// An `Err` (the registry unavailable: a [`RegistryError`] inside) leaves the application
/// 処理中 for the worker to try again.
pub async fn apply(registry: &dyn Registry, store: &Store, app: &Application) -> anyhow::Result<Outcome> {
    let Some(doc) = parse_document(&app.document).filter(|d| d.applicant == app.person_id) else {
        return Ok(Outcome::Rejected("申請内容（変更後の本籍）を確認できませんでした。".into()));
    };
    let mut conn = store.pool().acquire().await?;
    let holding = persons::holding_in(&mut conn, &app.person_id).await?;
    drop(conn);
    match holding {
        Some((status, true)) if allows(status, Service::HonsekiChange) => {}
        _ => return Ok(Outcome::Rejected(
            "現在の免許保有状況では、本籍のオンライン変更を行えません。運転免許センター等の窓口で手続きしてください。"
                .into(),
        )),
    }
    let change = HonsekiChange {
        person_id: app.person_id.clone(),
        honseki: doc.honseki,
        head_name: doc.head_name,
        idempotency_key: idempotency_key(&app.id),
    };
    match registry.set_honseki(&change).await {
        Ok(applied) => {
            tracing::info!(application = %app.id, ?applied, "本籍 recorded by the driver registry");
            Ok(Outcome::Completed)
        }
        Err(RegistryError::PersonNotFound) => anyhow::bail!("the driver registry has no person {}", app.person_id),
        Err(e) => Err(e.into()),
    }
}

/// After the registry recorded the change, inside the worker's transaction: the portal's
/// copy of the record (`persons`, what the licence view shows) takes the new 本籍 too. For
/// the demo registry, whose table that copy is, this writes the same value again.
pub async fn copy_recorded(conn: &mut Conn, app: &Application, outcome: &Outcome) -> anyhow::Result<()> {
    if let (Outcome::Completed, Some(doc)) = (outcome, parse_document(&app.document)) {
        persons::set_honseki(conn, &app.person_id, &doc.honseki).await?;
    }
    Ok(())
}

/// 「本籍のオンライン変更の処理結果について」: what changed, or why it was not.
pub fn result_body(app: &Application, outcome: &Outcome) -> String {
    let doc = parse_document(&app.document);
    let mut body = match outcome {
        Outcome::Completed => {
            let mut text = String::from("本籍のオンライン変更の申請の処理が完了し、運転免許の本籍を変更しました。");
            if let Some(d) = doc {
                text.push_str(&format!("\n変更後の本籍：{}\n筆頭者氏名：{}", d.honseki, d.head_name));
            }
            text.push_str("\n変更後の本籍は、運転免許ページの「本籍を表示する」で確認できます。");
            text
        }
        Outcome::Rejected(reason) => format!("本籍のオンライン変更の申請は却下されました。\n却下の理由：{reason}"),
    };
    body.push_str(&format!("\n受付番号：{}", app.receipt_no));
    body.push_str("\n申請の経過は「手続き状況」で確認できます。");
    body
}
