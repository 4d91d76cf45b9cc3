//! The `/license` screen as an HTML string, the same elements, attributes and texts the
//! SPA's components render (src/pages/license/). Two users:
//!
//! - the server paints it into index.html for a logged-in person's `GET /license`, so the
//!   record is on screen with the HTML, before the wasm arrives; the SPA then mounts the
//!   same DOM from the same data (embedded as JSON) in one task, so nothing flickers;
//! - `cargo xtask bench` builds its static "physical limit" page from it.
//!
//! e2e/tests/first-view.spec.ts compares this markup with what the SPA renders, for every
//! kind of record, so the two cannot drift apart unnoticed.

mod record;
mod unlinked;

use domain::license::LicenseResponse;

/// The inner HTML of `<main>` for this answer of `GET /api/license`, and the page title.
pub fn license_main(response: &LicenseResponse) -> (String, String) {
    match response {
        LicenseResponse::Linked(record) => (record::record_page(record), title(record.status.record_heading())),
        LicenseResponse::Unlinked { status, can_link, lead } => {
            (unlinked::unlinked_view(*status, *can_link, lead), title(status.record_heading()))
        }
    }
}

/// The document title, as src/components/title.rs sets it.
fn title(page: &str) -> String {
    format!("{page} | マイナポータル")
}

/// Text and attribute values escaped for HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// `Breadcrumbs` with the `HOME` trail and the `PageHeading` h1.
fn breadcrumbs_and_heading(heading: &str) -> String {
    format!(
        "<nav class=\"breadcrumbs\" aria-label=\"パンくずリスト\"><ol><li><a href=\"/\">ホーム</a></li>\
         <li aria-current=\"page\">{heading}</li></ol></nav><h1 tabindex=\"-1\">{heading}</h1>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const TARO: &str = r#"{"state":"linked","status":"myna_license_only","registered_on":"2026-12-01","name":"免許 太郎","kana":"メンキョ タロウ","alias_name":"免許 タロー","former_name":"日本 太郎","birth_date":"1996-01-01","address":"東京都港区芝浦四丁目5番6号","detail":{"kind":"license","color":"gold","valid_until":"2027-02-01","number":"012345678900","kinds":["普通","原付","普二"],"date_two_small_moped":"2019-02-01","date_other":"2019-02-01","date_second_class":null,"conditions":["眼鏡等"],"remarks":[]},"renewal":{"kind":"eligible","class":"good","closes":"2027-02-01"},"procedures":{"lecture":true,"honseki":true,"onestop":false}}"#;

    #[test]
    fn a_licence_record_in_the_manuals_order_with_hidden_values_closed() {
        let (html, title) = license_main(&serde_json::from_str(TARO).unwrap());
        assert_eq!(title, "運転免許 | マイナポータル");
        assert!(html.starts_with("<nav class=\"breadcrumbs\""));
        assert!(html.contains("<h1 tabindex=\"-1\">運転免許</h1>"));
        assert!(html.contains("<div class=\"field\"><dt>氏名</dt><dd>免許 太郎</dd></div>"));
        assert!(html.contains("<dd>2027年02月01日まで</dd>"));
        assert!(html.contains("<dt>免許の年月日（二種）</dt><dd>記載なし</dd>"));
        assert!(html.contains("<dt>備考</dt><dd><span>記載なし</span></dd>"));
        assert!(html.contains("優良運転者講習"));
        assert!(html.contains("<span class=\"badge\">対象外</span>"));
        assert!(html.contains("aria-expanded=\"false\" aria-controls=\"honseki-value\">本籍を表示する</button>"));
        let order =
            ["氏名", "フリガナ", "通称名", "旧姓名", "生年月日", "住所", "本籍", "保有状況", "顔写真", "色区分"];
        let at: Vec<usize> = order.iter().map(|l| html.find(&format!("<dt>{l}</dt>")).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    }

    #[test]
    fn text_from_the_record_is_escaped() {
        let json = TARO.replace("東京都港区芝浦四丁目5番6号", "<script>x</script>&");
        let (html, _) = license_main(&serde_json::from_str(&json).unwrap());
        assert!(html.contains("<dd>&lt;script&gt;x&lt;/script&gt;&amp;</dd>"));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn an_unlinked_person_is_offered_the_link_or_told_why_not() {
        let (html, title) = license_main(
            &serde_json::from_str(
                r#"{"state":"unlinked","status":"myna_license_only","can_link":true,"lead":"連携すると"}"#,
            )
            .unwrap(),
        );
        assert_eq!(title, "運転免許 | マイナポータル");
        assert!(html.contains("<a class=\"button button--primary\" href=\"/license/link\">連携をはじめる</a>"));
        let (html, _) = license_main(
            &serde_json::from_str(
                r#"{"state":"unlinked","status":"plastic_license_only","can_link":false,"lead":"では、マイナポータルと連携できません。"}"#,
            )
            .unwrap(),
        );
        assert!(html.contains("では、マイナポータルと連携できません。"));
        assert!(!html.contains("連携をはじめる"));
    }

    #[test]
    fn the_lead_is_the_servers_escaped() {
        let json = r#"{"state":"unlinked","status":"myna_license_only","can_link":true,"lead":"失効<した>"}"#;
        let (html, _) = license_main(&serde_json::from_str(json).unwrap());
        assert!(html.contains("<p>失効&lt;した&gt;</p><p><a class=\"button button--primary\" href=\"/license/link\">連携をはじめる</a></p>"), "{html}");
    }
}
