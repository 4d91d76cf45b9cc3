//! The SPA from `--dist`: files (with xtask's `.br`/`.gz` beside them), cache headers by
//! name, and the client-side-routing fallback to index.html.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

use crate::error::ApiError;
use crate::http_cache::cache_control;
use crate::security::is_api_path;
use crate::AppState;

pub struct Dist {
    pub root: PathBuf,
    files: ServeDir,
}

impl Dist {
    pub fn new(root: &Path) -> Dist {
        Dist { root: root.to_path_buf(), files: ServeDir::new(root).precompressed_br().precompressed_gzip() }
    }
}

/// A path whose last segment has no `.` is a client-side route (`/license/link`); one
/// with a `.` is a file, and a missing file is a real 404 (not index.html, which would
/// hide broken asset links behind a 200).
fn is_route(path: &str) -> bool {
    !path.rsplit('/').next().unwrap_or_default().contains('.')
}

const NOT_BUILT: &str = "<!doctype html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">\
<title>SPA 未ビルド</title></head><body><h1>画面（SPA）がまだビルドされていません</h1>\
<p>API は動いています。画面を表示するには、リポジトリの最上位で <code>cargo xtask demo</code> を実行してください。</p>\
</body></html>\n";

/// The router's fallback: unknown `/api/*` is a problem+json 404; everything else is the SPA.
pub async fn fallback(State(state): State<AppState>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    if is_api_path(&path) {
        return ApiError::NotFound.into_response();
    }
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")]).into_response();
    }
    let dist = &state.dist;
    let index_mtime = tokio::fs::metadata(dist.root.join("index.html")).await.and_then(|m| m.modified()).ok();
    if index_mtime.is_none() {
        return not_built(&path);
    }

    let is_page = routes::find(&path).is_some();
    if is_page || path.ends_with("/index.html") {
        // A rebuilt index.html carries a new loader script: keep the CSP hash in step.
        state.csp.refresh_if_changed(index_mtime);
    }

    // A logged-in person's /license comes with the record already painted (first_paint.rs).
    if path == "/license" && *req.method() == Method::GET {
        if let Some(res) = crate::first_paint::license_page(&state, req.headers(), index_mtime).await {
            return res;
        }
    }
    // A page of the route table: index.html with that page's preloads (spa_html.rs).
    if is_page {
        if let Some(res) = state.spa.respond(index_mtime, &path, req.method(), req.headers()) {
            return res;
        }
    }

    let (method, headers) = (req.method().clone(), req.headers().clone());
    let res = serve(dist, req).await;
    if res.status() == StatusCode::NOT_FOUND && is_route(&path) {
        // No such page: index.html (the SPA says so) with a 404.
        state.csp.refresh_if_changed(index_mtime);
        if let Some(res) = state.spa.respond(index_mtime, &path, &method, &headers) {
            return res;
        }
    }
    let is_index = path.ends_with('/') || path.ends_with("/index.html");
    with_cache_headers(res, &path, is_index)
}

async fn serve(dist: &Dist, req: Request) -> Response {
    match dist.files.clone().oneshot(req).await {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    }
}

fn with_cache_headers(mut res: Response, path: &str, is_index: bool) -> Response {
    let status = res.status();
    let h = res.headers_mut();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control(path, is_index)));
        // The same URL may be answered with br, gzip or identity bytes.
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    } else {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

fn not_built(path: &str) -> Response {
    if !is_route(path) {
        return StatusCode::NOT_FOUND.into_response();
    }
    // 200, not 503: the server is healthy and this page is the honest answer for now.
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
        NOT_BUILT,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_have_no_dot_in_the_last_segment() {
        assert!(is_route("/license/link") && is_route("/") && is_route("/v1.2/page"));
        assert!(!is_route("/missing.js") && !is_route("/a/b.wasm"));
    }
}
