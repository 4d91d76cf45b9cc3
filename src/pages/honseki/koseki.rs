//! Step 3 「戸籍情報のオンライン取得・提出について」 (the koseki side, 「マイナポータル 戸籍情報」):
//! what happens next, 「次へ」 / 「戻る」.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::frame::{Back, KosekiSide, Needs, RestartNotice, StepGate};
use super::FIRST_STEP;
use crate::components::page_heading::PageHeading;

const HEADING: &str = "戸籍情報のオンライン取得・提出について";

#[component]
pub fn HonsekiKosekiPage() -> impl IntoView {
    view! {
        <KosekiSide current="戸籍電子証明書提出方法選択"/>
        <StepGate needs=Needs::KosekiSide next="/license/honseki/koseki" heading=HEADING children=|_| view! { <Koseki/> }/>
    }
}

#[component]
fn Koseki() -> impl IntoView {
    let navigate = use_navigate();
    view! {
        <PageHeading text=HEADING step=crate::components::step::of(routes::PageId::HonsekiKoseki)/>
        <RestartNotice/>
        <p>"本籍の変更を申請するために、あなたの戸籍情報（戸籍電子証明書）をオンラインで取得して運転免許の手続きに提出します。次の画面で、マイナンバーカードを読み取ってご本人であることを確認してから、本籍と筆頭者氏名の確認に進みます。"</p>
        <p><a href="/license/honseki/help/koseki">"戸籍情報のオンライン取得・提出とは"</a></p>
        <div class="button-row">
            <button type="button" class="button button--primary"
                on:click=move |_| navigate("/license/honseki/identity", Default::default())>"次へ"</button>
            <Back to=FIRST_STEP/>
        </div>
    }
}
