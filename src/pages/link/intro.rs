//! Step 2 「マイナ免許証との連携」: the status 未連携, what linking enables, the
//! pre-procedures, 「一体化の手続きについて」 and 「連携」. People whose holding status does
//! not allow linking see why (and no 「連携」); linked people see that they are.

use domain::api::SessionInfo;
use domain::eligibility::{allows, Service};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{cancel, use_link_flow, AlreadyLinked, LinkFlow, INTRO_TRAIL};
use crate::components::page_heading::PageHeading;
use crate::components::require_session::RequireSession;
use crate::components::session_gate::SessionGate;

const HEADING: &str = "マイナ免許証との連携";
const INTEGRATION_HELP: &str = "/license/link/help/integration";

#[component]
pub fn LinkIntroPage() -> impl IntoView {
    let flow = use_link_flow();
    view! {
        <SessionGate trail=INTRO_TRAIL current=HEADING next="/license/link" linked=false otherwise=AlreadyLinked>
            <RequireSession next="/license/link" children=move |session: SessionInfo| {
                if allows(session.status, Service::LinkAndView) {
                    view! { <Intro flow=flow/> }.into_any()
                } else {
                    view! { <CannotLink status=session.status/> }.into_any()
                }
            }/>
        </SessionGate>
    }
}

#[component]
fn Benefits() -> impl IntoView {
    view! {
        <p>"マイナポータルとマイナ免許証を連携すると、マイナポータルから「マイナ免許証」に関わるサービスを利用できるようになります。"</p>
        <section aria-labelledby="link-benefits">
            <h2 id="link-benefits">"連携によってできること"</h2>
            <ul class="link-benefits">
                <li>"免許を更新するときのオンライン講習を、マイナポータルから受講できます。"</li>
                <li>"本籍のオンライン変更の申請や、住所・氏名・生年月日の変更を自動で反映する「住所変更ワンストップサービス等」を利用できます。"</li>
                <li>"マイナポータルで、ご自身の免許情報（運転経歴情報）をいつでも確認できます。"</li>
            </ul>
        </section>
    }
}

#[component]
fn PreProcedures() -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="link-before">
            <h2 id="link-before">"連携の前に必要な手続き"</h2>
            <p>"連携するには、あらかじめ運転免許センター等で次の手続を済ませておく必要があります。"</p>
            <ul>
                <li>"マイナンバーカードと運転免許証の一体化"</li>
                <li>"署名用電子証明書の提出"</li>
            </ul>
            <p><a href=INTEGRATION_HELP>"一体化の手続きについて"</a></p>
        </section>
    }
}

#[component]
fn Intro(flow: LinkFlow) -> impl IntoView {
    let navigate = use_navigate();
    let cancel = cancel();
    let start = move |_| {
        flow.clear();
        flow.restart_notice.set(None);
        navigate("/license/link/consent", Default::default());
    };
    view! {
        <PageHeading text=HEADING step=crate::components::step::of(routes::PageId::LinkIntro)/>
        {move || flow.restart_notice.get().map(|t| view! {
            <p class="notice" role="status">{t}</p>
        })}
        <p class="link-state">"連携状況："<span class="badge">"未連携"</span></p>
        <Benefits/>
        <PreProcedures/>
        <div class="button-row">
            <button type="button" class="button button--primary" on:click=start>"連携"</button>
            <button type="button" class="button button--secondary" on:click=move |_| cancel()>"キャンセル"</button>
        </div>
        <p><a href="/connections">"外部サイトとの連携トップへ"</a></p>
    }
}

/// 運転免許証のみ / 運転経歴証明書のみ: why not, and what to do.
#[component]
fn CannotLink(status: domain::HoldingStatus) -> impl IntoView {
    let status_label = status.label();
    // 運転経歴証明書のみ: the card to integrate is the 運転経歴証明書, and it makes a マイナ経歴証明書.
    let (card, myna) = status.to_integrate();
    view! {
        <PageHeading text=HEADING/>
        <p class="link-state">"連携状況："<span class="badge">"未連携"</span></p>
        <section class="notice notice--warning" aria-labelledby="link-cannot">
            <h2 id="link-cannot">"現在の保有状況では連携できません"</h2>
            <p>{format!("保有状況が「{status_label}」のため、マイナポータルとマイナ免許証を連携できません。")}</p>
            <p>{format!("連携するには、運転免許センター等で、マイナンバーカードと{card}の一体化（{myna}の取得）と署名用電子証明書の提出を行ってください。手続の後、もう一度このページから連携できます。")}</p>
            <p><a href=INTEGRATION_HELP>"一体化の手続きについて"</a></p>
        </section>
        <Benefits/>
        <p><a class="button button--secondary" href=super::START>"運転免許ページへ"</a></p>
    }
}
