//! What processing does for each kind of application: its effect on the records and the
//! text of its result notice. Each kind's flow owns its effect; this is the one place
//! that maps a kind to it, so the applications core never imports a flow.

use chrono::{DateTime, Utc};
use domain::applications::ApplicationKind;

use crate::adapters::registry::Registry;
use crate::applications::{results, Outcome};
use crate::store::applications::Application;
use crate::store::{Conn, Store};

/// The effect of a kind that changes an external system (the driver registry), run before
/// the worker's transaction: `Some` outcome for such a kind, `None` for the others (their
/// effect is [`apply`]'s). Each call carries the application's idempotency key, so the
/// call repeated after a crash or a lost answer is the same write. An `Err` leaves the
/// application 処理中 for the next run.
pub async fn external(registry: &dyn Registry, store: &Store, app: &Application) -> anyhow::Result<Option<Outcome>> {
    match app.kind {
        ApplicationKind::HonsekiChange => crate::honseki::effects::apply(registry, store, app).await.map(Some),
        _ => Ok(None),
    }
}

/// After [`external`] decided `outcome`, inside the transaction that records it: what the
/// portal's own copy of the record takes from it (the new 本籍 on the licence view).
pub async fn after_external(conn: &mut Conn, app: &Application, outcome: &Outcome) -> anyhow::Result<()> {
    match app.kind {
        ApplicationKind::HonsekiChange => crate::honseki::effects::copy_recorded(conn, app, outcome).await,
        _ => Ok(()),
    }
}

/// The kind's local effect, run inside the transaction that records the final status and
/// the result notice: it commits with them or not at all, so a crash never half-applies it.
/// An `Err` leaves the application 処理中 for the next run to retry.
pub async fn apply(conn: &mut Conn, app: &Application, now: DateTime<Utc>) -> anyhow::Result<Outcome> {
    match app.kind {
        ApplicationKind::Demo => Ok(crate::demo::application_outcome(&app.document)),
        ApplicationKind::OnestopConsent => crate::onestop::effects::apply_consent(conn, app, now).await,
        ApplicationKind::OnestopConsentCancel => crate::onestop::effects::apply_cancel(conn, app, now).await,
        ApplicationKind::HonsekiChange => anyhow::bail!("a 本籍 change is the registry's ([`external`])"),
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
