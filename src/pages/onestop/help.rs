//! The one-stop service's help pages (our own words): 「住所変更ワンストップサービス等について」
//! (`about`, from the hub), 「よくある質問(FAQ)」 (`faq`) and 「マニュアルダウンロード」 (`manual`),
//! linked where the manual shows them.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::TRAIL;
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::page_heading::PageHeading;

#[component]
pub fn OnestopHelpPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let topic = params.read().get("topic").unwrap_or_default();
        let (title, body) = match topic.as_str() {
            "about" => ("住所変更ワンストップサービス等について", about().into_any()),
            "faq" => ("よくある質問(FAQ)", faq().into_any()),
            "manual" => ("マニュアル（住所変更ワンストップサービス等）", manual().into_any()),
            _ => ("ページが見つかりません", view! { <p>"お探しの説明は見つかりませんでした。"</p> }.into_any()),
        };
        view! {
            <Breadcrumbs trail=TRAIL current=title/>
            <PageHeading text=title/>
            <div class="help-text">{body}</div>
            <p><a href="/license/onestop">"基本情報の自動変更へ戻る"</a></p>
        }
    }
}

fn about() -> impl IntoView {
    view! {
        <p>"利用開始の手続きをしておくと、住所・氏名・生年月日に変更があったとき、市区町村の窓口で住民票の記載事項の変更とマイナンバーカードの署名用電子証明書の発行の手続きをするだけで、その内容が運転免許（運転経歴情報）にも反映されます。運転免許センターや警察署へ出向いて届け出る必要がなくなります。"</p>
        <p>"反映されるのは「同意する」を選んだ項目だけです。同意の有効期間は、手続きが処理された日から10年です。"</p>
        <p>"署名用電子証明書の有効期限が切れた後に生じた変更は反映されません。そのときは運転免許センター等に届け出てください。"</p>
    }
}

fn faq() -> impl IntoView {
    view! {
        <h2>"同意はいつから有効になりますか。"</h2>
        <p>"申請が処理された日から10年間有効です。処理の結果はお知らせでお届けします。"</p>
        <h2>"同意する項目を後から変えられますか。"</h2>
        <p>"「同意有効期間の更新（同意項目の変更）」から、いつでも選び直せます。更新すると有効期間も10年に戻ります。"</p>
        <h2>"利用をやめるには。"</h2>
        <p>"「同意解除について」から手続きすると、3項目すべての同意が取り消されます。"</p>
    }
}

fn manual() -> impl IntoView {
    view! {
        <p>"この画面は印刷してお使いいただけます。"</p>
        <ol class="steps">
            <li>"運転免許ページの「手続き」から「基本情報の自動変更」を開きます。"</li>
            <li>"「利用開始手続に進む」を押し、利用規約を最後まで読んで同意します。"</li>
            <li>"住所・氏名・生年月日ごとに「同意する」か「同意しない」を選び、「利用を開始」を押します。"</li>
            <li>"署名用電子証明書のパスワードを入力し、マイナンバーカードを読み取ります。"</li>
            <li>"「申請状況」が「受付済」になっていることを確かめて「OK」を押します。"</li>
        </ol>
    }
}
