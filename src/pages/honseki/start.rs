//! Step 2 「本籍のオンライン変更の申請」: what the service does, 「申請する」 and 「運転免許ページへ」.
//! Not eligible (SPEC §3: only マイナ免許証のみ): 「オンライン変更の利用対象外です」 with
//! 「詳細を確認する」, and no way on. With an application in progress: where to see it.

use domain::honseki::HonsekiStatus;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::frame::{NotLinked, RestartNotice, TRAIL};
use super::{FIRST_STEP, START, TITLE};
use crate::api;
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;
use crate::components::session_gate::SessionGate;

#[component]
pub fn HonsekiStartPage() -> impl IntoView {
    view! {
        <SessionGate trail=TRAIL current=TITLE next=FIRST_STEP linked=true otherwise=|| view! { <NotLinked heading=TITLE/> }>
            <Loaded/>
        </SessionGate>
    }
}

#[component]
fn Loaded() -> impl IntoView {
    let status = LocalResource::new(api::honseki_status);
    move || match status.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! {
            <PageHeading text=TITLE/>
            <p class="status-error" role="alert">{e.detail}</p>
            <p><a href=START>"運転免許ページへ"</a></p>
        }
        .into_any(),
        Some(Ok(s)) => view! { <Start status=s/> }.into_any(),
    }
}

#[component]
fn Start(status: HonsekiStatus) -> impl IntoView {
    let navigate = use_navigate();
    // With 戸籍連携履歴 the koseki steps are skipped (manual 3章② step 2).
    let next = if status.koseki_history { "/license/honseki/confirm" } else { "/license/honseki/koseki" };
    let can_apply = status.eligible && !status.pending;
    let step = can_apply.then(|| crate::components::step::of(routes::PageId::HonsekiStart)).flatten();
    view! {
        <PageHeading text=TITLE step=step/>
        <RestartNotice/>
        {(!status.eligible).then(|| view! {
            <section class="notice notice--warning" aria-labelledby="honseki-not-eligible">
                <h2 id="honseki-not-eligible">"オンライン変更の利用対象外です"</h2>
                <p><a href="/license/honseki/help/eligibility">"詳細を確認する"</a></p>
            </section>
        })}
        {status.pending.then(|| view! {
            <section class="notice" aria-labelledby="honseki-pending">
                <h2 id="honseki-pending">"処理中の申請があります"</h2>
                <p>"本籍のオンライン変更の申請を処理しています。結果はお知らせでお届けします。"</p>
                <p><a href="/license/honseki/done">"申請の受付内容を確認する"</a></p>
            </section>
        })}
        <p>"戸籍情報（戸籍電子証明書）を提出すると、運転免許に記録されている本籍の変更をオンラインで申請できます。運転免許センター等の窓口に行く必要はありません。"</p>
        <div class="button-row">
            <button type="button" class="button button--primary" disabled=!can_apply
                on:click=move |_| navigate(next, Default::default())>"申請する"</button>
            <a class="button button--secondary" href=START>"運転免許ページへ"</a>
        </div>
    }
}
