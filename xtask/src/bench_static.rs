//! The physical limit of the bench: the /license view as a static HTML page, generated
//! from the demo person's `GET /api/license` answer, with the app's own stylesheets and
//! icon (the same hashed files from the app's dist/) and the same markup. No framework
//! and no wasm; one small deferred script only for the 「本籍を表示する」 interaction.

use crate::bench_size::{html_references, kind_of};
use crate::Result;
use domain::license::{LicenseResponse, RecordView};
use std::fs;
use std::path::Path;

/// Writes the page (as index.html, so every route of the server answers it) and copies
/// the app's stylesheets and icons into `out`.
pub fn generate(license_json: &str, app_dist: &Path, out: &Path) -> Result {
    let response: LicenseResponse = serde_json::from_str(license_json)
        .map_err(|e| format!("GET /api/license answered unexpected JSON: {e}\n{license_json}"))?;
    let LicenseResponse::Linked(record) = response else {
        return Err("the bench person is not linked, so /license has no record to show".into());
    };
    let _ = fs::remove_dir_all(out);
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;

    let app_index = fs::read_to_string(app_dist.join("index.html"))
        .map_err(|e| format!("cannot read the app's index.html: {e}"))?;
    let mut head_links = String::new();
    for href in html_references(&app_index) {
        let kind = kind_of(&href);
        if !matches!(kind, "css" | "image") || !href.starts_with('/') {
            continue;
        }
        let name = href.trim_start_matches('/');
        fs::copy(app_dist.join(name), out.join(name))
            .map_err(|e| format!("cannot copy {name} from the app's dist: {e}"))?;
        head_links.push_str(&match kind {
            "css" => format!("  <link rel=\"stylesheet\" href=\"{href}\">\n"),
            _ => format!("  <link rel=\"icon\" href=\"{href}\" type=\"image/svg+xml\">\n"),
        });
    }
    // Stylesheets the app inlines into index.html are inlined here too (same delivery).
    head_links.push_str(&inline_styles(&app_index));
    fs::write(out.join("honseki.js"), HONSEKI_JS).map_err(|e| format!("cannot write honseki.js: {e}"))?;
    let html = page(&record, &head_links);
    fs::write(out.join("index.html"), html).map_err(|e| format!("cannot write index.html: {e}"))
}

/// 「本籍を表示する」 for the static page: the same disclosure the app has, in plain JS.
const HONSEKI_JS: &str = r#"// Static page of the bench: the 本籍 disclosure, nothing else.
document.querySelectorAll('button[aria-controls]').forEach(function (button) {
  var box = document.getElementById(button.getAttribute('aria-controls'));
  var labels = [button.textContent, button.textContent.replace('表示する', '非表示にする')];
  button.addEventListener('click', function () {
    var open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    button.textContent = labels[open ? 1 : 0];
    box.textContent = '';
    if (!open) return;
    if (box.id === 'photo-value') {
      var img = document.createElement('img');
      img.className = 'photo'; img.src = '/api/license/photo'; img.alt = '顔写真';
      img.width = 120; img.height = 150;
      box.appendChild(img);
      return;
    }
    var span = document.createElement('span');
    span.className = 'loading'; span.textContent = '読み込み中…';
    box.appendChild(span);
    fetch('/api/license/honseki').then(function (r) { return r.json(); }).then(function (v) {
      if (button.getAttribute('aria-expanded') !== 'true') return;
      span.className = 'revealed'; span.textContent = v.honseki;
    });
  });
});
"#;

/// Every `<style>…</style>` block of `html`, verbatim (so its CSP hash stays the same).
fn inline_styles(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::new();
    let mut at = 0;
    while let Some(start) = lower[at..].find("<style").map(|i| i + at) {
        let Some(end) = lower[start..].find("</style>").map(|i| i + start + "</style>".len()) else {
            break;
        };
        out.push_str("  ");
        out.push_str(&html[start..end]);
        out.push('\n');
        at = end;
    }
    out
}

/// The page: the app's header and footer around the record exactly as the app paints it
/// (the `first_view` crate, which the server also uses for a logged-in `GET /license`).
fn page(r: &RecordView, head_links: &str) -> String {
    let (main, title) = first_view::license_main(&LicenseResponse::Linked(Box::new(r.clone())));
    format!(
        r##"<!DOCTYPE html>
<html lang="ja">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="description" content="マイナポータルの運転免許関連サービス（マイナ免許証）">
  <meta name="theme-color" content="#0017c1">
  <title>{title}</title>
{head_links}  <script src="/honseki.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main">本文へ移動</a><header class="site-header"><div class="site-header__inner"><a class="site-header__brand" href="/">マイナポータル</a><a class="site-header__bell" href="/notices" aria-label="お知らせ"><svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"></path></svg></a></div></header>
<main id="main" tabindex="-1">{main}</main>
<footer class="site-footer"><p>マイナ免許証 関連サービス（デモ実装）</p><p class="site-footer__note">この画面は公式サービスではありません。表示される個人情報はすべて架空のものです。</p><ul class="site-footer__links"><li><a href="/accessibility">ウェブアクセシビリティ方針</a></li><li><a href="/accessibility/results">試験結果</a></li></ul></footer>
</body>
</html>
"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TARO: &str = r#"{"state":"linked","status":"myna_license_only","registered_on":"2026-12-01","name":"免許 太郎","kana":"メンキョ タロウ","alias_name":"免許 タロー","former_name":"日本 太郎","birth_date":"1996-01-01","address":"東京都港区芝浦四丁目5番6号","detail":{"kind":"license","color":"gold","valid_until":"2027-02-01","number":"012345678900","kinds":["普通","原付","普二"],"date_two_small_moped":"2019-02-01","date_other":"2019-02-01","date_second_class":null,"conditions":["眼鏡等"],"remarks":[]},"renewal":{"kind":"eligible","class":"good","closes":"2027-02-01"},"procedures":{"lecture":true,"honseki":true,"onestop":false}}"#;

    #[test]
    fn renders_the_record_with_the_apps_stylesheets() {
        let dir = std::env::temp_dir().join(format!("xtask-static-{}", std::process::id()));
        let dist = dir.join("dist");
        let out = dir.join("out");
        fs::create_dir_all(&dist).unwrap();
        fs::write(
            dist.join("index.html"),
            "<link rel=\"stylesheet\" href=\"/base-0123456789abcdef.css\"><link rel=\"icon\" href=\"/favicon-0123456789abcdef.svg\">\
             <style>dl{margin:0}</style><link rel=\"modulepreload\" href=\"/app.js\">",
        )
        .unwrap();
        fs::write(dist.join("base-0123456789abcdef.css"), "body{}").unwrap();
        fs::write(dist.join("favicon-0123456789abcdef.svg"), "<svg/>").unwrap();
        generate(TARO, &dist, &out).unwrap();
        let html = fs::read_to_string(out.join("index.html")).unwrap();
        assert!(out.join("base-0123456789abcdef.css").exists() && !out.join("app.js").exists());
        assert!(html.contains("<link rel=\"stylesheet\" href=\"/base-0123456789abcdef.css\">"));
        assert!(html.contains("<style>dl{margin:0}</style>"));
        // The record itself is first_view's (tested there): here, that it is the page's main.
        assert!(html.contains("<main id=\"main\" tabindex=\"-1\"><nav class=\"breadcrumbs\""));
        assert!(html.contains("<dt>氏名</dt><dd>免許 太郎</dd>"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
