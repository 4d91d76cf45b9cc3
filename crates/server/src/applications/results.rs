//! The result notice's text for the kinds whose flow does not write its own.

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
