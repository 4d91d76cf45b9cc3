//! src/pages/license/record_page.rs and what it contains: license_view, history_view,
//! person_fields, renewal_notice, procedures, components/field and hidden_value (closed).

use crate::{breadcrumbs_and_heading, esc};
use domain::dates::{western, western_until};
use domain::eligibility::RenewalNotice;
use domain::license::{record_number_text, HistoryDetail, LicenseDetail, RecordDetail, RecordView};

pub fn record_page(r: &RecordView) -> String {
    let mut main = breadcrumbs_and_heading(r.status.record_heading());
    if let Some(notice) = &r.renewal {
        main.push_str(&renewal_notice(notice));
    }
    main.push_str(&format!("<p class=\"registered-on\">登録情報 {}時点</p>", western(r.registered_on)));
    main.push_str("<dl class=\"record\">");
    main.push_str(&person_fields(r));
    match &r.detail {
        RecordDetail::License(d) => main.push_str(&license_fields(r, d)),
        RecordDetail::History(d) => main.push_str(&history_fields(r, d)),
    }
    main.push_str("</dl>");
    main.push_str(&procedures(r));
    main.push_str("<p class=\"unlink-link\"><a href=\"/license/unlink\">連携解除</a></p>");
    main.push_str(
        "<p class=\"unlink-link\"><a href=\"/license/link/help/lost-card\">マイナンバーカードを紛失したとき</a></p>",
    );
    main
}

/// `Field`: `<div class="field"><dt>…</dt><dd>…</dd></div>`.
fn field(label: &str, value_html: &str) -> String {
    format!("<div class=\"field\"><dt>{label}</dt><dd>{value_html}</dd></div>")
}

/// `ListValue`: an empty list reads 「記載なし」.
fn list(items: &[String]) -> String {
    if items.is_empty() {
        return "<span>記載なし</span>".into();
    }
    let lis: String = items.iter().map(|i| format!("<li>{}</li>", esc(i))).collect();
    format!("<ul class=\"value-list\">{lis}</ul>")
}

/// `optional_date`.
fn optional_date(d: Option<chrono::NaiveDate>) -> String {
    d.map(western).unwrap_or_else(|| "記載なし".into())
}

/// `HiddenValue`, closed: the empty container and its 「…を表示する」 button.
fn hidden(id: &str, show: &str) -> String {
    format!(
        "<div id=\"{id}\" class=\"hidden-value\" aria-live=\"polite\"></div>\
         <button type=\"button\" class=\"link-button\" aria-expanded=\"false\" aria-controls=\"{id}\">{show}</button>"
    )
}

fn person_fields(r: &RecordView) -> String {
    [
        field("氏名", &esc(&r.name)),
        field("フリガナ", &esc(&r.kana)),
        field("通称名", &esc(&r.alias_name)),
        field("旧姓名", &esc(&r.former_name)),
        field("生年月日", &western(r.birth_date)),
        field("住所", &esc(&r.address)),
    ]
    .concat()
}

fn license_fields(r: &RecordView, d: &LicenseDetail) -> String {
    [
        field("本籍", &hidden("honseki-value", "本籍を表示する")),
        field("保有状況", r.status.label()),
        field("顔写真", &hidden("photo-value", "顔写真を表示する")),
        field(
            "色区分",
            &format!(
                "<span class=\"color-dot color-dot--{}\" aria-hidden=\"true\"></span>{}",
                d.color.colour_code(),
                d.color.label()
            ),
        ),
        field("免許情報記録の有効期間", &western_until(d.valid_until)),
        field("免許情報記録番号", &esc(&record_number_text(&d.number))),
        field("取得済免許", &format!("<span class=\"sub-label\">種類</span>{}", list(&d.kinds))),
        field("免許の年月日（二・小・原）", &optional_date(d.date_two_small_moped)),
        field("免許の年月日（他）", &optional_date(d.date_other)),
        field("免許の年月日（二種）", &optional_date(d.date_second_class)),
        field("免許の条件", &list(&d.conditions)),
        field("備考", &list(&d.remarks)),
    ]
    .concat()
}

fn history_fields(r: &RecordView, d: &HistoryDetail) -> String {
    [
        field("保有状況", r.status.label()),
        field("顔写真", &hidden("photo-value", "顔写真を表示する")),
        field("運転経歴情報記録年月日", &western(d.recorded_on)),
        field("運転経歴区分", &hidden("history-class-value", "運転経歴区分を表示する")),
        field("運転経歴情報記録番号", &esc(&record_number_text(&d.number))),
        field("取得していた免許", &format!("<span class=\"sub-label\">種類</span>{}", list(&d.kinds))),
        field("免許の年月日（二・小・原）", &optional_date(d.date_two_small_moped)),
        field("免許の年月日（他）", &optional_date(d.date_other)),
        field("免許の年月日（二種）", &optional_date(d.date_second_class)),
        field("備考", &list(&d.remarks)),
    ]
    .concat()
}

fn renewal_notice(notice: &RenewalNotice) -> String {
    let body = match notice {
        RenewalNotice::Eligible { class, closes } => format!(
            "<p>免許情報記録の有効期間は{}までです。更新の前に、オンラインで更新時講習（{}）を受講できます。</p>\
             <p><a class=\"button button--primary\" href=\"/license/lecture\">オンライン講習について確認する</a></p>",
            western(*closes),
            class.label()
        ),
        RenewalNotice::NotEligible { message, closes } => format!(
            "<p>免許情報記録の有効期間は{}までです。</p><p><strong>オンライン講習の対象外です。</strong>{}</p>\
             <p>更新手続きは運転免許センター等で行ってください。</p>",
            western(*closes),
            esc(message)
        ),
    };
    format!(
        "<section class=\"notice notice--warning\" aria-labelledby=\"renewal-heading\">\
         <h2 id=\"renewal-heading\">免許情報記録の有効期限が近づいています</h2>{body}</section>"
    )
}

fn procedures(r: &RecordView) -> String {
    let p = &r.procedures;
    let entry = |href: &str, title: &str, sub: Option<&str>, unavailable: Option<&str>| {
        format!(
            "<li><a class=\"procedure\" href=\"{href}\"><span class=\"procedure__text\">\
             <span class=\"procedure__title\">{title}</span>{}</span>{}\
             <span class=\"procedure__chevron\" aria-hidden=\"true\">›</span></a></li>",
            sub.map(|s| format!("<span class=\"procedure__sub\">{s}</span>")).unwrap_or_default(),
            unavailable.map(|u| format!("<span class=\"badge\">{u}</span>")).unwrap_or_default(),
        )
    };
    format!(
        "<section class=\"procedures\" aria-labelledby=\"procedures-heading\"><h2 id=\"procedures-heading\">手続き</h2>\
         <ul class=\"procedure-list\">{}{}{}</ul></section>",
        entry("/license/lecture", "オンライン講習の受講", None, (!p.lecture).then_some("受講不可")),
        entry("/license/honseki", "本籍のオンライン変更の申請", None, (!p.honseki).then_some("対象外")),
        entry("/license/onestop", "基本情報の自動変更", Some("住所変更ワンストップサービス等"), (!p.onestop).then_some("対象外")),
    )
}
