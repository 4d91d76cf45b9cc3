//! The lecture's routes: the portal's side (`/api/lecture…`, portal.rs) and the lecture
//! site, a service of its own (`/api/lecture-site/…`, site.rs).

use axum::routing::{get, post, put};
use axum::Router;

use super::{portal, site};
use crate::rate_limit::{limited, unlimited, Class};
use crate::AppState;
use routes::api;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(api::LECTURE, get(portal::status).route_layer(unlimited()))
        .route(api::LECTURE_TICKET, post(portal::ticket).route_layer(limited(Class::Signing)))
        .route(api::LECTURE_SITE_ENTER, post(site::enter).route_layer(unlimited()))
        .route(api::LECTURE_SITE_ATTENDEE, get(site::attendee).route_layer(unlimited()))
        .route(api::LECTURE_SITE_LANGUAGE, put(site::language).route_layer(unlimited()))
        .route(api::LECTURE_SITE_CHAPTERS_N, get(site::chapter).route_layer(unlimited()))
        .route(api::LECTURE_SITE_CHAPTERS_N_ANSWER, post(site::answer).route_layer(unlimited()))
}
