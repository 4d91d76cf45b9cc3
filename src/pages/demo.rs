//! `/demo` — controls for reviewers and tests: pick a person, reset, set the clock, run the worker.
//! Demo mode only: elsewhere the API answers 404 and this page says so.

use chrono::{DateTime, FixedOffset};
use domain::api::DemoClock;
use domain::dates::{datetime_local, from_datetime_local, western_date_time};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::demo_card::CardRemovalForm;
use crate::api;
use crate::components::bell::UnreadNotices;
use crate::components::page_heading::PageHeading;
use crate::components::status::{LiveStatus, StatusText};
use crate::pages::onestop::JlisChangeForm;

fn clock_text(t: &DateTime<FixedOffset>) -> String {
    western_date_time(t.to_utc())
}

#[component]
pub fn DemoPage() -> impl IntoView {
    let people = LocalResource::new(api::demo_people);
    let clock = RwSignal::new(None::<DateTime<FixedOffset>>);
    let input = RwSignal::new(String::new());
    let (status, set_status) = signal(None::<StatusText>);
    let unread = use_context::<UnreadNotices>();
    let say = move |r: Result<String, api::ApiError>| {
        // Reset, the clock and the worker all change the notices: update the bell too.
        if let Some(u) = unread {
            u.refresh();
        }
        set_status.set(Some(match r {
            Ok(s) => StatusText::Success(s),
            Err(e) => StatusText::Error(e.detail),
        }))
    };
    let load_clock = move || {
        spawn_local(async move {
            if let Ok(c) = api::demo_clock().await {
                input.set(datetime_local(c.now));
                clock.set(Some(c.now));
            }
        })
    };
    load_clock();

    let navigate = use_navigate();
    let pick = move |id: String| {
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::demo_login(&id).await {
                Ok(_) => navigate("/license", Default::default()),
                Err(e) => say(Err(e)),
            }
        });
    };
    let reset = move |_| {
        spawn_local(async move {
            let r = api::demo_reset().await;
            people.refetch();
            load_clock();
            say(r.map(|_| "デモデータを初期化しました。ログインし直してください。".to_string()));
        })
    };
    let set_clock = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(now) = from_datetime_local(&input.get_untracked()) else {
            say(Err(api::ApiError {
                status: 0,
                code: "invalid".into(),
                detail: "日時を正しく入力してください。".into(),
            }));
            return;
        };
        spawn_local(async move {
            let r = api::demo_set_clock(&DemoClock { now }).await.map(|c| {
                clock.set(Some(c.now));
                format!("デモ時計を{}に設定しました。", clock_text(&c.now))
            });
            say(r);
        })
    };
    let process = move |_| {
        spawn_local(async move {
            let r = api::demo_process().await;
            say(r.map(|rep| format!("申請を処理しました（{}件）。", rep.processed)));
        })
    };

    // The sections appear together once the people list is in: a list growing from one
    // line to ten above them would push them down while the page is read (layout shift).
    // Later reloads (after a reset) keep the sections up.
    let ready = Memo::new(move |was: Option<&bool>| was == Some(&true) || people.get().is_some());
    view! {
        <PageHeading text="デモ操作"/>
        <p class="lead">"デモ用の利用者・時計・申請処理を操作します。本番環境にはない画面です。"</p>
        <LiveStatus text=status/>
        {move || if ready.get() {
            let pick = pick.clone();
            view! {
        <section class="panel" aria-labelledby="demo-people">
            <h2 id="demo-people">"利用者を選ぶ"</h2>
            <p>"選んだ利用者でログインし、運転免許ページを開きます。"</p>
            {move || match people.get() {
                None => view! { <p>"読み込み中…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="status-error">{e.detail}</p> }.into_any(),
                Some(Ok(list)) => {
                    let pick = pick.clone();
                    view! {
                        <ul class="person-list">
                            {list.into_iter().map(|p| {
                                let pick = pick.clone();
                                let id = p.id.clone();
                                let meta = format!("{}・{}", p.status.label(), if p.linked { "連携済" } else { "未連携" });
                                view! {
                                    <li class="person-list__item">
                                        <button type="button" class="button button--secondary" on:click=move |_| pick(id.clone())>{p.name}</button>
                                        <span class="person-list__meta">{meta}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
        <section class="panel" aria-labelledby="demo-clock">
            <h2 id="demo-clock">"時計の設定"</h2>
            <p>"現在のデモ時刻：" {move || clock.get().map(|c| clock_text(&c)).unwrap_or_else(|| "取得中…".into())}</p>
            <form class="inline-form" on:submit=set_clock>
                <label for="demo-clock-input">"デモ時計"</label>
                <input id="demo-clock-input" type="datetime-local" required
                    prop:value=move || input.get()
                    on:input=move |ev| input.set(event_target_value(&ev))/>
                <button type="submit" class="button button--primary">"時計を設定"</button>
            </form>
        </section>
        <section class="panel" aria-labelledby="demo-data">
            <h2 id="demo-data">"デモデータ"</h2>
            <p>"利用者・カード・時計を初期状態に戻します。"</p>
            <button type="button" class="button button--secondary" on:click=reset>"デモデータを初期化"</button>
        </section>
        <section class="panel" aria-labelledby="demo-worker">
            <h2 id="demo-worker">"申請の処理"</h2>
            <p>"受け付けた申請をすぐに処理します。"</p>
            <button type="button" class="button button--secondary" on:click=process>"申請を処理する"</button>
        </section>
        {move || people.get().and_then(Result::ok).map(|list| view! {
            <CardRemovalForm people=list.clone() report=Callback::new(say)/>
            <JlisChangeForm people=list report=Callback::new(say)/>
        })}
            }
            .into_any()
        } else {
            // Not a second status region: the page's one is LiveStatus above.
            view! { <p class="loading">"読み込み中…"</p> }.into_any()
        }}
    }
}
