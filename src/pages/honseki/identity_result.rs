//! Step 7 「マイナンバーカードから読み取った情報」: the 本人情報 the server kept from steps
//! 4–6 (so a reload shows them again), the warning about outdated information, 「次へ」 /
//! 「中断する」.

use domain::link::CardAttributes;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::frame::{Interrupt, KosekiSide, Needs, RestartNotice, StepGate};
use crate::components::field::Field;
use crate::components::page_heading::PageHeading;

const HEADING: &str = "マイナンバーカードから読み取った情報";

#[component]
pub fn HonsekiIdentityResultPage() -> impl IntoView {
    view! {
        <KosekiSide current="本人情報の確認"/>
        <StepGate needs=Needs::Identity next="/license/honseki/identity-result" heading=HEADING children=|s| {
            s.identity.map(|read| view! { <Result read=read/> })
        }/>
    }
}

#[component]
fn Result(read: CardAttributes) -> impl IntoView {
    let navigate = use_navigate();
    let (name, sex, birth, address) =
        (read.name.clone(), read.sex_text(), read.birth_date_text(), read.address.clone());
    view! {
        <PageHeading text=HEADING step=crate::components::step::of(routes::PageId::HonsekiIdentityResult)/>
        <RestartNotice/>
        <p class="notice notice--warning" role="note">
            "表示された情報が古い場合は、住民票のある市区町村の窓口でマイナンバーカードの記載内容を更新してから、もう一度お手続きください。"
        </p>
        <dl class="record">
            <Field label="氏名">{name}</Field>
            <Field label="性別">{sex}</Field>
            <Field label="生年月日">{birth}</Field>
            <Field label="住所">{address}</Field>
        </dl>
        <div class="button-row">
            <button type="button" class="button button--primary"
                on:click=move |_| navigate("/license/honseki/confirm", Default::default())>"次へ"</button>
            <Interrupt/>
        </div>
    }
}
