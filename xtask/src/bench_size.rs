//! The first view's bytes, read from a built dist/ without a browser (deterministic), and
//! the size budget that `cargo xtask test` enforces.
//!
//! The first view of any page (the SPA serves one index.html for every route) loads
//! index.html and whatever it names: stylesheets, icons, module scripts and preloads
//! (the JS glue and the wasm), images, and what the stylesheets and scripts name in turn
//! (fonts and images in `url(…)`, JS modules in `import … from '…'`). Each is counted as
//! the server sends it: the `.br` / `.gz` beside the file when there is one (xtask's
//! precompression keeps them only when smaller), else the file itself.

use crate::Result;
use std::fs;
use std::path::{Path, PathBuf};

/// First-view transfer budget with brotli (issue 7): 180 KB, taken strictly as bytes (not
/// KiB). Raised by 500 B when issue 30 put the manual's step numbers into the route table
/// and the real 色区分 labels on /license (measured 180 283 B), and by 100 B more for 30.7's
/// linking-again notice (180 509 B), and by 1 500 B for issue 33's WCAG 2.2.1 idle-end warning
/// (its body is a lazy file; its loader and the clock of the server's last answer are in the
/// main module: 181 972 B), and by 100 B for issue 29's PC card reader (its probe and
/// channel are a lazy file; the split point's loader and the shared removal/refusal
/// handling of the native host stay in the main module: 182 165 B), and by 500 B for issue 33.3's footer links to the accessibility
/// policy and its results on every page, two more route-table entries and the results
/// table's CSS (182 153 B and 182 502 B measured in two builds of nearly the same tree). With
/// both: 182 613 B, then 182 851 B after a change to lazy data only (the main wasm the same
/// raw size, its brotli 248 B larger): the release build's brotli'd size swings by up to
/// about 350 B between builds whose first-view code is the same, so the budget keeps that
/// much room above the largest measured. Issue 28 (the server paints every page) is to
/// bring it down to 150 000.
pub const BROTLI_BUDGET: u64 = 183_200;

/// One file of the first view, with its sizes as served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    /// URL path, e.g. `/myna-license-app-0123456789abcdef_bg.wasm`.
    pub path: String,
    /// html, css, js, wasm, font, image, other.
    pub kind: &'static str,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

pub fn totals(assets: &[Asset]) -> Totals {
    assets.iter().fold(Totals::default(), |t, a| Totals {
        raw: t.raw + a.raw,
        gzip: t.gzip + a.gzip,
        brotli: t.brotli + a.brotli,
    })
}

/// Every file the first view of a page loads from `dist`, index.html first.
pub fn first_view_assets(dist: &Path) -> Result<Vec<Asset>> {
    let index = dist.join("index.html");
    let html = fs::read_to_string(&index)
        .map_err(|e| format!("cannot read {}: {e} (build the SPA first)", index.display()))?;
    let mut paths = vec!["/index.html".to_string()];
    let mut queue: Vec<String> =
        html_references(&html).into_iter().filter_map(|r| resolve("/index.html", &r)).collect();
    while let Some(path) = queue.pop() {
        if paths.contains(&path) {
            continue;
        }
        let file = file_of(dist, &path);
        if !file.is_file() {
            return Err(format!("{} names {path}, which is not in {}", index.display(), dist.display()));
        }
        let nested = match kind_of(&path) {
            "css" => css_references(&read_text(&file)?),
            "js" => js_references(&read_text(&file)?),
            _ => Vec::new(),
        };
        queue.extend(nested.into_iter().filter_map(|r| resolve(&path, &r)));
        paths.push(path);
    }
    // index.html first, then by kind and name, for a stable table.
    paths[1..].sort_by(|a, b| (kind_rank(a), a).cmp(&(kind_rank(b), b)));
    paths.iter().map(|p| asset(dist, p)).collect()
}

/// Fails (with the table) when the first view's brotli transfer is over `budget` bytes.
pub fn check_budget(assets: &[Asset], budget: u64) -> Result<String> {
    let t = totals(assets);
    let table = table(assets);
    if t.brotli > budget {
        Err(format!(
            "first-view transfer with brotli is {} bytes, over the budget of {budget} bytes by {} bytes\n{table}",
            t.brotli,
            t.brotli - budget
        ))
    } else {
        Ok(format!(
            "first-view transfer with brotli: {} bytes, within the budget of {budget} bytes ({} bytes to spare)\n{table}",
            t.brotli,
            budget - t.brotli
        ))
    }
}

/// The step `cargo xtask test` runs on the freshly built dist/: fails when the first
/// view's brotli transfer is past [`BROTLI_BUDGET`], with the table of what it loads.
pub fn check_dist(dist: &Path) -> Result {
    let assets = first_view_assets(dist)?;
    let report = check_budget(&assets, BROTLI_BUDGET)?;
    println!("{report}");
    Ok(())
}

/// A plain-text table of the assets, with totals.
pub fn table(assets: &[Asset]) -> String {
    let mut out = format!("{:<52} {:>5} {:>9} {:>9} {:>9}\n", "first-view asset", "kind", "raw", "gzip", "brotli");
    for a in assets {
        out.push_str(&format!("{:<52} {:>5} {:>9} {:>9} {:>9}\n", a.path, a.kind, a.raw, a.gzip, a.brotli));
    }
    let t = totals(assets);
    out.push_str(&format!("{:<52} {:>5} {:>9} {:>9} {:>9}", "total (bytes)", "", t.raw, t.gzip, t.brotli));
    out
}

fn read_text(file: &Path) -> Result<String> {
    fs::read(file)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| format!("cannot read {}: {e}", file.display()))
}

fn file_of(dist: &Path, url_path: &str) -> PathBuf {
    dist.join(url_path.trim_start_matches('/'))
}

fn asset(dist: &Path, path: &str) -> Result<Asset> {
    let file = file_of(dist, path);
    let size = |p: &Path| fs::metadata(p).map(|m| m.len()).ok();
    let raw = size(&file).ok_or_else(|| format!("cannot read {}", file.display()))?;
    let beside = |ext: &str| {
        let mut name = file.as_os_str().to_owned();
        name.push(ext);
        // A missing (or not smaller) compressed copy means the file goes out as it is.
        size(Path::new(&name)).filter(|&n| n < raw).unwrap_or(raw)
    };
    Ok(Asset { path: path.to_string(), kind: kind_of(path), raw, gzip: beside(".gz"), brotli: beside(".br") })
}

pub fn kind_of(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "html",
        "css" => "css",
        "js" | "mjs" => "js",
        "wasm" => "wasm",
        "woff2" | "woff" | "ttf" | "otf" => "font",
        "svg" | "png" | "jpg" | "jpeg" | "webp" | "avif" | "gif" | "ico" => "image",
        _ => "other",
    }
}

fn kind_rank(path: &str) -> u8 {
    match kind_of(path) {
        "html" => 0,
        "css" => 1,
        "js" => 2,
        "wasm" => 3,
        "font" => 4,
        "image" => 5,
        _ => 6,
    }
}

/// A reference as written in `from` (absolute, relative, or external) → URL path in dist.
/// External URLs, `data:` and fragments are not ours to count.
fn resolve(from: &str, reference: &str) -> Option<String> {
    let r = reference.trim();
    let r = r.split(['?', '#']).next().unwrap_or_default();
    if r.is_empty() || r.contains("://") || r.starts_with("//") || r.starts_with("data:") {
        return None;
    }
    let joined = if r.starts_with('/') {
        r.to_string()
    } else {
        let dir = &from[..from.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{r}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    Some(format!("/{}", parts.join("/")))
}

/// `rel` values whose `href` the browser fetches for the first view (not `manifest`,
/// `prefetch` or `alternate`, which are not part of it).
const FETCHED_RELS: &[&str] = &["stylesheet", "icon", "shortcut", "apple-touch-icon", "modulepreload", "preload"];

/// What an HTML document makes the browser fetch: `<link href>` for the rels above,
/// `<script src>`, `<img src>`, and the files an inline module script imports or passes
/// to wasm-bindgen's `init` (`'/x.js'`, `'/x_bg.wasm'`).
pub fn html_references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(start) = lower[at..].find('<').map(|i| i + at) {
        let Some(end) = lower[start..].find('>').map(|i| i + start) else {
            break;
        };
        let tag = &html[start + 1..end];
        let name =
            tag.split(|c: char| c.is_ascii_whitespace() || c == '/').next().unwrap_or_default().to_ascii_lowercase();
        let attrs = attributes(tag);
        let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        at = end + 1;
        match name.as_str() {
            "link" => {
                let rel = get("rel").unwrap_or_default().to_ascii_lowercase();
                if rel.split_ascii_whitespace().any(|r| FETCHED_RELS.contains(&r)) {
                    // A preload of an API answer is data, not an asset of the build.
                    if let Some(href) = get("href").filter(|h| !h.starts_with("/api/")) {
                        out.push(href);
                    }
                }
            }
            "img" => out.extend(get("src")),
            "script" => {
                let close = lower[at..].find("</script").map_or(at, |i| i + at);
                match get("src") {
                    Some(src) => out.push(src),
                    None => out.extend(quoted_assets(&html[at..close])),
                }
                at = close;
            }
            "style" => {
                let close = lower[at..].find("</style").map_or(at, |i| i + at);
                out.extend(css_references(&html[at..close]));
                at = close;
            }
            _ => {}
        }
    }
    out
}

/// `name="value"`, `name='value'`, `name=value` and bare `name`, names lower-cased.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let b = tag.as_bytes();
    let mut i = tag.find(|c: char| c.is_ascii_whitespace()).unwrap_or(tag.len());
    let mut out = Vec::new();
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        if name_start == i {
            break;
        }
        let name = tag[name_start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let s = i + 1;
                i = s;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                value = tag[s..i].to_string();
                i += 1;
            } else {
                let s = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = tag[s..i].to_string();
            }
        }
        out.push((name, value));
    }
    out
}

/// Quoted strings in script text that name a local .js/.mjs/.wasm file.
fn quoted_assets(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    for q in ['\'', '"', '`'] {
        let mut parts = script.split(q);
        parts.next();
        // Every other piece is inside quotes (good enough for Trunk's and Vite's loaders).
        while let (Some(inside), _) = (parts.next(), parts.next()) {
            let local = inside.starts_with('/') || inside.starts_with("./");
            let ext = matches!(kind_of(inside), "js" | "wasm");
            if local && ext && !inside.contains(char::is_whitespace) {
                out.push(inside.to_string());
            }
        }
    }
    out
}

/// `url(…)` and `@import "…"` targets in a stylesheet.
pub fn css_references(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        rest = &rest[i + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        let inner = rest[..end].trim().trim_matches(['"', '\'']);
        out.push(inner.to_string());
        rest = &rest[end..];
    }
    let mut rest = css;
    while let Some(i) = rest.find("@import") {
        rest = &rest[i + 7..];
        let t = rest.trim_start();
        if let Some(q) = t.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some(end) = t[1..].find(q) {
                out.push(t[1..1 + end].to_string());
            }
        }
    }
    out
}

/// Static imports of other local modules (`from './snippets/…'`, `import '…'`) in JS.
pub fn js_references(js: &str) -> Vec<String> {
    let mut out = Vec::new();
    for marker in ["from", "import"] {
        let mut rest = js;
        while let Some(i) = rest.find(marker) {
            rest = &rest[i + marker.len()..];
            let t = rest.trim_start();
            if let Some(q) = t.chars().next().filter(|c| *c == '"' || *c == '\'') {
                if let Some(end) = t[1..].find(q) {
                    let target = &t[1..1 + end];
                    if (target.starts_with("./") || target.starts_with("../") || target.starts_with('/'))
                        && kind_of(target) == "js"
                    {
                        out.push(target.to_string());
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dist/ laid out like Trunk's, with precompressed copies of chosen sizes.
    struct FakeDist(PathBuf);

    impl FakeDist {
        fn new(tag: &str) -> FakeDist {
            let dir = std::env::temp_dir().join(format!("xtask-size-{tag}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(dir.join("snippets/x")).unwrap();
            FakeDist(dir)
        }
        fn file(&self, path: &str, len: usize) -> &Self {
            fs::write(self.0.join(path), vec![b'a'; len]).unwrap();
            self
        }
        fn text(&self, path: &str, text: &str) -> &Self {
            fs::write(self.0.join(path), text).unwrap();
            self
        }
    }

    impl Drop for FakeDist {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    const INDEX: &str = r#"<!DOCTYPE html><html><head>
<link rel="icon" href="/favicon-0123456789abcdef.svg" integrity="x"/>
<link rel="stylesheet" href="/base-0123456789abcdef.css"/>
<link rel="manifest" href="/manifest.json">
<link rel="preload" href="/api/license" as="fetch" crossorigin>
<script type="module">
import init, * as bindings from '/app-0123456789abcdef.js';
const wasm = await init({ module_or_path: '/app-0123456789abcdef_bg.wasm' });
</script>
<link rel="modulepreload" href="/app-0123456789abcdef.js" crossorigin="anonymous"><link rel="preload" href="/app-0123456789abcdef_bg.wasm" as="fetch" type="application/wasm"></head>
<body><img src="logo.png" alt=""><a href="/not-an-asset.css">x</a></body></html>"#;

    fn fake(tag: &str, wasm_br: usize) -> FakeDist {
        let d = FakeDist::new(tag);
        d.text("index.html", INDEX)
            .file("index.html.br", 300)
            .file("favicon-0123456789abcdef.svg", 200)
            .text("base-0123456789abcdef.css", "body{background:url(\"/bg.png\")} @font-face{src:url(font.woff2)}")
            .file("bg.png", 1000)
            .file("font.woff2", 5000)
            .text("app-0123456789abcdef.js", "import { a } from './snippets/x/inline0.js';\nexport default 1;")
            .file("app-0123456789abcdef.js.gz", 30)
            .file("snippets/x/inline0.js", 100)
            .file("app-0123456789abcdef_bg.wasm", 400_000)
            .file("app-0123456789abcdef_bg.wasm.gz", 200_000)
            .file("app-0123456789abcdef_bg.wasm.br", wasm_br)
            .file("logo.png", 700)
            .file("manifest.json", 50);
        d
    }

    #[test]
    fn finds_every_first_view_file_with_its_served_sizes() {
        let d = fake("list", 150_000);
        let assets = first_view_assets(&d.0).unwrap();
        let paths: Vec<&str> = assets.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/index.html",
                "/base-0123456789abcdef.css",
                "/app-0123456789abcdef.js",
                "/snippets/x/inline0.js",
                "/app-0123456789abcdef_bg.wasm",
                "/font.woff2",
                "/bg.png",
                "/favicon-0123456789abcdef.svg",
                "/logo.png",
            ]
        );
        let wasm = &assets[4];
        assert_eq!((wasm.kind, wasm.raw, wasm.gzip, wasm.brotli), ("wasm", 400_000, 200_000, 150_000));
        let index = &assets[0];
        assert_eq!(index.brotli, 300);
        assert_eq!(index.gzip, index.raw, "no .gz: served as it is");
        let js = &assets[2];
        assert_eq!((js.gzip, js.brotli), (30, js.raw));
    }

    #[test]
    fn the_budget_check_fails_when_brotli_grows_past_it() {
        let small = fake("small", 150_000);
        let assets = first_view_assets(&small.0).unwrap();
        let total = totals(&assets).brotli;
        assert!(check_budget(&assets, total).is_ok(), "exactly at the budget passes");
        let err = check_budget(&assets, total - 1).unwrap_err();
        assert!(err.contains("over the budget") && err.contains("by 1 bytes"), "{err}");

        // The real budget: a wasm that grows by 40 kB after brotli makes the check fail.
        assert!(check_budget(&assets, BROTLI_BUDGET).is_ok());
        let big = fake("big", 190_000);
        let err = check_budget(&first_view_assets(&big.0).unwrap(), BROTLI_BUDGET).unwrap_err();
        assert!(err.contains("app-0123456789abcdef_bg.wasm"), "the table is in the message: {err}");
        // The `cargo xtask test` step fails past the budget.
        assert!(check_dist(&big.0).is_err(), "the `cargo xtask test` step fails");
        assert!(check_dist(&small.0).is_ok());
    }

    #[test]
    fn a_missing_named_file_is_an_error() {
        let d = fake("missing", 1000);
        fs::remove_file(d.0.join("bg.png")).unwrap();
        let err = first_view_assets(&d.0).unwrap_err();
        assert!(err.contains("/bg.png"), "{err}");
    }

    #[test]
    fn resolves_references() {
        assert_eq!(resolve("/index.html", "a.css").as_deref(), Some("/a.css"));
        assert_eq!(resolve("/css/x.css", "../f/a.woff2?v=1").as_deref(), Some("/f/a.woff2"));
        assert_eq!(resolve("/a.js", "./snippets/s.js").as_deref(), Some("/snippets/s.js"));
        assert_eq!(resolve("/index.html", "https://x/y.js"), None);
        assert_eq!(resolve("/index.html", "data:image/png;base64,xx"), None);
    }

    #[test]
    fn reads_attributes_in_any_quoting() {
        let a = attributes(r#"link rel=stylesheet href='/a.css' crossorigin data-x="1 2""#);
        assert_eq!(
            a,
            vec![
                ("rel".into(), "stylesheet".into()),
                ("href".into(), "/a.css".into()),
                ("crossorigin".into(), String::new()),
                ("data-x".into(), "1 2".into()),
            ]
        );
    }
}
