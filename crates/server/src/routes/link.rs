//! Linking the portal with the licence system, and unlinking (manual 2章 ①).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;

use crate::error::{ApiError, ApiResult};
use crate::session::CurrentPerson;
use crate::store::audit::{self, LinkAction};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/link/unlink", post(unlink))
}

/// 「同意して次へ」 on 「アカウント連携解除の同意確認」. Applications in progress do not
/// block it (the manual only warns); unlinking someone not linked is refused cleanly.
async fn unlink(State(state): State<AppState>, CurrentPerson(person): CurrentPerson) -> ApiResult<StatusCode> {
    let mut tx = state.store.begin().await.map_err(anyhow::Error::from)?;
    let done = sqlx::query("UPDATE persons SET linked = FALSE WHERE id = $1 AND linked = TRUE")
        .bind(&person.id)
        .execute(&mut *tx)
        .await
        .map_err(anyhow::Error::from)?;
    let outcome = if done.rows_affected() == 1 { "ok" } else { "not_linked" };
    audit::record(&mut tx, &person.id, LinkAction::Unlink, outcome, None).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    if outcome == "ok" {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotLinked)
    }
}
