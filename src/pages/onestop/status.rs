//! 「住所変更ワンストップサービス等利用同意状況照会」 (manual 3章③ 3-2): 住所・氏名・生年月日
//! 同意済/未同意, 同意日, 有効期限, the caution about an expired signing certificate, 「OK」.
//! Open to all four linked holding statuses.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::flows::HelpLinks;
use super::parts::{ConsentDates, ConsentTable, FlowLabel};
use super::LinkedOnly;
use crate::api;
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;

const HEADING: &str = "住所変更ワンストップサービス等利用同意状況照会";

#[component]
pub fn OnestopStatusPage() -> impl IntoView {
    view! {
        <LinkedOnly current="同意状況の確認" next="/license/onestop/status" heading=HEADING>
            <StatusView/>
        </LinkedOnly>
    }
}

#[component]
fn StatusView() -> impl IntoView {
    let status = LocalResource::new(api::onestop_status);
    // The caution and 「OK」 arrive with the table, not before it: content loading above
    // them would push them down while the person reads (layout shift).
    view! {
        <FlowLabel text="住所変更ワンストップサービス等 利用同意状況照会"/>
        <PageHeading text=HEADING step=crate::components::step::of(routes::PageId::OnestopStatus)/>
        {move || match status.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => view! {
                <p class="status-error" role="alert">{e.detail}</p>
                <OkButton/>
            }
            .into_any(),
            Some(Ok(s)) => view! {
                <p>"内容を確認したら「OK」を押してください。"</p>
                <ConsentTable items=s.items caption="同意状況"/>
                <ConsentDates status=s/>
                <section class="notice" aria-labelledby="onestop-caution">
                    <h2 id="onestop-caution">"※ 注意事項"</h2>
                    <p>"同意の有効期間内であっても、署名用電子証明書が有効期間の満了で失効した後に住所・氏名・生年月日が変わったときは、自動では変更されません。その場合は運転免許センター等で届け出てください。"</p>
                </section>
                <OkButton/>
                <HelpLinks/>
            }
            .into_any(),
        }}
    }
}

/// 「OK」: back to the hub.
#[component]
fn OkButton() -> impl IntoView {
    let navigate = use_navigate();
    let ok = move |_| navigate("/license/onestop", Default::default());
    view! {
        <div class="button-row">
            <button type="button" class="button button--primary" on:click=ok>"OK"</button>
        </div>
    }
}
