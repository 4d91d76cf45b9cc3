//! `/accessibility/results` 「試験結果」: every criterion of the table in
//! docs/ACCESSIBILITY.md — its number, JIS number, name, level, result and how it was
//! tested — one table per principle, with the counts above. Nothing here is written by
//! hand: a row of the doc is a row of this page.

use domain::accessibility::{counts, criteria, methods, Criterion, SOURCE};
use leptos::prelude::*;

use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::page_heading::PageHeading;

const TITLE: &str = "試験結果";

/// WCAG's four principles: a criterion's number starts with its principle's.
const PRINCIPLES: [(&str, &str); 4] =
    [("1.", "原則1 知覚可能"), ("2.", "原則2 操作可能"), ("3.", "原則3 理解可能"), ("4.", "原則4 堅牢")];

#[component]
pub fn AccessibilityResultsPage() -> impl IntoView {
    let rows = criteria(SOURCE);
    let date = super::results_date();
    let jis = rows.iter().filter(|c| c.jis.is_some()).count();
    let summary =
        counts(&rows).into_iter().map(|(o, n)| view! { <li>{format!("{}：{n}件", o.label())}</li> }).collect_view();
    let tables = PRINCIPLES
        .into_iter()
        .map(|(prefix, caption)| {
            let of: Vec<Criterion> = rows.iter().copied().filter(|c| c.number.starts_with(prefix)).collect();
            view! { <ResultTable caption rows=of/> }
        })
        .collect_view();
    view! {
        <Breadcrumbs trail=&[("ホーム", "/"), ("ウェブアクセシビリティ方針", "/accessibility")] current=TITLE/>
        <PageHeading text=TITLE/>
        <p>
            {format!("{date}時点の、JIS X 8341-3:2016 と WCAG 2.2 のレベルA・AAの達成基準ごとの試験結果です。")}
            "方針と試験の方法は"<a href="/accessibility">"ウェブアクセシビリティ方針"</a>"をご覧ください。"
        </p>
        <h2>"結果の内訳"</h2>
        <p>{format!("達成基準{}件（JIS X 8341-3:2016 の達成基準{jis}件と、WCAG 2.1・2.2 で加わった{}件）", rows.len(), rows.len() - jis)}</p>
        <ul>{summary}</ul>
        <p>"「適合」は試験で満たしていることを確かめたもの、「非適用」は対象となるコンテンツがないもの、「未判定」はまだ試験をしていないものです。JIS の番号が「なし」の達成基準は、JIS X 8341-3:2016 にはなく WCAG 2.1・2.2 で加わったものです。"</p>
        {tables}
    }
}

/// One principle's criteria.
#[component]
fn ResultTable(caption: &'static str, rows: Vec<Criterion>) -> impl IntoView {
    view! {
        <table class="a11y-results">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"番号"</th>
                    <th scope="col">"JIS"</th>
                    <th scope="col">"達成基準"</th>
                    <th scope="col">"レベル"</th>
                    <th scope="col">"結果"</th>
                    <th scope="col">"試験方法"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|c| view! {
                    <tr>
                        <th scope="row">{c.number}</th>
                        <td>{c.jis.unwrap_or("なし")}</td>
                        <td>{c.name}</td>
                        <td>{c.level}</td>
                        <td>{c.outcome.label()}</td>
                        <td>
                            {methods(c.tested).join("、")}
                            // The table's own words (test names, axe rules, dated checks):
                            // what a reviewer looks up.
                            <span class="a11y-results__detail">{c.tested.replace('`', "")}</span>
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
