//! The lecture's routes: the portal's side (`/api/lecture…`, portal.rs) and the lecture
//! site, a service of its own (`/api/lecture-site/…`, site.rs).

use axum::routing::{get, post, put};
use axum::Router;

use super::{portal, site};
use crate::rate_limit::{limited, unlimited, Class};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/lecture", get(portal::status).route_layer(unlimited()))
        .route("/api/lecture/ticket", post(portal::ticket).route_layer(limited(Class::Signing)))
        .route("/api/lecture-site/enter", post(site::enter).route_layer(unlimited()))
        .route("/api/lecture-site/attendee", get(site::attendee).route_layer(unlimited()))
        .route("/api/lecture-site/language", put(site::language).route_layer(unlimited()))
        .route("/api/lecture-site/chapters/{n}", get(site::chapter).route_layer(unlimited()))
        .route("/api/lecture-site/chapters/{n}/answer", post(site::answer).route_layer(unlimited()))
}
