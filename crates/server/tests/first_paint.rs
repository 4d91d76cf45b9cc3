//! `GET /license` with a session: index.html with the person's record painted into
//! `<main>` and the `/api/license` answer embedded; personal, so never cached.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{app, HOST};

#[tokio::test]
async fn a_logged_in_persons_license_page_comes_with_the_record() {
    let app = app(true).await;
    let cookie = app.login("taro").await;
    let a = app.get("/license", Some(&cookie)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("cache-control"), "no-store");
    assert!(a.header("vary").contains("cookie"));
    assert!(a.header("content-security-policy").contains("script-src 'self'"));
    let html = a.text();
    assert!(html.contains("<title>運転免許 | マイナポータル</title>"), "{html}");
    assert!(html.contains("<h1 tabindex=\"-1\">運転免許</h1>"));
    assert!(html.contains("<div class=\"field\"><dt>氏名</dt><dd>免許 太郎</dd></div>"));
    assert!(!html.contains("読み込み中…"));
    // The embedded answer is the API's, byte for byte once the escaping is undone.
    let start = html.find("id=\"boot-license\" data-boot>").unwrap() + "id=\"boot-license\" data-boot>".len();
    let embedded = &html[start..start + html[start..].find("</script>").unwrap()];
    let api = app.get("/api/license", Some(&cookie)).await;
    assert_eq!(serde_json::from_str::<serde_json::Value>(embedded).unwrap(), api.json());
    // Hidden values stay out of the page as they stay out of the answer.
    for hidden in ["東京都中央区銀座一丁目10番地", "history_class", "photo\""] {
        assert!(!html.contains(hidden), "{hidden}");
    }
}

#[tokio::test]
async fn each_person_gets_their_own_and_a_visitor_the_plain_page() {
    let app = app(true).await;
    let ume = app.login("ume").await;
    let html = app.get("/license", Some(&ume)).await.text();
    assert!(html.contains("<dd>経歴 梅子</dd>") && !html.contains("免許 太郎"));

    let plain = app.get("/license", None).await;
    assert_eq!(plain.header("cache-control"), "no-cache");
    assert!(plain.text().contains("読み込み中…") && !plain.text().contains("boot-license"));
    let stale = app.get("/license", Some("__Host-session=not-a-session")).await;
    assert_eq!(stale.header("cache-control"), "no-cache");
    // Other routes are never personalised.
    let other = app.get("/license/link", Some(&ume)).await;
    assert!(!other.text().contains("boot-license"));
}

#[tokio::test]
async fn compressed_with_brotli_when_the_browser_takes_it() {
    let app = app(true).await;
    let cookie = app.login("taro").await;
    let req = Request::get("/license")
        .header(header::HOST, HOST)
        .header(header::COOKIE, &cookie)
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .body(Body::empty())
        .unwrap();
    let a = app.raw(req).await;
    assert_eq!(a.header("content-encoding"), "br");
    let mut html = Vec::new();
    brotli::BrotliDecompress(&mut &a.body[..], &mut html).unwrap();
    assert!(String::from_utf8(html).unwrap().contains("<dd>免許 太郎</dd>"));
}
