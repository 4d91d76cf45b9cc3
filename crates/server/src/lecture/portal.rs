//! The portal's side: `GET /api/lecture` (「オンライン講習の受講」: 受講不可 and why, or done,
//! or how far along) and `POST /api/lecture/ticket` (「受講する」: the ticket the lecture
//! site is entered with).

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use chrono::Duration;
use domain::dates::tokyo_date;
use domain::lecture::{LectureStatus, LectureTicket};

use super::{available, content, LectureError, TICKET_SECS};
use crate::access::require_linked;
use crate::error::{ApiError, ApiResult};
use crate::ids::new_token;
use crate::session::{hash_token, idle_cutoff, CurrentPerson, CurrentSession};
use crate::store::{lecture as store, sessions};
use crate::AppState;

pub(super) async fn status(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
) -> ApiResult<Json<LectureStatus>> {
    require_linked(&person)?;
    let today = tokyo_date(state.clock.now(&state.store).await?);
    let mut status = LectureStatus {
        class: None,
        refusal: None,
        refusal_message: None,
        completed_on: None,
        chapters_done: 0,
        chapters: content::CHAPTERS,
    };
    match available(&person, today) {
        Ok((class, expiry)) => {
            status.class = Some(class);
            if let Some(p) = store::progress(&state.store, &person.id, expiry).await? {
                status.chapters_done = p.chapters_done;
                status.completed_on = p.completed_at.map(tokyo_date);
            }
        }
        Err(refusal) => {
            status.refusal_message = Some(refusal.message());
            status.refusal = Some(refusal);
        }
    }
    Ok(Json(status))
}

/// 「受講する」: a ticket for the lecture site, for someone who may take the lecture now and
/// has not finished it for this renewal. The ticket is bound to this portal session: only
/// it can redeem the ticket, and the lecture-site session ends with it (issue 24).
pub(super) async fn ticket(State(state): State<AppState>, session: CurrentSession) -> ApiResult<impl IntoResponse> {
    let person = session.person;
    require_linked(&person)?;
    let now = state.wall.now();
    let chain = match session.replaced {
        false => sessions::person_and_chain(&state.store, &session.token_hash, now, idle_cutoff(now)).await?,
        // A token a rotation replaced may only be replaced.
        true => None,
    };
    let (_, chain) = chain.ok_or(ApiError::NotLoggedIn)?;
    let today = tokyo_date(state.clock.now(&state.store).await?);
    let (_, expiry) = available(&person, today).map_err(LectureError::NotAvailable)?;
    if store::progress(&state.store, &person.id, expiry).await?.is_some_and(|p| p.completed_at.is_some()) {
        return Err(LectureError::AlreadyCompleted.into());
    }
    let token = new_token();
    let expires_at = now + Duration::seconds(TICKET_SECS);
    store::insert_ticket(&state.store, &hash_token(&token), &person.id, &chain, expires_at).await?;
    let url = format!("/lecture?ticket={token}");
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(LectureTicket { ticket: token, url })))
}
