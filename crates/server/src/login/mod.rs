//! Logging in and out (SPEC §4.1): card login with the 利用者証明用電子証明書 (routes.rs)
//! and the session endpoints (session.rs). Sessions themselves are `crate::session`.

pub mod routes;
pub mod session;

use axum::Router;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    routes::routes().merge(session::routes())
}
