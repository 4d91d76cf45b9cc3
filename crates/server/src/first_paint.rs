//! `GET /license` for a logged-in person: index.html with the record already in `<main>`
//! (the `first_view` crate renders the SPA's own markup) and the same answer as
//! `GET /api/license` embedded as JSON, which the SPA mounts from without a request
//! (src/boot.rs). The record is on screen with the HTML instead of after the wasm and an
//! API round trip; the SPA then replaces it with an identical DOM in one task.
//!
//! The page is personal: `Cache-Control: no-store`, compressed per response. Anything
//! unexpected (no session, an index.html without the boot `<main>`) falls back to the
//! plain index.html, which loads the record itself.

use std::time::SystemTime;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use domain::dates::tokyo_date;
use domain::license::LicenseResponse;
use routes::PageId;

use crate::license::license_response;
use crate::session::{hash_token, token_from};
use crate::spa_html::{accepted, brotli};
use crate::AppState;

/// The placeholder `<main>` of index.html (the SPA removes `[data-boot]` as it mounts).
const BOOT_MAIN: &str =
    "<main id=\"main\" tabindex=\"-1\" data-boot><p class=\"loading\" role=\"status\">読み込み中…</p></main>";
const BOOT_TITLE: &str = "<title>マイナポータル</title>";

/// The pre-painted `/license` page, or `None` to serve the page as every other one.
pub async fn license_page(state: &AppState, headers: &HeaderMap, index_mtime: Option<SystemTime>) -> Option<Response> {
    let token = token_from(&state.config, headers)?;
    let person = crate::session::current_person(state, &hash_token(token)).await.ok()??;
    let today = tokyo_date(state.clock.now(&state.store).await.ok()?);
    // The page's HTML, less the preload of the answer that comes embedded.
    let index = state.spa.html(index_mtime, Some(routes::page(PageId::License)), &[LICENSE_API])?;
    let html = render(&index, &license_response(&person, today))?;
    Some(respond(html, headers))
}

/// The API answer the painted page embeds instead of preloading.
const LICENSE_API: &str = routes::api::LICENSE;

/// index.html with the record painted in and its data embedded.
pub fn render(index: &str, response: &LicenseResponse) -> Option<String> {
    if index.matches(BOOT_MAIN).count() != 1 || !index.contains("<head>") {
        return None;
    }
    let (main, title) = first_view::license_main(response);
    // `<` never appears in JSON outside strings; as \u003c it cannot end the script element.
    let json = serde_json::to_string(response).ok()?.replace('<', "\\u003c");
    // First in <head>, before anything that could read it.
    let boot = format!("<head><script type=\"application/json\" id=\"boot-license\" data-boot>{json}</script>");
    Some(
        index
            .replacen("<head>", &boot, 1)
            .replacen(BOOT_TITLE, &format!("<title>{}</title>", first_view::esc(&title)), 1)
            .replacen(BOOT_MAIN, &format!("<main id=\"main\" tabindex=\"-1\" data-boot>{main}</main>"), 1),
    )
}

fn respond(html: String, headers: &HeaderMap) -> Response {
    let accepts_br = accepted(headers) == Some("br");
    let mut builder = Response::builder()
        .header(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))
        .header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))
        .header(header::VARY, HeaderValue::from_static("accept-encoding, cookie"));
    let body = if accepts_br {
        builder = builder.header(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        // Quality 5: about a millisecond for index.html, within a few percent of quality 11.
        brotli(html.as_bytes(), 5)
    } else {
        html.into_bytes()
    };
    builder.body(Body::from(body)).expect("static headers are valid")
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::holding::HoldingStatus;

    const INDEX: &str = "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>マイナポータル</title></head>\
        <body><main id=\"main\" tabindex=\"-1\" data-boot><p class=\"loading\" role=\"status\">読み込み中…</p></main></body></html>";

    #[test]
    fn the_record_is_painted_into_main_and_its_data_embedded_before_any_script() {
        let response = LicenseResponse::Unlinked {
            status: HoldingStatus::MynaLicenseOnly,
            can_link: true,
            lead: crate::license::LINK_LEAD.into(),
        };
        let html = render(INDEX, &response).unwrap();
        assert!(html.starts_with(
            "<!DOCTYPE html><html lang=\"ja\"><head><script type=\"application/json\" id=\"boot-license\" data-boot>{"
        ));
        assert!(html.contains("<title>運転免許 | マイナポータル</title>"));
        assert!(html.contains("<main id=\"main\" tabindex=\"-1\" data-boot><nav class=\"breadcrumbs\""));
        assert!(html.contains("連携をはじめる"));
        assert!(!html.contains("読み込み中…"));
        let start = html.find("data-boot>").unwrap() + "data-boot>".len();
        let json = &html[start..html.find("</script>").unwrap()];
        assert_eq!(serde_json::from_str::<LicenseResponse>(json).unwrap(), response);
    }

    /// A record whose every text tries to end the boot script early or to turn its end
    /// into something else: a closing tag in two spellings, a comment opener (which with
    /// a later `<script` would make the parser skip the real closing tag), and U+2028/9.
    fn hostile_record() -> LicenseResponse {
        use chrono::NaiveDate;
        use domain::license::{LicenseDetail, Procedures, RecordDetail, RecordView};
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let attack = "</script><script>alert(1)</script>";
        LicenseResponse::Linked(Box::new(RecordView {
            status: HoldingStatus::MynaLicenseOnly,
            registered_on: date(2026, 12, 1),
            name: format!("免許 太郎{attack}"),
            kana: "<!--<script>".into(),
            alias_name: "</SCRIPT >".into(),
            former_name: "行\u{2028}区切り\u{2029}段落".into(),
            birth_date: date(1996, 1, 1),
            address: "東京都<!-- </script".into(),
            detail: RecordDetail::License(LicenseDetail {
                color: domain::ColorClass::Gold,
                valid_until: date(2027, 2, 1),
                number: "012345678900".into(),
                kinds: vec![attack.into()],
                date_two_small_moped: None,
                date_other: None,
                date_second_class: None,
                conditions: vec!["<!--".into()],
                remarks: vec!["</scr\u{2028}ipt>".into()],
            }),
            renewal: None,
            procedures: Procedures::default(),
        }))
    }

    #[test]
    fn nothing_in_the_data_can_close_the_script_element() {
        let response = hostile_record();
        let html = render(INDEX, &response).unwrap();
        // Where an HTML parser ends the boot element: the first `</script`, any case.
        let open = "<script type=\"application/json\" id=\"boot-license\" data-boot>";
        let start = html.find(open).unwrap() + open.len();
        let lower = html.to_ascii_lowercase();
        let end = start + lower[start..].find("</script").unwrap();
        let json = &html[start..end];
        // What the parser hands the SPA is the whole answer, unchanged …
        assert_eq!(serde_json::from_str::<LicenseResponse>(json).unwrap(), response, "{json}");
        // … with nothing in it that starts markup (so no `<!--` or `<script` either) …
        assert!(!json.contains('<'), "{json}");
        // … and the real closing tag is the one right after it, before the rest of <head>.
        assert!(html[end..].starts_with("</script><meta charset=\"utf-8\">"), "{}", &html[end..]);
        // The painted `<main>` shows the texts as text, never as markup.
        assert!(!html.contains("<script>alert(1)"));
        assert_eq!(lower.matches("</script").count(), 1, "{html}");
    }

    #[test]
    fn an_index_without_the_boot_main_is_served_as_it_is() {
        let response = LicenseResponse::Unlinked {
            status: HoldingStatus::MynaLicenseOnly,
            can_link: true,
            lead: crate::license::LINK_LEAD.into(),
        };
        assert!(render("<html><head></head><body><main id=\"main\"></main></body></html>", &response).is_none());
    }

    #[test]
    fn brotli_only_when_asked_for() {
        let mut h = HeaderMap::new();
        let plain = respond("<p>x</p>".into(), &h);
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(plain.headers()[header::CACHE_CONTROL], "no-store");
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate, br;q=1.0"));
        let br = respond("<p>x</p>".into(), &h);
        assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, brx"));
        assert!(respond("<p>x</p>".into(), &h).headers().get(header::CONTENT_ENCODING).is_none());
    }
}
