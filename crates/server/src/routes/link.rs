//! Linking the portal with the licence system, and unlinking (manual 2章 ①).
//! The rules and their order are in [`crate::link`]; handlers only run them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use domain::api::SessionInfo;
use domain::card::Challenge;
use domain::dates::western_date_time;
use domain::link::{CardAttributes, LinkRequest};

use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::link::{self, LinkRefusal};
use crate::pki::x509;
use crate::routes::session::session_info;
use crate::session::CurrentPerson;
use crate::signature::{self, SignatureError};
use crate::store::audit::{self, LinkAction};
use crate::store::persons::{self, Person};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/link/check", post(check))
        .route("/api/link/challenge", post(challenge))
        .route("/api/link", post(complete))
        .route("/api/link/unlink", post(unlink))
}

fn precheck(person: &Person, attributes: &CardAttributes) -> Result<(), LinkRefusal> {
    link::may_link(person)?;
    link::check_attributes(attributes)
}

/// Step 7 「送信」: refuse early what cannot succeed (status, pre-procedures, malformed
/// attributes). Nothing is stored.
async fn check(CurrentPerson(person): CurrentPerson, ApiJson(attributes): ApiJson<CardAttributes>) -> ApiResult<StatusCode> {
    precheck(&person, &attributes)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Step 8 「同意する」: the document to sign names the terms and the attributes' digest.
async fn challenge(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
    ApiJson(attributes): ApiJson<CardAttributes>,
) -> ApiResult<Json<Challenge>> {
    precheck(&person, &attributes)?;
    let at = western_date_time(state.clock.now(&state.store).await?);
    let document = link::agreement_document(&person.id, &attributes, &at);
    Ok(Json(signature::issue_challenge(&state.store, link::PURPOSE, document, Some(&person.id)).await?))
}

/// Steps 9–10: the signed agreement. Every attempt is audited, refused ones with their code.
async fn complete(
    State(state): State<AppState>,
    CurrentPerson(person): CurrentPerson,
    ApiJson(body): ApiJson<LinkRequest>,
) -> ApiResult<Json<SessionInfo>> {
    match verify_link(&state, &person, &body).await {
        Ok(serial) => {
            let mut tx = state.store.begin().await.map_err(anyhow::Error::from)?;
            let done = sqlx::query("UPDATE persons SET linked = TRUE WHERE id = $1 AND linked = FALSE")
                .bind(&person.id)
                .execute(&mut *tx)
                .await
                .map_err(anyhow::Error::from)?;
            // A concurrent second request lost the race: refused like any second link.
            let outcome = if done.rows_affected() == 1 { "ok" } else { LinkRefusal::AlreadyLinked.code() };
            audit::record(&mut tx, &person.id, LinkAction::Link, outcome, Some(&serial)).await?;
            tx.commit().await.map_err(anyhow::Error::from)?;
            if outcome != "ok" {
                return Err(LinkRefusal::AlreadyLinked.into());
            }
            let person = persons::get(&state.store, &person.id).await?.ok_or(ApiError::NotLoggedIn)?;
            tracing::info!(person = %person.id, %serial, "linked");
            Ok(Json(session_info(&person)))
        }
        Err((err, serial)) => {
            let mut conn = state.store.pool().acquire().await.map_err(anyhow::Error::from)?;
            audit::record(&mut conn, &person.id, LinkAction::Link, err.code(), serial.as_deref()).await?;
            Err(err)
        }
    }
}

/// The checks of [`crate::link`] in order; the certificate serial (when one was read) goes
/// to the audit trail either way.
async fn verify_link(state: &AppState, person: &Person, body: &LinkRequest) -> Result<String, (ApiError, Option<String>)> {
    precheck(person, &body.attributes).map_err(|e| (e.into(), None))?;
    let cert_der = signature::decode_b64("certificate", &body.certificate).map_err(|e| (e.into(), None))?;
    let sig = signature::decode_b64("signature", &body.signature).map_err(|e| (e.into(), None))?;
    let cert = x509::parse(&cert_der).map_err(|e| (SignatureError::Malformed(e).into(), None))?;
    let serial = Some(cert.serial.clone());
    link::attributes_match(&body.attributes, cert.basic_four.as_ref()).map_err(|e| (e.into(), serial.clone()))?;
    let verified = signature::verify_signed(
        &state.store,
        state.clock,
        &body.challenge,
        link::PURPOSE,
        &cert_der,
        &sig,
        Some(&person.id),
    )
    .await
    .map_err(|e| (e.into(), serial.clone()))?;
    // The signed document must name exactly the attributes sent now.
    let expected = link::attributes_digest(&body.attributes);
    if link::digest_in_document(&verified.document) != Some(expected.as_str()) {
        return Err((LinkRefusal::AttributesMismatch.into(), serial));
    }
    Ok(verified.serial)
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
