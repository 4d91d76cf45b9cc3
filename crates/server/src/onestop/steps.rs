//! What the steps of start, renew and cancel gave the server, kept against the session for
//! ten minutes (`crate::store::flow_states`), so each step has its own URL and a reload
//! keeps it: the terms agreed to, the items chosen. A challenge is issued only for the
//! flow whose terms were agreed to.
//!
//! * `GET /api/onestop/steps/{flow}` → `OnestopSteps`;
//! * `POST /api/onestop/steps/{flow}/terms` → 204 (「同意する」 under the terms);
//! * `PUT /api/onestop/steps/{flow}/items` `{items}` → 204 (start and renew: the choice).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::{DateTime, Duration, Utc};
use domain::applications::ApplicationSummary;
use domain::onestop::{ConsentItems, ConsentSelection, OnestopFlow, OnestopSteps};
use serde::{Deserialize, Serialize};

use super::OnestopRefusal;
use crate::applications::eligibility;
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::rate_limit::unlimited;
use crate::session::CurrentSession;
use crate::store::applications as app_store;
use crate::store::flow_states;
use crate::AppState;
use routes::api;

const FLOW_STATE: &str = "onestop";
const MINUTES: i64 = 10;

/// What the one-stop steps gave the server (which procedure, the terms, the chosen items),
/// kept between them against the session. One procedure's steps at a time: starting
/// another forgets the first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptSteps {
    pub flow: Option<OnestopFlow>,
    pub terms_agreed: bool,
    pub items: Option<ConsentItems>,
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(api::ONESTOP_STEPS_FLOW, get(steps).route_layer(unlimited()))
        .route(api::ONESTOP_STEPS_FLOW_TERMS, post(terms).route_layer(unlimited()))
        .route(api::ONESTOP_STEPS_FLOW_ITEMS, put(items).route_layer(unlimited()))
}

fn flow_of(code: &str) -> ApiResult<OnestopFlow> {
    OnestopFlow::from_code(code).ok_or(ApiError::NotFound)
}

pub async fn load(state: &AppState, session: &CurrentSession, now: DateTime<Utc>) -> ApiResult<KeptSteps> {
    let json = flow_states::get(&state.store, &session.token_hash, FLOW_STATE, now).await?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default())
}

async fn save(state: &AppState, session: &CurrentSession, steps: &KeptSteps, now: DateTime<Utc>) -> ApiResult<()> {
    let json = serde_json::to_string(steps).map_err(anyhow::Error::from)?;
    Ok(flow_states::put(&state.store, &session.token_hash, FLOW_STATE, &json, now + Duration::minutes(MINUTES)).await?)
}

/// The terms of one of `flows` were agreed to in this session (the steps after them may run).
pub async fn require_terms(state: &AppState, session: &CurrentSession, flows: &[OnestopFlow]) -> ApiResult<KeptSteps> {
    let now = state.clock.now(&state.store).await?;
    let steps = load(state, session, now).await?;
    match steps.flow {
        Some(f) if flows.contains(&f) && steps.terms_agreed => Ok(steps),
        _ => Err(OnestopRefusal::TermsNotAgreed.into()),
    }
}

/// The application is in: its steps are done.
pub async fn finish(state: &AppState, session: &CurrentSession) -> ApiResult<()> {
    let mut conn = state.store.pool().acquire().await?;
    Ok(flow_states::delete(&mut conn, &session.token_hash, FLOW_STATE).await?)
}

/// May this person run `flow` at all (before anything is kept)?
async fn may_run(state: &AppState, session: &CurrentSession, flow: OnestopFlow) -> ApiResult<()> {
    let today = domain::dates::tokyo_date(state.clock.now(&state.store).await?);
    eligibility::check(state.config.demo, &session.person, flow.kind(), today)?;
    if flow == OnestopFlow::Cancel && !super::has_something_to_cancel(&state.store, &session.person).await? {
        return Err(OnestopRefusal::NothingToCancel.into());
    }
    if flow != OnestopFlow::Cancel {
        let now = state.clock.now(&state.store).await?;
        super::require_cert_outlasts_consent(&state.store, &session.person, now).await?;
    }
    Ok(())
}

async fn steps(
    State(state): State<AppState>,
    session: CurrentSession,
    Path(flow): Path<String>,
) -> ApiResult<Json<OnestopSteps>> {
    let flow = flow_of(&flow)?;
    super::may_view(&session.person)?;
    let now = state.clock.now(&state.store).await?;
    let kept = load(&state, &session, now).await?;
    let this = kept.flow == Some(flow);
    let latest = app_store::latest_of_kind(&state.store, &session.person.id, flow.kind().code()).await?;
    Ok(Json(OnestopSteps {
        terms_agreed: this && kept.terms_agreed,
        items: if this { kept.items } else { None },
        latest: latest.map(|a| ApplicationSummary {
            receipt_no: a.receipt_no,
            id: a.id,
            kind: a.kind,
            status: a.status,
            submitted_at: a.created_at,
            updated_at: a.updated_at,
        }),
    }))
}

async fn terms(
    State(state): State<AppState>,
    session: CurrentSession,
    Path(flow): Path<String>,
) -> ApiResult<StatusCode> {
    let flow = flow_of(&flow)?;
    may_run(&state, &session, flow).await?;
    let now = state.clock.now(&state.store).await?;
    save(&state, &session, &KeptSteps { flow: Some(flow), terms_agreed: true, items: None }, now).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn items(
    State(state): State<AppState>,
    session: CurrentSession,
    Path(flow): Path<String>,
    ApiJson(body): ApiJson<ConsentSelection>,
) -> ApiResult<StatusCode> {
    let flow = flow_of(&flow)?;
    if flow == OnestopFlow::Cancel {
        return Err(ApiError::NotFound);
    }
    let mut steps = require_terms(&state, &session, &[flow]).await?;
    steps.items = Some(body.items);
    let now = state.clock.now(&state.store).await?;
    save(&state, &session, &steps, now).await?;
    Ok(StatusCode::NO_CONTENT)
}
