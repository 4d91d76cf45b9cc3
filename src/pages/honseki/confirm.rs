//! Step 8 「本籍・筆頭者氏名の確認」: 本籍 and 筆頭者氏名 from the koseki e-certificate, 「次へ」 /
//! 「戻る」 / 「中断する」. When the licence records this 本籍 already, there is nothing to
//! change and the flow says so instead of going on.

use domain::honseki::KosekiRecord;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::frame::{Back, Interrupt, Needs, RestartNotice, StepGate, STEP_TRAIL};
use super::{FIRST_STEP, START};
use crate::api;
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::field::Field;
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;

const HEADING: &str = "本籍・筆頭者氏名の確認";

#[component]
pub fn HonsekiConfirmPage() -> impl IntoView {
    view! {
        <Breadcrumbs trail=STEP_TRAIL current=HEADING/>
        <StepGate needs=Needs::Koseki next="/license/honseki/confirm" heading=HEADING children=|s| {
            // 「戻る」: to the card's 本人情報, or (with 戸籍連携履歴) to the start.
            let back = if s.koseki_history { FIRST_STEP } else { "/license/honseki/identity-result" };
            let step = crate::components::step::of(routes::PageId::HonsekiConfirm);
            view! { <Confirm back=back step=step/> }
        }/>
    }
}

#[component]
fn Confirm(back: &'static str, step: Option<crate::components::step::StepOf>) -> impl IntoView {
    let record = LocalResource::new(api::honseki_koseki);
    move || match record.get() {
        None => view! { <Loading text="戸籍電子証明書の情報を取得しています…"/> }.into_any(),
        Some(Err(e)) => view! {
            <PageHeading text=HEADING step=step/>
            <p class="status-error" role="alert">{e.detail}</p>
            <div class="button-row"><Back to=back/><Interrupt/></div>
        }
        .into_any(),
        Some(Ok(r)) => view! { <Record record=r back=back step=step/> }.into_any(),
    }
}

#[component]
fn Record(record: KosekiRecord, back: &'static str, step: Option<crate::components::step::StepOf>) -> impl IntoView {
    let navigate = use_navigate();
    let same = record.same_as_license;
    view! {
        <PageHeading text=HEADING step=step/>
        <RestartNotice/>
        <p>"戸籍電子証明書に記載されている本籍と筆頭者氏名です。内容を確認してください。"</p>
        <p class="note">"※ 内容に誤りがあるときは、本籍のある市区町村にお問い合わせください。"</p>
        <dl class="record">
            <Field label="本籍">{record.honseki}</Field>
            <Field label="筆頭者氏名">{record.head_name}</Field>
        </dl>
        {if same {
            view! {
                <section class="notice" aria-labelledby="honseki-nothing" role="status">
                    <h2 id="honseki-nothing">"本籍の変更は必要ありません"</h2>
                    <p>"運転免許には、すでにこの本籍が記録されています。申請の必要はありません。"</p>
                </section>
                <div class="button-row">
                    <a class="button button--primary" href=START>"運転免許ページへ"</a>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="button-row">
                    <button type="button" class="button button--primary"
                        on:click=move |_| navigate("/license/honseki/agreement", Default::default())>"次へ"</button>
                    <Back to=back/>
                    <Interrupt/>
                </div>
            }
            .into_any()
        }}
    }
}
