//! Step 2 「オンライン講習の受講」 on the portal: the notice that the centre visit remains,
//! 「オンライン講習とは」, 「受講の流れ」 with 「オンライン講習の流れについて」, 「受講する」 and
//! 「運転免許ページへ」. Not open to the person: 「受講不可」 and why. Done: that it is, and
//! that the centre visit remains.

use domain::lecture::LectureStatus;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;
use crate::components::session_gate::SessionGate;

const TITLE: &str = "オンライン講習の受講";
const TRAIL: &[(&str, &str)] = &[("ホーム", "/"), ("運転免許", "/license")];

#[component]
pub fn LecturePortalPage() -> impl IntoView {
    view! {
        <SessionGate trail=TRAIL current=TITLE next="/license/lecture" linked=true otherwise=NotLinked>
            <Loaded/>
        </SessionGate>
    }
}

#[component]
fn NotLinked() -> impl IntoView {
    view! {
        <PageHeading text=TITLE/>
        <p role="alert">"マイナ免許証と連携していないため、オンライン講習は利用できません。運転免許ページから連携してください。"</p>
        <p><a href="/license">"運転免許ページへ"</a></p>
    }
}

#[component]
fn Loaded() -> impl IntoView {
    let status = LocalResource::new(api::lecture_status);
    move || match status.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! {
            <PageHeading text=TITLE/>
            <p class="status-error" role="alert">{e.detail}</p>
        }
        .into_any(),
        Some(Ok(s)) => view! { <Portal status=s/> }.into_any(),
    }
}

#[component]
fn Portal(status: LectureStatus) -> impl IntoView {
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let attend = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::lecture_ticket().await {
                Ok(t) => navigate(&t.url, Default::default()),
                Err(e) => {
                    error.set(Some(e.detail));
                    busy.set(false);
                }
            }
        });
    };
    let state = match (&status.completed_on, status.class, &status.refusal_message) {
        (Some(on), _, _) => view! {
            <section class="panel panel--success" aria-labelledby="lecture-done">
                <h2 id="lecture-done">"受講済み"</h2>
                <p>{format!("{}にオンライン講習の受講を完了しました。", domain::dates::western(*on))}</p>
                <p>"免許の更新手続きは、有効期間の末日までに運転免許センター等で行ってください。"</p>
            </section>
        }
        .into_any(),
        (None, Some(class), _) => {
            let progress = (status.chapters_done > 0).then(|| {
                format!(
                    "全{}章のうち{}章まで受講済みです。「受講する」から続きを受講できます。",
                    status.chapters, status.chapters_done
                )
            });
            view! {
                <p>{format!("講習区分：{}", class.label())}</p>
                {progress.map(|p| view! { <p>{p}</p> })}
                <div class="form-error" role="alert">{move || error.get().map(|e| view! { <p class="status-error">{e}</p> })}</div>
                <div class="button-row">
                    <button type="button" class="button button--primary" on:click=attend
                        aria-disabled=move || busy.get().then_some("true")>"受講する"</button>
                    <a class="button button--secondary" href="/license">"運転免許ページへ"</a>
                </div>
            }
            .into_any()
        }
        (None, None, message) => view! {
            <section class="notice notice--warning" aria-labelledby="lecture-unavailable">
                <h2 id="lecture-unavailable">"受講不可"</h2>
                <p>{message.clone().unwrap_or_default()}</p>
            </section>
            <div class="button-row"><a class="button button--secondary" href="/license">"運転免許ページへ"</a></div>
        }
        .into_any(),
    };
    view! {
        <PageHeading text=TITLE/>
        <p class="notice" role="note">"受講後は、運転免許センター等で更新手続きが必要です"</p>
        <section aria-labelledby="lecture-about">
            <h2 id="lecture-about">"オンライン講習とは"</h2>
            <p>"免許を更新するときに受ける更新時講習を、スマートフォンやパソコンで受講できます。事前に受講しておくと、運転免許センター等での更新手続きの時間が短くなります。"</p>
        </section>
        <section aria-labelledby="lecture-flow">
            <h2 id="lecture-flow">"受講の流れ"</h2>
            <p>"受講する前に、講習の進め方を確認してください。"</p>
            <p><a href="/license/lecture/flow">"オンライン講習の流れについて"</a></p>
        </section>
        {state}
    }
}
