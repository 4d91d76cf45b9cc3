//! The completed lecture as an application (kind `online_lecture`): its document, what the
//! worker checks before recording it, and its notice 「オンライン講習の受講完了について」.

use chrono::NaiveDate;
use domain::document;
use domain::eligibility::LectureClass;

use crate::applications::Outcome;
use crate::store::applications::Application;
use crate::store::{lecture, Conn};

const TITLE: &str = "オンライン講習の受講完了";
const LABELS: [&str; 4] = ["受講者", "講習区分", "有効期間の末日", "受講完了日時"];

/// The record of a completed lecture: who, which class, for which renewal, when.
pub fn document(person_id: &str, class: LectureClass, expiry: &str, at: &str) -> String {
    let fields = [(LABELS[0], person_id), (LABELS[1], class.label()), (LABELS[2], expiry), (LABELS[3], at)];
    document::render(TITLE, &fields).expect("ids, labels and dates hold no control characters")
}

/// The renewal (expiry date) a completion document is for.
fn expiry_of(doc: &str) -> Option<NaiveDate> {
    let v = document::parse(doc, TITLE, &LABELS)?;
    NaiveDate::parse_from_str(v[2], "%Y年%m月%d日").ok()
}

/// Recorded only when the lecture site holds the lecture as completed for that renewal.
pub async fn apply(conn: &mut Conn, app: &Application) -> anyhow::Result<Outcome> {
    let Some(expiry) = expiry_of(&app.document) else {
        return Ok(Outcome::Rejected("受講の記録を確認できませんでした。".into()));
    };
    match lecture::progress_in(conn, &app.person_id, expiry).await? {
        Some(p) if p.completed_at.is_some() => Ok(Outcome::Completed),
        _ => Ok(Outcome::Rejected("オンライン講習の受講が完了していません。".into())),
    }
}

pub fn result_body(app: &Application, outcome: &Outcome) -> String {
    let fields = document::parse(&app.document, TITLE, &LABELS);
    let mut body = match (outcome, fields) {
        (Outcome::Completed, Some(v)) => format!(
            "オンライン講習（{}）の受講完了を記録しました。\n受講完了日時：{}\n対象の免許情報記録の有効期間の末日：{}\n更新手続きは、有効期間の末日までに運転免許センター等で行ってください。受講済みのため、更新時の講習は受けなくてかまいません。",
            v[1], v[3], v[2]
        ),
        (Outcome::Completed, None) => "オンライン講習の受講完了を記録しました。".into(),
        (Outcome::Rejected(reason), _) => format!("オンライン講習の受講完了を記録できませんでした。\n理由：{reason}"),
    };
    body.push_str(&format!("\n受付番号：{}", app.receipt_no));
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_names_the_renewal_it_is_for() {
        let doc = document("taro", LectureClass::Good, "2027年02月01日", "2026年12月15日 10:00");
        assert_eq!(expiry_of(&doc), NaiveDate::from_ymd_opt(2027, 2, 1));
        assert!(doc.contains("講習区分：優良運転者講習"));
        assert_eq!(expiry_of("オンライン講習の受講完了\n受講者：taro"), None);
    }
}
