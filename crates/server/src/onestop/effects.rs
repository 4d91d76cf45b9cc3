//! What the worker does with a one-stop application: the consent (start / renew) or its
//! cancellation, and the text of the result notice.

use chrono::{DateTime, NaiveDate, Utc};
use domain::applications::ApplicationKind;
use domain::dates::tokyo_date;
use domain::eligibility::{allows, Service};
use domain::onestop::{consent_expires_on, consent_label, parse_consent_document, Consent, ConsentItem, ConsentItems};
use domain::wareki::wareki;

use crate::applications::Outcome;
use crate::store::applications::Application;
use crate::store::onestop as store;
use crate::store::{persons, Conn};

/// The consent's effect: the chosen items become the consent, valid 10 years from today
/// (the processing date) — a renewal restarts the 10 years.
pub async fn apply_consent(conn: &mut Conn, app: &Application, now: DateTime<Utc>) -> anyhow::Result<Outcome> {
    let Some(items) = parse_consent_document(&app.document).filter(|i| i.any()) else {
        return Ok(Outcome::Rejected("申請内容（同意する項目）を確認できませんでした。".into()));
    };
    match persons::holding_in(conn, &app.person_id).await? {
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
    ConsentItem::ALL
        .iter()
        .map(|i| format!("{}：{}", i.label(), consent_label(items.get(*i))))
        .collect::<Vec<_>>()
        .join("\n")
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
    body.push_str(&format!("\n受付番号：{}", app.receipt_no));
    body.push_str("\n申請の経過は「手続き状況」で確認できます。");
    body
}
