//! The lecture site's 「操作マニュアル」 (`manual`) and 「よくある質問 (FAQ)」 (`faq`), in our
//! own words.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::page_heading::PageHeading;

#[component]
pub fn LectureSiteHelpPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let topic = params.read().get("topic").unwrap_or_default();
        let (title, body) = match topic.as_str() {
            "manual" => ("操作マニュアル", manual().into_any()),
            "faq" => ("よくある質問 (FAQ)", faq().into_any()),
            _ => ("ページが見つかりません", view! { <p>"お探しの説明は見つかりませんでした。"</p> }.into_any()),
        };
        view! {
            <PageHeading text=title/>
            <div class="help-text">{body}</div>
            <p><a href="/lecture">"受講者情報へ戻る"</a></p>
        }
    }
}

fn manual() -> impl IntoView {
    view! {
        <ol class="steps">
            <li>"「受講者情報」で内容を確かめ、「言語選択/Language selection」で言語を選びます。"</li>
            <li>"「受講を開始する」を押すと、第1章が始まります。"</li>
            <li>"説明を読み、「再生」で動画を最後まで再生します。動画の内容は「動画の内容（字幕）」でも読めます。"</li>
            <li>"確認問題の答えを選んで「解答する」を押します。正解すると「次の章へ」進めます。"</li>
            <li>"最後の章の確認問題に正解すると、受講完了です。"</li>
        </ol>
    }
}

fn faq() -> impl IntoView {
    view! {
        <h2>"途中でやめてもよいですか。"</h2>
        <p>"はい。正解した章までの記録が残ります。マイナポータルの「オンライン講習の受講」で「受講する」を押すと、続きから受講できます。"</p>
        <h2>"確認問題を間違えたらどうなりますか。"</h2>
        <p>"説明を読んで、もう一度選んでください。正解するまで次の章には進めません。"</p>
        <h2>"受講したら免許は更新されますか。"</h2>
        <p>"いいえ。有効期間の末日までに、運転免許センター等で更新手続きを行ってください。"</p>
    }
}
