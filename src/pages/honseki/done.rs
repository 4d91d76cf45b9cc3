//! Step 13 「申請完了」: the application is in (受付済); its result comes as a notice.
//! 「手続き状況を確認する」 opens the application. A reload shows the same screen (the
//! newest 本籍 application, from the server).

use domain::applications::ApplicationSummary;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::frame::{NotLinked, STEP_TRAIL};
use super::{use_honseki_flow, FIRST_STEP, START};
use crate::api;
use crate::components::accepted_status::AcceptedStatus;
use crate::components::completion::Completion;
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;
use crate::components::session_gate::SessionGate;

const HEADING: &str = "申請完了";
const NONE_YET: &str = "本籍のオンライン変更の申請はまだ受け付けていません。はじめから手続きしてください。";

#[component]
pub fn HonsekiDonePage() -> impl IntoView {
    view! {
        <SessionGate trail=STEP_TRAIL current=HEADING next="/license/honseki/done" linked=true
            otherwise=|| view! { <NotLinked heading=HEADING/> }>
            <Loaded/>
        </SessionGate>
    }
}

#[component]
fn Loaded() -> impl IntoView {
    let status = LocalResource::new(api::honseki_status);
    let navigate = use_navigate();
    let flow = use_honseki_flow();
    // Opened without an application (a deep link): to the start, saying so.
    Effect::new(move |_| {
        if let Some(Ok(s)) = status.get() {
            if s.latest.is_none() {
                flow.notice.set(Some(NONE_YET));
                navigate(FIRST_STEP, NavigateOptions { replace: true, ..Default::default() });
            }
        }
    });
    move || match status.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! {
            <PageHeading text=HEADING/>
            <p class="status-error" role="alert">{e.detail}</p>
        }
        .into_any(),
        Some(Ok(s)) => s.latest.map(|a| view! { <Done application=a/> }.into_any()).unwrap_or_else(|| ().into_any()),
    }
}

#[component]
fn Done(application: ApplicationSummary) -> impl IntoView {
    let href = format!("/applications/{}", application.id);
    view! {
        <PageHeading text=HEADING step=crate::components::step::of(routes::PageId::HonsekiDone)/>
        <Completion title="本籍のオンライン変更の申請を受け付けました" receipt_no=application.receipt_no.clone()>
            <AcceptedStatus application=application.clone()/>
            <p>"申請の結果は、マイナポータルのお知らせでお届けします。変更が済むと、運転免許の本籍が新しい本籍になります。"</p>
        </Completion>
        <div class="button-row">
            <a class="button button--primary" href=href>"手続き状況を確認する"</a>
            <a class="button button--secondary" href=START>"運転免許ページへ"</a>
        </div>
    }
}
