//! Every route has a rate-limit policy, declared where the route is (issue 27): the test
//! reads every `.route("PATH", …)` in `crates/server/src` (common::authz, as the
//! authorisation table does), sends each of its methods through
//! the real router (demo mode, so the demo's routes are there too) and finds the route's
//! `rate_limit::Policy` on the answer. A route added without `.route_layer(limited(…))` or
//! `.route_layer(unlimited())` fails here. The limited ones are the endpoints a loop could
//! abuse (docs/SECURITY.md, issue 16); everything else is open.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request};
use common::authz::declared_routes;
use server::rate_limit::{Class, Policy};
use tower::ServiceExt;

/// The limited routes and their class; every other route is `Policy::Open`.
const LIMITED: [(&str, Class); 16] = [
    ("/api/login/challenge", Class::Login),
    ("/api/login/card", Class::Login),
    ("/api/card/apdu", Class::Card),
    ("/api/card/session", Class::Card),
    ("/api/link/challenge", Class::Signing),
    ("/api/link", Class::Signing),
    ("/api/honseki/challenge", Class::Signing),
    ("/api/honseki", Class::Signing),
    ("/api/onestop/consent/challenge", Class::Signing),
    ("/api/onestop/consent", Class::Signing),
    ("/api/onestop/cancel/challenge", Class::Signing),
    ("/api/onestop/cancel", Class::Signing),
    ("/api/phone-credentials/challenge", Class::Signing),
    ("/api/phone-credentials/registration", Class::Signing),
    ("/api/phone-credentials/assertion", Class::Signing),
    ("/api/lecture/ticket", Class::Signing),
];

#[tokio::test]
async fn every_route_has_a_policy() {
    let app = common::app(true).await;
    // Every `(METHOD, PATH)` the source declares (the fallback, `*`, is no route).
    let routes: Vec<(String, String)> = declared_routes().into_iter().filter(|(_, path)| path != "*").collect();
    assert!(routes.len() > 50, "the routes are read: {routes:?}");
    let mut wrong = Vec::new();
    for (method, path) in &routes {
        let uri = path.replace("{n}", "1").replace("{flow}", "consent").replace("{id}", "x");
        let expected = match LIMITED.iter().find(|(p, _)| p == path) {
            Some((_, class)) => Policy::Limited(*class),
            None => Policy::Open,
        };
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = Request::builder().method(method.clone()).uri(&uri).header(header::HOST, common::HOST);
        if method != Method::GET {
            req = req
                .header(header::ORIGIN, format!("http://{}", common::HOST))
                .header("sec-fetch-site", "same-origin")
                .header(header::CONTENT_TYPE, "application/json");
        }
        let res = app.router.clone().oneshot(req.body(Body::from("{}")).unwrap()).await.unwrap();
        let policy = res.extensions().get::<Policy>().copied();
        if policy != Some(expected) {
            wrong.push(format!("{method} {path}: {policy:?} (status {}), expected {expected:?}", res.status()));
        }
    }
    assert!(wrong.is_empty(), "routes without their policy:\n{}", wrong.join("\n"));
    // Every limited route is one that exists.
    for (path, _) in LIMITED {
        assert!(routes.iter().any(|(_, p)| p == path), "{path} is no route");
    }
}

/// Every API path is written once (issue 27): each router declares its routes with
/// `routes::api`'s constants — which the SPA's client and the page table's preloads use
/// too — and writes no path out; every constant is a route.
#[test]
fn every_route_path_is_one_of_the_shared_constants() {
    let written_out = common::authz::paths_written_out();
    // catch_panic's own unit test builds a router of its own (after #[cfg(test)]): not read.
    assert!(
        written_out.is_empty(),
        "paths written out instead of routes::api's constants:\n{}",
        written_out.join("\n")
    );
    let declared: std::collections::BTreeSet<String> = declared_routes().into_iter().map(|(_, p)| p).collect();
    for (name, path) in routes::api::ALL {
        assert!(declared.contains(path), "routes::api::{name} ({path}) is no route");
    }
    // And the preloads of the page table name only routes (or the terms' files).
    for page in routes::PAGES {
        for url in page.preload {
            assert!(
                declared.contains(*url) || url.starts_with("/terms/") || url.starts_with("/api/onestop/steps/"),
                "{}: {url}",
                page.path
            );
        }
    }
}
