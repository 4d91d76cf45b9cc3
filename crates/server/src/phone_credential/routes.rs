//! `/api/phone-credentials…`: registering, listing and deleting the phone signing
//! credential, and the password step of a phone signature. The rules are in [`super`].
//!
//! * `GET /api/phone-credentials` → the person's credentials and the password's tries;
//! * `POST /api/phone-credentials/challenge` → the registration document for the card;
//! * `POST /api/phone-credentials/registration` `{signed, password}` → WebAuthn creation
//!   options (the card signature checked; the session rotated, as on every card signature);
//! * `POST /api/phone-credentials` `{registration, credential}` → 201, the credential stored;
//! * `DELETE /api/phone-credentials/{id}` → 204 (the person's own only);
//! * `POST /api/phone-credentials/assertion` `{challenge, password}` → WebAuthn request
//!   options for a signed step's challenge.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64URL};
use base64::Engine;
use chrono::{Duration, Utc};
use domain::card::Challenge;
use domain::dates::western_date_time;
use domain::phone::{
    AssertionRequest, PhoneCredentialInfo, PhoneCredentials, RegistrationFinish, RegistrationOptions,
    RegistrationStart, MAX_TRIES,
};
use webauthn_rs::prelude::{PasskeyRegistration, RequestChallengeResponse, Url};

use super::{PhoneRefusal, PURPOSE, REGISTER};
use crate::error::{ApiError, ApiResult};
use crate::ids::{new_id, nonce};
use crate::json::ApiJson;
use crate::rate_limit::{limited, unlimited, Class};
use crate::session::{CurrentPerson, CurrentSession};
use crate::signature::{self, Verifier};
use crate::store::persons::Person;
use crate::store::phone_credentials::{self as store, CeremonyRow, CredentialRow};
use crate::AppState;
use routes::api;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(api::PHONE_CREDENTIALS, get(list).post(finish_registration).route_layer(unlimited()))
        .route(api::PHONE_CREDENTIALS_CHALLENGE, post(challenge).route_layer(limited(Class::Signing)))
        .route(api::PHONE_CREDENTIALS_REGISTRATION, post(start_registration).route_layer(limited(Class::Signing)))
        .route(api::PHONE_CREDENTIALS_ASSERTION, post(assertion).route_layer(limited(Class::Signing)))
        .route(api::PHONE_CREDENTIALS_ID, delete(remove).route_layer(unlimited()))
}

async fn list(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
) -> ApiResult<Json<PhoneCredentials>> {
    let rows = store::for_person(&state.store, &person.id).await?;
    let credentials = rows
        .iter()
        .map(|r| PhoneCredentialInfo {
            id: r.id.clone(),
            registered_at: western_date_time(r.created_at),
            last_used_at: r.last_used_at.map(western_date_time),
        })
        .collect();
    let tries_left = if rows.is_empty() { 0 } else { super::tries_left(&state, &person.id).await? };
    Ok(Json(PhoneCredentials { credentials, tries_left }))
}

/// The document the card signs to register: who, when, and a nonce.
async fn challenge(State(state): State<AppState>, CurrentPerson(person): CurrentPerson) -> ApiResult<Json<Challenge>> {
    let at = western_date_time(state.clock.now(&state.store).await?);
    let document = super::registration_document(&person.id, &at, &nonce())?;
    Ok(Json(signature::issue_challenge(&state.store, PURPOSE, document, Some(&person.id)).await?))
}

/// The card's signature and the password → the browser's creation options.
async fn start_registration(
    State(state): State<AppState>,
    session: CurrentSession,
    headers: HeaderMap,
    ApiJson(body): ApiJson<RegistrationStart>,
) -> ApiResult<Response> {
    let person = session.person.clone();
    let outcome = begin(&state, &person, &body).await;
    if let Err(e) = &outcome {
        super::audit(&state, &person.id, "register", e.code(), None).await?;
    }
    let options = outcome?;
    // A card signature is a re-authentication: a new session token.
    crate::session::with_rotated(&state, &headers, Json(options).into_response()).await
}

async fn begin(state: &AppState, person: &Person, body: &RegistrationStart) -> ApiResult<RegistrationOptions> {
    let origin = super::public_origin(state);
    let webauthn = super::webauthn_for(&origin)?;
    if body.signed.phone.is_some() {
        return Err(PhoneRefusal::CardRequired.into());
    }
    // The password's form first: a malformed one costs no card signature.
    let pin = super::normalise_password(&body.password)?;
    let (verified, _) = signature::verify_answer(Verifier::of(state), &body.signed, PURPOSE, Some(&person.id)).await?;
    let cert_der = signature::decode_b64("certificate", &body.signed.certificate)?;
    let password_hash = super::hash_password(&pin).await?;
    let existing: Vec<_> = store::for_person(&state.store, &person.id)
        .await?
        .iter()
        .filter_map(|r| B64URL.decode(&r.credential_id).ok())
        .collect();
    let (options, registration) = webauthn
        .start_passkey_registration(super::user_handle(&person.id), &person.id, &person.name, Some(existing))
        .map_err(|e| anyhow::anyhow!("webauthn start registration: {e}"))?;
    let id = new_id();
    let now = Utc::now();
    store::delete_expired_ceremonies(&state.store, now).await?;
    store::put_ceremony(
        &state.store,
        &CeremonyRow {
            id: id.clone(),
            kind: REGISTER.into(),
            person_id: person.id.clone(),
            state: serde_json::to_string(&registration).map_err(anyhow::Error::from)?,
            rp_origin: origin.as_str().to_string(),
            cert_serial: Some(verified.serial),
            cert_der: Some(B64.encode(&cert_der)),
            password_hash: Some(password_hash),
            expires_at: now + Duration::seconds(super::CEREMONY_SECS),
        },
    )
    .await?;
    Ok(RegistrationOptions { registration: id, options })
}

/// The credential the browser created → stored (201), with the password and every try.
async fn finish_registration(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
    ApiJson(body): ApiJson<RegistrationFinish>,
) -> ApiResult<(StatusCode, Json<PhoneCredentialInfo>)> {
    let credential = B64URL.encode(body.credential.raw_id.as_slice());
    let outcome = finish(&state, &person, &body).await;
    let code = match &outcome {
        Ok(_) => "ok",
        Err(e) => e.code(),
    };
    super::audit(&state, &person.id, "register", code, Some(&credential)).await?;
    Ok((StatusCode::CREATED, Json(outcome?)))
}

async fn finish(state: &AppState, person: &Person, body: &RegistrationFinish) -> ApiResult<PhoneCredentialInfo> {
    let ceremony = store::take_ceremony(&state.store, REGISTER, &person.id, &body.registration)
        .await?
        .filter(|c| c.expires_at > Utc::now())
        .ok_or(PhoneRefusal::RegistrationUnknown)?;
    let origin = Url::parse(&ceremony.rp_origin).map_err(|_| PhoneRefusal::UnsupportedOrigin)?;
    let webauthn = super::webauthn_for(&origin)?;
    let registration: PasskeyRegistration = serde_json::from_str(&ceremony.state).map_err(anyhow::Error::from)?;
    let passkey = webauthn.finish_passkey_registration(&body.credential, &registration).map_err(|e| {
        tracing::info!(person = %person.id, error = %e, "phone credential registration refused");
        PhoneRefusal::RegistrationFailed
    })?;
    let (Some(cert_serial), Some(cert_der), Some(password_hash)) =
        (ceremony.cert_serial, ceremony.cert_der, ceremony.password_hash)
    else {
        return Err(anyhow::anyhow!("registration ceremony without its certificate or password").into());
    };
    // Shown to the person: the business clock (the demo's), as every date they see.
    let now = state.clock.now(&state.store).await?;
    let row = CredentialRow {
        id: new_id(),
        person_id: person.id.clone(),
        credential_id: B64URL.encode(passkey.cred_id().as_slice()),
        passkey: serde_json::to_string(&passkey).map_err(anyhow::Error::from)?,
        sign_count: 0,
        cert_serial,
        cert_der,
        created_at: now,
        last_used_at: None,
    };
    let mut tx = state.store.begin().await?;
    if !store::insert(&mut tx, &row).await? {
        return Err(PhoneRefusal::CredentialTaken.into());
    }
    store::put_password(&mut tx, &person.id, &password_hash, i64::from(MAX_TRIES), now).await?;
    tx.commit().await?;
    tracing::info!(person = %person.id, credential = %row.credential_id, "phone credential registered");
    Ok(PhoneCredentialInfo { id: row.id, registered_at: western_date_time(now), last_used_at: None })
}

async fn remove(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let mut tx = state.store.begin().await?;
    if !store::delete(&mut tx, &person.id, &id).await? {
        return Err(ApiError::NotFound);
    }
    store::audit(&mut tx, &person.id, "delete", "ok", Some(&id)).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The password for a signed step's challenge → the WebAuthn request bound to it.
async fn assertion(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
    ApiJson(body): ApiJson<AssertionRequest>,
) -> ApiResult<Json<RequestChallengeResponse>> {
    let origin = super::public_origin(&state);
    Ok(Json(super::start_signature(&state, &person, &origin, &body.challenge, &body.password).await?))
}
