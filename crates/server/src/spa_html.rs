//! The SPA's HTML for a URL: index.html with preload tags for that URL's page, from the
//! route table (crates/routes) — the first screen's API answers and texts, and the wasm
//! files of the page's lazy group (the build's `wasm-groups.json`, written by xtask) — so
//! they download beside the main wasm instead of after it. index.html itself carries no
//! route logic.
//!
//! A URL that is no page of the table gets index.html with status 404 (the SPA shows its
//! not-found screen). Each page's HTML is built once per build of index.html, compressed
//! (brotli and gzip), and revalidated by its ETag.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use routes::{Page, PageId, Shell};
use sha2::{Digest, Sha256};

/// Where the preload tags go: first thing in `<head>`, so their downloads start first.
const HEAD: &str = "<head>";
/// index.html's painted header (the portal's), and the lecture site's in its place on the
/// lecture site's pages, so the first paint is already the right frame.
const BOOT_HEADER: &str = "<header class=\"site-header\" data-boot><div class=\"site-header__inner\"><a class=\"site-header__brand\" href=\"/\">マイナポータル</a></div><div class=\"site-account\"></div></header>";
const LECTURE_HEADER: &str = "<header class=\"lecture-header\" data-boot><div class=\"lecture-header__inner\"><span class=\"lecture-header__brand\">オンライン講習</span></div></header>";
/// Written by `cargo xtask spa-wasm` beside index.html.
pub const GROUPS_FILE: &str = "wasm-groups.json";

/// index.html and the wasm groups of the current build, and each page's HTML made from them.
pub struct SpaHtml {
    root: PathBuf,
    built: RwLock<Option<Arc<Build>>>,
}

struct Build {
    mtime: Option<SystemTime>,
    index: String,
    /// The hashed package folder (`pkg-…`) and each group's files in it.
    pkg: String,
    groups: HashMap<String, Vec<String>>,
    pages: RwLock<HashMap<Option<PageId>, Arc<Encoded>>>,
}

/// One page's HTML, in the encodings the server offers.
pub struct Encoded {
    html: Vec<u8>,
    br: Vec<u8>,
    gzip: Vec<u8>,
    etag: HeaderValue,
}

impl SpaHtml {
    pub fn new(dist: &Path) -> SpaHtml {
        SpaHtml { root: dist.to_path_buf(), built: RwLock::new(None) }
    }

    /// The current build (reread when index.html changes); `None` without a build.
    fn build(&self, mtime: Option<SystemTime>) -> Option<Arc<Build>> {
        if let Some(b) = self.built.read().expect("spa html lock").as_ref().filter(|b| b.mtime == mtime) {
            return Some(b.clone());
        }
        let index = std::fs::read_to_string(self.root.join("index.html")).ok()?;
        let (pkg, groups) = read_groups(&self.root.join(GROUPS_FILE));
        let build = Arc::new(Build { mtime, index, pkg, groups, pages: RwLock::new(HashMap::new()) });
        *self.built.write().expect("spa html lock") = Some(build.clone());
        Some(build)
    }

    /// The HTML of `page` (`None`: no page) without the preloads in `skip` — for a page
    /// the server paints itself (crate::first_paint), whose data comes with it.
    pub fn html(&self, mtime: Option<SystemTime>, page: Option<&Page>, skip: &[&str]) -> Option<String> {
        let build = self.build(mtime)?;
        Some(build.html(page, skip))
    }

    /// The response for a GET or HEAD of an SPA URL whose index.html has `mtime`.
    pub fn respond(
        &self,
        mtime: Option<SystemTime>,
        path: &str,
        method: &Method,
        headers: &HeaderMap,
    ) -> Option<Response> {
        let build = self.build(mtime)?;
        let page = routes::find(path).map(|(p, _)| p);
        let encoded = build.encoded(page);
        let status = if page.is_some() { StatusCode::OK } else { StatusCode::NOT_FOUND };
        Some(encoded.response(status, method, headers))
    }
}

impl Build {
    fn html(&self, page: Option<&Page>, skip: &[&str]) -> String {
        let mut tags = String::new();
        for url in page.map(|p| p.preload).unwrap_or_default().iter().filter(|u| !skip.contains(u)) {
            tags.push_str(&preload_tag(url));
        }
        let split = page.and_then(|p| p.group.split_name());
        for file in split.and_then(|name| self.groups.get(name)).into_iter().flatten() {
            tags.push_str(&preload_tag(&format!("/{}/{file}", self.pkg)));
        }
        let html = self.index.replacen(HEAD, &format!("{HEAD}{tags}"), 1);
        match page.map(|p| p.shell) {
            Some(Shell::LectureSite) => html.replacen(BOOT_HEADER, LECTURE_HEADER, 1),
            _ => html,
        }
    }

    fn encoded(&self, page: Option<&Page>) -> Arc<Encoded> {
        let key = page.map(|p| p.id);
        if let Some(e) = self.pages.read().expect("spa pages lock").get(&key) {
            return e.clone();
        }
        let encoded = Arc::new(Encoded::new(self.html(page, &[]).into_bytes()));
        self.pages.write().expect("spa pages lock").insert(key, encoded.clone());
        encoded
    }
}

/// A preload the page's own `fetch` then takes: `as=fetch` with CORS in the same-origin
/// credentials mode matches what `fetch()` and the wasm-split loader ask for.
fn preload_tag(url: &str) -> String {
    format!("<link rel=\"preload\" href=\"{url}\" as=\"fetch\" crossorigin=\"anonymous\">")
}

/// `wasm-groups.json`: `{"pkg": "pkg-…", "groups": {"link_screens": ["a.wasm", …]}}`;
/// missing or unreadable (a build without the split), no wasm preloads.
fn read_groups(path: &Path) -> (String, HashMap<String, Vec<String>>) {
    let Some(v) = std::fs::read(path).ok().and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok()) else {
        return (String::new(), HashMap::new());
    };
    let pkg = v["pkg"].as_str().unwrap_or_default().to_string();
    let groups = v["groups"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, files)| {
                    let files = files.as_array().into_iter().flatten().filter_map(|f| f.as_str().map(str::to_string));
                    (k.clone(), files.collect())
                })
                .collect()
        })
        .unwrap_or_default();
    (pkg, groups)
}

impl Encoded {
    pub fn new(html: Vec<u8>) -> Encoded {
        let etag = format!("\"{}\"", &crate::ids::hex(&Sha256::digest(&html))[..32]);
        Encoded {
            br: brotli(&html, 11),
            gzip: gzip(&html),
            etag: HeaderValue::from_str(&etag).expect("hex is a valid header"),
            html,
        }
    }

    fn response(&self, status: StatusCode, method: &Method, headers: &HeaderMap) -> Response {
        let builder = Response::builder()
            .header(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))
            .header(header::CACHE_CONTROL, HeaderValue::from_static(crate::http_cache::INDEX_CACHE))
            .header(header::VARY, HeaderValue::from_static("accept-encoding"))
            .header(header::ETAG, self.etag.clone());
        let fresh = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| {
            v.split(',').any(|t| t.trim().trim_start_matches("W/") == self.etag.to_str().unwrap_or_default())
        });
        if fresh && status == StatusCode::OK {
            return builder.status(StatusCode::NOT_MODIFIED).body(Body::empty()).expect("static headers");
        }
        let (encoding, body) = match accepted(headers) {
            Some("br") => (Some("br"), &self.br),
            Some("gzip") => (Some("gzip"), &self.gzip),
            _ => (None, &self.html),
        };
        let mut builder = builder.status(status).header(header::CONTENT_LENGTH, body.len());
        if let Some(e) = encoding {
            builder = builder.header(header::CONTENT_ENCODING, e);
        }
        let body = if *method == Method::HEAD { Body::empty() } else { Body::from(body.clone()) };
        builder.body(body).expect("static headers")
    }
}

/// `br` if the client takes it, else `gzip`, else nothing (q=0 refuses one).
pub fn accepted(headers: &HeaderMap) -> Option<&'static str> {
    let offered: Vec<(String, bool)> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|e| {
            let mut parts = e.split(';');
            let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            (name, !refused)
        })
        .collect();
    let takes = |name: &str| offered.iter().any(|(n, ok)| *ok && n == name);
    if takes("br") {
        Some("br")
    } else if takes("gzip") {
        Some("gzip")
    } else {
        None
    }
}

pub fn brotli(data: &[u8], quality: i32) -> Vec<u8> {
    let params = ::brotli::enc::BrotliEncoderParams { quality, lgwin: 22, ..Default::default() };
    let mut out = Vec::new();
    ::brotli::BrotliCompress(&mut &data[..], &mut out, &params).expect("in-memory brotli cannot fail");
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).expect("in-memory gzip cannot fail");
    enc.finish().expect("in-memory gzip cannot fail")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn build(groups: &[(&str, &[&str])]) -> Build {
        Build {
            mtime: None,
            index: "<!DOCTYPE html><html><head><title>t</title></head><body></body></html>".into(),
            pkg: "pkg-0123".into(),
            groups: groups.iter().map(|(g, f)| (g.to_string(), f.iter().map(|s| s.to_string()).collect())).collect(),
            pages: RwLock::new(HashMap::new()),
        }
    }

    #[test]
    fn a_page_preloads_its_first_answers_then_its_groups_files() {
        let b = build(&[("onestop_screens", &["chunk_1.wasm", "split_onestop.wasm"])]);
        let page = routes::page(PageId::OnestopStart);
        let html = b.html(Some(page), &[]);
        let head = &html[html.find("<head>").unwrap()..html.find("<title>").unwrap()];
        let hrefs: Vec<&str> = head.split("href=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
        assert_eq!(
            hrefs,
            [
                "/api/session",
                "/api/onestop",
                "/terms/onestop.txt",
                "/pkg-0123/chunk_1.wasm",
                "/pkg-0123/split_onestop.wasm"
            ]
        );
        assert!(head.contains("as=\"fetch\" crossorigin=\"anonymous\""));
    }

    #[test]
    fn the_first_view_preloads_no_wasm_and_skipped_answers_are_left_out() {
        let b = build(&[("link_screens", &["x.wasm"])]);
        let license = routes::page(PageId::License);
        assert!(b.html(Some(license), &[]).contains("href=\"/api/license\""));
        assert!(!b.html(Some(license), &["/api/license"]).contains("rel=\"preload\""));
        assert!(!b.html(None, &[]).contains("rel=\"preload\""), "no page, no preloads");
    }

    #[test]
    fn the_lecture_sites_pages_are_painted_in_its_own_frame() {
        let mut b = build(&[]);
        b.index = format!("<html><head></head><body>{BOOT_HEADER}</body></html>");
        let lecture = b.html(Some(routes::page(PageId::LectureAttendee)), &[]);
        assert!(lecture.contains(LECTURE_HEADER) && !lecture.contains(BOOT_HEADER));
        assert!(b.html(Some(routes::page(PageId::Home)), &[]).contains(BOOT_HEADER));
    }

    #[test]
    fn index_html_paints_the_header_this_module_replaces() {
        assert_eq!(include_str!("../../../index.html").matches(BOOT_HEADER).count(), 1);
    }

    #[test]
    fn encodings_round_trip_and_etags_follow_the_content() {
        let e = Encoded::new(b"<p>x</p>".to_vec());
        let mut back = Vec::new();
        ::brotli::Decompressor::new(&e.br[..], 4096).read_to_end(&mut back).unwrap();
        assert_eq!(back, b"<p>x</p>");
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&e.gzip[..]).read_to_end(&mut back).unwrap();
        assert_eq!(back, b"<p>x</p>");
        assert_ne!(Encoded::new(b"<p>y</p>".to_vec()).etag, e.etag);
    }

    #[test]
    fn the_client_chooses_the_encoding() {
        let mut h = HeaderMap::new();
        assert_eq!(accepted(&h), None);
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate, br;q=1.0"));
        assert_eq!(accepted(&h), Some("br"));
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, br;q=0"));
        assert_eq!(accepted(&h), Some("gzip"));
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("brx"));
        assert_eq!(accepted(&h), None);
    }
}
