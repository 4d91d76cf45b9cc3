//! `POST /api/link/unlink`: 「同意して次へ」 on 「アカウント連携解除の同意確認」.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;

use crate::error::{ApiError, ApiResult};
use crate::rate_limit::unlimited;
use crate::session::CurrentPerson;
use crate::store::audit::{self, LinkAction};
use crate::store::persons;
use crate::AppState;
use routes::api;

pub fn routes() -> Router<AppState> {
    Router::new().route(api::LINK_UNLINK, post(unlink).route_layer(unlimited()))
}

async fn unlink(State(state): State<AppState>, CurrentPerson(person): CurrentPerson) -> ApiResult<StatusCode> {
    let mut tx = state.store.begin().await?;
    let unlinked = persons::change_link(&mut tx, &person.id, false).await?;
    let outcome = if unlinked { "ok" } else { "not_linked" };
    audit::record(&mut tx, &person.id, LinkAction::Unlink, outcome, None).await?;
    tx.commit().await?;
    if unlinked {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotLinked)
    }
}
