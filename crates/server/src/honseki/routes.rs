//! `/api/honseki/…`: the steps of the 本籍 change, each checked against the rules of
//! [`super`] in their order.
//!
//! * `GET /api/honseki` → `HonsekiStatus` (where the person stands; what the steps kept);
//! * `POST /api/honseki/identity` `CardAttributes` → 204 (steps 4–7, the card's 本人情報);
//! * `GET /api/honseki/koseki` → `KosekiRecord` (step 8);
//! * `POST /api/honseki/agreement` → 204 (step 9);
//! * `POST /api/honseki/challenge` → `Challenge` (steps 10–11, the document to sign);
//! * `POST /api/honseki` `SignedChallenge` + `Idempotency-Key` → 201 receipt (step 12);
//! * `DELETE /api/honseki/state` → 204 (「中断する」: what the steps kept is forgotten).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use chrono::{DateTime, Duration, Utc};
use domain::applications::{ApplicationKind, ApplicationSummary};
use domain::card::{Challenge, SignedChallenge};
use domain::dates::western_date_time;
use domain::eligibility::{allows, Service};
use domain::honseki::{self as doc, HonsekiStatus, KosekiRecord};
use domain::link::CardAttributes;

use super::{identity_matches, HonsekiRefusal, KeptSteps, FLOW, PURPOSE, STATE_MINUTES};
use crate::access::require_linked;
use crate::applications::signed::{submit_signed, SignedFlow};
use crate::error::{ApiError, ApiResult};
use crate::ids::nonce;
use crate::json::ApiJson;
use crate::rate_limit::{limited, unlimited, Class};
use crate::session::CurrentSession;
use crate::signature;
use crate::store::applications as app_store;
use crate::store::koseki::KosekiRow;
use crate::store::persons::Person;
use crate::store::{flow_states, persons};
use crate::AppState;
use routes::api;

const KIND: ApplicationKind = ApplicationKind::HonsekiChange;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(api::HONSEKI, get(status).post(submit).route_layer(limited(Class::Signing)))
        .route(api::HONSEKI_IDENTITY, post(identity).route_layer(unlimited()))
        .route(api::HONSEKI_KOSEKI, get(koseki).route_layer(unlimited()))
        .route(api::HONSEKI_AGREEMENT, post(agreement).route_layer(unlimited()))
        .route(api::HONSEKI_CHALLENGE, post(challenge).route_layer(limited(Class::Signing)))
        .route(api::HONSEKI_STATE, delete(forget).route_layer(unlimited()))
}

async fn load(state: &AppState, session: &CurrentSession, now: DateTime<Utc>) -> ApiResult<KeptSteps> {
    let json = flow_states::get(&state.store, &session.token_hash, FLOW, now).await?;
    // A state this build cannot read is no state (the steps ask again).
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default())
}

async fn save(state: &AppState, session: &CurrentSession, flow: &KeptSteps, now: DateTime<Utc>) -> ApiResult<()> {
    let json = serde_json::to_string(flow).map_err(anyhow::Error::from)?;
    let until = now + Duration::minutes(STATE_MINUTES);
    Ok(flow_states::put(&state.store, &session.token_hash, FLOW, &json, until).await?)
}

async fn pending(state: &AppState, person: &Person) -> ApiResult<bool> {
    Ok(app_store::has_pending(&state.store, &person.id, &[KIND.code()]).await?)
}

/// Rule 1: linked, and the holding status allows a 本籍 change.
fn eligible(person: &Person) -> ApiResult<()> {
    require_linked(person)?;
    if !allows(person.status, Service::HonsekiChange) {
        return Err(HonsekiRefusal::NotEligible.into());
    }
    Ok(())
}

/// Rule 2: no 本籍 application waiting for its result.
async fn none_pending(state: &AppState, person: &Person) -> ApiResult<()> {
    if pending(state, person).await? {
        return Err(HonsekiRefusal::ApplicationPending.into());
    }
    Ok(())
}

/// Rules 1–2: may this person start (or go on with) a 本籍 change now?
async fn may_apply(state: &AppState, person: &Person) -> ApiResult<()> {
    eligible(person)?;
    none_pending(state, person).await
}

/// Rules 1–4: the koseki record the application will name.
async fn koseki_record(state: &AppState, session: &CurrentSession, flow: &KeptSteps) -> ApiResult<KosekiRow> {
    may_apply(state, &session.person).await?;
    record_of(state, &session.person, flow).await
}

/// Rules 3–4, for someone rules 1–2 allow.
async fn record_of(state: &AppState, person: &Person, flow: &KeptSteps) -> ApiResult<KosekiRow> {
    if !person.koseki_history && flow.identity.is_none() {
        return Err(HonsekiRefusal::IdentityRequired.into());
    }
    // An unavailable koseki system is 503 `koseki_unavailable`; the kept steps stay.
    state.koseki.record(&person.id).await?.ok_or_else(|| HonsekiRefusal::KosekiNotFound.into())
}

/// Rules 1–5 and the koseki record, which must differ from the licence.
async fn ready_to_sign(state: &AppState, session: &CurrentSession, flow: &KeptSteps) -> ApiResult<KosekiRow> {
    let record = koseki_record(state, session, flow).await?;
    signable(&session.person, flow, record)
}

/// Rule 4's difference and rule 5, on the record rules 3–4 found.
fn signable(person: &Person, flow: &KeptSteps, record: KosekiRow) -> ApiResult<KosekiRow> {
    if record.honseki == person.honseki {
        return Err(HonsekiRefusal::NothingToChange.into());
    }
    if !flow.agreed {
        return Err(HonsekiRefusal::NotAgreed.into());
    }
    Ok(record)
}

async fn status(State(state): State<AppState>, session: CurrentSession) -> ApiResult<Json<HonsekiStatus>> {
    let person = &session.person;
    require_linked(person)?;
    let now = state.clock.now(&state.store).await?;
    let flow = load(&state, &session, now).await?;
    let latest = app_store::latest_of_kind(&state.store, &person.id, KIND.code()).await?;
    Ok(Json(HonsekiStatus {
        eligible: allows(person.status, Service::HonsekiChange),
        koseki_history: person.koseki_history,
        identity: flow.identity,
        agreed: flow.agreed,
        pending: pending(&state, person).await?,
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

/// Steps 4–7: the 本人情報 read from the card, kept for step 7 and what follows. A new
/// read starts the steps after it afresh (the agreement is asked again).
async fn identity(
    State(state): State<AppState>,
    session: CurrentSession,
    ApiJson(read): ApiJson<CardAttributes>,
) -> ApiResult<StatusCode> {
    may_apply(&state, &session.person).await?;
    crate::link::check_attributes(&read)?;
    if !identity_matches(&session.person, &read) {
        return Err(HonsekiRefusal::IdentityMismatch.into());
    }
    let now = state.clock.now(&state.store).await?;
    save(&state, &session, &KeptSteps { identity: Some(read), agreed: false }, now).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Step 8: 本籍 and 筆頭者氏名 from the koseki e-certificate.
async fn koseki(State(state): State<AppState>, session: CurrentSession) -> ApiResult<Json<KosekiRecord>> {
    let now = state.clock.now(&state.store).await?;
    let flow = load(&state, &session, now).await?;
    let record = koseki_record(&state, &session, &flow).await?;
    let same_as_license = record.honseki == session.person.honseki;
    Ok(Json(KosekiRecord { honseki: record.honseki, head_name: record.head_name, same_as_license }))
}

/// Step 9: 「確認事項に同意する」 and 「次へ」.
async fn agreement(State(state): State<AppState>, session: CurrentSession) -> ApiResult<StatusCode> {
    let now = state.clock.now(&state.store).await?;
    let mut flow = load(&state, &session, now).await?;
    let record = koseki_record(&state, &session, &flow).await?;
    if record.honseki == session.person.honseki {
        return Err(HonsekiRefusal::NothingToChange.into());
    }
    flow.agreed = true;
    save(&state, &session, &flow, now).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Steps 10–11: the document the card signs names the koseki record's 本籍 and 筆頭者氏名.
async fn challenge(State(state): State<AppState>, session: CurrentSession) -> ApiResult<Json<Challenge>> {
    let now = state.clock.now(&state.store).await?;
    let flow = load(&state, &session, now).await?;
    let record = ready_to_sign(&state, &session, &flow).await?;
    let person = &session.person;
    let at = western_date_time(now);
    let document = doc::document(&person.id, &record.honseki, &record.head_name, &at, &nonce())
        .map_err(|_| HonsekiRefusal::KosekiNotFound)?;
    Ok(Json(signature::issue_challenge(&state.store, PURPOSE, document, Some(&person.id)).await?))
}

/// Step 12: the signed application → 受付済 (201), or the one this key already made (200),
/// by the one signed path ([`applications::signed`]).
async fn submit(
    State(state): State<AppState>,
    session: CurrentSession,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SignedChallenge>,
) -> ApiResult<Response> {
    submit_signed(&state, &session, &headers, &body, &Submission).await
}

/// What the 本籍 change adds to the signed path: rules 1–6 and what follows.
struct Submission;

impl SignedFlow for Submission {
    const KIND: ApplicationKind = KIND;
    const PURPOSE: &'static str = PURPOSE;
    /// The koseki record the document must name.
    type Ready = KosekiRow;

    fn not_eligible(&self) -> ApiError {
        HonsekiRefusal::NotEligible.into()
    }

    /// Rules 2–5 (rule 1 is the path's eligibility), and a phone signature only with
    /// 戸籍連携履歴 (step 11 offers it to no one else).
    async fn ready(
        &self,
        state: &AppState,
        session: &CurrentSession,
        signed: &SignedChallenge,
        now: DateTime<Utc>,
    ) -> ApiResult<KosekiRow> {
        let person = &session.person;
        none_pending(state, person).await?;
        let flow = load(state, session, now).await?;
        let record = signable(person, &flow, record_of(state, person, &flow).await?)?;
        if signed.phone.is_some() && !person.koseki_history {
            return Err(HonsekiRefusal::PhoneNeedsKosekiHistory.into());
        }
        Ok(record)
    }

    /// Rule 6: the document names exactly the koseki record's 本籍 and 筆頭者氏名.
    fn names(&self, record: &KosekiRow, person: &Person, document: &str) -> ApiResult<()> {
        match doc::parse_document(document) {
            Some(d) if d.applicant == person.id && d.honseki == record.honseki && d.head_name == record.head_name => {
                Ok(())
            }
            _ => Err(HonsekiRefusal::DocumentMismatch.into()),
        }
    }

    /// The koseki link is made: steps 3–7 are skipped from now on. The steps' state is done.
    async fn after(&self, state: &AppState, session: &CurrentSession) -> ApiResult<()> {
        let mut tx = state.store.begin().await?;
        persons::set_koseki_history(&mut tx, &session.person.id).await?;
        flow_states::delete(&mut tx, &session.token_hash, FLOW).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// 「中断する」: forget what the steps kept.
async fn forget(State(state): State<AppState>, session: CurrentSession) -> ApiResult<StatusCode> {
    let mut conn = state.store.pool().acquire().await?;
    flow_states::delete(&mut conn, &session.token_hash, FLOW).await?;
    Ok(StatusCode::NO_CONTENT)
}
