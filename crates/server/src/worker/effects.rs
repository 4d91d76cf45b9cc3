//! What processing does for each kind of application: its effect on the records and the
//! text of its result notice. Each kind's flow owns its effect; this is the one place
//! that maps a kind to it, so the applications core never imports a flow.

use chrono::{DateTime, Utc};
use domain::applications::ApplicationKind;

use crate::applications::{results, Outcome};
use crate::store::applications::Application;
use crate::store::Conn;

/// The kind's effect, run inside the transaction that records the final status and the
/// result notice: it commits with them or not at all, so a crash never half-applies it.
/// An `Err` leaves the application 処理中 for the next run to retry.
pub async fn apply(conn: &mut Conn, app: &Application, now: DateTime<Utc>) -> anyhow::Result<Outcome> {
    match app.kind {
        ApplicationKind::Demo => Ok(crate::demo::application_outcome(&app.document)),
        ApplicationKind::OnestopConsent => crate::onestop::effects::apply_consent(conn, app, now).await,
        ApplicationKind::OnestopConsentCancel => crate::onestop::effects::apply_cancel(conn, app, now).await,
        ApplicationKind::HonsekiChange => crate::honseki::effects::apply(conn, app).await,
        ApplicationKind::OnlineLecture => crate::lecture::effects::apply(conn, app).await,
    }
}

/// The result notice's text when processed at `now`: kinds whose text names the
/// processing date (the one-stop consent's 同意日 and 有効期限) have theirs here; the
/// others use [`results::result_body`].
pub fn result_body_at(app: &Application, outcome: &Outcome, now: DateTime<Utc>) -> String {
    match app.kind {
        ApplicationKind::OnestopConsent | ApplicationKind::OnestopConsentCancel => {
            crate::onestop::effects::result_body(app, outcome, domain::dates::tokyo_date(now))
        }
        ApplicationKind::HonsekiChange => crate::honseki::effects::result_body(app, outcome),
        ApplicationKind::OnlineLecture => crate::lecture::effects::result_body(app, outcome),
        _ => results::result_body(app, outcome),
    }
}
