//! The SPA from `--dist`: fallback for client routes, real 404s for missing files,
//! cache headers by name, precompressed variants, and the not-built page.

mod common;

use std::time::{Duration, SystemTime};

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use base64::Engine as _;
use common::{app, app_with, HOST};
use sha2::{Digest, Sha256};

#[tokio::test]
async fn client_routes_get_index_html_uncached() {
    let app = app(true).await;
    for path in ["/", "/license/link", "/license", "/demo", "/index.html", "/notices/0123"] {
        let a = app.get(path, None).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert!(a.text().contains("<script type=\"module\">"), "{path}: {}", a.text());
        assert!(a.header("content-type").starts_with("text/html"), "{path}");
        assert_eq!(a.header("cache-control"), "no-cache", "{path}");
    }
    let head = app.send(Method::HEAD, "/license/link", None, None).await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());
}

#[tokio::test]
async fn missing_files_are_plain_404s() {
    let app = app(true).await;
    for path in ["/missing.js", "/license/app.wasm", "/favicon.ico"] {
        let a = app.get(path, None).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!a.text().contains("<script"), "{path} must not be index.html");
        assert_ne!(a.header("content-type"), "application/problem+json", "{path}");
    }
    let a = app.send(Method::POST, "/license", None, None).await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn cache_headers_follow_the_file_name() {
    let app = app(true).await;
    let css = app.get("/base-0123456789abcdef.css", None).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header("cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(css.header("content-type"), "text/css");
    let wasm = app.get("/myna-license-app-0123456789abcdef_bg.wasm", None).await;
    assert_eq!(wasm.header("cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(wasm.header("content-type"), "application/wasm");
    let icon = app.get("/favicon.svg", None).await;
    assert_eq!(icon.header("cache-control"), "public, max-age=3600");
}

#[tokio::test]
async fn precompressed_variants_are_served_when_accepted() {
    let app = app(true).await;
    let dist = app.dir.path().join("dist");
    std::fs::write(dist.join("base-0123456789abcdef.css.br"), b"BROTLI-BYTES").unwrap();

    let get = |path: &str, enc: &str| {
        Request::builder()
            .uri(path)
            .header(header::HOST, HOST)
            .header(header::ACCEPT_ENCODING, enc)
            .body(Body::empty())
            .unwrap()
    };
    let a = app.raw(get("/base-0123456789abcdef.css", "gzip, br")).await;
    assert_eq!(a.header("content-encoding"), "br");
    assert_eq!(a.body, b"BROTLI-BYTES");
    assert_eq!(a.header("content-type"), "text/css");
    assert!(a.header("vary").to_ascii_lowercase().contains("accept-encoding"));

    // A page's HTML is the server's own (index.html with the page's preloads), compressed
    // once per build in the encoding asked for.
    let plain = app.raw(get("/license/link", "identity")).await;
    assert_eq!(plain.header("content-encoding"), "");
    for enc in ["gzip", "br"] {
        let a = app.raw(get("/license/link", enc)).await;
        assert_eq!(a.header("content-encoding"), enc);
        assert_eq!(a.header("cache-control"), "no-cache");
        assert_eq!(decode(enc, &a.body), plain.body, "{enc}");
    }

    let a = app.raw(get("/base-0123456789abcdef.css", "identity")).await;
    assert_eq!(a.header("content-encoding"), "");
    assert_eq!(a.body, b"body{margin:0}");
}

fn decode(encoding: &str, body: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    match encoding {
        "gzip" => flate2::read::GzDecoder::new(body).read_to_end(&mut out).unwrap(),
        _ => brotli::Decompressor::new(body, 4096).read_to_end(&mut out).unwrap(),
    };
    out
}

#[tokio::test]
async fn each_page_preloads_what_its_first_screen_fetches_and_no_page_is_a_404() {
    let app = app(true).await;
    let dist = app.dir.path().join("dist");
    std::fs::write(
        dist.join("wasm-groups.json"),
        r#"{"pkg":"pkg-0123456789abcdef","groups":{"onestop_screens":["chunk_1.wasm","split_onestop_screens_1.wasm"]}}"#,
    )
    .unwrap();
    let hub = app.get("/license/onestop", None).await;
    assert_eq!(hub.status, StatusCode::OK);
    let html = hub.text();
    for href in [
        "/api/session",
        "/api/onestop",
        "/pkg-0123456789abcdef/chunk_1.wasm",
        "/pkg-0123456789abcdef/split_onestop_screens_1.wasm",
    ] {
        assert!(
            html.contains(&format!("<link rel=\"preload\" href=\"{href}\" as=\"fetch\" crossorigin=\"anonymous\">")),
            "{href}: {html}"
        );
    }
    // Revalidation by ETag.
    let etag = hub.header("etag").to_string();
    let again = app
        .raw(
            Request::builder()
                .uri("/license/onestop")
                .header(header::HOST, HOST)
                .header(header::IF_NONE_MATCH, &etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    // Home preloads nothing; a URL that is no page is index.html with a 404.
    assert!(!app.get("/", None).await.text().contains("rel=\"preload\""));
    let missing = app.get("/license/no-such-step", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.text().contains("<script type=\"module\">"));
    assert!(!missing.text().contains("rel=\"preload\""));
}

#[tokio::test]
async fn csp_follows_a_rebuilt_index() {
    let app = app(true).await;
    let index = app.dir.path().join("dist/index.html");
    let script = "console.log('rebuilt');";
    std::fs::write(&index, format!("<html><head><script type=\"module\">{script}</script></head></html>")).unwrap();
    // Make the change visible even on file systems with coarse timestamps.
    let f = std::fs::File::options().write(true).open(&index).unwrap();
    f.set_modified(SystemTime::now() + Duration::from_secs(5)).unwrap();
    drop(f);
    let hash = format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script)));
    app.get("/license", None).await;
    let csp = app.get("/api/health", None).await.header("content-security-policy").to_string();
    assert!(csp.contains(&hash), "{csp}");
}

#[tokio::test]
async fn without_a_build_a_japanese_page_explains_what_to_run() {
    let app = app_with(true, |c| c.dist = c.data_dir.with_file_name("no-such-dist")).await;
    let a = app.get("/license", None).await;
    assert!(a.header("content-type").starts_with("text/html"));
    assert!(a.text().contains("cargo xtask demo"), "{}", a.text());
    assert!(a.text().contains("ビルドされていません"));
    assert_eq!(app.get("/app.js", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/health", None).await.status, StatusCode::OK);
}
