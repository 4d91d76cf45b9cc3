//! The flow's explanations (our own words): 「詳細を確認する」 for people the online change is
//! not open to (`eligibility`), and 「戸籍情報のオンライン取得・提出とは」 (`koseki`).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::frame::STEP_TRAIL;
use super::FIRST_STEP;
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::page_heading::PageHeading;

#[component]
pub fn HonsekiHelpPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let topic = params.read().get("topic").unwrap_or_default();
        let (title, body) = match topic.as_str() {
            "eligibility" => ("本籍のオンライン変更を利用できる方", eligibility().into_any()),
            "koseki" => ("戸籍情報のオンライン取得・提出とは", koseki().into_any()),
            _ => ("ページが見つかりません", view! { <p>"お探しの説明は見つかりませんでした。"</p> }.into_any()),
        };
        view! {
            <Breadcrumbs trail=STEP_TRAIL current=title/>
            <PageHeading text=title/>
            <div class="help-text">{body}</div>
            <p><a href=FIRST_STEP>"本籍のオンライン変更の申請へ戻る"</a></p>
        }
    }
}

fn eligibility() -> impl IntoView {
    // Who may, and where the others go; no reason of our own for the rule (the manual
    // gives none, issue 30).
    view! {
        <p>"本籍のオンライン変更を申請できるのは、保有状況が「マイナ免許証のみ」の方です。"</p>
        <p>"ほかの保有状況の方（運転免許証とマイナ免許証の2枚持ちの方、運転経歴証明書・マイナ経歴証明書をお持ちの方など）は、オンラインでは申請できません。手続きについては、運転免許センター等にお問い合わせください。"</p>
        <p>"保有状況は、運転免許ページの「保有状況」で確認できます。"</p>
    }
}

fn koseki() -> impl IntoView {
    view! {
        <p>"戸籍情報のオンライン取得・提出は、戸籍謄本などの紙の証明書の代わりに、戸籍電子証明書をオンラインで行政機関に提出する仕組みです。"</p>
        <p>"あなたが同意すると、マイナポータルが法務省の戸籍情報連携システムから戸籍電子証明書提供用識別符号を取得し、本籍の変更の手続きをする警察庁に渡します。警察庁はその識別符号で、あなたの本籍と筆頭者氏名を確認します。"</p>
        <p>"一度手続きすると（戸籍連携履歴があると）、次からは本人情報の確認を省いて申請できます。"</p>
    }
}
