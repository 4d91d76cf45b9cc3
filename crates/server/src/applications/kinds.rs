//! What differs by kind of application: who may submit it, what processing it does, and
//! what its result notice says. Each kind's flow fills in its own arm; the defaults
//! (eligibility from SPEC §3's table, no effect, a generic result text) apply until then.

use chrono::{DateTime, NaiveDate, Utc};
use domain::applications::ApplicationKind;
use domain::eligibility::{allows, lecture, LectureFacts};

use crate::error::{ApiError, ApiResult};
use crate::routes::license::is_linked;
use crate::store::applications::Application;
use crate::store::persons::{Person, RecordKind};
use crate::store::Conn;

/// How processing ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 完了
    Completed,
    /// 却下, with the reason the person is told.
    Rejected(String),
}

/// May `person` submit `kind` today? Checked on every submission, before anything is stored.
pub fn check(demo_mode: bool, person: &Person, kind: ApplicationKind, today: NaiveDate) -> ApiResult<()> {
    let Some(service) = kind.service() else {
        // The demo kind: any logged-in person, demo mode only.
        return if demo_mode { Ok(()) } else { Err(ApiError::NotEligible) };
    };
    if !is_linked(person) {
        return Err(ApiError::NotLinked);
    }
    if !allows(person.status, service) {
        return Err(ApiError::NotEligible);
    }
    if kind == ApplicationKind::OnlineLecture {
        let RecordKind::License { color, valid_until, .. } = &person.record else {
            return Err(ApiError::NotEligible);
        };
        let facts = LectureFacts { status: person.status, color: *color, birth: person.birth_date, expiry: *valid_until };
        lecture(&facts, today).map_err(|_| ApiError::NotEligible)?;
    }
    Ok(())
}

/// The kind's effect, run inside the transaction that records the final status and the
/// result notice: it commits with them or not at all, so a crash never half-applies it.
/// An `Err` leaves the application 処理中 for the next run to retry.
pub async fn apply(conn: &mut Conn, app: &Application, now: DateTime<Utc>) -> anyhow::Result<Outcome> {
    match app.kind {
        ApplicationKind::Demo => Ok(demo_outcome(&app.document)),
        ApplicationKind::OnestopConsent => crate::onestop::apply_consent(conn, app, now).await,
        ApplicationKind::OnestopConsentCancel => crate::onestop::apply_cancel(conn, app, now).await,
        // 本籍 and 講習 plug their effects in here with their flows.
        ApplicationKind::HonsekiChange | ApplicationKind::OnlineLecture => Ok(Outcome::Completed),
    }
}

/// Kinds that only their own signed endpoints may submit (never the plain
/// `POST /api/applications`): the card signature is part of the application.
pub fn requires_signature(kind: ApplicationKind) -> bool {
    matches!(kind, ApplicationKind::OnestopConsent | ApplicationKind::OnestopConsentCancel)
}

/// A demo application is 却下 when its document says `{"reject": "<reason>"}`, so
/// reviewers and tests can see both results.
fn demo_outcome(document: &str) -> Outcome {
    let reason = serde_json::from_str::<serde_json::Value>(document)
        .ok()
        .and_then(|v| v.get("reject").and_then(|r| r.as_str()).map(str::to_string));
    match reason {
        Some(r) if !r.trim().is_empty() => Outcome::Rejected(r),
        Some(_) => Outcome::Rejected("デモ操作で却下が指定されました。".into()),
        None => Outcome::Completed,
    }
}

/// The result notice's text when processed at `now`: kinds whose text names the
/// processing date (the one-stop consent's 同意日 and 有効期限) have theirs here; the
/// others use [`result_body`].
pub fn result_body_at(app: &Application, outcome: &Outcome, now: DateTime<Utc>) -> String {
    match app.kind {
        ApplicationKind::OnestopConsent | ApplicationKind::OnestopConsentCancel => {
            crate::onestop::result_body(app, outcome, domain::dates::tokyo_date(now))
        }
        _ => result_body(app, outcome),
    }
}

/// The result notice's text: plain text, one paragraph per line.
pub fn result_body(app: &Application, outcome: &Outcome) -> String {
    let name = app.kind.label();
    let first = match (app.kind, outcome) {
        (ApplicationKind::OnlineLecture, Outcome::Completed) => {
            "オンライン講習の受講完了を記録しました。更新手続きは運転免許センター等で行ってください。".to_string()
        }
        (ApplicationKind::HonsekiChange, Outcome::Completed) => {
            "本籍のオンライン変更の申請の処理が完了し、免許情報の本籍が変更されました。".to_string()
        }
        (_, Outcome::Completed) => format!("「{name}」の申請の処理が完了しました。"),
        (_, Outcome::Rejected(_)) => format!("「{name}」の申請は却下されました。"),
    };
    let mut body = first;
    if let Outcome::Rejected(reason) = outcome {
        body.push_str(&format!("\n却下の理由：{reason}"));
    }
    body.push_str(&format!("\n受付番号：{}", app.id));
    body.push_str("\n申請の経過は「手続き状況」で確認できます。");
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_documents_choose_the_outcome() {
        assert_eq!(demo_outcome(r#"{"n":1}"#), Outcome::Completed);
        assert_eq!(demo_outcome("not json"), Outcome::Completed);
        assert_eq!(demo_outcome(r#"{"reject":"書類不備"}"#), Outcome::Rejected("書類不備".into()));
        assert!(matches!(demo_outcome(r#"{"reject":""}"#), Outcome::Rejected(_)));
    }
}
