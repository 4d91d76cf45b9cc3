//! Start and renew, step 3-1 (3): 「住所変更ワンストップサービス等利用同意」: the terms, to be
//! read to the end, then 「同意する」 (which the server keeps) → 「…利用同意項目選択」.
//! Only for the holding statuses that may start (else 「手続きの対象外です」).

use domain::onestop::OnestopFlow;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::flows::{crumb, first_step, items_step, label, step, FlowScreen, HelpLinks, CONSENT_TERMS_HEADING};
use super::parts::{Explanation, FlowLabel, NotEligible};
use super::{LinkedOnly, HUB};
use crate::api;
use crate::components::flash::FlashNotice;
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;
use crate::components::terms_gate::TermsGate;

#[component]
pub fn OnestopStartPage() -> impl IntoView {
    view! { <ConsentTermsPage flow=OnestopFlow::Start/> }
}

#[component]
pub fn OnestopRenewPage() -> impl IntoView {
    view! { <ConsentTermsPage flow=OnestopFlow::Renew/> }
}

#[component]
fn ConsentTermsPage(flow: OnestopFlow) -> impl IntoView {
    view! {
        <LinkedOnly current=crumb(flow) next=first_step(flow) heading=CONSENT_TERMS_HEADING>
            <Terms flow=flow/>
        </LinkedOnly>
    }
}

#[component]
fn Terms(flow: OnestopFlow) -> impl IntoView {
    let status = LocalResource::new(api::onestop_status);
    move || match status.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! {
            <PageHeading text=CONSENT_TERMS_HEADING/>
            <p class="status-error" role="alert">{e.detail}</p>
            <p><a href="/license/onestop">"基本情報の自動変更へ"</a></p>
        }
        .into_any(),
        Some(Ok(s)) if !s.can_start => view! {
            <PageHeading text=HUB/>
            <h2 class="onestop-sub">"住所変更ワンストップサービス等"</h2>
            <NotEligible/>
            <Explanation/>
            <p><a href="/license/onestop">"基本情報の自動変更へ"</a></p>
        }
        .into_any(),
        Some(Ok(_)) => view! { <Agree flow=flow/> }.into_any(),
    }
}

#[component]
fn Agree(flow: OnestopFlow) -> impl IntoView {
    let navigate = use_navigate();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let to_hub = {
        let navigate = navigate.clone();
        Callback::new(move |_| navigate("/license/onestop", Default::default()))
    };
    let agree = Callback::new(move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::onestop_agree(flow).await {
                Ok(()) => navigate(items_step(flow), Default::default()),
                Err(e) => {
                    error.set(Some(e.detail));
                    pending.set(false);
                }
            }
        });
    });
    view! {
        <FlowLabel text=label(flow)/>
        <PageHeading text=CONSENT_TERMS_HEADING step=step(flow, FlowScreen::Terms)/>
        <FlashNotice/>
        <p>"内容を最後まで読み、同意するときは下のチェックボックスを選んでから「同意する」を押してください。"</p>
        <TermsGate name="onestop" title="利用規約" on_agree=agree on_cancel=to_hub pending=pending/>
        <div class="form-error" role="alert">{move || error.get().map(|e| view! { <p class="status-error">{e}</p> })}</div>
        <HelpLinks/>
    }
}
