//! `/license/onestop` 「基本情報の自動変更」 (manual 3章③ 3-1 step 2): the explanation,
//! 「利用開始手続に進む」, 「設定内容の更新・確認」, 「同意解除について」, 「運転免許ページへ」.
//! Start and renew only for the statuses that may (else 「手続きの対象外です」); status and
//! cancel for all four linked statuses.

use domain::onestop::OnestopStatus;
use leptos::prelude::*;

use super::parts::{Explanation, NotEligible};
use super::{NotLinked, HUB, TRAIL_TO_LICENSE};
use crate::api;
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;
use crate::components::session_gate::SessionGate;

#[component]
pub fn OnestopPage() -> impl IntoView {
    view! {
        <SessionGate trail=TRAIL_TO_LICENSE current=HUB next="/license/onestop" linked=true
            otherwise=|| view! { <NotLinked heading=HUB/> }>
            <Hub/>
        </SessionGate>
    }
}

#[component]
fn Hub() -> impl IntoView {
    let status = LocalResource::new(api::onestop_status);
    move || match status.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! {
            <PageHeading text=HUB/>
            <p class="status-error" role="alert">{e.detail}</p>
            <p><a href="/license">"運転免許ページへ"</a></p>
        }
        .into_any(),
        Some(Ok(s)) => view! { <HubView status=s/> }.into_any(),
    }
}

#[component]
fn HubView(status: OnestopStatus) -> impl IntoView {
    let can_start = status.can_start;
    view! {
        <PageHeading text=HUB/>
        <h2 class="onestop-sub">"住所変更ワンストップサービス等"</h2>
        {(!can_start).then(|| view! { <NotEligible/> })}
        <Explanation/>
        {status.pending.then(|| view! {
            <p class="notice">"処理中の申請があります。処理結果は、お知らせでご確認ください。"</p>
        })}
        {can_start.then(|| view! {
            <p><a class="button button--primary" href="/license/onestop/start">"利用開始手続に進む"</a></p>
        })}
        <section class="onestop-settings" aria-labelledby="onestop-settings">
            <h2 id="onestop-settings">"設定内容の更新・確認"</h2>
            <p>"すでに利用している方も、ここで同意の有効期間を延ばしたり、同意する項目を変えたりできます。"</p>
            <ul class="procedure-list">
                {can_start.then(|| view! { <Entry href="/license/onestop/renew" title="同意有効期間の更新（同意項目の変更）"/> })}
                <Entry href="/license/onestop/status" title="同意状況の確認"/>
            </ul>
        </section>
        <p><a href="/license/onestop/cancel">"同意解除について"</a></p>
        <p><a href="/license">"運転免許ページへ"</a></p>
    }
}

#[component]
fn Entry(href: &'static str, title: &'static str) -> impl IntoView {
    view! {
        <li>
            <a class="procedure" href=href>
                <span class="procedure__text"><span class="procedure__title">{title}</span></span>
                <span class="procedure__chevron" aria-hidden="true">"›"</span>
            </a>
        </li>
    }
}
