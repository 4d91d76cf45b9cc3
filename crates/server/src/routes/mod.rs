//! `/api/…` routes (docs/CONTRACT-skeleton.md). Demo routes are mounted only in demo
//! mode, so outside it they fall to the same 404 `not_found` as any unknown path.

pub mod applications;
pub mod card;
pub mod demo;
pub mod license;
pub mod link;
pub mod login;
pub mod notices;
pub mod onestop;
pub mod session;

use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::AppState;

pub fn api(demo_mode: bool) -> Router<AppState> {
    let router = Router::new()
        .route("/api/health", get(health))
        .merge(session::routes())
        .merge(login::routes())
        .merge(applications::routes())
        .merge(notices::routes())
        .merge(license::routes())
        .merge(link::routes())
        .merge(onestop::routes());
    if demo_mode {
        router.merge(demo::routes()).merge(card::routes()).merge(onestop::demo_routes())
    } else {
        router
    }
}

/// xtask waits for this before running e2e suites.
async fn health() -> Json<Value> {
    Json(json!({ "ok": true }))
}
