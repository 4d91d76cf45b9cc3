//! Step 9 「確認事項への同意」: how the koseki information is obtained and passed on; the
//! checkbox 「確認事項に同意する」 enables 「次へ」, which the server records.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::frame::{Interrupt, Needs, RestartNotice, StepGate, STEP_TRAIL};
use crate::api;
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::page_heading::PageHeading;

const HEADING: &str = "確認事項への同意";
const CHECK_ID: &str = "honseki-agree";

#[component]
pub fn HonsekiAgreementPage() -> impl IntoView {
    view! {
        <Breadcrumbs trail=STEP_TRAIL current=HEADING/>
        <StepGate needs=Needs::Koseki next="/license/honseki/agreement" heading=HEADING children=|_| view! { <Agreement step=crate::components::step::of(routes::PageId::HonsekiAgreement)/> }/>
    }
}

#[component]
fn Agreement(step: Option<crate::components::step::StepOf>) -> impl IntoView {
    let navigate = use_navigate();
    let checked = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let next = move |_| {
        if !checked.get_untracked() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::honseki_agreement().await {
                Ok(()) => navigate("/license/honseki/sign", Default::default()),
                Err(e) => {
                    error.set(Some(e.detail));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <PageHeading text=HEADING step=step/>
        <RestartNotice/>
        <p>"以下の内容を確認し、同意のうえで申請してください。"</p>
        <section class="panel" aria-labelledby="honseki-terms">
            <h2 id="honseki-terms">"個人情報の取り扱いに関する確認事項"</h2>
            <p>"戸籍電子証明書をオンラインで提出するため、マイナポータルは法務省の戸籍情報連携システムを通じて、本籍地の市区町村長から戸籍電子証明書提供用識別符号を取得し、運転免許の手続きを行う警察庁に連携します。"</p>
            <p>"取得した情報は、運転免許の本籍の変更のためにだけ使います。"</p>
        </section>
        <p class="checkbox">
            <input type="checkbox" id=CHECK_ID prop:checked=move || checked.get()
                on:change=move |ev| checked.set(event_target_checked(&ev))/>
            <label for=CHECK_ID>"確認事項に同意する"</label>
        </p>
        <div class="form-error" role="alert">{move || error.get().map(|e| view! { <p class="status-error">{e}</p> })}</div>
        <div class="button-row">
            <button type="button" class="button button--primary" disabled=move || !checked.get() || busy.get()
                on:click=next>"次へ"</button>
            <Interrupt/>
        </div>
    }
}
