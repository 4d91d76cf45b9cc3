//! 「オンライン講習の流れについて」: how the online lecture goes, in our own words.

use leptos::prelude::*;

use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::page_heading::PageHeading;

const TITLE: &str = "オンライン講習の流れについて";

#[component]
pub fn LectureFlowHelpPage() -> impl IntoView {
    view! {
        <Breadcrumbs trail=&[("ホーム", "/"), ("運転免許", "/license"), ("オンライン講習の受講", "/license/lecture")] current=TITLE/>
        <PageHeading text=TITLE/>
        <ol class="steps">
            <li>"「オンライン講習の受講」で「受講する」を押すと、オンライン講習のサイトに移ります。"</li>
            <li>"「受講者情報」で氏名と講習区分を確かめ、言語を選んで「受講を開始する」を押します。"</li>
            <li>"章ごとに、説明を読み、動画を最後まで再生してから、確認問題に解答します。正解すると次の章に進めます。"</li>
            <li>"途中でやめても、次に「受講する」を押すと続きから受講できます。ほかの端末からでも続きを受講できます。"</li>
            <li>"すべての章を終えると受講完了です。受講完了の記録はお知らせに届きます。"</li>
            <li>"その後、免許の有効期間の末日までに、運転免許センター等で更新手続き（視力検査・写真撮影など）を行ってください。"</li>
        </ol>
        <p>"講習の時間は、優良運転者講習が30分、一般運転者講習が60分です。"</p>
        <p><a href="/license/lecture">"オンライン講習の受講へ戻る"</a></p>
    }
}
