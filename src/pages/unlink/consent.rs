//! 「アカウント連携解除の同意確認」: what unlinking stops, the warning about applications in
//! progress, 「同意して次へ」 / 「キャンセル」 (back to /license, where the flow began).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::{CURRENT, TRAIL};
use crate::api;
use crate::components::page_heading::PageHeading;
use crate::components::session_gate::SessionGate;

#[component]
pub fn UnlinkConsentPage() -> impl IntoView {
    view! {
        <SessionGate trail=TRAIL current=CURRENT next="/license/unlink" linked=true otherwise=NotLinked>
            <ConsentForm/>
        </SessionGate>
    }
}

#[component]
fn NotLinked() -> impl IntoView {
    view! {
        <PageHeading text="アカウント連携解除の同意確認"/>
        <p role="alert">"マイナ免許証とは連携していません。連携解除の手続きは不要です。"</p>
        <p><a href="/license">"運転免許ページへ"</a></p>
    }
}

#[component]
fn ConsentForm() -> impl IntoView {
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let go = navigate.clone();
    let agree = move |_| {
        // One request at a time: a double tap must not send two.
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        let go = go.clone();
        spawn_local(async move {
            match api::unlink().await {
                Ok(()) => go("/license/unlink/done", NavigateOptions { replace: true, ..Default::default() }),
                Err(e) => {
                    error.set(Some(e.detail));
                    pending.set(false);
                }
            }
        });
    };
    let cancel = move |_| navigate("/license", Default::default());
    view! {
        <PageHeading text="アカウント連携解除の同意確認"/>
        <p>"「マイナ免許証」との連携を解除します。"</p>
        <section class="notice notice--warning" aria-labelledby="unlink-warning">
            <h2 id="unlink-warning">"手続き中の申請がある場合は完了後に連携を解除してください"</h2>
            <p>"連携を解除すると、マイナポータルで免許情報を確認したり、免許更新時のオンライン講習を受講したりできなくなります。手続き中の申請があるまま解除すると、その結果をマイナポータルで受け取れません。"</p>
            <p>"本籍のオンライン変更を申請中の場合、解除すると本籍の変更が完了しないことがあります。"</p>
            <p><a href="/applications">"手続き状況を確認する"</a></p>
        </section>
        <div role="alert" class="form-error">{move || error.get().map(|e| view! { <p class="status-error">{e}</p> })}</div>
        <p class="unlink-now" id="unlink-now">"「同意して次へ」を押すと、確認画面を挟まずにすぐ連携を解除します。"</p>
        <div class="button-row">
            <button type="button" class="button button--danger" aria-describedby="unlink-now" on:click=agree aria-disabled=move || pending.get().then_some("true")>
                "同意して次へ"
            </button>
            <button type="button" class="button button--secondary" on:click=cancel>"キャンセル"</button>
        </div>
    }
}
