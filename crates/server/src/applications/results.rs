//! The result notice's text for the kinds whose flow does not write its own.

use domain::applications::ApplicationKind;

use super::Outcome;
use crate::store::applications::Application;

/// The result notice's text: plain text, one paragraph per line.
pub fn result_body(app: &Application, outcome: &Outcome) -> String {
    let name = app.kind.label();
    let first = match (app.kind, outcome) {
        (_, Outcome::Completed) => format!("「{name}」の申請の処理が完了しました。"),
        (_, Outcome::Rejected(_)) => format!("「{name}」の申請は却下されました。"),
    };
    let mut body = first;
    if let Outcome::Rejected(reason) = outcome {
        body.push_str(&format!("\n却下の理由：{reason}"));
    }
    body.push_str(&format!("\n受付番号：{}", app.receipt_no));
    body.push_str("\n申請の経過は「手続き状況」で確認できます。");
    body
}

/// The notice when processing kept failing on our side (処理エラー): nothing was changed,
/// and the person may apply again.
pub fn failure_body(kind: ApplicationKind, receipt_no: Option<&str>) -> String {
    let mut body = format!(
        "「{}」の申請は、システムの都合により処理できませんでした。申請の内容は反映されていません。お手数ですが、もう一度申請してください。",
        kind.label()
    );
    if let Some(no) = receipt_no {
        body.push_str(&format!("\n受付番号：{no}"));
    }
    body.push_str("\n申請の経過は「手続き状況」で確認できます。");
    body
}
