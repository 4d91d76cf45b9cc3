//! `/api/demo/*`: test and reviewer controls (SPEC §5). Mounted only with `--demo`.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::api::{
    CardHold, CardRemoval, DemoCardPin, DemoClock, DemoLogin, DemoPerson, DemoPin, ProcessReport, SessionInfo,
};

use crate::access::is_linked;
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::notices::due::send_time_notices;
use crate::rate_limit::unlimited;
use crate::session::{self, session_info};
use crate::store::persons;
use crate::{clock, demo, worker, AppState};
use routes::api;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(api::DEMO_PEOPLE, get(people).route_layer(unlimited()))
        .route(api::DEMO_RESET, post(reset).route_layer(unlimited()))
        .route(api::DEMO_LOGIN, post(login).route_layer(unlimited()))
        .route(api::DEMO_CLOCK, get(get_clock).put(put_clock).route_layer(unlimited()))
        .route(api::DEMO_PROCESS, post(process).route_layer(unlimited()))
        .route(api::DEMO_CARD_REMOVAL, post(card_removal).route_layer(unlimited()))
        .route(api::DEMO_CARD_HOLD, post(card_hold).route_layer(unlimited()))
        .route(api::DEMO_CARD_PIN, post(card_pin).route_layer(unlimited()))
}

async fn people(State(state): State<AppState>) -> ApiResult<Json<Vec<DemoPerson>>> {
    let people = persons::list(&state.store).await?;
    Ok(Json(
        people
            .iter()
            .map(|p| DemoPerson { id: p.id.clone(), name: p.name.clone(), status: p.status, linked: is_linked(p) })
            .collect(),
    ))
}

/// Everything back to SPEC §5, including dropping every session — the caller's too,
/// so its cookie is cleared — and every rate-limit bucket full (this process's and the
/// shared ones; another instance's per-address buckets are its own).
async fn reset(State(state): State<AppState>) -> ApiResult<impl IntoResponse> {
    state.worker.cancel_pending();
    demo::reset(&state.store).await?;
    state.limiter.clear();
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, session::clearing_cookie(&state))]))
}

/// A session without a card read: the e2e shortcut.
async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<DemoLogin>,
) -> ApiResult<impl IntoResponse> {
    let person = persons::get(&state.store, &body.person).await?.ok_or(ApiError::UnknownPerson)?;
    let cookie = session::start(&state, &headers, &person.id).await?;
    let info: SessionInfo = session_info(&person);
    Ok(([(header::SET_COOKIE, cookie)], Json(info)))
}

async fn get_clock(State(state): State<AppState>) -> ApiResult<Json<DemoClock>> {
    Ok(Json(DemoClock { now: clock::demo_now(&state.store).await? }))
}

async fn put_clock(State(state): State<AppState>, ApiJson(body): ApiJson<DemoClock>) -> ApiResult<Json<DemoClock>> {
    if !clock::demo_settable(body.now) {
        return Err(demo::DemoRefusal::ClockOutOfRange.into());
    }
    let mut conn = state.store.pool().acquire().await?;
    let now = clock::set_demo(&mut conn, body.now).await?;
    drop(conn);
    // Moving the clock may open a notice's period: send what is due now, once.
    send_time_notices(&state).await?;
    Ok(Json(DemoClock { now }))
}

/// The demo reader control: the next read of this person's card loses the card after
/// `after` APDUs (mid-read), so 「再読み取り」 can be tried.
async fn card_removal(State(state): State<AppState>, ApiJson(body): ApiJson<CardRemoval>) -> ApiResult<StatusCode> {
    persons::get(&state.store, &body.person).await?.ok_or(ApiError::UnknownPerson)?;
    crate::card::removal::arm(&state.store, &body.person, body.after.min(1000)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The demo reader control that holds the card (see `card::removal`): the next read of
/// this person's card stops answering after `after` APDUs.
async fn card_hold(State(state): State<AppState>, ApiJson(body): ApiJson<CardHold>) -> ApiResult<StatusCode> {
    persons::get(&state.store, &body.person).await?.ok_or(ApiError::UnknownPerson)?;
    crate::card::removal::arm_hold(&state.store, &body.person, body.after.min(1000)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One PIN of a person's virtual card with this many tries left (0 locks it): the PIN
/// dialog's 「残り n 回」 and locked states without mistyping the PIN that often first.
async fn card_pin(State(state): State<AppState>, ApiJson(body): ApiJson<DemoCardPin>) -> ApiResult<StatusCode> {
    let pin = match body.pin {
        DemoPin::CardInfo => jpki::PinKind::CardInfo,
        DemoPin::Auth => jpki::PinKind::Auth,
        DemoPin::Signing => jpki::PinKind::Signing,
    };
    crate::card::set_tries(&state, &body.person, pin, body.tries_left).await?.ok_or(ApiError::UnknownPerson)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn process(State(state): State<AppState>) -> ApiResult<Json<ProcessReport>> {
    Ok(Json(worker::run_once(&state).await?))
}
