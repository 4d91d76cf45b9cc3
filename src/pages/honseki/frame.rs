//! The frame every step of the 本籍 change shares: the session and link check, the flow's
//! state from the server, and what a step needs of the earlier ones — missing, the person
//! goes back to where it is given, with the reason; and the buttons 「中断する」 and 「戻る」.

use domain::honseki::HonsekiStatus;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::{use_honseki_flow, FIRST_STEP, START, TITLE};
use crate::api;
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;
use crate::components::session_gate::SessionGate;

/// The licence side's breadcrumbs (steps 2 and 8–13).
pub(super) const TRAIL: &[(&str, &str)] = &[("ホーム", "/"), ("運転免許", "/license")];
pub(super) const STEP_TRAIL: &[(&str, &str)] = &[("ホーム", "/"), ("運転免許", "/license"), (TITLE, FIRST_STEP)];
/// The koseki side's (steps 3–7), as the manual shows it.
pub(super) const KOSEKI_TRAIL: &[(&str, &str)] = &[("トップ", "/"), ("戸籍", FIRST_STEP)];

const RESTARTED: &str = "ページが再読み込みされたか時間がたったため、ここまでの手続きの内容を確認できませんでした。お手数ですが、はじめから手続きしてください。";
const READ_AGAIN: &str = "本人情報の確認が済んでいないか、時間がたったため無効になりました。もう一度マイナンバーカードを読み取ってください。";
const AGREE_AGAIN: &str = "確認事項への同意を確認できませんでした。内容を確認して、もう一度同意してください。";

/// What a step needs of the steps before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Needs {
    /// Steps 3–6: nothing yet; with 戸籍連携履歴 they are skipped (on to step 8).
    KosekiSide,
    /// Step 7: the card's 本人情報.
    Identity,
    /// Steps 8–9: the 本人情報, or 戸籍連携履歴.
    Koseki,
    /// Steps 10–12: the agreement of step 9.
    Agreement,
}

/// Where a step that lacks what it needs sends the person, and what it tells them.
pub(super) fn redirect(needs: Needs, s: &HonsekiStatus) -> Option<(&'static str, Option<&'static str>)> {
    if !s.eligible {
        return Some((FIRST_STEP, None));
    }
    if s.pending {
        // The application is in: its completion screen, never a second one.
        return Some(("/license/honseki/done", None));
    }
    match needs {
        Needs::KosekiSide if s.koseki_history => Some(("/license/honseki/confirm", None)),
        Needs::Identity if s.identity.is_none() => Some(("/license/honseki/identity", Some(READ_AGAIN))),
        Needs::Koseki | Needs::Agreement if !s.koseki_history && s.identity.is_none() => {
            Some((FIRST_STEP, Some(RESTARTED)))
        }
        Needs::Agreement if !s.agreed => Some(("/license/honseki/agreement", Some(AGREE_AGAIN))),
        _ => None,
    }
}

/// A step of the flow: shown with the flow's state once the step may show, otherwise the
/// person goes where [`redirect`] says.
#[component]
pub(super) fn StepGate<F, V>(needs: Needs, next: &'static str, heading: &'static str, children: F) -> impl IntoView
where
    F: Fn(HonsekiStatus) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let children = StoredValue::new(children);
    view! {
        <SessionGate next=next linked=true otherwise=move || view! { <NotLinked heading=heading/> }>
            <StepBody needs=needs render=move |s| children.with_value(|c| c(s)).into_any()/>
        </SessionGate>
    }
}

#[component]
fn StepBody(needs: Needs, #[prop(into)] render: Callback<HonsekiStatus, AnyView>) -> impl IntoView {
    let status = LocalResource::new(api::honseki_status);
    let navigate = use_navigate();
    let flow = use_honseki_flow();
    Effect::new(move |_| {
        if let Some(Ok(s)) = status.get() {
            if let Some((to, why)) = redirect(needs, &s) {
                flow.notice.set(why);
                navigate(to, NavigateOptions { replace: true, ..Default::default() });
            }
        }
    });
    move || match status.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! {
            <PageHeading text=TITLE/>
            <p class="status-error" role="alert">{e.detail}</p>
            <p><a href=START>"運転免許ページへ"</a></p>
        }
        .into_any(),
        Some(Ok(s)) if redirect(needs, &s).is_some() => ().into_any(),
        Some(Ok(s)) => render.run(s),
    }
}

/// The message a restart left for the step it landed on, once.
#[component]
pub(super) fn RestartNotice() -> impl IntoView {
    let flow = use_honseki_flow();
    let text = flow.notice.get_untracked();
    flow.notice.set(None);
    text.map(|t| view! { <p class="notice" role="alert">{t}</p> })
}

#[component]
pub(super) fn NotLinked(heading: &'static str) -> impl IntoView {
    view! {
        <PageHeading text=heading/>
        <p role="alert">"マイナ免許証と連携していないため、この手続きは利用できません。運転免許ページから連携してください。"</p>
        <p><a href=START>"運転免許ページへ"</a></p>
    }
}

/// The koseki side's header line (steps 3–7: 「マイナポータル 戸籍情報」) and breadcrumbs.
#[component]
pub(super) fn KosekiSide(current: &'static str) -> impl IntoView {
    view! {
        <p class="service-bar"><span class="service-bar__portal">"マイナポータル"</span>" "<span>"戸籍情報"</span></p>
        <Breadcrumbs trail=KOSEKI_TRAIL current=current/>
    }
}

/// 「中断する」: the server forgets the steps, and the person is back where the flow began.
#[component]
pub(super) fn Interrupt() -> impl IntoView {
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let interrupt = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            // Forgetting is best effort: the state expires by itself.
            let _ = api::honseki_forget().await;
            navigate(START, Default::default());
        });
    };
    view! { <button type="button" class="button button--secondary" on:click=interrupt>"中断する"</button> }
}

/// 「戻る」: to the step before (`to`), whatever the browser's history holds.
#[component]
pub(super) fn Back(to: &'static str) -> impl IntoView {
    let navigate = use_navigate();
    view! { <button type="button" class="button button--secondary" on:click=move |_| navigate(to, Default::default())>"戻る"</button> }
}
